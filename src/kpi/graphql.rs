//! KPIs in the API, with scope rules: a manager sees their own; a head their department and its
//! people; branch roles their branch; the general manager and admins everything. What the
//! viewer may not see is `NOT_FOUND`, as if it did not exist.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Figures, Subject, compute, compute_managers, targets};
use crate::{
    auth::{Placement, Role, Scope, Viewer},
    error::{AppError, AppResult, UserError},
    fields::Month,
    graphql::ContextExt,
    graphql::{enums::Gql, relay::NodeKind, scalars::Money},
    org::graphql::OrgUnit,
    pipeline::Stage,
    users::graphql::User,
    visits::VisitMethod,
};
use entity::{app_user, kpi_target, org_unit};

/// Visits of one method.
#[derive(SimpleObject)]
pub struct MethodCount {
    /// The method.
    pub method: Gql<VisitMethod>,
    /// How many done visits.
    pub count: i32,
}

/// Open deals in one board stage.
#[derive(SimpleObject)]
pub struct StageValue {
    /// The stage.
    pub stage: Gql<Stage>,
    /// How many deals.
    pub count: i32,
    /// Their whole-term value.
    pub value: Money,
}

/// A month's KPIs of a manager or an org unit (业绩指标).
pub struct Kpis {
    month: Month,
    user: Option<app_user::Model>,
    unit: Option<org_unit::Model>,
    f: Figures,
    target: Option<kpi_target::Model>,
}

fn pct(d: Option<Decimal>) -> Option<Money> {
    d.map(Money)
}

/// A month's KPIs of a manager or an org unit (业绩指标).
#[Object]
impl Kpis {
    /// The month, `YYYY-MM` (Beijing).
    async fn month(&self) -> String {
        self.month.to_string()
    }
    /// The manager, for a manager's figures.
    async fn user(&self) -> Option<User> {
        self.user.clone().map(User)
    }
    /// The org unit, for a department's, branch's or the company's figures.
    async fn org_unit(&self) -> Option<OrgUnit> {
        self.unit.clone().map(OrgUnit)
    }
    /// Visits done.
    async fn visits(&self) -> i32 {
        self.f.visits as i32
    }
    /// Visits done by method.
    async fn visits_by_method(&self) -> Vec<MethodCount> {
        self.f.visits_by_method.iter().map(|(m, n)| MethodCount { method: Gql(*m), count: *n as i32 }).collect()
    }
    /// Working days of the month (working calendar).
    async fn working_days(&self) -> i32 {
        self.f.working_days as i32
    }
    /// Visits per working day.
    async fn visits_per_working_day(&self) -> Money {
        Money(self.f.visits_per_working_day())
    }
    /// Calls (电话 visits).
    async fn calls(&self) -> i32 {
        self.f.calls as i32
    }
    /// Groups in the portfolio now.
    async fn portfolio(&self) -> i32 {
        self.f.portfolio as i32
    }
    /// Distinct groups visited in the month.
    async fn groups_visited(&self) -> i32 {
        self.f.groups_visited as i32
    }
    /// Groups created in the month.
    async fn new_groups(&self) -> i32 {
        self.f.new_groups as i32
    }
    /// Proposals due in the month (rule 1).
    async fn proposals_due(&self) -> i32 {
        self.f.proposals_due as i32
    }
    /// Of those, sent by their due time.
    async fn proposals_on_time(&self) -> i32 {
        self.f.proposals_on_time as i32
    }
    /// On-time proposal rate in percent; null when nothing was due.
    async fn on_time_percent(&self) -> Option<Money> {
        pct(self.f.on_time_percent())
    }
    /// Approval requests decided in the month.
    async fn approvals_decided(&self) -> i32 {
        self.f.approvals_decided as i32
    }
    /// Median hours from request to decision; null when none was decided.
    async fn median_approval_hours(&self) -> Option<Money> {
        pct(self.f.median_approval_hours)
    }
    /// Proposals the customer decided on in the month.
    async fn proposals_decided(&self) -> i32 {
        self.f.proposals_decided as i32
    }
    /// Of those, accepted.
    async fn proposals_won(&self) -> i32 {
        self.f.proposals_won as i32
    }
    /// Win rate in percent; null when none was decided.
    async fn win_percent(&self) -> Option<Money> {
        pct(self.f.win_percent())
    }
    /// Open deals by board stage, now.
    async fn pipeline(&self) -> Vec<StageValue> {
        self.f
            .pipeline
            .iter()
            .map(|(s, n, v)| StageValue { stage: Gql(*s), count: *n as i32, value: Money(*v) })
            .collect()
    }
    /// Installations confirmed in the month.
    async fn installs_confirmed(&self) -> i32 {
        self.f.installs_confirmed as i32
    }
    /// High/mid-value members of the baseline months (rule 11).
    async fn retention_baseline(&self) -> i32 {
        self.f.retention_baseline as i32
    }
    /// Of those, now closed or under the low-ARPU threshold for the set months.
    async fn retention_lost(&self) -> i32 {
        self.f.retention_lost as i32
    }
    /// Retention rate (中高端客户保有率) in percent; null without a baseline.
    async fn retention_percent(&self) -> Option<Money> {
        pct(self.f.retention_percent())
    }
    /// A manager's targets for the month, when their head set them.
    async fn target(&self) -> Option<KpiTarget> {
        self.target.clone().map(KpiTarget)
    }
    /// Whether you may set this manager's targets (a head over them).
    async fn can_set_target(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let viewer = ctx.viewer()?;
        Ok(self.user.as_ref().is_some_and(|u| targets::may_set(viewer, u)))
    }
}

