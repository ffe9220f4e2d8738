//! Child connections batched across their parents.
//!
//! `groups(first: 20) { nodes { visits(first: 10) { totalCount nodes { … } } } }` asks for
//! twenty first pages. Each parent's resolver hands its page to the request's [`Pages`]
//! loader, which reads every parent's page in one statement (per filter and page size): on
//! PostgreSQL a `LATERAL` join over the parents, so each page is an index seek with its own
//! `LIMIT`; on SQLite a correlated `IN (… LIMIT n)` per parent, which it also answers from the
//! index. `totalCount` goes through [`Counts`], one grouped count for all parents. A page that
//! continues from a cursor, or counts from the end, is one parent's own query, as before.
use std::{collections::HashMap, hash::Hash, marker::PhantomData, sync::Arc};

use async_graphql::{
    Context, Data, Name, Value as AgValue,
    connection::Connection,
    dataloader::{DataLoader, HashMapCache, Loader},
    parser::types::Field,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, Order, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, QueryTrait, TryGetable, Value,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, JoinType, Query, ValueType},
};

use super::compiled::{self, Columns, ConnectionPlan, ConnectionTypes, Leaf, Out, Page};
use super::loaders::db_err;
use super::relay::{
    Cursor, DEFAULT_PAGE, KeysetConnection, MAX_PAGE, PageArgs, int_of, keyset_sorted, page_size, push_edges, sort_text,
};
use crate::{
    error::{AppError, AppResult},
    graphql::ContextExt,
};

/// One kind of child list: the rows of `Entity` under a parent, filtered, in key order (or in
/// `sort` order, ties by key).
pub trait ChildList: Send + Sync + 'static {
    type Entity: EntityTrait<Model: Clone + Send + Sync> + Default;
    /// What names the parent: a group's id, a pipeline stage.
    type Parent: Clone + Hash + Eq + Send + Sync + Into<Value> + ValueType + TryGetable + 'static;
    /// Everything else that narrows the list; pages with equal filters are read together.
    type Filter: Clone + Hash + Eq + Send + Sync + 'static;
    /// Largest key first.
    const DESCENDING: bool;
    fn parent() -> Col<Self>;
    fn key() -> Col<Self>;
    /// A column listed by before the key (text or a UTC time), in the same direction.
    fn sort() -> Option<Col<Self>> {
        None
    }
    fn condition(filter: &Self::Filter) -> Condition;
}

/// `select` in the list's order: its sort column (if any), then its key.
fn ordered<L: ChildList>(select: sea_orm::Select<L::Entity>) -> sea_orm::Select<L::Entity> {
    let select = match L::sort() {
        Some(col) => select.order_by(col, order::<L>()),
        None => select,
    };
    select.order_by(L::key(), order::<L>())
}

type Col<L> = <<L as ChildList>::Entity as EntityTrait>::Column;
type Row<L> = <<L as ChildList>::Entity as EntityTrait>::Model;
type PageKey<L> = (<L as ChildList>::Parent, <L as ChildList>::Filter, u32);
type CountKey<L> = (<L as ChildList>::Parent, <L as ChildList>::Filter);

/// The first `limit + 1` rows under each parent (the extra row tells whether a next page exists).
pub struct Pages<L> {
    db: DatabaseConnection,
    _list: PhantomData<fn() -> L>,
}

/// How many rows are under each parent.
pub struct Counts<L> {
    db: DatabaseConnection,
    _list: PhantomData<fn() -> L>,
}

fn order<L: ChildList>() -> Order {
    if L::DESCENDING { Order::Desc } else { Order::Asc }
}

/// Groups keys by everything but the parent: one statement per group.
fn by_shape<P: Clone, S: Hash + Eq>(keys: impl Iterator<Item = (P, S)>) -> HashMap<S, Vec<P>> {
    let mut shapes: HashMap<S, Vec<P>> = HashMap::new();
    for (parent, shape) in keys {
        shapes.entry(shape).or_default().push(parent);
    }
    shapes
}

fn parent_of<L: ChildList>(row: &Row<L>) -> Result<L::Parent, DbErr> {
    use sea_orm::ModelTrait;
    <L::Parent as ValueType>::try_from(row.get(L::parent())).map_err(|e| DbErr::Type(e.to_string()))
}

