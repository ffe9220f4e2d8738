//! Filing, routing, reading, commenting on and forwarding information reports.
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
    sea_query::{Expr, Query},
};
use serde_json::json;

use super::{InfoRecipientReason, InfoReportKind, InfoReportStatus, InfoUrgency, MACHINE, above, action_to, role_at};
use crate::{
    audit::{Actor, Change},
    auth::{Role, Viewer},
    billing::evidence::{self, Upload},
    db::{Versioned, versioned_update},
    error::{AppError, AppResult, UserError, UserErrorCode},
    events::{Event, Topic},
    fields::Check,
    state::AppState,
};
use entity::{
    app_user,
    info_report::{ActiveModel, Column, Entity, Model},
    info_report_comment as comment, info_report_file as file, info_report_recipient as recipient,
};

/// At most this many people a report is forwarded to at once.
pub const MAX_FORWARD: usize = 10;

/// A report as its author writes it.
pub struct NewReport {
    pub kind: InfoReportKind,
    pub urgency: InfoUrgency,
    pub group_id: Option<i64>,
    pub title: String,
    pub text: String,
}

const VERSIONED: Versioned<Column> =
    Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt };

fn change<'a>(action: &'a str, before: Option<&Model>, after: &Model, extra: Option<serde_json::Value>) -> Change<'a> {
    let mut snapshot = crate::audit::snapshot(after);
    if let (Some(extra), Some(obj)) = (extra, snapshot.as_object_mut()) {
        obj.insert("event".into(), extra);
    }
    Change {
        action,
        entity_type: "InfoReport",
        entity_id: Some(after.id),
        before: before.map(crate::audit::snapshot),
        after: Some(snapshot),
    }
}

/// The live event telling `to` of the report: an urgent one as such, the rest as a change.
fn tell(report: &Model, action: &str, to: Vec<i64>) -> Event {
    let topic = if report.urgency == InfoUrgency::Urgent
        && matches!(
            action,
            "info_report.file" | "info_report.to_branch" | "info_report.to_company" | "info_report.forward"
        ) {
        Topic::UrgentReport
    } else {
        Topic::Changed
    };
    Event::new(topic, "InfoReport", report.id, action, report.status.as_str(), to)
}

/// The active users who receive a report of `department_id`/`branch_id` at `level`.
async fn people_at<C: ConnectionTrait>(
    db: &C,
    level: InfoReportStatus,
    department_id: Option<i64>,
    branch_id: Option<i64>,
) -> AppResult<Vec<app_user::Model>> {
    let Some(role) = role_at(level) else { return Ok(vec![]) };
    let mut q =
        app_user::Entity::find().filter(app_user::Column::Role.eq(role)).filter(app_user::Column::Active.eq(true));
    q = match level {
        InfoReportStatus::Department => match department_id {
            Some(d) => q.filter(app_user::Column::DepartmentId.eq(d)),
            None => return Ok(vec![]),
        },
        InfoReportStatus::Branch => match branch_id {
            Some(b) => q.filter(app_user::Column::BranchId.eq(b)),
            None => return Ok(vec![]),
        },
        _ => q,
    };
    Ok(q.all(db).await?)
}

/// The first level from `from` upwards with somebody in it, and those people.
async fn route<C: ConnectionTrait>(
    db: &C,
    from: InfoReportStatus,
    department_id: Option<i64>,
    branch_id: Option<i64>,
) -> AppResult<Option<(InfoReportStatus, Vec<app_user::Model>)>> {
    let mut level = Some(from);
    while let Some(l) = level {
        let people = people_at(db, l, department_id, branch_id).await?;
        if !people.is_empty() {
            return Ok(Some((l, people)));
        }
        level = above(l);
    }
    Ok(None)
}

fn nobody_above() -> AppError {
    UserError::new("id", UserErrorCode::NotPermitted, "上面没有可以上报的负责人", "There is nobody above to report to")
        .into()
}

