//! Planning visits, recording them with card QX-FW-003, marking them missed.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};
use serde_json::{Value as Json, json};

use super::{MACHINE, Satisfaction, VisitMethod, VisitPurpose, VisitStatus};
use crate::{
    audit::{self, Actor, Change},
    auth::{Role, Viewer},
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Check,
    groups::service::{touch_last_visit, writable_group},
    reactions::Happened,
    state::AppState,
};
use entity::visit::{ActiveModel, Column, Entity, Model};

/// Everything card QX-FW-003 records about a visit that took place.
#[derive(Clone, Debug)]
pub struct VisitCard {
    pub method: VisitMethod,
    pub purpose: VisitPurpose,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    /// Contacts met; `None` for an id from outside that names no contact (refused per item).
    pub contact_ids: Vec<Option<i64>>,
    pub service_satisfaction: Option<Satisfaction>,
    pub network_satisfaction: Option<Satisfaction>,
    /// Product codes ticked on the card.
    pub need_products: Vec<String>,
    pub need_notes: Option<String>,
    pub suggestions: Option<String>,
    pub minutes: Option<String>,
    pub next_steps: Option<String>,
    pub customer_confirmed: bool,
    pub confirmed_by: Option<String>,
    /// The complaint a `COMPLAINT` visit handles (its id; one that names none is refused).
    pub complaint_id: Option<i64>,
    /// The collection item a `COLLECTION` contact is about, with what was agreed.
    pub arrears: Option<crate::arrears::service::Contact>,
}

/// What a visit was about beyond the group: a complaint it handles, a collection item it
/// chased.
struct Links {
    complaint_id: Option<i64>,
    arrears: Option<crate::arrears::service::Contact>,
}

/// The visit's part in a complaint or a collection: checked with the card (the purpose must
/// match), recorded by the area concerned, audited with the visit. Every `COLLECTION` visit
/// also tells the arrears area (the manager's call closes the group's suspension reminders).
async fn link(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    viewer: &Viewer,
    visit: &Model,
    links: Links,
    now: DateTime<Utc>,
) -> AppResult<Vec<audit::AuditRecord>> {
    let purpose_must_be = |want: VisitPurpose, zh: &'static str, en: &'static str| {
        if visit.purpose == want { Ok(()) } else { Err(UserError::new("card.purpose", UserErrorCode::Invalid, zh, en)) }
    };
    let mut changes = Vec::new();
    if let Some(complaint_id) = links.complaint_id {
        purpose_must_be(
            VisitPurpose::Complaint,
            "关联投诉的走访，目的须为“投诉处理”",
            "A visit about a complaint has the purpose “Complaint”",
        )?;
        let text = visit.minutes.clone().unwrap_or_default();
        let what = Happened::ComplaintVisited {
            complaint_id,
            group_id: visit.group_id,
            visit_id: visit.id,
            by: viewer.user_id,
            text,
        };
        changes.extend(crate::reactions::happened(txn, what, now).await?);
    }
    if links.arrears.is_some() {
        purpose_must_be(
            VisitPurpose::Collection,
            "关联催缴单的联系，目的须为“欠费催缴”",
            "A contact about arrears has the purpose “Collection”",
        )?;
    }
    if visit.purpose == VisitPurpose::Collection {
        let what = Happened::CollectionContact { group_id: visit.group_id, visit_id: visit.id, contact: links.arrears };
        changes.extend(crate::reactions::happened(txn, what, now).await?);
    }
    let mut records = Vec::new();
    for change in changes {
        records.push(audit::record(txn, now, actor, change).await?);
    }
    Ok(records)
}