/// The first `take` rows of each parent's list, in one statement.
async fn first_rows<L: ChildList>(
    db: &DatabaseConnection,
    parents: &[L::Parent],
    filter: &L::Filter,
    take: u64,
) -> Result<Vec<Row<L>>, DbErr> {
    let statement = first_rows_query::<L>(db.get_database_backend(), parents, filter, take, None);
    L::Entity::find().from_raw_sql(statement).all(db).await
}

/// The statement reading the first `take` rows of each parent's list: every column, or only
/// `columns`, in their order.
fn first_rows_query<L: ChildList>(
    backend: DbBackend,
    parents: &[L::Parent],
    filter: &L::Filter,
    take: u64,
    columns: Option<&[Col<L>]>,
) -> sea_orm::Statement {
    let base = L::Entity::find().filter(L::condition(filter));
    let only_columns = |select: sea_orm::Select<L::Entity>| match columns {
        Some(cols) => select.select_only().columns(cols.iter().copied()),
        None => select,
    };
    if let [only] = parents {
        return backend
            .build(&only_columns(ordered::<L>(base.filter(L::parent().eq(only.clone())))).limit(take).into_query());
    }
    let (p, c) = (Alias::new("p"), Alias::new("c"));
    // Both engines name the single column of a `VALUES` list `column1`.
    let under_parent = Expr::col((L::Entity::default(), L::parent())).equals((p.clone(), Alias::new("column1")));
    let mut outer = Query::select();
    match columns {
        Some(cols) => {
            for col in cols {
                outer.column((c.clone(), *col));
            }
        }
        None => {
            outer.column((c.clone(), Asterisk));
        }
    }
    outer.from_values(parents.iter().cloned(), p);
    if backend == DbBackend::Postgres {
        let page = only_columns(ordered::<L>(base.filter(under_parent))).limit(take).into_query();
        outer.join_lateral(JoinType::InnerJoin, page, c, Expr::cust("TRUE"));
    } else {
        let keys = ordered::<L>(base.select_only().column(L::key()).filter(under_parent)).limit(take);
        outer.join_as(
            JoinType::InnerJoin,
            L::Entity::default(),
            c.clone(),
            Expr::col((c, L::key())).in_subquery(keys.into_query()),
        );
    }
    backend.build(&outer)
}

impl<L: ChildList> Loader<PageKey<L>> for Pages<L> {
    type Value = Vec<Row<L>>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[PageKey<L>]) -> Result<HashMap<PageKey<L>, Self::Value>, Self::Error> {
        let mut out: HashMap<PageKey<L>, Self::Value> = HashMap::new();
        let shapes = by_shape(keys.iter().map(|(p, f, n)| (p.clone(), (f.clone(), *n))));
        for ((filter, limit), parents) in shapes {
            for row in first_rows::<L>(&self.db, &parents, &filter, u64::from(limit) + 1).await.map_err(Arc::new)? {
                out.entry((parent_of::<L>(&row)?, filter.clone(), limit)).or_default().push(row);
            }
        }
        for rows in out.values_mut() {
            use sea_orm::ModelTrait;
            let as_db = |e: AppError| DbErr::Custom(format!("{e:?}"));
            let mut keyed = std::mem::take(rows)
                .into_iter()
                .map(|r| {
                    let sort = L::sort().map(|c| sort_text(r.get(c))).transpose().map_err(as_db)?;
                    Ok(((sort, int_of(r.get(L::key())).map_err(as_db)?), r))
                })
                .collect::<Result<Vec<_>, DbErr>>()?;
            keyed.sort_by(|(a, _), (b, _)| if L::DESCENDING { b.cmp(a) } else { a.cmp(b) });
            *rows = keyed.into_iter().map(|(_, r)| r).collect();
        }
        Ok(out)
    }
}

