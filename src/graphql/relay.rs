//! Relay plumbing: opaque global ids and keyset-paginated connections.
use std::{future::Future, pin::Pin, sync::Arc};

use async_graphql::{ID, Object, connection::Connection};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Value,
    sea_query::{Expr, ExprTrait},
};

use crate::error::{AppError, AppResult};

/// The kinds of object reachable through `node(id:)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    OrgUnit,
    User,
    AuditEvent,
    Group,
    Member,
    Contact,
    Visit,
    MemberImport,
    Product,
    Proposal,
    ApprovalRequest,
    Contract,
    InstallationJob,
    FaultTicket,
    Task,
    JobRun,
    ChurnWarning,
    Complaint,
    DisconnectionRequest,
    CompetitionReport,
    BillingAdjustment,
    ArrearsItem,
    PlanItem,
    WorkSummary,
    InfoReport,
    WorkCase,
    ResourceRequest,
    GiftItem,
}

impl NodeKind {
    const ALL: [NodeKind; 28] = [
        NodeKind::OrgUnit,
        NodeKind::User,
        NodeKind::AuditEvent,
        NodeKind::Group,
        NodeKind::Member,
        NodeKind::Contact,
        NodeKind::Visit,
        NodeKind::MemberImport,
        NodeKind::Product,
        NodeKind::Proposal,
        NodeKind::ApprovalRequest,
        NodeKind::Contract,
        NodeKind::InstallationJob,
        NodeKind::FaultTicket,
        NodeKind::Task,
        NodeKind::JobRun,
        NodeKind::ChurnWarning,
        NodeKind::Complaint,
        NodeKind::DisconnectionRequest,
        NodeKind::CompetitionReport,
        NodeKind::BillingAdjustment,
        NodeKind::ArrearsItem,
        NodeKind::PlanItem,
        NodeKind::WorkSummary,
        NodeKind::InfoReport,
        NodeKind::WorkCase,
        NodeKind::ResourceRequest,
        NodeKind::GiftItem,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            NodeKind::OrgUnit => "OrgUnit",
            NodeKind::User => "User",
            NodeKind::AuditEvent => "AuditEvent",
            NodeKind::Group => "CustomerGroup",
            NodeKind::Member => "Member",
            NodeKind::Contact => "Contact",
            NodeKind::Visit => "Visit",
            NodeKind::MemberImport => "MemberImport",
            NodeKind::Product => "Product",
            NodeKind::Proposal => "Proposal",
            NodeKind::ApprovalRequest => "ApprovalRequest",
            NodeKind::Contract => "Contract",
            NodeKind::InstallationJob => "InstallationJob",
            NodeKind::FaultTicket => "FaultTicket",
            NodeKind::Task => "Task",
            NodeKind::JobRun => "JobRun",
            NodeKind::ChurnWarning => "ChurnWarning",
            NodeKind::Complaint => "Complaint",
            NodeKind::DisconnectionRequest => "DisconnectionRequest",
            NodeKind::CompetitionReport => "CompetitionReport",
            NodeKind::BillingAdjustment => "BillingAdjustment",
            NodeKind::ArrearsItem => "ArrearsItem",
            NodeKind::PlanItem => "PlanItem",
            NodeKind::WorkSummary => "WorkSummary",
            NodeKind::InfoReport => "InfoReport",
            NodeKind::WorkCase => "WorkCase",
            NodeKind::ResourceRequest => "ResourceRequest",
            NodeKind::GiftItem => "GiftItem",
        }
    }

    /// The kind whose audit rows carry this entity type.
    pub fn of_entity_type(entity_type: &str) -> Option<NodeKind> {
        Self::ALL.into_iter().find(|k| k.name() == entity_type)
    }

    pub fn id(self, id: i64) -> ID {
        ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", self.name())))
    }

    /// The database id inside `id` when it names an object of this kind.
    pub fn decode(self, id: &ID) -> Option<i64> {
        match decode_global_id(id) {
            Some((kind, raw)) if kind == self => Some(raw),
            _ => None,
        }
    }
}

