//! Changing groups: create, update, archive/restore, status changes, reassignment.
//! Each change is one transaction with its audit row.
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};
use serde_json::{Value as Json, json};

use super::{
    GroupCode, GroupKind, GroupStatus, Segment, ServiceTier, StatusChange, ValueClass, ensure_not_archived, visible,
};
use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Viewer},
    clock::business_date,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Check,
    state::AppState,
};
use entity::customer_group::{self, ActiveModel, Column, Entity, Model};

/// A key date of the group (重要日子), e.g. its founding day or a ceremony.
/// Field by field as documented on the API's `KeyDateInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct KeyDate {
    pub name: String,
    pub date: chrono::NaiveDate,
}

/// Every editable field of the group card (QX-FW-001). Updates replace all of them.
/// Field by field as documented on the API's `GroupFieldsInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct GroupFields {
    pub name: String,
    pub kind: GroupKind,
    pub segment: Segment,
    pub industry: String,
    pub value_class: ValueClass,
    pub tier: ServiceTier,
    pub county: String,
    pub town: Option<String>,
    pub street_office: Option<String>,
    pub village: Option<String>,
    pub address: String,
    pub annual_output_over3m: bool,
    pub competitors: Vec<String>,
    pub competitor_notes: Option<String>,
    pub informatization_products: Vec<String>,
    pub founded_on: Option<chrono::NaiveDate>,
    pub key_dates: Vec<KeyDate>,
    pub notes: Option<String>,
}

/// The fields, checked and normalised.
struct Valid {
    f: GroupFields,
    town: Option<String>,
    street_office: Option<String>,
    village: Option<String>,
    competitors: Json,
    competitor_notes: Option<String>,
    products: Json,
    key_dates: Json,
    notes: Option<String>,
}

fn string_list(c: &mut Check, field: &str, items: &[String], max_items: usize) -> Json {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in items.iter().enumerate() {
        if let Some(s) = c.opt_text(&format!("{field}.{i}"), Some(raw), 100) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    if out.len() > max_items {
        c.push(UserError::new(
            field,
            UserErrorCode::TooLong,
            format!("最多 {max_items} 项"),
            format!("At most {max_items} items"),
        ));
    }
    json!(out)
}

fn validate(mut f: GroupFields, today: chrono::NaiveDate) -> AppResult<Valid> {
    let mut c = Check::new();
    f.name = c.text("fields.name", &f.name, 200);
    f.industry = c.text("fields.industry", &f.industry, 64);
    f.county = c.text("fields.county", &f.county, 64);
    f.address = c.text("fields.address", &f.address, 255);
    let town = c.opt_text("fields.town", f.town.as_deref(), 64);
    let street_office = c.opt_text("fields.streetOffice", f.street_office.as_deref(), 64);
    let village = c.opt_text("fields.village", f.village.as_deref(), 64);
    let competitors = string_list(&mut c, "fields.competitors", &f.competitors, 10);
    let competitor_notes = c.opt_text("fields.competitorNotes", f.competitor_notes.as_deref(), 2000);
    let products = string_list(&mut c, "fields.informatizationProducts", &f.informatization_products, 50);
    c.past_date("fields.foundedOn", f.founded_on, today);
    let mut key_dates = Vec::new();
    for (i, k) in f.key_dates.iter().enumerate() {
        let name = c.text(&format!("fields.keyDates.{i}.name"), &k.name, 50);
        key_dates.push(json!({ "name": name, "date": k.date.format("%Y-%m-%d").to_string() }));
    }
    if key_dates.len() > 20 {
        c.push(UserError::new("fields.keyDates", UserErrorCode::TooLong, "最多 20 个重要日子", "At most 20 key dates"));
    }
    let notes = c.opt_text("fields.notes", f.notes.as_deref(), 4000);
    c.finish(|| Valid {
        f,
        town,
        street_office,
        village,
        competitors,
        competitor_notes,
        products,
        key_dates: json!(key_dates),
        notes,
    })
}

fn duplicate_name(e: sea_orm::DbErr) -> AppError {
    if AppError::is_unique_violation(&e) {
        UserError::new(
            "fields.name",
            UserErrorCode::Duplicate,
            "同一区县已有同名集团",
            "A group with this name already exists in this county",
        )
        .into()
    } else {
        e.into()
    }
}

/// Loads a group the viewer may see; otherwise `NOT_FOUND`, exactly as for a missing one.
pub async fn find_visible<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    Entity::find_by_id(id).one(db).await?.filter(|m| visible(viewer, m)).ok_or_else(AppError::not_found)
}

