//! The retention analysis report (集团保有分析报告) of a group with a baseline month: baseline
//! and current members and revenue, members by status, revenue and number loss rates, members
//! whose revenue fell over 10 %, and the manager's causes, measures and outcome.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set, sea_query::ExprTrait,
};
use serde_json::json;

use super::drop_percent;
use crate::fields::Described;
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::{Check, Month},
    members::MemberStatus,
    state::{AppState, Lang},
};
use entity::{customer_group, member, member_revenue, retention_report};

/// A member whose revenue fell over 10 % from the baseline month.
#[derive(Clone, Debug)]
pub struct Falling {
    pub member: member::Model,
    pub reference: Decimal,
    pub current: Decimal,
    pub drop: Decimal,
}

/// The figures of the report and what the manager wrote.
#[derive(Clone, Debug)]
pub struct Report {
    pub group: customer_group::Model,
    pub baseline_month: Month,
    pub current_month: Option<Month>,
    pub baseline_members: i64,
    pub baseline_revenue: Decimal,
    pub current_members: i64,
    pub current_revenue: Decimal,
    /// Members (not archived) by status: active, suspended, pending close, forwarded, closed.
    pub by_status: [i64; 5],
    pub revenue_loss: Decimal,
    pub number_loss: Decimal,
    pub falling: Vec<Falling>,
    pub saved: Option<retention_report::Model>,
}

/// The statuses counted, in the report's order.
pub const STATUSES: [MemberStatus; 5] = [
    MemberStatus::Active,
    MemberStatus::Suspended,
    MemberStatus::PendingClose,
    MemberStatus::Forwarded,
    MemberStatus::Closed,
];

/// Members whose revenue fell more than this percent are listed.
const FALLING_ABOVE: i64 = 10;

