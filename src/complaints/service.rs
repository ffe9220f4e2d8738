//! Registering complaints, handling them under their first responder, the escalation clock,
//! and the month's figures.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};

use super::{
    ComplaintAction, ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus, ComplaintStepKind,
    HandlingUnit, MACHINE, TOP_LEVEL, level_due,
};
use crate::{
    audit::{self, Actor, Change},
    auth::{Placement, Role, Scope, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{self, Event},
    fields::{Check, Month},
    groups::visible_group_ids,
    machine::Offers,
    members::lookup::{Customer, find_customer},
    settings,
    state::AppState,
    tasks::{NewTask, TaskKind, TaskText},
};
use entity::{
    app_user,
    complaint::{ActiveModel, Column, Entity, Model},
    complaint_step, customer_group,
};

/// Who registers complaints: the desk and the account side (not installers).
fn may_register(viewer: &Viewer) -> AppResult<()> {
    match viewer.role {
        Role::Installer => Err(AppError::forbidden()),
        _ => Ok(()),
    }
}

/// A complaint to register.
/// Field by field as documented on the API's `RegisterComplaintInput`; checked by the service.
#[derive(Clone, Debug)]
pub struct NewComplaint {
    pub customer: Customer,
    pub channel: ComplaintChannel,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub customer_said: String,
    /// The reply time told to the customer; by default the category's hours from now.
    pub reply_due_at: Option<DateTime<Utc>>,
}

fn change<'a>(action: &'a str, id: i64, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "Complaint",
        entity_id: Some(id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

/// Everyone a change concerns: the first responder, the group's manager, whoever it was
/// escalated to.
fn recipients(c: &Model, group_owner: i64) -> Vec<i64> {
    let mut r = vec![c.owner_id, group_owner];
    r.extend(c.escalated_to_id);
    r.dedup();
    r
}

async fn step<C: ConnectionTrait>(
    db: &C,
    c: &Model,
    kind: ComplaintStepKind,
    by: Option<i64>,
    now: DateTime<Utc>,
    unit: Option<HandlingUnit>,
    to_user: Option<i64>,
    text: String,
) -> AppResult<()> {
    complaint_step::ActiveModel {
        complaint_id: Set(c.id),
        kind: Set(kind),
        by_id: Set(by),
        at: Set(now),
        unit: Set(unit),
        to_user_id: Set(to_user),
        visit_id: Set(None),
        text: Set(text),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Registers a complaint; the registering user is its first responder (rule 13).
pub async fn register(state: &AppState, actor: &Actor, viewer: &Viewer, input: NewComplaint) -> AppResult<Model> {
    may_register(viewer)?;
    let now = state.now();
    let mut c = Check::new();
    let said = c.text("customerSaid", &input.customer_said, 2000);
    if let Some(due) = input.reply_due_at
        && (due <= now || due > now + Duration::days(30))
    {
        c.push(UserError::new(
            "replyDueAt",
            UserErrorCode::Invalid,
            "答复时间须在现在之后的 30 天内",
            "The reply time must be within the next 30 days",
        ));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let (group, member) = find_customer(&txn, viewer, &input.customer).await?;
    let hours_key = match input.category {
        ComplaintCategory::Billing => "complaint.billing_reply_hours",
        _ => "complaint.reply_hours",
    };
    let reply_due_at = match input.reply_due_at {
        Some(t) => t,
        None => now + Duration::hours(settings::count(&txn, hours_key).await?),
    };
    let month = crate::clock::business_date(now).format("%Y%m").to_string();
    let n = crate::sequence::next(&txn, &format!("complaint:{month}")).await?;
    let owner = app_user::Entity::find_by_id(viewer.user_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let row = ActiveModel {
        number: Set(format!("TS{month}{n:04}")),
        group_id: Set(group.id),
        member_id: Set(member.as_ref().map(|m| m.id)),
        department_id: Set(group.department_id),
        branch_id: Set(group.branch_id),
        channel: Set(input.channel),
        category: Set(input.category),
        severity: Set(input.severity),
        customer_said: Set(said.clone()),
        owner_id: Set(viewer.user_id),
        owner_department_id: Set(owner.department_id),
        owner_branch_id: Set(owner.branch_id),
        registered_at: Set(now),
        reply_due_at: Set(reply_due_at),
        status: Set(ComplaintStatus::Open),
        escalation_level: Set(0),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    step(&txn, &row, ComplaintStepKind::Registered, Some(viewer.user_id), now, None, None, said).await?;
    let ev = Event::changed(
        "Complaint",
        row.id,
        "complaint.register",
        row.status.as_str(),
        recipients(&row, group.owner_id),
    );
    events::commit(state, txn, now, actor, vec![change("complaint.register", row.id, None, &row)], vec![ev]).await?;
    Ok(row)
}

/// A `COMPLAINT` visit to the complaint's group was logged against it: recorded as a handling
/// step (an open complaint is then in hand). Refused as `NOT_FOUND` on `complaintId` when the
/// complaint is not one of the group's still open.
pub async fn on_visit<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    group_id: i64,
    visit_id: i64,
    by: i64,
    text: String,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    let before = Entity::find_by_id(complaint_id)
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::Status.ne(ComplaintStatus::Closed))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::from(UserError::new(
                "card.complaintId",
                UserErrorCode::NotFound,
                "该集团没有这张未关闭的投诉单",
                "No open complaint of this group by that id",
            ))
        })?;
    let in_hand = if before.status == ComplaintStatus::Open { ComplaintStatus::InProgress } else { before.status };
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(in_hand.as_str()))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(complaint_id))
        .exec(db)
        .await?;
    complaint_step::ActiveModel {
        complaint_id: Set(complaint_id),
        kind: Set(ComplaintStepKind::Visited),
        by_id: Set(Some(by)),
        at: Set(now),
        visit_id: Set(Some(visit_id)),
        text: Set(text),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let after = Entity::find_by_id(complaint_id).one(db).await?.ok_or_else(AppError::not_found)?;
    Ok(vec![Change {
        action: "complaint.visit",
        entity_type: "Complaint",
        entity_id: Some(complaint_id),
        before: Some(audit::snapshot(&before)),
        after: Some(audit::snapshot(&after)),
    }])
}

/// How the viewer stands to a complaint they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// The first responder, or whom it was escalated to: may do everything.
    Responder,
    /// A head over the group or the responder: may hand off, note and answer.
    Supervisor,
    /// The group's manager and others who see it: may note.
    Onlooker,
}

fn placement_of_group(c: &Model, group_owner: i64) -> Placement {
    Placement { owner_id: Some(group_owner), department_id: Some(c.department_id), branch_id: Some(c.branch_id) }
}

fn placement_of_owner(c: &Model) -> Placement {
    Placement { owner_id: Some(c.owner_id), department_id: c.owner_department_id, branch_id: c.owner_branch_id }
}

/// The viewer's standing, or none when they may not see it.
fn standing(viewer: &Viewer, c: &Model, group_owner: i64) -> Option<Standing> {
    if c.owner_id == viewer.user_id || c.escalated_to_id == Some(viewer.user_id) {
        return Some(Standing::Responder);
    }
    let scope = viewer.scope();
    let sees = scope.covers(&placement_of_group(c, group_owner)) || scope.covers(&placement_of_owner(c));
    match (sees, scope) {
        (false, _) => None,
        (true, Scope::Own(_)) => Some(Standing::Onlooker),
        (true, _) => Some(Standing::Supervisor),
    }
}

/// A complaint and its group's manager, if the viewer may see it.
pub async fn visible<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<(Model, i64)> {
    let c = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    let owner = group_owner(db, c.group_id).await?;
    standing(viewer, &c, owner).map(|_| (c, owner)).ok_or_else(AppError::not_found)
}

async fn group_owner<C: ConnectionTrait>(db: &C, group_id: i64) -> AppResult<i64> {
    Ok(customer_group::Entity::find_by_id(group_id).one(db).await?.ok_or_else(AppError::not_found)?.owner_id)
}

/// The complaints a viewer sees, as a condition: theirs as first responder or escalation
/// target, those of the groups they see, and those registered by people in their scope.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    let scope = viewer.scope();
    let mut any = Condition::any()
        .add(Column::OwnerId.eq(viewer.user_id))
        .add(Column::EscalatedToId.eq(viewer.user_id))
        .add(Column::GroupId.in_subquery(visible_group_ids(viewer)));
    if !matches!(scope, Scope::Own(_)) {
        any = any.add(scope.condition(Column::OwnerId, Column::OwnerDepartmentId, Column::OwnerBranchId));
    }
    any
}

