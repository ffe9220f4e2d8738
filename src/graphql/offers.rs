//! The GraphQL face of [`Offers`]: an object's `allowedActions` and `blockedActions`, answered
//! for the signed-in viewer by its area's availability function.
use async_graphql::{OutputType, SimpleObject};

use crate::{error::UserError, fields::Described, graphql::enums::Gql, machine::Offers};

// The engine's `concrete(params(…))` takes plain paths.
type ProposalActions = Gql<crate::proposals::ProposalAction>;
type ContractActions = Gql<crate::contracts::ContractAction>;
type JobActions = Gql<crate::installs::JobAction>;

/// An action you could take but for something missing: its mutation would now be refused
/// with `reason` (e.g. `PRECONDITION_FAILED` — “缺少：缴费凭证”).
#[derive(SimpleObject)]
#[graphql(concrete(name = "BlockedProposalAction", params(ProposalActions)))]
#[graphql(concrete(name = "BlockedContractAction", params(ContractActions)))]
#[graphql(concrete(name = "BlockedJobAction", params(JobActions)))]
pub struct Blocked<A: OutputType> {
    /// The action.
    pub action: A,
    /// The refusal its mutation would give now, in the request's language.
    pub reason: UserError,
}

/// The allowed actions, in the area's order.
pub fn allowed<A: Described>(o: Offers<A>) -> Vec<Gql<A>> {
    o.allowed.into_iter().map(Gql).collect()
}

/// The blocked actions with their refusals.
pub fn blocked<A: Described>(o: Offers<A>) -> Vec<Blocked<Gql<A>>> {
    o.blocked.into_iter().map(|(action, reason)| Blocked { action: Gql(action), reason }).collect()
}
