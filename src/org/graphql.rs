//! Org nodes in the API: reading the tree (any signed-in user) and changing it (admins).
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::service::{self, NewOrgUnit};
use crate::{
    auth::OrgKind,
    error::{AppError, AppResult, UserError, UserErrorCode},
    graphql::ContextExt,
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
};
use entity::org_unit::{Column, Entity, Model};

/// A node of the organisation tree (组织节点): company, branch, department or grid.
pub struct OrgUnit(pub Model);

/// A node of the organisation tree (组织节点): company, branch, department or grid.
#[Object]
impl OrgUnit {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::OrgUnit.id(self.0.id)
    }
    /// Short unique code, e.g. `gz` (广州分公司).
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Display name (名称).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Kind of node.
    async fn kind(&self) -> Gql<OrgKind> {
        Gql(self.0.kind)
    }
    /// The node above this one; null for the company.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, self.0.parent_id).await
    }
    /// The branch this node belongs to (itself for a branch).
    async fn branch(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, self.0.branch_id).await
    }
    /// What the department does beyond selling (rule 15's approvers, billing); null for most.
    async fn function(&self) -> Option<Gql<crate::billing::OrgFunction>> {
        self.0.function.map(Gql)
    }
    /// False once disabled (停用).
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Row version, sent back as `expectedVersion` when changing this node.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the node was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the node last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Loads an org node by id through the request's DataLoader.
pub async fn load_org(ctx: &Context<'_>, id: Option<i64>) -> async_graphql::Result<Option<OrgUnit>> {
    match id {
        Some(id) => Ok(load_by_id::<Entity>(ctx, id).await?.map(OrgUnit)),
        None => Ok(None),
    }
}

/// Which org nodes to list.
#[derive(InputObject, Default)]
pub struct OrgUnitFilter {
    /// Only nodes of this kind.
    pub kind: Option<Gql<OrgKind>>,
    /// Only direct children of this node (global id).
    pub parent_id: Option<ID>,
    /// Only active (true) or only disabled (false) nodes.
    pub active: Option<bool>,
}

#[derive(Default)]
pub struct OrgQuery;

#[Object]
impl OrgQuery {
    /// Org nodes, in creation order. Any signed-in user may read the tree.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn org_units(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<OrgUnitFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<OrgUnit>> {
        ctx.viewer()?;
        let filter = filter.unwrap_or_default();
        let mut select = Entity::find();
        if let Some(kind) = filter.kind {
            select = select.filter(Column::Kind.eq(kind.0));
        }
        if let Some(parent) = filter.parent_id {
            select = select.filter(Column::ParentId.eq(NodeKind::OrgUnit.decode(&parent).unwrap_or(-1)));
        }
        if let Some(active) = filter.active {
            select = select.filter(Column::Active.eq(active));
        }
        Ok(keyset(&ctx.state().db, select, Column::Id, false, PageArgs { first, after, last, before }, OrgUnit).await?)
    }
}

/// A new org node.
#[derive(InputObject)]
pub struct CreateOrgUnitInput {
    /// Parent node (global id); omitted only for the company.
    pub parent_id: Option<ID>,
    /// Kind of node; must fit under the parent's kind.
    pub kind: Gql<OrgKind>,
    /// Unique short code (2–32 of a-z, 0-9, _ and -).
    pub code: String,
    /// Display name (1–100 characters).
    pub name: String,
}

/// Enable or disable an org node.
#[derive(InputObject)]
pub struct SetOrgUnitActiveInput {
    /// The node (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of changing an org node.
#[derive(SimpleObject)]
pub struct OrgUnitPayload {
    /// The node as changed; null when there are user errors.
    pub org_unit: Option<OrgUnit>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn admin(ctx: &Context<'_>) -> AppResult<crate::audit::Actor> {
    if !ctx.viewer()?.is_admin() {
        return Err(AppError::forbidden());
    }
    ctx.actor()
}

fn payload(result: AppResult<Model>) -> async_graphql::Result<OrgUnitPayload> {
    let (m, user_errors) = split(result)?;
    Ok(OrgUnitPayload { org_unit: m.map(OrgUnit), user_errors })
}

async fn set_active(
    ctx: &Context<'_>,
    input: SetOrgUnitActiveInput,
    active: bool,
) -> async_graphql::Result<OrgUnitPayload> {
    let actor = admin(ctx)?;
    let id = NodeKind::OrgUnit.decode(&input.id).ok_or_else(AppError::not_found)?;
    payload(service::set_active(ctx.state(), &actor, id, input.expected_version, active).await)
}

/// What a department does beyond selling.
#[derive(InputObject)]
pub struct SetOrgUnitFunctionInput {
    /// The department (global id).
    pub id: ID,
    /// The version you last saw.
    pub expected_version: i32,
    /// Its function; null to clear it.
    pub function: Option<Gql<crate::billing::OrgFunction>>,
}

#[derive(Default)]
pub struct OrgMutation;

#[Object]
impl OrgMutation {
    /// Adds a node to the organisation tree (admins only).
    async fn create_org_unit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateOrgUnitInput,
    ) -> async_graphql::Result<OrgUnitPayload> {
        let actor = admin(ctx)?;
        let parent_id = match &input.parent_id {
            Some(id) => match NodeKind::OrgUnit.decode(id) {
                Some(raw) => Some(raw),
                None => {
                    return payload(Err(UserError::new(
                        "parentId",
                        UserErrorCode::NotFound,
                        "上级节点不存在",
                        "Parent not found",
                    )
                    .into()));
                }
            },
            None => None,
        };
        let new = NewOrgUnit { parent_id, kind: input.kind.0, code: input.code, name: input.name };
        payload(service::create(ctx.state(), &actor, new).await)
    }

    /// Sets a department's function (业务主管部门, 市场部, 信息化中心, 网络维护部, 计费账务中心), whose
    /// head then approves the billing adjustments rule 15 sends there (admins only).
    async fn set_org_unit_function(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetOrgUnitFunctionInput,
    ) -> async_graphql::Result<OrgUnitPayload> {
        let actor = admin(ctx)?;
        let id = NodeKind::OrgUnit.decode(&input.id).ok_or_else(AppError::not_found)?;
        let function = input.function.map(|f| f.0);
        payload(service::set_function(ctx.state(), &actor, id, input.expected_version, function).await)
    }

    /// Disables a node that has no active users or children (admins only).
    async fn disable_org_unit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetOrgUnitActiveInput,
    ) -> async_graphql::Result<OrgUnitPayload> {
        set_active(ctx, input, false).await
    }

    /// Enables a disabled node again (admins only).
    async fn enable_org_unit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetOrgUnitActiveInput,
    ) -> async_graphql::Result<OrgUnitPayload> {
        set_active(ctx, input, true).await
    }
}