fn not_permitted() -> AppError {
    UserError::new(
        "id",
        UserErrorCode::NotPermitted,
        "只有首问负责人或升级处理人可以执行此操作",
        "Only the first responder or whom it was escalated to may do this",
    )
    .into()
}

/// Who may take each action.
fn may(standing: Standing, action: ComplaintAction) -> bool {
    match action {
        ComplaintAction::NoteComplaint => true,
        ComplaintAction::HandOffComplaint | ComplaintAction::ResolveComplaint => standing != Standing::Onlooker,
        ComplaintAction::RecordComplaintAcceptance => standing == Standing::Responder,
    }
}

fn edge(action: ComplaintAction) -> &'static str {
    match action {
        ComplaintAction::HandOffComplaint => "hand_off",
        ComplaintAction::NoteComplaint => "note",
        ComplaintAction::ResolveComplaint => "resolve",
        ComplaintAction::RecordComplaintAcceptance => "accept",
    }
}

/// What `viewer` may do with complaint `c` now.
pub fn offers(viewer: &Viewer, c: &Model, group_owner: i64) -> Offers<ComplaintAction> {
    let mut o = Offers::new();
    let Some(s) = standing(viewer, c, group_owner) else { return o };
    for a in ComplaintAction::ALL {
        if MACHINE.allows(c.status, edge(*a)) && may(s, *a) {
            o.offer(*a, Ok(()));
        }
    }
    o
}

