//! Disconnection retention and the churn archive in the API.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::{
    ChurnReason, DisconnectionAction, DisconnectionStatus, RetentionOutcome,
    service::{self, Finish, NewDisconnection, Step},
};
use crate::{
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        offers,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::{
        graphql::{CustomerGroup, group_of_child},
        visible_group_ids,
    },
    members::lookup::Customer,
    users::graphql::User,
};
use entity::{
    churn_record,
    disconnection_request::{Column, Entity, Model},
};

/// A request to disconnect and the retention work on it (拆机挽留单).
pub struct DisconnectionRequest(pub Model);

/// A request to disconnect and the retention work on it (拆机挽留单, rule 14).
#[Object]
impl DisconnectionRequest {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::DisconnectionRequest.id(self.0.id)
    }
    /// Its number, e.g. `CJ2026120001`.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Where it stands.
    async fn status(&self) -> Gql<DisconnectionStatus> {
        Gql(self.0.status)
    }
    /// The group; null when outside your scope (the desk sees its name only).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The group's name.
    async fn group_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id)
            .await?
            .map(|g| g.name)
            .unwrap_or_default())
    }
    /// The member to disconnect: name and number.
    async fn member_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        Ok(load_by_id::<entity::member::Entity>(ctx, id).await?.map(|m| format!("{} {}", m.name, m.phone)))
    }
    /// Or the group's line to disconnect.
    async fn line(&self) -> Option<&str> {
        self.0.line.as_deref()
    }
    /// The reason the customer gave at the counter.
    async fn counter_reason(&self) -> &str {
        &self.0.counter_reason
    }
    /// The counter tried to keep the customer first, and failed.
    async fn first_retention_failed(&self) -> bool {
        self.0.first_retention_failed
    }
    /// What the counter tried.
    async fn first_retention_note(&self) -> Option<&str> {
        self.0.first_retention_note.as_deref()
    }
    /// Who registered it (the desk).
    async fn registered_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.registered_by).await?.map(User))
    }
    /// When registered.
    async fn registered_at(&self) -> DateTime<Utc> {
        self.0.registered_at
    }
    /// The BOSS export's reference, when imported.
    async fn boss_ref(&self) -> Option<&str> {
        self.0.boss_ref.as_deref()
    }
    /// The manager it was dispatched to.
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.assignee_id else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When dispatched.
    async fn dispatched_at(&self) -> Option<DateTime<Utc>> {
        self.0.dispatched_at
    }
    /// The customer must be reached by then: 4 working hours from registration (working days,
    /// 09:00–18:00 Beijing time).
    async fn contact_due_at(&self) -> DateTime<Utc> {
        self.0.contact_due_at
    }
    /// It must be finished by then: 2 working days from registration.
    async fn finish_due_at(&self) -> DateTime<Utc> {
        self.0.finish_due_at
    }
    /// When the manager reached the customer.
    async fn contacted_at(&self) -> Option<DateTime<Utc>> {
        self.0.contacted_at
    }
    /// Not reached in time.
    async fn contact_breached(&self, ctx: &Context<'_>) -> bool {
        super::contact_breached(self.0.contact_due_at, self.0.contacted_at, ctx.state().now())
    }
    /// Not finished in time.
    async fn finish_breached(&self, ctx: &Context<'_>) -> bool {
        super::finish_breached(self.0.finish_due_at, self.0.finished_at, ctx.state().now())
    }
    /// The true reason found (真实原因).
    async fn true_reason(&self) -> Option<Gql<ChurnReason>> {
        self.0.true_reason.map(Gql)
    }
    /// The reason in the manager's words.
    async fn reason_text(&self) -> Option<&str> {
        self.0.reason_text.as_deref()
    }
    /// The competitor the customer goes to.
    async fn competitor(&self) -> Option<&str> {
        self.0.competitor.as_deref()
    }
    /// The retention offer made (挽留措施).
    async fn offer(&self) -> Option<&str> {
        self.0.offer.as_deref()
    }
    /// Kept or lost.
    async fn outcome(&self) -> Option<Gql<RetentionOutcome>> {
        self.0.outcome.map(Gql)
    }
    /// When the manager finished.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// The head who verified it.
    async fn verified_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.verified_by else { return Ok(None) };
        Ok(load_by_id::<entity::app_user::Entity>(ctx, id).await?.map(User))
    }
    /// When verified and returned to the desk.
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
    /// What you may do next, each named after its mutation: the head dispatches and verifies,
    /// the manager it went to records the contact and the outcome.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Gql<DisconnectionAction>>> {
        let viewer = ctx.viewer()?;
        let Some(group) = load_by_id::<entity::customer_group::Entity>(ctx, self.0.group_id).await? else {
            return Ok(vec![]);
        };
        Ok(offers::allowed(service::offers(viewer, &self.0, group.owner_id)))
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<DisconnectionRequest>> {
    match service::visible(&ctx.state().db, ctx.viewer()?, id).await {
        Ok((r, _)) => Ok(Some(DisconnectionRequest(r))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A member lost, in the churn archive (离网建档).
pub struct ChurnRecord(pub churn_record::Model);

/// A member lost, in the churn archive (离网建档).
#[Object]
impl ChurnRecord {
    /// The number or line lost.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// When lost (Beijing date).
    async fn lost_on(&self) -> crate::graphql::scalars::Date {
        crate::graphql::scalars::Date(self.0.lost_on)
    }
    /// The true reason.
    async fn reason(&self) -> Gql<ChurnReason> {
        Gql(self.0.reason)
    }
    /// In the manager's words.
    async fn reason_text(&self) -> &str {
        &self.0.reason_text
    }
    /// The competitor it went to.
    async fn competitor(&self) -> Option<&str> {
        self.0.competitor.as_deref()
    }
    /// Monthly revenue lost (the member's ARPU).
    async fn monthly_revenue(&self) -> Money {
        Money(self.0.monthly_revenue)
    }
    /// Who handled the retention.
    async fn handled_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(load_by_id::<entity::app_user::Entity>(ctx, self.0.handled_by).await?.map(User))
    }
    /// The request it came from.
    async fn request(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DisconnectionRequest>> {
        // Through the request's loaders: a page of records reads its requests and groups at once.
        let Some(r) = load_by_id::<Entity>(ctx, self.0.request_id).await? else { return Ok(None) };
        let Some(g) = load_by_id::<entity::customer_group::Entity>(ctx, r.group_id).await? else { return Ok(None) };
        Ok(service::visible_to(ctx.viewer()?, &r, g.owner_id).then(|| DisconnectionRequest(r)))
    }
}

/// One bar of the churn archive's charts: how many lost and the monthly revenue with them.
#[derive(SimpleObject)]
pub struct ChurnBucket {
    /// The reason, competitor, month (`YYYY-MM`) or manager's name.
    pub key: String,
    /// The reason's label, in your language (reason buckets); else the key.
    pub label: String,
    /// Members lost.
    pub count: i64,
    /// Their monthly revenue.
    pub revenue: Money,
}

/// The churn archive counted four ways over a span of months.
#[derive(SimpleObject)]
pub struct ChurnSummary {
    /// By true reason, most first.
    pub by_reason: Vec<ChurnBucket>,
    /// By competitor, most first (those lost to none left out).
    pub by_competitor: Vec<ChurnBucket>,
    /// By month, every month of the span.
    pub by_month: Vec<ChurnBucket>,
    /// By the manager who handled the retention, most first.
    pub by_manager: Vec<ChurnBucket>,
    /// Members lost in the span.
    pub total: i64,
    /// Their monthly revenue.
    pub revenue: Money,
}

/// Which requests to list.
#[derive(InputObject, Default)]
pub struct DisconnectionFilter {
    /// Only these states.
    pub status: Option<Vec<Gql<DisconnectionStatus>>>,
    /// Only those dispatched to you or registered by you.
    pub mine: Option<bool>,
    /// Only this group's (global id).
    pub group_id: Option<ID>,
    /// Only those past either clock and not finished.
    pub breached: Option<bool>,
}

fn month_arg(field: &str, raw: &str) -> async_graphql::Result<Month> {
    Ok(Month::parse(field, raw).map_err(AppError::from)?)
}

#[derive(Default)]
pub struct RetentionQuery;

#[Object]
impl RetentionQuery {
    /// Disconnection requests you see: registered by you, dispatched to you, or of your groups;
    /// newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn disconnection_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<DisconnectionFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<DisconnectionRequest>> {
        let viewer = ctx.viewer()?;
        let f = filter.unwrap_or_default();
        let mut select = Entity::find().filter(service::visible_condition(viewer));
        if let Some(s) = f.status {
            select = select.filter(Column::Status.is_in(s.iter().map(|s| s.0)));
        }
        if f.mine == Some(true) {
            select = select.filter(
                sea_orm::Condition::any()
                    .add(Column::AssigneeId.eq(viewer.user_id))
                    .add(Column::RegisteredBy.eq(viewer.user_id)),
            );
        }
        if let Some(g) = f.group_id {
            select = select.filter(Column::GroupId.eq(NodeKind::Group.decode(&g).unwrap_or(-1)));
        }
        if f.breached == Some(true) {
            let now = ctx.state().now();
            select = select
                .filter(Column::Status.is_in([
                    DisconnectionStatus::Registered,
                    DisconnectionStatus::Dispatched,
                    DisconnectionStatus::Contacted,
                ]))
                .filter(sea_orm::Condition::any().add(Column::FinishDueAt.lt(now)).add(
                    sea_orm::Condition::all().add(Column::ContactedAt.is_null()).add(Column::ContactDueAt.lt(now)),
                ));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, Column::Id, true, args, DisconnectionRequest).await?)
    }

    /// The churn archive (离网建档) of the groups you see, newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn churn_records(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "From this month on, `YYYY-MM`.")] from_month: Option<String>,
        #[graphql(desc = "Up to this month, `YYYY-MM`.")] to_month: Option<String>,
        #[graphql(desc = "Only this reason's.")] reason: Option<Gql<ChurnReason>>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<ChurnRecord>> {
        let viewer = ctx.viewer()?;
        let mut select =
            churn_record::Entity::find().filter(churn_record::Column::GroupId.in_subquery(visible_group_ids(viewer)));
        if let Some(m) = from_month {
            select = select.filter(churn_record::Column::Month.gte(month_arg("fromMonth", &m)?.to_string()));
        }
        if let Some(m) = to_month {
            select = select.filter(churn_record::Column::Month.lte(month_arg("toMonth", &m)?.to_string()));
        }
        if let Some(r) = reason {
            select = select.filter(churn_record::Column::Reason.eq(r.0));
        }
        let args = PageArgs { first, after, last, before };
        Ok(keyset(&ctx.state().db, select, churn_record::Column::Id, true, args, ChurnRecord).await?)
    }

    /// The churn archive counted by reason, competitor, month and manager, from `fromMonth` to
    /// `toMonth` (at most 24 months), over the groups you see.
    async fn churn_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First month, `YYYY-MM`.")] from_month: String,
        #[graphql(desc = "Last month, `YYYY-MM`.")] to_month: String,
    ) -> async_graphql::Result<ChurnSummary> {
        let (from, to) = (month_arg("fromMonth", &from_month)?, month_arg("toMonth", &to_month)?);
        if to < from || from.until(to) > 23 {
            return Err(
                AppError::bad_input("月份范围须在 24 个月以内且起止有序", "Give at most 24 months, in order").into()
            );
        }
        let viewer = ctx.viewer()?;
        let rows: Vec<(String, String, Option<String>, rust_decimal::Decimal, i64)> = churn_record::Entity::find()
            .select_only()
            .column(churn_record::Column::Month)
            .column(churn_record::Column::Reason)
            .column(churn_record::Column::Competitor)
            .column(churn_record::Column::MonthlyRevenue)
            .column(churn_record::Column::HandledBy)
            .filter(churn_record::Column::GroupId.in_subquery(visible_group_ids(viewer)))
            .filter(churn_record::Column::Month.gte(from.to_string()))
            .filter(churn_record::Column::Month.lte(to.to_string()))
            .into_tuple()
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        let lang = ctx.lang();
        let mut summary = super::report::Tally::default();
        for (month, reason, competitor, revenue, handled_by) in &rows {
            summary.add(month, reason, competitor.as_deref(), *handled_by, *revenue);
        }
        // The managers' names in one batch.
        let managers = summary.by_manager();
        let names = futures_util::future::try_join_all(
            managers.iter().map(|(id, ..)| load_by_id::<entity::app_user::Entity>(ctx, *id)),
        )
        .await?;
        let by_manager = managers
            .into_iter()
            .zip(names)
            .map(|((_, count, revenue), user)| {
                let name = user.map(|u| u.display_name).unwrap_or_default();
                ChurnBucket { key: name.clone(), label: name, count, revenue: Money(revenue) }
            })
            .collect();
        let bucket = |(key, label, count, revenue): (String, String, i64, rust_decimal::Decimal)| ChurnBucket {
            key,
            label,
            count,
            revenue: Money(revenue),
        };
        Ok(ChurnSummary {
            by_reason: summary.by_reason(lang).into_iter().map(bucket).collect(),
            by_competitor: summary.by_competitor(lang).into_iter().map(bucket).collect(),
            by_month: summary.by_month(from, to).into_iter().map(bucket).collect(),
            by_manager,
            total: rows.len() as i64,
            revenue: Money(rows.iter().map(|r| r.3).sum()),
        })
    }
}

