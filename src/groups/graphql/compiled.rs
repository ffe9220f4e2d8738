//! `groups` and `group` as compiled reads (`graphql::compiled`): the groups' columns read by
//! position, their owners from the request's loader, and their contacts, first visits (with
//! their managers) and first members each read for all of them in one statement.
use std::collections::HashMap;

use async_graphql::{Context, Name, Value, parser::types::SelectionSet};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryResult, QuerySelect,
    QueryTrait, Select,
};

use super::{
    super::{GroupKind, GroupStatus, Segment, ServiceTier, ValueClass},
    GroupMembers, GroupVisits, MemberSlice,
};
use crate::{
    contacts::graphql::CompiledContacts,
    error::AppResult,
    graphql::{
        ContextExt,
        child_pages::{ChildRow, CompiledChildren, all_rows},
        compiled::{self, Columns, ConnectionPlan, ConnectionTypes, Leaf, Never, Out, Page},
        relay::{Cursor, Keyset, NodeKind, PageArgs},
    },
    members::graphql::COMPILED as MEMBER,
    users::graphql::{CompiledUser, load_many},
    visits::{VisitStatus, graphql::COMPILED as VISIT},
};
use entity::{
    customer_group::{Column, Entity},
    values::Described,
    visit::Column as VisitColumn,
};

const TYPES: ConnectionTypes =
    ConnectionTypes { connection: "CustomerGroupConnection", edge: "CustomerGroupEdge", node: "CustomerGroup" };

const COLUMNS: &[(&str, Column, Leaf)] = &[
    ("id", Column::Id, Leaf::Id(NodeKind::Group)),
    ("code", Column::Code, Leaf::Text),
    ("name", Column::Name, Leaf::Text),
    ("kind", Column::Kind, Leaf::Enum(compiled::enum_at::<GroupKind>)),
    ("segment", Column::Segment, Leaf::Enum(compiled::enum_at::<Segment>)),
    ("industry", Column::Industry, Leaf::Text),
    ("valueClass", Column::ValueClass, Leaf::Enum(compiled::enum_at::<ValueClass>)),
    ("tier", Column::Tier, Leaf::Enum(compiled::enum_at::<ServiceTier>)),
    ("address", Column::Address, Leaf::Text),
    ("annualOutputOver3M", Column::AnnualOutputOver3m, Leaf::Bool),
    ("status", Column::Status, Leaf::Enum(compiled::enum_at::<GroupStatus>)),
    ("competitors", Column::Competitors, Leaf::Strings),
    ("competitorNotes", Column::CompetitorNotes, Leaf::OptText),
    ("informatizationProducts", Column::InformatizationProducts, Leaf::Strings),
    ("notes", Column::Notes, Leaf::OptText),
    ("lastVisitAt", Column::LastVisitAt, Leaf::OptTime),
    ("baselineMonth", Column::BaselineMonth, Leaf::OptText),
    ("openProposals", Column::OpenProposals, Leaf::Int),
    ("archivedAt", Column::ArchivedAt, Leaf::OptTime),
    ("version", Column::Version, Leaf::Int),
    ("createdAt", Column::CreatedAt, Leaf::Time),
    ("updatedAt", Column::UpdatedAt, Leaf::Time),
];

/// What a group shows besides its columns.
enum Related {
    /// The owning manager; null outside the viewer's scope.
    Owner(CompiledUser),
    /// Its contacts.
    Contacts(CompiledContacts),
    /// The first page of its visits, each with its manager.
    Visits(CompiledChildren<GroupVisits, CompiledUser>),
    /// The first page of its current members.
    Members(CompiledChildren<GroupMembers, Never>),
    /// Where it is: more of its own columns.
    Region(Vec<(Name, Out<Never>)>),
    /// Whether its manager has been disabled, from the owner column at this position.
    Unassigned(usize),
}

const REGION: &[(&str, Column, Leaf)] = &[
    ("county", Column::County, Leaf::Text),
    ("town", Column::Town, Leaf::OptText),
    ("streetOffice", Column::StreetOffice, Leaf::OptText),
    ("village", Column::Village, Leaf::OptText),
];

/// What each group shows.
pub struct GroupPlan {
    columns: Columns<Column>,
    outs: Vec<(Name, Out<Related>)>,
}