/// Roles that look after a portfolio; installers only see what is assigned to them.
fn ensure_archive_role(viewer: &Viewer) -> AppResult<()> {
    match viewer.role {
        Role::Installer | Role::ServiceDesk | Role::Billing => Err(AppError::forbidden()),
        _ => Ok(()),
    }
}

/// An active account manager the viewer may hand groups to (the viewer themself included).
async fn assignable_owner<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    owner_id: i64,
    field: &str,
) -> AppResult<entity::app_user::Model> {
    let user = entity::app_user::Entity::find_by_id(owner_id)
        .one(db)
        .await?
        .filter(|u| crate::users::visible(viewer, u))
        .ok_or_else(|| UserError::new(field, UserErrorCode::NotFound, "客户经理不存在", "Account manager not found"))?;
    if user.role != Role::AccountManager || user.department_id.is_none() {
        return Err(UserError::new(
            field,
            UserErrorCode::Invalid,
            "只能分配给客户经理",
            "Groups are assigned to account managers",
        )
        .into());
    }
    if !user.active {
        return Err(UserError::new(
            field,
            UserErrorCode::PreconditionFailed,
            "该客户经理已停用",
            "This account manager is disabled",
        )
        .into());
    }
    Ok(user)
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    fields: GroupFields,
    owner_id: Option<i64>,
) -> AppResult<Model> {
    ensure_archive_role(viewer)?;
    let now = state.now();
    let v = validate(fields, business_date(now))?;
    let txn = crate::db::write(&state.db).await?;
    let owner_id = match (owner_id, viewer.role) {
        (Some(id), _) => id,
        (None, Role::AccountManager) => viewer.user_id,
        (None, _) => {
            return Err(UserError::new(
                "ownerId",
                UserErrorCode::Required,
                "请指定负责的客户经理",
                "Choose the owning account manager",
            )
            .into());
        }
    };
    let owner = assignable_owner(&txn, viewer, owner_id, "ownerId").await?;
    let (department_id, branch_id) = match (owner.department_id, owner.branch_id) {
        (Some(d), Some(b)) => (d, b),
        _ => return Err(AppError::internal("account manager outside any department")),
    };
    let branch = entity::org_unit::Entity::find_by_id(branch_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::internal("branch missing"))?;
    let region = GroupCode::region(&branch.code);
    let seq = crate::sequence::next(&txn, &GroupCode::counter(&region, v.f.value_class)).await?;
    let row = ActiveModel {
        code: Set(GroupCode::compose(&region, v.f.value_class, seq)),
        name: Set(v.f.name),
        kind: Set(v.f.kind),
        segment: Set(v.f.segment),
        industry: Set(v.f.industry),
        value_class: Set(v.f.value_class),
        tier: Set(v.f.tier),
        county: Set(v.f.county),
        town: Set(v.town),
        street_office: Set(v.street_office),
        village: Set(v.village),
        address: Set(v.f.address),
        annual_output_over3m: Set(v.f.annual_output_over3m),
        status: Set(GroupStatus::Prospect),
        competitors: Set(v.competitors),
        competitor_notes: Set(v.competitor_notes),
        informatization_products: Set(v.products),
        founded_on: Set(v.f.founded_on),
        key_dates: Set(v.key_dates),
        notes: Set(v.notes),
        owner_id: Set(owner.id),
        department_id: Set(department_id),
        branch_id: Set(branch_id),
        last_visit_at: Set(None),
        open_proposals: Set(0),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_name)?;
    audit::commit(state, txn, now, actor, change("group.create", &row, None, Some(audit::snapshot(&row)))).await?;
    Ok(row)
}

