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

string_enum! {
    /// Something a viewer may do with a proposal: each value is named after its mutation.
    pub enum ProposalAction {
        /// `updateProposal`: change the draft's content.
        UpdateProposal = ("UPDATE_PROPOSAL", "修改方案", "Edit"),
        /// `submitProposal`: submit the current version for approval.
        SubmitProposal = ("SUBMIT_PROPOSAL", "提交审批", "Submit for approval"),
        /// `approveStep` on the proposal's open request: the step waiting now is yours.
        ApproveStep = ("APPROVE_STEP", "同意", "Approve"),
        /// `rejectStep` on the proposal's open request: the step waiting now is yours.
        RejectStep = ("REJECT_STEP", "驳回", "Reject"),
        /// `sendProposal`: send the approved proposal to the customer.
        SendProposal = ("SEND_PROPOSAL", "发送客户", "Send to customer"),
        /// `recordCustomerDecision`: record the customer's acceptance or refusal.
        RecordCustomerDecision = ("RECORD_CUSTOMER_DECISION", "登记客户决定", "Record the customer's decision"),
        /// `reviseProposal`: take it back to draft as a new version.
        ReviseProposal = ("REVISE_PROPOSAL", "修订", "Revise"),
        /// `withdrawProposal`: withdraw it.
        WithdrawProposal = ("WITHDRAW_PROPOSAL", "撤回", "Withdraw"),
        /// `createContractFromProposal`: make the contract of the accepted proposal.
        CreateContractFromProposal = ("CREATE_CONTRACT_FROM_PROPOSAL", "生成合同", "Create the contract"),
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