/// Contact ids that must belong to the group and be current.
async fn check_contacts<C: ConnectionTrait>(
    db: &C,
    c: &mut Check,
    field: &str,
    group_id: i64,
    raw: &[Option<i64>],
) -> AppResult<Json> {
    let found = entity::contact::Entity::find()
        .filter(entity::contact::Column::Id.is_in(raw.iter().flatten().copied()))
        .filter(entity::contact::Column::GroupId.eq(group_id))
        .filter(entity::contact::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    let mut out: Vec<i64> = Vec::new();
    for (i, id) in raw.iter().enumerate() {
        match id.filter(|id| found.iter().any(|f| f.id == *id)) {
            Some(id) if !out.contains(&id) => out.push(id),
            Some(_) => {}
            None => c.push(UserError::new(
                &format!("{field}.{i}"),
                UserErrorCode::NotFound,
                "不是本集团的关键人",
                "Not a contact of this group",
            )),
        }
    }
    Ok(json!(out))
}

/// The card, checked: column values to write.
async fn check_card<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    card: VisitCard,
    now: DateTime<Utc>,
) -> AppResult<Vec<(Column, sea_orm::sea_query::SimpleExpr)>> {
    let mut c = Check::new();
    c.take(crate::fields::business_time("card.startedAt", card.started_at));
    c.take(crate::fields::business_time("card.endedAt", card.ended_at));
    if card.ended_at <= card.started_at {
        c.push(UserError::new(
            "card.endedAt",
            UserErrorCode::Invalid,
            "结束时间须晚于开始时间",
            "The end must be after the start",
        ));
    } else if card.ended_at - card.started_at > Duration::hours(24) {
        c.push(UserError::new(
            "card.endedAt",
            UserErrorCode::Invalid,
            "一次走访不超过 24 小时",
            "A visit lasts at most 24 hours",
        ));
    }
    if card.ended_at > now + Duration::minutes(5) {
        c.push(UserError::new(
            "card.endedAt",
            UserErrorCode::Invalid,
            "不能记录未来的走访",
            "A visit cannot end in the future",
        ));
    }
    let contacts = check_contacts(db, &mut c, "card.contactIds", group_id, &card.contact_ids).await?;
    let codes: Vec<String> = card.need_products.iter().map(|s| s.trim().to_uppercase()).collect();
    let known = entity::product::Entity::find()
        .filter(entity::product::Column::Code.is_in(codes.clone()))
        .filter(entity::product::Column::Active.eq(true))
        .all(db)
        .await?;
    let mut products: Vec<String> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if known.iter().any(|p| &p.code == code) {
            if !products.contains(code) {
                products.push(code.clone());
            }
        } else {
            c.push(UserError::new(
                &format!("card.needProducts.{i}"),
                UserErrorCode::NotFound,
                format!("产品目录中没有 {code}"),
                format!("No product {code} in the catalog"),
            ));
        }
    }
    let need_notes = c.opt_text("card.needNotes", card.need_notes.as_deref(), 4000);
    let suggestions = c.opt_text("card.suggestions", card.suggestions.as_deref(), 4000);
    let minutes = c.opt_text("card.minutes", card.minutes.as_deref(), 8000);
    let next_steps = c.opt_text("card.nextSteps", card.next_steps.as_deref(), 4000);
    let confirmed_by = c.opt_text("card.confirmedBy", card.confirmed_by.as_deref(), 100);
    if card.customer_confirmed && confirmed_by.is_none() {
        c.push(UserError::new(
            "card.confirmedBy",
            UserErrorCode::Required,
            "请填写客户签名人",
            "Who confirmed for the customer?",
        ));
    }
    c.finish(|| {
        vec![
            (Column::Status, Expr::value(VisitStatus::Done.as_str())),
            (Column::Method, Expr::value(card.method.as_str())),
            (Column::Purpose, Expr::value(card.purpose.as_str())),
            (Column::StartedAt, Expr::value(card.started_at)),
            (Column::EndedAt, Expr::value(card.ended_at)),
            (Column::HappensAt, Expr::value(card.ended_at)),
            (Column::ContactIds, Expr::value(contacts)),
            (Column::ServiceSatisfaction, Expr::value(card.service_satisfaction.map(|s| s.as_str()))),
            (Column::NetworkSatisfaction, Expr::value(card.network_satisfaction.map(|s| s.as_str()))),
            (Column::NeedProducts, Expr::value(json!(products))),
            (Column::NeedNotes, Expr::value(need_notes)),
            (Column::Suggestions, Expr::value(suggestions)),
            (Column::Minutes, Expr::value(minutes)),
            (Column::NextSteps, Expr::value(next_steps)),
            (Column::CustomerConfirmed, Expr::value(card.customer_confirmed)),
            (Column::ConfirmedBy, Expr::value(confirmed_by)),
        ]
    })
}

/// Who a new visit belongs to: the manager themself, or the group's manager when a head plans it.
fn manager_for(viewer: &Viewer, group: &entity::customer_group::Model) -> i64 {
    if viewer.role == Role::AccountManager { viewer.user_id } else { group.owner_id }
}

fn change(action: &str, id: i64, before: Option<Json>, after: Option<Json>) -> Change<'_> {
    Change { action, entity_type: "Visit", entity_id: Some(id), before, after }
}

