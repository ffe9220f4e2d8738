//! Visits (走访 / 拜访): planned, recorded with card QX-FW-003, or missed.
pub mod graphql;
pub mod service;

use crate::{
    machine::{Edge, Machine},
    string_enum,
};

string_enum! {
    /// How the visit happened (走访方式). Calls count as visits too.
    pub enum VisitMethod {
        /// 上门
        Onsite = ("ONSITE", "上门", "On site"),
        /// 电话
        Phone = ("PHONE", "电话", "Phone"),
        /// 短信
        Sms = ("SMS", "短信", "SMS"),
        /// 联谊活动
        Event = ("EVENT", "联谊活动", "Event"),
    }
}

string_enum! {
    /// Why the visit happened (走访目的).
    pub enum VisitPurpose {
        /// 日常走访
        Routine = ("ROUTINE", "日常走访", "Routine"),
        /// 关怀
        Care = ("CARE", "关怀", "Care"),
        /// 需求了解
        Needs = ("NEEDS", "需求了解", "Needs"),
        /// 方案沟通
        Proposal = ("PROPOSAL", "方案沟通", "Proposal talk"),
        /// 挽留
        Retention = ("RETENTION", "挽留", "Retention"),
        /// 装机回访
        InstallFollowUp = ("INSTALL_FOLLOW_UP", "装机回访", "Install follow-up"),
        /// 投诉处理
        Complaint = ("COMPLAINT", "投诉处理", "Complaint"),
        /// 欠费催缴
        Collection = ("COLLECTION", "欠费催缴", "Collection"),
    }
}

string_enum! {
    /// Where a visit stands (走访状态).
    pub enum VisitStatus {
        /// 计划中
        Planned = ("PLANNED", "计划中", "Planned"),
        /// 已完成
        Done = ("DONE", "已完成", "Done"),
        /// 未完成 (missed)
        Missed = ("MISSED", "未完成", "Missed"),
    }
}

/// A visit's lifecycle: a planned visit is recorded with its card or marked missed.
pub const MACHINE: Machine<VisitStatus> = Machine {
    noun: ("走访", "visit"),
    edges: &[
        Edge { action: "record", from: &[VisitStatus::Planned], to: VisitStatus::Done },
        Edge { action: "mark_missed", from: &[VisitStatus::Planned], to: VisitStatus::Missed },
    ],
};

string_enum! {
    /// A satisfaction rating on the visit card (满意度).
    pub enum Satisfaction {
        /// 很满意
        VerySatisfied = ("VERY_SATISFIED", "很满意", "Very satisfied"),
        /// 满意
        Satisfied = ("SATISFIED", "满意", "Satisfied"),
        /// 不太满意
        Dissatisfied = ("DISSATISFIED", "不太满意", "Dissatisfied"),
        /// 很不满意
        VeryDissatisfied = ("VERY_DISSATISFIED", "很不满意", "Very dissatisfied"),
    }
}

#[cfg(test)]
mod machine_tests {
    use super::*;

    #[test]
    fn only_a_planned_visit_is_recorded_or_missed() {
        assert_eq!(MACHINE.next(VisitStatus::Planned, "record").unwrap(), VisitStatus::Done);
        assert_eq!(MACHINE.next(VisitStatus::Planned, "mark_missed").unwrap(), VisitStatus::Missed);
        let e = MACHINE.next(VisitStatus::Missed, "record").unwrap_err();
        assert_eq!(e.message.zh, "走访当前状态为“未完成”，不能执行此操作");
        assert_eq!(e.message.en, "Not allowed while the visit is “Missed”");
        assert!(MACHINE.next(VisitStatus::Done, "mark_missed").is_err());
    }
}
