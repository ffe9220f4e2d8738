use sea_orm::entity::prelude::*;

use crate::enums::CompetitionReportStatus;

/// A competitor analysis for a group (竞争信息): filed by the manager, reviewed by the head.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "competition_report")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub department_id: i64,
    pub branch_id: i64,
    pub author_id: i64,
    pub competitor: String,
    pub offer: String,
    /// Which members or lines are affected.
    pub affected: String,
    pub countermeasures: String,
    pub support_needed: Option<String>,
    /// `YYYY-MM` (Beijing) it was filed in.
    pub month: String,
    pub status: CompetitionReportStatus,
    pub review_comment: Option<String>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
