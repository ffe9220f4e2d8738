use sea_orm::entity::prelude::*;

use crate::enums::Stage;

/// A project-stage summary (项目阶段小结): what the manager writes about a deal at a stage.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "project_note")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub author_id: i64,
    /// The deal's stage when it was written.
    pub stage: Stage,
    pub text: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
