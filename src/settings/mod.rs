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
    /// A non-negative amount of money (CNY).
    Amount,
    /// A whole number within bounds.
    Count { min: i64, max: i64 },
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
pub const KNOWN: [Known; 9] = [
    known(
        "member.arpu.high_above",
        "高价值成员 ARPU 下限（高于此值，元）",
        "ARPU above which a member is high value (CNY)",
        Kind::Amount,
        "60.00",
    ),
    known(
        "member.arpu.mid_from",
        "中价值成员 ARPU 下限（不低于此值，元）",
        "ARPU from which a member is mid value (CNY)",
        Kind::Amount,
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
];

/// A whole-number setting, or its default when missing or unreadable.
pub async fn count<C: ConnectionTrait>(db: &C, key: &str) -> AppResult<i64> {
    let def =
        KNOWN.iter().find(|k| k.key == key).ok_or_else(|| AppError::internal(format!("unknown setting {key}")))?;
    let row = Entity::find_by_id(key.to_string()).one(db).await?;
    Ok(row.and_then(|r| r.value.trim().parse().ok()).or_else(|| def.default.parse().ok()).unwrap_or(0))
}

/// Value-band thresholds (domain.md §2: HIGH > ¥60, MID ¥30–60, LOW < ¥30).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        Kind::Amount => Decimal::from_str(value.trim())
            .ok()
            .filter(|d| !d.is_sign_negative())
            .ok_or_else(|| {
                UserError::new("value", UserErrorCode::Invalid, "须为非负金额", "Must be a non-negative amount")
            })?
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
    };
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(key.to_string()).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if def.kind == Kind::Amount {
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
