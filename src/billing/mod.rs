//! Billing adjustments (补退费): a refund or back-charge on one account's bill for one month,
//! asked for with its evidence and a rectification proposal, approved through the approval
//! engine by rule 15 (tiers on the account's accumulated adjustments that month, plus the
//! departments its cause names), then executed in the billing system, checked and audited;
//! the month's audited adjustments make the analysis (分析).
pub mod evidence;
pub mod graphql;
pub mod service;

use rust_decimal::Decimal;

use crate::{
    approvals::Approver,
    auth::Role,
    machine::{Edge, Machine},
};

pub use entity::enums::{AdjustmentCause, AdjustmentStatus, OrgFunction};

crate::string_enum! {
    /// Something a viewer may do with an adjustment: each value is named after its mutation.
    pub enum AdjustmentAction {
        /// `withdrawBillingAdjustment`: the requester takes it back while the chain decides.
        WithdrawBillingAdjustment = ("WITHDRAW_BILLING_ADJUSTMENT", "撤回", "Withdraw"),
        /// `executeBillingAdjustment`: billing records it done, with the billing system's reference.
        ExecuteBillingAdjustment = ("EXECUTE_BILLING_ADJUSTMENT", "操作完成", "Record as executed"),
        /// `checkBillingAdjustment`: another billing clerk checks what was done.
        CheckBillingAdjustment = ("CHECK_BILLING_ADJUSTMENT", "审核", "Check"),
        /// `auditBillingAdjustment`: the billing centre's head audits it.
        AuditBillingAdjustment = ("AUDIT_BILLING_ADJUSTMENT", "稽核", "Audit"),
    }
}

use AdjustmentStatus::*;

/// The stages after the request: the chain decides, then billing executes, checks and audits,
/// each once and in that order.
pub const MACHINE: Machine<AdjustmentStatus> = Machine {
    noun: ("补退费申请", "adjustment"),
    edges: &[
        Edge { action: "approve", from: &[Pending], to: Approved },
        Edge { action: "reject", from: &[Pending], to: Rejected },
        Edge { action: "withdraw", from: &[Pending], to: Withdrawn },
        Edge { action: "execute", from: &[Approved], to: Executed },
        Edge { action: "check", from: &[Executed], to: Checked },
        Edge { action: "audit", from: &[Checked], to: Audited },
    ],
};

/// The states whose amounts count towards an account's month (rule 15): all but refused and
/// withdrawn requests.
pub const COUNTED: [AdjustmentStatus; 5] = [Pending, Approved, Executed, Checked, Audited];

/// Rule 15's tiers (settings `refund.tier_branch`, `refund.tier_general`): from the first the
/// branch manager joins the department head, from the second the general manager too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tiers {
    pub branch_from: Decimal,
    pub general_from: Decimal,
}

impl Default for Tiers {
    fn default() -> Self {
        Self { branch_from: Decimal::from(200), general_from: Decimal::from(500) }
    }
}

impl Tiers {
    pub async fn load<C: sea_orm::ConnectionTrait>(db: &C) -> crate::error::AppResult<Self> {
        Ok(Self {
            branch_from: crate::settings::amount(db, "refund.tier_branch").await?,
            general_from: crate::settings::amount(db, "refund.tier_general").await?,
        })
    }

    /// The authority an amount needs (its size: refunds and back-charges alike), lowest first.
    pub fn authority(&self, amount: Decimal) -> Vec<Role> {
        let size = amount.abs();
        let mut roles = vec![Role::DepartmentHead];
        if size >= self.branch_from {
            roles.push(Role::BranchManager);
        }
        if size >= self.general_from {
            roles.push(Role::GeneralManager);
        }
        roles
    }
}

/// The departments whose heads a cause adds (rule 15).
pub fn cause_functions(cause: AdjustmentCause) -> &'static [OrgFunction] {
    match cause {
        AdjustmentCause::Dispute | AdjustmentCause::ServiceIssue | AdjustmentCause::OneOffEntry => {
            &[OrgFunction::Product, OrgFunction::Marketing]
        }
        AdjustmentCause::BillingDataError => &[OrgFunction::ItCentre],
        AdjustmentCause::LineFault => &[OrgFunction::Maintenance],
        AdjustmentCause::NotInSystem => &[],
    }
}

/// The chain of an adjustment: the requester's department head, the heads of the departments
/// the cause names (`units`, in the order of [`cause_functions`]), then the branch manager and
/// the general manager as the accumulated amount needs.
pub fn chain(tiers: &Tiers, accumulated: Decimal, units: &[i64]) -> Vec<Approver> {
    let authority = tiers.authority(accumulated);
    let mut chain = vec![Approver::from(Role::DepartmentHead)];
    chain.extend(units.iter().map(|u| Approver { role: Role::DepartmentHead, unit_id: Some(*u) }));
    chain.extend(authority.into_iter().filter(|r| *r != Role::DepartmentHead).map(Approver::from));
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::{BranchManager as B, DepartmentHead as H, GeneralManager as G};

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn tiers_follow_rule_fifteen_on_the_size_of_the_amount() {
        let t = Tiers::default();
        assert_eq!(t.authority(dec("199.99")), vec![H]);
        assert_eq!(t.authority(dec("200.00")), vec![H, B]);
        assert_eq!(t.authority(dec("499.99")), vec![H, B]);
        assert_eq!(t.authority(dec("500.00")), vec![H, B, G]);
        assert_eq!(t.authority(dec("-300.00")), vec![H, B], "a back-charge counts by its size");
    }

    #[test]
    fn causes_add_their_departments_between_the_head_and_the_branch() {
        let c = chain(&Tiers::default(), dec("250.00"), &[7, 8]);
        let roles: Vec<(Role, Option<i64>)> = c.iter().map(|a| (a.role, a.unit_id)).collect();
        assert_eq!(roles, vec![(H, None), (H, Some(7)), (H, Some(8)), (B, None)]);
        assert_eq!(cause_functions(AdjustmentCause::BillingDataError), &[OrgFunction::ItCentre]);
        assert_eq!(cause_functions(AdjustmentCause::LineFault), &[OrgFunction::Maintenance]);
        assert_eq!(cause_functions(AdjustmentCause::Dispute), &[OrgFunction::Product, OrgFunction::Marketing]);
    }

    #[test]
    fn stages_go_in_order_once() {
        assert_eq!(MACHINE.next(Approved, "execute").unwrap(), Executed);
        assert!(MACHINE.next(Approved, "check").is_err(), "no check before it is executed");
        assert!(MACHINE.next(Executed, "audit").is_err(), "no audit before the check");
        assert!(MACHINE.next(Audited, "audit").is_err());
        assert!(MACHINE.next(Pending, "execute").is_err(), "nothing is executed before approval");
    }
}