/// A request to disconnect, as the counter takes it: the customer by a member's number (or, for
/// a line, the group's code or the group), what they said, and whether the counter's first
/// attempt to keep them failed.
#[derive(InputObject)]
pub struct RegisterDisconnectionInput {
    /// The member's phone number.
    pub phone: Option<String>,
    /// Or the group's code (集团编号), with `line`.
    pub group_code: Option<String>,
    /// Or the group (global id), for those who see it.
    pub group_id: Option<ID>,
    /// The group line to disconnect (专线/固话号码), when not a member's number.
    pub line: Option<String>,
    /// The reason the customer gave (at most 500 characters).
    pub counter_reason: String,
    /// The counter tried to keep the customer, and failed.
    pub first_retention_failed: bool,
    /// What the counter tried (at most 500 characters).
    pub first_retention_note: Option<String>,
}

impl RegisterDisconnectionInput {
    fn customer(&self) -> AppResult<Customer> {
        Ok(match (&self.group_id, &self.phone, &self.group_code) {
            (Some(g), _, _) => Customer::Group {
                group_id: NodeKind::Group.decode(g).ok_or_else(AppError::not_found)?,
                member_id: None,
            },
            (None, Some(p), _) => Customer::Phone(p.clone()),
            (None, None, Some(c)) => Customer::GroupCode(c.clone()),
            _ => Customer::Unknown,
        })
    }
}

