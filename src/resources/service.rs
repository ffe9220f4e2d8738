//! Asking for, deciding and withdrawing resources; the departments' PR gift stock; each month's
//! use per group and per manager.
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    Set,
    sea_query::{Expr, ExprTrait},
};

use super::{Expertise, MACHINE, ResourceKind, ResourceStatus};
use crate::{
    audit::{self, Actor, Change},
    auth::{Placement, Role, Viewer},
    clock::{beijing_at, business_date},
    dayplan::{PlanItemStatus, PlanMatter, PlanMeans, PlanPriority},
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{Event, Topic},
    fields::{Check, Month, money},
    groups::service::writable_group,
    state::{AppState, Lang},
};
use entity::{
    app_user, contact, gift_item, plan_item, product,
    resource_request::{ActiveModel, Column, Entity, Model},
};

/// At most this many gift pieces in one issue.
pub const MAX_GIFT_PIECES: i32 = 100;
/// A trial lasts at most this many days, on at most this many lines.
pub const MAX_TRIAL_DAYS: i32 = 90;
pub const MAX_TRIAL_LINES: i32 = 1000;
/// An event is for at most this many guests, on a budget of at most this many yuan.
pub const MAX_HEADCOUNT: i32 = 1000;
pub const MAX_BUDGET: i64 = 1_000_000;
/// A trial or an event starts within this many days.
pub const DAYS_AHEAD: i64 = 180;
/// A department keeps at most this many pieces of one gift, each worth at most this many yuan.
pub const MAX_STOCK: i32 = 100_000;
pub const MAX_UNIT_VALUE: i64 = 100_000;

/// A request as its requester fills it in; what each kind needs is checked by kind.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub kind: ResourceKind,
    /// The requester's plan item it serves (required for an expert: the visit's day and time).
    pub plan_item_id: Option<i64>,
    /// The group (defaults to the plan item's).
    pub group_id: Option<i64>,
    pub reason: String,
    pub expertise: Option<Expertise>,
    pub expert_id: Option<i64>,
    pub product_id: Option<i64>,
    pub gift_item_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub quantity: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    pub days: Option<i32>,
    pub title: Option<String>,
    pub budget: Option<Decimal>,
}

impl NewRequest {
    /// A request of `kind` for `reason`, its kind's fields still to fill in.
    pub fn of(kind: ResourceKind, group_id: Option<i64>, reason: &str) -> Self {
        NewRequest {
            kind,
            plan_item_id: None,
            group_id,
            reason: reason.into(),
            expertise: None,
            expert_id: None,
            product_id: None,
            gift_item_id: None,
            contact_id: None,
            quantity: None,
            starts_on: None,
            days: None,
            title: None,
            budget: None,
        }
    }
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "ResourceRequest",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

fn gift_change<'a>(action: &'a str, before: Option<&gift_item::Model>, after: &gift_item::Model) -> Change<'a> {
    Change {
        action,
        entity_type: "GiftItem",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

fn not_found(field: &str) -> AppError {
    UserError::new(field, UserErrorCode::NotFound, "找不到或无权使用", "Not found, or not yours to use").into()
}

fn not_permitted(zh: &'static str, en: &'static str) -> AppError {
    UserError::new("id", UserErrorCode::NotPermitted, zh, en).into()
}

/// The value, which this kind of request must have.
fn needed<T>(c: &mut Check, field: &str, v: Option<T>) -> Option<T> {
    if v.is_none() {
        c.push(UserError::new(field, UserErrorCode::Required, "必填", "Required"));
    }
    v
}

/// The number, when within `lo..=hi`.
fn within(c: &mut Check, field: &str, v: Option<i32>, lo: i32, hi: i32) -> Option<i32> {
    let v = needed(c, field, v)?;
    if v < lo || v > hi {
        c.push(UserError::new(
            field,
            UserErrorCode::Invalid,
            format!("须在 {lo} 到 {hi} 之间"),
            format!("Must be from {lo} to {hi}"),
        ));
        return None;
    }
    Some(v)
}

/// The day, when from today to `DAYS_AHEAD` days on.
fn coming_day(c: &mut Check, field: &str, v: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    let v = needed(c, field, v)?;
    if v < today || v > today + Duration::days(DAYS_AHEAD) {
        c.push(UserError::new(
            field,
            UserErrorCode::Invalid,
            format!("须在今天到 {DAYS_AHEAD} 天后之间"),
            format!("Must be from today to {DAYS_AHEAD} days on"),
        ));
        return None;
    }
    Some(v)
}

pub fn placement(r: &Model) -> Placement {
    Placement { owner_id: Some(r.requester_id), department_id: r.department_id, branch_id: r.branch_id }
}

/// The requests `viewer` sees: their own, those asking them to join a visit, and those of the
/// people in their scope.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(Column::RequesterId.eq(viewer.user_id))
        .add(Column::ExpertId.eq(viewer.user_id))
        .add(viewer.scope().condition(Column::RequesterId, Column::DepartmentId, Column::BranchId))
}

