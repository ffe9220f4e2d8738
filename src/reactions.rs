//! What one area's change sets off in another, declared in one place. A service says what
//! happened (in its own transaction); this module says who reacts, so areas do not call each
//! other's internals: the board's stage follows a deal, a visit counts towards the cadence,
//! and a proposal's follow-up call that was made plans the next one (rule 4).
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::{
    audit::{self, Change},
    error::AppResult,
    tasks::TaskKind,
};

/// Something that happened inside a service's transaction.
pub enum Happened<'a> {
    /// A deal moved: its proposal, contract or an installation job of it changed state.
    DealMoved { proposal_id: i64 },
    /// A visit to a group took place (logged, or a planned one recorded).
    VisitDone { visit: &'a entity::visit::Model },
    /// A task was closed as done.
    TaskDone { task: &'a entity::task::Model },
    /// A `COMPLAINT` visit was logged against a complaint of the group.
    ComplaintVisited { complaint_id: i64, group_id: i64, visit_id: i64, by: i64, text: String },
    /// A `COLLECTION` call, letter or visit to a group, perhaps about one collection item.
    CollectionContact { group_id: i64, visit_id: i64, contact: Option<crate::arrears::service::Contact> },
}

/// Runs the reactions to `what` in the same transaction and returns the audit rows they call
/// for (to be committed with the change that caused them).
pub async fn happened<C: ConnectionTrait>(
    db: &C,
    what: Happened<'_>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Change<'static>>> {
    match what {
        Happened::DealMoved { proposal_id } => {
            crate::pipeline::refresh(db, proposal_id).await?;
            Ok(vec![])
        }
        Happened::VisitDone { visit } => {
            crate::cadence::on_visit(db, visit.group_id, now).await?;
            crate::dayplan::service::on_visit(db, visit, now).await
        }
        Happened::TaskDone { task } => {
            let mut changes = crate::dayplan::service::on_task_done(db, task, now).await?;
            if task.kind == TaskKind::ProposalFollowUp {
                let next = crate::proposals::service::next_follow_up(db, task, now).await?;
                changes.extend(next.map(|t| Change {
                    action: "task.create",
                    entity_type: "Task",
                    entity_id: Some(t.id),
                    before: None,
                    after: Some(audit::snapshot(&t)),
                }));
            }
            Ok(changes)
        }
        Happened::ComplaintVisited { complaint_id, group_id, visit_id, by, text } => {
            crate::complaints::service::on_visit(db, complaint_id, group_id, visit_id, by, text, now).await
        }
        Happened::CollectionContact { group_id, visit_id, contact } => {
            crate::arrears::service::on_visit(db, group_id, visit_id, contact, now).await
        }
    }
}
