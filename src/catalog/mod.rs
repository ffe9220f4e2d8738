//! The product catalog (产品目录) and its standard prices (标准资费). A price change is a new
//! row effective from a date, so proposals made earlier keep the price they were made with.
pub mod graphql;
pub mod service;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{error::AppResult, string_enum};

string_enum! {
    /// What kind of product (产品类别).
    pub enum Category {
        /// 专线
        DedicatedLine = ("DEDICATED_LINE", "专线", "Dedicated line"),
        /// 宽带/FTTH
        Internet = ("INTERNET", "宽带/FTTH", "Broadband/FTTH"),
        /// 固话
        FixedLine = ("FIXED_LINE", "固话", "Fixed line"),
        /// 套餐
        MobilePlan = ("MOBILE_PLAN", "套餐", "Mobile plan"),
        /// 集团 VPN
        Vpn = ("VPN", "集团VPN", "Group VPN"),
        /// 集团短信
        Sms = ("SMS", "集团短信", "Group SMS"),
        /// 云
        Cloud = ("CLOUD", "云服务", "Cloud"),
        /// 物联网
        Iot = ("IOT", "物联网", "IoT"),
        /// 增值业务
        ValueAdded = ("VALUE_ADDED", "增值业务", "Value-added"),
    }
}

string_enum! {
    /// How a product is charged (计费方式).
    pub enum Billing {
        /// 按月
        Monthly = ("MONTHLY", "按月", "Monthly"),
        /// 一次性
        OneOff = ("ONE_OFF", "一次性", "One-off"),
        /// 按年
        Yearly = ("YEARLY", "按年", "Yearly"),
    }
}

/// The standard prices in force on `day` for `product_ids`: the latest row effective by then.
pub async fn prices_on<C: ConnectionTrait>(
    db: &C,
    product_ids: impl IntoIterator<Item = i64>,
    day: NaiveDate,
) -> AppResult<std::collections::HashMap<i64, entity::product_price::Model>> {
    use entity::product_price::{Column, Entity};
    let rows = Entity::find()
        .filter(Column::ProductId.is_in(product_ids))
        .filter(Column::EffectiveFrom.lte(day))
        .order_by_asc(Column::EffectiveFrom)
        .all(db)
        .await?;
    // Later rows overwrite earlier ones.
    Ok(rows.into_iter().map(|r| (r.product_id, r)).collect())
}
