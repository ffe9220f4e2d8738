//! Competition reports (竞争信息): when a competitor moves on a group, its manager files who, with
//! what offer, which members or lines are affected, the countermeasures proposed and the support
//! needed; the department head reviews it. Shown on the group's page and counted by month.
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::CompetitionReportStatus;

/// A report is reviewed once.
pub const MACHINE: Machine<CompetitionReportStatus> = Machine {
    noun: ("竞争信息", "competition report"),
    edges: &[Edge {
        action: "review",
        from: &[CompetitionReportStatus::Submitted],
        to: CompetitionReportStatus::Reviewed,
    }],
};
