//! Installation jobs (装机工单), one per site of an active contract, and the fault tickets
//! (故障) raised on them after completion with the engineering-contact clock (rule 6).
pub mod graphql;
pub mod service;

use crate::{
    machine::{Edge, Machine},
    string_enum,
};

string_enum! {
    /// Where an installation job stands (工单状态).
    pub enum JobStatus {
        /// 已创建
        Created = ("CREATED", "已创建", "Created"),
        /// 已受理（已下单）
        Accepted = ("ACCEPTED", "已受理", "Accepted"),
        /// 已预约
        Scheduled = ("SCHEDULED", "已预约", "Scheduled"),
        /// 施工中
        InProgress = ("IN_PROGRESS", "施工中", "In progress"),
        /// 已竣工
        Completed = ("COMPLETED", "已竣工", "Completed"),
        /// 已确认（客户经理与客户确认）
        Confirmed = ("CONFIRMED", "已确认", "Confirmed"),
        /// 已改期（客户要求）
        Postponed = ("POSTPONED", "已改期", "Postponed"),
        /// 已取消
        Cancelled = ("CANCELLED", "已取消", "Cancelled"),
    }
}

string_enum! {
    /// Where a fault ticket stands (故障单状态).
    pub enum FaultStatus {
        /// 待联系工程
        Open = ("OPEN", "待联系工程", "Waiting for engineer"),
        /// 工程已联系
        Contacted = ("CONTACTED", "工程已联系", "Engineer in contact"),
        /// 已修复
        Resolved = ("RESOLVED", "已修复", "Fixed"),
        /// 客户已确认
        Closed = ("CLOSED", "客户已确认", "Confirmed by customer"),
    }
}

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
