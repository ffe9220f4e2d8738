//! Settings an admin changes without a release (domain.md: every fixed number is a default).
pub mod graphql;

use std::str::FromStr;

use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

use crate::{
    audit::{self, Actor, Change},
    error::{AppError, AppResult, UserError, UserErrorCode},
    state::AppState,
};
use entity::setting::{Column, Entity, Model};

/// What kind of value a setting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An amount of money (CNY) from 0 to `max` yuan, at most 2 decimal places.
    Amount { max: i64 },
    /// A whole number within bounds.
    Count { min: i64, max: i64 },
    /// An approver role of the chain (`DEPARTMENT_HEAD`, `BRANCH_MANAGER`, `GENERAL_MANAGER`), or `NONE`.
    Approver,
}

/// A setting the product knows.
pub struct Known {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: Kind,
    /// Used when the row is missing.
    pub default: &'static str,
}

const fn known(key: &'static str, zh: &'static str, en: &'static str, kind: Kind, default: &'static str) -> Known {
    Known { key, zh, en, kind, default }
}

const DAYS: Kind = Kind::Count { min: 1, max: 365 };

/// The settings the product knows, with their meaning. Values are stored as text.
pub const KNOWN: [Known; 35] = [
    known(
        "member.arpu.high_above",
        "高价值成员 ARPU 下限（高于此值，元）",
        "ARPU above which a member is high value (CNY)",
        ARPU,
        "60.00",
    ),
    known(
        "member.arpu.mid_from",
        "中价值成员 ARPU 下限（不低于此值，元）",
        "ARPU from which a member is mid value (CNY)",
        ARPU,
        "30.00",
    ),
    known("proposal.validity_days", "方案发出后的有效天数", "Days a sent proposal stays valid", DAYS, "30"),
    known(
        "proposal.follow_up_first_days",
        "方案发出后首次跟进（天）",
        "Days after sending until the first follow-up call",
        DAYS,
        "2",
    ),
    known(
        "proposal.follow_up_every_days",
        "客户未决定时的跟进间隔（天）",
        "Days between follow-ups while the customer decides",
        DAYS,
        "7",
    ),
    known(
        "contract.renewal_notice_days",
        "合同到期前提醒续约（天）",
        "Days before a contract ends that renewal is due",
        DAYS,
        "90",
    ),
    known(
        "fault.contact_minutes",
        "故障须在多少分钟内联系工程",
        "Minutes within which a fault must reach engineering",
        Kind::Count { min: 1, max: 1440 },
        "10",
    ),
    known(
        "complaint.reply_hours",
        "投诉答复时限（小时，通信质量/服务质量/其他）",
        "Hours to answer a complaint (network, service, other)",
        Kind::Count { min: 1, max: 720 },
        "24",
    ),
    known(
        "complaint.billing_reply_hours",
        "计费类投诉答复时限（小时）",
        "Hours to answer a billing complaint",
        Kind::Count { min: 1, max: 720 },
        "48",
    ),
    known(
        "retention.auto_dispatch",
        "拆机申请直接派给集团客户经理（1 是，0 由部门负责人派单）",
        "Send disconnection requests straight to the group's manager (1 yes, 0 the head dispatches)",
        Kind::Count { min: 0, max: 1 },
        "0",
    ),
    known(
        "install.follow_up_days",
        "竣工确认后回访（天）",
        "Days after an installation is confirmed until the follow-up visit",
        DAYS,
        "7",
    ),
    known(
        "install.follow_up_months",
        "确认后按月上门回访的次数",
        "Monthly onsite visits planned after the follow-up visit",
        Kind::Count { min: 0, max: 12 },
        "3",
    ),
    known(
        "cadence.gold.calls_per_month",
        "钻石/金牌集团每月电话次数",
        "Calls a month for diamond and gold groups",
        VISITS,
        "2",
    ),
    known(
        "cadence.gold.onsite_per_month",
        "钻石/金牌集团每月上门次数",
        "Onsite visits a month for diamond and gold groups",
        VISITS,
        "1",
    ),
    known("cadence.silver.calls_per_month", "银牌集团每月电话次数", "Calls a month for silver groups", VISITS, "1"),
    known(
        "cadence.silver.onsite_per_quarter",
        "银牌集团每季度上门次数",
        "Onsite visits a quarter for silver groups",
        VISITS,
        "1",
    ),
    known(
        "cadence.high_value.calls_per_month",
        "有高价值成员的集团每月电话次数",
        "Calls a month for groups with high-value members",
        VISITS,
        "1",
    ),
    known(
        "cadence.high_value.onsite_every_months",
        "有高价值成员的集团每几个月上门一次（1、2、3）",
        "Months between onsite visits for groups with high-value members (1, 2 or 3)",
        Kind::Count { min: 1, max: 3 },
        "2",
    ),
    known("care.birthday_lead_days", "生日关怀提前天数", "Days ahead a birthday makes a care task", DAYS, "7"),
    known(
        "care.key_date_lead_days",
        "集团纪念日关怀提前天数",
        "Days ahead a group's key date makes a care task",
        DAYS,
        "7",
    ),
    known("care.holiday_lead_days", "节日关怀提前天数", "Days ahead a holiday makes care tasks", DAYS, "30"),
    known(
        "churn.member_drop_percent",
        "成员收入环比下降超过（%）预警",
        "Member revenue drop month on month above which to warn (%)",
        PERCENT,
        "30",
    ),
    known(
        "churn.group_drop_percent",
        "集团收入较拍照月下降超过（%）预警",
        "Group revenue drop against the baseline above which to warn (%)",
        PERCENT,
        "10",
    ),
    known(
        "retention.low_arpu_below",
        "保有率：ARPU 低于此值（元）视为流失",
        "Retention: ARPU below which a member counts as lost (CNY)",
        ARPU,
        "50.00",
    ),
    known(
        "retention.low_arpu_months",
        "保有率：ARPU 连续低于阈值的月数",
        "Retention: months in a row under that ARPU to count as lost",
        Kind::Count { min: 1, max: 12 },
        "3",
    ),
    known("number.grade_a.prestore", "甲级号码预存（元）", "Grade A number prestore (CNY)", FEE, "3600.00"),
    known(
        "number.grade_a.monthly_minimum",
        "甲级号码月最低消费（元）",
        "Grade A number monthly minimum (CNY)",
        FEE,
        "300.00",
    ),
    known("number.grade_a.approver", "甲级号码审批人", "Grade A number approver", Kind::Approver, "GENERAL_MANAGER"),
    known("number.grade_b.prestore", "乙级号码预存（元）", "Grade B number prestore (CNY)", FEE, "1200.00"),
    known(
        "number.grade_b.monthly_minimum",
        "乙级号码月最低消费（元）",
        "Grade B number monthly minimum (CNY)",
        FEE,
        "100.00",
    ),
    known("number.grade_b.approver", "乙级号码审批人", "Grade B number approver", Kind::Approver, "BRANCH_MANAGER"),
    known("number.grade_c.prestore", "丙级号码预存（元）", "Grade C number prestore (CNY)", FEE, "200.00"),
    known(
        "refund.tier_branch",
        "补退费：月累计达此金额（元）须分公司主管领导审批",
        "Billing adjustments: monthly total from which the branch manager approves (CNY)",
        FEE,
        "200.00",
    ),
    known(
        "refund.tier_general",
        "补退费：月累计达此金额（元）须总经理审批",
        "Billing adjustments: monthly total from which the general manager approves (CNY)",
        FEE,
        "500.00",
    ),
    known(
        "gift.approval_above",
        "公关礼品：一次发放价值超过此金额（元）须部门负责人审批",
        "PR gifts: an issue worth more than this (CNY) needs the department head's approval",
        FEE,
        "200.00",
    ),
];

