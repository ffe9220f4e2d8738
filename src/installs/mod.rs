//! Installation jobs (装机工单), one per site of an active contract, and the fault tickets
//! (故障) raised on them after completion with the engineering-contact clock (rule 6).
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::{FaultStatus, JobStatus};

/// Who moves a job: its engineering lead, or the account side (manager, head).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    Lead,
    Manager,
    Either,
}

use JobStatus::*;

/// Every move a job can make, and from where.
pub const MACHINE: Machine<JobStatus> = Machine {
    noun: ("装机工单", "installation job"),
    edges: &[
        Edge { action: "accept", from: &[Created], to: Accepted },
        Edge { action: "schedule", from: &[Accepted, Postponed], to: Scheduled },
        Edge { action: "postpone", from: &[Accepted, Scheduled], to: Postponed },
        Edge { action: "start", from: &[Scheduled], to: InProgress },
        Edge { action: "complete", from: &[InProgress], to: Completed },
        Edge { action: "confirm", from: &[Completed], to: Confirmed },
        Edge { action: "cancel", from: &[Created, Accepted, Scheduled, Postponed], to: Cancelled },
        // Assigning the lead leaves the state as it is (checked with `Machine::check`).
        Edge { action: "assign", from: &[Created, Accepted, Scheduled, Postponed], to: Created },
    ],
};

/// Who may take each action.
pub fn mover(action: &str) -> Mover {
    match action {
        "accept" | "schedule" | "start" | "complete" => Mover::Lead,
        "confirm" | "cancel" | "assign" | "select_number" => Mover::Manager,
        _ => Mover::Either,
    }
}

use FaultStatus as F;

/// Every move a fault ticket can make.
pub const FAULT_MACHINE: Machine<FaultStatus> = Machine {
    noun: ("故障单", "fault ticket"),
    edges: &[
        Edge { action: "contact", from: &[F::Open], to: F::Contacted },
        Edge { action: "resolve", from: &[F::Open, F::Contacted], to: F::Resolved },
        Edge { action: "close", from: &[F::Resolved], to: F::Closed },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_follow_their_order() {
        let mut s = Created;
        for a in ["accept", "schedule", "start", "complete", "confirm"] {
            s = MACHINE.next(s, a).unwrap();
        }
        assert_eq!(s, Confirmed);
        assert!(MACHINE.next(Created, "start").is_err());
        assert_eq!(MACHINE.next(Scheduled, "postpone").unwrap(), Postponed);
        assert_eq!(MACHINE.next(Postponed, "schedule").unwrap(), Scheduled);
        assert!(MACHINE.next(Completed, "cancel").is_err(), "a completed job is not cancelled");
    }
}
