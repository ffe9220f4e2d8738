use sea_orm::entity::prelude::*;

use crate::enums::{AdjustmentCause, AdjustmentStatus};

/// A billing adjustment (补退费申请) for one account and month: a refund (positive) or a
/// back-charge (negative), approved through the engine and then executed, checked and audited.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "billing_adjustment")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub group_id: i64,
    pub member_id: Option<i64>,
    /// The billing account (账户) or line number.
    pub account_no: String,
    /// `YYYY-MM`: the bill it corrects.
    pub month: String,
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub amount: Decimal,
    /// The account's adjustments in that month, this one included, as sizes (rule 15's basis).
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub accumulated: Decimal,
    pub cause: AdjustmentCause,
    pub cause_text: String,
    pub rectification: String,
    pub status: AdjustmentStatus,
    pub request_id: Option<i64>,
    pub requester_id: i64,
    pub branch_id: i64,
    pub department_id: i64,
    pub billing_reference: Option<String>,
    pub executed_by: Option<i64>,
    pub executed_at: Option<DateTimeUtc>,
    pub checked_by: Option<i64>,
    pub checked_at: Option<DateTimeUtc>,
    pub audited_by: Option<i64>,
    pub audited_at: Option<DateTimeUtc>,
    /// What the last stage's actor wrote.
    pub stage_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
