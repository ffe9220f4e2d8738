//! Adding, changing and closing plan items; what the checks suggest; the items a visit or a task
//! closes.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};

use super::{MACHINE, PlanClosure, PlanItemStatus, PlanMatter, PlanMeans, PlanPriority};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    clock::{beijing_at, business_date},
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Check,
    groups::service::writable_group,
    state::{AppState, Lang},
    tasks::TaskStatus,
    visits::VisitStatus,
};
use entity::plan_item::{ActiveModel, Column, Entity, Model};

/// How far ahead a day may be planned.
pub const DAYS_AHEAD: i64 = 6;
/// At most this many items in one day's plan.
pub const MAX_ITEMS: u64 = 40;

/// What the item is about and how it is done; the same for a new item and a changed one.
#[derive(Clone, Debug)]
pub struct Details {
    pub priority: Option<PlanPriority>,
    pub matter: PlanMatter,
    pub means: PlanMeans,
    /// Required unless the item is taken from a task or a planned visit.
    pub title: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub target: Option<String>,
    pub purpose: Option<String>,
    pub preparation: Option<String>,
    pub resources: Option<String>,
}

/// A new item for `day`: the user's own, or taken from one of their tasks or planned visits.
#[derive(Clone, Debug)]
pub struct NewItem {
    pub day: NaiveDate,
    pub group_id: Option<i64>,
    pub task_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub details: Details,
}

/// Something the morning's checks surfaced for the day, not yet in its plan.
pub struct Suggestion {
    pub task: Option<entity::task::Model>,
    pub visit: Option<entity::visit::Model>,
    pub group_id: Option<i64>,
    pub at: Option<DateTime<Utc>>,
    pub priority: PlanPriority,
    pub matter: PlanMatter,
    pub means: PlanMeans,
}

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model) -> Change<'a> {
    Change {
        action,
        entity_type: "PlanItem",
        entity_id: Some(after.id),
        before: before.map(audit::snapshot),
        after: Some(audit::snapshot(after)),
    }
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

/// The UTC span of a Beijing business day.
pub fn day_span(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (beijing_at(day, 0, 0), beijing_at(day + Duration::days(1), 0, 0))
}

/// The texts checked, and the appointment time on the day.
struct Checked {
    title: Option<String>,
    target: Option<String>,
    purpose: Option<String>,
    preparation: Option<String>,
    resources: Option<String>,
}

fn check_details(c: &mut Check, day: NaiveDate, d: &Details, needs_title: bool) -> Checked {
    let title = if needs_title {
        Some(c.text("title", d.title.as_deref().unwrap_or(""), 200))
    } else {
        c.opt_text("title", d.title.as_deref(), 200)
    };
    if let Some(at) = d.at {
        let (from, to) = day_span(day);
        if at < from || at >= to {
            c.push(UserError::new(
                "at",
                UserErrorCode::Invalid,
                "预约时间须在计划当天",
                "The time must be on the planned day",
            ));
        }
    }
    Checked {
        title,
        target: c.opt_text("target", d.target.as_deref(), 200),
        purpose: c.opt_text("purpose", d.purpose.as_deref(), 500),
        preparation: c.opt_text("preparation", d.preparation.as_deref(), 500),
        resources: c.opt_text("resources", d.resources.as_deref(), 500),
    }
}

/// Appointments first (a time is set), then key projects (a deal in progress on the group), then
/// routine; the user's own choice wins.
async fn priority_of<C: ConnectionTrait>(
    db: &C,
    chosen: Option<PlanPriority>,
    at: Option<DateTime<Utc>>,
    task: Option<&entity::task::Model>,
    group_id: Option<i64>,
) -> AppResult<PlanPriority> {
    if let Some(p) = chosen {
        return Ok(p);
    }
    if at.is_some() {
        return Ok(PlanPriority::Appointment);
    }
    if task.is_some_and(|t| super::is_key_project(t.kind)) {
        return Ok(PlanPriority::KeyProject);
    }
    if let Some(g) = group_id {
        use crate::proposals::ProposalStatus as S;
        use entity::proposal::{Column as P, Entity as Proposals};
        let live = [S::Draft, S::PendingApproval, S::Approved, S::Sent];
        let deals = Proposals::find().filter(P::GroupId.eq(g)).filter(P::Status.is_in(live)).count(db).await?;
        if deals > 0 {
            return Ok(PlanPriority::KeyProject);
        }
    }
    Ok(PlanPriority::Routine)
}

