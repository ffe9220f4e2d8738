//! Visits (走访 / 拜访): planned, recorded with card QX-FW-003, or missed.
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::{Satisfaction, VisitMethod, VisitPurpose, VisitStatus};

/// A visit's lifecycle: a planned visit is recorded with its card or marked missed.
pub const MACHINE: Machine<VisitStatus> = Machine {
    noun: ("走访", "visit"),
    edges: &[
        Edge { action: "record", from: &[VisitStatus::Planned], to: VisitStatus::Done },
        Edge { action: "mark_missed", from: &[VisitStatus::Planned], to: VisitStatus::Missed },
    ],
};

#[cfg(test)]
mod machine_tests {
    use super::*;

    #[test]
    fn only_a_planned_visit_is_recorded_or_missed() {
        assert_eq!(MACHINE.next(VisitStatus::Planned, "record").unwrap(), VisitStatus::Done);
        assert_eq!(MACHINE.next(VisitStatus::Planned, "mark_missed").unwrap(), VisitStatus::Missed);
        let e = MACHINE.next(VisitStatus::Missed, "record").unwrap_err();
        assert_eq!(e.message.zh, "走访当前状态为“未完成”，不能执行此操作");
        assert_eq!(e.message.en, "Not allowed while the visit is “Missed”");
        assert!(MACHINE.next(VisitStatus::Done, "mark_missed").is_err());
    }
}