pub fn decode_global_id(id: &ID) -> Option<(NodeKind, i64)> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(id.as_str()).ok()?).ok()?;
    let (kind, num) = raw.split_once(':')?;
    let kind = NodeKind::ALL.into_iter().find(|k| k.name() == kind)?;
    Some((kind, num.parse().ok()?))
}

pub const DEFAULT_PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

/// `first/after/last/before` as the client gave them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Cost of a connection field for the complexity budget: its selection counts once per
/// item the page may hold, so a wide selection over a big page is refused up front.
pub fn connection_complexity(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let page = first.or(last).map_or(DEFAULT_PAGE, |n| n.clamp(0, MAX_PAGE as i32) as usize);
    1 + page.max(1) * child_complexity
}

/// A position in a list: the row's id, and its sort value when sorted by a text column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub id: i64,
    pub sort: Option<String>,
}

pub(crate) fn encode_cursor(c: &Cursor) -> String {
    match &c.sort {
        None => URL_SAFE_NO_PAD.encode(format!("k:{}", c.id)),
        Some(v) => URL_SAFE_NO_PAD.encode(format!("s:{}:{v}", c.id)),
    }
}

fn decode_cursor(cursor: &str, sorted: bool) -> AppResult<Cursor> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok().and_then(|b| String::from_utf8(b).ok());
    let parsed = raw.and_then(|s| {
        if sorted {
            let (id, v) = s.strip_prefix("s:")?.split_once(':')?;
            Some(Cursor { id: id.parse().ok()?, sort: Some(v.to_string()) })
        } else {
            Some(Cursor { id: s.strip_prefix("k:")?.parse().ok()?, sort: None })
        }
    });
    parsed.ok_or_else(|| AppError::bad_input("分页游标无效", "Invalid pagination cursor"))
}

/// A sort column's value as the cursor carries it: text as is, a UTC time as RFC 3339 to the
/// microsecond (which orders like the time).
pub(crate) fn sort_text(v: Value) -> AppResult<String> {
    match v {
        Value::String(Some(s)) => Ok(s.to_string()),
        Value::ChronoDateTimeUtc(Some(t)) => Ok(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)),
        other => Err(AppError::internal(format!("unsupported sort column: {other:?}"))),
    }
}

/// A cursor's sort value as the column's type: a UTC time column compares with a time, a text
/// column with text.
fn sort_value<C: ColumnTrait>(col: C, raw: &str) -> AppResult<Value> {
    use sea_orm::sea_query::ColumnType;
    match col.def().get_column_type() {
        ColumnType::TimestampWithTimeZone | ColumnType::DateTime | ColumnType::Timestamp => {
            chrono::DateTime::parse_from_rfc3339(raw)
                .map(|t| Value::from(t.with_timezone(&chrono::Utc)))
                .map_err(|_| AppError::bad_input("分页游标无效", "Invalid pagination cursor"))
        }
        _ => Ok(Value::from(raw.to_string())),
    }
}

pub(crate) fn page_size(n: Option<i32>, name: &str) -> AppResult<Option<usize>> {
    match n {
        None => Ok(None),
        Some(n) if (0..=MAX_PAGE as i32).contains(&n) => Ok(Some(n as usize)),
        Some(_) => Err(AppError::bad_input(
            format!("{name} 须在 0 到 {MAX_PAGE} 之间"),
            format!("{name} must be between 0 and {MAX_PAGE}"),
        )),
    }
}

pub type CountFuture = Pin<Box<dyn Future<Output = AppResult<u64>> + Send>>;

/// Extra connection fields: the total, counted only when asked for.
pub struct ConnectionTotal {
    count: Arc<dyn Fn() -> CountFuture + Send + Sync>,
}

impl ConnectionTotal {
    /// A total that runs `count` when (and each time) the client asks for it.
    pub fn new(count: impl Fn() -> CountFuture + Send + Sync + 'static) -> Self {
        Self { count: Arc::new(count) }
    }
}

