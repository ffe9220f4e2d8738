//! Tasks in the API: your open and closed tasks, and completing one.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    TaskKind, TaskStatus,
    service::{self, Closing},
};
use crate::{
    error::{AppError, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    groups::graphql::{CustomerGroup, group_of_child},
};
use entity::task::{Column, Entity, Model};

/// Something the system asks you to do (待办).
pub struct Task(pub Model);

impl Task {
    /// The task's text as parameters; `None` for a task made before texts were kept so (its
    /// stored Chinese text is shown then).
    fn text(&self) -> Option<crate::tasks::TaskText> {
        self.0.text.clone().and_then(|v| serde_json::from_value(v).ok())
    }
}

/// Something the system asks you to do (待办).
#[Object]
impl Task {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::Task.id(self.0.id)
    }
    /// What it asks for.
    async fn kind(&self) -> Gql<TaskKind> {
        Gql(self.0.kind)
    }
    /// Short description, in the request's language (`Accept-Language`; zh-CN by default).
    async fn title(&self, ctx: &Context<'_>) -> String {
        crate::tasks::title_in(&self.0, ctx.lang())
    }
    /// When it is due.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// Open, done or dismissed.
    async fn status(&self) -> Gql<TaskStatus> {
        Gql(self.0.status)
    }
    /// Global id of the object it is about (a proposal, a contract…).
    async fn subject_id(&self) -> ID {
        NodeKind::of_entity_type(&self.0.subject_type).map_or_else(|| ID(String::new()), |k| k.id(self.0.subject_id))
    }
    /// What kind of object `subjectId` names: Proposal, Contract, CustomerGroup, Contact, Member
    /// or InstallationJob.
    async fn subject_type(&self) -> &str {
        &self.0.subject_type
    }
    /// Details, in the request's language: what is missing, the figures of a warning…
    async fn body(&self, ctx: &Context<'_>) -> Option<String> {
        self.text().map_or_else(|| self.0.body.clone(), |t| t.body(ctx.lang()))
    }
    /// Care tasks: a suggested greeting to copy and send, in the request's language.
    async fn greeting(&self, ctx: &Context<'_>) -> Option<String> {
        self.text().map_or_else(|| self.0.greeting.clone(), |t| t.greeting(ctx.lang()))
    }
    /// What was written when it was completed (or the system's note, in the request's
    /// language, when it closed it).
    async fn note(&self, ctx: &Context<'_>) -> Option<String> {
        match self.0.note.as_deref() {
            Some(crate::tasks::AUTO_CLOSED) => Some(crate::tasks::text::auto_closed(ctx.lang()).to_string()),
            other => other.map(str::to_string),
        }
    }
    /// Why it was dismissed.
    async fn dismissed_reason(&self) -> Option<&str> {
        self.0.dismissed_reason.as_deref()
    }
    /// The group it concerns (null when none or not visible to you).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
    /// Open and past its due time.
    async fn is_overdue(&self, ctx: &Context<'_>) -> bool {
        self.0.status == TaskStatus::Open && self.0.due_at < ctx.state().now()
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
        #[graphql(desc = "Only this status (default OPEN).")] status: Option<Gql<TaskStatus>>,
        #[graphql(desc = "Only this kind.")] kind: Option<Gql<TaskKind>>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<Task>> {
        let viewer = ctx.viewer()?;
        let mut select = Entity::find()
            .filter(Column::AssigneeId.eq(viewer.user_id))
            .filter(Column::Status.eq(status.map_or(TaskStatus::Open, |s| s.0)));
        if let Some(k) = kind {
            select = select.filter(Column::Kind.eq(k.0));
        }
        Ok(keyset(&ctx.state().db, select, Column::Id, false, PageArgs { first, after, last, before }, Task).await?)
    }

    /// Your open tasks per kind, with how many are overdue (every kind listed).
    async fn task_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TaskKindCount>> {
        let rows = service::counts(ctx.state(), ctx.viewer()?).await?;
        Ok(rows
            .into_iter()
            .map(|(kind, open, overdue)| TaskKindCount { kind: Gql(kind), open: open as i32, overdue: overdue as i32 })
            .collect())
    }
}

/// Open tasks of one kind.
#[derive(SimpleObject)]
pub struct TaskKindCount {
    /// The kind.
    pub kind: Gql<TaskKind>,
    /// How many are open.
    pub open: i32,
    /// How many of those are past due.
    pub overdue: i32,
}

/// A task not to be done, and why.
#[derive(InputObject)]
pub struct DismissTaskInput {
    /// The task (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// Why it is not to be done (required).
    pub reason: String,
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
        close(ctx, &input.id, input.expected_version, Closing::Done { note: input.note.as_deref() }).await
    }

    /// Dismisses one of your tasks, with the reason (忽略).
    async fn dismiss_task(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: DismissTaskInput,
    ) -> async_graphql::Result<TaskPayload> {
        close(ctx, &input.id, input.expected_version, Closing::Dismissed { reason: Some(&input.reason) }).await
    }
}

async fn close(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: i32,
    closing: Closing<'_>,
) -> async_graphql::Result<TaskPayload> {
    let id = NodeKind::Task.decode(id).ok_or_else(AppError::not_found)?;
    let r = service::close(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, expected_version, closing).await;
    let (m, user_errors) = split(r)?;
    Ok(TaskPayload { task: m.map(Task), user_errors })
}
