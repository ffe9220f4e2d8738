//! Tasks (待办): what the system asks a person to do, with a due time and the object it is
//! about. Created idempotently (a dedupe key per occurrence) by the rules, and closed by the
//! person (done, or dismissed with a reason) or by the system once the condition is met.
pub mod graphql;
pub mod rules;
pub mod service;
pub mod text;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TryInsertResult,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::{
    error::AppResult,
    machine::{Edge, Machine},
    state::Lang,
};
use entity::task::{ActiveModel, Column, Entity, Model};

pub use entity::enums::{TaskKind, TaskStatus};
pub use text::TaskText;

/// A task's lifecycle: closed once, done or dismissed.
pub const MACHINE: Machine<TaskStatus> = Machine {
    noun: ("待办", "task"),
    edges: &[
        Edge { action: "complete", from: &[TaskStatus::Open], to: TaskStatus::Done },
        Edge { action: "dismiss", from: &[TaskStatus::Open], to: TaskStatus::Dismissed },
    ],
};

/// A task's title in `lang`; a task made before texts were kept shows its stored Chinese title.
pub fn title_in(task: &Model, lang: crate::state::Lang) -> String {
    task.text
        .clone()
        .and_then(|v| serde_json::from_value::<TaskText>(v).ok())
        .map_or_else(|| task.title.clone(), |t| t.title(lang))
}

/// A task to create.
pub struct NewTask {
    pub kind: TaskKind,
    pub assignee_id: i64,
    pub group_id: Option<i64>,
    pub subject_type: &'static str,
    pub subject_id: i64,
    /// What it says: title, details and (care tasks) the greeting, in any language.
    pub text: TaskText,
    pub due_at: DateTime<Utc>,
    /// Names this occurrence; creating the same key twice creates one task.
    pub dedupe_key: String,
}

/// The task's text as stored: its kind and parameters.
fn stored(text: &TaskText) -> serde_json::Value {
    serde_json::to_value(text).unwrap_or(serde_json::Value::Null)
}

/// Gives `to` the open tasks `from` holds on a group (the group changed hands); how many moved.
pub async fn hand_over<C: ConnectionTrait>(
    db: &C,
    group_id: i64,
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let r = Entity::update_many()
        .col_expr(Column::AssigneeId, Expr::value(to))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::AssigneeId.eq(from))
        .filter(Column::Status.eq(TaskStatus::Open))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Creates the task unless one with its key exists; true when it was made now.
pub async fn create_if_new<C: ConnectionTrait>(db: &C, t: NewTask, now: DateTime<Utc>) -> AppResult<bool> {
    let r = Entity::insert(ActiveModel {
        kind: Set(t.kind),
        assignee_id: Set(t.assignee_id),
        group_id: Set(t.group_id),
        subject_type: Set(t.subject_type.into()),
        subject_id: Set(t.subject_id),
        // The Chinese text is kept too: what the task said, for anything reading the table.
        title: Set(t.text.title(Lang::Zh)),
        due_at: Set(t.due_at),
        status: Set(TaskStatus::Open),
        dedupe_key: Set(Some(t.dedupe_key)),
        body: Set(t.text.body(Lang::Zh)),
        greeting: Set(t.text.greeting(Lang::Zh)),
        text: Set(Some(stored(&t.text))),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(Column::DedupeKey).do_nothing().to_owned())
    .try_insert()
    .exec(db)
    .await?;
    Ok(matches!(r, TryInsertResult::Inserted(_)))
}

/// Creates the task unless one with its key exists; returns the task with that key.
pub async fn ensure<C: ConnectionTrait>(db: &C, t: NewTask, now: DateTime<Utc>) -> AppResult<Model> {
    let key = t.dedupe_key.clone();
    create_if_new(db, t, now).await?;
    Entity::find()
        .filter(Column::DedupeKey.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| crate::error::AppError::internal("task vanished"))
}

/// Closes the open tasks of `kind` about a subject, as done (the condition was met).
pub async fn close_for<C: ConnectionTrait>(
    db: &C,
    kind: TaskKind,
    subject_type: &str,
    subject_id: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let r = Entity::update_many()
        .col_expr(Column::Status, Expr::value(TaskStatus::Done.as_str()))
        .col_expr(Column::DoneAt, Expr::value(now))
        .col_expr(Column::Note, Expr::value(AUTO_CLOSED))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Kind.eq(kind))
        .filter(Column::SubjectType.eq(subject_type))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::Status.eq(TaskStatus::Open))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Closes the open task with this key, as done (its condition was met).
