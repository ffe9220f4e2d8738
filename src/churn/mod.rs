//! Churn warnings (离网预警, rule 9) and the retention analysis report (集团保有分析报告).
//! From the monthly revenue records: a member whose revenue fell more than 30 % against the
//! month before, or a group whose revenue fell more than 10 % against its baseline month (拍照),
//! raises a warning (kept, once per member or group and month) and a `CHURN_WARNING` task for
//! the manager; a group warning moves an active group to `AT_RISK`.
pub mod graphql;
pub mod monitor;
pub mod report;

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set, TryInsertResult,
    sea_query::ExprTrait,
    sea_query::{Expr, OnConflict},
};
use serde_json::json;

use crate::{
    audit::{Actor, Change},
    clock::business_date,
    error::AppResult,
    events,
    fields::Month,
    groups::GroupStatus,
    settings,
    state::AppState,
    tasks::{NewTask, TaskKind, TaskText, create_if_new},
};
use entity::{churn_warning, customer_group, member, member_revenue};

pub use entity::enums::ChurnWarningKind;

/// The drop from `reference` to `current` in percent (two decimals, half-up), when there was
/// revenue to fall from.
pub fn drop_percent(reference: Decimal, current: Decimal) -> Option<Decimal> {
    (reference > Decimal::ZERO).then(|| {
        ((reference - current) * Decimal::from(100) / reference)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    })
}

/// True when the fall is strictly more than `threshold` percent ("fell more than 30 %": exactly
/// 30 % does not warn). Compared exactly, before rounding.
pub fn warns(reference: Decimal, current: Decimal, threshold: Decimal) -> bool {
    reference > Decimal::ZERO && (reference - current) * Decimal::from(100) > threshold * reference
}

/// Revenue per member of the given groups in one month.
async fn month_revenue<C: ConnectionTrait>(
    db: &C,
    group_ids: &[i64],
    month: Month,
) -> AppResult<Vec<(i64, i64, Decimal)>> {
    Ok(member_revenue::Entity::find()
        .select_only()
        .column(member_revenue::Column::GroupId)
        .column(member_revenue::Column::MemberId)
        .column(member_revenue::Column::Amount)
        .filter(member_revenue::Column::GroupId.is_in(group_ids.iter().copied()))
        .filter(member_revenue::Column::Month.eq(month.to_string()))
        .into_tuple()
        .all(db)
        .await?)
}

/// The latest month with revenue recorded per group, not after `until`.
async fn latest_months<C: ConnectionTrait>(db: &C, until: Month) -> AppResult<HashMap<i64, Month>> {
    let rows: Vec<(i64, Option<String>)> = member_revenue::Entity::find()
        .select_only()
        .column(member_revenue::Column::GroupId)
        .column_as(Expr::col(member_revenue::Column::Month).max(), "m")
        .filter(member_revenue::Column::Month.lte(until.to_string()))
        .group_by(member_revenue::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(g, m)| Some((g, Month::parse("month", &m?).ok()?))).collect())
}

struct Found {
    kind: ChurnWarningKind,
    group: i64,
    member: Option<i64>,
    month: Month,
    reference_month: Month,
    reference: Decimal,
    current: Decimal,
}

