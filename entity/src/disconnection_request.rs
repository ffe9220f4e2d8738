use sea_orm::entity::prelude::*;

use crate::enums::{ChurnReason, DisconnectionStatus, RetentionOutcome};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "disconnection_request")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub number: String,
    pub group_id: i64,
    pub member_id: Option<i64>,
    /// A group line (专线, 固话) rather than a member's number.
    pub line: Option<String>,
    pub department_id: i64,
    pub branch_id: i64,
    /// The reason the customer gave at the counter.
    pub counter_reason: String,
    /// The counter tried to keep the customer first, and failed.
    pub first_retention_failed: bool,
    pub first_retention_note: Option<String>,
    pub registered_by: i64,
    pub registered_at: DateTimeUtc,
    /// The BOSS export's own reference, when imported.
    pub boss_ref: Option<String>,
    pub status: DisconnectionStatus,
    pub assignee_id: Option<i64>,
    pub dispatched_at: Option<DateTimeUtc>,
    pub contact_due_at: DateTimeUtc,
    pub finish_due_at: DateTimeUtc,
    pub contacted_at: Option<DateTimeUtc>,
    pub true_reason: Option<ChurnReason>,
    pub reason_text: Option<String>,
    pub competitor: Option<String>,
    pub offer: Option<String>,
    pub outcome: Option<RetentionOutcome>,
    pub finished_at: Option<DateTimeUtc>,
    pub verified_by: Option<i64>,
    pub verified_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
