use sea_orm::entity::prelude::*;

use crate::enums::{ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus, HandlingUnit};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "complaint")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub number: String,
    pub group_id: i64,
    pub member_id: Option<i64>,
    pub department_id: i64,
    pub branch_id: i64,
    pub channel: ComplaintChannel,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub customer_said: String,
    pub owner_id: i64,
    pub owner_department_id: Option<i64>,
    pub owner_branch_id: Option<i64>,
    pub registered_at: DateTimeUtc,
    pub reply_due_at: DateTimeUtc,
    pub status: ComplaintStatus,
    pub handled_by: Option<HandlingUnit>,
    pub escalation_level: i32,
    pub escalated_at: Option<DateTimeUtc>,
    pub escalated_to_id: Option<i64>,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTimeUtc>,
    pub company_fault: Option<bool>,
    pub closed_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
