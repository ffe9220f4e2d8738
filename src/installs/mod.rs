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

crate::string_enum! {
    /// Something a viewer may do with an installation job: each value is named after its
    /// mutation.
    pub enum JobAction {
        /// `assignJobLead`: choose (or change) the engineering lead.
        AssignJobLead = ("ASSIGN_JOB_LEAD", "指派负责人", "Assign lead"),
        /// `selectJobNumber`: choose the new line's number.
        SelectJobNumber = ("SELECT_JOB_NUMBER", "选号", "Choose number"),
        /// `acceptJob`: the lead takes the job on.
        AcceptJob = ("ACCEPT_JOB", "受理", "Accept"),
        /// `scheduleJob`: book the day agreed with the customer.
        ScheduleJob = ("SCHEDULE_JOB", "预约", "Schedule"),
        /// `postponeJob`: put it off, with the reason.
        PostponeJob = ("POSTPONE_JOB", "延期", "Postpone"),
        /// `startJob`: work starts on site.
        StartJob = ("START_JOB", "开始施工", "Start work"),
        /// `completeJob`: work is done.
        CompleteJob = ("COMPLETE_JOB", "竣工", "Complete"),
        /// `confirmJob`: the account side confirms with the customer.
        ConfirmJob = ("CONFIRM_JOB", "确认完工", "Confirm"),
        /// `cancelJob`: cancel it, with the reason.
        CancelJob = ("CANCEL_JOB", "取消", "Cancel"),
        /// `reportFault`: report a fault on the finished installation.
        ReportFault = ("REPORT_FAULT", "报故障", "Report a fault"),
    }
}

crate::string_enum! {
    /// Something a viewer may do with a fault ticket: each value is named after its mutation.
    pub enum FaultAction {
        /// `acknowledgeFault`: engineering has contacted the customer.
        AcknowledgeFault = ("ACKNOWLEDGE_FAULT", "已联系", "Contacted"),
        /// `resolveFault`: the fault is fixed, with what was done.
        ResolveFault = ("RESOLVE_FAULT", "已修复", "Resolved"),
        /// `confirmFaultResolution`: the customer confirms the fix.
        ConfirmFaultResolution = ("CONFIRM_FAULT_RESOLUTION", "确认修复", "Confirm fix"),
    }
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
