use sea_orm::entity::prelude::*;

use crate::enums::{GroupKind, GroupStatus, Segment, ServiceTier, ValueClass};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "customer_group")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub kind: GroupKind,
    pub segment: Segment,
    pub industry: String,
    pub value_class: ValueClass,
    pub tier: ServiceTier,
    pub county: String,
    pub town: Option<String>,
    pub street_office: Option<String>,
    pub village: Option<String>,
    pub address: String,
    pub annual_output_over3m: bool,
    pub status: GroupStatus,
    pub competitors: Json,
    pub competitor_notes: Option<String>,
    pub informatization_products: Json,
    pub founded_on: Option<Date>,
    pub key_dates: Json,
    pub notes: Option<String>,
    pub owner_id: i64,
    pub department_id: i64,
    pub branch_id: i64,
    pub last_visit_at: Option<DateTimeUtc>,
    pub open_proposals: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub baseline_month: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::app_user::Entity", from = "Column::OwnerId", to = "super::app_user::Column::Id")]
    Owner,
    #[sea_orm(has_many = "super::member::Entity")]
    Member,
    #[sea_orm(has_many = "super::contact::Entity")]
    Contact,
    #[sea_orm(has_many = "super::visit::Entity")]
    Visit,
}

impl Related<super::member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Member.def()
    }
}

impl Related<super::contact::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contact.def()
    }
}

impl Related<super::visit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Visit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
