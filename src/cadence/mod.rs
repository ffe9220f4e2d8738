//! Visit cadence (走访频次, rule 7): how often each group must be called and visited, from its
//! service tier and its high-value members, and whether it is keeping up this month (calls) and
//! within its onsite period (month, two months or quarter, in Beijing time). Groups behind get
//! a `VISIT_DUE` task for their manager, closed as soon as the visits are recorded.
pub mod graphql;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    sea_query::ExprTrait,
    sea_query::{Expr, SelectStatement},
};

use crate::{
    clock::{beijing_at, business_date},
    error::AppResult,
    fields::Month,
    groups::{GroupStatus, ServiceTier},
    members::MemberStatus,
    settings::{self, ArpuBands},
    state::AppState,
    string_enum,
    tasks::{NewTask, TaskKind, TaskText, reconcile},
    visits::{VisitMethod, VisitStatus},
};
use entity::{customer_group, member, visit};

string_enum! {
    /// The span within which the onsite visits are counted.
    pub enum CadencePeriod {
        /// 每月
        Month = ("MONTH", "每月", "Monthly"),
        /// 每两月 (Jan–Feb, Mar–Apr, …)
        TwoMonths = ("TWO_MONTHS", "每两月", "Every two months"),
        /// 每季度
        Quarter = ("QUARTER", "每季度", "Quarterly"),
    }
}

impl CadencePeriod {
    fn months(self) -> i32 {
        match self {
            CadencePeriod::Month => 1,
            CadencePeriod::TwoMonths => 2,
            CadencePeriod::Quarter => 3,
        }
    }

    fn of_months(n: i64) -> CadencePeriod {
        match n {
            ..=1 => CadencePeriod::Month,
            2 => CadencePeriod::TwoMonths,
            _ => CadencePeriod::Quarter,
        }
    }

    /// The first and last month of the period holding `m` (calendar-aligned).
    pub fn span(self, m: Month) -> (Month, Month) {
        let n = self.months();
        let start = Month { year: m.year, month: ((m.month as i32 - 1) / n * n + 1) as u32 };
        (start, start.plus(n - 1))
    }
}

/// What a group must have (rule 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// Calls (电话) in the month.
    pub calls: u32,
    /// Onsite visits (上门 or 联谊活动) within the period.
    pub onsite: u32,
    pub period: CadencePeriod,
}

/// The cadence settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub gold_calls: u32,
    pub gold_onsite_month: u32,
    pub silver_calls: u32,
    pub silver_onsite_quarter: u32,
    pub high_value_calls: u32,
    pub high_value_onsite_every: CadencePeriod,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            gold_calls: 2,
            gold_onsite_month: 1,
            silver_calls: 1,
            silver_onsite_quarter: 1,
            high_value_calls: 1,
            high_value_onsite_every: CadencePeriod::TwoMonths,
        }
    }
}

impl Rules {
    pub async fn load<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        let n = |v: i64| std::cmp::max(v, 0) as u32;
        Ok(Self {
            gold_calls: n(settings::count(db, "cadence.gold.calls_per_month").await?),
            gold_onsite_month: n(settings::count(db, "cadence.gold.onsite_per_month").await?),
            silver_calls: n(settings::count(db, "cadence.silver.calls_per_month").await?),
            silver_onsite_quarter: n(settings::count(db, "cadence.silver.onsite_per_quarter").await?),
            high_value_calls: n(settings::count(db, "cadence.high_value.calls_per_month").await?),
            high_value_onsite_every: CadencePeriod::of_months(
                settings::count(db, "cadence.high_value.onsite_every_months").await?,
            ),
        })
    }

    /// The requirement for a group of `tier`, with or without high-value members: the most
    /// calls any applicable rule asks, and the onsite rule with the shortest period.
    pub fn requirement(&self, tier: ServiceTier, has_high_value: bool) -> Requirement {
        let mut rules: Vec<Requirement> = Vec::new();
        match tier {
            ServiceTier::Diamond | ServiceTier::Gold => rules.push(Requirement {
                calls: self.gold_calls,
                onsite: self.gold_onsite_month,
                period: CadencePeriod::Month,
            }),
            ServiceTier::Silver => rules.push(Requirement {
                calls: self.silver_calls,
                onsite: self.silver_onsite_quarter,
                period: CadencePeriod::Quarter,
            }),
            ServiceTier::Standard => {}
        }
        if has_high_value {
            rules.push(Requirement { calls: self.high_value_calls, onsite: 1, period: self.high_value_onsite_every });
        }
        let calls = rules.iter().map(|r| r.calls).max().unwrap_or(0);
        let onsite = rules
            .iter()
            .filter(|r| r.onsite > 0)
            .min_by_key(|r| (r.period.months(), std::cmp::Reverse(r.onsite)))
            .copied();
        match onsite {
            Some(r) => Requirement { calls, onsite: r.onsite, period: r.period },
            None => Requirement { calls, onsite: 0, period: CadencePeriod::Month },
        }
    }
}

