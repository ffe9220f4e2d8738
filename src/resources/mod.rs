//! Resources a plan item needs (定所需资源 of 四三工作法): a chief account manager (首席客户经理)
//! or a product specialist to join a visit (they accept or decline, and an accepted visit goes
//! on their day's plan), a product trial, PR gifts (公关礼品) issued from the department's stock
//! to a group's contact (the head approves an issue above a set value), or an event. The head
//! sees each month's use per group and per manager.
pub mod graphql;
pub mod service;

use crate::{
    auth::Role,
    machine::{Edge, Machine},
};

pub use entity::enums::{Expertise, ResourceKind, ResourceStatus};

/// A request waits on the expert or the head, who grant or decline it; the requester may
/// withdraw it while it waits.
pub const MACHINE: Machine<ResourceStatus> = Machine {
    noun: ("资源申请", "resource request"),
    edges: &[
        Edge { action: "grant", from: &[ResourceStatus::Pending], to: ResourceStatus::Granted },
        Edge { action: "decline", from: &[ResourceStatus::Pending], to: ResourceStatus::Declined },
        Edge { action: "cancel", from: &[ResourceStatus::Pending], to: ResourceStatus::Cancelled },
    ],
};

/// Roles that approve trials, gifts and events for the people in their scope.
pub fn approves(role: Role) -> bool {
    matches!(role, Role::DepartmentHead | Role::BranchManager | Role::GeneralManager)
}

/// Roles that ask for resources: those who visit customers.
pub fn requests(role: Role) -> bool {
    matches!(role, Role::AccountManager | Role::DepartmentHead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_waiting_request_moves() {
        for action in ["grant", "decline", "cancel"] {
            assert!(MACHINE.allows(ResourceStatus::Pending, action));
            for done in [ResourceStatus::Granted, ResourceStatus::Declined, ResourceStatus::Cancelled] {
                assert!(!MACHINE.allows(done, action), "{action} from {done:?}");
            }
        }
    }
}
