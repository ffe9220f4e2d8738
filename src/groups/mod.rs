//! Groups (集团客户): the archive card QX-FW-001, codes, status lifecycle and portfolios.
pub mod graphql;
pub mod service;

use crate::{
    auth::{Placement, Viewer},
    error::{UserError, UserErrorCode},
};
use entity::customer_group::{Column, Entity, Model};
use sea_orm::{EntityTrait, QueryFilter, QuerySelect, QueryTrait, sea_query::SelectStatement};

pub use entity::enums::{GroupKind, GroupStatus, Segment, ServiceTier, ValueClass};

/// The named status changes of a group, and where each may start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    /// 开户: a prospect becomes a customer.
    Activate,
    /// 预警: a customer is at risk.
    FlagAtRisk,
    /// 解除预警: the risk is over.
    ClearRisk,
    /// 离网: the customer left.
    MarkChurned,
    /// 挽回: a churned customer is back.
    WinBack,
}

impl StatusChange {
    pub fn apply(self, from: GroupStatus) -> Option<GroupStatus> {
        use GroupStatus::*;
        match (self, from) {
            (StatusChange::Activate, Prospect) => Some(Active),
            (StatusChange::FlagAtRisk, Active) => Some(AtRisk),
            (StatusChange::ClearRisk, AtRisk) => Some(Active),
            (StatusChange::MarkChurned, Active | AtRisk) => Some(Churned),
            (StatusChange::WinBack, Churned) => Some(Active),
            _ => None,
        }
    }

    pub const fn action(self) -> &'static str {
        match self {
            StatusChange::Activate => "group.activate",
            StatusChange::FlagAtRisk => "group.flag_at_risk",
            StatusChange::ClearRisk => "group.clear_risk",
            StatusChange::MarkChurned => "group.mark_churned",
            StatusChange::WinBack => "group.win_back",
        }
    }

    /// Whether the change must say why.
    pub const fn needs_reason(self) -> bool {
        matches!(self, StatusChange::FlagAtRisk | StatusChange::MarkChurned)
    }
}

/// The group-code rule (集团编号), in one place: region, class, then a five-digit
/// sequence per region and class, e.g. `GZA00042`. Codes never change once issued.
pub struct GroupCode;

impl GroupCode {
    /// The region part: the branch's org code in capitals, letters and digits only.
    pub fn region(branch_code: &str) -> String {
        branch_code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
    }

    /// The counter a code's sequence comes from.
    pub fn counter(region: &str, class: ValueClass) -> String {
        format!("group:{region}:{}", class.as_str())
    }

    pub fn compose(region: &str, class: ValueClass, seq: i64) -> String {
        format!("{region}{}{seq:05}", class.as_str())
    }
}

/// Where a group sits, for scope checks.
pub fn placement(m: &Model) -> Placement {
    Placement { owner_id: Some(m.owner_id), department_id: Some(m.department_id), branch_id: Some(m.branch_id) }
}

pub fn visible(viewer: &Viewer, m: &Model) -> bool {
    viewer.scope().covers(&placement(m))
}

/// May `viewer` change what lives under group `m` (its proposals, contracts, jobs): a role
/// with a portfolio, the group in scope and not archived — what
/// [`service::writable_group`] checks, as a yes or no.
pub fn may_write(viewer: &Viewer, m: &Model) -> bool {
    !matches!(viewer.role, crate::auth::Role::Installer | crate::auth::Role::ServiceDesk | crate::auth::Role::Billing)
        && visible(viewer, m)
        && m.archived_at.is_none()
}

/// The ids of the groups the viewer may see, as a subquery: how lists of records under groups
/// keep to the viewer's scope.
pub fn visible_group_ids(viewer: &Viewer) -> SelectStatement {
    Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(viewer.scope().condition(Column::OwnerId, Column::DepartmentId, Column::BranchId))
        .into_query()
}

/// An archived group takes no changes until restored.
pub fn ensure_not_archived(m: &Model) -> Result<(), UserError> {
    match m.archived_at {
        Some(_) => Err(UserError::new(
            "id",
            UserErrorCode::InvalidTransition,
            "该集团已归档，请先恢复",
            "This group is archived; restore it first",
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_region_class_and_sequence() {
        assert_eq!(GroupCode::region("gz"), "GZ");
        assert_eq!(GroupCode::region("sz-2"), "SZ2");
        assert_eq!(GroupCode::compose("GZ", ValueClass::A, 42), "GZA00042");
        assert_eq!(GroupCode::compose("SZ", ValueClass::C, 123_456), "SZC123456");
        assert_eq!(GroupCode::counter("GZ", ValueClass::B), "group:GZ:B");
    }

    #[test]
    fn status_changes_follow_the_lifecycle() {
        use GroupStatus::*;
        use StatusChange::*;
        assert_eq!(Activate.apply(Prospect), Some(Active));
        assert_eq!(Activate.apply(Active), None);
        assert_eq!(FlagAtRisk.apply(Active), Some(AtRisk));
        assert_eq!(FlagAtRisk.apply(Prospect), None);
        assert_eq!(ClearRisk.apply(AtRisk), Some(Active));
        assert_eq!(MarkChurned.apply(AtRisk), Some(Churned));
        assert_eq!(MarkChurned.apply(Active), Some(Churned));
        assert_eq!(MarkChurned.apply(Prospect), None);
        assert_eq!(WinBack.apply(Churned), Some(Active));
        assert_eq!(WinBack.apply(Active), None);
    }

    #[test]
    fn labels_read_both_ways() {
        assert_eq!(GroupStatus::from_label("预警"), Some(GroupStatus::AtRisk));
        assert_eq!(GroupStatus::from_label("at_risk"), Some(GroupStatus::AtRisk));
        assert_eq!(ServiceTier::parse("GOLD"), Some(ServiceTier::Gold));
        assert_eq!(ServiceTier::parse("gold"), None);
    }
}
