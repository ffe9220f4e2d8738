use sea_orm::entity::prelude::*;

use crate::enums::{OrgFunction, OrgKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "org_unit")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub branch_id: Option<i64>,
    pub department_id: Option<i64>,
    pub active: bool,
    /// What the department does beyond selling (rule 15's approvers, billing).
    pub function: Option<OrgFunction>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    SelfRef,
    #[sea_orm(has_many = "super::app_user::Entity")]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
