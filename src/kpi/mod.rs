//! Monthly KPIs (§4, rule 11) of an account manager or of an org unit (department, branch,
//! company): visits by method and per working day, calls, portfolio and groups visited, new
//! groups, on-time proposals (rule 1), approval turnaround, win rate, pipeline value by stage,
//! installations confirmed, and the retention rate of high/mid-value members (中高端客户保有率).
//! Months are Beijing calendar months; a manager's figures follow their portfolio now.
pub mod graphql;
pub mod targets;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoSimpleExpr, JoinType, QueryFilter, QuerySelect,
    QueryTrait, RelationDef, Select,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};

use crate::{
    auth::Scope,
    calendar::WorkingCalendar,
    clock::beijing_at,
    error::AppResult,
    fields::Month,
    members::MemberStatus,
    pipeline::{BOARD, Stage},
    proposals::ProposalStatus,
    settings::{self, ArpuBands},
    visits::{VisitMethod, VisitStatus},
};
use entity::{approval_request, customer_group, installation_job, member, member_revenue, proposal, visit};

/// Whose figures: one manager's, or everything placed in a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Manager(i64),
    Scope(Scope),
}

/// The figures of one month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub visits_by_method: Vec<(VisitMethod, i64)>,
    pub visits: i64,
    pub calls: i64,
    pub working_days: i64,
    pub portfolio: i64,
    pub groups_visited: i64,
    pub new_groups: i64,
    pub proposals_due: i64,
    pub proposals_on_time: i64,
    pub approvals_decided: i64,
    pub median_approval_hours: Option<Decimal>,
    pub proposals_decided: i64,
    pub proposals_won: i64,
    pub pipeline: Vec<(Stage, i64, Decimal)>,
    pub installs_confirmed: i64,
    pub retention_baseline: i64,
    pub retention_lost: i64,
}

/// `part / whole` in percent, two decimals half-up; `None` when there is no whole.
pub fn percent(part: i64, whole: i64) -> Option<Decimal> {
    (whole > 0).then(|| {
        (Decimal::from(part) * Decimal::from(100) / Decimal::from(whole))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    })
}

