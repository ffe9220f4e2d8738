//! Connecting to SQLite or PostgreSQL, and migrating.
use std::{path::Path, str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};

use crate::{
    error::{AppError, AppResult, UserError, UserErrorCode},
    metrics::Metrics,
};

/// Opens the database named by `url`. For SQLite the file (and its folder) is created if
/// missing, with WAL journaling and foreign keys on.
pub async fn connect(url: &str, metrics: &Metrics) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(path) = sqlite_path(url) {
            if let Some(dir) = Path::new(&path).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
            }
        }
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        opts.max_connections(16);
    }
    let mut db = Database::connect(opts).await?;
    metrics.instrument(&mut db);
    Ok(db)
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// The columns every versioned table has.
#[derive(Clone, Copy)]
pub struct Versioned<C> {
    pub id: C,
    pub version: C,
    pub updated_at: C,
}

/// Applies `changes` to row `id` only if its version is still `expected`, bumping the
/// version: a stale version is a `CONFLICT`, a missing row `NOT_FOUND`, nothing overwritten.
pub async fn versioned_update<E, C>(
    db: &C,
    cols: Versioned<E::Column>,
    id: i64,
    expected: i32,
    now: chrono::DateTime<chrono::Utc>,
    changes: impl IntoIterator<Item = (E::Column, SimpleExpr)>,
) -> AppResult<()>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ConnectionTrait,
{
    let stamped = std::iter::once((cols.updated_at, Expr::value(now))).chain(changes);
    versioned_set::<E, C>(db, cols.id, cols.version, id, expected, stamped).await
}

/// What to do with a row kept once per key (a day's notes, a month's targets, a period's summary).
pub enum Keyed<'a, M> {
    /// None yet: write it.
    Insert,
    /// There is one: change it if it is still at the version the writer saw.
    Update(&'a M, i32),
}

/// A row kept once per key is written the first time without a version and changed after that
/// with the version its writer saw; one who has not seen it (no version) would overwrite it, and
/// is told to send one (`REQUIRED` on `expectedVersion`).
pub fn keyed<M>(existing: Option<&M>, expected: Option<i32>) -> Result<Keyed<'_, M>, UserError> {
    match (existing, expected) {
        (None, _) => Ok(Keyed::Insert),
        (Some(m), Some(v)) => Ok(Keyed::Update(m, v)),
        (Some(_), None) => Err(UserError::new(
            "expectedVersion",
            UserErrorCode::Required,
            "已有一份，请带上你看到的版本号修改",
            "There is one already: send the version you saw",
        )),
    }
}

/// [`versioned_update`] for a table whose rows keep no `updated_at` (their changes are dated by
/// their steps and the audit trail).
pub async fn versioned_set<E, C>(
    db: &C,
    id_col: E::Column,
    version_col: E::Column,
    id: i64,
    expected: i32,
    changes: impl IntoIterator<Item = (E::Column, SimpleExpr)>,
) -> AppResult<()>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ConnectionTrait,
{
    let mut update = E::update_many().col_expr(version_col, Expr::col(version_col).add(1));
    for (col, value) in changes {
        update = update.col_expr(col, value);
    }
    let result = update.filter(id_col.eq(id)).filter(version_col.eq(expected)).exec(db).await?;
    if result.rows_affected == 1 {
        return Ok(());
    }
    match E::find().filter(id_col.eq(id)).count(db).await? {
        0 => Err(AppError::not_found()),
        _ => Err(AppError::stale_version()),
    }
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// True when the URL names PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url::Url::from_str(url).is_ok_and(|u| matches!(u.scheme(), "postgres" | "postgresql"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_are_found() {
        assert_eq!(sqlite_path("sqlite://./data/crm.sqlite?mode=rwc").as_deref(), Some("./data/crm.sqlite"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert!(is_postgres("postgres://postgres@127.0.0.1/x"));
        assert!(!is_postgres("sqlite://x"));
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing
/// when a read lock cannot be upgraded; PostgreSQL ignores the option.
pub async fn write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
