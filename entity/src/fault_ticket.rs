use sea_orm::entity::prelude::*;

use crate::enums::FaultStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "fault_ticket")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub job_id: i64,
    pub status: FaultStatus,
    pub description: String,
    pub reported_by: i64,
    pub reported_at: DateTimeUtc,
    pub contact_due_at: DateTimeUtc,
    pub contacted_at: Option<DateTimeUtc>,
    pub contacted_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolution: Option<String>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
