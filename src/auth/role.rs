//! Roles of domain.md §1 and the org-node kinds they live in.

pub use entity::enums::{OrgKind, Role};

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
