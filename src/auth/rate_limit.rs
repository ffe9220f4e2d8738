//! Sign-in budgets: attempts per client address and failures per username, each counted in a
//! fixed window. A budget is taken *before* the password is checked, by one conditional
//! update of a row in the database, so parallel attempts, batched operations and every
//! server process on the same database draw on the same count.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::error::{AppError, AppResult};
use entity::login_throttle::{ActiveModel, Column, Entity};

/// Longest key kept (`u:` or `ip:` and the name); longer names share a key, which only
/// makes their budget stricter.
const KEY_CHARS: usize = 96;

#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    pub max_failures_per_user: u32,
    pub max_attempts_per_ip: u32,
    pub window: Duration,
}

impl LoginLimits {
    pub fn new(max_failures_per_user: u32, max_attempts_per_ip: u32, window: std::time::Duration) -> Self {
        Self {
            max_failures_per_user,
            max_attempts_per_ip,
            window: Duration::from_std(window).unwrap_or(Duration::minutes(15)),
        }
    }
}

fn key(prefix: &str, name: &str) -> String {
    let mut k = String::from(prefix);
    k.extend(name.chars().take(KEY_CHARS));
    k
}

pub fn user_key(username: &str) -> String {
    key("u:", &username.to_lowercase())
}

pub fn ip_key(ip: &str) -> String {
    key("ip:", ip)
}

/// Takes one unit of the budget at `key`; `Err(seconds to wait)` when it is spent.
async fn take<C: ConnectionTrait>(
    db: &C,
    key: &str,
    max: u32,
    window: Duration,
    now: DateTime<Utc>,
) -> AppResult<Result<(), u64>> {
    // The row can vanish between the steps (the sweep of long-ended windows); then again.
    for _ in 0..3 {
        Entity::insert(ActiveModel { key: Set(key.to_string()), window_started_at: Set(now), count: Set(0) })
            .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
            .try_insert()
            .exec(db)
            .await?;
        // A window that has ended starts again; only one of several concurrent resets matches.
        Entity::update_many()
            .col_expr(Column::Count, Expr::value(0))
            .col_expr(Column::WindowStartedAt, Expr::value(now))
            .filter(Column::Key.eq(key))
            .filter(Column::WindowStartedAt.lte(now - window))
            .exec(db)
            .await?;
        let taken = Entity::update_many()
            .col_expr(Column::Count, Expr::col(Column::Count).add(1))
            .filter(Column::Key.eq(key))
            .filter(Column::Count.lt(i32::try_from(max).unwrap_or(i32::MAX)))
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            return Ok(Ok(()));
        }
        if let Some(row) = Entity::find_by_id(key.to_string()).one(db).await? {
            return Ok(Err(Ord::max((row.window_started_at + window - now).num_seconds(), 1) as u64));
        }
    }
    Err(crate::error::AppError::internal("sign-in budget row keeps vanishing"))
}

/// Called before a password is checked: takes an attempt from the address's budget and one
/// from the username's. A spent budget refuses the attempt with the seconds to wait.
pub async fn take_attempt<C: ConnectionTrait>(
    db: &C,
    limits: LoginLimits,
    username: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // Windows long over are dropped as sign-ins come, so the table stays small.
    Entity::delete_many().filter(Column::WindowStartedAt.lt(now - limits.window * 2)).exec(db).await?;
    for (key, max) in [(ip_key(ip), limits.max_attempts_per_ip), (user_key(username), limits.max_failures_per_user)] {
        if let Err(wait) = take(db, &key, max, limits.window, now).await? {
            return Err(AppError::RateLimited { retry_after_secs: wait });
        }
    }
    Ok(())
}

/// A successful sign-in gives the username its whole budget back. The row stays (a
/// concurrent attempt may be between its steps on it).
pub async fn clear_user<C: ConnectionTrait>(db: &C, username: &str) -> AppResult<()> {
    Entity::update_many()
        .col_expr(Column::Count, Expr::value(0))
        .filter(Column::Key.eq(user_key(username)))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_bounded_and_case_blind() {
        assert_eq!(user_key("GZ_AM1"), "u:gz_am1");
        assert_eq!(user_key(&"x".repeat(10_000)).chars().count(), 2 + KEY_CHARS);
        assert_eq!(ip_key("127.0.0.1"), "ip:127.0.0.1");
    }
}