fn change<'a>(action: &'a str, m: &Model, before: Option<Json>, after: Option<Json>) -> Change<'a> {
    Change { action, entity_type: "CustomerGroup", entity_id: Some(m.id), before, after }
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// The column changes a request makes to a group, decided from its current row (which may refuse).
type Plan<'a> = Box<dyn FnOnce(&Model) -> AppResult<Vec<(Column, SimpleExpr)>> + Send + 'a>;

/// Applies `plan` to a visible group at `expected_version`, recording `action`. The version
/// check means a plan decided from the row read here can never apply to a newer row.
async fn change_group(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &str,
    plan: Plan<'_>,
    reason: Option<&str>,
) -> AppResult<Model> {
    ensure_archive_role(viewer)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = find_visible(&txn, viewer, id).await?;
    let changes = plan(&before)?;
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, changes).await.map_err(|e| match e {
        AppError::Db(db) => duplicate_name(db),
        other => other,
    })?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let mut after_json = audit::snapshot(&after);
    if let Some(r) = reason {
        after_json["reason"] = json!(r);
    }
    audit::commit(state, txn, now, actor, change(action, &after, Some(audit::snapshot(&before)), Some(after_json)))
        .await?;
    Ok(after)
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    fields: GroupFields,
) -> AppResult<Model> {
    let v = validate(fields, business_date(state.now()))?;
    let changes: Vec<(Column, SimpleExpr)> = vec![
        (Column::Name, Expr::value(v.f.name)),
        (Column::Kind, Expr::value(v.f.kind.as_str())),
        (Column::Segment, Expr::value(v.f.segment.as_str())),
        (Column::Industry, Expr::value(v.f.industry)),
        (Column::ValueClass, Expr::value(v.f.value_class.as_str())),
        (Column::Tier, Expr::value(v.f.tier.as_str())),
        (Column::County, Expr::value(v.f.county)),
        (Column::Town, Expr::value(v.town)),
        (Column::StreetOffice, Expr::value(v.street_office)),
        (Column::Village, Expr::value(v.village)),
        (Column::Address, Expr::value(v.f.address)),
        (Column::AnnualOutputOver3m, Expr::value(v.f.annual_output_over3m)),
        (Column::Competitors, Expr::value(v.competitors)),
        (Column::CompetitorNotes, Expr::value(v.competitor_notes)),
        (Column::InformatizationProducts, Expr::value(v.products)),
        (Column::FoundedOn, Expr::value(v.f.founded_on)),
        (Column::KeyDates, Expr::value(v.key_dates)),
        (Column::Notes, Expr::value(v.notes)),
    ];
    let plan: Plan = Box::new(move |m| {
        ensure_not_archived(m)?;
        Ok(changes)
    });
    change_group(state, actor, viewer, id, expected_version, "group.update", plan, None).await
}

/// Archives (soft-deletes) or restores a group; nothing under it is removed.
pub async fn set_archived(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    archived: bool,
) -> AppResult<Model> {
    let value = if archived { Some(state.now()) } else { None };
    let plan: Plan = Box::new(move |m| {
        if m.archived_at.is_some() == archived {
            let (zh, en) = if archived {
                ("该集团已归档", "This group is already archived")
            } else {
                ("该集团未归档", "This group is not archived")
            };
            return Err(UserError::new("id", UserErrorCode::InvalidTransition, zh, en).into());
        }
        Ok(vec![(Column::ArchivedAt, Expr::value(value))])
    });
    let action = if archived { "group.archive" } else { "group.restore" };
    change_group(state, actor, viewer, id, expected_version, action, plan, None).await
}

