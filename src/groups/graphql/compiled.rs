//! `groups` as a compiled read (`graphql::compiled`): the page's columns read by position, the
//! owners from the request's loader, the contacts of the whole page in one statement.
use std::collections::HashMap;

use async_graphql::{Context, Name, Value, parser::types::Field};
use sea_orm::{ConnectionTrait, DbErr, QuerySelect, QueryTrait, Select};

use super::{
    super::{GroupKind, GroupStatus, Segment, ServiceTier, ValueClass},
    GroupVisits,
};
use crate::{
    contacts::graphql::CompiledContacts,
    error::AppResult,
    graphql::{
        ContextExt,
        child_pages::CompiledChildren,
        compiled::{self, Columns, ConnectionPlan, ConnectionTypes, Leaf, Out, Page},
        relay::{Cursor, Keyset, NodeKind, PageArgs},
    },
    users::graphql::CompiledUser,
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
}

/// What a page of groups shows of each group.
pub struct GroupPlan {
    columns: Columns<Column>,
    outs: Vec<(Name, Out<Related>)>,
}

const VISITS: ConnectionTypes = ConnectionTypes { connection: "VisitConnection", edge: "VisitEdge", node: "Visit" };

/// The plan for a `groups` field, or `None` when its selection is for the resolvers.
pub fn plan(ctx: &Context<'_>) -> Option<ConnectionPlan<GroupPlan>> {
    if !compiled::enabled(ctx) {
        return None;
    }
    let field: &Field = &ctx.item.node;
    compiled::plan_connection(ctx, field, &TYPES, |set| {
        let mut columns = Columns::new(&[Column::Id]);
        let fields = compiled::fields_of(ctx, set, TYPES.node)?;
        let outs = compiled::plan_object(fields, TYPES.node, COLUMNS, &mut columns, |f, columns| {
            match f.name.node.as_str() {
                "owner" => Some(Related::Owner(CompiledUser::plan(ctx, f, Column::OwnerId, columns)?)),
                "contacts" => Some(Related::Contacts(CompiledContacts::plan(ctx, f)?)),
                "visits" => {
                    let status = match compiled::argument(ctx, f, "status").ok()? {
                        None | Some(Value::Null) => None,
                        // A literal is an enum; a variable's value arrives as a string.
                        Some(Value::Enum(name)) => Some(VisitStatus::from_name(name.as_str())?),
                        Some(Value::String(name)) => Some(VisitStatus::from_name(&name)?),
                        Some(_) => return None,
                    };
                    let visits = CompiledChildren::plan(ctx, f, &VISITS, status, VISIT, |f, columns| {
                        (f.name.node.as_str() == "manager")
                            .then(|| CompiledUser::plan(ctx, f, VisitColumn::ManagerId, columns))?
                    })?;
                    Some(Related::Visits(visits))
                }
                _ => None,
            }
        })?;
        Some(GroupPlan { columns, outs })
    })
}

/// What one related field of the page's groups read, by group.
enum Read {
    Owners(HashMap<i64, entity::app_user::Model>),
    Contacts(HashMap<i64, Vec<Value>>),
    Visits(HashMap<i64, Vec<VisitRow>>, HashMap<i64, entity::app_user::Model>),
}

type VisitRow = (Option<String>, i64, sea_orm::QueryResult);

/// Reads the page `args` asks for of `select` and builds its value.
pub async fn read(
    ctx: &Context<'_>,
    plan: ConnectionPlan<GroupPlan>,
    select: Select<Entity>,
    sort: Option<Column>,
    descending: bool,
    args: PageArgs,
) -> AppResult<Value> {
    let db = &ctx.state().db;
    let empty = GroupPlan { columns: Columns::new(&[Column::Id]), outs: Vec::new() };
    let node = plan.node.as_ref().unwrap_or(&empty);
    let mut columns = Columns::new(&node.columns.selected);
    let sort_at = sort.filter(|_| plan.cursors).map(|c| columns.at(c));
    let keyset = Keyset::new(select, sort, Column::Id, descending, args)?;
    let query = keyset.query.clone().select_only().columns(columns.selected.iter().copied()).into_query();
    let mut rows = db.query_all(&query).await?;
    let (has_previous, has_next) = keyset.trim(&mut rows);

    let ids = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<Vec<_>, _>>()?;
    // Each related field is read once for the whole page, in the order of the selection.
    let mut read = Vec::new();
    for (_, out) in &node.outs {
        read.push(match out {
            Out::Other(Related::Owner(user)) => Some(Read::Owners(user.load(ctx, rows.iter()).await?)),
            Out::Other(Related::Contacts(list)) => Some(Read::Contacts(list.read(db, &ids).await?)),
            Out::Other(Related::Visits(list)) => {
                let visits = list.rows(db, &ids).await?;
                let managers = match list.related().next() {
                    Some(user) => {
                        user.load(ctx, CompiledChildren::<GroupVisits, CompiledUser>::all_rows(&visits)).await?
                    }
                    None => HashMap::new(),
                };
                Some(Read::Visits(visits, managers))
            }
            _ => None,
        });
    }

    let mut nodes = Vec::with_capacity(rows.len());
    for (row, id) in rows.iter().zip(&ids) {
        let value = compiled::object(&node.outs, row, |i, related| {
            let found = read.get_mut(i).and_then(Option::as_mut);
            Ok(match (related, found) {
                (Related::Owner(user), Some(Read::Owners(users))) => user.value(row, users)?,
                (Related::Contacts(_), Some(Read::Contacts(lists))) => {
                    Value::List(lists.remove(id).unwrap_or_default())
                }
                (Related::Visits(list), Some(Read::Visits(pages, managers))) => {
                    let page = pages.remove(id).unwrap_or_default();
                    list.value(page, |user, visit| user.value(visit, managers))?
                }
                _ => return Err(DbErr::Custom("a compiled read lost its related rows".into())),
            })
        })?;
        let sort = sort_at.map(|at| row.try_get_by_index::<String>(at)).transpose()?;
        nodes.push((value, Cursor { id: *id, sort }));
    }
    ctx.state().metrics.compiled_reads.inc();
    Ok(plan.value(Page { nodes, has_previous, has_next }))
}
