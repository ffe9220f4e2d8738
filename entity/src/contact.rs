use sea_orm::entity::prelude::*;

use crate::enums::ContactRole;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contact")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub title: Option<String>,
    pub role: ContactRole,
    pub phones: Json,
    pub email: Option<String>,
    pub birthday: Option<Date>,
    pub preferences: Option<String>,
    pub notes: Option<String>,
    pub archived_at: Option<DateTimeUtc>,
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
