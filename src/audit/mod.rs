//! The audit trail: who changed what, when, before and after. Written in the same
//! transaction as the change it records; published to live subscribers after commit.
pub mod graphql;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value as Json;

use crate::{error::AppResult, state::AppState};
pub use entity::audit_event::Model as AuditRecord;

/// A row as the audit trail records it: every column, named as in the API (camelCase), derived
/// from the entity's `Serialize` so a column added to a table is audited without anyone
/// remembering to (rule 12). Secrets are left out on the entity itself
/// (`#[serde(skip_serializing)]`: a user's password hash, a refresh token's hash).
pub fn snapshot<M: serde::Serialize>(row: &M) -> Json {
    serde_json::to_value(row).unwrap_or(Json::Null)
}

/// Who acts, and in which request.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub request_id: Option<String>,
}

/// One change to record.
pub struct Change<'a> {
    /// Dotted verb, e.g. `user.create`, `org_unit.disable`.
    pub action: &'a str,
    /// Table-level name of the changed thing, e.g. `User`.
    pub entity_type: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<Json>,
    pub after: Option<Json>,
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    actor: &Actor,
    change: Change<'_>,
) -> AppResult<AuditRecord> {
    let row = entity::audit_event::ActiveModel {
        occurred_at: Set(now),
        actor_id: Set(actor.user_id),
        action: Set(change.action.to_string()),
        entity_type: Set(change.entity_type.to_string()),
        entity_id: Set(change.entity_id),
        before: Set(change.before),
        after: Set(change.after),
        request_id: Set(actor.request_id.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(
        audit.action = %row.action,
        audit.entity_type = %row.entity_type,
        audit.entity_id = ?row.entity_id,
        user.id = ?row.actor_id,
        "audit"
    );
    Ok(row)
}

/// Records several changes in `txn` (e.g. what a change set off elsewhere), for publishing after commit.
pub async fn record_all<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    actor: &Actor,
    changes: Vec<Change<'_>>,
) -> AppResult<Vec<AuditRecord>> {
    let mut out = Vec::with_capacity(changes.len());
    for c in changes {
        out.push(record(db, now, actor, c).await?);
    }
    Ok(out)
}

/// Records `change` in `txn`, commits, and tells live subscribers: the usual end of a change.
pub async fn commit(
    state: &AppState,
    txn: sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
    actor: &Actor,
    change: Change<'_>,
) -> AppResult<()> {
    let rec = record(&txn, now, actor, change).await?;
    txn.commit().await?;
    publish(state, [rec]);
    Ok(())
}

/// Tells live subscribers about committed changes.
pub fn publish(state: &AppState, records: impl IntoIterator<Item = AuditRecord>) {
    for r in records {
        // No subscriber is not an error.
        let _ = state.audit_events.send(r);
    }
}
