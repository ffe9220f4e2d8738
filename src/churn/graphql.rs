//! Churn in the API: the warnings in your scope, a group's baseline month, and its retention
//! analysis report (figures, CSV, and the manager's causes, measures and outcome).
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    ChurnWarningKind,
    report::{self, Falling, Report},
};
use crate::{
    auth::Role,
    error::{AppError, AppResult, UserError},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
        scalars::Money,
    },
    groups::{
        graphql::{CustomerGroup, GroupPayload, group_of_child},
        visible_group_ids,
    },
    members::graphql::Member,
};
use entity::{churn_warning, customer_group};

/// A churn warning (离网预警).
pub struct ChurnWarning(pub churn_warning::Model);

/// A churn warning (离网预警).
#[Object]
impl ChurnWarning {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::ChurnWarning.id(self.0.id)
    }
    /// A member's fall or the group's.
    async fn kind(&self) -> Gql<ChurnWarningKind> {
        Gql(self.0.kind)
    }
    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CustomerGroup>> {
        Ok(group_of_child(ctx, self.0.group_id).await?.map(CustomerGroup))
    }
    /// The member whose revenue fell (member warnings).
    async fn member(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Member>> {
        let Some(id) = self.0.member_id else { return Ok(None) };
        Ok(load_by_id::<entity::member::Entity>(ctx, id).await?.map(Member))
    }
    /// The month that fell, `YYYY-MM`.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// The month compared with: the month before (members) or the baseline month (group).
    async fn reference_month(&self) -> &str {
        &self.0.reference_month
    }
    /// Revenue in the reference month.
    async fn reference_amount(&self) -> Money {
        Money(self.0.reference_amount)
    }
    /// Revenue in the month that fell.
    async fn current_amount(&self) -> Money {
        Money(self.0.current_amount)
    }
    /// The fall in percent (e.g. 35.50).
    async fn drop_percent(&self) -> Money {
        Money(self.0.drop_percent)
    }
    /// When the warning was raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<ChurnWarning>> {
    let Some(w) = load_by_id::<churn_warning::Entity>(ctx, id).await? else { return Ok(None) };
    Ok(group_of_child(ctx, w.group_id).await?.map(|_| ChurnWarning(w)))
}

/// A member whose revenue fell over 10 % from the baseline month.
pub struct FallingMember(Falling);

/// A member whose revenue fell over 10 % from the baseline month.
#[Object]
impl FallingMember {
    /// The member.
    async fn member(&self) -> Member {
        Member(self.0.member.clone())
    }
    /// Revenue in the baseline month.
    async fn reference_amount(&self) -> Money {
        Money(self.0.reference)
    }
    /// Revenue in the current month.
    async fn current_amount(&self) -> Money {
        Money(self.0.current)
    }
    /// The fall in percent.
    async fn drop_percent(&self) -> Money {
        Money(self.0.drop)
    }
}

/// The retention analysis report of a group (集团保有分析报告).
pub struct RetentionReport(Report);

