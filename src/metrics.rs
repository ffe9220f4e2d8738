//! Prometheus metrics: requests and latency by operation, SQL statements executed.
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts, Registry, TextEncoder};

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    pub graphql_requests: IntCounterVec,
    pub graphql_duration: HistogramVec,
    pub http_requests: IntCounterVec,
    pub sql_statements: IntCounter,
    pub sql_errors: IntCounter,
    pub compiled_reads: IntCounter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let graphql_requests = IntCounterVec::new(
            Opts::new("graphql_requests_total", "GraphQL operations executed, by operation name and outcome"),
            &["operation", "outcome"],
        )
        .expect("valid metric");
        let graphql_duration = HistogramVec::new(
            HistogramOpts::new("graphql_request_duration_seconds", "GraphQL operation latency, by operation name")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["operation"],
        )
        .expect("valid metric");
        let http_requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests, by route and status"),
            &["route", "status"],
        )
        .expect("valid metric");
        let sql_statements = IntCounter::new("sql_statements_total", "SQL statements executed against the database")
            .expect("valid metric");
        let sql_errors =
            IntCounter::new("sql_statement_errors_total", "SQL statements that failed").expect("valid metric");
        let compiled_reads = IntCounter::new(
            "graphql_compiled_reads_total",
            "Lists answered by a compiled read (columns by position, no per-field resolving)",
        )
        .expect("valid metric");
        for c in [
            Box::new(graphql_requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(graphql_duration.clone()),
            Box::new(http_requests.clone()),
            Box::new(sql_statements.clone()),
            Box::new(sql_errors.clone()),
            Box::new(compiled_reads.clone()),
        ] {
            registry.register(c).expect("metric registered once");
        }
        Self { registry, graphql_requests, graphql_duration, http_requests, sql_statements, sql_errors, compiled_reads }
    }

    /// Counts every statement the connection executes.
    pub fn instrument(&self, db: &mut sea_orm::DatabaseConnection) {
        let statements = self.sql_statements.clone();
        let errors = self.sql_errors.clone();
        db.set_metric_callback(move |info| {
            statements.inc();
            if info.failed {
                errors.inc();
            }
            tracing::trace!(duration_ms = info.elapsed.as_secs_f64() * 1000.0, failed = info.failed, "sql statement");
        });
    }

    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf).expect("text encoding");
        String::from_utf8(buf).unwrap_or_default()
    }

    /// A label safe to keep: the client's operation name when it looks like one.
    pub fn operation_label(name: Option<&str>) -> String {
        match name {
            Some(n) if !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                n.to_string()
            }
            Some(_) => "invalid".into(),
            None => "anonymous".into(),
        }
    }
}