/// One handling step on a complaint.
#[derive(Clone, Debug)]
pub enum Handling {
    HandOff { unit: HandlingUnit, text: String },
    Note { text: String },
    Resolve { resolution: String, company_fault: bool },
    Acceptance { accepted: bool, text: Option<String> },
}

impl Handling {
    fn action(&self) -> ComplaintAction {
        match self {
            Self::HandOff { .. } => ComplaintAction::HandOffComplaint,
            Self::Note { .. } => ComplaintAction::NoteComplaint,
            Self::Resolve { .. } => ComplaintAction::ResolveComplaint,
            Self::Acceptance { .. } => ComplaintAction::RecordComplaintAcceptance,
        }
    }

    /// The input checked: texts required and bounded.
    fn checked(self) -> AppResult<Self> {
        let mut c = Check::new();
        let out = match self {
            Self::HandOff { unit, text } => Self::HandOff { unit, text: c.text("text", &text, 2000) },
            Self::Note { text } => Self::Note { text: c.text("text", &text, 2000) },
            Self::Resolve { resolution, company_fault } => {
                Self::Resolve { resolution: c.text("resolution", &resolution, 2000), company_fault }
            }
            Self::Acceptance { accepted, text } => {
                let text = c.opt_text("text", text.as_deref(), 2000);
                Self::Acceptance { accepted, text }
            }
        };
        c.finish(|| out)
    }
}