pub async fn change_status(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    what: StatusChange,
    reason: Option<String>,
) -> AppResult<Model> {
    let mut c = Check::new();
    let reason = c.opt_text("reason", reason.as_deref(), 500);
    if what.needs_reason() && reason.is_none() {
        c.push(UserError::new("reason", UserErrorCode::Required, "请说明原因", "Please give a reason"));
    }
    c.finish(|| ())?;
    let plan: Plan = Box::new(move |m| {
        ensure_not_archived(m)?;
        let from = m.status;
        let to = what.apply(from).ok_or_else(|| {
            UserError::new(
                "id",
                UserErrorCode::InvalidTransition,
                format!("集团当前状态为“{}”，不能执行此操作", from.label_zh()),
                format!("Not allowed while the group is “{}”", from.label_en()),
            )
        })?;
        Ok(vec![(Column::Status, Expr::value(to.as_str()))])
    });
    change_group(state, actor, viewer, id, expected_version, what.action(), plan, reason.as_deref()).await
}

/// Sets the group's baseline month (拍照月) against which its revenue is watched (rule 9).
pub async fn set_baseline(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    month: &str,
) -> AppResult<Model> {
    let month = crate::fields::Month::parse("month", month)?;
    if month > crate::fields::Month::of(business_date(state.now())) {
        return Err(UserError::new(
            "month",
            UserErrorCode::Invalid,
            "拍照月不能晚于本月",
            "The baseline month cannot be in the future",
        )
        .into());
    }
    let plan: Plan = Box::new(move |m| {
        ensure_not_archived(m)?;
        Ok(vec![(Column::BaselineMonth, Expr::value(month.to_string()))])
    });
    change_group(state, actor, viewer, id, expected_version, "group.set_baseline", plan, None).await
}