/// Whose figures the viewer asked for, checked against their scope.
enum Target {
    Manager(app_user::Model),
    Unit(org_unit::Model, Scope),
}

fn unit_scope(u: &org_unit::Model) -> Scope {
    match u.kind.as_str() {
        "DEPARTMENT" | "GRID" => u.department_id.map_or(Scope::Department(u.id), Scope::Department),
        "BRANCH" => Scope::Branch(u.branch_id.unwrap_or(u.id)),
        _ => Scope::All,
    }
}

async fn target(ctx: &Context<'_>, owner: Option<&ID>, unit: Option<&ID>) -> AppResult<Target> {
    let viewer: &Viewer = ctx.viewer()?;
    let db = &ctx.state().db;
    if matches!(viewer.role, Role::Installer | Role::ServiceDesk | Role::Billing) {
        return Err(AppError::forbidden());
    }
    let scope = viewer.scope();
    if let Some(id) = owner {
        let uid = NodeKind::User.decode(id).ok_or_else(AppError::not_found)?;
        let u = app_user::Entity::find_by_id(uid).one(db).await?.ok_or_else(AppError::not_found)?;
        let placed = Placement { owner_id: Some(u.id), department_id: u.department_id, branch_id: u.branch_id };
        return if scope.covers(&placed) { Ok(Target::Manager(u)) } else { Err(AppError::not_found()) };
    }
    let unit_id = match unit {
        Some(id) => NodeKind::OrgUnit.decode(id).ok_or_else(AppError::not_found)?,
        None => match scope {
            Scope::Own(_) => {
                let me = app_user::Entity::find_by_id(viewer.user_id).one(db).await?.ok_or_else(AppError::not_found)?;
                return Ok(Target::Manager(me));
            }
            Scope::Department(d) => d,
            Scope::Branch(b) => b,
            Scope::All | Scope::Nothing => viewer.org_unit_id,
        },
    };
    let u = org_unit::Entity::find_by_id(unit_id).one(db).await?.ok_or_else(AppError::not_found)?;
    let s = if unit.is_none() && matches!(scope, Scope::All) { Scope::All } else { unit_scope(&u) };
    let inside = match (scope, s) {
        (Scope::All, _) => true,
        (Scope::Branch(b), Scope::Branch(x)) => b == x,
        (Scope::Branch(b), Scope::Department(_)) => u.branch_id == Some(b),
        (Scope::Department(d), Scope::Department(x)) => d == x,
        _ => false,
    };
    if inside { Ok(Target::Unit(u, s)) } else { Err(AppError::not_found()) }
}

async fn figures(ctx: &Context<'_>, t: &Target, month: Month) -> AppResult<Kpis> {
    let db = &ctx.state().db;
    Ok(match t {
        Target::Manager(u) => Kpis {
            month,
            user: Some(u.clone()),
            unit: None,
            f: compute(db, Subject::Manager(u.id), month, ctx.state().now()).await?,
            target: targets::of_users(db, &[u.id], month).await?.remove(&u.id),
        },
        Target::Unit(o, s) => Kpis {
            month,
            user: None,
            unit: Some(o.clone()),
            f: compute(db, Subject::Scope(*s), month, ctx.state().now()).await?,
            target: None,
        },
    })
}

fn month_arg(raw: &str) -> AppResult<Month> {
    Ok(Month::parse("month", raw)?)
}

#[derive(Default)]
pub struct KpiQuery;