/// Records one handling step (hand-off, note, answer, the customer's verdict) by someone who
/// may take it; the first responder stays the owner throughout.
pub async fn handle(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    handling: Handling,
) -> AppResult<Model> {
    let handling = handling.checked()?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let (before, group_owner) = visible(&txn, viewer, id).await?;
    let action = handling.action();
    let Some(s) = standing(viewer, &before, group_owner) else { return Err(AppError::not_found()) };
    MACHINE.check(before.status, edge(action))?;
    if !may(s, action) {
        return Err(not_permitted());
    }
    // In hand: an open complaint someone acts on is in progress; an escalated one stays so.
    let in_hand = if before.status == ComplaintStatus::Open { ComplaintStatus::InProgress } else { before.status };
    let by = Some(viewer.user_id);
    let mut cols: Vec<(Column, SimpleExpr)> = Vec::new();
    let (kind, unit, text, audit_action) = match &handling {
        Handling::HandOff { unit, text } => {
            cols.push((Column::Status, Expr::value(in_hand.as_str())));
            cols.push((Column::HandledBy, Expr::value(unit.as_str())));
            (ComplaintStepKind::HandedOff, Some(*unit), text.clone(), "complaint.hand_off")
        }
        Handling::Note { text } => {
            cols.push((Column::Status, Expr::value(in_hand.as_str())));
            (ComplaintStepKind::Note, None, text.clone(), "complaint.note")
        }
        Handling::Resolve { resolution, company_fault } => {
            cols.push((Column::Status, Expr::value(MACHINE.next(before.status, "resolve")?.as_str())));
            cols.push((Column::Resolution, Expr::value(resolution.clone())));
            cols.push((Column::ResolvedAt, Expr::value(now)));
            cols.push((Column::CompanyFault, Expr::value(*company_fault)));
            (ComplaintStepKind::Resolved, None, resolution.clone(), "complaint.resolve")
        }
        Handling::Acceptance { accepted: true, text } => {
            cols.push((Column::Status, Expr::value(MACHINE.next(before.status, "accept")?.as_str())));
            cols.push((Column::ClosedAt, Expr::value(now)));
            (ComplaintStepKind::Accepted, None, text.clone().unwrap_or_default(), "complaint.accept")
        }
        Handling::Acceptance { accepted: false, text } => {
            // Not accepted: the answer stands recorded, and the complaint goes a level up.
            cols.push((Column::Status, Expr::value(MACHINE.next(before.status, "reject")?.as_str())));
            cols.push((Column::ResolvedAt, Expr::value(Option::<DateTime<Utc>>::None)));
            (ComplaintStepKind::NotAccepted, None, text.clone().unwrap_or_default(), "complaint.reject")
        }
    };
    crate::db::versioned_set::<Entity, _>(&txn, Column::Id, Column::Version, id, expected_version, cols).await?;
    let mut after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    step(&txn, &after, kind, by, now, unit, None, text).await?;
    if let Handling::Acceptance { accepted: false, .. } = handling {
        let level = std::cmp::min(after.escalation_level + 1, TOP_LEVEL);
        after = escalate_to(&txn, after, level, now, "reject").await?;
    }
    if matches!(after.status, ComplaintStatus::Resolved | ComplaintStatus::Closed) {
        crate::tasks::close_for(&txn, TaskKind::ComplaintEscalated, "Complaint", id, now).await?;
    }
    let ev = Event::changed("Complaint", id, audit_action, after.status.as_str(), recipients(&after, group_owner));
    events::commit(state, txn, now, actor, vec![change(audit_action, id, Some(&before), &after)], vec![ev]).await?;
    Ok(after)
}

/// Whom level `level` of a complaint reaches: the head of the first responder's department,
/// the branch manager, the general manager — going further up when a level has nobody (or
/// only the responder themself). The level reached and the person.
async fn escalation_target<C: ConnectionTrait>(db: &C, c: &Model, level: i32) -> AppResult<Option<(i32, i64)>> {
    for l in level..=TOP_LEVEL {
        let q = app_user::Entity::find()
            .filter(app_user::Column::Active.eq(true))
            .filter(app_user::Column::Id.ne(c.owner_id))
            .order_by_asc(app_user::Column::Id);
        let q = match (l, c.owner_department_id, c.owner_branch_id) {
            (1, Some(d), _) => {
                q.filter(app_user::Column::Role.eq(Role::DepartmentHead)).filter(app_user::Column::DepartmentId.eq(d))
            }
            (2, _, Some(b)) => {
                q.filter(app_user::Column::Role.eq(Role::BranchManager)).filter(app_user::Column::BranchId.eq(b))
            }
            (3, _, _) => q.filter(app_user::Column::Role.eq(Role::GeneralManager)),
            _ => continue,
        };
        if let Some(u) = q.one(db).await? {
            return Ok(Some((l, u.id)));
        }
    }
    Ok(None)
}

/// Raises `c` to `level` (or the next level with someone to reach): status escalated, the
/// step recorded, a task for whom it reached.
async fn escalate_to(
    txn: &DatabaseTransaction,
    c: Model,
    level: i32,
    now: DateTime<Utc>,
    why: &str,
) -> AppResult<Model> {
    let Some((level, target)) = escalation_target(txn, &c, level).await? else { return Ok(c) };
    let to = MACHINE.next(c.status, "escalate")?;
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(to.as_str()))
        .col_expr(Column::EscalationLevel, Expr::value(level))
        .col_expr(Column::EscalatedAt, Expr::value(now))
        .col_expr(Column::EscalatedToId, Expr::value(target))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(c.id))
        .exec(txn)
        .await?;
    let after = Entity::find_by_id(c.id).one(txn).await?.ok_or_else(AppError::not_found)?;
    let text = match why {
        "reject" => "客户不认可答复，升级处理",
        _ => "超过答复时限未解决，自动升级",
    };
    step(txn, &after, ComplaintStepKind::Escalated, None, now, None, Some(target), text.into()).await?;
    let group = customer_group::Entity::find_by_id(c.group_id).one(txn).await?.ok_or_else(AppError::not_found)?;
    crate::tasks::create_if_new(
        txn,
        NewTask {
            kind: TaskKind::ComplaintEscalated,
            assignee_id: target,
            group_id: Some(c.group_id),
            subject_type: "Complaint",
            subject_id: c.id,
            text: TaskText::ComplaintEscalated {
                number: after.number.clone(),
                group: group.name,
                level,
                reply_due_at: after.reply_due_at,
            },
            due_at: now + Duration::hours(24),
            // Each escalation its own task (a refusal may reach the same person again).
            dedupe_key: format!("complaint:{}:escalation:{}", c.id, after.version),
        },
        now,
    )
    .await?;
    Ok(after)
}

