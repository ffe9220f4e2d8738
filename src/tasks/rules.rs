//! The workflow rules that ask a person to act on the pipeline: a signed contract missing
//! documents or payment, a completed installation to confirm, a fault past its contact clock.
//! Each run makes the open tasks of its kind exactly what the data asks for: new ones are
//! made once (dedupe key), and those whose condition is gone are closed.
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{NewTask, TaskKind, TaskText, reconcile};
use crate::{
    contracts::{ContractStatus, DocumentStatus},
    error::AppResult,
    installs::{FaultStatus, JobStatus},
    state::AppState,
};
use entity::{contract, contract_document, customer_group, fault_ticket, installation_job};

/// Days after signing by which the documents and payment are expected.
const DOCUMENTS_DUE_DAYS: i64 = 7;

/// Runs the three workflow rules in one transaction.
pub async fn workflow(state: &AppState) -> AppResult<crate::jobs::Summary> {
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;

    let signed = contract::Entity::find().filter(contract::Column::Status.eq(ContractStatus::Signed)).all(&txn).await?;
    let docs = contract_document::Entity::find()
        .filter(contract_document::Column::ContractId.is_in(signed.iter().map(|c| c.id)))
        .filter(contract_document::Column::Status.eq(DocumentStatus::Missing))
        .all(&txn)
        .await?;
    let mut wanted = Vec::new();
    for c in &signed {
        let missing = crate::contracts::service::missing_documents(c, &docs);
        if missing.is_empty() {
            continue;
        }
        let number = c.number.clone().unwrap_or_default();
        wanted.push(NewTask {
            kind: TaskKind::DocumentMissing,
            assignee_id: c.owner_id,
            group_id: Some(c.group_id),
            subject_type: "Contract",
            subject_id: c.id,
            text: TaskText::DocumentsMissing { number, missing },
            due_at: c.signed_at.unwrap_or(now) + Duration::days(DOCUMENTS_DUE_DAYS),
            dedupe_key: format!("contract:{}:documents", c.id),
        });
    }
    let (docs_made, docs_closed) = reconcile(&txn, TaskKind::DocumentMissing, wanted, now).await?;

    let completed = installation_job::Entity::find()
        .filter(installation_job::Column::Status.eq(JobStatus::Completed))
        .all(&txn)
        .await?;
    let groups = customer_group::Entity::find()
        .filter(customer_group::Column::Id.is_in(completed.iter().map(|j| j.group_id)))
        .all(&txn)
        .await?;
    let wanted = completed
        .iter()
        .filter_map(|j| {
            let g = groups.iter().find(|g| g.id == j.group_id)?;
            Some(NewTask {
                kind: TaskKind::InstallToConfirm,
                assignee_id: g.owner_id,
                group_id: Some(g.id),
                subject_type: "InstallationJob",
                subject_id: j.id,
                text: TaskText::InstallToConfirm { group: g.name.clone(), address: j.site_address.clone() },
                due_at: j.completed_at.unwrap_or(now) + Duration::days(1),
                dedupe_key: format!("job:{}:confirm", j.id),
            })
        })
        .collect();
    let (jobs_made, jobs_closed) = reconcile(&txn, TaskKind::InstallToConfirm, wanted, now).await?;

    let breaching = fault_ticket::Entity::find()
        .filter(fault_ticket::Column::Status.eq(FaultStatus::Open))
        .filter(fault_ticket::Column::ContactDueAt.lt(now))
        .all(&txn)
        .await?;
    let fault_jobs = installation_job::Entity::find()
        .filter(installation_job::Column::Id.is_in(breaching.iter().map(|f| f.job_id)))
        .all(&txn)
        .await?;
    let fault_groups = customer_group::Entity::find()
        .filter(customer_group::Column::Id.is_in(fault_jobs.iter().map(|j| j.group_id)))
        .all(&txn)
        .await?;
    let wanted = breaching
        .iter()
        .filter_map(|f| {
            let j = fault_jobs.iter().find(|j| j.id == f.job_id)?;
            let g = fault_groups.iter().find(|g| g.id == j.group_id)?;
            Some(NewTask {
                kind: TaskKind::FaultBreaching,
                assignee_id: g.owner_id,
                group_id: Some(g.id),
                subject_type: "InstallationJob",
                subject_id: j.id,
                text: TaskText::FaultBreaching {
                    group: g.name.clone(),
                    fault: f.description.clone(),
                    due_at: f.contact_due_at,
                },
                due_at: f.contact_due_at,
                dedupe_key: format!("fault:{}:breach", f.id),
            })
        })
        .collect();
    let (faults_made, faults_closed) = reconcile(&txn, TaskKind::FaultBreaching, wanted, now).await?;
    txn.commit().await?;
    Ok(crate::jobs::Summary::Workflow {
        documents_made: docs_made,
        documents_closed: docs_closed,
        installs_made: jobs_made,
        installs_closed: jobs_closed,
        faults_made,
        faults_closed,
    })
}