/// The retention analysis report of a group (集团保有分析报告).
#[Object]
impl RetentionReport {
    /// The group.
    async fn group(&self) -> CustomerGroup {
        CustomerGroup(self.0.group.clone())
    }
    /// The baseline month (拍照月).
    async fn baseline_month(&self) -> String {
        self.0.baseline_month.to_string()
    }
    /// The latest month with revenue after the baseline (null when none yet).
    async fn current_month(&self) -> Option<String> {
        self.0.current_month.map(|m| m.to_string())
    }
    /// Members with revenue in the baseline month.
    async fn baseline_members(&self) -> i32 {
        self.0.baseline_members as i32
    }
    /// Revenue in the baseline month.
    async fn baseline_revenue(&self) -> Money {
        Money(self.0.baseline_revenue)
    }
    /// Members with revenue in the current month.
    async fn current_members(&self) -> i32 {
        self.0.current_members as i32
    }
    /// Revenue in the current month.
    async fn current_revenue(&self) -> Money {
        Money(self.0.current_revenue)
    }
    /// Members now 在网.
    async fn active_count(&self) -> i32 {
        self.0.by_status[0] as i32
    }
    /// Members now 停机.
    async fn suspended_count(&self) -> i32 {
        self.0.by_status[1] as i32
    }
    /// Members now 预销户.
    async fn pending_close_count(&self) -> i32 {
        self.0.by_status[2] as i32
    }
    /// Members now 呼转.
    async fn forwarded_count(&self) -> i32 {
        self.0.by_status[3] as i32
    }
    /// Members now 销户.
    async fn closed_count(&self) -> i32 {
        self.0.by_status[4] as i32
    }
    /// Revenue loss rate: (baseline − current) / baseline, in percent (negative when it grew).
    async fn revenue_loss_percent(&self) -> Money {
        Money(self.0.revenue_loss)
    }
    /// Number loss rate: baseline members now closed (销户) / baseline members, in percent.
    async fn number_loss_percent(&self) -> Money {
        Money(self.0.number_loss)
    }
    /// Members whose revenue fell over 10 %, largest fall first.
    async fn falling_members(&self) -> Vec<FallingMember> {
        self.0.falling.iter().cloned().map(FallingMember).collect()
    }
    /// The numbers lost since the baseline month and why (离网建档), newest first.
    async fn lost_members(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::retention::graphql::ChurnRecord>> {
        let since = self.0.baseline_month.to_string();
        let mut rows =
            crate::graphql::loaders::load_children::<entity::churn_record::Entity>(ctx, self.0.group.id).await?;
        rows.retain(|r| r.month.as_str() >= since.as_str());
        rows.reverse();
        Ok(rows.into_iter().map(crate::retention::graphql::ChurnRecord).collect())
    }
    /// The group's complaints, newest first: what may be driving customers away.
    async fn complaints(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<crate::complaints::graphql::Complaint>> {
        Ok(crate::complaints::graphql::of_group(ctx, self.0.group.id).await?)
    }
    /// 原因分析.
    async fn causes(&self) -> Option<&str> {
        self.0.saved.as_ref().and_then(|s| s.causes.as_deref())
    }
    /// 保有措施.
    async fn measures(&self) -> Option<&str> {
        self.0.saved.as_ref().and_then(|s| s.measures.as_deref())
    }
    /// 保有结果.
    async fn outcome(&self) -> Option<&str> {
        self.0.saved.as_ref().and_then(|s| s.outcome.as_deref())
    }
    /// Version of the text, sent back as `expectedVersion` (0 before the first save).
    async fn version(&self) -> i32 {
        self.0.saved.as_ref().map_or(0, |s| s.version)
    }
    /// When the text was last saved.
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.saved.as_ref().map(|s| s.updated_at)
    }
    /// The whole report as CSV (UTF-8), headed in the request's language.
    async fn csv(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.0.csv(ctx.lang())?)
    }
}

/// The report of a group the viewer sees (installers do not).
pub async fn report_of(ctx: &Context<'_>, group: &customer_group::Model) -> AppResult<Option<RetentionReport>> {
    if matches!(ctx.viewer()?.role, Role::Installer | Role::ServiceDesk | Role::Billing) {
        return Ok(None);
    }
    Ok(report::build(&ctx.state().db, group.clone()).await?.map(RetentionReport))
}

#[derive(Default)]
pub struct ChurnQuery;

#[Object]
impl ChurnQuery {
    /// The key monitored groups of your scope (重点服务监控集团报表): flagged 预警 or warned about in
    /// the last three months, waiting ones first, then those contacted longest ago (at most 500).
    async fn monitored_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MonitoredGroup>> {
        let rows = super::monitor::monitored(&ctx.state().db, ctx.viewer()?, ctx.state().now()).await?;
        Ok(rows.into_iter().map(MonitoredGroup).collect())
    }