/// Hands groups to another account manager, keeping history (客户经理变更). All or none.
pub async fn reassign(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    ids: &[i64],
    to_owner: i64,
    reason: &str,
) -> AppResult<Vec<Model>> {
    if !matches!(viewer.role, Role::DepartmentHead | Role::BranchManager | Role::GeneralManager | Role::Admin) {
        return Err(AppError::forbidden());
    }
    let mut c = Check::new();
    let reason = c.text("reason", reason, 500);
    if ids.is_empty() || ids.len() > 500 {
        c.push(UserError::new(
            "groupIds",
            UserErrorCode::Invalid,
            "一次可变更 1 到 500 个集团",
            "Reassign between 1 and 500 groups at a time",
        ));
    }
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let owner = assignable_owner(&txn, viewer, to_owner, "toOwnerId").await?;
    let (department_id, branch_id) = (owner.department_id.unwrap_or_default(), owner.branch_id.unwrap_or_default());
    let found: Vec<Model> = Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(&txn).await?;
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match found.iter().find(|m| m.id == *id) {
            Some(m) if visible(viewer, m) => {
                if m.owner_id == owner.id {
                    errors.push(UserError::new(
                        &format!("groupIds.{i}"),
                        UserErrorCode::InvalidTransition,
                        format!("{} 已由该客户经理负责", m.name),
                        format!("{} is already assigned to this manager", m.code),
                    ));
                }
            }
            _ => errors.push(UserError::new(
                &format!("groupIds.{i}"),
                UserErrorCode::NotFound,
                "集团不存在",
                "Group not found",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut records = Vec::new();
    let mut out = Vec::new();
    for before in found {
        Entity::update_many()
            .col_expr(Column::OwnerId, Expr::value(owner.id))
            .col_expr(Column::DepartmentId, Expr::value(department_id))
            .col_expr(Column::BranchId, Expr::value(branch_id))
            .col_expr(Column::Version, Expr::col(Column::Version).add(1))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(before.id))
            .exec(&txn)
            .await?;
        entity::group_reassignment::ActiveModel {
            group_id: Set(before.id),
            from_owner_id: Set(before.owner_id),
            to_owner_id: Set(owner.id),
            from_department_id: Set(before.department_id),
            to_department_id: Set(department_id),
            by_id: Set(viewer.user_id),
            reason: Set(reason.clone()),
            occurred_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The old manager's open tasks on the group go with it: the new one acts on them now.
        let moved = crate::tasks::hand_over(&txn, before.id, before.owner_id, owner.id, now).await?;
        let after = Entity::find_by_id(before.id).one(&txn).await?.ok_or_else(AppError::not_found)?;
        let mut after_json = audit::snapshot(&after);
        after_json["reason"] = json!(reason);
        after_json["tasksMoved"] = json!(moved);
        records.push(
            audit::record(
                &txn,
                now,
                actor,
                change("group.reassign", &after, Some(audit::snapshot(&before)), Some(after_json)),
            )
            .await?,
        );
        out.push(after);
    }
    txn.commit().await?;
    audit::publish(state, records);
    out.sort_by_key(|m| ids.iter().position(|i| *i == m.id));
    Ok(out)
}

/// Moves a group's last-visit time forward (never back) when a visit is recorded.
pub async fn touch_last_visit<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    customer_group::Entity::update_many()
        .col_expr(Column::LastVisitAt, Expr::value(at))
        .filter(Column::Id.eq(group_id))
        .filter(sea_orm::Condition::any().add(Column::LastVisitAt.is_null()).add(Column::LastVisitAt.lt(at)))
        .exec(db)
        .await?;
    Ok(())
}

/// A group the viewer may change things under: visible, not archived.
pub async fn writable_group<C: ConnectionTrait>(db: &C, viewer: &Viewer, group_id: i64) -> AppResult<Model> {
    ensure_archive_role(viewer)?;
    let g = find_visible(db, viewer, group_id).await?;
    ensure_not_archived(&g)?;
    Ok(g)
}

/// How a record that lives under a group (member, contact, visit) is changed.
pub struct ChildTable<E: EntityTrait> {
    pub cols: Versioned<E::Column>,
    pub entity_type: &'static str,
    pub group_of: fn(&E::Model) -> i64,
    pub snapshot: fn(&E::Model) -> Json,
    /// The soft-delete column and how to read it.
    pub archived_col: E::Column,
    pub archived_at: fn(&E::Model) -> Option<chrono::DateTime<chrono::Utc>>,
    /// Prefix of the audit actions, e.g. `member` for `member.archive`.
    pub action_prefix: &'static str,
}

/// Archives (soft-deletes, history kept) or restores a record under a group.
pub async fn set_child_archived<E>(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    table: &ChildTable<E>,
    id: i64,
    expected_version: i32,
    archived: bool,
) -> AppResult<E::Model>
where
    E: EntityTrait,
    E::Model: Sync,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    let at = archived.then(|| state.now());
    let (col, read) = (table.archived_col, table.archived_at);
    let plan: ChildPlan<E> = Box::new(move |m| {
        if read(m).is_some() == archived {
            let (zh, en) = if archived { ("已归档", "Already archived") } else { ("未归档", "Not archived") };
            return Err(UserError::new("id", UserErrorCode::InvalidTransition, zh, en).into());
        }
        Ok(vec![(col, Expr::value(at))])
    });
    let action = format!("{}.{}", table.action_prefix, if archived { "archive" } else { "restore" });
    change_child(state, actor, viewer, table, id, expected_version, &action, plan).await
}

/// The column changes for a record under a group, decided from its current row.
pub type ChildPlan<'a, E> =
    Box<dyn FnOnce(&<E as EntityTrait>::Model) -> AppResult<Vec<(<E as EntityTrait>::Column, SimpleExpr)>> + Send + 'a>;

/// Applies `plan` to record `id` under a group the viewer may change, at `expected_version`,
/// in one transaction with its audit row. An invisible record is `NOT_FOUND`.
#[allow(clippy::too_many_arguments)]
pub async fn change_child<E>(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    table: &ChildTable<E>,
    id: i64,
    expected_version: i32,
    action: &str,
    plan: ChildPlan<'_, E>,
) -> AppResult<E::Model>
where
    E: EntityTrait,
    E::Model: Sync,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = E::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    writable_group(&txn, viewer, (table.group_of)(&before)).await?;
    let changes = plan(&before)?;
    versioned_update::<E, _>(&txn, table.cols, id, expected_version, now, changes).await?;
    let after = E::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        Change {
            action,
            entity_type: table.entity_type,
            entity_id: Some(id),
            before: Some((table.snapshot)(&before)),
            after: Some((table.snapshot)(&after)),
        },
    )
    .await?;
    Ok(after)
}