fn check_day(c: &mut Check, day: NaiveDate, today: NaiveDate) {
    if day < today || day > today + Duration::days(DAYS_AHEAD) {
        c.push(UserError::new(
            "day",
            UserErrorCode::Invalid,
            format!("只能计划今天起 {} 天内的工作", DAYS_AHEAD + 1),
            format!("Plan today or the {DAYS_AHEAD} days after it"),
        ));
    }
}

/// Adds an item to the viewer's plan for a day.
pub async fn add(state: &AppState, actor: &Actor, viewer: &Viewer, lang: Lang, input: NewItem) -> AppResult<Model> {
    let now = state.now();
    let today = business_date(now);
    let txn = crate::db::write(&state.db).await?;
    let mut c = Check::new();
    check_day(&mut c, input.day, today);
    // The task or planned visit it comes from must be the viewer's own and still to do.
    let task = match input.task_id {
        Some(id) => Some(
            entity::task::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|t| t.assignee_id == viewer.user_id && t.status == TaskStatus::Open)
                .ok_or_else(|| not_yours("taskId"))?,
        ),
        None => None,
    };
    let visit = match input.visit_id {
        Some(id) => Some(
            entity::visit::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|v| v.manager_id == viewer.user_id && v.status == VisitStatus::Planned)
                .ok_or_else(|| not_yours("visitId"))?,
        ),
        None => None,
    };
    let group_id = input.group_id.or(task.as_ref().and_then(|t| t.group_id)).or(visit.as_ref().map(|v| v.group_id));
    if let Some(g) = group_id {
        writable_group(&txn, viewer, g).await.map_err(|_| not_yours("groupId"))?;
    }
    let mut details = input.details;
    if details.at.is_none() {
        details.at = visit.as_ref().and_then(|v| v.planned_at);
    }
    let from_source = task.is_some() || visit.is_some();
    let checked = check_details(&mut c, input.day, &details, !from_source);
    let planned = Entity::find().filter(Column::UserId.eq(viewer.user_id)).filter(Column::Day.eq(input.day));
    if planned.clone().count(&txn).await? >= MAX_ITEMS {
        c.push(UserError::new(
            "day",
            UserErrorCode::Invalid,
            format!("一天最多计划 {MAX_ITEMS} 项"),
            format!("A day holds at most {MAX_ITEMS} items"),
        ));
    }
    let twice = Condition::any()
        .add_option(input.task_id.map(|id| Column::TaskId.eq(id)))
        .add_option(input.visit_id.map(|id| Column::VisitId.eq(id)));
    if from_source && planned.filter(twice).count(&txn).await? > 0 {
        c.push(UserError::new("day", UserErrorCode::Duplicate, "已在当天计划中", "Already in that day's plan"));
    }
    c.finish(|| ())?;
    let title = checked.title.unwrap_or_else(|| match (&task, &visit) {
        (Some(t), _) => t.title.clone(),
        (None, Some(v)) => {
            let purpose = if lang == Lang::En { v.purpose.label_en() } else { v.purpose.label_zh() };
            if lang == Lang::En { format!("Visit: {purpose}") } else { format!("走访：{purpose}") }
        }
        (None, None) => String::new(),
    });
    let priority = priority_of(&txn, details.priority, details.at, task.as_ref(), group_id).await?;
    let row = ActiveModel {
        user_id: Set(viewer.user_id),
        day: Set(input.day),
        priority: Set(priority),
        matter: Set(details.matter),
        means: Set(details.means),
        title: Set(title),
        group_id: Set(group_id),
        task_id: Set(input.task_id),
        visit_id: Set(input.visit_id),
        at: Set(details.at),
        target: Set(checked.target),
        purpose: Set(checked.purpose),
        preparation: Set(checked.preparation),
        resources: Set(checked.resources),
        status: Set(PlanItemStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::commit(state, txn, now, actor, change("plan.add", None, &row)).await?;
    Ok(row)
}

pub fn not_yours(field: &str) -> AppError {
    UserError::new(field, UserErrorCode::NotFound, "不存在或不是你的待办", "Not found among your own work").into()
}

/// The viewer's own item.
async fn own<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    Entity::find_by_id(id).one(db).await?.filter(|m| m.user_id == viewer.user_id).ok_or_else(AppError::not_found)
}

