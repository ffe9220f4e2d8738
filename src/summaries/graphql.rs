//! Work summaries in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{SummaryPeriod, SummaryStatus, service};
use crate::{
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Date,
    },
    users::graphql::User,
    worklog::{LogKind, graphql::LogKindCount},
};
use entity::{
    app_user,
    work_summary::{Column, Entity, Model},
};

fn kind_counts(figures: &serde_json::Value) -> Vec<LogKindCount> {
    LogKind::ALL
        .iter()
        .filter_map(|k| {
            let n = figures.get("kinds")?.get(k.as_str())?.as_i64()?;
            (n > 0).then_some(LogKindCount { kind: Gql(*k), count: n })
        })
        .collect()
}

/// A weekly or monthly work summary (工作成果小结).
pub struct WorkSummary(pub Model);

/// A weekly or monthly work summary (工作成果小结).
#[Object]
impl WorkSummary {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::WorkSummary.id(self.0.id)
    }
    /// Its author.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<app_user::Entity>(ctx, self.0.user_id).await?.map(User))
    }
    /// Week or month.
    async fn period(&self) -> Gql<SummaryPeriod> {
        Gql(self.0.period)
    }
    /// First day of the period.
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    /// Last day of the period.
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }
    /// What was recorded in the period, by kind, as drafted.
    async fn recorded(&self) -> Vec<LogKindCount> {
        kind_counts(&self.0.figures)
    }
    /// Plan items done in the period, as drafted.
    async fn plan_done(&self) -> i64 {
        self.0.figures.get("planDone").and_then(serde_json::Value::as_i64).unwrap_or(0)
    }
    /// Plan items meant to be done in the period (dropped ones left out), as drafted.
    async fn plan_total(&self) -> i64 {
        self.0.figures.get("planTotal").and_then(serde_json::Value::as_i64).unwrap_or(0)
    }
    /// The summary as its author wrote it.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Draft, submitted or commented.
    async fn status(&self) -> Gql<SummaryStatus> {
        Gql(self.0.status)
    }
    /// When submitted.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// The head's comment.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// The head who commented.
    async fn commented_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.commented_by else { return Ok(None) };
        Ok(load_by_id::<app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When commented.
    async fn commented_at(&self) -> Option<DateTime<Utc>> {
        self.0.commented_at
    }
    /// Whether you may comment on it now (a head over its author, once submitted).
    async fn can_comment(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(author) = load_by_id::<app_user::Entity>(ctx, self.0.user_id).await? else { return Ok(false) };
        Ok(self.0.status == SummaryStatus::Submitted && crate::worklog::service::may_review(ctx.viewer()?, &author))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A summary visible to the viewer: their own, or one of a user their scope covers.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<WorkSummary>> {
    let Some(s) = load_by_id::<Entity>(ctx, id).await? else { return Ok(None) };
    let Some(author) = load_by_id::<app_user::Entity>(ctx, s.user_id).await? else { return Ok(None) };
    Ok(crate::users::visible(ctx.viewer()?, &author).then_some(WorkSummary(s)))
}

/// The system's draft of a period's summary, and the one saved for it if any.
#[derive(SimpleObject)]
pub struct SummaryDraft {
    /// Week or month.
    pub period: Gql<SummaryPeriod>,
    /// First day of the period.
    pub starts_on: Date,
    /// Last day of the period.
    pub ends_on: Date,
    /// What was recorded in the period, by kind.
    pub recorded: Vec<LogKindCount>,
    /// Plan items done in the period.
    pub plan_done: i64,
    /// Plan items meant to be done (dropped ones left out).
    pub plan_total: i64,
    /// The drafted text, in the request's language, to edit.
    pub text: String,
    /// The summary saved for the period, if any.
    pub saved: Option<WorkSummary>,
}

#[derive(Default)]
pub struct SummaryQuery;

#[Object]
impl SummaryQuery {
    /// Drafts your summary of the week or month holding `day` (today by default) from what you
    /// recorded, your plan and the month's KPIs.
    async fn summary_draft(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Week or month.")] period: Gql<SummaryPeriod>,
        #[graphql(desc = "A day of the period; today by default.")] day: Option<Date>,
    ) -> async_graphql::Result<SummaryDraft> {
        let (state, viewer) = (ctx.state(), ctx.viewer()?);
        let day = day.map_or_else(|| crate::clock::business_date(state.now()), |d| d.0);
        let user = crate::worklog::service::readable_user(&state.db, viewer, viewer.user_id).await?;
        let d = service::draft(&state.db, &user, period.0, day, ctx.lang(), state.now()).await?;
        let saved = Entity::find()
            .filter(Column::UserId.eq(user.id))
            .filter(Column::Period.eq(period.0))
            .filter(Column::StartsOn.eq(d.starts_on))
            .one(&state.db)
            .await
            .map_err(AppError::from)?;
        let figures = d.figures();
        Ok(SummaryDraft {
            period,
            starts_on: Date(d.starts_on),
            ends_on: Date(d.ends_on),
            recorded: kind_counts(&figures),
            plan_done: d.plan_done,
            plan_total: d.plan_total,
            text: d.text,
            saved: saved.map(WorkSummary),
        })
    }

    /// The summaries you see, newest first: yours, and for a head those of their team.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn work_summaries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these states.")] status: Option<Gql<SummaryStatus>>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<WorkSummary>> {
        let mut select = Entity::find().filter(service::visible_condition(ctx.viewer()?));
        if let Some(s) = status {
            select = select.filter(Column::Status.eq(s.0));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, WorkSummary).await?)
    }
}

