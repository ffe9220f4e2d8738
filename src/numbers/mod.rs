//! Number grades (码号等级, rule 10): the classifier, the terms of each grade (prestore, monthly
//! minimum, approver — settings an admin changes), and choosing the number of a new fixed line
//! on an installation job, which asks the grade's approval through the approval engine.
pub mod grade;
pub mod graphql;

use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

use crate::{auth::Role, error::AppResult, settings};
pub use grade::{Classified, Grade, NumberError, classify};

pub use entity::enums::{NumberGrade, NumberStatus};

impl From<Grade> for NumberGrade {
    fn from(g: Grade) -> Self {
        match g {
            Grade::A => NumberGrade::A,
            Grade::B => NumberGrade::B,
            Grade::C => NumberGrade::C,
            Grade::D => NumberGrade::D,
        }
    }
}

/// What a grade costs the customer and who must approve it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub prestore: Decimal,
    pub monthly_minimum: Decimal,
    pub approver: Option<Role>,
}

/// The terms of `grade` from the settings (defaults: 甲 ¥3600 / ¥300 / general manager;
/// 乙 ¥1200 / ¥100 / branch manager; 丙 ¥200 prestore, no approval; 丁 nothing).
pub async fn terms<C: ConnectionTrait>(db: &C, grade: Grade) -> AppResult<Terms> {
    let key = match grade {
        Grade::A => "a",
        Grade::B => "b",
        Grade::C => "c",
        Grade::D => return Ok(Terms { prestore: Decimal::ZERO, monthly_minimum: Decimal::ZERO, approver: None }),
    };
    let prestore = settings::amount(db, &format!("number.grade_{key}.prestore")).await?;
    if grade == Grade::C {
        return Ok(Terms { prestore, monthly_minimum: Decimal::ZERO, approver: None });
    }
    Ok(Terms {
        prestore,
        monthly_minimum: settings::amount(db, &format!("number.grade_{key}.monthly_minimum")).await?,
        approver: Role::parse(&settings::text(db, &format!("number.grade_{key}.approver")).await?),
    })
}

/// The approval chain for a grade approved by `approver`: the department head always, then
/// each higher role up to the approver (as for discounts).
pub fn chain(approver: Role) -> Vec<Role> {
    let ladder = crate::approvals::CHAIN_ROLES;
    let top = ladder.iter().position(|r| *r == approver).unwrap_or(0);
    ladder[..=top].to_vec()
}

/// A prestore waiver (rule 17): more than zero, at most the grade's prestore (丁 has none).
pub fn check_waiver(waiver: Decimal, prestore: Decimal) -> Result<(), crate::error::UserError> {
    if waiver.is_zero() || waiver > prestore {
        return Err(crate::error::UserError::new(
            "prestoreWaiver",
            crate::error::UserErrorCode::Invalid,
            format!("减免金额须大于 0 且不超过预存款 {prestore} 元"),
            format!("The waiver must be more than 0 and at most the prestore of {prestore}"),
        ));
    }
    Ok(())
}

/// Who approves a number (rule 10) with a prestore waiver (rule 17): the grade's chain and the
/// billing-adjustment authority on the waived amount, merged in order of authority; `None` when
/// neither asks for anyone.
pub fn approvers(grade: Option<Role>, waiver: Option<Decimal>, tiers: &crate::billing::Tiers) -> Option<Vec<Role>> {
    let mut roles: Vec<Role> = grade.map(chain).unwrap_or_default();
    if let Some(w) = waiver {
        roles.extend(tiers.authority(w));
    }
    let ladder = crate::approvals::CHAIN_ROLES;
    roles.sort_by_key(|r| ladder.iter().position(|x| x == r));
    roles.dedup();
    (!roles.is_empty()).then_some(roles)
}

#[cfg(test)]
mod chain_tests {
    use super::*;

    #[test]
    fn a_waiver_adds_the_refund_authority_on_its_amount() {
        use Role::{BranchManager as B, DepartmentHead as H, GeneralManager as G};
        let t = crate::billing::Tiers::default();
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(approvers(Some(B), None, &t), Some(vec![H, B]));
        assert_eq!(approvers(Some(B), Some(dec("600.00")), &t), Some(vec![H, B, G]), "乙 with ¥600 waived");
        assert_eq!(approvers(Some(G), Some(dec("100.00")), &t), Some(vec![H, B, G]));
        assert_eq!(approvers(None, Some(dec("199.99")), &t), Some(vec![H]), "丙 with a waiver needs the head");
        assert_eq!(approvers(None, None, &t), None);
        assert!(check_waiver(dec("200.01"), dec("200.00")).is_err());
        assert!(check_waiver(Decimal::ZERO, dec("200.00")).is_err());
        assert!(check_waiver(dec("200.00"), dec("200.00")).is_ok());
    }

    #[test]
    fn chains_climb_to_the_approver() {
        assert_eq!(chain(Role::GeneralManager), vec![Role::DepartmentHead, Role::BranchManager, Role::GeneralManager]);
        assert_eq!(chain(Role::BranchManager), vec![Role::DepartmentHead, Role::BranchManager]);
        assert_eq!(chain(Role::DepartmentHead), vec![Role::DepartmentHead]);
    }
}