/// The waiting requests `viewer` decides: experts asked of them, and the trials, gifts and
/// events of the people in their scope (not their own).
pub fn to_decide_condition(viewer: &Viewer) -> Condition {
    let mut any = Condition::any().add(Column::ExpertId.eq(viewer.user_id));
    if super::approves(viewer.role) {
        any = any.add(
            Condition::all()
                .add(Column::Kind.ne(ResourceKind::Companion))
                .add(Column::RequesterId.ne(viewer.user_id))
                .add(viewer.scope().condition(Column::RequesterId, Column::DepartmentId, Column::BranchId)),
        );
    }
    Condition::all().add(Column::Status.eq(ResourceStatus::Pending)).add(any)
}

/// Request `id` as `viewer` may see it; anyone else is told it does not exist.
pub async fn readable<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    let r = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    if r.requester_id == viewer.user_id || r.expert_id == Some(viewer.user_id) || viewer.scope().covers(&placement(&r))
    {
        Ok(r)
    } else {
        Err(AppError::not_found())
    }
}

/// True when `viewer` is who decides the request: the expert asked, or for the rest a head
/// above the requester in whose scope they are.
pub fn decides(viewer: &Viewer, r: &Model) -> bool {
    match r.kind {
        ResourceKind::Companion => r.expert_id == Some(viewer.user_id),
        _ => {
            super::approves(viewer.role) && r.requester_id != viewer.user_id && viewer.scope().covers(&placement(r))
        }
    }
}

