//! The HTTP layer: GraphQL over HTTP (POST and GET, content negotiation), GraphQL over
//! WebSocket, health, readiness, metrics, and the web app.
use std::{net::SocketAddr, time::Instant};

use async_graphql::{BatchRequest, BatchResponse, Executor, ParseRequestError, Value};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::{
    Extension, Router,
    body::Body,
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sea_orm::ConnectionTrait;
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    auth::Authn,
    graphql::{AppSchema, build_schema, prepare_request, request_data},
    metrics::Metrics,
    state::{AppState, Lang, RequestMeta},
};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const APPLICATION_JSON: &str = "application/json";
const REQUEST_ID: &str = "x-request-id";

#[derive(Clone)]
struct Http {
    state: AppState,
    schema: AppSchema,
}

pub fn router(state: AppState) -> Router {
    crate::events::spawn_listener(&state);
    let schema = build_schema(state.clone());
    let timeout = state.config.request_timeout;
    let limits = BodyLimits { json: state.config.body_limit_bytes, upload: state.config.upload_limit_bytes };
    let header_name = header::HeaderName::from_static(REQUEST_ID);
    Router::new()
        .route("/docs", get(docs))
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        // The app's files are gzipped for browsers that take it (the script is megabytes).
        .fallback(get(web_app).layer(tower_http::compression::CompressionLayer::new()))
        .with_state(Http { state, schema })
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(header_name.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<Body>| {
                    let request_id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request.id = %request_id)
                }))
                .layer(PropagateRequestIdLayer::new(header_name))
                .layer(axum::middleware::from_fn(security_headers))
                .layer(CatchPanicLayer::custom(|_| {
                    tracing::error!("request handler panicked");
                    json_response(StatusCode::INTERNAL_SERVER_ERROR, APPLICATION_JSON, &error_body("Internal server error", "INTERNAL_SERVER_ERROR"))
                }))
                .layer(axum::middleware::from_fn_with_state(limits, limit_body))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout)),
        )
}

#[derive(Clone, Copy)]
struct BodyLimits {
    json: usize,
    upload: usize,
}

/// Room for the multipart envelope (operations, map, part headers) around an uploaded file.
const MULTIPART_OVERHEAD: usize = 64 * 1024;

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"))
}

/// Caps request bodies: the JSON limit for ordinary requests, the upload limit for
/// multipart uploads. A declared length over the cap is refused before reading; an
/// undeclared one is cut off at the cap (and answered 413 by the GraphQL handler).
async fn limit_body(
    State(limits): State<BodyLimits>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let limit = if is_multipart(req.headers()) { limits.upload + MULTIPART_OVERHEAD } else { limits.json };
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(limits, is_multipart(req.headers()));
    }
    next.run(req.map(|b| Body::new(http_body_util::Limited::new(b, limit)))).await
}

fn too_large(limits: BodyLimits, upload: bool) -> Response {
    let message = if upload {
        format!(
            "文件过大：上限 {} MB / File too large: the limit is {} MB",
            limits.upload / (1024 * 1024),
            limits.upload / (1024 * 1024)
        )
    } else {
        "Request body too large".to_string()
    };
    json_response(StatusCode::PAYLOAD_TOO_LARGE, APPLICATION_JSON, &error_body(&message, "BAD_USER_INPUT"))
}

fn error_body(message: &str, code: &str) -> serde_json::Value {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}

fn json_response(status: StatusCode, content_type: &'static str, body: &serde_json::Value) -> Response {
    bytes_response(status, content_type, serde_json::to_vec(body).unwrap_or_default())
}

fn bytes_response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// The media type to answer with, from `Accept`; `None` when nothing acceptable is offered.
fn negotiate(headers: &HeaderMap) -> Option<&'static str> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(APPLICATION_JSON);
    };
    let types: Vec<String> =
        accept.split(',').map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).collect();
    if types.iter().any(|t| t == GRAPHQL_RESPONSE_JSON) {
        Some(GRAPHQL_RESPONSE_JSON)
    } else if types.iter().any(|t| t == APPLICATION_JSON || t == "application/*" || t == "*/*") {
        Some(APPLICATION_JSON)
    } else {
        None
    }
}

