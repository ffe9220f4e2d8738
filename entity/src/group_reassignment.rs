use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "group_reassignment")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub from_owner_id: i64,
    pub to_owner_id: i64,
    pub from_department_id: i64,
    pub to_department_id: i64,
    pub by_id: i64,
    pub reason: String,
    pub occurred_at: DateTimeUtc,
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
