//! The day's plan (三定 of 四三工作法): each morning a user picks what to do today from what the
//! checks surfaced (their open tasks, the visits planned for the day) or adds their own, saying
//! for each the matter, the means and the resources it needs. Appointments come first, then key
//! projects, then routine. An item closes itself when the visit, call or task that does it is
//! recorded (`on_visit`, `on_task_done`, called from `reactions`).
pub mod graphql;
pub mod service;

use crate::machine::{Edge, Machine};

pub use entity::enums::{PlanClosure, PlanItemStatus, PlanMatter, PlanMeans, PlanPriority};

/// An item is done or dropped by hand, and may be opened again.
pub const MACHINE: Machine<PlanItemStatus> = Machine {
    noun: ("计划事项", "plan item"),
    edges: &[
        Edge { action: "complete", from: &[PlanItemStatus::Open], to: PlanItemStatus::Done },
        Edge { action: "drop", from: &[PlanItemStatus::Open], to: PlanItemStatus::Dropped },
        Edge { action: "reopen", from: &[PlanItemStatus::Done, PlanItemStatus::Dropped], to: PlanItemStatus::Open },
    ],
};

/// The means a visit of this method, with this purpose, carries out.
pub fn means_done_by(method: entity::enums::VisitMethod, purpose: entity::enums::VisitPurpose) -> Vec<PlanMeans> {
    use entity::enums::{VisitMethod as M, VisitPurpose as P};
    let mut means = match method {
        M::Onsite => vec![PlanMeans::Onsite, PlanMeans::Demo],
        M::Phone | M::Sms => vec![PlanMeans::Phone],
        M::Event => vec![PlanMeans::Event],
        M::Letter => vec![],
    };
    if purpose == P::Complaint {
        means.push(PlanMeans::ComplaintFollowUp);
    }
    means
}

/// The matter and means a task suggests.
pub fn for_task(kind: crate::tasks::TaskKind) -> (PlanMatter, PlanMeans) {
    use crate::tasks::TaskKind as K;
    match kind {
        K::ProposalFollowUp => (PlanMatter::Visit, PlanMeans::Phone),
        K::ContractRenewal | K::VisitDue => (PlanMatter::Visit, PlanMeans::Onsite),
        K::Care | K::InstallToConfirm | K::FaultBreaching => (PlanMatter::Service, PlanMeans::Phone),
        K::DocumentMissing => (PlanMatter::Service, PlanMeans::Onsite),
        K::ComplaintEscalated => (PlanMatter::Service, PlanMeans::ComplaintFollowUp),
        K::ChurnWarning => (PlanMatter::Retention, PlanMeans::Onsite),
        K::RetentionOverdue | K::SuspensionReminder => (PlanMatter::Retention, PlanMeans::Phone),
    }
}

/// Tasks about a deal in progress: key projects.
pub fn is_key_project(kind: crate::tasks::TaskKind) -> bool {
    use crate::tasks::TaskKind as K;
    matches!(kind, K::ProposalFollowUp | K::ContractRenewal | K::DocumentMissing | K::InstallToConfirm)
}

/// The matter and means a planned visit suggests.
pub fn for_visit(method: entity::enums::VisitMethod, purpose: entity::enums::VisitPurpose) -> (PlanMatter, PlanMeans) {
    use entity::enums::{VisitMethod as M, VisitPurpose as P};
    let matter = match purpose {
        P::Retention | P::Collection => PlanMatter::Retention,
        P::Complaint | P::InstallFollowUp | P::Care => PlanMatter::Service,
        P::Needs => PlanMatter::Information,
        P::Routine | P::Proposal => PlanMatter::Visit,
    };
    let means = match method {
        M::Onsite => PlanMeans::Onsite,
        M::Event => PlanMeans::Event,
        M::Phone | M::Sms | M::Letter => PlanMeans::Phone,
    };
    (matter, means)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::enums::{VisitMethod, VisitPurpose};

    #[test]
    fn a_call_does_phone_items_and_a_visit_onsite_ones() {
        assert_eq!(means_done_by(VisitMethod::Phone, VisitPurpose::Routine), [PlanMeans::Phone]);
        assert_eq!(means_done_by(VisitMethod::Onsite, VisitPurpose::Routine), [PlanMeans::Onsite, PlanMeans::Demo]);
        assert!(means_done_by(VisitMethod::Letter, VisitPurpose::Complaint).contains(&PlanMeans::ComplaintFollowUp));
        assert!(means_done_by(VisitMethod::Letter, VisitPurpose::Collection).is_empty());
    }

    #[test]
    fn every_task_kind_suggests_a_matter() {
        for k in crate::tasks::TaskKind::ALL {
            let (_, means) = for_task(*k);
            // Whatever a task suggests, some visit or call can do it.
            assert!(
                entity::enums::VisitMethod::ALL
                    .iter()
                    .any(|m| means_done_by(*m, VisitPurpose::Complaint).contains(&means)),
                "{k:?}"
            );
        }
    }
}