const VISITS: ConnectionTypes = ConnectionTypes { connection: "VisitConnection", edge: "VisitEdge", node: "Visit" };
const MEMBERS: ConnectionTypes = ConnectionTypes { connection: "MemberConnection", edge: "MemberEdge", node: "Member" };

/// The plan for a `groups` field, or `None` when its selection is for the resolvers.
pub fn plan(ctx: &Context<'_>) -> Option<ConnectionPlan<GroupPlan>> {
    if !compiled::enabled(ctx) {
        return None;
    }
    compiled::plan_connection(ctx, &ctx.item.node, &TYPES, true, |set| plan_group(ctx, set))
}

/// The plan for a `group` field, or `None` when its selection is for the resolvers.
pub fn plan_one(ctx: &Context<'_>) -> Option<GroupPlan> {
    if !compiled::enabled(ctx) {
        return None;
    }
    plan_group(ctx, &ctx.item.node.selection_set.node)
}

fn plan_group(ctx: &Context<'_>, set: &SelectionSet) -> Option<GroupPlan> {
    let mut columns = Columns::new(&[Column::Id]);
    let fields = compiled::fields_of(ctx, set, TYPES.node)?;
    let outs = compiled::plan_object(fields, TYPES.node, COLUMNS, &mut columns, |f, columns| {
        Some(match f.name.node.as_str() {
            "owner" => Related::Owner(CompiledUser::plan(ctx, f, Column::OwnerId, columns)?),
            "contacts" => Related::Contacts(CompiledContacts::plan(ctx, f)?),
            "visits" => {
                let status = match compiled::argument(ctx, f, "status").ok()? {
                    None | Some(Value::Null) => None,
                    // A literal is an enum; a variable's value arrives as a string.
                    Some(Value::Enum(name)) => Some(VisitStatus::from_name(name.as_str())?),
                    Some(Value::String(name)) => Some(VisitStatus::from_name(&name)?),
                    Some(_) => return None,
                };
                Related::Visits(CompiledChildren::plan(ctx, f, &VISITS, status, VISIT, |f, columns| {
                    (f.name.node.as_str() == "manager")
                        .then(|| CompiledUser::plan(ctx, f, VisitColumn::ManagerId, columns))?
                })?)
            }
            // Current members in the order added; a filter is left to the resolvers.
            "members" => {
                if !matches!(compiled::argument(ctx, f, "filter").ok()?, None | Some(Value::Null)) {
                    return None;
                }
                let slice = MemberSlice { archived: false, status: None, key_person: None, band: None, search: None };
                Related::Members(CompiledChildren::plan(ctx, f, &MEMBERS, slice, MEMBER, |_, _| None)?)
            }
            "region" => {
                let fields = compiled::fields_of(ctx, &f.selection_set.node, "Region")?;
                Related::Region(compiled::plan_object(fields, "Region", REGION, columns, |_, _| None)?)
            }
            "unassigned" => Related::Unassigned(columns.at(Column::OwnerId)),
            _ => return None,
        })
    })?;
    Some(GroupPlan { columns, outs })
}

/// What one related field of the groups read, by group.
enum Read {
    Owners(HashMap<i64, entity::app_user::Model>),
    /// Every owner, visible or not.
    Managers(HashMap<i64, entity::app_user::Model>),
    Contacts(HashMap<i64, Vec<Value>>),
    Visits(HashMap<i64, Vec<ChildRow>>, HashMap<i64, entity::app_user::Model>),
    Members(HashMap<i64, Vec<ChildRow>>),
}

/// Reads the page `args` asks for of `select` and builds its value.
pub async fn read(
    ctx: &Context<'_>,
    plan: ConnectionPlan<GroupPlan>,
    select: Select<Entity>,
    sort: Option<Column>,
    descending: bool,
    args: PageArgs,
) -> AppResult<Value> {
    let empty = GroupPlan { columns: Columns::new(&[Column::Id]), outs: Vec::new() };
    let node = plan.node.as_ref().unwrap_or(&empty);
    let mut columns = Columns::new(&node.columns.selected);
    let sort_at = sort.filter(|_| plan.cursors).map(|c| columns.at(c));
    let keyset = Keyset::new(select, sort, Column::Id, descending, args)?;
    let query = keyset.query.clone().select_only().columns(columns.selected.iter().copied()).into_query();
    let mut rows = ctx.state().db.query_all(&query).await?;
    let (has_previous, has_next) = keyset.trim(&mut rows);
    let total = match plan.total {
        true => Some(keyset.total.clone().count(&ctx.state().db).await?),
        false => None,
    };
    let values = build(ctx, node, &rows).await?;
    let mut nodes = Vec::with_capacity(rows.len());
    for (row, (id, value)) in rows.iter().zip(values) {
        let sort = sort_at.map(|at| row.try_get_by_index::<String>(at)).transpose()?;
        nodes.push((value, Cursor { id, sort }));
    }
    ctx.state().metrics.compiled_reads.inc();
    Ok(plan.value(Page { nodes, has_previous, has_next, total }))
}