#[Object]
impl ConnectionTotal {
    /// Number of items matching the filter, across all pages.
    async fn total_count(&self) -> async_graphql::Result<u64> {
        Ok((self.count)().await?)
    }
}

pub type KeysetConnection<N> = Connection<String, N, ConnectionTotal>;

/// Keyset pagination over `select` ordered by the integer key `key` (no `OFFSET`):
/// newest first when `descending`. Each page costs one query, whatever its position.
pub async fn keyset<E, N>(
    db: &DatabaseConnection,
    select: Select<E>,
    key: E::Column,
    descending: bool,
    args: PageArgs,
    to_node: impl Fn(E::Model) -> N,
) -> AppResult<KeysetConnection<N>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Send + Sync,
    N: async_graphql::OutputType,
{
    keyset_sorted(db, select, None, key, descending, args, to_node).await
}

/// One page's query: `select` narrowed past the cursors, in scan order, one row over the page.
pub(crate) struct Keyset<E: EntityTrait> {
    /// The rows of the page, and one more when more follow.
    pub query: Select<E>,
    /// Every row matching the filter, for `totalCount`.
    pub total: Select<E>,
    limit: usize,
    backward: bool,
    after: bool,
    before: bool,
}

impl<E: EntityTrait> Keyset<E> {
    /// The query for the page `args` asks for, in the order of `sort` (text or a UTC time; when
    /// given) with ties broken by the integer key, both in the same direction.
    pub fn new(
        select: Select<E>,
        sort: Option<E::Column>,
        key: E::Column,
        descending: bool,
        args: PageArgs,
    ) -> AppResult<Self> {
        let first = page_size(args.first, "first")?;
        let last = page_size(args.last, "last")?;
        if first.is_some() && last.is_some() {
            return Err(AppError::bad_input("first 与 last 不能同时使用", "Use either first or last, not both"));
        }
        let after = args.after.as_deref().map(|c| decode_cursor(c, sort.is_some())).transpose()?;
        let before = args.before.as_deref().map(|c| decode_cursor(c, sort.is_some())).transpose()?;
        let backward = last.is_some();
        let limit = last.or(first).unwrap_or(DEFAULT_PAGE);
        let total = select.clone();

        // "after" means further along the display order; in descending order that is a smaller key.
        // Rows strictly beyond cursor `c` in scan direction `down` (towards smaller values).
        let beyond = |c: &Cursor, down: bool| -> AppResult<Condition> {
            let by_key = if down { key.lt(c.id) } else { key.gt(c.id) };
            Ok(match (sort, &c.sort) {
                // A row-value comparison, `(sort, key) > (v, id)`: both engines seek the
                // `(sort, key)` index to the cursor, so page 500 costs what page 1 does (an
                // `a > v OR (a = v AND id > n)` is read from the start of the index).
                (Some(col), Some(v)) => {
                    let row = Expr::tuple([Expr::col(col.as_column_ref()), Expr::col(key.as_column_ref())]);
                    let at = Expr::tuple([Expr::val(sort_value(col, v)?), Expr::val(c.id)]);
                    Condition::all().add(if down { row.lt(at) } else { row.gt(at) })
                }
                _ => Condition::all().add(by_key),
            })
        };
        let mut q = select;
        if let Some(a) = &after {
            q = q.filter(beyond(a, descending)?);
        }
        if let Some(b) = &before {
            q = q.filter(beyond(b, !descending)?);
        }
        let scan_descending = descending != backward;
        if let Some(col) = sort {
            q = if scan_descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
        }
        q = if scan_descending { q.order_by_desc(key) } else { q.order_by_asc(key) };
        let query = q.limit(limit as u64 + 1);
        Ok(Self { query, total, limit, backward, after: after.is_some(), before: before.is_some() })
    }

    /// Cuts the rows read down to the page, in display order, and tells whether rows lie
    /// before it and after it.
    pub fn trim<R>(&self, rows: &mut Vec<R>) -> (bool, bool) {
        let has_more = rows.len() > self.limit;
        rows.truncate(self.limit);
        if self.backward {
            rows.reverse();
            (has_more, self.before)
        } else {
            (self.after, has_more)
        }
    }
}