#[allow(clippy::too_many_arguments)]
/// Adds `users` as recipients of `report` (those who have it already are left as they are) and
/// answers who is new.
async fn send_to(
    txn: &DatabaseTransaction,
    report: &Model,
    users: &[i64],
    reason: InfoRecipientReason,
    level: Option<InfoReportStatus>,
    sent_by: Option<i64>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Vec<i64>> {
    let had: HashSet<i64> = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::UserId)
        .filter(recipient::Column::ReportId.eq(report.id))
        .into_tuple::<i64>()
        .all(txn)
        .await?
        .into_iter()
        .chain([report.author_id])
        .collect();
    let new: Vec<i64> =
        users.iter().copied().filter(|u| !had.contains(u)).collect::<HashSet<_>>().into_iter().collect();
    if new.is_empty() {
        return Ok(new);
    }
    let rows = new.iter().map(|&user_id| recipient::ActiveModel {
        report_id: Set(report.id),
        user_id: Set(user_id),
        reason: Set(reason),
        level: Set(level),
        sent_by: Set(sent_by),
        note: Set(note.map(String::from)),
        sent_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    });
    // Two forwards at once to the same person leave one row.
    recipient::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([recipient::Column::ReportId, recipient::Column::UserId])
        .exec(txn)
        .await?;
    Ok(new)
}

