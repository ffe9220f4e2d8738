use sea_orm::entity::prelude::*;

/// A head's comment on a user's work log: on one day, or the month's review (审阅).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "work_log_comment")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Whose log.
    pub user_id: i64,
    /// `YYYY-MM` (Beijing).
    pub month: String,
    /// The day commented on; none for the month's review.
    pub day: Option<Date>,
    pub author_id: i64,
    pub text: String,
    /// The month's review (the head read the month's logs).
    pub review: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