const VISITS: Kind = Kind::Count { min: 0, max: 31 };
/// A monthly revenue threshold per member.
const ARPU: Kind = Kind::Amount { max: 100_000 };
/// A prestore or monthly minimum for a number.
const FEE: Kind = Kind::Amount { max: 10_000_000 };
const PERCENT: Kind = Kind::Count { min: 1, max: 99 };

/// A setting's text value, or its default when the row is missing.
pub async fn text<C: ConnectionTrait>(db: &C, key: &str) -> AppResult<String> {
    let def =
        KNOWN.iter().find(|k| k.key == key).ok_or_else(|| AppError::internal(format!("unknown setting {key}")))?;
    let row = Entity::find_by_id(key.to_string()).one(db).await?;
    Ok(row.map_or_else(|| def.default.to_string(), |r| r.value))
}

/// An amount setting, or its default when missing or unreadable.
pub async fn amount<C: ConnectionTrait>(db: &C, key: &str) -> AppResult<Decimal> {
    let v = text(db, key).await?;
    Ok(Decimal::from_str(v.trim()).unwrap_or_default())
}

/// A whole-number setting, or its default when missing or unreadable.
pub async fn count<C: ConnectionTrait>(db: &C, key: &str) -> AppResult<i64> {
    let def =
        KNOWN.iter().find(|k| k.key == key).ok_or_else(|| AppError::internal(format!("unknown setting {key}")))?;
    let row = Entity::find_by_id(key.to_string()).one(db).await?;
    Ok(row.and_then(|r| r.value.trim().parse().ok()).or_else(|| def.default.parse().ok()).unwrap_or(0))
}

