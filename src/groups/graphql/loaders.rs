//! Batched reads under groups that are not plain has-many lists.
use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, Statement};

use entity::visit;

/// Each group's most recent completed visit: one windowed query per request level.
pub struct LastVisitLoader {
    db: DatabaseConnection,
}

impl LastVisitLoader {
    pub fn new(db: &DatabaseConnection) -> DataLoader<Self, HashMapCache> {
        DataLoader::with_cache(Self { db: db.clone() }, tokio::spawn, HashMapCache::default())
    }
}

impl Loader<i64> for LastVisitLoader {
    type Value = visit::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, visit::Model>, Self::Error> {
        // Keys are integers: listing them inline is safe and keeps one statement for both engines.
        let ids = keys.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT * FROM (SELECT visit.*, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY ended_at DESC, id DESC) AS rn \
             FROM visit WHERE status = 'DONE' AND group_id IN ({ids})) latest WHERE rn = 1"
        );
        let rows = visit::Entity::find()
            .from_raw_sql(Statement::from_string(self.db.get_database_backend(), sql))
            .all(&self.db)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|v| (v.group_id, v)).collect())
    }
}

/// Each group's revenue trend (the last months up to its latest recorded one): two statements
/// per request level, whatever the number of groups.
pub struct RevenueTrendLoader {
    db: DatabaseConnection,
}

impl RevenueTrendLoader {
    pub fn new(db: &DatabaseConnection) -> DataLoader<Self, HashMapCache> {
        DataLoader::with_cache(Self { db: db.clone() }, tokio::spawn, HashMapCache::default())
    }
}

impl Loader<i64> for RevenueTrendLoader {
    type Value = Vec<crate::churn::RevenueMonth>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        crate::churn::revenue_trends(&self.db, keys).await.map_err(Arc::new)
    }
}
