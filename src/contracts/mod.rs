//! Contracts (合同): made from an accepted proposal version with its lines and prices frozen,
//! reviewed by the department head, sent, signed (the number is issued then), paid, and
//! active once the document checklist is complete (rule 5).
pub mod graphql;
pub mod service;

use crate::{
    machine::{Edge, Machine},
    string_enum,
};

string_enum! {
    /// Where a contract stands (合同状态).
    pub enum ContractStatus {
        /// 草稿
        Draft = ("DRAFT", "草稿", "Draft"),
        /// 审核中
        UnderReview = ("UNDER_REVIEW", "审核中", "Under review"),
        /// 已发送客户
        Sent = ("SENT", "已发送客户", "Sent to customer"),
        /// 已签订
        Signed = ("SIGNED", "已签订", "Signed"),
        /// 已生效（已收款）
        Active = ("ACTIVE", "已生效", "Active"),
        /// 已到期
        Expired = ("EXPIRED", "已到期", "Expired"),
        /// 已终止
        Terminated = ("TERMINATED", "已终止", "Terminated"),
    }
}

string_enum! {
    /// A document of the contract's checklist (合同资料).
    pub enum DocumentKind {
        /// 合同正本（一式四份，客户两份）
        SignedCopies = ("SIGNED_COPIES", "合同正本（一式四份）", "Signed originals (4 copies)"),
        /// IP 地址申请表
        IpApplication = ("IP_APPLICATION", "IP地址申请表", "IP address application"),
        /// 网络责任承诺书
        NetworkCommitment = ("NETWORK_COMMITMENT", "网络责任承诺书", "Network responsibility letter"),
        /// 营业执照复印件
        BusinessLicence = ("BUSINESS_LICENCE", "营业执照复印件", "Business licence copy"),
        /// 经办人身份证复印件
        HandlerId = ("HANDLER_ID", "经办人身份证复印件", "Handler's ID copy"),
        /// 优惠审批单
        DiscountApproval = ("DISCOUNT_APPROVAL", "优惠审批单", "Discount approval"),
        /// 缴费凭证
        PaymentVoucher = ("PAYMENT_VOUCHER", "缴费凭证", "Payment voucher"),
    }
}

string_enum! {
    /// Whether a checklist document is in hand.
    pub enum DocumentStatus {
        /// 缺
        Missing = ("MISSING", "未收", "Missing"),
        /// 已收
        Received = ("RECEIVED", "已收", "Received"),
        /// 不需要
        NotRequired = ("NOT_REQUIRED", "不需要", "Not required"),
    }
}

use ContractStatus::*;

/// Every move a contract can make, and from where.
pub const MACHINE: Machine<ContractStatus> = Machine {
    noun: ("合同", "contract"),
    edges: &[
        Edge { action: "edit", from: &[Draft], to: Draft },
        Edge { action: "submit_review", from: &[Draft], to: UnderReview },
        Edge { action: "review_approve", from: &[UnderReview], to: UnderReview },
        Edge { action: "review_reject", from: &[UnderReview], to: Draft },
        Edge { action: "send", from: &[UnderReview], to: Sent },
        Edge { action: "sign", from: &[Sent], to: Signed },
        // Recording documents leaves the state as it is (checked with `Machine::check`).
        Edge { action: "document", from: &[Draft, UnderReview, Sent, Signed, Active], to: Draft },
        Edge { action: "pay", from: &[Signed], to: Signed },
        Edge { action: "activate", from: &[Signed], to: Active },
        Edge { action: "expire", from: &[Active], to: Expired },
        Edge { action: "terminate", from: &[Signed, Active], to: Terminated },
    ],
};
