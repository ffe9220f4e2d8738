use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "proposal_version")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub number: i32,
    pub title: String,
    pub customer_background: Option<String>,
    pub competitive_situation: Option<String>,
    pub justification: Option<String>,
    pub list_monthly: Decimal,
    pub monthly_total: Decimal,
    pub one_off_total: Decimal,
    pub list_term_total: Decimal,
    pub term_total: Decimal,
    pub discount_monthly: Decimal,
    pub discount_term: Decimal,
    pub discount_rate: Decimal,
    pub max_line_rate: Decimal,
    pub locked: bool,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
