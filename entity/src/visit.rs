use sea_orm::entity::prelude::*;

use crate::enums::{Satisfaction, VisitMethod, VisitPurpose, VisitStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "visit")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub manager_id: i64,
    pub status: VisitStatus,
    pub method: VisitMethod,
    pub purpose: VisitPurpose,
    pub planned_at: Option<DateTimeUtc>,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// When it happens, for ordering: the end of a visit that took place, else the planned time.
    pub happens_at: DateTimeUtc,
    pub contact_ids: Json,
    pub service_satisfaction: Option<Satisfaction>,
    pub network_satisfaction: Option<Satisfaction>,
    pub need_products: Json,
    pub need_notes: Option<String>,
    pub suggestions: Option<String>,
    pub minutes: Option<String>,
    pub next_steps: Option<String>,
    pub customer_confirmed: bool,
    pub confirmed_by: Option<String>,
    pub missed_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::customer_group::Entity",
        from = "Column::GroupId",
        to = "super::customer_group::Column::Id"
    )]
    CustomerGroup,
}

impl Related<super::customer_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CustomerGroup.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