/// Keyset pagination ordered by the column `sort` (text or a UTC time; when given) with ties
/// broken by the integer key, both in the same direction. Still one query per page, and no
/// `OFFSET`.
pub async fn keyset_sorted<E, N>(
    db: &DatabaseConnection,
    select: Select<E>,
    sort: Option<E::Column>,
    key: E::Column,
    descending: bool,
    args: PageArgs,
    to_node: impl Fn(E::Model) -> N,
) -> AppResult<KeysetConnection<N>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Send + Sync,
    N: async_graphql::OutputType,
{
    let page = Keyset::new(select, sort, key, descending, args)?;
    let total_select = page.total.clone();
    let total_db = db.clone();
    let total = ConnectionTotal::new(move || {
        let s = total_select.clone();
        let db = total_db.clone();
        Box::pin(async move { Ok(s.count(&db).await?) })
    });
    let mut rows = page.query.clone().all(db).await?;
    let (has_previous, has_next) = page.trim(&mut rows);
    let mut conn = Connection::with_additional_fields(has_previous, has_next, total);
    push_edges(&mut conn, rows, key, sort, to_node)?;
    Ok(conn)
}

/// The integer in a key column.
pub(crate) fn int_of(v: Value) -> AppResult<i64> {
    match v {
        Value::BigInt(Some(v)) => Ok(v),
        Value::Int(Some(v)) => Ok(v as i64),
        other => Err(AppError::internal(format!("non-integer keyset column: {other:?}"))),
    }
}

/// Appends `rows` to `conn`, each with the cursor of its position (its key, and its sort value
/// when the list is sorted by a text column).
pub(crate) fn push_edges<M, N>(
    conn: &mut KeysetConnection<N>,
    rows: Vec<M>,
    key: <M::Entity as EntityTrait>::Column,
    sort: Option<<M::Entity as EntityTrait>::Column>,
    to_node: impl Fn(M) -> N,
) -> AppResult<()>
where
    M: ModelTrait,
    N: async_graphql::OutputType,
{
    for row in rows {
        let id = int_of(row.get(key))?;
        let sort_value = sort.map(|c| sort_text(row.get(c))).transpose()?;
        let cursor = encode_cursor(&Cursor { id, sort: sort_value });
        conn.edges.push(async_graphql::connection::Edge::new(cursor, to_node(row)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_name_their_kind() {
        let id = NodeKind::User.id(42);
        assert_eq!(decode_global_id(&id), Some((NodeKind::User, 42)));
        assert_eq!(NodeKind::User.decode(&id), Some(42));
        assert_eq!(NodeKind::OrgUnit.decode(&id), None);
        assert!(!id.as_str().contains("42"), "ids are opaque");
        assert_eq!(decode_global_id(&ID("garbage!".into())), None);
    }

    #[test]
    fn connection_cost_grows_with_the_page() {
        assert_eq!(connection_complexity(None, None, 5), 101);
        assert_eq!(connection_complexity(Some(100), None, 5), 501);
        assert_eq!(connection_complexity(None, Some(1000), 5), 501, "clamped to the maximum page");
        assert_eq!(connection_complexity(Some(0), None, 5), 6);
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(page_size(Some(100), "first").unwrap(), Some(100));
        assert!(page_size(Some(101), "first").is_err());
        assert!(page_size(Some(-1), "last").is_err());
        assert!(decode_cursor("not-a-cursor", false).is_err());
        let plain = Cursor { id: 9, sort: None };
        assert_eq!(decode_cursor(&encode_cursor(&plain), false).unwrap(), plain);
        let sorted = Cursor { id: 9, sort: Some("广州:市政".into()) };
        assert_eq!(decode_cursor(&encode_cursor(&sorted), true).unwrap(), sorted);
        assert!(decode_cursor(&encode_cursor(&plain), true).is_err(), "a cursor from another order is refused");
    }
}
