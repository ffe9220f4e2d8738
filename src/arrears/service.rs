//! Working the collection items: the call or letter (a `COLLECTION` visit), the notice after the
//! agreed date, payments against receipts, the figures, and the suspension reminders.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};

use super::{AGE_BANDS, ArrearsAction, MACHINE, notice_from};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::business_date,
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    groups::visible_group_ids,
    machine::Offers,
    state::AppState,
    tasks::{NewTask, TaskKind, TaskText},
};
use entity::{
    arrears_item::{Column, Entity, Model},
    arrears_payment, customer_group, member,
};

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "ArrearsItem",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

/// The items of the groups the viewer sees; billing's clerks, who import the lists, see their
/// branch's.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    let groups = Condition::any().add(Column::GroupId.in_subquery(visible_group_ids(viewer)));
    match (viewer.role, viewer.branch_id) {
        (crate::auth::Role::Billing, Some(b)) => groups.add(Column::BranchId.eq(b)),
        _ => groups,
    }
}

/// One item the viewer sees.
pub async fn find_visible<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    Entity::find_by_id(id).filter(visible_condition(viewer)).one(db).await?.ok_or_else(AppError::not_found)
}

/// What is still owed on an item.
pub fn outstanding(m: &Model) -> Decimal {
    (m.amount - m.collected).max(Decimal::ZERO)
}

/// Why a notice cannot be printed now, if it cannot (rule 16): no call or letter yet, or the
/// agreed date has not passed.
pub fn notice_refusal(m: &Model, today: NaiveDate) -> Option<UserError> {
    if !MACHINE.allows(m.status, "notice") {
        return Some(UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            "须先电话或信函催缴并约定缴费日期，逾期未缴才能发催缴通知单",
            "Call or write first and agree a date; the notice comes only once that date passed unpaid",
        ));
    }
    let from = notice_from(m.agreed_on?);
    (today < from).then(|| {
        UserError::new(
            "id",
            UserErrorCode::PreconditionFailed,
            format!("约定缴费日期 {} 尚未过去：{from} 起才能发催缴通知单", m.agreed_on.unwrap_or(from)),
            format!("The agreed date {} has not passed: the notice can go from {from}", m.agreed_on.unwrap_or(from)),
        )
    })
}

/// What `viewer` may do with an item now: those who keep the group work it.
pub fn offers(viewer: &Viewer, group: &customer_group::Model, m: &Model, today: NaiveDate) -> Offers<ArrearsAction> {
    use ArrearsAction as A;
    let mut o = Offers::new();
    if !crate::groups::may_write(viewer, group) {
        return o;
    }
    o.offer_if(MACHINE.allows(m.status, "contact"), A::LogCollectionContact, || Ok(()));
    o.offer_if(MACHINE.allows(m.status, "notice"), A::IssueArrearsNotice, || {
        notice_refusal(m, today).map_or(Ok(()), Err)
    });
    o.offer_if(MACHINE.allows(m.status, "pay"), A::RecordArrearsPayment, || Ok(()));
    o
}

/// The call or letter (a `COLLECTION` visit logged with the item): the agreed date and place.
#[derive(Clone, Debug)]
pub struct Contact {
    pub item_id: i64,
    pub agreed_on: NaiveDate,
    pub agreed_place: String,
}

/// A `COLLECTION` visit to a group was logged: it closes the group's suspension reminders (the
/// manager called), and when it names an item, records the contact on it. Runs inside the
/// visit's transaction; returns the audit rows.
pub async fn on_visit<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    visit_id: i64,
    contact: Option<Contact>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    let members: Vec<i64> = member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .filter(member::Column::GroupId.eq(group_id))
        .filter(member::Column::SuspensionOn.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for m in members {
        crate::tasks::close_for(db, TaskKind::SuspensionReminder, "Member", m, now).await?;
    }
    let Some(c) = contact else { return Ok(vec![]) };
    let before =
        Entity::find_by_id(c.item_id).filter(Column::GroupId.eq(group_id)).one(db).await?.ok_or_else(|| {
            UserError::new(
                "card.arrears.itemId",
                UserErrorCode::NotFound,
                "该集团没有此催缴单",
                "No such collection item for the group",
            )
        })?;
    let to = MACHINE.next(before.status, "contact")?;
    let today = business_date(now);
    if c.agreed_on < today || c.agreed_on > today + Duration::days(90) {
        return Err(UserError::new(
            "card.arrears.agreedOn",
            UserErrorCode::Invalid,
            "约定缴费日期须在今天到 90 天内",
            "The agreed date must be from today to 90 days ahead",
        )
        .into());
    }
    let place = crate::fields::required("card.arrears.agreedPlace", &c.agreed_place, 200)?;
    let cols = [
        (Column::Status, Expr::value(to.as_str())),
        (Column::AgreedOn, Expr::value(c.agreed_on)),
        (Column::AgreedPlace, Expr::value(place)),
        (Column::ContactVisitId, Expr::value(visit_id)),
    ];
    crate::db::versioned_update::<Entity, _>(db, VERSIONED, before.id, before.version, now, cols).await?;
    let after = Entity::find_by_id(before.id).one(db).await?.ok_or_else(AppError::not_found)?;
    Ok(vec![change("arrears.contact", Some(&before), &after)])
}

