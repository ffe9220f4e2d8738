use sea_orm::entity::prelude::*;

/// A case in the library (工作案例): a finished project written up for colleagues to learn
/// from, the customer named as its author chose (e.g. 某区教育局).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "work_case")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub group_id: i64,
    pub author_id: i64,
    pub department_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub title: String,
    pub customer_label: String,
    /// The group's industry when published.
    pub industry: String,
    /// The products of the deal, by name.
    pub products: String,
    pub challenge: String,
    pub solution: String,
    pub result: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
