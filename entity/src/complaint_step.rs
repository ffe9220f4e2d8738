use sea_orm::entity::prelude::*;

use crate::enums::{ComplaintStepKind, HandlingUnit};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "complaint_step")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub kind: ComplaintStepKind,
    /// Who took the step; none when the system did (an escalation).
    pub by_id: Option<i64>,
    pub at: DateTimeUtc,
    pub unit: Option<HandlingUnit>,
    /// Whom an escalation reached.
    pub to_user_id: Option<i64>,
    /// The `COMPLAINT` visit this step is (visits logged against the complaint).
    pub visit_id: Option<i64>,
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
