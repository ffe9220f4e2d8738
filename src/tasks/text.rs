//! What a task says, kept as its parameters and written out in the reader's language (zh-CN
//! by default, English on request): the title, the details and, for care tasks, the greeting
//! to send. Names, numbers and dates are the task's own; the words around them are here.
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{clock::beijing_time, contracts::DocumentKind, fields::Described, state::Lang};

/// A task's text, by kind, with what it names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "text", rename_all = "SCREAMING_SNAKE_CASE", rename_all_fields = "camelCase")]
pub enum TaskText {
    /// Rule 4: the `n`th follow-up call of a sent proposal.
    ProposalFollowUp { group: String, n: u32 },
    /// Renewal is due: the contract ends on `ends`.
    ContractRenewal { number: String, ends: NaiveDate },
    /// A signed contract's documents still to collect.
    DocumentsMissing { number: String, missing: Vec<DocumentKind> },
    /// A completed installation to confirm with the customer.
    InstallToConfirm { group: String, address: String },
    /// A fault whose engineering contact is overdue.
    FaultBreaching { group: String, fault: String, due_at: DateTime<Utc> },
    /// Rule 13: a complaint not answered in time (or whose answer the customer refused) reached
    /// escalation level `level` (1 head, 2 branch manager, 3 company).
    ComplaintEscalated { number: String, group: String, level: i32, reply_due_at: DateTime<Utc> },
    /// Rule 14: a disconnection request not reached (`contact`) or not finished in time.
    RetentionOverdue { number: String, group: String, contact: bool, due_at: DateTime<Utc> },
    /// Rule 16: a high-value member billing expects to suspend on `on` (不轻易停机).
    SuspensionAhead { group: String, member: String, phone: String, on: NaiveDate, arpu: Decimal },
    /// Rule 9: a member's revenue fell against the baseline month.
    MemberRevenueDrop {
        group: String,
        member: String,
        phone: String,
        drop_percent: Decimal,
        reference_month: String,
        reference: Decimal,
        month: String,
        current: Decimal,
    },
    /// Rule 9: the group's revenue fell against the baseline month.
    GroupRevenueDrop {
        group: String,
        drop_percent: Decimal,
        reference_month: String,
        reference: Decimal,
        month: String,
        current: Decimal,
    },
    /// Rule 7: visits still owed — calls this month, onsite visits in the period.
    VisitsBehind { group: String, calls: u32, onsite: u32, period_start: NaiveDate, period_end: NaiveDate },
    /// Rule 8: a contact's or key person's birthday.
    Birthday { person: String, role: Option<String>, key_person: bool, group: String, manager: String, on: NaiveDate },
    /// Rule 8: a group's key date; no occasion is its founding day.
    KeyDate { group: String, occasion: Option<String>, manager: String, on: NaiveDate },
    /// Rule 8: a holiday of the calendar (its name as the calendar gives it).
    Holiday { holiday: String, group: String, manager: String, on: NaiveDate },
}

/// The English name of a holiday the calendar names in Chinese, when it is a known one.
fn holiday_en(name: &str) -> &str {
    match name {
        "春节" => "Spring Festival",
        "元旦" => "New Year's Day",
        "清明节" => "Qingming Festival",
        "劳动节" => "Labour Day",
        "端午节" => "Dragon Boat Festival",
        "中秋节" => "Mid-Autumn Festival",
        "国庆节" => "National Day",
        other => other,
    }
}

