use sea_orm::entity::prelude::*;

use crate::enums::{ProposalStatus, Stage};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "proposal")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub visit_id: Option<i64>,
    pub owner_id: i64,
    pub status: ProposalStatus,
    pub stage: Stage,
    pub current_version_no: i32,
    pub monthly_value: Decimal,
    pub value: Decimal,
    pub due_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub approved_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub valid_until: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_reason: Option<String>,
    pub withdrawn_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
