use sea_orm::entity::prelude::*;

use crate::enums::{Role, StepStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "approval_step")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub position: i32,
    pub role: Role,
    pub status: StepStatus,
    pub branch_id: i64,
    pub requester_id: i64,
    pub actor_id: Option<i64>,
    pub comment: Option<String>,
    pub acted_at: Option<DateTimeUtc>,
    /// The department whose head acts (department-head steps).
    pub unit_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