const VERSIONED: crate::db::Versioned<Column> =
    crate::db::Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// The item, its group and member for a change by `viewer` (who must keep the group).
async fn workable<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<(Model, customer_group::Model)> {
    let item = find_visible(db, viewer, id).await?;
    let group = crate::groups::service::writable_group(db, viewer, item.group_id).await?;
    Ok((item, group))
}

/// Prints the arrears notice (欠费通知单) of an item whose agreed date passed unpaid; the first
/// print marks it noticed. Returns the item and the PDF.
pub async fn notice(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<(Model, crate::documents::Pdf)> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group) = workable(&txn, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    if let Some(refusal) = notice_refusal(&before, business_date(now)) {
        return Err(refusal.into());
    }
    let to = MACHINE.next(before.status, "notice")?;
    let first = before.noticed_at.unwrap_or(now);
    let cols = [(Column::Status, Expr::value(to.as_str())), (Column::NoticedAt, Expr::value(first))];
    crate::db::versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let member = match after.member_id {
        Some(m) => member::Entity::find_by_id(m).one(&txn).await?,
        None => None,
    };
    let pdf = crate::documents::arrears_notice(&txn, &after, &group, member.as_ref(), now).await?;
    let ev = Event::changed("ArrearsItem", id, "arrears.notice", after.status.as_str(), vec![after.manager_id]);
    events::commit(state, txn, now, actor, vec![change("arrears.notice", Some(&before), &after)], vec![ev]).await?;
    Ok((after, pdf))
}

/// A payment to record.
pub struct Payment {
    pub amount: Decimal,
    pub receipt_no: String,
    pub paid_on: NaiveDate,
}

/// Records a payment against an item with its official receipt number (never an informal
/// note); the payment that clears what is owed closes the item.
pub async fn pay(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    p: Payment,
) -> AppResult<Model> {
    let now = state.now();
    let today = business_date(now);
    let mut c = crate::fields::Check::new();
    let receipt = p.receipt_no.trim().to_string();
    if receipt.len() < 4 || receipt.len() > 40 || !receipt.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
        c.push(UserError::new(
            "receiptNo",
            UserErrorCode::Required,
            "请填写正式收据号（4–40 位字母、数字或连字符）",
            "Give the official receipt number (4–40 letters, digits or dashes)",
        ));
    }
    let amount = c.take(crate::fields::money("amount", p.amount));
    if p.paid_on > today || p.paid_on < today - Duration::days(90) {
        c.push(UserError::new(
            "paidOn",
            UserErrorCode::Invalid,
            "缴费日期须在 90 天内且不晚于今天",
            "The payment date must be within the last 90 days",
        ));
    }
    c.finish(|| ())?;
    let amount = amount.unwrap_or_default();
    let txn = crate::db::write(&state.db).await?;
    let (before, _) = workable(&txn, viewer, id).await?;
    if before.version != expected_version {
        return Err(AppError::stale_version());
    }
    MACHINE.check(before.status, "pay")?;
    let owed = outstanding(&before);
    if amount.is_zero() || amount > owed {
        return Err(UserError::new(
            "amount",
            UserErrorCode::Invalid,
            format!("缴费金额须大于 0 且不超过欠费余额 ¥{owed}"),
            format!("The amount must be more than 0 and at most the ¥{owed} owed"),
        )
        .into());
    }
    arrears_payment::ActiveModel {
        item_id: Set(id),
        amount: Set(amount),
        receipt_no: Set(receipt),
        paid_on: Set(p.paid_on),
        recorded_by: Set(viewer.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if AppError::is_unique_violation(&e) {
            UserError::new(
                "receiptNo",
                UserErrorCode::Duplicate,
                "该收据号已登记",
                "This receipt number is already recorded",
            )
            .into()
        } else {
            AppError::from(e)
        }
    })?;
    let collected = before.collected + amount;
    let mut cols = vec![(Column::Collected, Expr::value(collected))];
    if collected >= before.amount {
        cols.push((Column::Status, Expr::value(MACHINE.next(before.status, "pay")?.as_str())));
        cols.push((Column::OpenKey, Expr::value(Option::<String>::None)));
        cols.push((Column::PaidAt, Expr::value(now)));
    }
    crate::db::versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let ev = Event::changed("ArrearsItem", id, "arrears.pay", after.status.as_str(), vec![after.manager_id]);
    events::commit(state, txn, now, actor, vec![change("arrears.pay", Some(&before), &after)], vec![ev]).await?;
    Ok(after)
}

/// Collection figures of one manager or department.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub items: i64,
    pub overdue: Decimal,
    pub collected: Decimal,
    pub outstanding: Decimal,
    /// Owed by age band ([`AGE_BANDS`]).
    pub by_age: [Decimal; 5],
}

