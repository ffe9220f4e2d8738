use sea_orm::entity::prelude::*;

use crate::enums::DiscountKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "proposal_line")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version_id: i64,
    pub position: i32,
    pub product_id: i64,
    pub price_id: i64,
    pub quantity: i32,
    pub term_months: i32,
    pub unit_price: Decimal,
    pub discount_kind: DiscountKind,
    pub discount_value: Decimal,
    pub net_unit_price: Decimal,
    pub line_rate: Decimal,
    pub list_total: Decimal,
    pub net_total: Decimal,
    pub monthly_discount: Decimal,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
