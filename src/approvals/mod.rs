//! Approvals (审批): the approval matrix (审批权限) as admin-editable data, and requests with
//! their ordered chain of steps. Rule 2: the department head approves every proposal version
//! before it is sent; rule 3: discounts climb the chain the matrix gives.
pub mod graphql;
pub mod service;
pub mod subject;

pub use subject::{Outcome, Subject, Subjects, Verdict};

use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::{
    auth::Role,
    error::{AppError, AppResult, UserError, UserErrorCode},
    machine::{Edge, Machine},
};

pub use entity::enums::{RequestKind, RequestStatus, StepStatus};

/// A request's lifecycle: decided once by its chain, or cancelled while pending (its subject
/// was revised, withdrawn or asked again).
pub const REQUEST_MACHINE: Machine<RequestStatus> = Machine {
    noun: ("审批单", "request"),
    edges: &[
        Edge { action: "approve", from: &[RequestStatus::Pending], to: RequestStatus::Approved },
        Edge { action: "reject", from: &[RequestStatus::Pending], to: RequestStatus::Rejected },
        Edge { action: "cancel", from: &[RequestStatus::Pending], to: RequestStatus::Cancelled },
    ],
};

/// A step's lifecycle: it waits for the one before, is acted on once, or ends with the chain.
pub const STEP_MACHINE: Machine<StepStatus> = Machine {
    noun: ("审批步骤", "step"),
    edges: &[
        Edge { action: "open", from: &[StepStatus::Waiting], to: StepStatus::Pending },
        Edge { action: "approve", from: &[StepStatus::Pending], to: StepStatus::Approved },
        Edge { action: "reject", from: &[StepStatus::Pending], to: StepStatus::Rejected },
        Edge { action: "cancel", from: &[StepStatus::Waiting, StepStatus::Pending], to: StepStatus::Cancelled },
    ],
};

/// Who acts on one step: a role, and for a department head the department whose head acts
/// (`None`: the request's own department).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Approver {
    pub role: Role,
    pub unit_id: Option<i64>,
}

impl From<Role> for Approver {
    fn from(role: Role) -> Self {
        Self { role, unit_id: None }
    }
}

/// The roles that may appear in a chain, lowest authority first.
pub const CHAIN_ROLES: [Role; 3] = [Role::DepartmentHead, Role::BranchManager, Role::GeneralManager];

fn rank(role: Role) -> usize {
    CHAIN_ROLES.iter().position(|r| *r == role).unwrap_or(usize::MAX)
}

/// One row of the matrix as stored: conditions (all given ones must hold) → roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredRule {
    /// Applies when the monthly discount amount is at least this (CNY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_monthly_discount: Option<Decimal>,
    /// Applies when some line's discount rate is above this (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_rate_above: Option<Decimal>,
    pub chain: Vec<String>,
}

/// A checked matrix rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub min_monthly_discount: Option<Decimal>,
    pub line_rate_above: Option<Decimal>,
    pub chain: Vec<Role>,
}

impl Rule {
    fn applies(&self, monthly_discount: Decimal, max_line_rate: Decimal) -> bool {
        self.min_monthly_discount.is_none_or(|m| monthly_discount >= m)
            && self.line_rate_above.is_none_or(|r| max_line_rate > r)
    }

    pub fn stored(&self) -> StoredRule {
        StoredRule {
            min_monthly_discount: self.min_monthly_discount,
            line_rate_above: self.line_rate_above,
            chain: self.chain.iter().map(|r| r.as_str().to_string()).collect(),
        }
    }
}

/// The approval matrix in force: its number (recorded on every request) and rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub number: i32,
    pub rules: Vec<Rule>,
}

impl Matrix {
    /// The chain for a proposal: the department head always (rule 2), then every role a
    /// matching rule names, in order of authority, each once.
    pub fn chain(&self, monthly_discount: Decimal, max_line_rate: Decimal) -> Vec<Role> {
        let mut roles = vec![Role::DepartmentHead];
        let discounted = monthly_discount > Decimal::ZERO || max_line_rate > Decimal::ZERO;
        if discounted {
            for rule in self.rules.iter().filter(|r| r.applies(monthly_discount, max_line_rate)) {
                roles.extend(rule.chain.iter().copied());
            }
        }
        roles.sort_by_key(|r| rank(*r));
        roles.dedup();
        roles
    }

    pub async fn current<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        use entity::approval_matrix::{Column, Entity};
        let row = Entity::find()
            .order_by_desc(Column::Number)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("no approval matrix"))?;
        let stored: Vec<StoredRule> = serde_json::from_value(row.rules).map_err(AppError::internal)?;
        let rules = check_rules(stored).map_err(|_| AppError::internal("stored approval matrix is invalid"))?;
        Ok(Self { number: row.number, rules })
    }
}

