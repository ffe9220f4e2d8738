use sea_orm::entity::prelude::*;

use crate::enums::ContractStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contract")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub proposal_version_id: i64,
    pub group_id: i64,
    pub owner_id: i64,
    pub branch_id: i64,
    pub number: Option<String>,
    pub status: ContractStatus,
    pub title: String,
    pub term_months: i32,
    pub term_start: Option<Date>,
    pub term_end: Option<Date>,
    pub monthly_total: Decimal,
    pub one_off_total: Decimal,
    pub value: Decimal,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub signed_at: Option<DateTimeUtc>,
    pub customer_signer: Option<String>,
    pub paid_amount: Option<Decimal>,
    pub paid_on: Option<Date>,
    pub voucher_no: Option<String>,
    pub short_payment_reason: Option<String>,
    pub activated_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub termination_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
