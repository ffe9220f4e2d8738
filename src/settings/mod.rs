//! Settings an admin changes without a release (domain.md: every fixed number is a default).
pub mod graphql;

use std::str::FromStr;

use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

use crate::{
    audit::{self, Actor, Change},
    error::{AppError, AppResult, UserError, UserErrorCode},
    state::AppState,
};
use entity::setting::{Column, Entity, Model};

/// The settings the product knows, with their meaning. Values are stored as text.
pub const KNOWN: [(&str, &str, &str); 2] = [
    ("member.arpu.high_above", "高价值成员 ARPU 下限（高于此值，元）", "ARPU above which a member is high value (CNY)"),
    ("member.arpu.mid_from", "中价值成员 ARPU 下限（不低于此值，元）", "ARPU from which a member is mid value (CNY)"),
];

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
        Ok(Self { high_above: get(KNOWN[0].0, d.high_above), mid_from: get(KNOWN[1].0, d.mid_from) })
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
    if !KNOWN.iter().any(|(k, ..)| *k == key) {
        return Err(UserError::new("key", UserErrorCode::NotFound, "没有这个设置项", "Unknown setting").into());
    }
    let amount = Decimal::from_str(value.trim()).ok().filter(|d| !d.is_sign_negative()).ok_or_else(|| {
        UserError::new("value", UserErrorCode::Invalid, "须为非负金额", "Must be a non-negative amount")
    })?;
    let now = state.now();
    let txn = state.db.begin().await?;
    let before = Entity::find_by_id(key.to_string()).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let mut bands = ArpuBands::load(&txn).await?;
    if key == KNOWN[0].0 {
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
    let updated = Entity::update_many()
        .col_expr(Column::Value, Expr::value(amount.to_string()))
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