/// Whom to dispatch to.
#[derive(InputObject)]
pub struct DispatchDisconnectionInput {
    /// The request (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// An account manager of the branch (global id); the group's manager when left out.
    pub assignee_id: Option<ID>,
}

/// The manager's findings.
#[derive(InputObject)]
pub struct FinishRetentionInput {
    /// The request (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// The true reason (真实原因).
    pub reason: Gql<ChurnReason>,
    /// The reason in your words (at most 1,000 characters).
    pub reason_text: String,
    /// The competitor, required when the reason is `COMPETITOR`.
    pub competitor: Option<String>,
    /// The retention offer made (at most 1,000 characters).
    pub offer: String,
    /// Kept or lost.
    pub outcome: Gql<RetentionOutcome>,
}

/// A BOSS export of disconnection requests (CSV, UTF-8): columns 号码, 拆机原因, BOSS单号, and
/// optionally 首次挽留 (是/否) and 挽留说明; at most 2,000 rows and 1 MB.
#[derive(InputObject)]
pub struct ImportDisconnectionsInput {
    /// The file (multipart upload).
    pub file: Upload,
}

/// A row not registered, and why.
#[derive(SimpleObject)]
pub struct ImportProblem {
    /// The file's line (the header is line 1).
    pub line: i64,
    /// Why, in your language.
    pub message: String,
}

