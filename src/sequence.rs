//! Gap-free counters for human-meaningful codes (group codes now, contract numbers later).
//! A number is taken inside the caller's transaction: if it rolls back, so does the number,
//! and on PostgreSQL concurrent takers of the same counter queue on its row lock.
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::error::{AppError, AppResult};
use entity::code_sequence::{ActiveModel, Column, Entity};

/// Takes the next number (from 1) of counter `name`.
pub async fn next<C: ConnectionTrait>(db: &C, name: &str) -> AppResult<i64> {
    Entity::insert(ActiveModel { name: sea_orm::Set(name.to_string()), next_value: sea_orm::Set(1) })
        .on_conflict(OnConflict::column(Column::Name).do_nothing().to_owned())
        .try_insert()
        .exec(db)
        .await?;
    Entity::update_many()
        .col_expr(Column::NextValue, Expr::col(Column::NextValue).add(1))
        .filter(Column::Name.eq(name))
        .exec(db)
        .await?;
    let row =
        Entity::find_by_id(name.to_string()).one(db).await?.ok_or_else(|| AppError::internal("sequence vanished"))?;
    Ok(row.next_value - 1)
}
