//! Live events for the people concerned: "an approval is waiting on you" and "something of
//! yours changed". On PostgreSQL they travel by `NOTIFY` inside the changing transaction (so
//! only committed changes are told, to every server process); on SQLite, which has one
//! process, by an in-process channel after commit.
pub mod graphql;

use std::sync::{Arc, atomic::Ordering};

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement};
use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Actor, Change},
    error::AppResult,
    state::AppState,
};

const CHANNEL: &str = "gecrm_events";

/// What an event tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// A step of an approval request now waits on the recipients.
    ApprovalWaiting,
    /// A proposal, contract, installation job or approval request of the recipients changed.
    Changed,
    /// An urgent information report reached the recipients.
    UrgentReport,
    /// Live updates were interrupted, so some may have been missed: every subscriber should
    /// refetch what it shows. Addressed to everyone.
    Resync,
}

/// One event, addressed to users by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub topic: Topic,
    /// `Proposal`, `Contract`, `InstallationJob`, `ApprovalRequest`.
    pub entity_type: String,
    pub entity_id: i64,
    /// The audit action that caused it, e.g. `proposal.send`.
    pub action: String,
    /// The object's status after the change.
    pub status: String,
    pub recipients: Vec<i64>,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

impl Event {
    /// Tells every subscriber to refetch.
    pub fn resync() -> Self {
        Self::new(Topic::Resync, "User", 0, "events.resync", "", Vec::new())
    }

    pub fn changed(entity_type: &str, entity_id: i64, action: &str, status: &str, recipients: Vec<i64>) -> Self {
        Self::new(Topic::Changed, entity_type, entity_id, action, status, recipients)
    }

    pub fn new(
        topic: Topic,
        entity_type: &str,
        entity_id: i64,
        action: &str,
        status: &str,
        mut recipients: Vec<i64>,
    ) -> Self {
        recipients.sort_unstable();
        recipients.dedup();
        Self {
            topic,
            entity_type: entity_type.into(),
            entity_id,
            action: action.into(),
            status: status.into(),
            recipients,
            occurred_at: chrono::Utc::now(),
        }
    }
}

fn is_postgres(state: &AppState) -> bool {
    state.db.get_database_backend() == DbBackend::Postgres
}

/// Records the audit rows, queues the events with the transaction, commits, and tells live
/// subscribers: the end of every pipeline state change.
pub async fn commit(
    state: &AppState,
    txn: DatabaseTransaction,
    now: chrono::DateTime<chrono::Utc>,
    actor: &Actor,
    changes: Vec<Change<'_>>,
    mut events: Vec<Event>,
) -> AppResult<()> {
    // Events carry the time of the change by the injected clock.
    for e in &mut events {
        e.occurred_at = now;
    }
    let mut records = Vec::with_capacity(changes.len());
    for c in changes {
        records.push(audit::record(&txn, now, actor, c).await?);
    }
    let pg = is_postgres(state);
    if pg {
        for e in &events {
            let payload = serde_json::to_string(e).map_err(crate::error::AppError::internal)?;
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
    }
    txn.commit().await?;
    audit::publish(state, records);
    if !pg {
        for e in events {
            let _ = state.events.send(Arc::new(e));
        }
    }
    Ok(())
}

/// Starts hearing other server processes. On PostgreSQL a task listens for their events and
/// session notices, and keeps listening: a lost connection (restart, failover) is made again
/// with backoff, the session epochs are reloaded (notices may have been missed meanwhile),
/// and every subscriber is sent a `Resync` event so it refetches what it shows. While the
/// connection is down, `/readyz` answers 503. On SQLite (one process) there is nothing to hear.
pub fn spawn_listener(state: &AppState) {
    if !is_postgres(state) {
        state.listening.store(true, Ordering::Relaxed);
        return;
    }
    let weak = state.downgrade();
    let url = state.config.database_url.clone();
    tokio::spawn(async move {
        let mut backoff = BACKOFF_MIN;
        let mut connected_before = false;
        loop {
            let Some(state) = AppState::upgrade(&weak) else { return };
            match listen(&url).await {
                Ok(mut listener) => {
                    if let Err(e) = state.sessions.reload(&state.db).await {
                        tracing::warn!(error = ?e, "session epochs not reloaded");
                    }
                    state.listening.store(true, Ordering::Relaxed);
                    if connected_before {
                        tracing::info!("event listener reconnected");
                        let _ = state.events.send(Arc::new(Event::resync()));
                    }
                    connected_before = true;
                    backoff = BACKOFF_MIN;
                    drop(state);
                    hear(&weak, &mut listener).await;
                    if let Some(state) = AppState::upgrade(&weak) {
                        state.listening.store(false, Ordering::Relaxed);
                    }
                }
                Err(e) => {
                    state.listening.store(false, Ordering::Relaxed);
                    tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "event listener cannot connect");
                }
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(BACKOFF_MAX);
        }
    });
}

const BACKOFF_MIN: std::time::Duration = std::time::Duration::from_millis(100);
const BACKOFF_MAX: std::time::Duration = std::time::Duration::from_secs(5);

async fn listen(url: &str) -> Result<sea_orm::sqlx::postgres::PgListener, sea_orm::sqlx::Error> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect(url).await?;
    listener.listen_all([CHANNEL, crate::auth::sessions::CHANNEL]).await?;
    Ok(listener)
}

/// Hands notifications on until the connection is lost or the state is gone.
async fn hear(weak: &crate::state::WeakState, listener: &mut sea_orm::sqlx::postgres::PgListener) {
    loop {
        let n = match listener.try_recv().await {
            Ok(Some(n)) => n,
            Ok(None) => {
                tracing::warn!("event listener lost its connection");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "event listener stopped");
                return;
            }
        };
        let Some(state) = AppState::upgrade(weak) else { return };
        if n.channel() == crate::auth::sessions::CHANNEL {
            state.sessions.apply_notice(n.payload());
            continue;
        }
        match serde_json::from_str::<Event>(n.payload()) {
            Ok(e) => {
                let _ = state.events.send(Arc::new(e));
            }
            Err(e) => tracing::warn!(error = %e, "unreadable event"),
        }
    }
}

/// Active users holding `role` who may act on a step raised in `branch_id` and `department_id`:
/// a department head for the department, the branch manager for the branch, the general
/// manager for all (as `approvals::service::holds_step` decides for one viewer).
pub async fn holders_of<C: ConnectionTrait>(
    db: &C,
    role: crate::auth::Role,
    branch_id: i64,
    department_id: i64,
) -> AppResult<Vec<i64>> {
    use entity::app_user::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let mut q = Entity::find().select_only().column(Column::Id).filter(Column::Role.eq(role));
    q = q.filter(Column::Active.eq(true));
    match role {
        crate::auth::Role::GeneralManager => {}
        crate::auth::Role::DepartmentHead => q = q.filter(Column::DepartmentId.eq(department_id)),
        _ => q = q.filter(Column::BranchId.eq(branch_id)),
    }
    Ok(q.into_tuple::<i64>().all(db).await?)
}
