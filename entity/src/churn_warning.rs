use sea_orm::entity::prelude::*;

use crate::enums::ChurnWarningKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "churn_warning")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: ChurnWarningKind,
    pub group_id: i64,
    pub member_id: Option<i64>,
    pub month: String,
    pub reference_month: String,
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub reference_amount: Decimal,
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub current_amount: Decimal,
    #[sea_orm(column_type = "Decimal(Some((7, 2)))")]
    pub drop_percent: Decimal,
    pub dedupe_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
