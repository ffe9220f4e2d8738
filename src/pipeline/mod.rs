//! The pipeline (销售漏斗): every deal is a proposal, and its stage follows the proposal, its
//! contract and the contract's installation jobs. The stage is kept on the proposal row,
//! recomputed in the transaction of every change that can move it, so the board is one
//! grouped query and each column a keyset page.
pub mod graphql;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::{
    contracts::ContractStatus,
    error::{AppError, AppResult},
    installs::JobStatus,
    proposals::ProposalStatus,
};

pub use entity::enums::Stage;

/// The board's columns, in order (the lost and closed deals are not on the board).
pub const BOARD: [Stage; 9] = [
    Stage::Draft,
    Stage::PendingApproval,
    Stage::Approved,
    Stage::Sent,
    Stage::Accepted,
    Stage::ContractSigned,
    Stage::Active,
    Stage::Installing,
    Stage::Confirmed,
];

/// The stage of a deal from its proposal, contract and jobs.
pub fn stage_of(proposal: ProposalStatus, contract: Option<ContractStatus>, jobs: &[JobStatus]) -> Stage {
    use ProposalStatus as P;
    match proposal {
        P::Draft => Stage::Draft,
        P::PendingApproval => Stage::PendingApproval,
        P::Approved => Stage::Approved,
        P::Sent => Stage::Sent,
        P::Rejected | P::Expired | P::Withdrawn => Stage::Lost,
        P::Accepted => match contract {
            None
            | Some(
                ContractStatus::Draft | ContractStatus::UnderReview | ContractStatus::Reviewed | ContractStatus::Sent,
            ) => Stage::Accepted,
            Some(ContractStatus::Signed) => Stage::ContractSigned,
            Some(ContractStatus::Expired | ContractStatus::Terminated) => Stage::Closed,
            Some(ContractStatus::Active) => {
                let live: Vec<JobStatus> = jobs.iter().copied().filter(|j| *j != JobStatus::Cancelled).collect();
                if !live.is_empty() && live.iter().all(|j| *j == JobStatus::Confirmed) {
                    Stage::Confirmed
                } else if live.iter().any(|j| *j != JobStatus::Created) {
                    Stage::Installing
                } else {
                    Stage::Active
                }
            }
        },
    }
}

/// Recomputes and stores the stage of the deal of proposal `proposal_id`, inside the caller's
/// transaction.
pub async fn refresh<C: ConnectionTrait>(db: &C, proposal_id: i64) -> AppResult<Stage> {
    let p = entity::proposal::Entity::find_by_id(proposal_id).one(db).await?.ok_or_else(AppError::not_found)?;
    let contract =
        entity::contract::Entity::find().filter(entity::contract::Column::ProposalId.eq(proposal_id)).one(db).await?;
    let mut jobs = Vec::new();
    if let Some(c) = &contract {
        for j in entity::installation_job::Entity::find()
            .filter(entity::installation_job::Column::ContractId.eq(c.id))
            .all(db)
            .await?
        {
            jobs.push(j.status);
        }
    }
    let contract_status = contract.map(|c| c.status);
    let stage = stage_of(p.status, contract_status, &jobs);
    if stage != p.stage {
        entity::proposal::Entity::update_many()
            .col_expr(entity::proposal::Column::Stage, Expr::value(stage.as_str()))
            .filter(entity::proposal::Column::Id.eq(proposal_id))
            .exec(db)
            .await?;
    }
    Ok(stage)
}

/// Runs the time-driven moves once: sent proposals past their validity expire, contracts past
/// their term expire, and renewal tasks open within the notice period. Each move is its own
/// audited transaction, so running twice changes nothing more.
pub async fn sweep(state: &crate::state::AppState) -> AppResult<crate::jobs::Summary> {
    let proposals = crate::proposals::service::expire_due(state).await?;
    let (contracts, renewals) = crate::contracts::service::sweep(state).await?;
    Ok(crate::jobs::Summary::Sweep { proposals, contracts, renewals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContractStatus as C;
    use JobStatus as J;
    use ProposalStatus as P;

    #[test]
    fn stages_follow_the_deal() {
        assert_eq!(stage_of(P::Sent, None, &[]), Stage::Sent);
        assert_eq!(stage_of(P::Accepted, Some(C::UnderReview), &[]), Stage::Accepted);
        assert_eq!(stage_of(P::Accepted, Some(C::Signed), &[]), Stage::ContractSigned);
        assert_eq!(stage_of(P::Accepted, Some(C::Active), &[]), Stage::Active);
        assert_eq!(stage_of(P::Accepted, Some(C::Active), &[J::Created]), Stage::Active);
        assert_eq!(stage_of(P::Accepted, Some(C::Active), &[J::Scheduled, J::Confirmed]), Stage::Installing);
        assert_eq!(stage_of(P::Accepted, Some(C::Active), &[J::Confirmed, J::Cancelled]), Stage::Confirmed);
        assert_eq!(stage_of(P::Accepted, Some(C::Terminated), &[J::Confirmed]), Stage::Closed);
        assert_eq!(stage_of(P::Withdrawn, None, &[]), Stage::Lost);
    }
}