/// Changes an item's matter, means, resources and the rest.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    details: Details,
) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = own(&txn, viewer, id).await?;
    let mut c = Check::new();
    let checked = check_details(&mut c, before.day, &details, true);
    c.finish(|| ())?;
    let task = match before.task_id {
        Some(t) => entity::task::Entity::find_by_id(t).one(&txn).await?,
        None => None,
    };
    let priority = priority_of(&txn, details.priority, details.at, task.as_ref(), before.group_id).await?;
    let cols = [
        (Column::Priority, Expr::value(priority.as_str())),
        (Column::Matter, Expr::value(details.matter.as_str())),
        (Column::Means, Expr::value(details.means.as_str())),
        (Column::Title, Expr::value(checked.title)),
        (Column::At, Expr::value(details.at)),
        (Column::Target, Expr::value(checked.target)),
        (Column::Purpose, Expr::value(checked.purpose)),
        (Column::Preparation, Expr::value(checked.preparation)),
        (Column::Resources, Expr::value(checked.resources)),
    ];
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = own(&txn, viewer, id).await?;
    audit::commit(state, txn, now, actor, change("plan.edit", Some(&before), &after)).await?;
    Ok(after)
}

/// Marks an item done or dropped (with a note), or opens it again.
pub async fn set_status(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    action: &str,
    note: Option<&str>,
) -> AppResult<Model> {
    let mut c = Check::new();
    let note = c.opt_text("note", note, 500);
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = own(&txn, viewer, id).await?;
    let to = MACHINE.next(before.status, action)?;
    let closing = to != PlanItemStatus::Open;
    let cols = [
        (Column::Status, Expr::value(to.as_str())),
        (Column::ClosedBy, Expr::value(closing.then_some(PlanClosure::Manual.as_str()))),
        (Column::ClosedRefId, Expr::value(None::<i64>)),
        (Column::ClosedAt, Expr::value(closing.then_some(now))),
        (Column::Note, Expr::value(note)),
    ];
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = own(&txn, viewer, id).await?;
    let action = match to {
        PlanItemStatus::Open => "plan.reopen",
        PlanItemStatus::Done => "plan.complete",
        PlanItemStatus::Dropped => "plan.drop",
    };
    audit::commit(state, txn, now, actor, change(action, Some(&before), &after)).await?;
    Ok(after)
}

/// A day's plan in the order it is worked: appointments by time, key projects, routine.
pub async fn day<C: ConnectionTrait>(db: &C, user_id: i64, day: NaiveDate) -> AppResult<Vec<Model>> {
    let mut rows = Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Day.eq(day))
        .order_by_asc(Column::Id)
        .limit(MAX_ITEMS * 2)
        .all(db)
        .await?;
    let rank = |p: PlanPriority| PlanPriority::ALL.iter().position(|x| *x == p).unwrap_or(0);
    rows.sort_by_key(|r| (rank(r.priority), r.at.is_none(), r.at, r.id));
    Ok(rows)
}

