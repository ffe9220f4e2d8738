use sea_orm::entity::prelude::*;

use crate::enums::{PlanClosure, PlanItemStatus, PlanMatter, PlanMeans, PlanPriority};

/// One item of a user's plan for a day (三定: the matter, the means, the resources).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "plan_item")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The business day (Beijing) it is planned for.
    pub day: Date,
    pub priority: PlanPriority,
    pub matter: PlanMatter,
    pub means: PlanMeans,
    pub title: String,
    pub group_id: Option<i64>,
    /// The task it was taken from.
    pub task_id: Option<i64>,
    /// The planned visit it was taken from.
    pub visit_id: Option<i64>,
    /// The appointment's time.
    pub at: Option<DateTimeUtc>,
    /// For a visit: its target (走访对象), purpose and preparation.
    pub target: Option<String>,
    pub purpose: Option<String>,
    pub preparation: Option<String>,
    /// The resources it needs (定所需资源).
    pub resources: Option<String>,
    pub status: PlanItemStatus,
    pub closed_by: Option<PlanClosure>,
    /// The visit or task that closed it.
    pub closed_ref_id: Option<i64>,
    pub closed_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
