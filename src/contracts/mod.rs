//! Contracts (合同): made from an accepted proposal version with its lines and prices frozen,
//! reviewed by the department head, sent, signed (the number is issued then), paid, and
//! active once the document checklist is complete (rule 5).
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::{ContractStatus, DocumentKind, DocumentStatus};

crate::string_enum! {
    /// Something a viewer may do with a contract: each value is named after its mutation.
    pub enum ContractAction {
        /// `submitContractForReview`: hand the draft to the department head.
        SubmitContractForReview = ("SUBMIT_CONTRACT_FOR_REVIEW", "提交审核", "Submit for review"),
        /// `reviewContract` (or `approveStep`/`rejectStep` on its request): the review is yours.
        ReviewContract = ("REVIEW_CONTRACT", "审核", "Review"),
        /// `sendContract`: send the reviewed contract to the customer.
        SendContract = ("SEND_CONTRACT", "发送客户", "Send to customer"),
        /// `signContract`: record the customer's signature.
        SignContract = ("SIGN_CONTRACT", "登记签订", "Record signing"),
        /// `recordContractDocument`: tick a checklist document received or missing.
        RecordContractDocument = ("RECORD_CONTRACT_DOCUMENT", "登记资料", "Record a document"),
        /// `recordIpApplication`: fill the IP address application.
        RecordIpApplication = ("RECORD_IP_APPLICATION", "填写IP地址申请表", "Fill the IP application"),
        /// `recordPayment`: record the payment and its voucher.
        RecordPayment = ("RECORD_PAYMENT", "登记缴费", "Record payment"),
        /// `activateContract`: make the signed contract active.
        ActivateContract = ("ACTIVATE_CONTRACT", "生效", "Activate"),
        /// `terminateContract`: end it early.
        TerminateContract = ("TERMINATE_CONTRACT", "终止", "Terminate"),
        /// `createInstallationJob`: open the installation job of a site.
        CreateInstallationJob = ("CREATE_INSTALLATION_JOB", "新建装机工单", "New installation job"),
    }
}

use ContractStatus::*;

/// Every move a contract can make, and from where.
pub const MACHINE: Machine<ContractStatus> = Machine {
    noun: ("合同", "contract"),
    edges: &[
        Edge { action: "edit", from: &[Draft], to: Draft },
        Edge { action: "submit_review", from: &[Draft], to: UnderReview },
        Edge { action: "review_approve", from: &[UnderReview], to: Reviewed },
        Edge { action: "review_reject", from: &[UnderReview], to: Draft },
        Edge { action: "send", from: &[Reviewed], to: Sent },
        Edge { action: "sign", from: &[Sent], to: Signed },
        // Recording documents leaves the state as it is (checked with `Machine::check`).
        Edge { action: "document", from: &[Draft, UnderReview, Reviewed, Sent, Signed, Active], to: Draft },
        Edge { action: "pay", from: &[Signed], to: Signed },
        Edge { action: "activate", from: &[Signed], to: Active },
        Edge { action: "expire", from: &[Active], to: Expired },
        Edge { action: "terminate", from: &[Signed, Active], to: Terminated },
    ],
};