/// What the checks surfaced for the day and is not in its plan yet: the viewer's open tasks due
/// by the day's end (overdue ones too), and the visits planned for the day.
pub async fn suggestions<C: ConnectionTrait>(db: &C, viewer: &Viewer, day: NaiveDate) -> AppResult<Vec<Suggestion>> {
    use entity::{task, visit};
    let (from, to) = day_span(day);
    let planned = |col: Column| {
        sea_orm::sea_query::Query::select()
            .column(col)
            .from(Entity)
            .and_where(Column::UserId.eq(viewer.user_id))
            .and_where(Column::Day.eq(day))
            .and_where(col.is_not_null())
            .to_owned()
    };
    let tasks = task::Entity::find()
        .filter(task::Column::AssigneeId.eq(viewer.user_id))
        .filter(task::Column::Status.eq(TaskStatus::Open))
        .filter(task::Column::DueAt.lt(to))
        .filter(task::Column::Id.not_in_subquery(planned(Column::TaskId)))
        .order_by_asc(task::Column::DueAt)
        .limit(30)
        .all(db)
        .await?;
    let visits = visit::Entity::find()
        .filter(visit::Column::ManagerId.eq(viewer.user_id))
        .filter(visit::Column::Status.eq(VisitStatus::Planned))
        .filter(visit::Column::PlannedAt.gte(from))
        .filter(visit::Column::PlannedAt.lt(to))
        .filter(visit::Column::Id.not_in_subquery(planned(Column::VisitId)))
        .order_by_asc(visit::Column::PlannedAt)
        .limit(30)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(tasks.len() + visits.len());
    for v in visits {
        let (matter, means) = super::for_visit(v.method, v.purpose);
        out.push(Suggestion {
            group_id: Some(v.group_id),
            at: v.planned_at,
            priority: PlanPriority::Appointment,
            matter,
            means,
            task: None,
            visit: Some(v),
        });
    }
    for t in tasks {
        let (matter, means) = super::for_task(t.kind);
        let priority = if super::is_key_project(t.kind) { PlanPriority::KeyProject } else { PlanPriority::Routine };
        out.push(Suggestion { group_id: t.group_id, at: None, priority, matter, means, task: Some(t), visit: None });
    }
    Ok(out)
}

/// Closes the open items of `day` that `cond` picks, by `how`; the audit rows for them.
async fn close_where<C: ConnectionTrait>(
    db: &C,
    cond: Condition,
    how: PlanClosure,
    by: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    let open = Entity::find().filter(cond).filter(Column::Status.eq(PlanItemStatus::Open)).all(db).await?;
    let mut changes = Vec::with_capacity(open.len());
    for before in open {
        let cols = [
            (Column::Status, Expr::value(PlanItemStatus::Done.as_str())),
            (Column::ClosedBy, Expr::value(how.as_str())),
            (Column::ClosedRefId, Expr::value(by)),
            (Column::ClosedAt, Expr::value(now)),
        ];
        versioned_update::<Entity, _>(db, VERSIONED, before.id, before.version, now, cols).await?;
        let after = Entity::find_by_id(before.id).one(db).await?.ok_or_else(AppError::not_found)?;
        changes.push(change("plan.close", Some(&before), &after));
    }
    Ok(changes)
}

/// A visit or call recorded: the items of its manager's day it does close themselves. That is the
/// item made from this visit, and the day's items for the same group whose means the visit's
/// method (and purpose) carries out — a call does a phone item, a visit on site an on-site one.
pub async fn on_visit<C: ConnectionTrait>(
    db: &C,
    visit: &entity::visit::Model,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    let day = business_date(visit.ended_at.unwrap_or(visit.happens_at));
    let means: Vec<&str> = super::means_done_by(visit.method, visit.purpose).iter().map(|m| m.as_str()).collect();
    let cond = Condition::all().add(Column::UserId.eq(visit.manager_id)).add(Column::Day.eq(day)).add(
        Condition::any()
            .add(Column::VisitId.eq(visit.id))
            .add(Condition::all().add(Column::GroupId.eq(visit.group_id)).add(Column::Means.is_in(means))),
    );
    close_where(db, cond, PlanClosure::Visit, visit.id, now).await
}

/// A task done: the items made from it close themselves.
pub async fn on_task_done<C: ConnectionTrait>(
    db: &C,
    task: &entity::task::Model,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    close_where(db, Condition::all().add(Column::TaskId.eq(task.id)), PlanClosure::Task, task.id, now).await
}

/// Whether the viewer may read `user`'s plan: their own, or a user their scope covers.
pub fn may_read(viewer: &Viewer, user: &entity::app_user::Model) -> bool {
    crate::users::visible(viewer, user)
}