impl<L: ChildList> Loader<CountKey<L>> for Counts<L> {
    type Value = u64;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[CountKey<L>]) -> Result<HashMap<CountKey<L>, u64>, Self::Error> {
        let mut out = HashMap::new();
        for (filter, parents) in by_shape(keys.iter().cloned()) {
            let counts: Vec<(L::Parent, i64)> = L::Entity::find()
                .select_only()
                .column(L::parent())
                .column_as(Expr::from(Func::count(Expr::col(L::key()))), "n")
                .filter(L::parent().is_in(parents))
                .filter(L::condition(&filter))
                .group_by(L::parent())
                .into_tuple()
                .all(&self.db)
                .await
                .map_err(Arc::new)?;
            out.extend(counts.into_iter().map(|(p, n)| ((p, filter.clone()), n.unsigned_abs())));
        }
        Ok(out)
    }
}

type PagesLoader<L> = DataLoader<Pages<L>, HashMapCache>;
type CountsLoader<L> = Arc<DataLoader<Counts<L>, HashMapCache>>;

/// Adds the loaders for child list `L` to a request's data.
pub fn register<L: ChildList>(data: &mut Data, db: &DatabaseConnection, delay: std::time::Duration) {
    let pages = Pages::<L> { db: db.clone(), _list: PhantomData };
    let counts = Counts::<L> { db: db.clone(), _list: PhantomData };
    data.insert::<PagesLoader<L>>(DataLoader::with_cache(pages, tokio::spawn, HashMapCache::default()).delay(delay));
    data.insert::<CountsLoader<L>>(Arc::new(
        DataLoader::with_cache(counts, tokio::spawn, HashMapCache::default()).delay(delay),
    ));
}

/// One parent's page of child list `L`. A first page (`first`, or neither `first` nor
/// `last`) is read together with its sibling parents' pages; a page from a cursor or from the
/// end is read on its own.
pub async fn child_page<L: ChildList, N: async_graphql::OutputType>(
    ctx: &Context<'_>,
    parent: L::Parent,
    filter: L::Filter,
    args: PageArgs,
    to_node: impl Fn(Row<L>) -> N,
) -> AppResult<KeysetConnection<N>> {
    let missing = |what| AppError::internal(format!("{what} loader not registered for request"));
    if args.after.is_some() || args.before.is_some() || args.last.is_some() {
        let select = L::Entity::find().filter(L::parent().eq(parent)).filter(L::condition(&filter));
        return keyset_sorted(&ctx.state().db, select, L::sort(), L::key(), L::DESCENDING, args, to_node).await;
    }
    let limit = page_size(args.first, "first")?.unwrap_or(DEFAULT_PAGE);
    let pages = ctx.data::<PagesLoader<L>>().map_err(|_| missing("child pages"))?;
    let mut rows =
        pages.load_one((parent.clone(), filter.clone(), limit as u32)).await.map_err(db_err)?.unwrap_or_default();
    let has_next = rows.len() > limit;
    rows.truncate(limit);
    let counts = ctx.data::<CountsLoader<L>>().map_err(|_| missing("child counts"))?.clone();
    let total = super::relay::ConnectionTotal::new(move || {
        let (counts, key) = (counts.clone(), (parent.clone(), filter.clone()));
        Box::pin(async move { Ok(counts.load_one(key).await.map_err(db_err)?.unwrap_or(0)) })
    });
    let mut conn = Connection::with_additional_fields(false, has_next, total);
    push_edges(&mut conn, rows, L::key(), L::sort(), to_node)?;
    Ok(conn)
}

/// A child connection in a compiled read ([`super::compiled`]): the first page under every
/// parent of a page, only the columns asked for, in one statement.
pub struct CompiledChildren<L: ChildList, X> {
    filter: L::Filter,
    limit: usize,
    columns: Columns<Col<L>>,
    plan: ConnectionPlan<Vec<(Name, Out<X>)>>,
}

/// A child row as read: its position (sort value and key), its columns.
pub type ChildRow = (Option<String>, i64, QueryResult);

/// The rows of every parent, for what the nodes show besides their columns.
pub fn all_rows(rows: &HashMap<i64, Vec<ChildRow>>) -> impl Iterator<Item = &QueryResult> {
    rows.values().flatten().map(|(_, _, r)| r)
}

