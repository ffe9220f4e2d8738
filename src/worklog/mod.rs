//! The work log (工作日志, 三处理 of 四三工作法): each day's log assembles itself from what the
//! user recorded — visits and calls, proposals, approvals, contracts, tasks, complaints, retention
//! outcomes — read from the audit trail by actor and time, plus their own notes. Heads comment
//! on a day and review each month's logs of their team.
pub mod graphql;
pub mod service;

pub use entity::enums::LogKind;

use crate::state::Lang;

/// The kind of record an audit row is in a work log, or `None` for what is not the user's work
/// (sign-ins, settings, what the system made, the plan itself).
pub fn kind_of(entity_type: &str, action: &str, after: Option<&serde_json::Value>) -> Option<LogKind> {
    let verb = action.split_once('.').map_or(action, |(_, v)| v);
    if matches!(verb, "expire" | "keep" | "read") || action == "task.create" {
        return None;
    }
    Some(match entity_type {
        "Visit" => {
            let method = after.and_then(|a| a.get("method")).and_then(|m| m.as_str());
            if matches!(method, Some("PHONE" | "SMS" | "LETTER")) { LogKind::Call } else { LogKind::Visit }
        }
        "Proposal" => LogKind::Proposal,
        "ApprovalRequest" | "BillingAdjustment" => LogKind::Approval,
        "Contract" => LogKind::Contract,
        "InstallationJob" | "FaultTicket" => LogKind::Installation,
        "Task" => LogKind::Task,
        "Complaint" => LogKind::Complaint,
        "DisconnectionRequest" => LogKind::Retention,
        "CompetitionReport" => LogKind::Competition,
        "ArrearsItem" => LogKind::Collection,
        "CustomerGroup" | "Member" | "Contact" => LogKind::Archive,
        "InfoReport" => LogKind::Report,
        "WorkCase" => LogKind::Proposal,
        "ResourceRequest" => LogKind::Resource,
        _ => return None,
    })
}

