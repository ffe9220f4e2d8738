use sea_orm::entity::prelude::*;

/// A month's targets for an account manager, set by their head (目标).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "kpi_target")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `YYYY-MM` (Beijing).
    pub month: String,
    /// Visits per working day (日均走访).
    pub visits_per_day: Decimal,
    /// Distinct groups visited (回访集团数).
    pub groups_visited: i32,
    pub new_groups: i32,
    /// Proposals sent on time.
    pub proposals: i32,
    /// Retention rate of high/mid-value members, percent (中高端保有率).
    pub retention_percent: Decimal,
    pub set_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
