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

#[cfg(test)]
mod chain_tests {
    use super::*;

    #[test]
    fn chains_climb_to_the_approver() {
        assert_eq!(chain(Role::GeneralManager), vec![Role::DepartmentHead, Role::BranchManager, Role::GeneralManager]);
        assert_eq!(chain(Role::BranchManager), vec![Role::DepartmentHead, Role::BranchManager]);
        assert_eq!(chain(Role::DepartmentHead), vec![Role::DepartmentHead]);
    }
}
