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

string_enum! {
    /// Where a proposal stands (方案状态).
    pub enum ProposalStatus {
        /// 草稿
        Draft = ("DRAFT", "草稿", "Draft"),
        /// 待审批
        PendingApproval = ("PENDING_APPROVAL", "待审批", "Pending approval"),
        /// 已审批
        Approved = ("APPROVED", "已审批", "Approved"),
        /// 已发送客户
        Sent = ("SENT", "已发送客户", "Sent to customer"),
        /// 客户已接受
        Accepted = ("ACCEPTED", "客户已接受", "Accepted"),
        /// 客户已拒绝
        Rejected = ("REJECTED", "客户已拒绝", "Rejected by customer"),
        /// 已过期
        Expired = ("EXPIRED", "已过期", "Expired"),
        /// 已撤回
        Withdrawn = ("WITHDRAWN", "已撤回", "Withdrawn"),
    }
}

string_enum! {
    /// How a line is discounted.
    pub enum DiscountKind {
        /// 无优惠
        None = ("NONE", "无优惠", "No discount"),
        /// 按折扣率
        Percent = ("PERCENT", "按折扣率", "Percent off"),
        /// 按金额
        Amount = ("AMOUNT", "按金额", "Amount off"),
    }
}

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

impl ProposalStatus {
    /// Still being worked on (counted in a group's open proposals).
    pub fn is_open(self) -> bool {
        matches!(self, Draft | PendingApproval | Approved | Sent)
    }
}

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