/// One group's standing this month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub group_id: i64,
    pub month: Month,
    pub required: Requirement,
    pub calls_done: u32,
    pub onsite_done: u32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub high_value_members: u32,
}

impl Standing {
    pub fn compliant(&self) -> bool {
        self.calls_done >= self.required.calls && self.onsite_done >= self.required.onsite
    }

    /// How far behind, summed over calls and onsite visits (for ordering).
    pub fn shortfall(&self) -> u32 {
        self.required.calls.saturating_sub(self.calls_done) + self.required.onsite.saturating_sub(self.onsite_done)
    }
}

/// Done visits per (group, counted as call?) between two instants.
async fn done_visits<C: ConnectionTrait>(
    db: &C,
    groups: &SelectStatement,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<HashMap<(i64, bool), u32>> {
    let rows: Vec<(i64, String, i64)> = visit::Entity::find()
        .select_only()
        .column(visit::Column::GroupId)
        .column(visit::Column::Method)
        .column_as(Expr::col(visit::Column::Id).count(), "n")
        .filter(visit::Column::GroupId.in_subquery(groups.clone()))
        .filter(visit::Column::Status.eq(VisitStatus::Done))
        .filter(visit::Column::EndedAt.gte(from))
        .filter(visit::Column::EndedAt.lt(to))
        .group_by(visit::Column::GroupId)
        .group_by(visit::Column::Method)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for (g, method, n) in rows {
        let call = method == VisitMethod::Phone.as_str();
        let onsite = method == VisitMethod::Onsite.as_str() || method == VisitMethod::Event.as_str();
        if call || onsite {
            *out.entry((g, call)).or_default() += n as u32;
        }
    }
    Ok(out)
}

fn month_start(m: Month) -> DateTime<Utc> {
    beijing_at(m.first_day(), 0, 0)
}

/// The standing of every group `groups` (a subquery of ids) selects, at `now`.
pub async fn standings<C: ConnectionTrait>(
    db: &C,
    groups: SelectStatement,
    now: DateTime<Utc>,
) -> AppResult<Vec<(customer_group::Model, Standing)>> {
    let rules = Rules::load(db).await?;
    let bands = ArpuBands::load(db).await?;
    let month = Month::of(business_date(now));
    let rows = customer_group::Entity::find()
        .filter(customer_group::Column::Id.in_subquery(groups.clone()))
        .filter(customer_group::Column::ArchivedAt.is_null())
        .filter(customer_group::Column::Status.is_in([GroupStatus::Active.as_str(), GroupStatus::AtRisk.as_str()]))
        .all(db)
        .await?;
    let high_value: HashMap<i64, u32> = member::Entity::find()
        .select_only()
        .column(member::Column::GroupId)
        .column_as(Expr::col(member::Column::Id).count(), "n")
        .filter(member::Column::GroupId.in_subquery(groups.clone()))
        .filter(member::Column::ArchivedAt.is_null())
        .filter(member::Column::Status.ne(MemberStatus::Closed))
        .filter(member::Column::Arpu.gt(bands.high_above))
        .group_by(member::Column::GroupId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(g, n)| (g, n as u32))
        .collect();
    let this_month = done_visits(db, &groups, month_start(month), month_start(month.plus(1))).await?;
    let mut by_period = HashMap::new();
    for p in CadencePeriod::ALL {
        let (a, b) = p.span(month);
        by_period.insert(*p, done_visits(db, &groups, month_start(a), month_start(b.plus(1))).await?);
    }
    let mut out = Vec::new();
    for g in rows {
        let tier = g.tier;
        let hv = high_value.get(&g.id).copied().unwrap_or(0);
        let required = rules.requirement(tier, hv > 0);
        let (a, b) = required.period.span(month);
        let standing = Standing {
            group_id: g.id,
            month,
            required,
            calls_done: this_month.get(&(g.id, true)).copied().unwrap_or(0),
            onsite_done: by_period.get(&required.period).and_then(|m| m.get(&(g.id, false))).copied().unwrap_or(0),
            period_start: a.first_day(),
            period_end: b.last_day(),
            high_value_members: hv,
        };
        out.push((g, standing));
    }
    Ok(out)
}

fn one_group(id: i64) -> SelectStatement {
    customer_group::Entity::find()
        .select_only()
        .column(customer_group::Column::Id)
        .filter(customer_group::Column::Id.eq(id))
        .into_query()
}

fn task_for(g: &customer_group::Model, s: &Standing) -> NewTask {
    let calls_behind = s.calls_done < s.required.calls;
    let month_end = s.month.last_day();
    let due_day = if calls_behind { std::cmp::min(month_end, s.period_end) } else { s.period_end };
    NewTask {
        kind: TaskKind::VisitDue,
        assignee_id: g.owner_id,
        group_id: Some(g.id),
        subject_type: "CustomerGroup",
        subject_id: g.id,
        text: TaskText::VisitsBehind {
            group: g.name.clone(),
            calls: s.required.calls.saturating_sub(s.calls_done),
            onsite: s.required.onsite.saturating_sub(s.onsite_done),
            period_start: s.period_start,
            period_end: s.period_end,
        },
        due_at: beijing_at(due_day, 18, 0),
        dedupe_key: format!("cadence:{}:{}", g.id, s.month),
    }
}

/// The scheduled rule: a `VISIT_DUE` task for each group behind, closing those now on track.
pub async fn generate(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let all = customer_group::Entity::find()
        .select_only()
        .column(customer_group::Column::Id)
        .filter(customer_group::Column::ArchivedAt.is_null())
        .into_query();
    let list = standings(&txn, all, now).await?;
    let behind: Vec<NewTask> = list.iter().filter(|(_, s)| !s.compliant()).map(|(g, s)| task_for(g, s)).collect();
    let count = behind.len();
    let (made, closed) = reconcile(&txn, TaskKind::VisitDue, behind, now).await?;
    txn.commit().await?;
    Ok(crate::jobs::Summary::Cadence { groups: list.len(), behind: count, made, closed })
}

/// After a visit is recorded: the group's `VISIT_DUE` task closes when the group is on track,
/// and otherwise says at once what is still owed.
pub async fn on_visit<C: ConnectionTrait>(db: &C, group_id: i64, now: DateTime<Utc>) -> AppResult<()> {
    let list = standings(db, one_group(group_id), now).await?;
    if list.iter().all(|(_, s)| s.compliant()) {
        crate::tasks::close_for(db, TaskKind::VisitDue, "CustomerGroup", group_id, now).await?;
    } else {
        for (g, s) in &list {
            crate::tasks::refresh_key(db, &task_for(g, s), now).await?;
        }
    }
    Ok(())
}

/// Only the groups `cond` admits (for scoped reads).
pub fn group_ids(cond: Condition) -> SelectStatement {
    customer_group::Entity::find().select_only().column(customer_group::Column::Id).filter(cond).into_query()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month { year: y, month: mo }
    }

    #[test]
    fn periods_are_calendar_aligned() {
        assert_eq!(CadencePeriod::Quarter.span(m(2026, 11)), (m(2026, 10), m(2026, 12)));
        assert_eq!(CadencePeriod::Quarter.span(m(2026, 1)), (m(2026, 1), m(2026, 3)));
        assert_eq!(CadencePeriod::TwoMonths.span(m(2026, 12)), (m(2026, 11), m(2026, 12)));
        assert_eq!(CadencePeriod::TwoMonths.span(m(2027, 2)), (m(2027, 1), m(2027, 2)));
        assert_eq!(CadencePeriod::Month.span(m(2026, 2)), (m(2026, 2), m(2026, 2)));
        assert_eq!(m(2026, 2).last_day(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(m(2028, 2).last_day(), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(m(2026, 12).plus(1), m(2027, 1));
        assert_eq!(m(2027, 1).plus(-1), m(2026, 12));
    }

    #[test]
    fn requirements_follow_rule_7() {
        let r = Rules::default();
        let gold = r.requirement(ServiceTier::Gold, false);
        assert_eq!(gold, Requirement { calls: 2, onsite: 1, period: CadencePeriod::Month });
        assert_eq!(r.requirement(ServiceTier::Diamond, true), gold);
        assert_eq!(
            r.requirement(ServiceTier::Silver, false),
            Requirement { calls: 1, onsite: 1, period: CadencePeriod::Quarter }
        );
        // High-value members tighten a silver group's onsite visits to every two months.
        assert_eq!(
            r.requirement(ServiceTier::Silver, true),
            Requirement { calls: 1, onsite: 1, period: CadencePeriod::TwoMonths }
        );
        assert_eq!(
            r.requirement(ServiceTier::Standard, true),
            Requirement { calls: 1, onsite: 1, period: CadencePeriod::TwoMonths }
        );
        assert_eq!(
            r.requirement(ServiceTier::Standard, false),
            Requirement { calls: 0, onsite: 0, period: CadencePeriod::Month }
        );
    }
}
