//! Registering, dispatching, working and verifying disconnection requests; the clocks' tasks;
//! the churn archive they file into.
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
    sea_query::{Expr, SimpleExpr},
};

use super::{ChurnReason, DisconnectionAction, DisconnectionStatus, MACHINE, RetentionOutcome};
use crate::{
    audit::{self, Actor, Change},
    auth::{Placement, Role, Scope, Viewer},
    calendar::WorkingCalendar,
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::Check,
    groups::visible_group_ids,
    machine::Offers,
    members::{
        MemberStatus,
        lookup::{Customer, find_customer},
    },
    settings,
    state::AppState,
    tasks::{NewTask, TaskKind, TaskText},
};
use entity::{
    app_user, churn_record, customer_group,
    disconnection_request::{ActiveModel, Column, Entity, Model},
    member,
};

/// Working hours to reach the customer (rule 14).
pub const CONTACT_HOURS: i64 = 4;
/// Working hours to finish: two working days.
pub const FINISH_HOURS: i64 = 2 * crate::calendar::WORKING_HOURS_PER_DAY;

/// A request to disconnect, as the counter takes it.
/// Field by field as documented on the API's `RegisterDisconnectionInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct NewDisconnection {
    pub customer: Customer,
    pub line: Option<String>,
    pub counter_reason: String,
    pub first_retention_failed: bool,
    pub first_retention_note: Option<String>,
    /// The BOSS export's reference (imports).
    pub boss_ref: Option<String>,
}

fn change<'a>(action: &'a str, id: i64, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "DisconnectionRequest",
        entity_id: Some(id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

fn placement(r: &Model, group_owner: i64) -> Placement {
    Placement { owner_id: Some(group_owner), department_id: Some(r.department_id), branch_id: Some(r.branch_id) }
}

/// Heads (department head and up) over the request's group: they dispatch and verify.
fn supervises(viewer: &Viewer, r: &Model, group_owner: i64) -> bool {
    !matches!(viewer.scope(), Scope::Own(_) | Scope::Nothing) && viewer.scope().covers(&placement(r, group_owner))
}

/// The desk that registered it, the manager it went to, and those who see the group see it.
pub fn visible_to(viewer: &Viewer, r: &Model, group_owner: i64) -> bool {
    r.registered_by == viewer.user_id
        || r.assignee_id == Some(viewer.user_id)
        || viewer.scope().covers(&placement(r, group_owner))
}

/// A request and its group's manager, if the viewer may see it: the desk that registered it,
/// the manager it went to, and those who see the group.
pub async fn visible<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<(Model, i64)> {
    let r = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let owner = customer_group::Entity::find_by_id(r.group_id).one(db).await?.ok_or_else(AppError::not_found)?.owner_id;
    if visible_to(viewer, &r, owner) { Ok((r, owner)) } else { Err(AppError::not_found()) }
}

/// The same rule as a condition, for lists.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(Column::RegisteredBy.eq(viewer.user_id))
        .add(Column::AssigneeId.eq(viewer.user_id))
        .add(Column::GroupId.in_subquery(visible_group_ids(viewer)))
}

/// The active department heads over a group: told when a request waits for dispatch.
async fn heads_of<C: ConnectionTrait>(db: &C, department_id: i64) -> AppResult<Vec<i64>> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::DepartmentHead))
        .filter(app_user::Column::DepartmentId.eq(department_id))
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

fn duplicate() -> AppError {
    UserError::new(
        "phone",
        UserErrorCode::Duplicate,
        "该号码已有未完成的拆机挽留单",
        "This number already has a disconnection request in hand",
    )
    .into()
}

