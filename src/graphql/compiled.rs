//! Compiled reads: a root field (`groups`, `group`) whose whole selection is made of plain
//! fields is answered without the engine resolving it field by field.
//!
//! The engine still parses, validates, checks the limits and coerces the arguments; the root
//! field's resolver then looks at what was selected below it. When every field there is in its
//! type's table (a column, an id, an enum, a to-one the request's loaders already hold, a child
//! list read in one statement for the page), the resolver reads only those columns, by
//! position, and builds the answer's value itself ([`Answer::Built`]). Anything else (a field
//! outside the tables, a directive other than `@skip`/`@include`, a fragment on another type,
//! one response key for two different fields or for an object twice) leaves the field to the
//! resolvers ([`Answer::Resolved`]).
//! Both give the same answer: `tests/api/compiled.rs` runs each document both ways.
use std::{borrow::Cow, sync::Mutex};

use async_graphql::{
    Context, ContextSelectionSet, Name, OutputType, Positioned, ScalarType, ServerResult, Value,
    indexmap::IndexMap,
    parser::types::{Field, Selection, SelectionSet},
    registry::Registry,
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::values::Described;
use rust_decimal::Decimal;
use sea_orm::{DbErr, QueryResult, TryGetable};

use super::{
    relay::{Cursor, NodeKind, encode_cursor},
    scalars::{Date, Money},
};
use crate::graphql::ContextExt;

/// What a root list resolver hands the engine: a value it built, or objects to resolve.
/// Presents itself as `T` in the schema.
pub enum Answer<T> {
    /// Built by a compiled read; taken once by the engine.
    Built(Mutex<Option<Value>>),
    Resolved(T),
}

impl<T> Answer<T> {
    pub fn built(value: Value) -> Self {
        Answer::Built(Mutex::new(Some(value)))
    }
}

impl<T: OutputType> OutputType for Answer<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
        match self {
            Answer::Built(value) => Ok(value.lock().ok().and_then(|mut v| v.take()).unwrap_or_default()),
            Answer::Resolved(inner) => inner.resolve(ctx, field).await,
        }
    }
}

/// Whether compiled reads are on (`COMPILED_READS`, on unless set to false).
pub fn enabled(ctx: &Context<'_>) -> bool {
    ctx.state().config.compiled_reads
}