/// Who is told of a new request: the expert, or the heads who approve it.
async fn deciders<C: ConnectionTrait>(db: &C, r: &Model, requester: &app_user::Model) -> AppResult<Vec<i64>> {
    if let Some(e) = r.expert_id {
        return Ok(vec![e]);
    }
    let (role, cond) = match requester.role {
        Role::AccountManager => (Role::DepartmentHead, app_user::Column::DepartmentId.eq(requester.department_id)),
        _ => (Role::BranchManager, app_user::Column::BranchId.eq(requester.branch_id)),
    };
    Ok(app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .filter(app_user::Column::Role.eq(role))
        .filter(app_user::Column::Active.eq(true))
        .filter(cond)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// An active colleague with the expertise asked for, not the requester.
async fn expert<C: ConnectionTrait>(db: &C, id: i64, expertise: Expertise, me: i64) -> AppResult<app_user::Model> {
    let u = app_user::Entity::find_by_id(id).one(db).await?.filter(|u| u.active && u.id != me);
    u.filter(|u| match expertise {
        Expertise::ChiefManager => u.chief_manager,
        Expertise::ProductSpecialist => u.product_specialist,
    })
    .ok_or_else(|| not_found("expertId"))
}

/// Takes `pieces` of a gift out of stock, or says how many are left. One statement: two issues
/// at once never take more than there is.
async fn take_stock<C: ConnectionTrait>(db: &C, gift: &gift_item::Model, pieces: i32) -> AppResult<()> {
    let taken = gift_item::Entity::update_many()
        .col_expr(gift_item::Column::Stock, Expr::col(gift_item::Column::Stock).sub(pieces))
        .filter(gift_item::Column::Id.eq(gift.id))
        .filter(gift_item::Column::Stock.gte(pieces))
        .exec(db)
        .await?;
    if taken.rows_affected == 1 {
        return Ok(());
    }
    let left = gift_item::Entity::find_by_id(gift.id).one(db).await?.map_or(0, |g| g.stock);
    Err(UserError::new(
        "quantity",
        UserErrorCode::PreconditionFailed,
        format!("{}库存不足：现有 {left} 件", gift.name),
        format!("Not enough {} in stock: {left} left", gift.name),
    )
    .into())
}

/// Puts a gift request's pieces back in stock (declined or withdrawn).
async fn return_stock<C: ConnectionTrait>(db: &C, r: &Model) -> AppResult<()> {
    if let (ResourceKind::Gift, Some(g), Some(q)) = (r.kind, r.gift_item_id, r.quantity) {
        gift_item::Entity::update_many()
            .col_expr(gift_item::Column::Stock, Expr::col(gift_item::Column::Stock).add(q))
            .filter(gift_item::Column::Id.eq(g))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// What each kind needs, checked before anything is read.
struct Checked {
    reason: String,
    quantity: Option<i32>,
    starts_on: Option<NaiveDate>,
    days: Option<i32>,
    title: Option<String>,
    budget: Option<Decimal>,
}

fn check_new(c: &mut Check, new: &NewRequest, today: NaiveDate) -> Checked {
    let reason = c.text("reason", &new.reason, 500);
    let mut out = Checked { reason, quantity: None, starts_on: None, days: None, title: None, budget: None };
    match new.kind {
        ResourceKind::Companion => {
            needed(c, "planItemId", new.plan_item_id);
            needed(c, "expertise", new.expertise);
            needed(c, "expertId", new.expert_id);
        }
        ResourceKind::Trial => {
            needed(c, "productId", new.product_id);
            out.starts_on = coming_day(c, "startsOn", new.starts_on, today);
            out.days = within(c, "days", new.days, 1, MAX_TRIAL_DAYS);
            out.quantity = within(c, "quantity", new.quantity, 1, MAX_TRIAL_LINES);
        }
        ResourceKind::Gift => {
            needed(c, "giftItemId", new.gift_item_id);
            needed(c, "contactId", new.contact_id);
            out.quantity = within(c, "quantity", new.quantity, 1, MAX_GIFT_PIECES);
        }
        ResourceKind::Event => {
            out.title = Some(c.text("title", new.title.as_deref().unwrap_or(""), 100));
            out.starts_on = coming_day(c, "startsOn", new.starts_on, today);
            out.quantity = within(c, "quantity", new.quantity, 1, MAX_HEADCOUNT);
            if let Some(b) = needed(c, "budget", new.budget)
                && let Some(b) = c.take(money("budget", b))
            {
                if b <= Decimal::ZERO || b > Decimal::from(MAX_BUDGET) {
                    c.push(UserError::new(
                        "budget",
                        UserErrorCode::Invalid,
                        format!("预算须大于 0 且不超过 {MAX_BUDGET} 元"),
                        format!("The budget must be above 0 and at most {MAX_BUDGET} yuan"),
                    ));
                } else {
                    out.budget = Some(b);
                }
            }
        }
    }
    out
}

/// Asks for a resource. An expert's request waits on the expert; a gift worth no more than the
/// set value is issued at once, a dearer one waits on the head (its pieces are set aside
/// meanwhile); trials and events wait on the head.
pub async fn request(state: &AppState, actor: &Actor, viewer: &Viewer, new: NewRequest) -> AppResult<Model> {
    if !super::requests(viewer.role) {
        return Err(not_permitted("只有客户经理和部门负责人申请资源", "Only account managers and heads ask for resources"));
    }
    let now = state.now();
    let today = business_date(now);
    let mut c = Check::new();
    let checked = check_new(&mut c, &new, today);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let me = app_user::Entity::find_by_id(viewer.user_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let item = match new.plan_item_id {
        Some(id) => Some(
            plan_item::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|p| p.user_id == me.id && p.status == PlanItemStatus::Open && p.day >= today)
                .ok_or_else(|| not_found("planItemId"))?,
        ),
        None => None,
    };
    let group_id = new.group_id.or(item.as_ref().and_then(|i| i.group_id));
    if let Some(g) = group_id {
        writable_group(&txn, viewer, g).await.map_err(|_| not_found("groupId"))?;
    } else if new.kind != ResourceKind::Companion {
        return Err(UserError::new("groupId", UserErrorCode::Required, "请选择集团客户", "Choose the group").into());
    }
    let mut row = ActiveModel {
        kind: Set(new.kind),
        status: Set(ResourceStatus::Pending),
        requester_id: Set(me.id),
        department_id: Set(me.department_id),
        branch_id: Set(me.branch_id),
        group_id: Set(group_id),
        plan_item_id: Set(item.as_ref().map(|i| i.id)),
        quantity: Set(checked.quantity),
        starts_on: Set(checked.starts_on),
        days: Set(checked.days),
        title: Set(checked.title),
        value: Set(checked.budget),
        reason: Set(checked.reason),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    match new.kind {
        ResourceKind::Companion => {
            let (item, expertise) = (item.expect("checked"), new.expertise.expect("checked"));
            let who = expert(&txn, new.expert_id.expect("checked"), expertise, me.id).await?;
            row.expertise = Set(Some(expertise));
            row.expert_id = Set(Some(who.id));
            row.starts_on = Set(Some(item.day));
            row.at = Set(item.at);
        }
        ResourceKind::Trial => {
            let p = product::Entity::find_by_id(new.product_id.expect("checked")).one(&txn).await?;
            let p = p.filter(|p| p.active).ok_or_else(|| not_found("productId"))?;
            row.product_id = Set(Some(p.id));
        }
        ResourceKind::Gift => {
            let contact = contact::Entity::find_by_id(new.contact_id.expect("checked")).one(&txn).await?;
            let contact = contact.filter(|k| Some(k.group_id) == group_id).ok_or_else(|| not_found("contactId"))?;
            let gift = gift_item::Entity::find_by_id(new.gift_item_id.expect("checked")).one(&txn).await?;
            let gift = gift
                .filter(|g| g.active && Some(g.department_id) == me.department_id)
                .ok_or_else(|| not_found("giftItemId"))?;
            let pieces = checked.quantity.expect("checked");
            take_stock(&txn, &gift, pieces).await?;
            let value = gift.unit_value * Decimal::from(pieces);
            row.gift_item_id = Set(Some(gift.id));
            row.contact_id = Set(Some(contact.id));
            row.value = Set(Some(value));
            if value <= crate::settings::amount(&txn, "gift.approval_above").await? {
                row.status = Set(ResourceStatus::Granted);
                row.decided_at = Set(Some(now));
            }
        }
        ResourceKind::Event => {}
    }
    let saved = row.insert(&txn).await?;
    let to = if saved.status == ResourceStatus::Pending { deciders(&txn, &saved, &me).await? } else { vec![] };
    let ev = Event::new(Topic::Changed, "ResourceRequest", saved.id, "resource.request", saved.status.as_str(), to);
    let ch = change("resource.request", None, &saved);
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(saved)
}

/// What the expert or the head does with a waiting request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Grant,
    Decline,
}

/// The item an accepted visit puts on the expert's plan: the requester's visit, by their name.
async fn companion_item<C: ConnectionTrait>(
    db: &C,
    r: &Model,
    lang: Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<plan_item::Model> {
    let requester = app_user::Entity::find_by_id(r.requester_id).one(db).await?.ok_or_else(AppError::not_found)?;
    let visit = match r.plan_item_id {
        Some(id) => plan_item::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let group = match r.group_id {
        Some(g) => entity::customer_group::Entity::find_by_id(g).one(db).await?.map(|g| g.name),
        None => None,
    };
    let what = group.or(visit.as_ref().map(|v| v.title.clone())).unwrap_or_default();
    let title = if lang == Lang::En {
        format!("Join {}'s visit: {what}", requester.display_name)
    } else {
        format!("陪同{}走访：{what}", requester.display_name)
    };
    let day = r.starts_on.ok_or_else(|| AppError::internal("an expert's request has its day"))?;
    let item = plan_item::ActiveModel {
        user_id: Set(r.expert_id.ok_or_else(|| AppError::internal("an expert's request names the expert"))?),
        day: Set(day),
        priority: Set(if r.at.is_some() { PlanPriority::Appointment } else { PlanPriority::KeyProject }),
        matter: Set(PlanMatter::Visit),
        means: Set(visit.as_ref().map_or(PlanMeans::Onsite, |v| v.means)),
        title: Set(title.chars().take(200).collect()),
        at: Set(r.at),
        target: Set(visit.as_ref().and_then(|v| v.target.clone())),
        purpose: Set(Some(r.reason.clone())),
        status: Set(PlanItemStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    Ok(item.insert(db).await?)
}

/// The expert accepts or declines the visit; the head approves or declines the trial, the gift
/// or the event. A declined gift's pieces go back to stock; an accepted visit goes on the
/// expert's plan for its day.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    lang: Lang,
    id: i64,
    expected_version: i32,
    decision: Decision,
    note: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let note = c.opt_text("note", note, 500);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let before = readable(&txn, viewer, id).await?;
    if !decides(viewer, &before) {
        return Err(not_permitted(
            "只有被邀请的专家或申请人的上级负责人可以处理",
            "Only the expert asked, or a head above the requester, decides",
        ));
    }
    let action = match decision {
        Decision::Grant => "grant",
        Decision::Decline => "decline",
    };
    let to = MACHINE.next(before.status, action)?;
    let mut cols = vec![
        (Column::Status, Expr::value(to.as_str())),
        (Column::DecidedBy, Expr::value(viewer.user_id)),
        (Column::DecidedAt, Expr::value(now)),
        (Column::DecisionNote, Expr::value(note)),
    ];
    match decision {
        Decision::Grant if before.kind == ResourceKind::Companion => {
            if before.starts_on.is_some_and(|d| d < business_date(now)) {
                return Err(UserError::new(
                    "id",
                    UserErrorCode::PreconditionFailed,
                    "走访日期已过",
                    "The visit's day has passed",
                )
                .into());
            }
            let item = companion_item(&txn, &before, lang, now).await?;
            cols.push((Column::CompanionItemId, Expr::value(item.id)));
        }
        Decision::Grant => {}
        Decision::Decline => return_stock(&txn, &before).await?,
    }
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let action = format!("resource.{action}");
    let ev = Event::new(Topic::Changed, "ResourceRequest", id, &action, to.as_str(), vec![before.requester_id]);
    let ch = change(&action, Some(&before), &after);
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(after)
}

/// The requester withdraws a waiting request; a gift's pieces go back to stock.
pub async fn cancel(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = readable(&txn, viewer, id).await?;
    if before.requester_id != viewer.user_id {
        return Err(not_permitted("只有申请人可以撤回", "Only the requester withdraws a request"));
    }
    let to = MACHINE.next(before.status, "cancel")?;
    return_stock(&txn, &before).await?;
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, [(
        Column::Status,
        Expr::value(to.as_str()),
    )])
    .await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let mut to_tell = vec![];
    if let Some(e) = before.expert_id {
        to_tell.push(e);
    }
    let ev = Event::new(Topic::Changed, "ResourceRequest", id, "resource.cancel", to.as_str(), to_tell);
    crate::events::commit(state, txn, now, actor, vec![change("resource.cancel", Some(&before), &after)], vec![ev])
        .await?;
    Ok(after)
}

/// The department a head keeps the gift stock of.
fn stock_keeper(viewer: &Viewer) -> AppResult<i64> {
    match (viewer.role, viewer.department_id) {
        (Role::DepartmentHead, Some(d)) => Ok(d),
        _ => Err(not_permitted("只有部门负责人管理本部门的礼品库存", "Only a department head keeps the department's gifts")),
    }
}

/// The gifts `viewer` sees: their department's, or those of the departments in their scope.
pub fn gifts_condition(viewer: &Viewer) -> Condition {
    use crate::auth::Scope;
    match viewer.scope() {
        Scope::All => Condition::all(),
        Scope::Branch(b) => Condition::all().add(gift_item::Column::BranchId.eq(b)),
        _ => match viewer.department_id {
            Some(d) => Condition::all().add(gift_item::Column::DepartmentId.eq(d)),
            None => Condition::any(),
        },
    }
}

/// A head adds a gift to the department's stock.
pub async fn add_gift(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    name: &str,
    unit_value: Decimal,
    stock: i32,
) -> AppResult<gift_item::Model> {
    let department = stock_keeper(viewer)?;
    let mut c = Check::new();
    let name = c.text("name", name, 50);
    if let Some(v) = c.take(money("unitValue", unit_value))
        && (v <= Decimal::ZERO || v > Decimal::from(MAX_UNIT_VALUE))
    {
        c.push(UserError::new(
            "unitValue",
            UserErrorCode::Invalid,
            format!("单价须大于 0 且不超过 {MAX_UNIT_VALUE} 元"),
            format!("The unit value must be above 0 and at most {MAX_UNIT_VALUE} yuan"),
        ));
    }
    within(&mut c, "stock", Some(stock), 0, MAX_STOCK);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let saved = gift_item::ActiveModel {
        department_id: Set(department),
        branch_id: Set(viewer.branch_id),
        name: Set(name),
        unit_value: Set(unit_value),
        stock: Set(stock),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let saved = match saved {
        Err(e) if AppError::is_unique_violation(&e) => {
            return Err(UserError::new("name", UserErrorCode::Duplicate, "本部门已有同名礼品", "The department has a gift of that name")
                .into());
        }
        other => other?,
    };
    audit::commit(state, txn, now, actor, gift_change("gift.create", None, &saved)).await?;
    Ok(saved)
}

/// A head adds pieces to one of the department's gifts.
pub async fn restock(state: &AppState, actor: &Actor, viewer: &Viewer, id: i64, pieces: i32) -> AppResult<gift_item::Model> {
    let department = stock_keeper(viewer)?;
    let mut c = Check::new();
    within(&mut c, "quantity", Some(pieces), 1, MAX_STOCK);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = gift_item::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|g| g.department_id == department)
        .ok_or_else(AppError::not_found)?;
    let done = gift_item::Entity::update_many()
        .col_expr(gift_item::Column::Stock, Expr::col(gift_item::Column::Stock).add(pieces))
        .col_expr(gift_item::Column::UpdatedAt, Expr::value(now))
        .col_expr(gift_item::Column::Version, Expr::col(gift_item::Column::Version).add(1))
        .filter(gift_item::Column::Id.eq(id))
        .filter(gift_item::Column::Stock.lte(MAX_STOCK - pieces))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(UserError::new(
            "quantity",
            UserErrorCode::Invalid,
            format!("库存最多 {MAX_STOCK} 件"),
            format!("A gift's stock is at most {MAX_STOCK} pieces"),
        )
        .into());
    }
    let after = gift_item::Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(state, txn, now, actor, gift_change("gift.restock", Some(&before), &after)).await?;
    Ok(after)
}

/// Whose use to sum: each group's or each manager's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageBy {
    Group,
    Manager,
}

/// One group's or manager's granted resources in a month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Usage {
    /// The group's or the manager's id.
    pub key: i64,
    pub gift_pieces: i64,
    pub gift_value: Decimal,
    pub trials: i64,
    pub trial_lines: i64,
    pub events: i64,
    pub companions: i64,
}

#[derive(Debug, FromQueryResult)]
struct UsageRow {
    key: i64,
    kind: ResourceKind,
    n: i64,
    pieces: Option<i64>,
    value: Option<Decimal>,
}

/// The resources granted in `month` (Beijing) to the requests `viewer` sees in their scope, per
/// group or per manager, most gift value first: one statement summing by key and kind.
pub async fn usage<C: ConnectionTrait>(db: &C, viewer: &Viewer, month: Month, by: UsageBy) -> AppResult<Vec<Usage>> {
    let key = match by {
        UsageBy::Group => Column::GroupId,
        UsageBy::Manager => Column::RequesterId,
    };
    let (from, to) = (beijing_at(month.first_day(), 0, 0), beijing_at(month.plus(1).first_day(), 0, 0));
    let rows = Entity::find()
        .select_only()
        .column_as(key, "key")
        .column(Column::Kind)
        .column_as(Expr::col(Column::Id).count(), "n")
        .column_as(Expr::col(Column::Quantity).sum(), "pieces")
        .column_as(Expr::col(Column::Value).sum(), "value")
        .filter(viewer.scope().condition(Column::RequesterId, Column::DepartmentId, Column::BranchId))
        .filter(Column::Status.eq(ResourceStatus::Granted))
        .filter(Column::DecidedAt.gte(from))
        .filter(Column::DecidedAt.lt(to))
        .filter(key.is_not_null())
        .group_by(key)
        .group_by(Column::Kind)
        .into_model::<UsageRow>()
        .all(db)
        .await?;
    let mut out: Vec<Usage> = Vec::new();
    for r in rows {
        let i = match out.iter().position(|u| u.key == r.key) {
            Some(i) => i,
            None => {
                out.push(Usage { key: r.key, ..Default::default() });
                out.len() - 1
            }
        };
        let u = &mut out[i];
        match r.kind {
            ResourceKind::Gift => {
                u.gift_pieces += r.pieces.unwrap_or(0);
                u.gift_value += r.value.unwrap_or_default();
            }
            ResourceKind::Trial => {
                u.trials += r.n;
                u.trial_lines += r.pieces.unwrap_or(0);
            }
            ResourceKind::Event => u.events += r.n,
            ResourceKind::Companion => u.companions += r.n,
        }
    }
    out.sort_by(|a, b| b.gift_value.cmp(&a.gift_value).then(b.trials.cmp(&a.trials)).then(a.key.cmp(&b.key)));
    Ok(out)
}

/// The active colleagues with an expertise, for a requester to choose from.
pub async fn experts<C: ConnectionTrait>(db: &C, viewer: &Viewer, expertise: Expertise) -> AppResult<Vec<app_user::Model>> {
    let flag = match expertise {
        Expertise::ChiefManager => app_user::Column::ChiefManager,
        Expertise::ProductSpecialist => app_user::Column::ProductSpecialist,
    };
    use sea_orm::QueryOrder;
    Ok(app_user::Entity::find()
        .filter(flag.eq(true))
        .filter(app_user::Column::Active.eq(true))
        .filter(app_user::Column::Id.ne(viewer.user_id))
        .order_by_asc(app_user::Column::DisplayName)
        .limit(100)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_asks_for_what_it_needs() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let fields = |kind| {
            let mut c = Check::new();
            check_new(&mut c, &NewRequest::of(kind, None, "x"), today);
            c.into_errors().into_iter().filter_map(|e| e.field.last().cloned()).collect::<Vec<_>>()
        };
        assert_eq!(fields(ResourceKind::Companion), ["planItemId", "expertise", "expertId"]);
        assert_eq!(fields(ResourceKind::Trial), ["productId", "startsOn", "days", "quantity"]);
        assert_eq!(fields(ResourceKind::Gift), ["giftItemId", "contactId", "quantity"]);
        assert_eq!(fields(ResourceKind::Event), ["title", "startsOn", "quantity", "budget"]);
    }
}