/// Registers a request to disconnect; it goes to the group's manager at once when
/// `retention.auto_dispatch` is on, else it waits for the head's dispatch.
pub async fn register(state: &AppState, actor: &Actor, viewer: &Viewer, input: NewDisconnection) -> AppResult<Model> {
    if viewer.role == Role::Installer {
        return Err(AppError::forbidden());
    }
    let mut c = Check::new();
    let counter_reason = c.text("counterReason", &input.counter_reason, 500);
    let note = c.opt_text("firstRetentionNote", input.first_retention_note.as_deref(), 500);
    let line = c.opt_text("line", input.line.as_deref(), 100);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (group, member) = find_customer(&txn, viewer, &input.customer).await?;
    if member.is_none() && line.is_none() {
        return Err(UserError::new(
            "line",
            UserErrorCode::Required,
            "请填写要拆的成员号码或集团线路",
            "Give the member's number or the group's line to disconnect",
        )
        .into());
    }
    if let Some(m) = &member {
        if m.status == MemberStatus::Closed {
            return Err(UserError::new(
                "phone",
                UserErrorCode::InvalidTransition,
                "该成员已离网",
                "This member has already left",
            )
            .into());
        }
        let open = Entity::find()
            .filter(Column::MemberId.eq(m.id))
            .filter(Column::Status.ne(DisconnectionStatus::Returned))
            .one(&txn)
            .await?;
        if open.is_some() {
            return Err(duplicate());
        }
    }
    let cal = WorkingCalendar::load(&txn, crate::clock::business_date(now)).await?;
    let auto = settings::count(&txn, "retention.auto_dispatch").await? == 1;
    let month = crate::clock::business_date(now).format("%Y%m").to_string();
    let n = crate::sequence::next(&txn, &format!("disconnection:{month}")).await?;
    let row = ActiveModel {
        number: Set(format!("CJ{month}{n:04}")),
        group_id: Set(group.id),
        member_id: Set(member.as_ref().map(|m| m.id)),
        line: Set(line),
        department_id: Set(group.department_id),
        branch_id: Set(group.branch_id),
        counter_reason: Set(counter_reason),
        first_retention_failed: Set(input.first_retention_failed),
        first_retention_note: Set(note),
        registered_by: Set(viewer.user_id),
        registered_at: Set(now),
        boss_ref: Set(input.boss_ref),
        status: Set(if auto { DisconnectionStatus::Dispatched } else { DisconnectionStatus::Registered }),
        assignee_id: Set(auto.then_some(group.owner_id)),
        dispatched_at: Set(auto.then_some(now)),
        contact_due_at: Set(cal.add_working_hours(now, super::service::CONTACT_HOURS)),
        finish_due_at: Set(cal.add_working_hours(now, FINISH_HOURS)),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut to = heads_of(&txn, group.department_id).await?;
    to.push(group.owner_id);
    let ev = Event::changed("DisconnectionRequest", row.id, "disconnection.register", row.status.as_str(), to);
    events::commit(state, txn, now, actor, vec![change("disconnection.register", row.id, None, &row)], vec![ev])
        .await?;
    Ok(row)
}

/// What the manager found and did.
/// Field by field as documented on the API's `FinishRetentionInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct Finish {
    pub reason: ChurnReason,
    pub reason_text: String,
    pub competitor: Option<String>,
    pub offer: String,
    pub outcome: RetentionOutcome,
}

/// One step on a request.
#[derive(Clone, Debug)]
pub enum Step {
    /// To `assignee`, or the group's manager.
    Dispatch {
        assignee: Option<i64>,
    },
    Contact,
    Finish(Finish),
    Verify,
}

impl Step {
    fn edge(&self) -> &'static str {
        match self {
            Self::Dispatch { .. } => "dispatch",
            Self::Contact => "contact",
            Self::Finish(_) => "finish",
            Self::Verify => "verify",
        }
    }

    fn checked(self) -> AppResult<Self> {
        let Self::Finish(f) = self else { return Ok(self) };
        let mut c = Check::new();
        let reason_text = c.text("reasonText", &f.reason_text, 1000);
        let offer = c.text("offer", &f.offer, 1000);
        let competitor = c.opt_text("competitor", f.competitor.as_deref(), 100);
        if f.reason == ChurnReason::Competitor && competitor.is_none() {
            c.push(UserError::new("competitor", UserErrorCode::Required, "请填写竞争对手", "Name the competitor"));
        }
        c.finish(|| Self::Finish(Finish { reason_text, offer, competitor, ..f }))
    }
}

fn not_permitted(zh: &'static str, en: &'static str) -> AppError {
    UserError::new("id", UserErrorCode::NotPermitted, zh, en).into()
}

/// Who may take `step`: the head dispatches and verifies, the manager it went to works it.
fn may(viewer: &Viewer, r: &Model, group_owner: i64, edge: &str) -> AppResult<()> {
    match edge {
        "dispatch" | "verify" if supervises(viewer, r, group_owner) => Ok(()),
        "dispatch" | "verify" => {
            Err(not_permitted("只有部门负责人可以派单和审核", "Only the department head dispatches and verifies"))
        }
        _ if r.assignee_id == Some(viewer.user_id) => Ok(()),
        _ => Err(not_permitted("只有受派的客户经理可以处理", "Only the manager it was dispatched to works it")),
    }
}

