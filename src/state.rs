//! Application state shared by every request, and what each request carries.
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::broadcast;

use crate::{
    audit::AuditRecord,
    auth::{Authn, Viewer, rate_limit::LoginLimits, sessions::SessionEpochs, tokens::JwtKeys},
    clock::SharedClock,
    config::Config,
    metrics::Metrics,
};

pub struct Inner {
    pub config: Config,
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    pub keys: JwtKeys,
    pub login_limits: LoginLimits,
    /// Raised session epochs: tokens issued before them are refused.
    pub sessions: SessionEpochs,
    /// Whether this process hears other processes' events (always true on SQLite).
    pub listening: std::sync::atomic::AtomicBool,
    pub metrics: Metrics,
    /// Committed audit events, for live subscribers.
    pub audit_events: broadcast::Sender<AuditRecord>,
    /// Committed pipeline events, for live subscribers (fed by `NOTIFY` on PostgreSQL).
    pub events: broadcast::Sender<Arc<crate::events::Event>>,
    /// Progress of member imports running in this process.
    pub imports: crate::members::import::Registry,
    /// The areas whose records are approved through the approval engine.
    pub approval_subjects: crate::approvals::Subjects,
}

/// Every area approved through the engine, by the request kinds it answers.
pub fn approval_subjects() -> crate::approvals::Subjects {
    crate::approvals::Subjects::new(vec![
        Box::new(crate::proposals::service::ProposalApproval),
        Box::new(crate::installs::service::NumberApproval),
        Box::new(crate::contracts::service::ContractReview),
        Box::new(crate::billing::service::AdjustmentApproval),
    ])
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// A handle on the state that does not keep it alive (for background tasks).
pub type WeakState = std::sync::Weak<Inner>;

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config, db: DatabaseConnection, clock: SharedClock, metrics: Metrics) -> Self {
        let keys = JwtKeys::new(&config.jwt_secret, &config.jwt_previous_secrets);
        let login_limits =
            LoginLimits::new(config.login_max_failures_per_user, config.login_max_attempts_per_ip, config.login_window);
        let (audit_events, _) = broadcast::channel(256);
        let (events, _) = broadcast::channel(256);
        Self(Arc::new(Inner {
            config,
            db,
            clock,
            keys,
            login_limits,
            sessions: SessionEpochs::default(),
            listening: std::sync::atomic::AtomicBool::new(false),
            metrics,
            audit_events,
            events,
            imports: Default::default(),
            approval_subjects: approval_subjects(),
        }))
    }

    pub fn downgrade(&self) -> WeakState {
        Arc::downgrade(&self.0)
    }

    pub fn upgrade(weak: &WeakState) -> Option<Self> {
        weak.upgrade().map(Self)
    }

    /// Whether this process hears other processes' events and session changes.
    pub fn is_listening(&self) -> bool {
        self.listening.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}

/// The UI language of a request (from `Accept-Language`); zh-CN unless English is asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        match header {
            Some(h) if h.trim_start().to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn pick<'a>(self, msg: &'a crate::error::Msg) -> &'a str {
        match self {
            Lang::Zh => &msg.zh,
            Lang::En => &msg.en,
        }
    }
}

/// What the transport learned about a request.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    pub authn: Authn,
    pub request_id: Option<String>,
    pub client_ip: String,
    pub lang: Lang,
}

impl RequestMeta {
    pub fn for_viewer(viewer: Option<Viewer>) -> Self {
        Self {
            authn: viewer.map_or(Authn::Anonymous, Authn::Viewer),
            request_id: None,
            client_ip: "local".into(),
            lang: Lang::Zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::approvals::RequestKind;

    #[test]
    fn every_request_kind_has_exactly_one_subject() {
        let subjects = super::approval_subjects();
        for kind in RequestKind::ALL {
            assert_eq!(subjects.count(*kind), 1, "{}", kind.as_str());
        }
    }
}
