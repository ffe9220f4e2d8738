//! Project-stage summaries (项目阶段小结) and the case library (工作案例): the manager writes up a
//! deal at each stage from a draft of its facts, and a finished project becomes a case that
//! colleagues across the company search, the customer named as its author chose.
pub mod graphql;
pub mod service;

use crate::pipeline::Stage;

/// The stages at which a project is finished enough to be a case: its contract is in force.
pub const FINISHED: [Stage; 3] = [Stage::Active, Stage::Installing, Stage::Confirmed];

/// True when a deal at `stage` may be published as a case.
pub fn finished(stage: Stage) -> bool {
    FINISHED.contains(&stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_deal_with_its_contract_in_force_is_a_case() {
        assert!(finished(Stage::Confirmed) && finished(Stage::Active));
        assert!(!finished(Stage::Sent) && !finished(Stage::ContractSigned) && !finished(Stage::Lost));
    }
}