fn action_of(edge: &str) -> DisconnectionAction {
    match edge {
        "dispatch" => DisconnectionAction::DispatchDisconnection,
        "contact" => DisconnectionAction::RecordRetentionContact,
        "finish" => DisconnectionAction::FinishRetention,
        _ => DisconnectionAction::VerifyRetention,
    }
}

/// What `viewer` may do with request `r` now.
pub fn offers(viewer: &Viewer, r: &Model, group_owner: i64) -> Offers<DisconnectionAction> {
    let mut o = Offers::new();
    for edge in MACHINE.actions(r.status) {
        if may(viewer, r, group_owner, edge).is_ok() {
            o.offer(action_of(edge), Ok(()));
        }
    }
    o
}

/// An account manager of the group's department to dispatch to.
async fn assignable<C: ConnectionTrait>(db: &C, r: &Model, id: i64) -> AppResult<i64> {
    let u = app_user::Entity::find_by_id(id)
        .filter(app_user::Column::Role.eq(Role::AccountManager))
        .filter(app_user::Column::Active.eq(true))
        .filter(app_user::Column::BranchId.eq(r.branch_id))
        .one(db)
        .await?;
    u.map(|u| u.id).ok_or_else(|| {
        UserError::new(
            "assigneeId",
            UserErrorCode::NotFound,
            "该客户经理不存在或不在本分公司",
            "No such manager in this branch",
        )
        .into()
    })
}

/// Moves a request one step (dispatch, contact, finish, verify); verifying a lost one closes
/// the member and files it in the churn archive, once.
pub async fn step(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    step: Step,
) -> AppResult<Model> {
    let step = step.checked()?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group_owner) = visible(&txn, viewer, id).await?;
    let edge = step.edge();
    let to = MACHINE.next(before.status, edge)?;
    may(viewer, &before, group_owner, edge)?;
    let mut cols: Vec<(Column, SimpleExpr)> = vec![(Column::Status, Expr::value(to.as_str()))];
    match &step {
        Step::Dispatch { assignee } => {
            let who = match assignee {
                Some(a) => assignable(&txn, &before, *a).await?,
                None => group_owner,
            };
            cols.push((Column::AssigneeId, Expr::value(who)));
            cols.push((Column::DispatchedAt, Expr::value(now)));
        }
        Step::Contact => cols.push((Column::ContactedAt, Expr::value(now))),
        Step::Finish(f) => {
            if before.contacted_at.is_none() {
                cols.push((Column::ContactedAt, Expr::value(now)));
            }
            cols.push((Column::TrueReason, Expr::value(f.reason.as_str())));
            cols.push((Column::ReasonText, Expr::value(f.reason_text.clone())));
            cols.push((Column::Competitor, Expr::value(f.competitor.clone())));
            cols.push((Column::Offer, Expr::value(f.offer.clone())));
            cols.push((Column::Outcome, Expr::value(f.outcome.as_str())));
            cols.push((Column::FinishedAt, Expr::value(now)));
        }
        Step::Verify => {
            cols.push((Column::VerifiedBy, Expr::value(viewer.user_id)));
            cols.push((Column::VerifiedAt, Expr::value(now)));
        }
    }
    crate::db::versioned_set::<Entity, _>(&txn, Column::Id, Column::Version, id, expected_version, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let action = format!("disconnection.{edge}");
    let mut changes = vec![change(&action, id, Some(&before), &after)];
    if after.status == DisconnectionStatus::Returned && after.outcome == Some(RetentionOutcome::Lost) {
        changes.extend(file_lost(&txn, &after, group_owner, now).await?);
    }
    // Whatever its clocks asked of the manager is answered once it is finished.
    if matches!(after.status, DisconnectionStatus::Done | DisconnectionStatus::Returned) {
        crate::tasks::close_for(&txn, TaskKind::RetentionOverdue, "DisconnectionRequest", id, now).await?;
    }
    let mut to = vec![after.registered_by, group_owner];
    to.extend(after.assignee_id);
    if after.status == DisconnectionStatus::Done {
        to.extend(heads_of(&txn, after.department_id).await?);
    }
    let ev = Event::changed("DisconnectionRequest", id, &action, after.status.as_str(), to);
    events::commit(state, txn, now, actor, changes, vec![ev]).await?;
    Ok(after)
}