impl Figures {
    fn add(&mut self, g: &Group) {
        let overdue = g.overdue.unwrap_or_default();
        let collected = g.collected.unwrap_or_default();
        self.items += g.items;
        self.overdue += overdue;
        self.collected += collected;
        // Payments never exceed what is owed, and a later list adds what was paid: what is
        // still owed is the difference.
        self.outstanding += overdue - collected;
        if let Some(i) = AGE_BANDS.iter().position(|(lo, hi)| (*lo..=*hi).contains(&Ord::max(g.months_overdue, 1))) {
            self.by_age[i] += overdue - collected;
        }
    }

    /// Collected over overdue, percent to two places; none when nothing was overdue.
    pub fn rate(&self) -> Option<Decimal> {
        (!self.overdue.is_zero()).then(|| (self.collected * Decimal::ONE_HUNDRED / self.overdue).round_dp(2))
    }
}

/// Items of one manager, department and age, summed by the database.
#[derive(Debug, sea_orm::FromQueryResult)]
struct Group {
    manager_id: i64,
    department_id: i64,
    months_overdue: i32,
    items: i64,
    overdue: Option<Decimal>,
    collected: Option<Decimal>,
}

/// The cycle's figures over the items the viewer sees (those the cycle's list named last), by
/// manager and by department. The database sums them by manager, department and age, so the
/// answer costs one statement and as many rows as there are such groups, whatever the items.
pub async fn figures<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    cycle: &str,
) -> AppResult<(Figures, Vec<(i64, Figures)>, Vec<(i64, Figures)>)> {
    let groups = Entity::find()
        .select_only()
        .columns([Column::ManagerId, Column::DepartmentId, Column::MonthsOverdue])
        .column_as(Expr::col(Column::Id).count(), "items")
        .column_as(Expr::col(Column::Amount).sum(), "overdue")
        .column_as(Expr::col(Column::Collected).sum(), "collected")
        .filter(visible_condition(viewer))
        .filter(Column::Cycle.eq(cycle))
        .group_by(Column::ManagerId)
        .group_by(Column::DepartmentId)
        .group_by(Column::MonthsOverdue)
        .into_model::<Group>()
        .all(db)
        .await?;
    let mut total = Figures::default();
    let mut by_manager: Vec<(i64, Figures)> = Vec::new();
    let mut by_department: Vec<(i64, Figures)> = Vec::new();
    for g in &groups {
        total.add(g);
        for (key, list) in [(g.manager_id, &mut by_manager), (g.department_id, &mut by_department)] {
            match list.iter_mut().find(|(k, _)| *k == key) {
                Some((_, f)) => f.add(g),
                None => {
                    let mut f = Figures::default();
                    f.add(g);
                    list.push((key, f));
                }
            }
        }
    }
    for list in [&mut by_manager, &mut by_department] {
        list.sort_by(|a, b| b.1.overdue.cmp(&a.1.overdue).then(a.0.cmp(&b.0)));
    }
    Ok((total, by_manager, by_department))
}

/// Rule 16 (不轻易停机): a reminder for the manager of every high-value member billing expects to
/// suspend within three days; reminders whose member topped up (a later list dropped the date)
/// or whose date passed are closed. The manager's collection call closes one too.
pub async fn suspension_reminders(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let today = business_date(now);
    let bands = crate::settings::ArpuBands::load(&state.db).await?;
    let txn = crate::db::write(&state.db).await?;
    let due = member::Entity::find()
        .filter(member::Column::SuspensionOn.between(today, today + Duration::days(3)))
        .filter(member::Column::ArchivedAt.is_null())
        .filter(member::Column::Arpu.gt(bands.high_above))
        .order_by_asc(member::Column::Id)
        .all(&txn)
        .await?;
    let groups = customer_group::Entity::find()
        .filter(customer_group::Column::Id.is_in(due.iter().map(|m| m.group_id)))
        .all(&txn)
        .await?;
    let mut wanted = Vec::new();
    for m in &due {
        let (Some(g), Some(on)) = (groups.iter().find(|g| g.id == m.group_id), m.suspension_on) else { continue };
        wanted.push(NewTask {
            kind: TaskKind::SuspensionReminder,
            assignee_id: g.owner_id,
            group_id: Some(g.id),
            subject_type: "Member",
            subject_id: m.id,
            text: TaskText::SuspensionAhead {
                group: g.name.clone(),
                member: m.name.clone(),
                phone: m.phone.clone(),
                on,
                arpu: m.arpu.unwrap_or_default(),
            },
            due_at: crate::clock::beijing_at(on, 9, 0),
            dedupe_key: format!("suspension:{}:{on}", m.id),
        });
    }
    let ahead = wanted.len();
    let (made, closed) = crate::tasks::reconcile(&txn, TaskKind::SuspensionReminder, wanted, now).await?;
    txn.commit().await?;
    Ok(crate::jobs::Summary::Suspensions { ahead, made, closed })
}