impl TaskText {
    /// The title, in `lang`.
    pub fn title(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Self::ProposalFollowUp { group, n } if en => format!("Follow up the proposal: {group} (call {n})"),
            Self::ProposalFollowUp { group, n } => format!("跟进方案：{group}（第 {n} 次）"),
            Self::ContractRenewal { number, ends } if en => {
                format!("Contract {number} ends on {ends}: talk to the customer about renewing")
            }
            Self::ContractRenewal { number, ends } => format!("合同 {number} 将于 {ends} 到期，请联系续约"),
            Self::DocumentsMissing { number, missing } if en => {
                format!("Contract {number}: documents to collect ({})", missing.len())
            }
            Self::DocumentsMissing { number, missing } => format!("合同 {number} 资料待补（{} 项）", missing.len()),
            Self::InstallToConfirm { group, .. } if en => format!("Confirm the finished installation: {group}"),
            Self::InstallToConfirm { group, .. } => format!("确认装机竣工：{group}"),
            Self::FaultBreaching { group, .. } if en => format!("Fault not yet passed to engineering: {group}"),
            Self::FaultBreaching { group, .. } => format!("故障超时未联系工程：{group}"),
            Self::ComplaintEscalated { number, group, .. } if en => {
                format!("Complaint escalated to you: {number}, {group}")
            }
            Self::ComplaintEscalated { number, group, .. } => format!("投诉升级至您：{number}，{group}"),
            Self::RetentionOverdue { number, group, contact: true, .. } if en => {
                format!("Disconnection request {number} ({group}): customer not reached in 4 working hours")
            }
            Self::RetentionOverdue { number, group, contact: true, .. } => {
                format!("拆机挽留 {number}（{group}）：4 个工作小时内未联系客户")
            }
            Self::RetentionOverdue { number, group, .. } if en => {
                format!("Disconnection request {number} ({group}): not finished in 2 working days")
            }
            Self::RetentionOverdue { number, group, .. } => format!("拆机挽留 {number}（{group}）：2 个工作日内未完成"),
            Self::SuspensionAhead { group, member, phone, on, .. } if en => {
                format!("Suspension ahead: {group}, member {member} ({phone}) on {on}")
            }
            Self::SuspensionAhead { group, member, phone, on, .. } => {
                format!("停机提醒：{group} 成员 {member}（{phone}）预计 {on} 停机")
            }
            Self::MemberRevenueDrop { group, member, phone, drop_percent, .. } if en => {
                format!("Churn warning: {group}, member {member} ({phone}), revenue down {drop_percent}%")
            }
            Self::MemberRevenueDrop { group, member, phone, drop_percent, .. } => {
                format!("离网预警：{group} 成员 {member}（{phone}）收入下降 {drop_percent}%")
            }
            Self::GroupRevenueDrop { group, drop_percent, .. } if en => {
                format!("Churn warning: {group}, group revenue down {drop_percent}% on the baseline month")
            }
            Self::GroupRevenueDrop { group, drop_percent, .. } => {
                format!("离网预警：{group} 集团收入较拍照月下降 {drop_percent}%")
            }
            Self::VisitsBehind { group, .. } if en => format!("Visits behind schedule: {group}"),
            Self::VisitsBehind { group, .. } => format!("走访未达标：{group}"),
            Self::Birthday { person, role, key_person, group, .. } if en => {
                let who = match (role, key_person) {
                    (_, true) => format!("{person} (key person)"),
                    (Some(r), _) => format!("{person} ({r})"),
                    _ => person.clone(),
                };
                format!("Birthday: {who}, {group}")
            }
            Self::Birthday { person, role, key_person, group, .. } => {
                let who = match (role, key_person) {
                    (_, true) => format!("{person}（关键人）"),
                    (Some(r), _) => format!("{person}（{r}）"),
                    _ => person.clone(),
                };
                format!("生日关怀：{who}，{group}")
            }
            Self::KeyDate { group, occasion, .. } if en => {
                format!("Key date: {group}, {}", occasion.as_deref().unwrap_or("founding anniversary"))
            }
            Self::KeyDate { group, occasion, .. } => {
                format!("集团纪念日：{group}{}", occasion.as_deref().unwrap_or("成立纪念日"))
            }
            Self::Holiday { holiday, group, .. } if en => format!("{} greetings: {group}", holiday_en(holiday)),
            Self::Holiday { holiday, group, .. } => format!("{holiday}关怀：{group}"),
        }
    }

    /// The details, in `lang`.
    pub fn body(&self, lang: Lang) -> Option<String> {
        let en = lang == Lang::En;
        Some(match self {
            Self::ProposalFollowUp { .. } | Self::ContractRenewal { .. } => return None,
            Self::DocumentsMissing { missing, .. } if en => {
                format!("Missing: {}", missing.iter().map(|k| k.facts().en).collect::<Vec<_>>().join(", "))
            }
            Self::DocumentsMissing { missing, .. } => {
                format!("缺少：{}", missing.iter().map(|k| k.facts().zh).collect::<Vec<_>>().join("、"))
            }
            Self::InstallToConfirm { address, .. } if en => {
                format!("Site: {address}. Confirm with the customer that the work is done.")
            }
            Self::InstallToConfirm { address, .. } => format!("装机地址：{address}。请与客户确认竣工。"),
            Self::FaultBreaching { fault, due_at, .. } if en => {
                format!("Fault: {fault} (engineering to be reached by {} Beijing time)", beijing_time(*due_at))
            }
            Self::FaultBreaching { fault, due_at, .. } => {
                format!("故障：{fault}（须在 {} 前联系工程）", beijing_time(*due_at))
            }
            Self::SuspensionAhead { on, arpu, .. } if en => format!(
                "A high-value member (ARPU ¥{arpu}) is expected to be suspended on {on} for a low balance. Call the customer before then; logging the collection call closes this reminder."
            ),
            Self::SuspensionAhead { on, arpu, .. } => format!(
                "高价值成员（ARPU ¥{arpu}）余额不足，预计 {on} 停机。请提前联系客户缴费（不轻易停机）；记录催缴电话后此提醒关闭。"
            ),
            Self::RetentionOverdue { due_at, .. } if en => {
                format!(
                    "It was due by {} Beijing time. Reach the customer, find the true reason and record the outcome.",
                    beijing_time(*due_at)
                )
            }
            Self::RetentionOverdue { due_at, .. } => {
                format!("时限为 {}（北京时间）。请联系客户，查明真实原因并填写挽留结果。", beijing_time(*due_at))
            }
            Self::ComplaintEscalated { level, reply_due_at, .. } if en => {
                let who = ["", "department head", "branch manager", "company"][(*level).clamp(1, 3) as usize];
                format!(
                    "Not resolved by the reply time ({} Beijing time), or the customer did not accept the answer; escalated to the {who}. See that the customer gets an answer.",
                    beijing_time(*reply_due_at)
                )
            }
            Self::ComplaintEscalated { level, reply_due_at, .. } => {
                let who = ["", "部门负责人", "分公司主管领导", "公司"][(*level).clamp(1, 3) as usize];
                format!(
                    "答复时限 {}（北京时间）前未解决或客户不认可答复，已升级至{who}。请督办，确保答复客户。",
                    beijing_time(*reply_due_at)
                )
            }
            Self::MemberRevenueDrop { drop_percent, reference_month, reference, month, current, .. }
            | Self::GroupRevenueDrop { drop_percent, reference_month, reference, month, current, .. } => {
                if en {
                    format!(
                        "Revenue ¥{reference:.2} in {reference_month}, ¥{current:.2} in {month}: down {drop_percent}%. Find out why and plan how to keep them."
                    )
                } else {
                    format!(
                        "{reference_month} 收入 ¥{reference:.2}，{month} 收入 ¥{current:.2}，下降 {drop_percent}%。请了解原因并制定保有措施。"
                    )
                }
            }
            Self::VisitsBehind { calls, onsite, period_start, period_end, .. } => {
                let mut parts = Vec::new();
                if *calls > 0 {
                    parts.push(if en {
                        format!("{calls} more call(s) this month")
                    } else {
                        format!("本月还需电话 {calls} 次")
                    });
                }
                if *onsite > 0 {
                    parts.push(if en {
                        format!("{onsite} more onsite visit(s) from {period_start} to {period_end}")
                    } else {
                        format!("{period_start} 至 {period_end} 还需上门 {onsite} 次")
                    });
                }
                parts.join(if en { "; " } else { "；" })
            }
            Self::Birthday { on, .. } | Self::KeyDate { on, .. } | Self::Holiday { on, .. } => {
                if en {
                    format!("Date: {on}")
                } else {
                    format!("日期：{on}")
                }
            }
        })
    }

    /// The greeting to send (care tasks), in `lang`.
    pub fn greeting(&self, lang: Lang) -> Option<String> {
        let en = lang == Lang::En;
        Some(match self {
            Self::Birthday { person, manager, .. } if en => format!(
                "Dear {person}, happy birthday! Wishing you good health, success in your work and every happiness. Thank you for your continued support. — {manager}, your account manager"
            ),
            Self::Birthday { person, manager, .. } => format!(
                "{person}您好！值此生日之际，祝您生日快乐，身体健康，工作顺利，万事如意！感谢您一直以来对我们工作的支持。——您的客户经理 {manager}"
            ),
            Self::KeyDate { group, occasion, manager, .. } if en => format!(
                "On the occasion of {group}'s {}, our warmest congratulations! Thank you for your trust and support; we wish you every success. — {manager}, account manager",
                occasion.as_deref().unwrap_or("founding anniversary")
            ),
            Self::KeyDate { group, occasion, manager, .. } => format!(
                "值此{group}{}之际，谨致以热烈的祝贺！感谢贵单位一直以来的信任与支持，祝事业蒸蒸日上、再创佳绩！——客户经理 {manager}",
                occasion.as_deref().unwrap_or("成立纪念日")
            ),
            Self::Holiday { holiday, group, manager, .. } if en => format!(
                "{group}: as the {} approaches, we send our warmest wishes to all your colleagues. Thank you for your continued trust and support. — {manager}, account manager",
                holiday_en(holiday)
            ),
            Self::Holiday { holiday, group, manager, .. } => {
                let wish = match holiday.as_str() {
                    "春节" => "新春佳节即将来临，恭祝贵单位新春快乐、事业兴旺，全体同仁阖家幸福、万事如意！",
                    "劳动节" => "五一劳动节即将来临，向贵单位全体劳动者致以节日的问候，祝节日愉快、工作顺利！",
                    "中秋节" => "月圆人团圆，中秋佳节即将来临，恭祝贵单位全体同仁中秋快乐、阖家幸福！",
                    "国庆节" => "国庆佳节即将来临，恭祝贵单位国庆快乐、事业蒸蒸日上！",
                    _ => "节日即将来临，恭祝贵单位节日快乐、事业兴旺！",
                };
                format!("{group}：{wish}感谢一直以来的信任与支持。——客户经理 {manager}")
            }
            _ => return None,
        })
    }
}