async fn revenue<C: ConnectionTrait>(db: &C, group: i64, month: Month) -> AppResult<HashMap<i64, Decimal>> {
    let rows: Vec<(i64, Decimal)> = member_revenue::Entity::find()
        .select_only()
        .column(member_revenue::Column::MemberId)
        .column(member_revenue::Column::Amount)
        .filter(member_revenue::Column::GroupId.eq(group))
        .filter(member_revenue::Column::Month.eq(month.to_string()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The report of `group`, or `None` before a baseline month is set.
pub async fn build<C: ConnectionTrait>(db: &C, group: customer_group::Model) -> AppResult<Option<Report>> {
    let Some(baseline_month) = group.baseline_month.as_deref().and_then(|m| Month::parse("month", m).ok()) else {
        return Ok(None);
    };
    let latest: Option<String> = member_revenue::Entity::find()
        .select_only()
        .column_as(sea_orm::sea_query::Expr::col(member_revenue::Column::Month).max(), "m")
        .filter(member_revenue::Column::GroupId.eq(group.id))
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten();
    let current_month = latest.and_then(|m| Month::parse("month", &m).ok()).filter(|m| *m > baseline_month);
    let base = revenue(db, group.id, baseline_month).await?;
    let cur = match current_month {
        Some(m) => revenue(db, group.id, m).await?,
        None => base.clone(),
    };
    let members = member::Entity::find()
        .filter(member::Column::GroupId.eq(group.id))
        .filter(member::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    let mut by_status = [0i64; 5];
    for m in &members {
        if let Some(i) = STATUSES.iter().position(|s| *s == m.status) {
            by_status[i] += 1;
        }
    }
    let baseline_revenue: Decimal = base.values().copied().sum();
    let current_revenue: Decimal = cur.values().copied().sum();
    let closed_since =
        members.iter().filter(|m| base.contains_key(&m.id) && m.status == MemberStatus::Closed).count() as i64;
    let pct = |part: Decimal, whole: Decimal| drop_percent(whole, whole - part).unwrap_or_default();
    let mut falling: Vec<Falling> = members
        .iter()
        .filter_map(|m| {
            let reference = *base.get(&m.id)?;
            let current = cur.get(&m.id).copied().unwrap_or_default();
            super::warns(reference, current, Decimal::from(FALLING_ABOVE)).then(|| Falling {
                member: m.clone(),
                reference,
                current,
                drop: drop_percent(reference, current).unwrap_or_default(),
            })
        })
        .collect();
    falling.sort_by(|a, b| b.drop.cmp(&a.drop).then(a.member.id.cmp(&b.member.id)));
    let saved = retention_report::Entity::find_by_id(group.id).one(db).await?;
    Ok(Some(Report {
        baseline_month,
        current_month,
        baseline_members: base.len() as i64,
        current_members: cur.len() as i64,
        by_status,
        revenue_loss: drop_percent(baseline_revenue, current_revenue).unwrap_or_default(),
        number_loss: pct(Decimal::from(closed_since), Decimal::from(base.len() as i64)),
        baseline_revenue,
        current_revenue,
        falling,
        saved,
        group,
    }))
}

/// An amount or percent with two decimals, as on paper (SQLite gives back `100` for `100.00`).
fn two(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    d.to_string()
}

impl Report {
    /// The whole report as CSV (UTF-8) with headings in `lang`: the figures, then the falling
    /// members, then the text.
    pub fn csv(&self, lang: Lang) -> AppResult<String> {
        let t = |zh: &str, en: &str| if lang == Lang::En { en.to_string() } else { zh.to_string() };
        // Sections have different widths.
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        let current = self.current_month.map_or_else(|| self.baseline_month.to_string(), |m| m.to_string());
        let rows: Vec<[String; 2]> = vec![
            [t("集团保有分析报告", "Group retention report"), String::new()],
            [t("集团名称", "Group"), self.group.name.clone()],
            [t("集团编号", "Group code"), self.group.code.clone()],
            [t("拍照月", "Baseline month"), self.baseline_month.to_string()],
            [t("当前月", "Current month"), current],
            [t("拍照月成员数", "Members in the baseline month"), self.baseline_members.to_string()],
            [t("拍照月收入（元）", "Revenue in the baseline month (CNY)"), two(self.baseline_revenue)],
            [t("当前成员数", "Members now"), self.current_members.to_string()],
            [t("当前收入（元）", "Revenue now (CNY)"), two(self.current_revenue)],
            [t("收入流失率（%）", "Revenue loss (%)"), two(self.revenue_loss)],
            [t("号码流失率（%）", "Number loss (%)"), two(self.number_loss)],
        ];
        // Members by status, named as the status is labelled, after the counts.
        let by_status = STATUSES.iter().zip(self.by_status).map(|(s, n)| {
            let f = s.facts();
            [if lang == Lang::En { f.en } else { f.zh }.to_string(), n.to_string()]
        });
        let (counts, rates) = rows.split_at(rows.len() - 2);
        let e = |e: csv::Error| AppError::internal(e);
        for r in counts.iter().cloned().chain(by_status).chain(rates.iter().cloned()) {
            w.write_record(&r).map_err(e)?;
        }
        w.write_record(["", ""]).map_err(e)?;
        w.write_record([
            t("收入下降超过10%的成员", "Members whose revenue fell more than 10%"),
            t("号码", "Number"),
            t("拍照月收入", "Baseline revenue"),
            t("当前收入", "Revenue now"),
            t("下降（%）", "Drop (%)"),
        ])
        .map_err(e)?;
        for f in &self.falling {
            w.write_record([
                f.member.name.clone(),
                f.member.phone.clone(),
                two(f.reference),
                two(f.current),
                two(f.drop),
            ])
            .map_err(e)?;
        }
        w.write_record(["", ""]).map_err(e)?;
        let text = |f: fn(&retention_report::Model) -> &Option<String>| {
            self.saved.as_ref().and_then(|s| f(s).clone()).unwrap_or_default()
        };
        w.write_record([t("原因分析", "Causes"), text(|s| &s.causes)]).map_err(e)?;
        w.write_record([t("保有措施", "Measures"), text(|s| &s.measures)]).map_err(e)?;
        w.write_record([t("保有结果", "Outcome"), text(|s| &s.outcome)]).map_err(e)?;
        let bytes = w.into_inner().map_err(|e| AppError::internal(e.to_string()))?;
        String::from_utf8(bytes).map_err(AppError::internal)
    }
}

/// Saves the causes, measures and outcome of a group's report (its manager, or a head above).
pub async fn update(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    expected_version: i32,
    texts: [Option<&str>; 3],
) -> AppResult<retention_report::Model> {
    let mut c = Check::new();
    let causes = c.opt_text("causes", texts[0], 4000);
    let measures = c.opt_text("measures", texts[1], 4000);
    let outcome = c.opt_text("outcome", texts[2], 4000);
    c.finish(|| ())?;
    let now: DateTime<Utc> = state.now();
    let txn = crate::db::write(&state.db).await?;
    let group = customer_group::Entity::find_by_id(group_id)
        .one(&txn)
        .await?
        .filter(|g| crate::groups::visible(viewer, g))
        .ok_or_else(AppError::not_found)?;
    if matches!(viewer.role, crate::auth::Role::Installer | crate::auth::Role::ServiceDesk | crate::auth::Role::Billing)
    {
        return Err(AppError::not_found());
    }
    if group.baseline_month.is_none() {
        return Err(UserError::new(
            "groupId",
            UserErrorCode::PreconditionFailed,
            "请先设置拍照月",
            "Set the group's baseline month first",
        )
        .into());
    }
    let before = retention_report::Entity::find_by_id(group_id).one(&txn).await?;
    let current_version = before.as_ref().map_or(0, |r| r.version);
    if current_version != expected_version {
        return Err(AppError::stale_version());
    }
    let row = retention_report::ActiveModel {
        group_id: Set(group_id),
        causes: Set(causes),
        measures: Set(measures),
        outcome: Set(outcome),
        version: Set(current_version + 1),
        updated_by: Set(viewer.user_id),
        updated_at: Set(now),
    };
    let after = if before.is_some() {
        // Conditional on the version read, so two saves cannot both win.
        let r = retention_report::Entity::update_many()
            .set(row)
            .filter(retention_report::Column::GroupId.eq(group_id))
            .filter(retention_report::Column::Version.eq(current_version))
            .exec(&txn)
            .await?;
        if r.rows_affected != 1 {
            return Err(AppError::stale_version());
        }
        retention_report::Entity::find_by_id(group_id).one(&txn).await?.ok_or_else(AppError::not_found)?
    } else {
        row.insert(&txn)
            .await
            .map_err(|e| if AppError::is_unique_violation(&e) { AppError::stale_version() } else { e.into() })?
    };
    let snap = |r: &retention_report::Model| json!({ "causes": r.causes, "measures": r.measures, "outcome": r.outcome, "version": r.version });
    audit::commit(
        state,
        txn,
        now,
        actor,
        Change {
            action: "retention_report.update",
            entity_type: "CustomerGroup",
            entity_id: Some(group_id),
            before: before.as_ref().map(snap),
            after: Some(snap(&after)),
        },
    )
    .await?;
    Ok(after)
}
