use sea_orm::entity::prelude::*;

use crate::enums::{JobStatus, NumberGrade, NumberStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "installation_job")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    pub group_id: i64,
    pub site_address: String,
    pub site_contact: Option<String>,
    pub site_phone: Option<String>,
    pub lines: Json,
    pub lead_id: Option<i64>,
    pub status: JobStatus,
    pub scheduled_on: Option<Date>,
    pub postponed_reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub accepted_at: Option<DateTimeUtc>,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub notes: Option<String>,
    pub number: Option<String>,
    pub number_grade: Option<NumberGrade>,
    pub number_status: NumberStatus,
    pub number_request_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
