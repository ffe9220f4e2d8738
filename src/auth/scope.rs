//! The one place that answers "may this viewer see or act on this part of the organisation".
use sea_orm::{ColumnTrait, Condition};

use super::{Role, Viewer};

/// What part of the company's data a viewer reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Admins and the general manager: everything.
    All,
    /// Branch roles: everything placed in their branch.
    Branch(i64),
    /// Department heads: everything placed in their department.
    Department(i64),
    /// Account managers, installers and the desk: what is assigned to them.
    Own(i64),
    /// Nothing (a user misplaced in the tree).
    Nothing,
}

/// Where a record sits: who owns it and which department and branch it belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    pub owner_id: Option<i64>,
    pub department_id: Option<i64>,
    pub branch_id: Option<i64>,
}

impl Scope {
    pub fn of(viewer: &Viewer) -> Scope {
        match viewer.role {
            Role::Admin | Role::GeneralManager => Scope::All,
            Role::BranchManager => viewer.branch_id.map_or(Scope::Nothing, Scope::Branch),
            Role::DepartmentHead => viewer.department_id.map_or(Scope::Nothing, Scope::Department),
            // The desk owns no group: it sees what it registered (each area's own rule).
            Role::AccountManager | Role::Installer | Role::ServiceDesk | Role::Billing => Scope::Own(viewer.user_id),
        }
    }

    pub fn covers(&self, p: &Placement) -> bool {
        match *self {
            Scope::All => true,
            Scope::Branch(b) => p.branch_id == Some(b),
            Scope::Department(d) => p.department_id == Some(d),
            Scope::Own(u) => p.owner_id == Some(u),
            Scope::Nothing => false,
        }
    }

    /// The same rule as a SQL condition over a table's placement columns.
    pub fn condition<C: ColumnTrait>(&self, owner: C, department: C, branch: C) -> Condition {
        match *self {
            Scope::All => Condition::all(),
            Scope::Branch(b) => Condition::all().add(branch.eq(b)),
            Scope::Department(d) => Condition::all().add(department.eq(d)),
            Scope::Own(u) => Condition::all().add(owner.eq(u)),
            Scope::Nothing => Condition::any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role) -> Viewer {
        Viewer { user_id: 7, role, org_unit_id: 30, branch_id: Some(2), department_id: Some(3) }
    }

    const MINE: Placement = Placement { owner_id: Some(7), department_id: Some(3), branch_id: Some(2) };
    const COLLEAGUE: Placement = Placement { owner_id: Some(8), department_id: Some(3), branch_id: Some(2) };
    const OTHER_DEPT: Placement = Placement { owner_id: Some(9), department_id: Some(4), branch_id: Some(2) };
    const OTHER_BRANCH: Placement = Placement { owner_id: Some(10), department_id: Some(5), branch_id: Some(6) };

    fn seen_by(role: Role) -> [bool; 4] {
        let s = Scope::of(&viewer(role));
        [MINE, COLLEAGUE, OTHER_DEPT, OTHER_BRANCH].map(|p| s.covers(&p))
    }

    #[test]
    fn account_manager_sees_only_own_portfolio() {
        assert_eq!(seen_by(Role::AccountManager), [true, false, false, false]);
    }

    #[test]
    fn department_head_sees_the_department() {
        assert_eq!(seen_by(Role::DepartmentHead), [true, true, false, false]);
    }

    #[test]
    fn branch_manager_sees_the_branch() {
        assert_eq!(seen_by(Role::BranchManager), [true, true, true, false]);
    }

    #[test]
    fn admin_and_general_manager_see_everything() {
        assert_eq!(seen_by(Role::Admin), [true; 4]);
        assert_eq!(seen_by(Role::GeneralManager), [true; 4]);
    }

    #[test]
    fn a_head_without_department_sees_nothing() {
        let mut v = viewer(Role::DepartmentHead);
        v.department_id = None;
        assert_eq!(Scope::of(&v), Scope::Nothing);
        assert!(!Scope::Nothing.covers(&MINE));
    }
}