/// Reads group `id` when the viewer may see it (null otherwise, as when it does not exist) and
/// builds its value.
pub async fn read_one(ctx: &Context<'_>, plan: GroupPlan, id: i64) -> AppResult<Value> {
    let scope = ctx.viewer()?.scope().condition(Column::OwnerId, Column::DepartmentId, Column::BranchId);
    let query = Entity::find()
        .select_only()
        .columns(plan.columns.selected.iter().copied())
        .filter(Column::Id.eq(id))
        .filter(scope)
        .into_query();
    let rows = ctx.state().db.query_all(&query).await?;
    let value = build(ctx, &plan, &rows).await?.into_iter().next().map_or(Value::Null, |(_, v)| v);
    ctx.state().metrics.compiled_reads.inc();
    Ok(value)
}

/// Each group's id and value, from its row; what they show besides their columns is read once
/// for all of them.
async fn build(ctx: &Context<'_>, plan: &GroupPlan, rows: &[QueryResult]) -> AppResult<Vec<(i64, Value)>> {
    let db = &ctx.state().db;
    let ids = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<Vec<_>, _>>()?;
    // One entry per output, in the order of the selection.
    // Read at once, as the resolvers' batches are (`prime_page`): one round trip's wait, not
    // one per related field.
    let ids = &ids;
    let reads = plan.outs.iter().map(|(_, out)| async move {
        AppResult::Ok(match out {
            Out::Other(Related::Owner(user)) => Some(Read::Owners(user.load(ctx, rows.iter()).await?)),
            Out::Other(Related::Contacts(list)) => Some(Read::Contacts(list.read(db, ids).await?)),
            Out::Other(Related::Visits(list)) => {
                let visits = list.rows(db, ids).await?;
                let managers = match list.related().next() {
                    Some(user) => user.load(ctx, all_rows(&visits)).await?,
                    None => HashMap::new(),
                };
                Some(Read::Visits(visits, managers))
            }
            Out::Other(Related::Members(list)) => Some(Read::Members(list.rows(db, ids).await?)),
            Out::Other(Related::Unassigned(at)) => {
                let owners = rows.iter().map(|r| r.try_get_by_index::<i64>(*at)).collect::<Result<Vec<_>, _>>()?;
                Some(Read::Managers(load_many(ctx, owners).await?))
            }
            _ => None,
        })
    });
    let mut read = futures_util::future::try_join_all(reads).await?;
    let mut values = Vec::with_capacity(rows.len());
    for (row, &id) in rows.iter().zip(ids) {
        let value = compiled::object(&plan.outs, row, |i, related| {
            Ok(match (related, read.get_mut(i).and_then(Option::as_mut)) {
                (Related::Owner(user), Some(Read::Owners(users))) => user.value(row, users)?,
                (Related::Contacts(_), Some(Read::Contacts(lists))) => {
                    Value::List(lists.remove(&id).unwrap_or_default())
                }
                (Related::Visits(list), Some(Read::Visits(pages, managers))) => {
                    list.value(pages.remove(&id).unwrap_or_default(), |user, visit| user.value(visit, managers))?
                }
                (Related::Members(list), Some(Read::Members(pages))) => {
                    list.value(pages.remove(&id).unwrap_or_default(), |never, _| match *never {})?
                }
                (Related::Region(outs), None) => compiled::object(outs, row, |_, never| match *never {})?,
                (Related::Unassigned(at), Some(Read::Managers(users))) => {
                    Value::Boolean(users.get(&row.try_get_by_index::<i64>(*at)?).is_none_or(|u| !u.active))
                }
                _ => return Err(DbErr::Custom("a compiled read lost its related rows".into())),
            })
        })?;
        values.push((id, value));
    }
    Ok(values)
}
