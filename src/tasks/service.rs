//! Closing a task by hand: done (with an optional note) or dismissed (with a reason). Each is one
//! transaction with its audit row; a stale version is a `CONFLICT`.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};

use super::{MACHINE, TaskKind, TaskStatus};
use crate::{
    audit::{self, Actor, Change},
    auth::Viewer,
    db::{Versioned, versioned_update},
    error::{AppError, AppResult},
    events,
    fields::Check,
    reactions::{self, Happened},
    state::AppState,
};
use entity::task::{Column, Entity, Model};

/// How a person closes a task.
pub enum Closing<'a> {
    /// Done, with what happened.
    Done { note: Option<&'a str> },
    /// Not to be done, and why (required).
    Dismissed { reason: Option<&'a str> },
}

/// Closes one of the viewer's open tasks. A proposal follow-up done while the customer still
/// decides plans the next call (rule 4).
pub async fn close(
    state: &AppState,
    actor: &Actor,
    viewer: &Viewer,
    task_id: i64,
    expected_version: i32,
    closing: Closing<'_>,
) -> AppResult<Model> {
    let mut c = Check::new();
    let (move_, text, action) = match closing {
        Closing::Done { note } => ("complete", c.opt_text("note", note, 1000), "task.complete"),
        Closing::Dismissed { reason } => {
            ("dismiss", Some(c.text("reason", reason.unwrap_or_default(), 500)), "task.dismiss")
        }
    };
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(task_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|t| t.assignee_id == viewer.user_id)
        .ok_or_else(AppError::not_found)?;
    let status = MACHINE.next(before.status, move_)?;
    let mut cols = vec![(Column::Status, Expr::value(status.as_str())), (Column::DoneAt, Expr::value(now))];
    cols.push(match status {
        TaskStatus::Dismissed => (Column::DismissedReason, Expr::value(text.clone())),
        _ => (Column::Note, Expr::value(text.clone())),
    });
    versioned_update::<Entity, _>(
        &txn,
        Versioned { id: Column::Id, version: Column::Version, updated_at: Column::UpdatedAt },
        task_id,
        expected_version,
        now,
        cols,
    )
    .await?;
    let after = Entity::find_by_id(task_id).one(&txn).await?.ok_or_else(AppError::not_found)?;
    let mut changes = vec![Change {
        action,
        entity_type: "Task",
        entity_id: Some(task_id),
        before: Some(audit::snapshot(&before)),
        after: Some(audit::snapshot(&after)),
    }];
    if status == TaskStatus::Done {
        changes.extend(reactions::happened(&txn, Happened::TaskDone { task: &before }, now).await?);
    }
    events::commit(state, txn, now, actor, changes, vec![]).await?;
    Ok(after)
}

/// Open tasks of the viewer per kind: (kind, open, overdue).
pub async fn counts(state: &AppState, viewer: &Viewer) -> AppResult<Vec<(TaskKind, i64, i64)>> {
    let now = state.now();
    let rows: Vec<(String, chrono::DateTime<chrono::Utc>)> = Entity::find()
        .select_only()
        .column(Column::Kind)
        .column(Column::DueAt)
        .filter(Column::AssigneeId.eq(viewer.user_id))
        .filter(Column::Status.eq(TaskStatus::Open))
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(TaskKind::ALL
        .iter()
        .map(|k| {
            let of_kind = rows.iter().filter(|(kind, _)| kind == k.as_str());
            let open = of_kind.clone().count() as i64;
            let overdue = of_kind.filter(|(_, due)| *due < now).count() as i64;
            (*k, open, overdue)
        })
        .collect())
}