    /// Churn warnings of the groups you may see (optionally one group), newest first.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn churn_warnings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this group's warnings.")] group_id: Option<ID>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<ChurnWarning>> {
        let viewer = ctx.viewer()?;
        let mut select =
            churn_warning::Entity::find().filter(churn_warning::Column::GroupId.in_subquery(visible_group_ids(viewer)));
        if matches!(viewer.role, Role::Installer | Role::ServiceDesk | Role::Billing) {
            select = select.filter(churn_warning::Column::Id.lt(0));
        }
        if let Some(g) = group_id {
            let id = NodeKind::Group.decode(&g).ok_or_else(AppError::not_found)?;
            select = select.filter(churn_warning::Column::GroupId.eq(id));
        }
        Ok(keyset(
            &ctx.state().db,
            select,
            churn_warning::Column::Id,
            false,
            PageArgs { first, after, last, before },
            ChurnWarning,
        )
        .await?)
    }
}

/// A group's baseline month.
#[derive(InputObject)]
pub struct SetGroupBaselineInput {
    /// The group (global id).
    pub group_id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// `YYYY-MM`, not after this month.
    pub month: String,
}

/// The text of a retention report.
#[derive(InputObject)]
pub struct UpdateRetentionReportInput {
    /// The group (global id).
    pub group_id: ID,
    /// The report's version the caller last saw (0 before the first save).
    pub expected_version: i32,
    /// 原因分析.
    pub causes: Option<String>,
    /// 保有措施.
    pub measures: Option<String>,
    /// 保有结果.
    pub outcome: Option<String>,
}

/// Result of saving a retention report.
#[derive(SimpleObject)]
pub struct RetentionReportPayload {
    /// The report as saved; null when there are user errors.
    pub report: Option<RetentionReport>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ChurnMutation;

#[Object]
impl ChurnMutation {
    /// Sets a group's baseline month (拍照).
    async fn set_group_baseline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetGroupBaselineInput,
    ) -> async_graphql::Result<GroupPayload> {
        let id = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        let r = crate::groups::service::set_baseline(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            &input.month,
        )
        .await;
        let (m, user_errors) = split(r)?;
        Ok(GroupPayload { group: m.map(CustomerGroup), user_errors })
    }

    /// Saves the causes, measures and outcome of a group's retention report.
    async fn update_retention_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: UpdateRetentionReportInput,
    ) -> async_graphql::Result<RetentionReportPayload> {
        let id = NodeKind::Group.decode(&input.group_id).ok_or_else(AppError::not_found)?;
        let r = report::update(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            [input.causes.as_deref(), input.measures.as_deref(), input.outcome.as_deref()],
        )
        .await;
        let (saved, user_errors) = split(r)?;
        let report = match saved {
            Some(_) => {
                let g = customer_group::Entity::find_by_id(id).one(&ctx.state().db).await.map_err(AppError::from)?;
                match g {
                    Some(g) => report::build(&ctx.state().db, g).await?.map(RetentionReport),
                    None => None,
                }
            }
            None => None,
        };
        Ok(RetentionReportPayload { report, user_errors })
    }
}

/// A group on the key monitored groups report (重点服务监控集团报表).
pub struct MonitoredGroup(super::monitor::Monitored);

/// A group on the key monitored groups report (重点服务监控集团报表).
#[Object]
impl MonitoredGroup {
    /// The group (its owner, status and last contact on it).
    async fn group(&self) -> CustomerGroup {
        CustomerGroup(self.0.group.clone())
    }
    /// Its warnings of the months watched, newest first.
    async fn warnings(&self) -> Vec<ChurnWarning> {
        self.0.warnings.iter().cloned().map(ChurnWarning).collect()
    }
    /// Open churn-warning tasks on it.
    async fn open_tasks(&self) -> i32 {
        self.0.open_tasks as i32
    }
    /// Churn-warning tasks done on it.
    async fn done_tasks(&self) -> i32 {
        self.0.done_tasks as i32
    }
    /// Disconnection requests still being worked.
    async fn open_retention(&self) -> i32 {
        self.0.open_retention as i32
    }
    /// Complaints not closed.
    async fn open_complaints(&self) -> i32 {
        self.0.open_complaints as i32
    }
    /// How its handling stands.
    async fn handling(&self) -> Gql<super::monitor::Handling> {
        Gql(self.0.handling)
    }
    /// When it was last visited or called.
    async fn last_contact_at(&self) -> Option<DateTime<Utc>> {
        self.0.group.last_visit_at
    }
}
