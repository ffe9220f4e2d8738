use sea_orm::entity::prelude::*;

use crate::enums::ArrearsStatus;

/// An overdue account (欠费) as billing's lists give it: a collection item for the group's manager.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "arrears_item")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_no: String,
    /// The account while the item is open; null once paid (one open item an account).
    #[sea_orm(unique)]
    pub open_key: Option<String>,
    pub group_id: i64,
    pub member_id: Option<i64>,
    pub manager_id: i64,
    pub department_id: i64,
    pub branch_id: i64,
    /// The billing cycle (`YYYY-MM`) that first listed it, and the latest that did.
    pub first_cycle: String,
    pub cycle: String,
    /// Overdue as the latest list says.
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub amount: Decimal,
    /// Paid against it so far (receipts).
    #[sea_orm(column_type = "Decimal(Some((14, 2)))")]
    pub collected: Decimal,
    pub months_overdue: i32,
    pub status: ArrearsStatus,
    /// The date and place agreed on the call or letter.
    pub agreed_on: Option<Date>,
    pub agreed_place: Option<String>,
    pub contact_visit_id: Option<i64>,
    pub noticed_at: Option<DateTimeUtc>,
    pub paid_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