/// What an import did.
#[derive(SimpleObject)]
pub struct ImportDisconnectionsPayload {
    /// Requests registered now.
    pub created: i32,
    /// Rows imported before (same BOSS单号), left as they were.
    pub already_imported: i32,
    /// Rows not registered, with the reason.
    pub problems: Vec<ImportProblem>,
    /// What is wrong with the file itself.
    pub user_errors: Vec<UserError>,
}

/// Result of a disconnection request change.
#[derive(SimpleObject)]
pub struct DisconnectionPayload {
    /// The request as changed; null when there are user errors.
    pub request: Option<DisconnectionRequest>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(r: AppResult<Model>) -> async_graphql::Result<DisconnectionPayload> {
    let (m, user_errors) = split(r)?;
    Ok(DisconnectionPayload { request: m.map(DisconnectionRequest), user_errors })
}

#[derive(Default)]
pub struct RetentionMutation;

impl RetentionMutation {
    async fn step(
        ctx: &Context<'_>,
        id: &ID,
        expected_version: i32,
        step: Step,
    ) -> async_graphql::Result<DisconnectionPayload> {
        let id = NodeKind::DisconnectionRequest.decode(id).ok_or_else(AppError::not_found)?;
        payload(service::step(ctx.state(), &ctx.actor()?, ctx.viewer()?, id, expected_version, step).await)
    }
}

#[Object]
impl RetentionMutation {
    /// Registers a request to disconnect (拆机申请) at the desk.
    async fn register_disconnection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RegisterDisconnectionInput,
    ) -> async_graphql::Result<DisconnectionPayload> {
        let new = NewDisconnection {
            customer: input.customer()?,
            line: input.line,
            counter_reason: input.counter_reason,
            first_retention_failed: input.first_retention_failed,
            first_retention_note: input.first_retention_note,
            boss_ref: None,
        };
        payload(service::register(ctx.state(), &ctx.actor()?, ctx.viewer()?, new).await)
    }