fn request_meta(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> RequestMeta {
    let authn = match headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        None => Authn::Anonymous,
        Some(value) => match value.strip_prefix("Bearer ").map(str::trim) {
            Some(token) => match state.keys.verify_session(token, state.now()) {
                Ok((viewer, epoch)) if state.sessions.is_current(viewer.user_id, epoch) => Authn::Viewer(viewer),
                Ok((viewer, _)) => {
                    tracing::debug!(user.id = viewer.user_id, "access token from an ended session epoch refused");
                    Authn::Invalid
                }
                Err(reason) => {
                    tracing::debug!(%reason, "access token refused");
                    Authn::Invalid
                }
            },
            None => Authn::Invalid,
        },
    };
    RequestMeta {
        authn,
        request_id: headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(String::from),
        client_ip: peer.map_or_else(|| "unknown".to_string(), |p| p.ip().to_string()),
        lang: Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())),
    }
}

/// A request that failed before execution (syntax, validation, limits): data is null and
/// no error has a path.
fn is_request_error(resp: &async_graphql::Response) -> bool {
    resp.data == Value::Null && !resp.errors.is_empty() && resp.errors.iter().all(|e| e.path.is_empty())
}

/// Body parsing failures, answered as GraphQL errors.
struct BodyRejection(ParseRequestError);

impl From<ParseRequestError> for BodyRejection {
    fn from(e: ParseRequestError) -> Self {
        Self(e)
    }
}

impl IntoResponse for BodyRejection {
    fn into_response(self) -> Response {
        let (status, message) = match self.0 {
            ParseRequestError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large".to_string()),
            ParseRequestError::Io(e) if e.to_string().contains("length limit exceeded") => {
                (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large".to_string())
            }
            other => (StatusCode::BAD_REQUEST, format!("Malformed GraphQL request: {other}")),
        };
        json_response(status, APPLICATION_JSON, &error_body(&message, "BAD_USER_INPUT"))
    }
}

async fn execute(
    http: &Http,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    batch: BatchRequest,
) -> Response {
    let Some(media_type) = negotiate(headers) else {
        return json_response(
            StatusCode::NOT_ACCEPTABLE,
            APPLICATION_JSON,
            &error_body("Accept application/graphql-response+json or application/json", "BAD_USER_INPUT"),
        );
    };
    let requests = batch.iter().count();
    if requests > http.state.config.max_batch {
        return json_response(
            StatusCode::BAD_REQUEST,
            media_type,
            &error_body(&format!("At most {} operations per batch", http.state.config.max_batch), "TOO_COMPLEX"),
        );
    }
    // A document named by its hash is looked up first, so every check below sees its text.
    let lang = Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let trusted_only = http.state.config.trusted_documents && headers.contains_key(header::ORIGIN);
    let mut batch = batch;
    let refusal = match &mut batch {
        BatchRequest::Single(r) => http.schema.persisted().resolve(r, trusted_only).err(),
        BatchRequest::Batch(rs) => rs.iter_mut().find_map(|r| http.schema.persisted().resolve(r, trusted_only).err()),
    };
    if let Some(refusal) = refusal {
        let response = async_graphql::Response::from_errors(vec![refusal.into_error(lang)]);
        return respond(media_type, BatchResponse::Single(response));
    }
    if method == Method::GET {
        for r in batch.iter() {
            if is_mutation_or_subscription(&r.query, r.operation_name.as_deref()) {
                let mut resp = json_response(
                    StatusCode::METHOD_NOT_ALLOWED,
                    media_type,
                    &error_body("Mutations and subscriptions must use POST", "BAD_USER_INPUT"),
                );
                resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
                return resp;
            }
        }
    }
    let meta = request_meta(&http.state, headers, peer);
    let operation = Metrics::operation_label(batch.iter().next().and_then(|r| r.operation_name.as_deref()));
    let started = Instant::now();
    let batch = match batch {
        BatchRequest::Single(r) => BatchRequest::Single(prepare_request(r, &http.state, meta)),
        BatchRequest::Batch(rs) => {
            BatchRequest::Batch(rs.into_iter().map(|r| prepare_request(r, &http.state, meta.clone())).collect())
        }
    };
    let response = http.schema.execute_batch(batch).await;
    let elapsed = started.elapsed();
    let ok = response.is_ok();
    let m = &http.state.metrics;
    m.graphql_requests.with_label_values(&[operation.as_str(), if ok { "ok" } else { "error" }]).inc();
    m.graphql_duration.with_label_values(&[operation.as_str()]).observe(elapsed.as_secs_f64());
    tracing::info!(graphql.operation = %operation, duration_ms = elapsed.as_secs_f64() * 1000.0, ok, "graphql");
    respond(media_type, response)
}

/// The HTTP response for a GraphQL response: 400 for a request error under
/// `application/graphql-response+json` (GraphQL over HTTP), 200 otherwise.
fn respond(media_type: &'static str, response: BatchResponse) -> Response {
    let request_error = match &response {
        BatchResponse::Single(r) => is_request_error(r),
        BatchResponse::Batch(rs) => rs.iter().all(is_request_error),
    };
    let status =
        if media_type == GRAPHQL_RESPONSE_JSON && request_error { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let any_request_error = match &response {
        BatchResponse::Single(r) => is_request_error(r),
        BatchResponse::Batch(rs) => rs.iter().any(is_request_error),
    };
    if !any_request_error {
        // Written straight from the engine's value: no JSON tree is built on the way.
        return match serde_json::to_vec(&response) {
            Ok(bytes) => bytes_response(status, media_type, bytes),
            Err(_) => json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                media_type,
                &error_body("Internal server error", "INTERNAL_SERVER_ERROR"),
            ),
        };
    }
    let mut body = serde_json::to_value(&response)
        .unwrap_or_else(|_| error_body("Internal server error", "INTERNAL_SERVER_ERROR"));
    // A request that never began executing has no `data` entry at all (GraphQL over HTTP).
    match (&response, &mut body) {
        (BatchResponse::Single(r), serde_json::Value::Object(o)) if is_request_error(r) => {
            o.remove("data");
        }
        (BatchResponse::Batch(rs), serde_json::Value::Array(items)) => {
            for (r, item) in rs.iter().zip(items.iter_mut()) {
                if let (true, serde_json::Value::Object(o)) = (is_request_error(r), item) {
                    o.remove("data");
                }
            }
        }
        _ => {}
    }
    json_response(status, media_type, &body)
}

fn is_mutation_or_subscription(query: &str, operation_name: Option<&str>) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(doc) = async_graphql::parser::parse_query(query) else { return false };
    let op_type = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| op.node.ty),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
        _ => None,
    };
    matches!(op_type, Some(OperationType::Mutation | OperationType::Subscription))
}

