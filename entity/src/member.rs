use sea_orm::entity::prelude::*;

use crate::enums::{Carrier, MemberStatus, VipLevel};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "member")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub phone: String,
    pub position: Option<String>,
    pub key_person: bool,
    pub vip_level: VipLevel,
    pub carrier: Carrier,
    pub status: MemberStatus,
    pub birthday: Option<Date>,
    #[sea_orm(column_type = "Decimal(Some((14, 2)))", nullable)]
    pub arpu: Option<Decimal>,
    pub arpu_month: Option<String>,
    pub archived_at: Option<DateTimeUtc>,
    /// Billing's expected suspension date (不轻易停机), and the cycle whose list said so.
    pub suspension_on: Option<Date>,
    pub suspension_cycle: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::customer_group::Entity",
        from = "Column::GroupId",
        to = "super::customer_group::Column::Id"
    )]
    CustomerGroup,
    #[sea_orm(has_many = "super::member_revenue::Entity")]
    MemberRevenue,
}

impl Related<super::customer_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CustomerGroup.def()
    }
}

impl Related<super::member_revenue::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MemberRevenue.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
