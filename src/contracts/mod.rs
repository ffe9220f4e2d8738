//! Contracts (合同): made from an accepted proposal version with its lines and prices frozen,
//! reviewed by the department head, sent, signed (the number is issued then), paid, and
//! active once the document checklist is complete (rule 5).
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::{ContractStatus, DocumentKind, DocumentStatus};

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