/// The note on a task the system closed because its condition was met, in `lang`.
pub fn auto_closed(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => super::AUTO_CLOSED,
        Lang::En => "Closed by the system: the condition is met",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_in_both_languages_with_the_same_names_and_figures() {
        let t = TaskText::DocumentsMissing {
            number: "GZ-2026-000002".into(),
            missing: vec![DocumentKind::NetworkCommitment, DocumentKind::PaymentVoucher],
        };
        assert_eq!(t.title(Lang::Zh), "合同 GZ-2026-000002 资料待补（2 项）");
        assert_eq!(t.title(Lang::En), "Contract GZ-2026-000002: documents to collect (2)");
        assert_eq!(t.body(Lang::Zh).unwrap(), "缺少：网络责任承诺书、缴费凭证");
        assert!(t.body(Lang::En).unwrap().starts_with("Missing: "), "{:?}", t.body(Lang::En));
        let behind = TaskText::VisitsBehind {
            group: "越秀区教育局".into(),
            calls: 1,
            onsite: 0,
            period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        assert_eq!(behind.body(Lang::Zh).unwrap(), "本月还需电话 1 次");
        assert_eq!(behind.body(Lang::En).unwrap(), "1 more call(s) this month");
        assert_eq!(behind.greeting(Lang::En), None);
    }

    #[test]
    fn the_stored_form_names_the_text_and_its_parameters() {
        let t = TaskText::ProposalFollowUp { group: "天河区政务服务中心".into(), n: 2 };
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json, serde_json::json!({ "text": "PROPOSAL_FOLLOW_UP", "group": "天河区政务服务中心", "n": 2 }));
        assert_eq!(serde_json::from_value::<TaskText>(json).unwrap(), t);
    }
}