pub async fn close_key<C: ConnectionTrait>(db: &C, key: &str, now: DateTime<Utc>) -> AppResult<u64> {
    let r = Entity::update_many()
        .col_expr(Column::Status, Expr::value(TaskStatus::Done.as_str()))
        .col_expr(Column::DoneAt, Expr::value(now))
        .col_expr(Column::Note, Expr::value(AUTO_CLOSED))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::DedupeKey.eq(key))
        .filter(Column::Status.eq(TaskStatus::Open))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Makes the open tasks of `kind` be exactly `wanted`: each is ensured (an open one brought up
/// to date, see [`refresh`]), and every other open task of that kind is closed as done,
/// because its condition no longer holds. Returns (created, closed).
pub async fn reconcile<C: ConnectionTrait>(
    db: &C,
    kind: TaskKind,
    wanted: Vec<NewTask>,
    now: DateTime<Utc>,
) -> AppResult<(usize, u64)> {
    let keys: Vec<String> = wanted.iter().map(|t| t.dedupe_key.clone()).collect();
    let mut existing: std::collections::HashMap<String, Model> = std::collections::HashMap::new();
    for chunk in keys.chunks(5000) {
        for task in Entity::find().filter(Column::DedupeKey.is_in(chunk.iter().cloned())).all(db).await? {
            if let Some(key) = task.dedupe_key.clone() {
                existing.insert(key, task);
            }
        }
    }
    let mut created = 0;
    for t in wanted {
        match existing.get(&t.dedupe_key) {
            Some(task) => {
                refresh(db, task, &t, now).await?;
            }
            None => {
                if create_if_new(db, t, now).await? {
                    created += 1;
                }
            }
        }
    }
    let mut stale = Entity::update_many()
        .col_expr(Column::Status, Expr::value(TaskStatus::Done.as_str()))
        .col_expr(Column::DoneAt, Expr::value(now))
        .col_expr(Column::Note, Expr::value(AUTO_CLOSED))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Kind.eq(kind))
        .filter(Column::Status.eq(TaskStatus::Open));
    // Chunked so that a large portfolio stays within every database's parameter limit.
    let closed = if keys.is_empty() {
        stale.exec(db).await?.rows_affected
    } else {
        for chunk in keys.chunks(5000) {
            stale = stale.filter(Column::DedupeKey.is_not_in(chunk.iter().cloned()));
        }
        stale.exec(db).await?.rows_affected
    };
    Ok((created, closed))
}

/// Brings an open task up to date with what its rule says now (title, details, due time), so
/// it tells what is still to do, not what was when it was made. Its version stays: the version
/// guards the person's own change (closing it), and these fields are the rule's alone, so a
/// person who saw the older text still closes it. True when it changed.
pub async fn refresh<C: ConnectionTrait>(db: &C, task: &Model, t: &NewTask, now: DateTime<Utc>) -> AppResult<bool> {
    let text = stored(&t.text);
    if task.status != TaskStatus::Open || (task.text.as_ref() == Some(&text) && task.due_at == t.due_at) {
        return Ok(false);
    }
    Entity::update_many()
        .col_expr(Column::Title, Expr::value(t.text.title(Lang::Zh)))
        .col_expr(Column::Body, Expr::value(t.text.body(Lang::Zh)))
        .col_expr(Column::Greeting, Expr::value(t.text.greeting(Lang::Zh)))
        .col_expr(Column::Text, Expr::value(text))
        .col_expr(Column::DueAt, Expr::value(t.due_at))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(task.id))
        .filter(Column::Status.eq(TaskStatus::Open))
        .exec(db)
        .await?;
    Ok(true)
}

/// [`refresh`] for the open task with `t`'s key, if there is one.
pub async fn refresh_key<C: ConnectionTrait>(db: &C, t: &NewTask, now: DateTime<Utc>) -> AppResult<bool> {
    let found = Entity::find()
        .filter(Column::DedupeKey.eq(t.dedupe_key.as_str()))
        .filter(Column::Status.eq(TaskStatus::Open))
        .one(db)
        .await?;
    match found {
        Some(task) => refresh(db, &task, t, now).await,
        None => Ok(false),
    }
}

/// The note on a task the system closed because its condition was met.
pub const AUTO_CLOSED: &str = "系统自动关闭：条件已满足";

#[cfg(test)]
mod machine_tests {
    use super::*;

    #[test]
    fn a_task_is_closed_once() {
        assert_eq!(MACHINE.next(TaskStatus::Open, "complete").unwrap(), TaskStatus::Done);
        assert_eq!(MACHINE.next(TaskStatus::Open, "dismiss").unwrap(), TaskStatus::Dismissed);
        assert!(MACHINE.next(TaskStatus::Done, "dismiss").is_err());
        assert!(MACHINE.next(TaskStatus::Dismissed, "complete").is_err());
    }
}