/// Value-band thresholds (domain.md §2: HIGH > ¥60, MID ¥30–60, LOW < ¥30).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArpuBands {
    pub high_above: Decimal,
    pub mid_from: Decimal,
}

impl Default for ArpuBands {
    fn default() -> Self {
        Self { high_above: Decimal::from(60), mid_from: Decimal::from(30) }
    }
}

impl ArpuBands {
    pub async fn load<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        let rows = Entity::find().all(db).await?;
        let get = |key: &str, default: Decimal| {
            rows.iter().find(|r| r.key == key).and_then(|r| Decimal::from_str(&r.value).ok()).unwrap_or(default)
        };
        let d = Self::default();
        Ok(Self { high_above: get(KNOWN[0].key, d.high_above), mid_from: get(KNOWN[1].key, d.mid_from) })
    }
}

/// Changes one setting, checking its value makes sense with the others.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    key: &str,
    value: &str,
    expected_version: i32,
) -> AppResult<Model> {
    let Some(def) = KNOWN.iter().find(|k| k.key == key) else {
        return Err(UserError::new("key", UserErrorCode::NotFound, "没有这个设置项", "Unknown setting").into());
    };
    let stored = match def.kind {
        Kind::Amount { max } => Decimal::from_str(value.trim())
            .ok()
            .filter(|d| !d.is_sign_negative() && *d <= Decimal::from(max) && d.normalize().scale() <= 2)
            .ok_or_else(|| {
                UserError::new(
                    "value",
                    UserErrorCode::Invalid,
                    format!("须为 0 到 {max} 元之间的金额，最多两位小数"),
                    format!("Must be an amount from 0 to {max} CNY with at most 2 decimal places"),
                )
            })?
            .round_dp(2)
            .to_string(),
        Kind::Count { min, max } => value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                UserError::new(
                    "value",
                    UserErrorCode::Invalid,
                    format!("须为 {min} 到 {max} 之间的整数"),
                    format!("Must be a whole number from {min} to {max}"),
                )
            })?
            .to_string(),
        Kind::Approver => {
            let v = value.trim();
            if v != "NONE" && !crate::approvals::CHAIN_ROLES.iter().any(|r| r.as_str() == v) {
                return Err(UserError::new(
                    "value",
                    UserErrorCode::Invalid,
                    "须为 DEPARTMENT_HEAD、BRANCH_MANAGER、GENERAL_MANAGER 或 NONE",
                    "Must be DEPARTMENT_HEAD, BRANCH_MANAGER, GENERAL_MANAGER or NONE",
                )
                .into());
            }
            v.to_string()
        }
    };
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(key.to_string()).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if key == KNOWN[0].key || key == KNOWN[1].key {
        let mut bands = ArpuBands::load(&txn).await?;
        let amount = Decimal::from_str(&stored).map_err(AppError::internal)?;
        if key == KNOWN[0].key {
            bands.high_above = amount;
        } else {
            bands.mid_from = amount;
        }
        if bands.mid_from > bands.high_above {
            return Err(UserError::new(
                "value",
                UserErrorCode::Invalid,
                "中价值下限不能高于高价值下限",
                "The mid-value threshold cannot exceed the high-value threshold",
            )
            .into());
        }
    }
    let updated = Entity::update_many()
        .col_expr(Column::Value, Expr::value(stored))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Key.eq(key))
        .filter(Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::stale_version());
    }
    let after = Entity::find_by_id(key.to_string()).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        Change {
            action: "setting.update",
            entity_type: "Setting",
            entity_id: None,
            before: Some(json!({ "key": before.key, "value": before.value })),
            after: Some(json!({ "key": after.key, "value": after.value })),
        },
    )
    .await?;
    Ok(after)
}