/// The fields a selection set asks of an object of type `type_name`, by response key, with
/// fragments expanded and `@skip`/`@include` applied. `None` when the set holds anything a
/// compiled read leaves to the resolvers.
pub fn fields_of<'a>(ctx: &'a Context<'_>, set: &'a SelectionSet, type_name: &str) -> Option<Vec<(Name, &'a Field)>> {
    let mut out: Vec<(Name, &'a Field)> = Vec::new();
    collect(ctx, set, type_name, &mut out, 0)?;
    Some(out)
}

/// Fragments may spread others; the engine refuses cycles, and this stops at any depth the
/// document limits would allow anyway.
const FRAGMENT_NESTING: usize = 8;

fn collect<'a>(
    ctx: &'a Context<'_>,
    set: &'a SelectionSet,
    type_name: &str,
    out: &mut Vec<(Name, &'a Field)>,
    nesting: usize,
) -> Option<()> {
    if nesting > FRAGMENT_NESTING {
        return None;
    }
    for item in &set.items {
        if !included(ctx, item.node.directives())? {
            continue;
        }
        match &item.node {
            Selection::Field(f) => {
                let key = f.node.alias.as_ref().map_or(&f.node.name.node, |a| &a.node).clone();
                match out.iter().find(|(k, _)| *k == key) {
                    // The same leaf asked twice (a fragment's `__typename` and the one the app's
                    // client adds beside it) is one field; anything else under one key is
                    // merged by the resolvers.
                    Some((_, seen)) if same_leaf(seen, &f.node) => {}
                    Some(_) => return None,
                    None => out.push((key, &f.node)),
                }
            }
            Selection::InlineFragment(f) => {
                if f.node.type_condition.as_ref().is_some_and(|c| c.node.on.node.as_str() != type_name) {
                    return None;
                }
                collect(ctx, &f.node.selection_set.node, type_name, out, nesting + 1)?;
            }
            Selection::FragmentSpread(s) => {
                let fragment = ctx.query_env.fragments.get(&s.node.fragment_name.node)?;
                if fragment.node.type_condition.node.on.node.as_str() != type_name {
                    return None;
                }
                collect(ctx, &fragment.node.selection_set.node, type_name, out, nesting + 1)?;
            }
        }
    }
    Some(())
}

/// Whether two fields under one response key are the same leaf, without arguments.
fn same_leaf(a: &Field, b: &Field) -> bool {
    a.name.node == b.name.node
        && a.arguments.is_empty()
        && b.arguments.is_empty()
        && a.selection_set.node.items.is_empty()
        && b.selection_set.node.items.is_empty()
}

/// Whether `@skip`/`@include` keep a selection; `None` for any other directive.
fn included(ctx: &Context<'_>, directives: &[Positioned<async_graphql::parser::types::Directive>]) -> Option<bool> {
    let mut keep = true;
    for d in directives {
        let name = d.node.name.node.as_str();
        if name != "skip" && name != "include" {
            return None;
        }
        let (_, value) = d.node.arguments.iter().find(|(n, _)| n.node.as_str() == "if")?;
        let flag = match value.node.clone().into_const_with(|v| variable(ctx, &v)) {
            Ok(Value::Boolean(b)) => b,
            _ => return None,
        };
        keep &= if name == "skip" { !flag } else { flag };
    }
    Some(keep)
}

/// A variable the request neither gives nor defaults.
#[derive(Debug)]
pub struct Undefined;

/// A field's argument as the request gives it (a literal or a variable), or `None` when absent.
pub fn argument(ctx: &Context<'_>, field: &Field, name: &str) -> Result<Option<Value>, Undefined> {
    match field.get_argument(name) {
        None => Ok(None),
        Some(v) => v.node.clone().into_const_with(|n| variable(ctx, &n)).map(Some),
    }
}

/// A variable's value as the request gives it, or its default, as the engine reads it.
fn variable(ctx: &Context<'_>, name: &Name) -> Result<Value, Undefined> {
    let env = &ctx.query_env;
    env.variables
        .get(name)
        .or_else(|| {
            env.operation.node.variable_definitions.iter().find(|d| d.node.name.node == *name)?.node.default_value()
        })
        .cloned()
        .ok_or(Undefined)
}

/// How a column is shown.
#[derive(Clone, Copy)]
pub enum Leaf {
    /// The global id of an integer key.
    Id(NodeKind),
    Text,
    OptText,
    Int,
    Bool,
    Time,
    OptTime,
    /// One of the domain's enums.
    Enum(fn(&QueryResult, usize) -> Result<Value, DbErr>),
    /// A JSON list of strings (phones, products in use); anything else shows as an empty list.
    Strings,
    /// An amount of money, if any ([`Money`]).
    OptMoney,
    /// A calendar date, if any ([`Date`]).
    OptDate,
}

/// What an object whose fields are all columns shows besides them: nothing.
pub enum Never {}

/// An enum column, shown as the API shows the enum.
pub fn enum_at<T: Described + TryGetable>(row: &QueryResult, at: usize) -> Result<Value, DbErr> {
    Ok(enum_value(row.try_get_by_index::<T>(at)?))
}

fn time(t: DateTime<Utc>) -> Value {
    Value::String(t.to_rfc3339())
}

impl Leaf {
    /// The value of this leaf in column `at` of `row`.
    pub fn read(self, row: &QueryResult, at: usize) -> Result<Value, DbErr> {
        Ok(match self {
            Leaf::Id(kind) => Value::String(kind.id(row.try_get_by_index::<i64>(at)?).0),
            Leaf::Text => Value::String(row.try_get_by_index::<String>(at)?),
            Leaf::OptText => row.try_get_by_index::<Option<String>>(at)?.map_or(Value::Null, Value::String),
            Leaf::Int => Value::from(row.try_get_by_index::<i32>(at)?),
            Leaf::Bool => Value::Boolean(row.try_get_by_index::<bool>(at)?),
            Leaf::Time => time(row.try_get_by_index::<DateTime<Utc>>(at)?),
            Leaf::OptTime => row.try_get_by_index::<Option<DateTime<Utc>>>(at)?.map_or(Value::Null, time),
            Leaf::Enum(read) => read(row, at)?,
            Leaf::Strings => {
                let json = row.try_get_by_index::<serde_json::Value>(at)?;
                let list: Vec<String> = serde_json::from_value(json).unwrap_or_default();
                Value::List(list.into_iter().map(Value::String).collect())
            }
            Leaf::OptMoney => row.try_get_by_index::<Option<Decimal>>(at)?.map_or(Value::Null, |d| Money(d).to_value()),
            Leaf::OptDate => row.try_get_by_index::<Option<NaiveDate>>(at)?.map_or(Value::Null, |d| Date(d).to_value()),
        })
    }
}

/// The columns a compiled read selects, and where each requested leaf finds its value.
pub struct Columns<C> {
    pub selected: Vec<C>,
}

impl<C: Copy> Columns<C> {
    pub fn new(always: &[C]) -> Self {
        Self { selected: always.to_vec() }
    }

    /// The position of `col` in the select list, adding it when new.
    pub fn at(&mut self, col: C) -> usize {
        match self.selected.iter().position(|c| std::mem::discriminant(c) == std::mem::discriminant(&col)) {
            Some(i) => i,
            None => {
                self.selected.push(col);
                self.selected.len() - 1
            }
        }
    }
}

/// What one output of an object is: a value read from a column, its type's name, or something
/// particular to its type.
pub enum Out<X> {
    Column(usize, Leaf),
    Typename(&'static str),
    Other(X),
}

/// Plans the leaves of an object from its type's table: `None` for a field it does not hold
/// (or one with arguments), `Some(Other)` for what `other` takes on.
pub fn plan_object<'a, C: Copy, X>(
    fields: Vec<(Name, &'a Field)>,
    type_name: &'static str,
    table: &[(&str, C, Leaf)],
    columns: &mut Columns<C>,
    mut other: impl FnMut(&'a Field, &mut Columns<C>) -> Option<X>,
) -> Option<Vec<(Name, Out<X>)>> {
    let mut outs = Vec::with_capacity(fields.len());
    for (key, field) in fields {
        let name = field.name.node.as_str();
        let out = if name == "__typename" {
            Out::Typename(type_name)
        } else if let Some((_, col, leaf)) = table.iter().find(|(n, _, _)| *n == name) {
            if !field.arguments.is_empty() || !field.selection_set.node.items.is_empty() {
                return None;
            }
            Out::Column(columns.at(*col), *leaf)
        } else {
            Out::Other(other(field, columns)?)
        };
        outs.push((key, out));
    }
    Some(outs)
}

/// Builds one object from its row: `other` gives the values particular to its type (told
/// the output's place among `outs`).
pub fn object<X>(
    outs: &[(Name, Out<X>)],
    row: &QueryResult,
    mut other: impl FnMut(usize, &X) -> Result<Value, DbErr>,
) -> Result<Value, DbErr> {
    let mut map = IndexMap::with_capacity(outs.len());
    for (i, (key, out)) in outs.iter().enumerate() {
        let value = match out {
            Out::Column(at, leaf) => leaf.read(row, *at)?,
            Out::Typename(name) => Value::String((*name).to_string()),
            Out::Other(x) => other(i, x)?,
        };
        map.insert(key.clone(), value);
    }
    Ok(Value::Object(map))
}

/// What a connection's selection asks for, with `N` the plan of its nodes.
pub struct ConnectionPlan<N> {
    outs: Vec<(Name, ConnectionOut)>,
    /// Whether `totalCount` is shown (so the rows must be counted).
    pub total: bool,
    pub node: Option<N>,
    /// Whether any cursor is shown (so the sort value must be read).
    pub cursors: bool,
}

enum ConnectionOut {
    Typename(&'static str),
    /// `totalCount`, of a root list (a child list's is left to the resolvers).
    Total,
    Nodes,
    Edges(Vec<(Name, EdgeOut)>),
    PageInfo(Vec<(Name, PageOut)>),
}

impl ConnectionOut {
    fn shows_nodes(&self) -> bool {
        matches!(self, ConnectionOut::Nodes | ConnectionOut::Edges(_))
    }
}

enum EdgeOut {
    Typename(&'static str),
    Cursor,
    Node,
}

enum PageOut {
    Typename,
    HasNext,
    HasPrevious,
    Start,
    End,
}

/// The type names of a connection of `T`, as the schema gives them.
pub struct ConnectionTypes {
    pub connection: &'static str,
    pub edge: &'static str,
    pub node: &'static str,
}

/// Plans a connection's selection; `node` plans the selection of `nodes` or `edges.node`
/// (one of them, once). `totalCount` is planned when `counted` (a root list) and left to the
/// resolvers otherwise.
pub fn plan_connection<'a, N>(
    ctx: &'a Context<'_>,
    field: &'a Field,
    types: &ConnectionTypes,
    counted: bool,
    mut node: impl FnMut(&'a SelectionSet) -> Option<N>,
) -> Option<ConnectionPlan<N>> {
    let mut plan = ConnectionPlan { outs: Vec::new(), total: false, node: None, cursors: false };
    let mut node_set: Option<&SelectionSet> = None;
    let mut take_node = |set: &'a SelectionSet, plan: &mut ConnectionPlan<N>| -> Option<()> {
        // Nodes shown twice (`nodes` and `edges.node`, or under two keys) are left to the resolvers.
        if node_set.replace(set).is_some() {
            return None;
        }
        plan.node = Some(node(set)?);
        Some(())
    };
    for (key, f) in fields_of(ctx, &field.selection_set.node, types.connection)? {
        let out = match f.name.node.as_str() {
            "__typename" => ConnectionOut::Typename(types.connection),
            "totalCount" if counted => {
                plan.total = true;
                ConnectionOut::Total
            }
            "nodes" => {
                take_node(&f.selection_set.node, &mut plan)?;
                ConnectionOut::Nodes
            }
            "edges" => {
                let mut edge = Vec::new();
                for (k, e) in fields_of(ctx, &f.selection_set.node, types.edge)? {
                    edge.push((
                        k,
                        match e.name.node.as_str() {
                            "__typename" => EdgeOut::Typename(types.edge),
                            "cursor" => {
                                plan.cursors = true;
                                EdgeOut::Cursor
                            }
                            "node" => {
                                take_node(&e.selection_set.node, &mut plan)?;
                                EdgeOut::Node
                            }
                            _ => return None,
                        },
                    ));
                }
                ConnectionOut::Edges(edge)
            }
            "pageInfo" => {
                let mut info = Vec::new();
                for (k, p) in fields_of(ctx, &f.selection_set.node, "PageInfo")? {
                    info.push((
                        k,
                        match p.name.node.as_str() {
                            "__typename" => PageOut::Typename,
                            "hasNextPage" => PageOut::HasNext,
                            "hasPreviousPage" => PageOut::HasPrevious,
                            "startCursor" | "endCursor" => {
                                plan.cursors = true;
                                if p.name.node.as_str() == "startCursor" { PageOut::Start } else { PageOut::End }
                            }
                            _ => return None,
                        },
                    ));
                }
                ConnectionOut::PageInfo(info)
            }
            _ => return None,
        };
        plan.outs.push((key, out));
    }
    Some(plan)
}

/// One page as read: each node's value and its position, and whether more lie either side.
pub struct Page {
    pub(crate) nodes: Vec<(Value, Cursor)>,
    pub has_previous: bool,
    pub has_next: bool,
    /// The rows across all pages, when counted.
    pub total: Option<u64>,
}

impl<N> ConnectionPlan<N> {
    /// The connection's value for `page`.
    pub fn value(&self, page: Page) -> Value {
        let cursors: Vec<String> =
            if self.cursors { page.nodes.iter().map(|(_, c)| encode_cursor(c)).collect() } else { Vec::new() };
        let cursor_at = |i: usize| cursors.get(i).cloned().map_or(Value::Null, Value::String);
        let count = page.nodes.len();
        let (mut values, _): (Vec<Value>, Vec<Cursor>) = page.nodes.into_iter().unzip();
        // The nodes are moved into the last output that shows them, copied into any before.
        let mut uses = self.outs.iter().filter(|(_, o)| o.shows_nodes()).count();
        let mut give = move || {
            uses = uses.saturating_sub(1);
            if uses == 0 { std::mem::take(&mut values) } else { values.clone() }
        };
        let mut map = IndexMap::with_capacity(self.outs.len());
        for (key, out) in &self.outs {
            let value = match out {
                ConnectionOut::Typename(name) => Value::String((*name).to_string()),
                ConnectionOut::Total => page.total.map_or(Value::Null, Value::from),
                ConnectionOut::Nodes => Value::List(give()),
                ConnectionOut::Edges(edge) => Value::List(
                    give()
                        .into_iter()
                        .enumerate()
                        .map(|(i, node)| {
                            let mut e = IndexMap::with_capacity(edge.len());
                            for (k, out) in edge {
                                e.insert(
                                    k.clone(),
                                    match out {
                                        EdgeOut::Typename(name) => Value::String((*name).to_string()),
                                        EdgeOut::Cursor => cursor_at(i),
                                        // A node shows once per edge.
                                        EdgeOut::Node => node.clone(),
                                    },
                                );
                            }
                            Value::Object(e)
                        })
                        .collect(),
                ),
                ConnectionOut::PageInfo(info) => {
                    let mut p = IndexMap::with_capacity(info.len());
                    for (k, out) in info {
                        p.insert(
                            k.clone(),
                            match out {
                                PageOut::Typename => Value::String("PageInfo".to_string()),
                                PageOut::HasNext => Value::Boolean(page.has_next),
                                PageOut::HasPrevious => Value::Boolean(page.has_previous),
                                PageOut::Start => cursor_at(0),
                                PageOut::End => count.checked_sub(1).map_or(Value::Null, cursor_at),
                            },
                        );
                    }
                    Value::Object(p)
                }
            };
            map.insert(key.clone(), value);
        }
        Value::Object(map)
    }
}

/// How a field of an object shown from its loaded model reads its value.
pub type Getter<M> = fn(&M) -> Value;

/// The fields an object shown from its loaded model asks for (its `__typename` too).
pub struct ModelPlan<M> {
    type_name: &'static str,
    outs: Vec<(Name, Option<Getter<M>>)>,
}

impl<M> ModelPlan<M> {
    /// Plans `set` from the type's table; `None` for a field the table does not hold.
    pub fn new(
        ctx: &Context<'_>,
        set: &SelectionSet,
        type_name: &'static str,
        table: &[(&str, Getter<M>)],
    ) -> Option<Self> {
        let mut outs = Vec::new();
        for (key, field) in fields_of(ctx, set, type_name)? {
            let name = field.name.node.as_str();
            let getter = if name == "__typename" {
                None
            } else {
                if !field.arguments.is_empty() || !field.selection_set.node.items.is_empty() {
                    return None;
                }
                Some(table.iter().find(|(n, _)| *n == name)?.1)
            };
            outs.push((key, getter));
        }
        Some(Self { type_name, outs })
    }

    pub fn value(&self, model: &M) -> Value {
        let mut map = IndexMap::with_capacity(self.outs.len());
        for (key, getter) in &self.outs {
            let value = match getter {
                Some(get) => get(model),
                None => Value::String(self.type_name.to_string()),
            };
            map.insert(key.clone(), value);
        }
        Value::Object(map)
    }
}

/// A UTC time as the API shows it.
pub fn time_value(t: &DateTime<Utc>) -> Value {
    time(*t)
}

/// An optional UTC time as the API shows it.
pub fn opt_time_value(t: &Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, time)
}

/// A domain enum as the API shows it.
pub fn enum_value<T: Described>(v: T) -> Value {
    Value::Enum(Name::new(v.facts().name))
}