    /// Registers the requests of a BOSS export (CSV); rows imported before are skipped, rows
    /// with problems reported, the others registered.
    async fn import_disconnections(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: ImportDisconnectionsInput,
    ) -> async_graphql::Result<ImportDisconnectionsPayload> {
        let file = input.file.value(ctx).map_err(|_| {
            AppError::Invalid(vec![UserError::new(
                "file",
                crate::error::UserErrorCode::Required,
                "请上传文件",
                "Please upload a file",
            )])
        });
        let r = match file {
            Ok(f) => super::import::import(ctx.state(), &ctx.actor()?, ctx.viewer()?, f.content).await,
            Err(e) => Err(e),
        };
        let en = ctx.lang() == crate::state::Lang::En;
        let (report, user_errors) = split(r)?;
        let report = report.unwrap_or_default();
        Ok(ImportDisconnectionsPayload {
            created: report.created as i32,
            already_imported: report.already as i32,
            problems: report
                .problems
                .into_iter()
                .map(|p| ImportProblem { line: p.line as i64, message: if en { p.en } else { p.zh } })
                .collect(),
            user_errors,
        })
    }

    /// The head dispatches the request to a manager (派单), by default the group's.
    async fn dispatch_disconnection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: DispatchDisconnectionInput,
    ) -> async_graphql::Result<DisconnectionPayload> {
        let assignee = match &input.assignee_id {
            Some(a) => Some(NodeKind::User.decode(a).ok_or_else(AppError::not_found)?),
            None => None,
        };
        Self::step(ctx, &input.id, input.expected_version, Step::Dispatch { assignee }).await
    }

    /// The manager reached the customer (4-hour clock).
    async fn record_retention_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: crate::graphql::payload::VersionedIdInput,
    ) -> async_graphql::Result<DisconnectionPayload> {
        Self::step(ctx, &input.id, input.expected_version, Step::Contact).await
    }

    /// The manager records the true reason, the offer and the outcome (2-working-day clock).
    async fn finish_retention(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: FinishRetentionInput,
    ) -> async_graphql::Result<DisconnectionPayload> {
        let f = Finish {
            reason: input.reason.0,
            reason_text: input.reason_text,
            competitor: input.competitor,
            offer: input.offer,
            outcome: input.outcome.0,
        };
        Self::step(ctx, &input.id, input.expected_version, Step::Finish(f)).await
    }

    /// The head verifies the outcome and returns the request to the desk; a lost member is
    /// closed and filed in the churn archive.
    async fn verify_retention(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: crate::graphql::payload::VersionedIdInput,
    ) -> async_graphql::Result<DisconnectionPayload> {
        Self::step(ctx, &input.id, input.expected_version, Step::Verify).await
    }
}