/// The escalation clock (run by the scheduler): each complaint still unanswered past its reply
/// time climbs to the level its lateness calls for, in its own transaction. How many moved.
pub async fn escalate_due(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let late = Entity::find()
        .filter(Column::Status.is_in(MACHINE.sources("escalate").iter().copied()))
        .filter(Column::ReplyDueAt.lt(now))
        .filter(Column::EscalationLevel.lt(TOP_LEVEL))
        .order_by_asc(Column::Id)
        .all(&state.db)
        .await?;
    let mut escalated = 0;
    for c in late {
        let due = level_due(c.reply_due_at, now);
        if due <= c.escalation_level {
            continue;
        }
        let txn = crate::db::write(&state.db).await?;
        // Read again inside the transaction: someone may have answered it meanwhile.
        let Some(before) = Entity::find_by_id(c.id).one(&txn).await? else { continue };
        if !MACHINE.allows(before.status, "escalate") || before.escalation_level >= due {
            continue;
        }
        let group_owner = group_owner(&txn, before.group_id).await?;
        let after = escalate_to(&txn, before.clone(), due, now, "clock").await?;
        if after.escalation_level == before.escalation_level {
            continue; // nobody above to reach
        }
        escalated += 1;
        let ev = Event::changed(
            "Complaint",
            c.id,
            "complaint.escalate",
            after.status.as_str(),
            recipients(&after, group_owner),
        );
        events::commit(
            state,
            txn,
            now,
            &Actor::default(),
            vec![change("complaint.escalate", c.id, Some(&before), &after)],
            vec![ev],
        )
        .await?;
    }
    Ok(crate::jobs::Summary::Complaints { escalated })
}

/// One row of the month's complaint figures (rule 13): by first responder, or by department.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// The first responder (by user) or the department (by department).
    pub key: i64,
    pub count: i64,
    /// Answered by the reply time.
    pub on_time: i64,
    pub escalated: i64,
    pub company_fault: i64,
}

/// The complaints registered in `month` that the viewer sees, counted by first responder and
/// by the responder's department.
pub async fn figures<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<(Vec<Figures>, Vec<Figures>)> {
    let from = crate::clock::beijing_at(month.first_day(), 0, 0);
    let to = crate::clock::beijing_at(month.plus(1).first_day(), 0, 0);
    let rows = Entity::find()
        .filter(visible_condition(viewer))
        .filter(Column::RegisteredAt.gte(from))
        .filter(Column::RegisteredAt.lt(to))
        .all(db)
        .await?;
    let mut by_owner: Vec<Figures> = Vec::new();
    let mut by_department: Vec<Figures> = Vec::new();
    for c in &rows {
        let on_time = !super::breached(c.reply_due_at, c.resolved_at, now) && c.resolved_at.is_some();
        for (list, key) in [(&mut by_owner, Some(c.owner_id)), (&mut by_department, c.owner_department_id)] {
            let Some(key) = key else { continue };
            let f = match list.iter().position(|f| f.key == key) {
                Some(i) => &mut list[i],
                None => {
                    list.push(Figures { key, ..Figures::default() });
                    list.last_mut().expect("just pushed")
                }
            };
            f.count += 1;
            f.on_time += i64::from(on_time);
            f.escalated += i64::from(c.escalation_level > 0);
            f.company_fault += i64::from(c.company_fault == Some(true));
        }
    }
    by_owner.sort_by_key(|f| f.key);
    by_department.sort_by_key(|f| f.key);
    Ok((by_owner, by_department))
}
