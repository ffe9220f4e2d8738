//! Key moments (查关键时刻, rule 8): contacts' and key persons' birthdays, groups' key dates
//! (anniversaries of founding, ceremonies) and the care holidays of the calendar make `CARE`
//! tasks for the group's manager ahead of time, each with a suggested greeting (zh-CN).
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    clock::{beijing_at, business_date},
    error::AppResult,
    groups::GroupStatus,
    settings,
    state::AppState,
    tasks::{NewTask, TaskKind, create_if_new},
};
use entity::{app_user, calendar_day, contact, customer_group, member};

/// The next time a yearly date falls on or after `today`. A 29 February is kept on 28 February
/// in other years.
pub fn next_occurrence(date: NaiveDate, today: NaiveDate) -> NaiveDate {
    let in_year = |y: i32| {
        NaiveDate::from_ymd_opt(y, date.month(), date.day())
            .or_else(|| NaiveDate::from_ymd_opt(y, date.month(), date.day() - 1))
            .unwrap_or(today)
    };
    let this = in_year(today.year());
    if this >= today { this } else { in_year(today.year() + 1) }
}

/// The occurrence of a yearly date to care about today, when it lies within `lead_days`.
pub fn upcoming(date: NaiveDate, today: NaiveDate, lead_days: i64) -> Option<NaiveDate> {
    let next = next_occurrence(date, today);
    (next - today <= Duration::days(lead_days)).then_some(next)
}

/// The holidays of the calendar that produce care tasks: (first day, name), one per run of
/// consecutive days with the same name.
pub fn holiday_starts(days: &[calendar_day::Model]) -> Vec<(NaiveDate, String)> {
    let mut sorted: Vec<&calendar_day::Model> = days.iter().filter(|d| d.care).collect();
    sorted.sort_by_key(|d| d.day);
    let mut out: Vec<(NaiveDate, String)> = Vec::new();
    let mut prev: Option<&calendar_day::Model> = None;
    for d in sorted {
        let continues = prev.is_some_and(|p| p.name == d.name && p.day.succ_opt() == Some(d.day));
        if !continues {
            out.push((d.day, d.name.clone()));
        }
        prev = Some(d);
    }
    out
}

/// A greeting for a person's birthday.
pub fn birthday_greeting(person: &str, manager: &str) -> String {
    format!(
        "{person}您好！值此生日之际，祝您生日快乐，身体健康，工作顺利，万事如意！感谢您一直以来对我们工作的支持。——您的客户经理 {manager}"
    )
}

/// A greeting for a group's key date.
pub fn key_date_greeting(group: &str, occasion: &str, manager: &str) -> String {
    format!(
        "值此{group}{occasion}之际，谨致以热烈的祝贺！感谢贵单位一直以来的信任与支持，祝事业蒸蒸日上、再创佳绩！——客户经理 {manager}"
    )
}

/// A greeting for a holiday.
pub fn holiday_greeting(holiday: &str, group: &str, manager: &str) -> String {
    let wish = match holiday {
        "春节" => "新春佳节即将来临，恭祝贵单位新春快乐、事业兴旺，全体同仁阖家幸福、万事如意！",
        "劳动节" => "五一劳动节即将来临，向贵单位全体劳动者致以节日的问候，祝节日愉快、工作顺利！",
        "中秋节" => "月圆人团圆，中秋佳节即将来临，恭祝贵单位全体同仁中秋快乐、阖家幸福！",
        "国庆节" => "国庆佳节即将来临，恭祝贵单位国庆快乐、事业蒸蒸日上！",
        _ => "节日即将来临，恭祝贵单位节日快乐、事业兴旺！",
    };
    format!("{group}：{wish}感谢一直以来的信任与支持。——客户经理 {manager}")
}

