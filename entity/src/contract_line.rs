use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contract_line")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    pub position: i32,
    pub product_id: i64,
    pub quantity: i32,
    pub term_months: i32,
    pub unit_price: Decimal,
    pub net_unit_price: Decimal,
    pub line_rate: Decimal,
    pub net_total: Decimal,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
