use sea_orm::entity::prelude::*;

/// A PR gift (公关礼品) kept in a department's stock; the stock never goes below zero.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "gift_item")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub department_id: i64,
    pub branch_id: Option<i64>,
    pub name: String,
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub unit_value: Decimal,
    /// Pieces in stock (a pending request's pieces are already taken out).
    pub stock: i32,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
