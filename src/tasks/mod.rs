//! Tasks (待办): what the system asks a person to do, with a due time and the object it is
//! about. Created idempotently (a dedupe key per occurrence) and closed when done.
pub mod graphql;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::{error::AppResult, string_enum};
use entity::task::{ActiveModel, Column, Entity, Model};

string_enum! {
    /// What a task asks for (待办类型).
    pub enum TaskKind {
        /// 方案跟进: a follow-up call on a sent proposal (rule 4).
        ProposalFollowUp = ("PROPOSAL_FOLLOW_UP", "方案跟进"),
        /// 合同续约: a contract nears its end.
        ContractRenewal = ("CONTRACT_RENEWAL", "合同续约"),
    }
}

string_enum! {
    /// Where a task stands.
    pub enum TaskStatus {
        /// 待办
        Open = ("OPEN", "待办"),
        /// 已完成
        Done = ("DONE", "已完成"),
        /// 已忽略
        Dismissed = ("DISMISSED", "已忽略"),
    }
}

/// A task to create.
pub struct NewTask {
    pub kind: TaskKind,
    pub assignee_id: i64,
    pub group_id: Option<i64>,
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub title: String,
    pub due_at: DateTime<Utc>,
    /// Names this occurrence; creating the same key twice creates one task.
    pub dedupe_key: String,
}

/// Creates the task unless one with its key exists; returns the task with that key.
pub async fn ensure<C: ConnectionTrait>(db: &C, t: NewTask, now: DateTime<Utc>) -> AppResult<Model> {
    Entity::insert(ActiveModel {
        kind: Set(t.kind.as_str().into()),
        assignee_id: Set(t.assignee_id),
        group_id: Set(t.group_id),
        subject_type: Set(t.subject_type.into()),
        subject_id: Set(t.subject_id),
        title: Set(t.title),
        due_at: Set(t.due_at),
        status: Set(TaskStatus::Open.as_str().into()),
        dedupe_key: Set(Some(t.dedupe_key.clone())),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(Column::DedupeKey).do_nothing().to_owned())
    .try_insert()
    .exec(db)
    .await?;
    Entity::find()
        .filter(Column::DedupeKey.eq(t.dedupe_key))
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
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Kind.eq(kind.as_str()))
        .filter(Column::SubjectType.eq(subject_type))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::Status.eq(TaskStatus::Open.as_str()))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

pub fn snapshot(m: &Model) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "kind": m.kind, "assigneeId": m.assignee_id, "subjectType": m.subject_type,
        "subjectId": m.subject_id, "dueAt": m.due_at, "status": m.status, "version": m.version,
    })
}
