//! Complaints (投诉) under 首问负责制 (rule 13): whoever registers a complaint owns it until the
//! customer accepts the answer, whoever acts on it meanwhile; a complaint not answered by the
//! reply time promised escalates itself up the owner's line (department head, branch manager,
//! the company), a day apart.
pub mod graphql;
pub mod service;

use chrono::{DateTime, Duration, Utc};

use crate::machine::{Edge, Machine};

pub use entity::enums::{
    ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintStatus, ComplaintStepKind, HandlingUnit,
};

crate::string_enum! {
    /// Something a viewer may do with a complaint: each value is named after its mutation.
    pub enum ComplaintAction {
        /// `handOffComplaint`: pass it to a department for action; the first responder keeps it.
        HandOffComplaint = ("HAND_OFF_COMPLAINT", "转交处理", "Hand off"),
        /// `noteComplaint`: record a handling step.
        NoteComplaint = ("NOTE_COMPLAINT", "记录处理", "Add a note"),
        /// `resolveComplaint`: answer the customer, saying whether the company was at fault.
        ResolveComplaint = ("RESOLVE_COMPLAINT", "答复客户", "Answer"),
        /// `recordComplaintAcceptance`: the customer accepts the answer (closes it) or does not
        /// (escalates it).
        RecordComplaintAcceptance = ("RECORD_COMPLAINT_ACCEPTANCE", "客户确认", "Customer's verdict"),
    }
}

use ComplaintStatus::*;

/// Every move a complaint can make. Handing off and noting keep an escalated complaint
/// escalated; the first of them takes an open one in hand.
pub const MACHINE: Machine<ComplaintStatus> = Machine {
    noun: ("投诉单", "complaint"),
    edges: &[
        Edge { action: "take_up", from: &[Open], to: InProgress },
        Edge { action: "hand_off", from: &[Open, InProgress, Escalated], to: InProgress },
        Edge { action: "note", from: &[Open, InProgress, Escalated, Resolved], to: InProgress },
        Edge { action: "escalate", from: &[Open, InProgress, Escalated], to: Escalated },
        Edge { action: "resolve", from: &[Open, InProgress, Escalated], to: Resolved },
        Edge { action: "accept", from: &[Resolved], to: Closed },
        Edge { action: "reject", from: &[Resolved], to: Escalated },
    ],
};

/// The highest escalation: the company (general manager).
pub const TOP_LEVEL: i32 = 3;

/// The level a complaint still unanswered at `now` should have reached: none before its reply
/// time, the department head once it passed, then one level up every further 24 hours.
pub fn level_due(reply_due_at: DateTime<Utc>, now: DateTime<Utc>) -> i32 {
    if now <= reply_due_at {
        return 0;
    }
    let days = (now - reply_due_at - Duration::seconds(1)).num_hours() / 24;
    (1 + days as i32).min(TOP_LEVEL)
}

/// Answered after the reply time, or not answered and the time is up (超时).
pub fn breached(reply_due_at: DateTime<Utc>, resolved_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    resolved_at.unwrap_or(now) > reply_due_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_climbs_a_level_a_day_after_the_reply_time() {
        let due = DateTime::parse_from_rfc3339("2027-01-04T02:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(level_due(due, due), 0);
        assert_eq!(level_due(due, due + Duration::minutes(1)), 1);
        assert_eq!(level_due(due, due + Duration::hours(24)), 1);
        assert_eq!(level_due(due, due + Duration::hours(24) + Duration::minutes(1)), 2);
        assert_eq!(level_due(due, due + Duration::hours(48) + Duration::minutes(1)), 3);
        assert_eq!(level_due(due, due + Duration::days(30)), 3);
    }

    #[test]
    fn breach_is_answering_late_or_not_in_time() {
        let due = DateTime::parse_from_rfc3339("2027-01-04T02:00:00Z").unwrap().with_timezone(&Utc);
        assert!(!breached(due, Some(due), due + Duration::days(2)));
        assert!(breached(due, Some(due + Duration::minutes(1)), due + Duration::minutes(1)));
        assert!(!breached(due, None, due - Duration::minutes(1)));
        assert!(breached(due, None, due + Duration::minutes(1)));
    }

    #[test]
    fn acceptance_closes_and_refusal_escalates() {
        assert_eq!(MACHINE.next(Resolved, "accept").unwrap(), Closed);
        assert_eq!(MACHINE.next(Resolved, "reject").unwrap(), Escalated);
        assert!(MACHINE.next(Open, "accept").is_err(), "nothing to accept before an answer");
        assert!(MACHINE.next(Closed, "note").is_err(), "a closed complaint takes nothing more");
    }
}