/// What was done, in a word: the action's verb in `lang` (the verb itself when it has no word yet).
pub fn verb(action: &str, lang: Lang) -> String {
    let verb = action.split_once('.').map_or(action, |(_, v)| v);
    let (zh, en) = match verb {
        "create" => ("新建", "Created"),
        "update" | "edit" => ("修改", "Updated"),
        "submit" => ("提交审批", "Submitted"),
        "send" => ("发送客户", "Sent to the customer"),
        "approve" | "approve_step" | "review_approve" => ("同意", "Approved"),
        "reject" | "reject_step" | "review_reject" => ("驳回", "Rejected"),
        "revise" => ("修订", "Revised"),
        "withdraw" => ("撤回", "Withdrawn"),
        "complete" => ("完成", "Done"),
        "dismiss" => ("忽略", "Dismissed"),
        "register" => ("登记", "Registered"),
        "hand_off" => ("转交处理", "Handed off"),
        "note" => ("记录处理", "Noted"),
        "resolve" => ("答复客户", "Answered"),
        "accept" => ("客户认可", "Accepted by the customer"),
        "file" => ("上报", "Filed"),
        "review" => ("审阅", "Reviewed"),
        "log" | "record" => ("记录", "Recorded"),
        "plan" => ("计划", "Planned"),
        "mark_missed" => ("未完成", "Missed"),
        "contact" => ("联系客户", "Contacted"),
        "pay" => ("登记收款", "Payment recorded"),
        "notice" => ("开具通知单", "Notice issued"),
        "dispatch" => ("派单", "Dispatched"),
        "reach" | "contacted" => ("联系客户", "Reached the customer"),
        "finish" => ("完成挽留", "Retention finished"),
        "verify" => ("核实", "Verified"),
        "report" => ("报障", "Fault reported"),
        "sign" => ("签订", "Signed"),
        "activate" => ("生效", "Activated"),
        "schedule" => ("预约", "Scheduled"),
        "assign" => ("派工", "Assigned"),
        "start" => ("开工", "Started"),
        "confirm" => ("确认竣工", "Confirmed"),
        "execute" => ("执行", "Executed"),
        "check" => ("复核", "Checked"),
        "audit" => ("稽核", "Audited"),
        "request" => ("申请", "Requested"),
        "flag_at_risk" => ("标记预警", "Flagged at risk"),
        "open" => ("发起审批", "Approval requested"),
        "submit_review" => ("提交审核", "Submitted for review"),
        "document" => ("登记资料", "Document recorded"),
        "cancel" => ("取消", "Cancelled"),
        "expire" => ("过期", "Expired"),
        "close" => ("关闭", "Closed"),
        "decline" => ("拒绝", "Declined"),
        "grant" => ("同意", "Granted"),
        "escalate" => ("升级", "Escalated"),
        "postpone" => ("改约", "Postponed"),
        "take_up" => ("受理", "Taken up"),
        "terminate" => ("终止", "Terminated"),
        "number_decided" => ("选定号码", "Number chosen"),
        "record_payment" => ("登记收款", "Payment recorded"),
        "set_baseline" => ("设定拍照月", "Baseline set"),
        "clear_risk" => ("解除预警", "Risk cleared"),
        "mark_churned" => ("标记流失", "Marked lost"),
        "win_back" => ("挽回", "Won back"),
        "archive" => ("归档", "Archived"),
        "restore" => ("恢复", "Restored"),
        "set_status" => ("变更状态", "Status changed"),
        "close_member" | "lost" => ("销户", "Closed"),
        "reassign" => ("变更客户经理", "Reassigned"),
        "forward" => ("转发", "Forwarded"),
        "stage_summary" => ("写阶段小结", "Stage summary written"),
        "publish" => ("发布为案例", "Published as a case"),
        "comment" => ("评论", "Commented"),
        "to_branch" => ("上报分公司", "Sent up to the branch"),
        "to_company" => ("上报市公司", "Sent up to the company"),
        _ => return verb.replace('_', " "),
    };
    (if lang == Lang::En { en } else { zh }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_call_is_a_call_and_the_systems_doings_are_left_out() {
        assert_eq!(kind_of("Visit", "visit.log", Some(&json!({ "method": "PHONE" }))), Some(LogKind::Call));
        assert_eq!(kind_of("Visit", "visit.record", Some(&json!({ "method": "ONSITE" }))), Some(LogKind::Visit));
        assert_eq!(kind_of("Task", "task.create", None), None);
        assert_eq!(kind_of("Proposal", "proposal.expire", None), None);
        assert_eq!(kind_of("User", "auth.login", None), None);
        assert_eq!(kind_of("PlanItem", "plan.close", None), None);
        assert_eq!(kind_of("InfoReport", "info_report.file", None), Some(LogKind::Report));
        assert_eq!(kind_of("InfoReport", "info_report.read", None), None);
    }

    #[test]
    fn every_move_a_user_makes_reads_as_words() {
        fn each<S: crate::machine::Labelled>(m: &crate::machine::Machine<S>, out: &mut Vec<&'static str>) {
            out.extend(m.edges.iter().map(|e| e.action));
        }
        let mut actions = Vec::new();
        each(&crate::proposals::MACHINE, &mut actions);
        each(&crate::contracts::MACHINE, &mut actions);
        each(&crate::installs::MACHINE, &mut actions);
        each(&crate::installs::FAULT_MACHINE, &mut actions);
        each(&crate::complaints::MACHINE, &mut actions);
        each(&crate::retention::MACHINE, &mut actions);
        each(&crate::visits::MACHINE, &mut actions);
        each(&crate::tasks::MACHINE, &mut actions);
        each(&crate::competition::MACHINE, &mut actions);
        each(&crate::billing::MACHINE, &mut actions);
        each(&crate::arrears::MACHINE, &mut actions);
        each(&crate::reports::MACHINE, &mut actions);
        each(&crate::approvals::REQUEST_MACHINE, &mut actions);
        each(&crate::approvals::STEP_MACHINE, &mut actions);
        for a in actions {
            let zh = verb(&format!("x.{a}"), Lang::Zh);
            assert!(!zh.is_ascii(), "“{a}” has no Chinese word in the work log");
        }
    }

    #[test]
    fn verbs_read_in_either_language() {
        assert_eq!(verb("proposal.submit", Lang::Zh), "提交审批");
        assert_eq!(verb("proposal.submit", Lang::En), "Submitted");
        assert_eq!(verb("thing.odd_move", Lang::En), "odd move");
    }
}
