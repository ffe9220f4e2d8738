use sea_orm::entity::prelude::*;

use crate::enums::{Expertise, ResourceKind, ResourceStatus};

/// A request for a resource a plan item needs (定所需资源): an expert to join a visit, a
/// product trial, PR gifts for a group's contact, or an event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "resource_request")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: ResourceKind,
    pub status: ResourceStatus,
    pub requester_id: i64,
    /// The requester's department and branch when asked (whose heads decide).
    pub department_id: Option<i64>,
    pub branch_id: Option<i64>,
    pub group_id: Option<i64>,
    /// The requester's plan item it serves.
    pub plan_item_id: Option<i64>,
    /// For an expert: which kind, and who.
    pub expertise: Option<Expertise>,
    pub expert_id: Option<i64>,
    /// For a trial: the product.
    pub product_id: Option<i64>,
    /// For gifts: which, and to whom.
    pub gift_item_id: Option<i64>,
    pub contact_id: Option<i64>,
    /// Gift pieces, trial lines, or an event's headcount.
    pub quantity: Option<i32>,
    /// The gifts' value, or an event's budget.
    #[sea_orm(column_type = "Decimal(Some((14, 2)))", nullable)]
    pub value: Option<Decimal>,
    /// The visit's day, the trial's first day, or the event's day.
    pub starts_on: Option<Date>,
    /// The visit's time.
    pub at: Option<DateTimeUtc>,
    /// A trial's length in days.
    pub days: Option<i32>,
    /// An event's name.
    pub title: Option<String>,
    pub reason: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
    /// The item put on the expert's plan when they accepted.
    pub companion_item_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
