//! The product catalog (产品目录) and its standard prices (标准资费). A price change is a new
//! row effective from a date, so proposals made earlier keep the price they were made with.
pub mod graphql;
pub mod service;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppResult;

pub use entity::enums::{Billing, Category};

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
