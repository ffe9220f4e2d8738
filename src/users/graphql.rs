//! Users in the API: the signed-in user, the directory within scope, admin changes.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Value, parser::types::Field};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QueryResult};

use super::{
    service::{self, NewUser},
    visible,
};
use crate::{
    auth::Role,
    error::{AppError, AppResult, UserError, UserErrorCode},
    graphql::ContextExt,
    graphql::{
        compiled::{Columns, Getter, ModelPlan, enum_value, opt_time_value, time_value},
        enums::Gql,
        loaders::load_by_id,
        payload::split,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    org::graphql::{OrgUnit, load_org},
};
use entity::app_user::{Column, Entity, Model};

/// A person who signs in (用户).
pub struct User(pub Model);

/// A person who signs in (用户).
#[Object]
impl User {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::User.id(self.0.id)
    }
    /// Sign-in name (用户名), lowercase.
    async fn username(&self) -> &str {
        &self.0.username
    }
    /// Name shown to other users (姓名).
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// The user's role.
    async fn role(&self) -> Gql<Role> {
        Gql(self.0.role)
    }
    /// The org node the user belongs to.
    async fn org_unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, Some(self.0.org_unit_id)).await
    }
    /// The user's branch (分公司), if placed below the company.
    async fn branch(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, self.0.branch_id).await
    }
    /// The user's department (部门), if placed in one.
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        load_org(ctx, self.0.department_id).await
    }
    /// 首席客户经理: may be asked to join colleagues' visits (定所需资源).
    async fn chief_manager(&self) -> bool {
        self.0.chief_manager
    }
    /// 产品专家: may be asked to join colleagues' visits (定所需资源).
    async fn product_specialist(&self) -> bool {
        self.0.product_specialist
    }
    /// False once disabled (停用): a disabled user cannot sign in.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Row version, sent back as `expectedVersion` when changing this user.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Last successful sign-in.
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// The fields of `User` a compiled read shows (`graphql::compiled`), as the resolvers above
/// show them.
const COMPILED: &[(&str, Getter<Model>)] = &[
    ("id", |m| Value::String(NodeKind::User.id(m.id).0)),
    ("username", |m| Value::String(m.username.clone())),
    ("displayName", |m| Value::String(m.display_name.clone())),
    ("role", |m| enum_value(m.role)),
    ("chiefManager", |m| Value::Boolean(m.chief_manager)),
    ("productSpecialist", |m| Value::Boolean(m.product_specialist)),
    ("active", |m| Value::Boolean(m.active)),
    ("version", |m| Value::from(m.version)),
    ("lastLoginAt", |m| opt_time_value(&m.last_login_at)),
    ("createdAt", |m| time_value(&m.created_at)),
];

/// A user named by a column (an owner, a manager) in a compiled read: null outside the
/// viewer's scope, as [`load_visible`] has it.
pub(crate) struct CompiledUser {
    at: usize,
    plan: ModelPlan<Model>,
}

impl CompiledUser {
    /// Plans `field`, a user named by `column`; `None` when it asks for more than the table.
    pub fn plan<C: Copy>(ctx: &Context<'_>, field: &Field, column: C, columns: &mut Columns<C>) -> Option<Self> {
        if !field.arguments.is_empty() {
            return None;
        }
        let plan = ModelPlan::new(ctx, &field.selection_set.node, "User", COMPILED)?;
        Some(Self { at: columns.at(column), plan })
    }

    /// The users `rows` name that the viewer may see, loaded at once.
    pub async fn load<'r>(
        &self,
        ctx: &Context<'_>,
        rows: impl Iterator<Item = &'r QueryResult>,
    ) -> AppResult<std::collections::HashMap<i64, Model>> {
        let ids = rows.map(|r| r.try_get_by_index::<i64>(self.at)).collect::<Result<Vec<_>, _>>()?;
        visible_many(ctx, ids).await
    }

    /// The user `row` names, from those loaded.
    pub fn value(&self, row: &QueryResult, users: &std::collections::HashMap<i64, Model>) -> Result<Value, DbErr> {
        Ok(users.get(&row.try_get_by_index::<i64>(self.at)?).map_or(Value::Null, |m| self.plan.value(m)))
    }
}

/// The users `ids` name that the viewer may see, loaded at once through the request's loader
/// (what [`load_visible`] gives for each).
async fn visible_many(
    ctx: &Context<'_>,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, Model>> {
    let viewer = ctx.viewer()?;
    let mut users = load_many(ctx, ids).await?;
    users.retain(|_, m| visible(viewer, m));
    Ok(users)
}

/// The users `ids` name, whoever asks, loaded at once through the request's loader (what
/// `load_by_id` gives for each): for facts about them that any viewer may know, such as
/// whether a group's manager has been disabled.
pub(crate) async fn load_many(
    ctx: &Context<'_>,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, Model>> {
    let loader = ctx
        .data::<crate::graphql::loaders::Loaded<Entity>>()
        .map_err(|_| AppError::internal("data loader not registered for request"))?;
    loader.load_many(ids).await.map_err(crate::graphql::loaders::db_err)
}

/// A user a record names (its author, requester, decider): shown to whoever may see the record.
pub async fn user_ref(ctx: &Context<'_>, id: Option<i64>) -> async_graphql::Result<Option<User>> {
    let Some(id) = id else { return Ok(None) };
    Ok(load_by_id::<Entity>(ctx, id).await?.map(User))
}

