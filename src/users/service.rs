//! Creating, disabling and enabling users. Each change commits with its audit row.
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set, sea_query::Expr};

use super::{NewPassword, Username};
use crate::{
    audit::{self, Actor, Change},
    auth::{Role, password},
    config::PasswordCost,
    error::{AppError, AppResult, UserError, UserErrorCode},
    org::Name,
    state::AppState,
};
use entity::app_user::{self, Column, Entity, Model};

pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub org_unit_id: i64,
}

/// Inserts a user (no audit: callers record the change). Used by `create` and the demo seed.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    now: chrono::DateTime<chrono::Utc>,
    new: NewUser,
    cost: PasswordCost,
) -> AppResult<Model> {
    let username = Username::parse(&new.username);
    let name = Name::parse("displayName", &new.display_name, 50);
    let pw = NewPassword::parse(&new.password);
    let mut errors: Vec<UserError> =
        [username.as_ref().err(), name.as_ref().err(), pw.as_ref().err()].into_iter().flatten().cloned().collect();
    let org = entity::org_unit::Entity::find_by_id(new.org_unit_id).one(db).await?;
    match &org {
        None => {
            errors.push(UserError::new("orgUnitId", UserErrorCode::NotFound, "组织节点不存在", "Org unit not found"))
        }
        Some(o) if !o.active => errors.push(UserError::new(
            "orgUnitId",
            UserErrorCode::PreconditionFailed,
            "组织节点已停用",
            "Org unit is disabled",
        )),
        Some(o) => {
            let kind = o.kind;
            if !new.role.allowed_org_kinds().contains(&kind) {
                errors.push(UserError::new(
                    "orgUnitId",
                    UserErrorCode::Invalid,
                    "该角色不能属于此类组织节点（客户经理和部门负责人属于部门或网格，分公司主管属于分公司，总经理属于公司）",
                    "This role cannot belong to this kind of org unit (managers and heads: department or grid; branch manager: branch; general manager: company)",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (username, name, pw, org) =
        (username.expect("checked"), name.expect("checked"), pw.expect("checked"), org.expect("checked"));
    let hash = password::hash(pw.into_inner(), cost).await?;
    let inserted = app_user::ActiveModel {
        username: Set(username.as_str().to_string()),
        display_name: Set(name.into_inner()),
        password_hash: Set(hash),
        role: Set(new.role),
        org_unit_id: Set(org.id),
        branch_id: Set(org.branch_id),
        department_id: Set(org.department_id),
        active: Set(true),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Err(e) if AppError::is_unique_violation(&e) => {
            Err(UserError::new("username", UserErrorCode::Duplicate, "用户名已被使用", "Username is already taken")
                .into())
        }
        other => Ok(other?),
    }
}

pub async fn create(state: &AppState, actor: &Actor, new: NewUser) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let user = insert(&txn, now, new, state.config.password_cost).await?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        Change {
            action: "user.create",
            entity_type: "User",
            entity_id: Some(user.id),
            before: None,
            after: Some(audit::snapshot(&user)),
        },
    )
    .await?;
    Ok(user)
}

/// Disables or enables a user. Disabling ends every session the user has.
pub async fn set_active(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    active: bool,
) -> AppResult<Model> {
    if !active && actor.user_id == Some(id) {
        return Err(UserError::new(
            "id",
            UserErrorCode::NotPermitted,
            "不能停用自己的账号",
            "You cannot disable your own account",
        )
        .into());
    }
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = update(&txn, id, expected_version, now, vec![(Column::Active, Expr::value(active))]).await?;
    let epoch = if active {
        None
    } else {
        crate::auth::service::revoke_all_for_user(&txn, id, now).await?;
        Some(crate::auth::sessions::raise(&txn, id).await?)
    };
    let action = if active { "user.enable" } else { "user.disable" };
    let after = commit(state, txn, now, actor, action, &before).await?;
    // The disabled user's access tokens stop working with their next request.
    if let Some(epoch) = epoch {
        state.sessions.set(id, epoch);
    }
    Ok(after)
}

/// The expert flags of a user.
#[derive(Clone, Copy, Debug)]
pub struct Expertise {
    pub chief_manager: bool,
    pub product_specialist: bool,
}

/// Sets which experts a user is.
pub async fn set_expertise(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    flags: Expertise,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let cols = vec![
        (Column::ChiefManager, Expr::value(flags.chief_manager)),
        (Column::ProductSpecialist, Expr::value(flags.product_specialist)),
    ];
    let before = update(&txn, id, expected_version, now, cols).await?;
    commit(state, txn, now, actor, "user.expertise", &before).await
}

/// Changes a user's columns if the version is still `expected_version`; answers the user before.
async fn update(
    txn: &sea_orm::DatabaseTransaction,
    id: i64,
    expected_version: i32,
    now: chrono::DateTime<chrono::Utc>,
    cols: Vec<(Column, sea_orm::sea_query::SimpleExpr)>,
) -> AppResult<Model> {
    let before = Entity::find_by_id(id).one(txn).await?.ok_or_else(AppError::not_found)?;
    let versioned = crate::db::Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };
    crate::db::versioned_update::<Entity, _>(txn, versioned, id, expected_version, now, cols).await?;
    Ok(before)
}

/// Commits a user's change with its audit row; answers the user after.
async fn commit(
    state: &AppState,
    txn: sea_orm::DatabaseTransaction,
    now: chrono::DateTime<chrono::Utc>,
    actor: &Actor,
    action: &str,
    before: &Model,
) -> AppResult<Model> {
    let after = Entity::find_by_id(before.id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let change = Change {
        action,
        entity_type: "User",
        entity_id: Some(before.id),
        before: Some(audit::snapshot(before)),
        after: Some(audit::snapshot(&after)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(after)
}
