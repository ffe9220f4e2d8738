//! The work log in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::{LogKind, service, verb};
use crate::{
    dayplan::graphql::PlanItem,
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{enums::Gql, loaders::load_by_id, payload::split, relay::NodeKind, scalars::Date},
    groups::graphql::{CustomerGroup, group_of_child},
    state::Lang,
    users::graphql::User,
};
use entity::{app_user, work_log_comment};

/// One line of a work log: something the user recorded.
pub struct WorkLogEntry(service::Entry);

/// One line of a work log: something the user recorded.
#[Object]
impl WorkLogEntry {
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// What kind of work.
    async fn kind(&self) -> Gql<LogKind> {
        Gql(self.0.kind)
    }
    /// The recorded action (dotted, e.g. `proposal.submit`).
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// What was done, in the request's language: a visit's method and purpose, otherwise the verb.
    async fn text(&self, ctx: &Context<'_>) -> String {
        let lang = ctx.lang();
        let after = self.0.after.as_ref();
        let field = |k: &str| after.and_then(|a| a.get(k)).and_then(|v| v.as_str()).map(str::to_string);
        if self.0.entity_type == "Visit" {
            let method = field("method").and_then(|m| crate::visits::VisitMethod::parse(&m));
            let purpose = field("purpose").and_then(|p| crate::visits::VisitPurpose::parse(&p));
            if let (Some(m), Some(p)) = (method, purpose) {
                let (m, p) = if lang == Lang::En { (m.label_en(), p.label_en()) } else { (m.label_zh(), p.label_zh()) };
                let done = verb(&self.0.action, lang);
                return format!("{done} · {m} · {p}");
            }
        }
        let what = field("title").or_else(|| field("number")).or_else(|| field("name"));
        match what {
            Some(w) => format!("{} · {w}", verb(&self.0.action, lang)),
            None => verb(&self.0.action, lang),
        }
    }
    /// Global id of the object recorded (open it with `node`; you see what your scope allows).
    async fn subject_id(&self) -> Option<ID> {
        let kind = NodeKind::of_entity_type(&self.0.entity_type)?;
        self.0.entity_id.map(|id| kind.id(id))
    }
    /// The group it concerns, when you may see it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        let Some(id) = self.0.group_id else { return Ok(None) };
        Ok(group_of_child(ctx, id).await?.map(CustomerGroup))
    }
}

/// A head's comment on a work log, or the month's review (审阅).
pub struct WorkLogComment(pub work_log_comment::Model);

/// A head's comment on a work log, or the month's review (审阅).
#[Object]
impl WorkLogComment {
    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<app_user::Entity>(ctx, self.0.author_id).await?.map(User))
    }
    /// The text.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// The day commented on; null for the month's review.
    async fn day(&self) -> Option<Date> {
        self.0.day.map(Date)
    }
    /// `YYYY-MM`.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// Whether it is the month's review.
    async fn review(&self) -> bool {
        self.0.review
    }
    /// When written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A day's work log (工作日志): what was recorded, the plan, the notes and the head's comments.
pub struct WorkLog {
    user: app_user::Model,
    day: NaiveDate,
}

