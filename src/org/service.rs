//! Creating and disabling org nodes. Each change commits with its audit row.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, sea_query::Expr,
};

use super::{Name, OrgCode};
use crate::{
    audit::{self, Actor, Change},
    auth::OrgKind,
    error::{AppError, AppResult, UserError, UserErrorCode},
    state::AppState,
};
use entity::org_unit::{self, Column, Entity, Model};

pub struct NewOrgUnit {
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
}

/// Inserts a node under `parent` (already checked), filling in its branch and department:
/// a branch or department is its own. No audit: callers record the change.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    parent: Option<&Model>,
    kind: OrgKind,
    code: &str,
    name: String,
) -> AppResult<Model> {
    let inserted = org_unit::ActiveModel {
        parent_id: Set(parent.map(|p| p.id)),
        kind: Set(kind),
        code: Set(code.to_string()),
        name: Set(name),
        branch_id: Set(parent.and_then(|p| p.branch_id)),
        department_id: Set(parent.and_then(|p| p.department_id)),
        active: Set(true),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let id = inserted.id;
    let mut row: org_unit::ActiveModel = inserted.clone().into();
    match kind {
        OrgKind::Branch => row.branch_id = Set(Some(id)),
        OrgKind::Department => row.department_id = Set(Some(id)),
        _ => return Ok(inserted),
    }
    Ok(row.update(db).await?)
}

pub async fn create(state: &AppState, actor: &Actor, input: NewOrgUnit) -> AppResult<Model> {
    let code = OrgCode::parse(&input.code);
    let name = Name::parse("name", &input.name, 100);
    let errors: Vec<UserError> = [code.as_ref().err(), name.as_ref().err()].into_iter().flatten().cloned().collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (code, name) = (code.expect("checked"), name.expect("checked"));
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;

    let parent = match input.parent_id {
        Some(id) => Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    match (input.kind.parent_kind(), &parent) {
        (None, _) if input.parent_id.is_some() => {
            return Err(UserError::new(
                "parentId",
                UserErrorCode::Invalid,
                "公司是组织树的根，不能有上级",
                "A company is the root and has no parent",
            )
            .into());
        }
        (None, _) => {
            if Entity::find().filter(Column::Kind.eq(OrgKind::Company)).count(&txn).await? > 0 {
                return Err(UserError::new(
                    "kind",
                    UserErrorCode::Duplicate,
                    "已存在公司节点",
                    "The company already exists",
                )
                .into());
            }
        }
        (Some(_), None) => {
            return Err(
                UserError::new("parentId", UserErrorCode::NotFound, "上级节点不存在", "Parent not found").into()
            );
        }
        (Some(expected), Some(p)) if p.kind != expected => {
            return Err(UserError::new(
                "parentId",
                UserErrorCode::Invalid,
                "上级节点类型不符：公司 → 分公司 → 部门 → 网格",
                "Wrong parent kind: company → branch → department → grid",
            )
            .into());
        }
        (Some(_), Some(p)) if !p.active => {
            return Err(UserError::new(
                "parentId",
                UserErrorCode::PreconditionFailed,
                "上级节点已停用",
                "Parent is disabled",
            )
            .into());
        }
        _ => {}
    }

    let model = match insert(&txn, now, parent.as_ref(), input.kind, code.as_str(), name.into_inner()).await {
        Err(AppError::Db(e)) if AppError::is_unique_violation(&e) => {
            return Err(
                UserError::new("code", UserErrorCode::Duplicate, "编码已被使用", "Code is already in use").into()
            );
        }
        other => other?,
    };
    audit::commit(
        state,
        txn,
        now,
        actor,
        Change {
            action: "org_unit.create",
            entity_type: "OrgUnit",
            entity_id: Some(model.id),
            before: None,
            after: Some(audit::snapshot(&model)),
        },
    )
    .await?;
    Ok(model)
}

/// Changes one node: `check` refuses what may not be done to it (inside the transaction), then
/// `cols` are written against `expected_version` and the change is audited as `action`.
async fn change_node(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    action: &'static str,
    check: impl AsyncFnOnce(&sea_orm::DatabaseTransaction, &Model) -> AppResult<()>,
    cols: Vec<(Column, sea_orm::sea_query::SimpleExpr)>,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    check(&txn, &before).await?;
    let versioned = crate::db::Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };
    crate::db::versioned_update::<Entity, _>(&txn, versioned, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let change = Change {
        action,
        entity_type: "OrgUnit",
        entity_id: Some(id),
        before: Some(audit::snapshot(&before)),
        after: Some(audit::snapshot(&after)),
    };
    audit::commit(state, txn, now, actor, change).await?;
    Ok(after)
}

/// Sets what a department does beyond selling (rule 15's approvers, billing's staff), or clears it.
pub async fn set_function(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    function: Option<entity::enums::OrgFunction>,
) -> AppResult<Model> {
    let check = async |_: &sea_orm::DatabaseTransaction, before: &Model| {
        if function.is_some() && before.kind != OrgKind::Department {
            return Err(UserError::new(
                "function",
                UserErrorCode::Invalid,
                "只有部门可以设置职能",
                "Only a department takes a function",
            )
            .into());
        }
        Ok(())
    };
    let cols = vec![(Column::Function, Expr::value(function.map(|f| f.as_str())))];
    change_node(state, actor, id, expected_version, "org_unit.set_function", check, cols).await
}

/// Enables or disables a node. A node with active users or active children stays enabled.
pub async fn set_active(
    state: &AppState,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    active: bool,
) -> AppResult<Model> {
    let check = async |txn: &sea_orm::DatabaseTransaction, _: &Model| {
        if active {
            return Ok(());
        }
        let users = entity::app_user::Entity::find()
            .filter(entity::app_user::Column::OrgUnitId.eq(id))
            .filter(entity::app_user::Column::Active.eq(true))
            .count(txn)
            .await?;
        let children =
            Entity::find().filter(Column::ParentId.eq(id)).filter(Column::Active.eq(true)).count(txn).await?;
        if users > 0 || children > 0 {
            return Err(UserError::new(
                "id",
                UserErrorCode::PreconditionFailed,
                format!("该节点下仍有 {users} 名在用用户和 {children} 个在用下级节点，不能停用"),
                format!("The node still has {users} active users and {children} active children"),
            )
            .into());
        }
        Ok(())
    };
    let action = if active { "org_unit.enable" } else { "org_unit.disable" };
    change_node(state, actor, id, expected_version, action, check, vec![(Column::Active, Expr::value(active))]).await
}