impl<L: ChildList<Parent = i64>, X> CompiledChildren<L, X> {
    /// Plans `field`, a first page (`first`, or no page argument) of list `L` narrowed by
    /// `filter`. `None` for a page from a cursor or from the end, a page size the resolvers
    /// refuse, or a node field outside `table` and what `other` takes on.
    pub fn plan<'a>(
        ctx: &'a Context<'_>,
        field: &'a Field,
        types: &ConnectionTypes,
        filter: L::Filter,
        table: &[(&str, Col<L>, Leaf)],
        mut other: impl FnMut(&'a Field, &mut Columns<Col<L>>) -> Option<X>,
    ) -> Option<Self> {
        for arg in ["after", "last", "before"] {
            if !matches!(compiled::argument(ctx, field, arg).ok()?, None | Some(AgValue::Null)) {
                return None;
            }
        }
        let limit = match compiled::argument(ctx, field, "first").ok()? {
            None | Some(AgValue::Null) => DEFAULT_PAGE,
            Some(AgValue::Number(n)) => usize::try_from(n.as_u64()?).ok().filter(|n| *n <= MAX_PAGE)?,
            Some(_) => return None,
        };
        let mut leading = vec![L::parent(), L::key()];
        leading.extend(L::sort());
        let mut columns = Columns::new(&leading);
        let plan = compiled::plan_connection(ctx, field, types, false, |set| {
            let fields = compiled::fields_of(ctx, set, types.node)?;
            compiled::plan_object(fields, types.node, table, &mut columns, &mut other)
        })?;
        Some(Self { filter, limit, columns, plan })
    }

    /// The first page under each of `parents` (one row more when more follow), in the list's
    /// order.
    pub async fn rows(&self, db: &DatabaseConnection, parents: &[i64]) -> Result<HashMap<i64, Vec<ChildRow>>, DbErr> {
        let mut out: HashMap<i64, Vec<ChildRow>> = HashMap::new();
        if parents.is_empty() {
            return Ok(out);
        }
        let take = self.limit as u64 + 1;
        let statement =
            first_rows_query::<L>(db.get_database_backend(), parents, &self.filter, take, Some(&self.columns.selected));
        for row in db.query_all_raw(statement).await? {
            let parent = row.try_get_by_index::<i64>(0)?;
            let key = row.try_get_by_index::<i64>(1)?;
            let sort = match L::sort() {
                Some(col) => Some(sort_at(&row, 2, col)?),
                None => None,
            };
            out.entry(parent).or_default().push((sort, key, row));
        }
        for rows in out.values_mut() {
            rows.sort_by(|a, b| {
                let order = (&a.0, a.1).cmp(&(&b.0, b.1));
                if L::DESCENDING { order.reverse() } else { order }
            });
        }
        Ok(out)
    }

    /// What the nodes show besides their columns, as planned.
    pub fn related(&self) -> impl Iterator<Item = &X> {
        self.plan.node.iter().flatten().filter_map(|(_, out)| match out {
            Out::Other(x) => Some(x),
            _ => None,
        })
    }

    /// One parent's connection, from its rows; `other` gives what the nodes show besides their
    /// columns.
    pub fn value(
        &self,
        mut rows: Vec<ChildRow>,
        mut other: impl FnMut(&X, &QueryResult) -> Result<AgValue, DbErr>,
    ) -> Result<AgValue, DbErr> {
        let has_next = rows.len() > self.limit;
        rows.truncate(self.limit);
        let mut nodes = Vec::with_capacity(rows.len());
        for (sort, id, row) in rows {
            let value = match &self.plan.node {
                Some(outs) => compiled::object(outs, &row, |_, x| other(x, &row))?,
                None => AgValue::Null,
            };
            nodes.push((value, Cursor { id, sort }));
        }
        Ok(self.plan.value(Page { nodes, has_previous: false, has_next, total: None }))
    }
}

/// A sort column's value, by position, as a cursor carries it (see [`sort_text`]).
fn sort_at<C: ColumnTrait>(row: &QueryResult, at: usize, col: C) -> Result<String, DbErr> {
    use sea_orm::sea_query::ColumnType;
    let as_db = |e: AppError| DbErr::Custom(format!("{e:?}"));
    match col.def().get_column_type() {
        ColumnType::TimestampWithTimeZone | ColumnType::DateTime | ColumnType::Timestamp => {
            sort_text(Value::from(row.try_get_by_index::<chrono::DateTime<chrono::Utc>>(at)?)).map_err(as_db)
        }
        _ => Ok(row.try_get_by_index::<String>(at)?),
    }
}