/// A day's work log (工作日志): what was recorded, the plan, the notes and the head's comments.
#[Object]
impl WorkLog {
    /// The business day (Beijing).
    async fn day(&self) -> Date {
        Date(self.day)
    }
    /// Whose log.
    async fn user(&self) -> User {
        User(self.user.clone())
    }
    /// What was recorded that day, oldest first.
    async fn entries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WorkLogEntry>> {
        let (from, to) = crate::dayplan::service::day_span(self.day);
        let rows = service::entries(&ctx.state().db, self.user.id, from, to).await?;
        Ok(rows.into_iter().map(WorkLogEntry).collect())
    }
    /// The day's plan and how it went.
    async fn plan(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanItem>> {
        Ok(crate::dayplan::service::day(&ctx.state().db, self.user.id, self.day)
            .await?
            .into_iter()
            .map(PlanItem)
            .collect())
    }
    /// The notes written for the day (empty when none).
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(service::notes(&ctx.state().db, self.user.id, self.day).await?.map(|n| n.notes).unwrap_or_default())
    }
    /// The notes' version, sent back when they are changed; null before any were written.
    async fn notes_version(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i32>> {
        Ok(service::notes(&ctx.state().db, self.user.id, self.day).await?.map(|n| n.version))
    }
    /// The head's comments on the day.
    async fn comments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WorkLogComment>> {
        let all = service::comments(&ctx.state().db, self.user.id, Month::of(self.day)).await?;
        Ok(all.into_iter().filter(|c| c.day == Some(self.day)).map(WorkLogComment).collect())
    }
    /// Whether you may comment on it (a head over its author).
    async fn can_comment(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(service::may_review(ctx.viewer()?, &self.user))
    }
}

/// Records of one kind.
#[derive(SimpleObject)]
pub struct LogKindCount {
    /// The kind.
    pub kind: Gql<LogKind>,
    /// How many.
    pub count: i64,
}

/// A day of a month's logs.
#[derive(SimpleObject)]
pub struct WorkLogDay {
    /// The day.
    pub day: Date,
    /// Records that day.
    pub records: i64,
    /// Records by kind.
    pub by_kind: Vec<LogKindCount>,
    /// Whether notes were written.
    pub notes: bool,
}

/// A month of a user's logs, for the head's monthly review.
pub struct WorkLogMonth {
    user: app_user::Model,
    month: Month,
}

/// A month of a user's logs, for the head's monthly review.
#[Object]
impl WorkLogMonth {
    /// `YYYY-MM`.
    async fn month(&self) -> String {
        self.month.to_string()
    }
    /// Whose logs.
    async fn user(&self) -> User {
        User(self.user.clone())
    }
    /// The days with records or notes.
    async fn days(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WorkLogDay>> {
        let days = service::month(&ctx.state().db, self.user.id, self.month).await?;
        Ok(days
            .into_iter()
            .map(|d| WorkLogDay {
                day: Date(d.day),
                records: d.records,
                by_kind: LogKind::ALL
                    .iter()
                    .filter_map(|k| d.by_kind.get(k).map(|n| LogKindCount { kind: Gql(*k), count: *n }))
                    .collect(),
                notes: d.notes,
            })
            .collect())
    }
    /// The comments on the month's days and its reviews, oldest first.
    async fn comments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<WorkLogComment>> {
        Ok(service::comments(&ctx.state().db, self.user.id, self.month)
            .await?
            .into_iter()
            .map(WorkLogComment)
            .collect())
    }
    /// Whether you may comment and review (a head over its author).
    async fn can_review(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(service::may_review(ctx.viewer()?, &self.user))
    }
}

/// A team member's month of logs at a glance.
#[derive(SimpleObject)]
pub struct TeamWorkLog {
    /// The account manager.
    pub user: User,
    /// Days with records.
    pub days_with_records: i64,
    /// Records in the month.
    pub records: i64,
    /// Days with notes.
    pub days_with_notes: i64,
    /// The month's reviews, oldest first (none: not reviewed yet).
    pub reviews: Vec<WorkLogComment>,
}

fn month_arg(field: &str, raw: Option<&str>, ctx: &Context<'_>) -> AppResult<Month> {
    match raw {
        Some(m) => Ok(Month::parse(field, m)?),
        None => Ok(Month::of(crate::clock::business_date(ctx.state().now()))),
    }
}

async fn user_arg(ctx: &Context<'_>, user_id: Option<ID>) -> AppResult<app_user::Model> {
    let viewer = ctx.viewer()?;
    let id = match user_id {
        None => viewer.user_id,
        Some(id) => NodeKind::User.decode(&id).ok_or_else(AppError::not_found)?,
    };
    service::readable_user(&ctx.state().db, viewer, id).await
}

#[derive(Default)]
pub struct WorkLogQuery;

#[Object]
impl WorkLogQuery {
    /// A day's work log: yours, or with `userId` a colleague's your scope covers.
    async fn work_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The business day (Beijing); today by default.")] day: Option<Date>,
        #[graphql(desc = "Whose log (global id of a user); yours by default.")] user_id: Option<ID>,
    ) -> async_graphql::Result<WorkLog> {
        let user = user_arg(ctx, user_id).await?;
        let day = day.map_or_else(|| crate::clock::business_date(ctx.state().now()), |d| d.0);
        Ok(WorkLog { user, day })
    }