#[Object]
impl KpiQuery {
    /// A month's KPIs: one manager's (`ownerId`), an org unit's (`orgUnitId`), or, with neither,
    /// your own scope's (a manager: yourself; a head: the department; branch roles: the branch;
    /// the general manager and admins: the company).
    async fn kpis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`YYYY-MM`.")] month: String,
        #[graphql(desc = "An account manager (global id).")] owner_id: Option<ID>,
        #[graphql(desc = "A department, branch or the company (global id).")] org_unit_id: Option<ID>,
    ) -> async_graphql::Result<Kpis> {
        let month = month_arg(&month)?;
        let t = target(ctx, owner_id.as_ref(), org_unit_id.as_ref()).await?;
        Ok(figures(ctx, &t, month).await?)
    }

    /// The KPIs of consecutive months ending with `endMonth`, oldest first (default 6, at most 24).
    async fn kpi_trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The last month, `YYYY-MM`.")] end_month: String,
        #[graphql(desc = "How many months (1–24, default 6).")] months: Option<i32>,
        #[graphql(desc = "An account manager (global id).")] owner_id: Option<ID>,
        #[graphql(desc = "A department, branch or the company (global id).")] org_unit_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Kpis>> {
        let end = month_arg(&end_month)?;
        let n = months.unwrap_or(6);
        if !(1..=24).contains(&n) {
            return Err(AppError::bad_input("月数须在 1 到 24 之间", "months must be from 1 to 24").into());
        }
        let t = target(ctx, owner_id.as_ref(), org_unit_id.as_ref()).await?;
        let mut out = Vec::new();
        for i in (0..n).rev() {
            out.push(figures(ctx, &t, end.plus(-i)).await?);
        }
        Ok(out)
    }

    /// One row per account manager of the org unit (default: your own scope), for heads and above.
    async fn team_kpis(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`YYYY-MM`.")] month: String,
        #[graphql(desc = "A department, branch or the company (global id).")] org_unit_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Kpis>> {
        let month = month_arg(&month)?;
        let viewer = ctx.viewer()?;
        if matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing) {
            return Err(AppError::forbidden().into());
        }
        let Target::Unit(_, scope) = target(ctx, None, org_unit_id.as_ref()).await? else {
            return Err(AppError::forbidden().into());
        };
        let managers = app_user::Entity::find()
            .filter(app_user::Column::Role.eq(Role::AccountManager))
            .filter(scope.condition(app_user::Column::Id, app_user::Column::DepartmentId, app_user::Column::BranchId))
            .order_by_asc(app_user::Column::Username)
            .all(&ctx.state().db)
            .await
            .map_err(AppError::from)?;
        let ids: Vec<i64> = managers.iter().map(|m| m.id).collect();
        let mut all = compute_managers(&ctx.state().db, &ids, month, ctx.state().now()).await?;
        let mut goals = targets::of_users(&ctx.state().db, &ids, month).await?;
        Ok(managers
            .into_iter()
            .map(|m| Kpis {
                month,
                f: all.remove(&m.id).unwrap_or_default(),
                target: goals.remove(&m.id),
                user: Some(m),
                unit: None,
            })
            .collect())
    }
}

/// A month's targets for an account manager (目标), set by their head.
pub struct KpiTarget(pub kpi_target::Model);

/// A month's targets for an account manager (目标), set by their head.
#[Object]
impl KpiTarget {
    /// `YYYY-MM`.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// Visits per working day (日均走访).
    async fn visits_per_day(&self) -> Money {
        Money(self.0.visits_per_day)
    }
    /// Distinct groups visited (回访集团数).
    async fn groups_visited(&self) -> i32 {
        self.0.groups_visited
    }
    /// New groups.
    async fn new_groups(&self) -> i32 {
        self.0.new_groups
    }
    /// Proposals sent on time.
    async fn proposals(&self) -> i32 {
        self.0.proposals
    }
    /// Retention rate of high/mid-value members, percent.
    async fn retention_percent(&self) -> Money {
        Money(self.0.retention_percent)
    }
    /// Who set them.
    async fn set_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(crate::graphql::loaders::load_by_id::<app_user::Entity>(ctx, self.0.set_by).await?.map(User))
    }
    /// When last set.
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
    /// Row version, sent back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A manager's targets for a month.
#[derive(InputObject)]
pub struct SetKpiTargetInput {
    /// The account manager (global id).
    pub user_id: ID,
    /// `YYYY-MM`: this month or the next.
    pub month: String,
    /// Visits per working day (0–50, two decimals).
    pub visits_per_day: Money,
    /// Distinct groups visited (0–10,000).
    pub groups_visited: i32,
    /// New groups (0–1,000).
    pub new_groups: i32,
    /// Proposals sent on time (0–1,000).
    pub proposals: i32,
    /// Retention rate of high/mid-value members, percent (0–100, two decimals).
    pub retention_percent: Money,
    /// The version you last saw; left out when the month has no targets yet.
    pub expected_version: Option<i32>,
}

/// Result of setting targets.
#[derive(SimpleObject)]
pub struct KpiTargetPayload {
    /// The targets as set; null when there are user errors.
    pub target: Option<KpiTarget>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct KpiMutation;

#[Object]
impl KpiMutation {
    /// A head sets an account manager's targets for this month or the next (目标).
    async fn set_kpi_target(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The targets; see its type for the fields.")] input: SetKpiTargetInput,
    ) -> async_graphql::Result<KpiTargetPayload> {
        let user_id = NodeKind::User.decode(&input.user_id).ok_or_else(AppError::not_found)?;
        let month = match Month::parse("month", &input.month) {
            Ok(m) => m,
            Err(e) => return Ok(KpiTargetPayload { target: None, user_errors: vec![e] }),
        };
        let goals = targets::Goals {
            visits_per_day: input.visits_per_day.0,
            groups_visited: input.groups_visited,
            new_groups: input.new_groups,
            proposals: input.proposals,
            retention_percent: input.retention_percent.0,
        };
        let (state, viewer) = (ctx.state(), ctx.viewer()?);
        let r = targets::set(state, &ctx.actor()?, viewer, user_id, month, goals, input.expected_version).await;
        let (t, user_errors) = crate::graphql::payload::split(r)?;
        Ok(KpiTargetPayload { target: t.map(KpiTarget), user_errors })
    }
}
