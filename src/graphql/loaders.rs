//! DataLoaders: every relation is fetched in batches, one query per level of the request.
use std::{collections::HashMap, marker::PhantomData, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, Iterable, ModelTrait, Order, PrimaryKeyToColumn,
    QueryFilter, QueryOrder, Value,
};

/// Loads rows of `E` by their integer primary key.
pub struct ByIdLoader<E> {
    db: DatabaseConnection,
    _entity: PhantomData<fn() -> E>,
}

impl<E> ByIdLoader<E> {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, _entity: PhantomData }
    }
}

impl<E> Loader<i64> for ByIdLoader<E>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Clone + Send + Sync + 'static,
{
    type Value = E::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>, Self::Error> {
        let pk = E::PrimaryKey::iter().next().expect("entity has a primary key").into_column();
        let rows = E::find().filter(pk.is_in(keys.iter().copied())).all(&self.db).await.map_err(Arc::new)?;
        Ok(rows
            .into_iter()
            .filter_map(|m| match m.get(pk) {
                Value::BigInt(Some(id)) => Some((id, m)),
                _ => None,
            })
            .collect())
    }
}

/// Per-request loaders cache what they loaded, so a list can load a relation for the whole
/// page at once and each row then finds its value without another query.
pub type Loaded<E> = DataLoader<ByIdLoader<E>, HashMapCache>;

pub fn loader<E>(db: &DatabaseConnection) -> Loaded<E>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Clone + Send + Sync + 'static,
{
    DataLoader::with_cache(ByIdLoader::<E>::new(db.clone()), tokio::spawn, HashMapCache::default())
}

/// Loads one row by id through the request's loader for `E`.
pub async fn load_by_id<E>(ctx: &async_graphql::Context<'_>, id: i64) -> crate::error::AppResult<Option<E::Model>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Clone + Send + Sync + 'static,
{
    let loader = ctx
        .data::<Loaded<E>>()
        .map_err(|_| crate::error::AppError::internal("data loader not registered for request"))?;
    loader.load_one(id).await.map_err(|e| crate::error::AppError::Db(DbErr::Custom(e.to_string())))
}

/// Loads, for many parents at once, the rows of `E` whose `parent` column names them, in
/// `order`, with `filter` applied: one query for every parent of a request level.
pub struct ChildrenLoader<E: EntityTrait> {
    db: DatabaseConnection,
    parent: E::Column,
    filter: Condition,
    order: Vec<(E::Column, Order)>,
}

impl<E: EntityTrait> ChildrenLoader<E> {
    pub fn new(db: &DatabaseConnection, parent: E::Column, filter: Condition, order: Vec<(E::Column, Order)>) -> Self {
        Self { db: db.clone(), parent, filter, order }
    }
}

impl<E> Loader<i64> for ChildrenLoader<E>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: ModelTrait<Entity = E> + Clone + Send + Sync + 'static,
{
    type Value = Vec<E::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<E::Model>>, Self::Error> {
        let mut q = E::find().filter(self.parent.is_in(keys.iter().copied())).filter(self.filter.clone());
        for (col, ord) in &self.order {
            q = q.order_by(*col, ord.clone());
        }
        let mut out: HashMap<i64, Vec<E::Model>> = HashMap::new();
        for m in q.all(&self.db).await.map_err(Arc::new)? {
            if let Value::BigInt(Some(p)) = m.get(self.parent) {
                out.entry(p).or_default().push(m);
            }
        }
        Ok(out)
    }
}

pub type Children<E> = DataLoader<ChildrenLoader<E>, HashMapCache>;

/// The rows of `E` under `parent`, through the request's [`ChildrenLoader`] for `E`.
pub async fn load_children<E>(ctx: &async_graphql::Context<'_>, parent: i64) -> crate::error::AppResult<Vec<E::Model>>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: ModelTrait<Entity = E> + Clone + Send + Sync + 'static,
{
    let loader = ctx
        .data::<Children<E>>()
        .map_err(|_| crate::error::AppError::internal("children loader not registered for request"))?;
    Ok(loader
        .load_one(parent)
        .await
        .map_err(|e| crate::error::AppError::Db(DbErr::Custom(e.to_string())))?
        .unwrap_or_default())
}

/// Maps a loader's shared error back into ours.
pub fn db_err(e: Arc<DbErr>) -> crate::error::AppError {
    crate::error::AppError::Db(DbErr::Custom(e.to_string()))
}

pub type CachedLoader<L> = DataLoader<L, HashMapCache>;
