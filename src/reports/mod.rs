//! Important information reports (重要信息上报, 三处理 of 四三工作法): competition intelligence,
//! escalated complaints, a customer's special needs, anything urgent. A report goes up the org
//! tree a level at a time (department head → branch manager → general manager), keeps read
//! receipts, comments and forwards, and urgent ones are told to their recipients live.
pub mod graphql;
pub mod service;

use crate::{
    auth::Role,
    machine::{Edge, Machine},
};

pub use entity::enums::{InfoRecipientReason, InfoReportKind, InfoReportStatus, InfoUrgency};

/// A report rises a level at a time (skipping a level with nobody in it) until one closes it.
pub const MACHINE: Machine<InfoReportStatus> = Machine {
    noun: ("重要信息", "information report"),
    edges: &[
        Edge { action: "to_branch", from: &[InfoReportStatus::Department], to: InfoReportStatus::Branch },
        Edge {
            action: "to_company",
            from: &[InfoReportStatus::Department, InfoReportStatus::Branch],
            to: InfoReportStatus::Company,
        },
        Edge {
            action: "close",
            from: &[InfoReportStatus::Department, InfoReportStatus::Branch, InfoReportStatus::Company],
            to: InfoReportStatus::Closed,
        },
    ],
};

/// The level a report from someone in `role` goes to first: the one above them. None for the
/// general manager and the administrator, who have nobody above them.
pub fn first_level(role: Role) -> Option<InfoReportStatus> {
    match role {
        Role::AccountManager | Role::Installer | Role::ServiceDesk | Role::Billing => {
            Some(InfoReportStatus::Department)
        }
        Role::DepartmentHead => Some(InfoReportStatus::Branch),
        Role::BranchManager => Some(InfoReportStatus::Company),
        Role::GeneralManager | Role::Admin => None,
    }
}

/// The level above `level`, if any.
pub fn above(level: InfoReportStatus) -> Option<InfoReportStatus> {
    match level {
        InfoReportStatus::Department => Some(InfoReportStatus::Branch),
        InfoReportStatus::Branch => Some(InfoReportStatus::Company),
        InfoReportStatus::Company | InfoReportStatus::Closed => None,
    }
}

/// Who receives a report at `level`.
pub fn role_at(level: InfoReportStatus) -> Option<Role> {
    match level {
        InfoReportStatus::Department => Some(Role::DepartmentHead),
        InfoReportStatus::Branch => Some(Role::BranchManager),
        InfoReportStatus::Company => Some(Role::GeneralManager),
        InfoReportStatus::Closed => None,
    }
}

/// The move that takes a report to `level`.
pub fn action_to(level: InfoReportStatus) -> &'static str {
    match level {
        InfoReportStatus::Branch => "to_branch",
        InfoReportStatus::Company => "to_company",
        _ => "close",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_starts_a_level_above_its_author_and_rises_to_the_company() {
        assert_eq!(first_level(Role::AccountManager), Some(InfoReportStatus::Department));
        assert_eq!(first_level(Role::ServiceDesk), Some(InfoReportStatus::Department));
        assert_eq!(first_level(Role::DepartmentHead), Some(InfoReportStatus::Branch));
        assert_eq!(first_level(Role::BranchManager), Some(InfoReportStatus::Company));
        assert_eq!(first_level(Role::GeneralManager), None);
        assert_eq!(above(InfoReportStatus::Department), Some(InfoReportStatus::Branch));
        assert_eq!(above(InfoReportStatus::Company), None);
        for level in [InfoReportStatus::Branch, InfoReportStatus::Company] {
            let from =
                if level == InfoReportStatus::Branch { InfoReportStatus::Department } else { InfoReportStatus::Branch };
            assert_eq!(MACHINE.next(from, action_to(level)).unwrap(), level);
        }
        // An empty branch level is skipped: the department goes straight to the company.
        assert_eq!(MACHINE.next(InfoReportStatus::Department, "to_company").unwrap(), InfoReportStatus::Company);
        assert!(MACHINE.next(InfoReportStatus::Closed, "close").is_err());
        assert!(MACHINE.next(InfoReportStatus::Company, "to_branch").is_err());
    }
}
