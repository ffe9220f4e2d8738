//! Session epochs: each user has a counter, raised when the user is disabled (and whenever a
//! change must end the access tokens already handed out). A token carries the epoch it was
//! issued in; a token from an earlier epoch is refused on its next request.
//!
//! Every process keeps the raised epochs in memory (users still at 0 take no room), so the
//! check costs no database round trip. A change is applied to the memory of the process that
//! made it at once, and told to the other processes on the same PostgreSQL by `NOTIFY` in the
//! changing transaction; a process that lost its listening connection reloads the whole map
//! when it reconnects.
use std::{collections::HashMap, sync::RwLock};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement, sea_query::ExprTrait,
};

use crate::error::AppResult;
use entity::app_user::{Column, Entity};

pub const CHANNEL: &str = "gecrm_sessions";

#[derive(Debug, Default)]
pub struct SessionEpochs {
    raised: RwLock<HashMap<i64, i32>>,
}

impl SessionEpochs {
    /// The user's current epoch.
    pub fn current(&self, user_id: i64) -> i32 {
        self.raised.read().unwrap_or_else(|e| e.into_inner()).get(&user_id).copied().unwrap_or(0)
    }

    /// True when a token issued in `epoch` still speaks for the user.
    pub fn is_current(&self, user_id: i64, epoch: i32) -> bool {
        epoch >= self.current(user_id)
    }

    /// Records a user's epoch; an older value never replaces a newer one.
    pub fn set(&self, user_id: i64, epoch: i32) {
        let mut map = self.raised.write().unwrap_or_else(|e| e.into_inner());
        let e = map.entry(user_id).or_insert(epoch);
        *e = Ord::max(*e, epoch);
    }

    /// Reads every raised epoch from the database, replacing what was known.
    pub async fn reload<C: ConnectionTrait>(&self, db: &C) -> AppResult<()> {
        let rows: Vec<(i64, i32)> = Entity::find()
            .select_only()
            .column(Column::Id)
            .column(Column::SessionEpoch)
            .filter(Column::SessionEpoch.gt(0))
            .into_tuple()
            .all(db)
            .await?;
        let fresh: HashMap<i64, i32> = rows.into_iter().collect();
        *self.raised.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(())
    }

    /// Applies a `NOTIFY` payload (`user_id:epoch`) from another process.
    pub fn apply_notice(&self, payload: &str) {
        match payload.split_once(':').map(|(u, e)| (u.parse::<i64>(), e.parse::<i32>())) {
            Some((Ok(user), Ok(epoch))) => self.set(user, epoch),
            _ => tracing::warn!(payload, "unreadable session notice"),
        }
    }
}

/// Raises the user's epoch inside `txn` and, on PostgreSQL, tells the other processes when
/// it commits. Returns the new epoch, for [`SessionEpochs::set`] once committed.
pub async fn raise<C: ConnectionTrait>(txn: &C, user_id: i64) -> AppResult<i32> {
    Entity::update_many()
        .col_expr(Column::SessionEpoch, sea_orm::sea_query::Expr::col(Column::SessionEpoch).add(1))
        .filter(Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    let epoch: i32 = Entity::find()
        .select_only()
        .column(Column::SessionEpoch)
        .filter(Column::Id.eq(user_id))
        .into_tuple()
        .one(txn)
        .await?
        .unwrap_or(0);
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), format!("{user_id}:{epoch}").into()],
        ))
        .await?;
    }
    Ok(epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_tokens_stop_speaking_for_the_user() {
        let s = SessionEpochs::default();
        assert!(s.is_current(7, 0));
        s.apply_notice("7:2");
        assert!(!s.is_current(7, 1));
        assert!(s.is_current(7, 2));
        s.set(7, 1);
        assert_eq!(s.current(7), 2, "an older notice arriving late changes nothing");
        s.apply_notice("garbage");
        assert!(s.is_current(8, 0), "other users are untouched");
    }
}