/// Loads a user by id if the viewer may see them; otherwise as if it did not exist.
pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<User>> {
    let viewer = ctx.viewer()?;
    Ok(load_by_id::<Entity>(ctx, id).await?.filter(|m| visible(viewer, m)).map(User))
}

/// Which users to list.
#[derive(InputObject, Default)]
pub struct UserFilter {
    /// Only users with this role.
    pub role: Option<Gql<Role>>,
    /// Only users placed directly in this org node (global id).
    pub org_unit_id: Option<ID>,
    /// Only active (true) or only disabled (false) users.
    pub active: Option<bool>,
    /// Text contained in the username or display name.
    pub search: Option<String>,
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let id = ctx.viewer()?.user_id;
        Ok(load_visible(ctx, id).await?.ok_or_else(AppError::session_expired)?)
    }

    /// Users within the viewer's scope, in creation order.
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<UserFilter>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<User>> {
        let viewer = ctx.viewer()?;
        let filter = filter.unwrap_or_default();
        let scope = viewer.scope().condition(Column::Id, Column::DepartmentId, Column::BranchId);
        let mut select = Entity::find().filter(Condition::any().add(scope).add(Column::Id.eq(viewer.user_id)));
        if let Some(role) = filter.role {
            select = select.filter(Column::Role.eq(role.0));
        }
        if let Some(org) = filter.org_unit_id {
            select = select.filter(Column::OrgUnitId.eq(NodeKind::OrgUnit.decode(&org).unwrap_or(-1)));
        }
        if let Some(active) = filter.active {
            select = select.filter(Column::Active.eq(active));
        }
        if let Some(text) = crate::fields::search_text(filter.search)? {
            use crate::fields::contains;
            select = select.filter(
                Condition::any()
                    .add(contains(Column::Username, &text.to_lowercase()))
                    .add(contains(Column::DisplayName, &text)),
            );
        }
        Ok(keyset(&ctx.state().db, select, Column::Id, false, PageArgs { first, after, last, before }, User).await?)
    }
}

/// A new user account.
#[derive(InputObject)]
pub struct CreateUserInput {
    /// Sign-in name: 2–32 of a-z, 0-9, _ and ., starting with a letter.
    pub username: String,
    /// Name shown to other users (1–50 characters).
    pub display_name: String,
    /// Initial password (8–128 characters).
    pub password: String,
    /// The user's role.
    pub role: Gql<Role>,
    /// The org node the user belongs to (global id).
    pub org_unit_id: ID,
}

/// Enable or disable a user.
#[derive(InputObject)]
pub struct SetUserActiveInput {
    /// The user (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
}

/// Which experts a user is (首席客户经理, 产品专家): who may be asked to join visits.
#[derive(InputObject)]
pub struct SetUserExpertiseInput {
    /// The user (global id).
    pub id: ID,
    /// A chief account manager (首席客户经理).
    pub chief_manager: bool,
    /// A product specialist (产品专家).
    pub product_specialist: bool,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
}

/// Result of changing a user.
#[derive(SimpleObject)]
pub struct UserPayload {
    /// The user as changed; null when there are user errors.
    pub user: Option<User>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn payload(result: AppResult<Model>) -> async_graphql::Result<UserPayload> {
    let (m, user_errors) = split(result)?;
    Ok(UserPayload { user: m.map(User), user_errors })
}

fn admin(ctx: &Context<'_>) -> AppResult<crate::audit::Actor> {
    if !ctx.viewer()?.is_admin() {
        return Err(AppError::forbidden());
    }
    ctx.actor()
}

async fn set_active(ctx: &Context<'_>, input: SetUserActiveInput, active: bool) -> async_graphql::Result<UserPayload> {
    let actor = admin(ctx)?;
    let id = NodeKind::User.decode(&input.id).ok_or_else(AppError::not_found)?;
    payload(service::set_active(ctx.state(), &actor, id, input.expected_version, active).await)
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Creates a user account (admins only).
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: CreateUserInput,
    ) -> async_graphql::Result<UserPayload> {
        let actor = admin(ctx)?;
        let Some(org_unit_id) = NodeKind::OrgUnit.decode(&input.org_unit_id) else {
            return payload(Err(UserError::new(
                "orgUnitId",
                UserErrorCode::NotFound,
                "组织节点不存在",
                "Org unit not found",
            )
            .into()));
        };
        let new = NewUser {
            username: input.username,
            display_name: input.display_name,
            password: input.password,
            role: input.role.0,
            org_unit_id,
        };
        payload(service::create(ctx.state(), &actor, new).await)
    }

    /// Disables a user and ends their sessions (admins only; not oneself).
    async fn disable_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetUserActiveInput,
    ) -> async_graphql::Result<UserPayload> {
        set_active(ctx, input, false).await
    }

    /// Marks a user as a chief account manager and/or a product specialist, whom colleagues may
    /// ask to join their visits (admins only).
    async fn set_user_expertise(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetUserExpertiseInput,
    ) -> async_graphql::Result<UserPayload> {
        let actor = admin(ctx)?;
        let id = NodeKind::User.decode(&input.id).ok_or_else(AppError::not_found)?;
        let flags =
            service::Expertise { chief_manager: input.chief_manager, product_specialist: input.product_specialist };
        payload(service::set_expertise(ctx.state(), &actor, id, input.expected_version, flags).await)
    }

    /// Enables a disabled user again (admins only).
    async fn enable_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SetUserActiveInput,
    ) -> async_graphql::Result<UserPayload> {
        set_active(ctx, input, true).await
    }
}