/// Files a report: it goes to the first level above its author that has somebody in it.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    new: NewReport,
    files: Vec<Upload>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let title = c.text("title", &new.title, 100);
    let text = c.text("text", &new.text, 4000);
    let files = match evidence::check_files(files, false, "files", ("附件", "file")) {
        Ok(f) => f,
        Err(errors) => {
            errors.into_iter().for_each(|e| c.push(e));
            vec![]
        }
    };
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let author = app_user::Entity::find_by_id(viewer.user_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    if let Some(g) = new.group_id {
        crate::groups::service::find_visible(&txn, viewer, g).await?;
    }
    let Some(first) = super::first_level(author.role) else { return Err(nobody_above()) };
    let Some((level, people)) = route(&txn, first, author.department_id, author.branch_id).await? else {
        return Err(nobody_above());
    };
    let report = ActiveModel {
        author_id: Set(author.id),
        department_id: Set(author.department_id),
        branch_id: Set(author.branch_id),
        group_id: Set(new.group_id),
        kind: Set(new.kind),
        urgency: Set(new.urgency),
        title: Set(title),
        text: Set(text),
        status: Set(level),
        closed_by: Set(None),
        closed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let to = send_to(&txn, &report, &ids, InfoRecipientReason::Routed, Some(level), None, None, now).await?;
    for f in files {
        file::ActiveModel {
            report_id: Set(report.id),
            file_name: Set(f.file_name),
            content_type: Set(f.content_type.to_string()),
            size: Set(f.bytes.len() as i64),
            sha256: Set(f.sha256),
            content: Set(f.bytes),
            uploaded_by: Set(author.id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let ev = tell(&report, "info_report.file", to.clone());
    let ch = change("info_report.file", None, &report, Some(json!({ "to": to })));
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(report)
}

/// True when `user_id` has received report `id`.
async fn received<C: ConnectionTrait>(db: &C, id: i64, user_id: i64) -> AppResult<bool> {
    Ok(recipient::Entity::find()
        .filter(recipient::Column::ReportId.eq(id))
        .filter(recipient::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

/// Report `id` as `viewer` may read it: they wrote it or received it. Anyone else is told it
/// does not exist.
pub async fn readable<C: ConnectionTrait>(db: &C, viewer: &Viewer, id: i64) -> AppResult<Model> {
    let r = Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::not_found)?;
    if r.author_id == viewer.user_id || received(db, id, viewer.user_id).await? {
        Ok(r)
    } else {
        Err(AppError::not_found())
    }
}

/// True when `viewer` is who the report waits on: the level it is with (the head of its
/// department, the manager of its branch, the general manager).
pub fn acts_on(viewer: &Viewer, r: &Model) -> bool {
    role_at(r.status) == Some(viewer.role)
        && match r.status {
            InfoReportStatus::Department => r.department_id.is_some() && viewer.department_id == r.department_id,
            InfoReportStatus::Branch => r.branch_id.is_some() && viewer.branch_id == r.branch_id,
            _ => true,
        }
}

fn not_yours() -> AppError {
    UserError::new(
        "id",
        UserErrorCode::NotPermitted,
        "只有信息所在层级的负责人可以上报上级或办结",
        "Only the level the report is with sends it up or closes it",
    )
    .into()
}

/// What the level a report is with does with it.
pub enum Move {
    /// 上报上级: up to the next level with somebody in it.
    Escalate,
    /// 办结: handled here.
    Close,
}

/// Sends the report up a level, or closes it, with an optional note kept as a comment.
pub async fn act(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
    how: Move,
    note: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let note = c.opt_text("note", note, 1000);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let before = readable(&txn, viewer, id).await?;
    if !acts_on(viewer, &before) && before.status != InfoReportStatus::Closed {
        return Err(not_yours());
    }
    let (action, to_status, people) = match how {
        Move::Close => ("close", MACHINE.next(before.status, "close")?, vec![]),
        Move::Escalate => {
            let Some(next) = above(before.status) else {
                // Closed, or at the top: the machine says why.
                MACHINE.next(before.status, "to_branch")?;
                return Err(nobody_above());
            };
            let Some((level, people)) = route(&txn, next, before.department_id, before.branch_id).await? else {
                return Err(nobody_above());
            };
            let action = action_to(level);
            (action, MACHINE.next(before.status, action)?, people)
        }
    };
    let mut cols = vec![(Column::Status, Expr::value(to_status.as_str()))];
    if matches!(how, Move::Close) {
        cols.push((Column::ClosedBy, Expr::value(viewer.user_id)));
        cols.push((Column::ClosedAt, Expr::value(now)));
    }
    versioned_update::<Entity, _>(&txn, VERSIONED, id, expected_version, now, cols).await?;
    let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let new = send_to(
        &txn,
        &after,
        &ids,
        InfoRecipientReason::Routed,
        Some(to_status),
        Some(viewer.user_id),
        note.as_deref(),
        now,
    )
    .await?;
    if let Some(n) = &note {
        add_comment(&txn, id, viewer.user_id, n, now).await?;
    }
    let action = format!("info_report.{action}");
    let mut events = vec![Event::changed("InfoReport", id, &action, after.status.as_str(), vec![after.author_id])];
    if !new.is_empty() {
        events.push(tell(&after, &action, new.clone()));
    }
    let ch = change(&action, Some(&before), &after, Some(json!({ "to": new, "note": note })));
    crate::events::commit(state, txn, now, actor, vec![ch], events).await?;
    Ok(after)
}

async fn add_comment(
    txn: &DatabaseTransaction,
    report_id: i64,
    author_id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> AppResult<comment::Model> {
    Ok(comment::ActiveModel {
        report_id: Set(report_id),
        author_id: Set(author_id),
        text: Set(text.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// Everyone concerned with a report but `except`: its author and its recipients.
async fn concerned<C: ConnectionTrait>(db: &C, r: &Model, except: i64) -> AppResult<Vec<i64>> {
    let mut ids: Vec<i64> = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::UserId)
        .filter(recipient::Column::ReportId.eq(r.id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    ids.push(r.author_id);
    ids.retain(|u| *u != except);
    Ok(ids)
}

/// Anyone who sees a report comments on it; the others concerned are told.
pub async fn comment(state: &AppState, actor: &Actor, viewer: &Viewer, id: i64, text: &str) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let text = c.text("text", text, 1000);
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let r = readable(&txn, viewer, id).await?;
    let row = add_comment(&txn, id, viewer.user_id, &text, now).await?;
    let to = concerned(&txn, &r, viewer.user_id).await?;
    let ev = Event::changed("InfoReport", id, "info_report.comment", r.status.as_str(), to);
    let ch = change("info_report.comment", None, &r, Some(json!({ "comment": crate::audit::snapshot(&row) })));
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(r)
}

/// The read receipt: the first time a recipient opens the report. Opening it again, or the
/// author opening it, changes nothing.
pub async fn mark_read(state: &AppState, actor: &Actor, viewer: &Viewer, id: i64) -> AppResult<Model> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let r = readable(&txn, viewer, id).await?;
    let done = recipient::Entity::update_many()
        .col_expr(recipient::Column::ReadAt, Expr::value(now))
        .filter(recipient::Column::ReportId.eq(id))
        .filter(recipient::Column::UserId.eq(viewer.user_id))
        .filter(recipient::Column::ReadAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        txn.commit().await?;
        return Ok(r);
    }
    let ev = Event::changed("InfoReport", id, "info_report.read", r.status.as_str(), vec![r.author_id]);
    let ch = change("info_report.read", None, &r, Some(json!({ "readBy": viewer.user_id })));
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(r)
}

/// Forwards a report to up to [`MAX_FORWARD`] people the forwarder's own scope covers (a head
/// their department, a branch manager their branch); somebody outside it is not found.
pub async fn forward(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    id: i64,
    users: &[i64],
    note: Option<&str>,
) -> AppResult<Model> {
    let now = state.now();
    let mut c = Check::new();
    let note = c.opt_text("note", note, 500);
    if users.is_empty() || users.len() > MAX_FORWARD {
        c.push(UserError::new(
            "userIds",
            UserErrorCode::Invalid,
            format!("请选择 1–{MAX_FORWARD} 位转发对象"),
            format!("Choose 1–{MAX_FORWARD} people to forward it to"),
        ));
    }
    c.finish(|| ())?;
    let txn = crate::db::write(&state.db).await?;
    let r = readable(&txn, viewer, id).await?;
    let found = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(users.iter().copied()))
        .filter(app_user::Column::Active.eq(true))
        .all(&txn)
        .await?;
    for (i, u) in users.iter().enumerate() {
        let ok = found.iter().any(|f| f.id == *u && f.id != viewer.user_id && crate::users::visible(viewer, f));
        if !ok {
            return Err(UserError::new(
                &format!("userIds.{i}"),
                UserErrorCode::NotFound,
                "找不到这位同事（只能转发给你管理范围内的人）",
                "No such colleague (you forward to people in your own scope)",
            )
            .into());
        }
    }
    let new =
        send_to(&txn, &r, users, InfoRecipientReason::Forwarded, None, Some(viewer.user_id), note.as_deref(), now)
            .await?;
    if new.is_empty() {
        return Err(UserError::new(
            "userIds",
            UserErrorCode::Invalid,
            "他们都已经收到这份信息",
            "They all have this report already",
        )
        .into());
    }
    let ev = tell(&r, "info_report.forward", new.clone());
    let ch = change("info_report.forward", None, &r, Some(json!({ "to": new, "note": note })));
    crate::events::commit(state, txn, now, actor, vec![ch], vec![ev]).await?;
    Ok(r)
}

/// The reports `viewer` sees: those they wrote and those they received.
pub fn visible_condition(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(Column::AuthorId.eq(viewer.user_id))
        .add(Column::Id.in_subquery(received_by(viewer.user_id, false)))
}

/// The reports `user_id` received (only the unread ones with `unread`).
pub fn received_by(user_id: i64, unread: bool) -> sea_orm::sea_query::SelectStatement {
    let mut q = Query::select();
    q.column(recipient::Column::ReportId).from(recipient::Entity).and_where(recipient::Column::UserId.eq(user_id));
    if unread {
        q.and_where(recipient::Column::ReadAt.is_null());
    }
    q
}

/// True when the user may file reports at all (somebody is above them).
pub fn may_file(role: Role) -> bool {
    super::first_level(role).is_some()
}
