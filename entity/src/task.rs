use sea_orm::entity::prelude::*;

use crate::enums::{TaskKind, TaskStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "task")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: TaskKind,
    pub assignee_id: i64,
    pub group_id: Option<i64>,
    pub subject_type: String,
    pub subject_id: i64,
    pub title: String,
    pub due_at: DateTimeUtc,
    pub status: TaskStatus,
    pub dedupe_key: Option<String>,
    pub done_at: Option<DateTimeUtc>,
    pub dismissed_reason: Option<String>,
    pub body: Option<String>,
    pub greeting: Option<String>,
    pub note: Option<String>,
    /// What the task says, as its text's kind and parameters (written out per language).
    pub text: Option<Json>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