    /// A month of work logs, day by day: yours, or a colleague's your scope covers.
    async fn work_log_month(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`YYYY-MM`; this month by default.")] month: Option<String>,
        #[graphql(desc = "Whose logs (global id of a user); yours by default.")] user_id: Option<ID>,
    ) -> async_graphql::Result<WorkLogMonth> {
        let month = month_arg("month", month.as_deref(), ctx)?;
        let user = user_arg(ctx, user_id).await?;
        Ok(WorkLogMonth { user, month })
    }

    /// For a head: the month's logs of each account manager in your scope, and whether you reviewed them.
    async fn team_work_logs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`YYYY-MM`; this month by default.")] month: Option<String>,
    ) -> async_graphql::Result<Vec<TeamWorkLog>> {
        let month = month_arg("month", month.as_deref(), ctx)?;
        let db = &ctx.state().db;
        let team = service::team(db, ctx.viewer()?).await?;
        let ids: Vec<i64> = team.iter().map(|u| u.id).collect();
        let mut tallies = service::team_month(db, &ids, month).await?;
        Ok(team
            .into_iter()
            .map(|u| {
                let t = tallies.remove(&u.id).unwrap_or_default();
                TeamWorkLog {
                    user: User(u),
                    days_with_records: t.days_with_records,
                    records: t.records,
                    days_with_notes: t.days_with_notes,
                    reviews: t.reviews.into_iter().map(WorkLogComment).collect(),
                }
            })
            .collect())
    }
}

/// Your notes on a day.
#[derive(InputObject)]
pub struct SaveWorkLogNotesInput {
    /// The day; today by default (at most 31 days back).
    pub day: Option<Date>,
    /// The notes (at most 4,000 characters; empty clears them).
    pub notes: String,
    /// The notes' version you last saw; left out the first time.
    pub expected_version: Option<i32>,
}

/// A head's comment on a day of a log, or the month's review.
#[derive(InputObject)]
pub struct CommentWorkLogInput {
    /// Whose log (global id of a user).
    pub user_id: ID,
    /// The day commented on; leave out to review the month.
    pub day: Option<Date>,
    /// The month reviewed, `YYYY-MM` (when no day is given).
    pub month: Option<String>,
    /// The comment (at most 1,000 characters).
    pub text: String,
}

/// Result of saving notes.
#[derive(SimpleObject)]
pub struct WorkLogPayload {
    /// The day's log as saved; null when there are user errors.
    pub work_log: Option<WorkLog>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of a comment.
#[derive(SimpleObject)]
pub struct WorkLogCommentPayload {
    /// The comment; null when there are user errors.
    pub comment: Option<WorkLogComment>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct WorkLogMutation;

#[Object]
impl WorkLogMutation {
    /// Writes your notes on a day's work log.
    async fn save_work_log_notes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The notes; see its type for the fields.")] input: SaveWorkLogNotesInput,
    ) -> async_graphql::Result<WorkLogPayload> {
        let day = input.day.map_or_else(|| crate::clock::business_date(ctx.state().now()), |d| d.0);
        let (state, viewer) = (ctx.state(), ctx.viewer()?);
        let r = service::save_notes(state, &ctx.actor()?, viewer, day, &input.notes, input.expected_version).await;
        let (saved, user_errors) = split(r)?;
        let user = match saved {
            Some(_) => Some(service::readable_user(&state.db, viewer, viewer.user_id).await?),
            None => None,
        };
        Ok(WorkLogPayload { work_log: user.map(|user| WorkLog { user, day }), user_errors })
    }

    /// A head comments on a day of a team member's log, or reviews their month (审阅).
    async fn comment_work_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment; see its type for the fields.")] input: CommentWorkLogInput,
    ) -> async_graphql::Result<WorkLogCommentPayload> {
        let user_id = NodeKind::User.decode(&input.user_id).ok_or_else(AppError::not_found)?;
        let month = match input.month.as_deref() {
            Some(m) => match Month::parse("month", m) {
                Ok(m) => Some(m),
                Err(e) => return Ok(WorkLogCommentPayload { comment: None, user_errors: vec![e] }),
            },
            None => None,
        };
        let new = service::NewComment { user_id, day: input.day.map(|d| d.0), month, text: input.text };
        let (c, user_errors) = split(service::comment(ctx.state(), &ctx.actor()?, ctx.viewer()?, new).await)?;
        Ok(WorkLogCommentPayload { comment: c.map(WorkLogComment), user_errors })
    }
}