fn care_task(
    assignee: i64,
    group: i64,
    subject: (&'static str, i64),
    title: String,
    on: NaiveDate,
    key: String,
    greeting: String,
) -> NewTask {
    NewTask {
        kind: TaskKind::Care,
        assignee_id: assignee,
        group_id: Some(group),
        subject_type: subject.0,
        subject_id: subject.1,
        title,
        due_at: beijing_at(on, 9, 0),
        dedupe_key: key,
        body: Some(format!("日期：{on}")),
        greeting: Some(greeting),
    }
}

/// The scheduled rule: care tasks for the key moments now within their lead time. Each moment
/// makes its task once (the key names the person or group and the year).
pub async fn generate(state: &AppState) -> AppResult<String> {
    let now = state.now();
    let today = business_date(now);
    let txn = crate::db::write(&state.db).await?;
    let birthday_lead = settings::count(&txn, "care.birthday_lead_days").await?;
    let key_date_lead = settings::count(&txn, "care.key_date_lead_days").await?;
    let holiday_lead = settings::count(&txn, "care.holiday_lead_days").await?;
    let groups: HashMap<i64, customer_group::Model> = customer_group::Entity::find()
        .filter(customer_group::Column::ArchivedAt.is_null())
        .filter(customer_group::Column::Status.is_in([GroupStatus::Active.as_str(), GroupStatus::AtRisk.as_str()]))
        .all(&txn)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let managers: HashMap<i64, String> =
        app_user::Entity::find().all(&txn).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let manager = |g: &customer_group::Model| managers.get(&g.owner_id).cloned().unwrap_or_default();
    let mut wanted = Vec::new();

    let contacts = contact::Entity::find()
        .filter(contact::Column::ArchivedAt.is_null())
        .filter(contact::Column::Birthday.is_not_null())
        .all(&txn)
        .await?;
    for c in contacts {
        let (Some(g), Some(b)) = (groups.get(&c.group_id), c.birthday) else { continue };
        if let Some(on) = upcoming(b, today, birthday_lead) {
            let who = format!("{}{}", c.name, c.title.as_deref().map(|t| format!("（{t}）")).unwrap_or_default());
            wanted.push(care_task(
                g.owner_id,
                g.id,
                ("Contact", c.id),
                format!("生日关怀：{who}，{}", g.name),
                on,
                format!("care:contact:{}:{}", c.id, on.year()),
                birthday_greeting(&c.name, &manager(g)),
            ));
        }
    }
    let key_people = member::Entity::find()
        .filter(member::Column::ArchivedAt.is_null())
        .filter(member::Column::KeyPerson.eq(true))
        .filter(member::Column::Birthday.is_not_null())
        .all(&txn)
        .await?;
    for p in key_people {
        let (Some(g), Some(b)) = (groups.get(&p.group_id), p.birthday) else { continue };
        if let Some(on) = upcoming(b, today, birthday_lead) {
            wanted.push(care_task(
                g.owner_id,
                g.id,
                ("Member", p.id),
                format!("生日关怀：{}（关键人），{}", p.name, g.name),
                on,
                format!("care:member:{}:{}", p.id, on.year()),
                birthday_greeting(&p.name, &manager(g)),
            ));
        }
    }
    for g in groups.values() {
        let mut dates: Vec<(String, NaiveDate)> = g
            .key_dates
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| {
                let date = NaiveDate::parse_from_str(k["date"].as_str()?, "%Y-%m-%d").ok()?;
                Some((k["name"].as_str()?.to_string(), date))
            })
            .collect();
        if let Some(f) = g.founded_on {
            dates.push(("成立纪念日".into(), f));
        }
        for (name, date) in dates {
            if let Some(on) = upcoming(date, today, key_date_lead) {
                wanted.push(care_task(
                    g.owner_id,
                    g.id,
                    ("CustomerGroup", g.id),
                    format!("集团纪念日：{}{name}", g.name),
                    on,
                    format!("care:group:{}:{}:{}", g.id, on.format("%m%d"), on.year()),
                    key_date_greeting(&g.name, &name, &manager(g)),
                ));
            }
        }
    }
    let days = calendar_day::Entity::find()
        .filter(calendar_day::Column::Care.eq(true))
        .filter(calendar_day::Column::Day.gte(today - Duration::days(10)))
        .filter(calendar_day::Column::Day.lte(today + Duration::days(holiday_lead)))
        .all(&txn)
        .await?;
    for (start, name) in holiday_starts(&days) {
        if start < today || start - today > Duration::days(holiday_lead) {
            continue;
        }
        for g in groups.values() {
            wanted.push(care_task(
                g.owner_id,
                g.id,
                ("CustomerGroup", g.id),
                format!("{name}关怀：{}", g.name),
                start,
                format!("care:holiday:{}:{start}", g.id),
                holiday_greeting(&name, &g.name, &manager(g)),
            ));
        }
    }
    let asked = wanted.len();
    let mut made = 0;
    for t in wanted {
        if create_if_new(&txn, t, now).await? {
            made += 1;
        }
    }
    txn.commit().await?;
    Ok(format!("关键时刻 {asked} 个，新建关怀待办 {made} 条"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn birthdays_recur_yearly_and_leap_days_fall_on_28_february() {
        assert_eq!(next_occurrence(d("1980-03-15"), d("2026-03-15")), d("2026-03-15"));
        assert_eq!(next_occurrence(d("1980-03-15"), d("2026-03-16")), d("2027-03-15"));
        assert_eq!(next_occurrence(d("1988-02-29"), d("2026-02-20")), d("2026-02-28"));
        assert_eq!(next_occurrence(d("1988-02-29"), d("2027-12-30")), d("2028-02-29"));
        // Across the year end.
        assert_eq!(next_occurrence(d("1975-01-02"), d("2026-12-28")), d("2027-01-02"));
        assert_eq!(upcoming(d("1975-01-02"), d("2026-12-28"), 7), Some(d("2027-01-02")));
        assert_eq!(upcoming(d("1975-01-02"), d("2026-12-26"), 7), Some(d("2027-01-02")));
        assert_eq!(upcoming(d("1975-01-02"), d("2026-12-25"), 7), None);
    }
}