/// Your summary of a period.
#[derive(InputObject)]
pub struct SaveWorkSummaryInput {
    /// Week or month.
    pub period: Gql<SummaryPeriod>,
    /// A day of the period; today by default.
    pub day: Option<Date>,
    /// The summary (at most 8,000 characters).
    pub text: String,
    /// The version you last saw; left out the first time.
    pub expected_version: Option<i32>,
}

/// A move on a summary: submitting it, or the head's comment.
#[derive(InputObject)]
pub struct WorkSummaryMoveInput {
    /// The summary (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
}

/// The head's comment on a submitted summary.
#[derive(InputObject)]
pub struct CommentWorkSummaryInput {
    /// The summary (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The comment (at most 1,000 characters).
    pub comment: String,
}

/// Result of a summary change.
#[derive(SimpleObject)]
pub struct WorkSummaryPayload {
    /// The summary as changed; null when there are user errors.
    pub summary: Option<WorkSummary>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<WorkSummaryPayload> {
    let (m, user_errors) = split(r)?;
    Ok(WorkSummaryPayload { summary: m.map(WorkSummary), user_errors })
}

#[derive(Default)]
pub struct SummaryMutation;

#[Object]
impl SummaryMutation {
    /// Saves your summary of the week or month (the first time with the period's drafted figures).
    async fn save_work_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The summary; see its type for the fields.")] input: SaveWorkSummaryInput,
    ) -> async_graphql::Result<WorkSummaryPayload> {
        let state = ctx.state();
        let day = input.day.map_or_else(|| crate::clock::business_date(state.now()), |d| d.0);
        let (actor, viewer) = (ctx.actor()?, ctx.viewer()?);
        payload(
            service::save(state, &actor, viewer, input.period.0, day, &input.text, input.expected_version, ctx.lang())
                .await,
        )
    }

    /// Submits your summary to your head.
    async fn submit_work_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The summary; see its type for the fields.")] input: WorkSummaryMoveInput,
    ) -> async_graphql::Result<WorkSummaryPayload> {
        let id = NodeKind::WorkSummary.decode(&input.id).ok_or_else(AppError::not_found)?;
        payload(service::act(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, input.expected_version, None).await)
    }

    /// The head comments on a submitted summary.
    async fn comment_work_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment; see its type for the fields.")] input: CommentWorkSummaryInput,
    ) -> async_graphql::Result<WorkSummaryPayload> {
        let id = NodeKind::WorkSummary.decode(&input.id).ok_or_else(AppError::not_found)?;
        let (state, actor, viewer) = (ctx.state(), ctx.actor()?, ctx.viewer()?);
        payload(service::act(state, &actor, viewer, id, input.expected_version, Some(&input.comment)).await)
    }
}
