//! Tasks in the API: your open and closed tasks, and completing one.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{TaskKind, TaskStatus};
use crate::{
    error::{AppError, UserError},
    graphql::{
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    state::ContextExt,
};
use entity::task::{Column, Entity, Model};

/// Something the system asks you to do (待办).
pub struct Task(pub Model);

/// Something the system asks you to do (待办).
#[Object]
impl Task {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Task.id(self.0.id)
    }
    /// What it asks for.
    async fn kind(&self) -> async_graphql::Result<TaskKind> {
        Ok(TaskKind::stored(&self.0.kind)?)
    }
    /// Short description (zh-CN).
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// When it is due.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// Open, done or dismissed.
    async fn status(&self) -> async_graphql::Result<TaskStatus> {
        Ok(TaskStatus::stored(&self.0.status)?)
    }
    /// Global id of the object it is about (a proposal, a contract…).
    async fn subject_id(&self) -> ID {
        NodeKind::of_entity_type(&self.0.subject_type).map_or_else(|| ID(String::new()), |k| k.id(self.0.subject_id))
    }
    /// When closed.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> crate::error::AppResult<Option<Task>> {
    let viewer = ctx.viewer()?;
    Ok(load_by_id::<Entity>(ctx, id).await?.filter(|t| t.assignee_id == viewer.user_id).map(Task))
}

#[derive(Default)]
pub struct TaskQuery;

#[Object]
impl TaskQuery {
    /// Your tasks, soonest due first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn my_tasks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this status (default OPEN).")] status: Option<TaskStatus>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Task>> {
        let viewer = ctx.viewer()?;
        let select = Entity::find()
            .filter(Column::AssigneeId.eq(viewer.user_id))
            .filter(Column::Status.eq(status.unwrap_or(TaskStatus::Open).as_str()));
        Ok(keyset(&ctx.state().db, select, Column::Id, false, PageArgs { first, after, last, before }, Task).await?)
    }
}

/// A task done.
#[derive(InputObject)]
pub struct CompleteTaskInput {
    /// The task (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// What happened (e.g. the call's outcome).
    pub note: Option<String>,
}

/// Result of a task change.
#[derive(SimpleObject)]
pub struct TaskPayload {
    /// The task as changed; null when there are user errors.
    pub task: Option<Task>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct TaskMutation;

#[Object]
impl TaskMutation {
    /// Completes one of your tasks; a proposal follow-up schedules the next while the customer decides.
    async fn complete_task(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CompleteTaskInput,
    ) -> async_graphql::Result<TaskPayload> {
        let id = NodeKind::Task.decode(&input.id).ok_or_else(AppError::not_found)?;
        let r = crate::proposals::service::complete_task(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            input.note.as_deref(),
        )
        .await;
        let (m, user_errors) = split(r)?;
        Ok(TaskPayload { task: m.map(Task), user_errors })
    }
}