/// Checks rules an admin entered: each has a condition, sensible bounds and a chain of
/// approver roles.
pub fn check_rules(rules: Vec<StoredRule>) -> Result<Vec<Rule>, Vec<UserError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    if rules.is_empty() || rules.len() > 50 {
        errors.push(UserError::new(
            "rules",
            UserErrorCode::Invalid,
            "审批矩阵须有 1 到 50 条规则",
            "The matrix needs 1 to 50 rules",
        ));
    }
    for (i, r) in rules.into_iter().enumerate() {
        let field = |f: &str| format!("rules.{i}.{f}");
        if r.min_monthly_discount.is_none() && r.line_rate_above.is_none() {
            errors.push(UserError::new(
                &field("minMonthlyDiscount"),
                UserErrorCode::Required,
                "每条规则须有金额或折扣率条件",
                "Each rule needs an amount or a rate condition",
            ));
        }
        if r.min_monthly_discount.is_some_and(|m| m.is_sign_negative()) {
            errors.push(UserError::new(
                &field("minMonthlyDiscount"),
                UserErrorCode::Invalid,
                "金额不能为负数",
                "Amount cannot be negative",
            ));
        }
        if r.line_rate_above.is_some_and(|x| x.is_sign_negative() || x >= Decimal::ONE) {
            errors.push(UserError::new(
                &field("lineDiscountAbovePercent"),
                UserErrorCode::Invalid,
                "折扣率须在 0 到 100% 之间",
                "The rate must be from 0 to 100%",
            ));
        }
        let chain: Vec<Option<Role>> =
            r.chain.iter().map(|s| Role::parse(s).filter(|role| CHAIN_ROLES.contains(role))).collect();
        if chain.is_empty() || chain.iter().any(Option::is_none) {
            errors.push(UserError::new(
                &field("chain"),
                UserErrorCode::Invalid,
                "审批链只能包含部门负责人、分公司主管领导和总经理",
                "A chain holds department heads, branch managers and the general manager only",
            ));
        }
        out.push(Rule {
            min_monthly_discount: r.min_monthly_discount,
            line_rate_above: r.line_rate_above,
            chain: chain.into_iter().flatten().collect(),
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn default_matrix() -> Matrix {
        let stored: Vec<StoredRule> = serde_json::from_str(
            r#"[
              {"minMonthlyDiscount": "0.01", "chain": ["DEPARTMENT_HEAD"]},
              {"minMonthlyDiscount": "200.00", "chain": ["DEPARTMENT_HEAD", "BRANCH_MANAGER"]},
              {"minMonthlyDiscount": "500.00", "chain": ["DEPARTMENT_HEAD", "BRANCH_MANAGER", "GENERAL_MANAGER"]},
              {"lineRateAbove": "0.30", "chain": ["GENERAL_MANAGER"]}
            ]"#,
        )
        .unwrap();
        Matrix { number: 1, rules: check_rules(stored).unwrap() }
    }

    use Role::{BranchManager as B, DepartmentHead as H, GeneralManager as G};

    #[test]
    fn default_matrix_follows_rule_three() {
        let m = default_matrix();
        assert_eq!(m.chain(Decimal::ZERO, Decimal::ZERO), vec![H], "no discount: the head approves the proposal");
        assert_eq!(m.chain(dec("199.99"), dec("0.10")), vec![H]);
        assert_eq!(m.chain(dec("200.00"), dec("0.10")), vec![H, B]);
        assert_eq!(m.chain(dec("499.99"), dec("0.30")), vec![H, B], "exactly 30% adds nobody");
        assert_eq!(m.chain(dec("500.00"), dec("0.10")), vec![H, B, G]);
        assert_eq!(m.chain(dec("50.00"), dec("0.300001")), vec![H, G], "a line over 30% adds the general manager");
        assert_eq!(m.chain(Decimal::ZERO, dec("0.50")), vec![H, G], "a one-off line over 30%");
    }

    #[test]
    fn rules_need_a_condition_and_approver_roles() {
        let bad = vec![
            StoredRule { min_monthly_discount: None, line_rate_above: None, chain: vec!["DEPARTMENT_HEAD".into()] },
            StoredRule { min_monthly_discount: Some(dec("1")), line_rate_above: None, chain: vec!["INSTALLER".into()] },
            StoredRule { min_monthly_discount: None, line_rate_above: Some(dec("1.2")), chain: vec![] },
        ];
        let errors = check_rules(bad).unwrap_err();
        let fields: Vec<String> = errors.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(
            fields,
            [
                "input.rules.0.minMonthlyDiscount",
                "input.rules.1.chain",
                "input.rules.2.lineDiscountAbovePercent",
                "input.rules.2.chain"
            ]
        );
    }
}

#[cfg(test)]
mod machine_tests {
    use super::*;

    #[test]
    fn requests_are_decided_once() {
        assert_eq!(REQUEST_MACHINE.next(RequestStatus::Pending, "approve").unwrap(), RequestStatus::Approved);
        let e = REQUEST_MACHINE.next(RequestStatus::Approved, "reject").unwrap_err();
        assert_eq!(e.code, UserErrorCode::InvalidTransition);
        assert!(e.message.zh.contains("已通过"), "{e:?}");
        assert!(REQUEST_MACHINE.next(RequestStatus::Cancelled, "cancel").is_err());
    }

    #[test]
    fn steps_open_in_turn_and_end_with_the_chain() {
        assert_eq!(STEP_MACHINE.next(StepStatus::Waiting, "open").unwrap(), StepStatus::Pending);
        assert!(STEP_MACHINE.next(StepStatus::Waiting, "approve").is_err());
        assert!(STEP_MACHINE.next(StepStatus::Approved, "cancel").is_err());
        assert_eq!(STEP_MACHINE.sources("cancel"), &[StepStatus::Waiting, StepStatus::Pending]);
        assert_eq!(STEP_MACHINE.to("reject"), StepStatus::Rejected);
    }
}
