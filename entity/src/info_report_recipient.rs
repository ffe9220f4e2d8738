use sea_orm::entity::prelude::*;

use crate::enums::{InfoRecipientReason, InfoReportStatus};

/// Who an information report was sent to (routed up a level, or forwarded), and when they read it
/// (the read receipt).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "info_report_recipient")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub user_id: i64,
    pub reason: InfoRecipientReason,
    /// The level the report was routed to; none when forwarded.
    pub level: Option<InfoReportStatus>,
    /// Who forwarded or escalated it to them; none when the author sent it.
    pub sent_by: Option<i64>,
    pub note: Option<String>,
    pub sent_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
