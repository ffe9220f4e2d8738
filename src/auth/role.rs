//! Roles of domain.md §1 and the org-node kinds they live in.

crate::string_enum! {
    /// A user's role (角色). Each user holds exactly one.
    pub enum Role {
        /// 客户经理: owns a portfolio of groups, visits, drafts proposals and contracts.
        AccountManager = ("ACCOUNT_MANAGER", "客户经理", "Account manager"),
        /// 部门负责人 / 集团客户部主管: approves proposals and discounts, sees the department.
        DepartmentHead = ("DEPARTMENT_HEAD", "部门负责人", "Department head"),
        /// 分公司主管领导 (副总): higher approval authority, sees the branch.
        BranchManager = ("BRANCH_MANAGER", "分公司主管领导", "Branch manager"),
        /// 总经理: highest approval authority, sees the whole company.
        GeneralManager = ("GENERAL_MANAGER", "总经理", "General manager"),
        /// 工程/装维: installation and fault work orders.
        Installer = ("INSTALLER", "工程/装维", "Installer"),
        /// 系统管理员: users, departments, catalog, approval matrix, settings.
        Admin = ("ADMIN", "系统管理员", "Administrator"),
    }
}

impl Role {
    /// The org-node kinds a user of this role may belong to.
    pub fn allowed_org_kinds(self) -> &'static [OrgKind] {
        match self {
            Role::AccountManager | Role::DepartmentHead => &[OrgKind::Department, OrgKind::Grid],
            Role::Installer => &[OrgKind::Branch, OrgKind::Department, OrgKind::Grid],
            Role::BranchManager => &[OrgKind::Branch],
            Role::GeneralManager => &[OrgKind::Company],
            Role::Admin => &[OrgKind::Company, OrgKind::Branch, OrgKind::Department, OrgKind::Grid],
        }
    }
}

crate::string_enum! {
    /// Kind of organisation node (组织节点类型): company → branch → department → optional grid.
    pub enum OrgKind {
        /// 市公司: the root of the tree.
        Company = ("COMPANY", "市公司", "Company"),
        /// 分公司: a branch, e.g. 广州分公司.
        Branch = ("BRANCH", "分公司", "Branch"),
        /// 集团客户部 / 营销中心: a department inside a branch.
        Department = ("DEPARTMENT", "部门", "Department"),
        /// 网格: an optional grid inside a department.
        Grid = ("GRID", "网格", "Grid"),
    }
}

impl OrgKind {
    /// The kind a parent of this kind must have (`None`: must be the root).
    pub const fn parent_kind(self) -> Option<OrgKind> {
        match self {
            OrgKind::Company => None,
            OrgKind::Branch => Some(OrgKind::Company),
            OrgKind::Department => Some(OrgKind::Branch),
            OrgKind::Grid => Some(OrgKind::Department),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for &r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("ROOT"), None);
    }

    #[test]
    fn org_tree_nests_in_order() {
        assert_eq!(OrgKind::Grid.parent_kind(), Some(OrgKind::Department));
        assert_eq!(OrgKind::Company.parent_kind(), None);
        assert_eq!(OrgKind::parse("BRANCH"), Some(OrgKind::Branch));
    }
}
