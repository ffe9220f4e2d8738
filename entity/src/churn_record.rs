use sea_orm::entity::prelude::*;

use crate::enums::ChurnReason;

/// One lost member in the churn archive (离网建档).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "churn_record")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub request_id: i64,
    pub group_id: i64,
    pub member_id: Option<i64>,
    /// The number or line lost, as it was.
    pub subject: String,
    pub lost_on: Date,
    /// `YYYY-MM` of `lost_on` (Beijing), for counting by month.
    pub month: String,
    pub reason: ChurnReason,
    pub reason_text: String,
    pub competitor: Option<String>,
    pub monthly_revenue: Decimal,
    /// Who handled the retention.
    pub handled_by: i64,
    /// The group's manager then.
    pub owner_id: i64,
    pub department_id: i64,
    pub branch_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
