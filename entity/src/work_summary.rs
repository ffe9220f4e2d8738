use sea_orm::entity::prelude::*;

use crate::enums::{SummaryPeriod, SummaryStatus};

/// A weekly or monthly work summary (工作成果小结): drafted from the period's records, edited and
/// submitted by its author, commented on by the head.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "work_summary")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub department_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub period: SummaryPeriod,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The period's figures as drafted (counts by kind of record).
    pub figures: Json,
    pub text: String,
    pub status: SummaryStatus,
    pub submitted_at: Option<DateTimeUtc>,
    pub comment: Option<String>,
    pub commented_by: Option<i64>,
    pub commented_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