async fn graphql_post(
    State(http): State<Http>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    req: axum::extract::Request,
) -> Response {
    use futures_util::TryStreamExt;
    let headers = req.headers().clone();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(String::from);
    if !content_type.as_deref().is_some_and(is_graphql_post_type) {
        return json_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            APPLICATION_JSON,
            &error_body(
                "POST a JSON body with Content-Type: application/json (or multipart/form-data for uploads)",
                "BAD_USER_INPUT",
            ),
        );
    }
    let upload = http.state.config.upload_limit_bytes;
    // Uploaded files go to temporary files, never whole into memory; one file per request.
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(upload)
        .max_num_files(crate::billing::evidence::MAX_FILES);
    let body = req.into_body().into_data_stream().map_err(std::io::Error::other).into_async_read();
    match async_graphql::http::receive_batch_body(content_type, body, options).await {
        Ok(batch) => execute(&http, &Method::POST, &headers, peer.map(|c| c.0.0), batch).await,
        Err(e) if is_multipart(&headers) && is_too_large(&e) => {
            too_large(BodyLimits { json: http.state.config.body_limit_bytes, upload }, true)
        }
        Err(e) => BodyRejection(e).into_response(),
    }
}

/// The media types a GraphQL POST may carry: JSON, or a multipart upload.
fn is_graphql_post_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == APPLICATION_JSON || essence == "multipart/form-data"
}

fn is_too_large(e: &ParseRequestError) -> bool {
    match e {
        ParseRequestError::PayloadTooLarge => true,
        other => other.to_string().contains("length limit exceeded"),
    }
}

