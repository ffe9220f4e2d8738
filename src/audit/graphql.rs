//! Reading the audit trail (admins only), page by page or live.
use async_graphql::{Context, ID, InputObject, Json, Object, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tokio_stream::wrappers::BroadcastStream;

use super::AuditRecord;
use crate::{
    error::{AppError, AppResult},
    graphql::ContextExt,
    graphql::relay::{KeysetConnection, NodeKind, PageArgs, decode_global_id, keyset},
    users::graphql::User,
};
use entity::audit_event::{Column, Entity};

/// One recorded change (审计记录).
pub struct AuditEvent(pub AuditRecord);

/// One recorded change (审计记录).
#[Object]
impl AuditEvent {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::AuditEvent.id(self.0.id)
    }
    /// When the change was committed (UTC).
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// Who made the change; null for the system itself.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.actor_id {
            Some(id) => Ok(crate::graphql::loaders::load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User)),
            None => Ok(None),
        }
    }
    /// What was done, e.g. `user.create`, `auth.login`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// Kind of the changed object, e.g. `User`, `OrgUnit`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    /// Global id of the changed object, when it has one.
    async fn entity_id(&self) -> Option<ID> {
        let kind = NodeKind::of_entity_type(&self.0.entity_type)?;
        self.0.entity_id.map(|id| kind.id(id))
    }
    /// The object before the change (null when created).
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0.before.clone().map(Json)
    }
    /// The object after the change (null when removed).
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0.after.clone().map(Json)
    }
    /// Id of the HTTP request that made the change, for matching with logs.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

/// Which audit events to list.
#[derive(InputObject, Default)]
pub struct AuditEventFilter {
    /// Only events about objects of this kind (e.g. `User`).
    pub entity_type: Option<String>,
    /// Only events about this object (global id).
    pub entity_id: Option<ID>,
    /// Only events made by this user (global id).
    pub actor_id: Option<ID>,
}

fn require_admin(ctx: &Context<'_>) -> AppResult<()> {
    if ctx.viewer()?.is_admin() { Ok(()) } else { Err(AppError::forbidden()) }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit trail, newest first (admins only).
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<AuditEventFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<AuditEvent>> {
        require_admin(ctx)?;
        let filter = filter.unwrap_or_default();
        let mut select = Entity::find();
        if let Some(t) = filter.entity_type {
            select = select.filter(Column::EntityType.eq(t));
        }
        if let Some(id) = filter.entity_id {
            // An id that names nothing matches nothing.
            let (kind, raw) = decode_global_id(&id).unwrap_or((NodeKind::AuditEvent, -1));
            select = select.filter(Column::EntityType.eq(kind.name())).filter(Column::EntityId.eq(raw));
        }
        if let Some(id) = filter.actor_id {
            select = select.filter(Column::ActorId.eq(NodeKind::User.decode(&id).unwrap_or(-1)));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, AuditEvent).await?)
    }
}

#[derive(Default)]
pub struct AuditSubscription;

#[Subscription]
impl AuditSubscription {
    /// Audit events as they are committed (admins only).
    async fn audit_event_added(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = AuditEvent> + use<>> {
        require_admin(ctx)?;
        let rx = ctx.state().audit_events.subscribe();
        Ok(BroadcastStream::new(rx).filter_map(|r| async move { r.ok().map(AuditEvent) }))
    }
}