/// The scheduled rule: finds the falls of each group's latest recorded month, keeps each
/// warning once, makes its task, and flags the group `AT_RISK` on a group warning.
pub async fn generate(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let member_pct = Decimal::from(settings::count(&txn, "churn.member_drop_percent").await?);
    let group_pct = Decimal::from(settings::count(&txn, "churn.group_drop_percent").await?);
    let latest = latest_months(&txn, Month::of(business_date(now))).await?;
    let groups: HashMap<i64, customer_group::Model> = customer_group::Entity::find()
        .filter(customer_group::Column::Id.is_in(latest.keys().copied()))
        .filter(customer_group::Column::ArchivedAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut by_month: HashMap<Month, Vec<i64>> = HashMap::new();
    for (g, m) in &latest {
        if groups.contains_key(g) {
            by_month.entry(*m).or_default().push(*g);
        }
    }
    let mut found = Vec::new();
    for (month, ids) in &by_month {
        for chunk in ids.chunks(500) {
            let current = month_revenue(&txn, chunk, *month).await?;
            let before = month_revenue(&txn, chunk, month.plus(-1)).await?;
            let cur: HashMap<i64, Decimal> = current.iter().map(|(_, m, a)| (*m, *a)).collect();
            for (g, m, prev) in &before {
                let now_amount = cur.get(m).copied().unwrap_or_default();
                if warns(*prev, now_amount, member_pct) {
                    found.push(Found {
                        kind: ChurnWarningKind::MemberDrop,
                        group: *g,
                        member: Some(*m),
                        month: *month,
                        reference_month: month.plus(-1),
                        reference: *prev,
                        current: now_amount,
                    });
                }
            }
            for g in chunk {
                let Some(base) = groups[g].baseline_month.as_deref().and_then(|b| Month::parse("month", b).ok()) else {
                    continue;
                };
                if base >= *month {
                    continue;
                }
                let base_rows = month_revenue(&txn, &[*g], base).await?;
                let reference: Decimal = base_rows.iter().map(|r| r.2).sum();
                let total: Decimal = current.iter().filter(|r| r.0 == *g).map(|r| r.2).sum();
                if warns(reference, total, group_pct) {
                    found.push(Found {
                        kind: ChurnWarningKind::GroupDrop,
                        group: *g,
                        member: None,
                        month: *month,
                        reference_month: base,
                        reference,
                        current: total,
                    });
                }
            }
        }
    }
    let names: HashMap<i64, (String, String)> = member::Entity::find()
        .filter(member::Column::Id.is_in(found.iter().filter_map(|f| f.member)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.name, m.phone)))
        .collect();
    let (mut made, mut flagged) = (0, 0);
    let mut changes = Vec::new();
    for f in &found {
        let g = &groups[&f.group];
        let key = match f.member {
            Some(m) => format!("member:{m}:{}", f.month),
            None => format!("group:{}:{}", f.group, f.month),
        };
        let pct = drop_percent(f.reference, f.current).unwrap_or_default();
        let inserted = churn_warning::Entity::insert(churn_warning::ActiveModel {
            kind: Set(f.kind),
            group_id: Set(f.group),
            member_id: Set(f.member),
            month: Set(f.month.to_string()),
            reference_month: Set(f.reference_month.to_string()),
            reference_amount: Set(f.reference),
            current_amount: Set(f.current),
            drop_percent: Set(pct),
            dedupe_key: Set(key.clone()),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(churn_warning::Column::DedupeKey).do_nothing().to_owned())
        .try_insert()
        .exec(&txn)
        .await?;
        if !matches!(inserted, TryInsertResult::Inserted(_)) {
            continue;
        }
        made += 1;
        let (reference_month, month) = (f.reference_month.to_string(), f.month.to_string());
        let (reference, current) = (f.reference, f.current);
        let (text, subject) = match f.member {
            Some(m) => {
                let (member, phone) = names.get(&m).cloned().unwrap_or_default();
                let group = g.name.clone();
                let text = TaskText::MemberRevenueDrop {
                    group,
                    member,
                    phone,
                    drop_percent: pct,
                    reference_month,
                    reference,
                    month,
                    current,
                };
                (text, ("Member", m))
            }
            None => {
                let group = g.name.clone();
                let text =
                    TaskText::GroupRevenueDrop { group, drop_percent: pct, reference_month, reference, month, current };
                (text, ("CustomerGroup", g.id))
            }
        };
        create_if_new(
            &txn,
            NewTask {
                kind: TaskKind::ChurnWarning,
                assignee_id: g.owner_id,
                group_id: Some(g.id),
                subject_type: subject.0,
                subject_id: subject.1,
                text,
                due_at: now + chrono::Duration::days(3),
                dedupe_key: format!("churn:{key}"),
            },
            now,
        )
        .await?;
        if f.kind == ChurnWarningKind::GroupDrop && g.status == GroupStatus::Active {
            let mut row: customer_group::ActiveModel = g.clone().into();
            row.status = Set(GroupStatus::AtRisk);
            row.version = Set(g.version + 1);
            row.updated_at = Set(now);
            row.update(&txn).await?;
            flagged += 1;
            changes.push(Change {
                action: "group.flag_at_risk",
                entity_type: "CustomerGroup",
                entity_id: Some(g.id),
                before: Some(json!({ "status": g.status })),
                after: Some(
                    json!({ "status": GroupStatus::AtRisk.as_str(), "reason": format!("集团收入较拍照月下降 {pct}%") }),
                ),
            });
        }
    }
    let system = Actor { user_id: None, request_id: None };
    events::commit(state, txn, now, &system, changes, vec![]).await?;
    Ok(crate::jobs::Summary::Churn { groups: groups.len(), warnings: made, flagged })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn thresholds_are_strict() {
        // Exactly 30 % does not warn; a fen more does.
        assert!(!warns(d("100.00"), d("70.00"), d("30")));
        assert!(warns(d("100.00"), d("69.99"), d("30")));
        assert!(!warns(d("100.00"), d("70.01"), d("30")));
        assert!(!warns(d("1000.00"), d("900.00"), d("10")));
        assert!(warns(d("1000.00"), d("899.99"), d("10")));
        // Nothing to fall from, or growth.
        assert!(!warns(d("0"), d("0"), d("10")));
        assert!(!warns(d("50"), d("80"), d("10")));
        assert_eq!(drop_percent(d("300.00"), d("200.00")), Some(d("33.33")));
        assert_eq!(drop_percent(d("3.00"), d("1.00")), Some(d("66.67")));
        assert_eq!(drop_percent(d("0"), d("1")), None);
    }
}

/// One month of a group's revenue (集团月收入).
#[derive(Clone, Debug, PartialEq)]
pub struct RevenueMonth {
    pub month: Month,
    pub revenue: Decimal,
    /// Members with revenue recorded that month.
    pub paying_members: i64,
}

impl RevenueMonth {
    /// Average revenue per paying member (ARPU), to the fen; none without paying members.
    pub fn arpu(&self) -> Option<Decimal> {
        (self.paying_members > 0).then(|| crate::fields::cents(self.revenue / Decimal::from(self.paying_members)))
    }
}

/// How many months a revenue trend shows.
pub const TREND_MONTHS: i32 = 6;

/// Each group's revenue over the [`TREND_MONTHS`] months up to its latest recorded month,
/// oldest first (a month without records is zero); no entry for a group without revenue
/// records. Two statements for any number of groups.
pub async fn revenue_trends<C: ConnectionTrait>(
    db: &C,
    groups: &[i64],
) -> Result<HashMap<i64, Vec<RevenueMonth>>, sea_orm::DbErr> {
    let latest: Vec<(i64, Option<String>)> = member_revenue::Entity::find()
        .select_only()
        .column(member_revenue::Column::GroupId)
        .column_as(Expr::col(member_revenue::Column::Month).max(), "m")
        .filter(member_revenue::Column::GroupId.is_in(groups.iter().copied()))
        .group_by(member_revenue::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    let ends: HashMap<i64, Month> =
        latest.into_iter().filter_map(|(g, m)| Some((g, Month::parse("month", &m?).ok()?))).collect();
    let Some(first) = ends.values().min().map(|m| m.plus(1 - TREND_MONTHS)) else { return Ok(HashMap::new()) };
    let rows: Vec<(i64, String, Decimal)> = member_revenue::Entity::find()
        .select_only()
        .column(member_revenue::Column::GroupId)
        .column(member_revenue::Column::Month)
        .column(member_revenue::Column::Amount)
        .filter(member_revenue::Column::GroupId.is_in(ends.keys().copied()))
        .filter(member_revenue::Column::Month.gte(first.to_string()))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<RevenueMonth>> = ends
        .iter()
        .map(|(g, end)| {
            let months = (1 - TREND_MONTHS..=0)
                .map(|n| RevenueMonth { month: end.plus(n), revenue: Decimal::ZERO, paying_members: 0 })
                .collect();
            (*g, months)
        })
        .collect();
    for (g, month, amount) in rows {
        let (Some(end), Ok(month)) = (ends.get(&g), Month::parse("month", &month)) else { continue };
        // Months before this group's window (read for another group's) are skipped.
        let Ok(back) = usize::try_from(month.until(*end)) else { continue };
        let Some(m) = out.get_mut(&g).and_then(|ms| ms.len().checked_sub(back + 1).and_then(|i| ms.get_mut(i))) else {
            continue;
        };
        m.revenue += amount;
        m.paying_members += 1;
    }
    Ok(out)
}