async fn graphql_get(
    State(http): State<Http>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let wants_html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if uri.query().is_none_or(|q| q.is_empty()) {
        if wants_html && !http.state.config.is_production() {
            return crate::web::graphiql(&headers);
        }
        return json_response(
            StatusCode::BAD_REQUEST,
            APPLICATION_JSON,
            &error_body("Missing query", "BAD_USER_INPUT"),
        );
    }
    match async_graphql::http::parse_query_string(uri.query().unwrap_or_default()) {
        Ok(request) => execute(&http, &Method::GET, &headers, peer.map(|c| c.0.0), BatchRequest::Single(request)).await,
        Err(e) => json_response(
            StatusCode::BAD_REQUEST,
            APPLICATION_JSON,
            &error_body(&format!("Malformed query string: {e}"), "BAD_USER_INPUT"),
        ),
    }
}

/// GraphQL over WebSocket. The access token goes in `connection_init`'s payload as
/// `{"authorization": "Bearer …"}` (or `{"token": "…"}`); a bad token refuses the connection.
async fn graphql_ws(
    State(http): State<Http>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Http { state, schema } = http;
    let peer = peer.map(|c| c.0.0);
    upgrade.protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        GraphQLWebSocket::new(socket, schema, protocol)
            .on_connection_init(move |payload| async move {
                let token = payload
                    .get("authorization")
                    .or_else(|| payload.get("Authorization"))
                    .and_then(|v| v.as_str())
                    .map(|s| s.trim_start_matches("Bearer ").trim().to_string())
                    .or_else(|| payload.get("token").and_then(|v| v.as_str()).map(String::from));
                let mut h = headers;
                h.remove(header::AUTHORIZATION);
                if let Some(t) = &token {
                    let value = HeaderValue::from_str(&format!("Bearer {t}")).map_err(|_| "invalid token")?;
                    h.insert(header::AUTHORIZATION, value);
                }
                let meta = request_meta(&state, &h, peer);
                if !matches!(meta.authn, Authn::Viewer(_)) {
                    return Err("authentication required".into());
                }
                Ok(request_data(&state, meta))
            })
            .serve()
    })
}

/// Ready when the database answers within a second and, on PostgreSQL, this process hears
/// the others' events: a load balancer can take the process out at once when either fails.
async fn readyz(State(http): State<Http>) -> Response {
    let check = tokio::time::timeout(READY_TIMEOUT, http.state.db.execute_unprepared("SELECT 1")).await;
    match check {
        Ok(Ok(_)) if http.state.is_listening() => "ready".into_response(),
        Ok(Ok(_)) => (StatusCode::SERVICE_UNAVAILABLE, "live updates not connected").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
        Err(_) => {
            tracing::warn!("database did not answer the readiness check in time");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// Prometheus metrics. With `METRICS_TOKEN` set they need `Authorization: Bearer <token>`;
/// in production without one they are not served here at all (see `METRICS_ADDR`).
async fn metrics(State(http): State<Http>, headers: HeaderMap) -> Response {
    let config = &http.state.config;
    let allowed = match &config.metrics_token {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes())),
        None => !config.is_production(),
    };
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    render_metrics(&http.state)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn render_metrics(state: &AppState) -> Response {
    let mut resp = state.metrics.render().into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    resp
}

/// The metrics alone, for an internal address (`METRICS_ADDR`) that only the monitoring
/// network reaches.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(|State(state): State<AppState>| async move { render_metrics(&state) }))
        .with_state(state)
}

/// What browsers are told about every response: no sniffing, no framing, no referrer to
/// other sites, and scripts, styles and connections from this origin only. The app and
/// GraphiQL are served from here and load nothing from elsewhere; antd injects its styles
/// at run time, hence inline styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";

async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    resp
}

async fn web_app(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    crate::web::serve(&uri, &headers)
}

/// The API reference, outside production (where the schema is not published either: no
/// introspection there).
async fn docs(State(http): State<Http>, headers: HeaderMap) -> Response {
    if http.state.config.is_production() {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    crate::web::docs(&headers)
}
