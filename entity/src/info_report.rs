use sea_orm::entity::prelude::*;

use crate::enums::{InfoReportKind, InfoReportStatus, InfoUrgency};

/// An important information report (重要信息上报): what a user reports up the org tree about a
/// group or the market, with its urgency; its status is the level it has reached.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "info_report")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub department_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub group_id: Option<i64>,
    pub kind: InfoReportKind,
    pub urgency: InfoUrgency,
    pub title: String,
    pub text: String,
    pub status: InfoReportStatus,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
