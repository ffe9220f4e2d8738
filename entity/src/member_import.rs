use sea_orm::entity::prelude::*;

use crate::enums::{ImportMode, ImportStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "member_import")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub requested_by_id: i64,
    pub file_name: String,
    pub mode: ImportMode,
    pub status: ImportStatus,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub inserted: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub error_count: i32,
    pub errors: Json,
    pub failure: Option<String>,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