/// A new visit's row; `happens_at` is its planned time, or its end when it took place.
fn blank(
    group_id: i64,
    manager_id: i64,
    status: VisitStatus,
    (method, purpose): (VisitMethod, VisitPurpose),
    happens_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActiveModel {
    ActiveModel {
        happens_at: Set(happens_at),
        group_id: Set(group_id),
        manager_id: Set(manager_id),
        status: Set(status),
        method: Set(method),
        purpose: Set(purpose),
        contact_ids: Set(json!([])),
        need_products: Set(json!([])),
        customer_confirmed: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Plans a visit (计划走访).
pub async fn plan(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    method: VisitMethod,
    purpose: VisitPurpose,
    planned_at: DateTime<Utc>,
    contact_ids: &[Option<i64>],
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let group = writable_group(&txn, viewer, group_id).await?;
    let mut c = Check::new();
    let contacts = check_contacts(&txn, &mut c, "contactIds", group_id, contact_ids).await?;
    c.take(crate::fields::business_time("plannedAt", planned_at));
    if planned_at < now - Duration::days(1) {
        c.push(UserError::new(
            "plannedAt",
            UserErrorCode::Invalid,
            "计划时间不能早于一天前",
            "A visit cannot be planned more than a day in the past",
        ));
    }
    c.finish(|| ())?;
    let mut row =
        blank(group_id, manager_for(viewer, &group), VisitStatus::Planned, (method, purpose), planned_at, now);
    row.planned_at = Set(Some(planned_at));
    row.contact_ids = Set(contacts);
    let row = row.insert(&txn).await?;
    audit::commit(state, txn, now, actor, change("visit.plan", row.id, None, Some(audit::snapshot(&row)))).await?;
    Ok(row)
}

/// Records a visit that was not planned in the system, straight as done.
pub async fn log(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    group_id: i64,
    mut card: VisitCard,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let group = writable_group(&txn, viewer, group_id).await?;
    let ended_at = card.ended_at;
    let links = Links { complaint_id: card.complaint_id, arrears: card.arrears.take() };
    let kind = (card.method, card.purpose);
    let row = blank(group_id, manager_for(viewer, &group), VisitStatus::Done, kind, ended_at, now).insert(&txn).await?;
    let cols = check_card(&txn, group_id, card, now).await?;
    let mut update = Entity::update_many();
    for (col, v) in cols {
        update = update.col_expr(col, v);
    }
    update.filter(Column::Id.eq(row.id)).exec(&txn).await?;
    touch_last_visit(&txn, group_id, ended_at).await?;
    let row = Entity::find_by_id(row.id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let reacted = crate::reactions::happened(&txn, Happened::VisitDone { visit: &row }, now).await?;
    let mut linked = link(&txn, actor, viewer, &row, links, now).await?;
    linked.extend(audit::record_all(&txn, now, actor, reacted).await?);
    audit::commit(state, txn, now, actor, change("visit.log", row.id, None, Some(audit::snapshot(&row)))).await?;
    audit::publish(state, linked);
    Ok(row)
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// A visit the viewer may change, and the state `action` moves it to (refused by the visit's
/// machine when its state does not allow it).
async fn movable<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: i64,
    action: &str,
) -> AppResult<(Model, VisitStatus)> {
    let v = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    writable_group(db, viewer, v.group_id).await?;
    let to = MACHINE.next(v.status, action)?;
    Ok((v, to))
}

/// Records a planned visit as done, with the card.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    mut card: VisitCard,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, _) = movable(&txn, viewer, id, "record").await?;
    let ended_at = card.ended_at;
    let links = Links { complaint_id: card.complaint_id, arrears: card.arrears.take() };
    let cols = check_card(&txn, before.group_id, card, now).await?;
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    touch_last_visit(&txn, before.group_id, ended_at).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let reacted = crate::reactions::happened(&txn, Happened::VisitDone { visit: &after }, now).await?;
    let mut linked = link(&txn, actor, viewer, &after, links, now).await?;
    linked.extend(audit::record_all(&txn, now, actor, reacted).await?);
    audit::commit(
        state,
        txn,
        now,
        actor,
        change("visit.record", id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after))),
    )
    .await?;
    audit::publish(state, linked);
    Ok(after)
}

/// Marks a planned visit as missed, with the reason.
pub async fn mark_missed(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    reason: &str,
) -> AppResult<Model> {
    let reason = crate::fields::required("reason", reason, 500)?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, to) = movable(&txn, viewer, id, "mark_missed").await?;
    let cols = vec![(Column::Status, Expr::value(to.as_str())), (Column::MissedReason, Expr::value(reason))];
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    audit::commit(
        state,
        txn,
        now,
        actor,
        change("visit.mark_missed", id, Some(audit::snapshot(&before)), Some(audit::snapshot(&after))),
    )
    .await?;
    Ok(after)
}

/// Plans a visit inside the caller's transaction (visits the system schedules itself, such
/// as the follow-ups after an installation); the caller audits.
pub async fn plan_in<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    manager_id: i64,
    method: VisitMethod,
    purpose: VisitPurpose,
    planned_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<Model> {
    let mut row = blank(group_id, manager_id, VisitStatus::Planned, (method, purpose), planned_at, now);
    row.planned_at = Set(Some(planned_at));
    Ok(row.insert(db).await?)
}

/// When the proposal answering a visit is due (rule 1, 12小时出方案): for a visit that took
/// place and recorded needs (products ticked or needs described); none otherwise.
pub async fn proposal_due<C: ConnectionTrait>(db: &C, visit: &Model) -> AppResult<Option<DateTime<Utc>>> {
    let recorded_needs = visit.need_products.as_array().is_some_and(|a| !a.is_empty()) || visit.need_notes.is_some();
    let (true, VisitStatus::Done, Some(ended)) = (recorded_needs, visit.status, visit.ended_at) else {
        return Ok(None);
    };
    let calendar =
        crate::calendar::WorkingCalendar::load(db, crate::clock::business_date(ended) - Duration::days(1)).await?;
    Ok(Some(calendar.proposal_due(ended)))
}