/// The median of some durations, in hours with two decimals.
pub fn median_hours(mut seconds: Vec<i64>) -> Option<Decimal> {
    if seconds.is_empty() {
        return None;
    }
    seconds.sort_unstable();
    let n = seconds.len();
    let mid = if n % 2 == 1 {
        Decimal::from(seconds[n / 2])
    } else {
        (Decimal::from(seconds[n / 2 - 1]) + Decimal::from(seconds[n / 2])) / Decimal::from(2)
    };
    Some((mid / Decimal::from(3600)).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

impl Figures {
    pub fn on_time_percent(&self) -> Option<Decimal> {
        percent(self.proposals_on_time, self.proposals_due)
    }
    pub fn win_percent(&self) -> Option<Decimal> {
        percent(self.proposals_won, self.proposals_decided)
    }
    pub fn retention_percent(&self) -> Option<Decimal> {
        percent(self.retention_baseline - self.retention_lost, self.retention_baseline)
    }
    pub fn visits_per_working_day(&self) -> Decimal {
        if self.working_days == 0 {
            return Decimal::ZERO;
        }
        (Decimal::from(self.visits) / Decimal::from(self.working_days))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }
}

/// Whose figures, computed together: several managers' (each keyed by user id, so a team costs
/// the queries of one manager), or one scope's (keyed 0).
#[derive(Clone, Debug)]
enum Who {
    Managers(Vec<i64>),
    Scope(Scope),
}

/// The key a scope's rows carry.
const SCOPE_KEY: i64 = 0;

impl Who {
    fn keys(&self) -> Vec<i64> {
        match self {
            Who::Managers(ids) => ids.clone(),
            Who::Scope(_) => vec![SCOPE_KEY],
        }
    }

    /// The groups in question (by current placement).
    fn groups(&self) -> SelectStatement {
        use customer_group::Column as G;
        let cond = match self {
            Who::Managers(ids) => Condition::all().add(G::OwnerId.is_in(ids.iter().copied())),
            Who::Scope(s) => s.condition(G::OwnerId, G::DepartmentId, G::BranchId),
        };
        customer_group::Entity::find().select_only().column(G::Id).filter(cond).into_query()
    }

    /// `q` narrowed to whose rows they are, selecting the key first: the manager's rows are
    /// theirs by `person` (who visited, owns, asked), a scope's are those of its groups.
    fn keyed<E: EntityTrait>(&self, q: Select<E>, person: impl ColumnTrait, group: impl ColumnTrait) -> Select<E> {
        let q = q.select_only();
        match self {
            Who::Managers(ids) => q.column_as(person, "k").filter(person.is_in(ids.iter().copied())),
            Who::Scope(_) => q.expr_as(Expr::val(SCOPE_KEY), "k").filter(group.in_subquery(self.groups())),
        }
    }

    /// `q` (rows of the groups in question, joined to their group) selecting the group owner as
    /// the key for managers.
    fn keyed_by_owner<E: EntityTrait>(&self, q: Select<E>, rel: RelationDef) -> Select<E> {
        let q = q.select_only();
        match self {
            Who::Managers(_) => q.join(JoinType::InnerJoin, rel).column_as(customer_group::Column::OwnerId, "k"),
            Who::Scope(_) => q.expr_as(Expr::val(SCOPE_KEY), "k"),
        }
    }

    /// Counts `q` per key (rows selected by one of the `keyed` functions).
    async fn count_per_key<C: ConnectionTrait, E: EntityTrait>(
        &self,
        db: &C,
        q: Select<E>,
        key: impl IntoSimpleExpr,
    ) -> AppResult<HashMap<i64, i64>> {
        let q = q.expr_as(Expr::cust("COUNT(*)"), "n");
        let q = if matches!(self, Who::Managers(_)) { q.group_by(key) } else { q };
        Ok(q.into_tuple::<(i64, i64)>().all(db).await?.into_iter().collect())
    }
}

fn month_bounds(m: Month) -> (DateTime<Utc>, DateTime<Utc>) {
    (beijing_at(m.first_day(), 0, 0), beijing_at(m.plus(1).first_day(), 0, 0))
}

/// Computes the subject's figures for `month`, as known at `now` (revenue is judged only for
/// months complete by then).
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    subject: Subject,
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<Figures> {
    let (who, key) = match subject {
        Subject::Manager(u) => (Who::Managers(vec![u]), u),
        Subject::Scope(s) => (Who::Scope(s), SCOPE_KEY),
    };
    Ok(compute_all(db, &who, month, now).await?.remove(&key).unwrap_or_default())
}

/// Computes each manager's figures for `month`, in the statements one manager's would take.
pub async fn compute_managers<C: ConnectionTrait>(
    db: &C,
    managers: &[i64],
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<HashMap<i64, Figures>> {
    if managers.is_empty() {
        return Ok(HashMap::new()); // a unit without managers: nothing to ask the database
    }
    compute_all(db, &Who::Managers(managers.to_vec()), month, now).await
}

async fn compute_all<C: ConnectionTrait>(
    db: &C,
    who: &Who,
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<HashMap<i64, Figures>> {
    let (from, to) = month_bounds(month);
    let cal = WorkingCalendar::load(db, month.first_day()).await?;
    let working_days =
        month.first_day().iter_days().take_while(|d| *d <= month.last_day()).filter(|d| cal.is_working_day(*d)).count()
            as i64;
    let mut out: HashMap<i64, Figures> =
        who.keys().into_iter().map(|k| (k, Figures { working_days, ..Figures::default() })).collect();

    // Visits done in the month: by the manager, or in the scope's groups.
    let visits: Vec<(i64, i64, String)> = who
        .keyed(visit::Entity::find(), visit::Column::ManagerId, visit::Column::GroupId)
        .column(visit::Column::GroupId)
        .column(visit::Column::Method)
        .filter(visit::Column::Status.eq(VisitStatus::Done))
        .filter(visit::Column::EndedAt.gte(from))
        .filter(visit::Column::EndedAt.lt(to))
        .into_tuple()
        .all(db)
        .await?;

    let live_groups = || {
        who.keyed(customer_group::Entity::find(), customer_group::Column::OwnerId, customer_group::Column::Id)
            .filter(customer_group::Column::ArchivedAt.is_null())
    };
    let portfolio = who.count_per_key(db, live_groups(), customer_group::Column::OwnerId).await?;
    let new_groups = who
        .count_per_key(
            db,
            live_groups()
                .filter(customer_group::Column::CreatedAt.gte(from))
                .filter(customer_group::Column::CreatedAt.lt(to)),
            customer_group::Column::OwnerId,
        )
        .await?;

    let proposals = || who.keyed(proposal::Entity::find(), proposal::Column::OwnerId, proposal::Column::GroupId);
    let due: Vec<(i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>)> = proposals()
        .column(proposal::Column::DueAt)
        .column(proposal::Column::SentAt)
        .filter(proposal::Column::DueAt.gte(from))
        .filter(proposal::Column::DueAt.lt(to))
        .into_tuple()
        .all(db)
        .await?;
    let decided: Vec<(i64, String)> = proposals()
        .column(proposal::Column::Status)
        .filter(proposal::Column::DecidedAt.gte(from))
        .filter(proposal::Column::DecidedAt.lt(to))
        .filter(proposal::Column::Status.is_in([ProposalStatus::Accepted.as_str(), ProposalStatus::Rejected.as_str()]))
        .into_tuple()
        .all(db)
        .await?;
    let board: Vec<(i64, String, Decimal)> = proposals()
        .column(proposal::Column::Stage)
        .column(proposal::Column::Value)
        .filter(proposal::Column::Stage.is_in(BOARD.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;

    let turn: Vec<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> = who
        .keyed(
            approval_request::Entity::find(),
            approval_request::Column::RequesterId,
            approval_request::Column::GroupId,
        )
        .column(approval_request::Column::CreatedAt)
        .column(approval_request::Column::DecidedAt)
        .filter(approval_request::Column::DecidedAt.gte(from))
        .filter(approval_request::Column::DecidedAt.lt(to))
        .filter(approval_request::Column::Status.is_in(["APPROVED", "REJECTED"]))
        .into_tuple()
        .all(db)
        .await?;

    let job_group = installation_job::Entity::belongs_to(customer_group::Entity)
        .from(installation_job::Column::GroupId)
        .to(customer_group::Column::Id)
        .into();
    let installs = who
        .count_per_key(
            db,
            who.keyed_by_owner(installation_job::Entity::find(), job_group)
                .filter(installation_job::Column::GroupId.in_subquery(who.groups()))
                .filter(installation_job::Column::ConfirmedAt.gte(from))
                .filter(installation_job::Column::ConfirmedAt.lt(to)),
            customer_group::Column::OwnerId,
        )
        .await?;

    let (baseline, retained) = retention(db, who, month, now).await?;

    // Each row once, into its key's figures.
    let mut visited: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut hours: HashMap<i64, Vec<i64>> = HashMap::new();
    for f in out.values_mut() {
        f.visits_by_method = VisitMethod::ALL.iter().map(|m| (*m, 0)).collect();
        f.pipeline = BOARD.iter().map(|s| (*s, 0, Decimal::ZERO)).collect();
    }
    for (k, group, method) in &visits {
        let Some(f) = out.get_mut(k) else { continue };
        f.visits += 1;
        f.calls += i64::from(method == VisitMethod::Phone.as_str());
        if let Some(n) = f.visits_by_method.iter_mut().find(|(m, _)| m.as_str() == method) {
            n.1 += 1;
        }
        visited.entry(*k).or_default().insert(*group);
    }
    for (k, due_at, sent_at) in &due {
        let Some(f) = out.get_mut(k) else { continue };
        f.proposals_due += 1;
        f.proposals_on_time += i64::from(matches!((due_at, sent_at), (Some(d), Some(s)) if s <= d));
    }
    for (k, status) in &decided {
        let Some(f) = out.get_mut(k) else { continue };
        f.proposals_decided += 1;
        f.proposals_won += i64::from(status == ProposalStatus::Accepted.as_str());
    }
    for (k, stage, value) in &board {
        let Some(f) = out.get_mut(k) else { continue };
        if let Some(s) = f.pipeline.iter_mut().find(|(s, _, _)| s.as_str() == stage) {
            s.1 += 1;
            s.2 += *value;
        }
    }
    for (k, created, decided) in &turn {
        if let Some(d) = decided {
            hours.entry(*k).or_default().push((*d - *created).num_seconds());
        }
    }
    for (k, f) in out.iter_mut() {
        f.groups_visited = visited.get(k).map_or(0, |g| g.len() as i64);
        f.portfolio = portfolio.get(k).copied().unwrap_or(0);
        f.new_groups = new_groups.get(k).copied().unwrap_or(0);
        let turn = hours.remove(k).unwrap_or_default();
        f.approvals_decided = turn.len() as i64;
        f.median_approval_hours = median_hours(turn);
        f.installs_confirmed = installs.get(k).copied().unwrap_or(0);
        f.retention_baseline = baseline.get(k).copied().unwrap_or(0);
        f.retention_lost = f.retention_baseline - retained.get(k).copied().unwrap_or(0);
    }
    Ok(out)
}

/// Rule 11 over the groups with a baseline month before `month`: the members high or mid value
/// in the baseline month (ARPU at least the mid threshold), and those of them still customers:
/// not closed, and billed at least the low-ARPU threshold in one of the last N months up to
/// `month` — complete months only: the month in progress has not been billed yet, so it is
/// judged on the months before it. Counted by the database in two queries per key, whatever the
/// number of groups and members. Returns (baseline, retained) per key.
async fn retention<C: ConnectionTrait>(
    db: &C,
    who: &Who,
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<(HashMap<i64, i64>, HashMap<i64, i64>)> {
    use member_revenue::Column as R;
    let bands = ArpuBands::load(db).await?;
    let low = settings::amount(db, "retention.low_arpu_below").await?;
    let months = settings::count(db, "retention.low_arpu_months").await?;
    let months = std::cmp::max(months, 1) as i32;
    // (group, baseline month) of the groups with something to compare: months are `YYYY-MM`,
    // so they order as text.
    let baselines = customer_group::Entity::find()
        .select_only()
        .column(customer_group::Column::Id)
        .column(customer_group::Column::BaselineMonth)
        .filter(customer_group::Column::Id.in_subquery(who.groups()))
        .filter(customer_group::Column::BaselineMonth.is_not_null())
        .filter(customer_group::Column::BaselineMonth.lt(month.to_string()))
        .into_query();
    let pair = |a: R, b: R| Expr::tuple([Expr::col(a), Expr::col(b)]);
    // The baseline: each member's revenue row of its group's baseline month, high or mid value.
    let revenue_group = member_revenue::Entity::belongs_to(customer_group::Entity)
        .from(R::GroupId)
        .to(customer_group::Column::Id)
        .into();
    let baseline = who
        .keyed_by_owner(member_revenue::Entity::find(), revenue_group)
        .filter(pair(R::GroupId, R::Month).in_subquery(baselines))
        .filter(R::Amount.gte(bands.mid_from));
    // Still a customer: billed at least the low threshold in the group in some month of the window.
    let last = std::cmp::min(month, Month::of(crate::clock::business_date(now)).plus(-1));
    let window: Vec<String> = (0..months).map(|i| last.plus(-i).to_string()).collect();
    let w = Alias::new("w");
    let kept = Query::select()
        .expr(Expr::val(1))
        .from_as(member_revenue::Entity, w.clone())
        .and_where(Expr::col((w.clone(), R::MemberId)).equals((member_revenue::Entity, R::MemberId)))
        .and_where(Expr::col((w.clone(), R::GroupId)).equals((member_revenue::Entity, R::GroupId)))
        .and_where(Expr::col((w.clone(), R::Month)).is_in(window))
        .and_where(Expr::col((w, R::Amount)).gte(low))
        .to_owned();
    let closed = member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .filter(member::Column::Status.eq(MemberStatus::Closed))
        .into_query();
    // Counted as the retained (a semi-join both engines plan well) rather than as the lost
    // (an OR of subqueries, which PostgreSQL can only check row by row).
    let retained = baseline.clone().filter(R::MemberId.not_in_subquery(closed)).filter(Expr::exists(kept));
    let owner = customer_group::Column::OwnerId;
    Ok((who.count_per_key(db, baseline, owner).await?, who.count_per_key(db, retained, owner).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_and_medians() {
        assert_eq!(percent(2, 3), Some("66.67".parse().unwrap()));
        assert_eq!(percent(0, 0), None);
        assert_eq!(median_hours(vec![3600, 7200, 36000]), Some(Decimal::from(2)));
        assert_eq!(median_hours(vec![3600, 7200]), Some("1.5".parse().unwrap()));
        assert_eq!(median_hours(vec![]), None);
    }
}
