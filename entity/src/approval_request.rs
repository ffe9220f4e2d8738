use sea_orm::entity::prelude::*;

use crate::enums::{NumberGrade, RequestKind, RequestStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "approval_request")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: RequestKind,
    pub proposal_id: Option<i64>,
    pub proposal_version_id: Option<i64>,
    pub group_id: i64,
    pub requester_id: i64,
    pub branch_id: i64,
    pub department_id: i64,
    pub status: RequestStatus,
    pub matrix_number: i32,
    pub industry_type: Option<String>,
    pub industry_name: Option<String>,
    pub discounted_services: Json,
    pub customer_background: Option<String>,
    pub competitive_situation: Option<String>,
    pub justification: Option<String>,
    pub line_discounts: Json,
    pub monthly_discount: Decimal,
    pub max_line_rate: Decimal,
    pub carried_from_id: Option<i64>,
    pub job_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub requested_number: Option<String>,
    pub number_grade: Option<NumberGrade>,
    pub number_prestore: Option<Decimal>,
    pub number_monthly_minimum: Option<Decimal>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    /// The billing adjustment it approves (`BILLING_ADJUSTMENT`).
    pub adjustment_id: Option<i64>,
    /// Prestore waived on a graded number (预存款减免, rule 17).
    #[sea_orm(column_type = "Decimal(Some((14, 2)))", nullable)]
    pub prestore_waiver: Option<Decimal>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