/// Closes the lost member and files it in the churn archive; the archive's unique request id
/// keeps it to once.
async fn file_lost(
    txn: &DatabaseTransaction,
    r: &Model,
    group_owner: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    let mut changes = Vec::new();
    let member = match r.member_id {
        Some(id) => member::Entity::find_by_id(id).one(txn).await?,
        None => None,
    };
    if let Some(m) = &member
        && m.status != MemberStatus::Closed
    {
        member::Entity::update_many()
            .col_expr(member::Column::Status, Expr::value(MemberStatus::Closed.as_str()))
            .col_expr(member::Column::Version, Expr::value(m.version + 1))
            .col_expr(member::Column::UpdatedAt, Expr::value(now))
            .filter(member::Column::Id.eq(m.id))
            .exec(txn)
            .await?;
        let after = member::Entity::find_by_id(m.id).one(txn).await?.ok_or_else(AppError::not_found)?;
        changes.push(Change {
            action: "member.close",
            entity_type: "Member",
            entity_id: Some(m.id),
            before: Some(audit::snapshot(m)),
            after: Some(audit::snapshot(&after)),
        });
    }
    // The member's ARPU, or else its latest month billed.
    let revenue = match &member {
        Some(m) => match m.arpu {
            Some(a) => a,
            None => entity::member_revenue::Entity::find()
                .filter(entity::member_revenue::Column::MemberId.eq(m.id))
                .order_by_desc(entity::member_revenue::Column::Month)
                .one(txn)
                .await?
                .map_or(Decimal::ZERO, |r| r.amount),
        },
        None => Decimal::ZERO,
    };
    let day = crate::clock::business_date(now);
    let row = churn_record::ActiveModel {
        request_id: Set(r.id),
        group_id: Set(r.group_id),
        member_id: Set(r.member_id),
        subject: Set(match (&member, &r.line) {
            (Some(m), _) => format!("{} {}", m.name, m.phone),
            (None, Some(l)) => l.clone(),
            _ => String::new(),
        }),
        lost_on: Set(day),
        month: Set(day.format("%Y-%m").to_string()),
        reason: Set(r.true_reason.unwrap_or(ChurnReason::Other)),
        reason_text: Set(r.reason_text.clone().unwrap_or_default()),
        competitor: Set(r.competitor.clone()),
        monthly_revenue: Set(revenue),
        handled_by: Set(r.assignee_id.unwrap_or(group_owner)),
        owner_id: Set(group_owner),
        department_id: Set(r.department_id),
        branch_id: Set(r.branch_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    changes.push(Change {
        action: "churn.file",
        entity_type: "ChurnRecord",
        entity_id: Some(row.id),
        before: None,
        after: Some(audit::snapshot(&row)),
    });
    Ok(changes)
}

/// The clocks (run by the scheduler): a request not yet reached past its 4 working hours, or
/// not finished past its 2 working days, is a task for the manager it went to (for the heads
/// while it waits for dispatch); the task closes once it is done.
pub async fn clocks(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let open = Entity::find()
        .filter(Column::Status.is_in([
            DisconnectionStatus::Registered,
            DisconnectionStatus::Dispatched,
            DisconnectionStatus::Contacted,
        ]))
        .filter(Condition::any().add(Column::ContactDueAt.lt(now)).add(Column::FinishDueAt.lt(now)))
        .order_by_asc(Column::Id)
        .all(&txn)
        .await?;
    let groups = customer_group::Entity::find()
        .filter(customer_group::Column::Id.is_in(open.iter().map(|r| r.group_id)))
        .all(&txn)
        .await?;
    let mut wanted = Vec::new();
    for r in &open {
        let Some(g) = groups.iter().find(|g| g.id == r.group_id) else { continue };
        let who = match r.assignee_id {
            Some(a) => vec![a],
            None => heads_of(&txn, r.department_id).await?,
        };
        let late_contact = r.contacted_at.is_none() && r.contact_due_at < now;
        let (clock, due_at) = if late_contact { ("contact", r.contact_due_at) } else { ("finish", r.finish_due_at) };
        if !late_contact && r.finish_due_at >= now {
            continue;
        }
        for a in who {
            wanted.push(NewTask {
                kind: TaskKind::RetentionOverdue,
                assignee_id: a,
                group_id: Some(g.id),
                subject_type: "DisconnectionRequest",
                subject_id: r.id,
                text: TaskText::RetentionOverdue {
                    number: r.number.clone(),
                    group: g.name.clone(),
                    contact: late_contact,
                    due_at,
                },
                due_at,
                dedupe_key: format!("disconnection:{}:{clock}:{a}", r.id),
            });
        }
    }
    let overdue = wanted.len();
    let (made, closed) = crate::tasks::reconcile(&txn, TaskKind::RetentionOverdue, wanted, now).await?;
    txn.commit().await?;
    Ok(crate::jobs::Summary::Retention { overdue, made, closed })
}
