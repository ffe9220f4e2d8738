//! Proposals and quotes (方案 · 报价): versioned line items priced from the catalog, totals in
//! exact decimals, rule 1's deadline, and the lifecycle
//! `DRAFT → PENDING_APPROVAL → APPROVED → SENT → ACCEPTED | REJECTED | EXPIRED | WITHDRAWN`.
pub mod graphql;
pub mod pricing;
pub mod service;

use crate::{
    machine::{Edge, Machine},
    string_enum,
};

pub use entity::enums::{DiscountKind, ProposalStatus};

string_enum! {
    /// The customer's answer to a sent proposal.
    pub enum CustomerDecision {
        /// 接受
        Accepted = ("ACCEPTED", "接受", "Accepted"),
        /// 拒绝
        Rejected = ("REJECTED", "拒绝", "Rejected"),
    }
}

use ProposalStatus::*;

/// Every move a proposal can make, and from where.
pub const MACHINE: Machine<ProposalStatus> = Machine {
    noun: ("方案", "proposal"),
    edges: &[
        Edge { action: "edit", from: &[Draft], to: Draft },
        Edge { action: "submit", from: &[Draft], to: PendingApproval },
        Edge { action: "approve", from: &[PendingApproval], to: Approved },
        Edge { action: "reject", from: &[PendingApproval], to: Draft },
        Edge { action: "send", from: &[Approved], to: Sent },
        Edge { action: "accept", from: &[Sent], to: Accepted },
        Edge { action: "decline", from: &[Sent], to: Rejected },
        Edge { action: "expire", from: &[Sent], to: Expired },
        Edge { action: "revise", from: &[PendingApproval, Approved, Sent], to: Draft },
        Edge { action: "withdraw", from: &[Draft, PendingApproval, Approved, Sent], to: Withdrawn },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;

    #[test]
    fn sending_needs_approval_first() {
        assert_eq!(MACHINE.next(Approved, "send").unwrap(), Sent);
        let e = MACHINE.next(Draft, "send").unwrap_err();
        assert_eq!(e.code, UserErrorCode::InvalidTransition);
        assert!(e.message.zh.contains("草稿"), "names the current state: {}", e.message.zh);
        assert_eq!(e.message.en, "Not allowed while the proposal is “Draft”");
    }

    #[test]
    fn finished_proposals_do_not_move() {
        for s in [Accepted, Rejected, Expired, Withdrawn] {
            assert!(MACHINE.actions(s).is_empty(), "{s:?}");
            assert!(!s.is_open());
        }
        assert_eq!(MACHINE.actions(Sent), ["accept", "decline", "expire", "revise", "withdraw"]);
    }
}
