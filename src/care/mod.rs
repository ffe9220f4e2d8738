//! Key moments (查关键时刻, rule 8): contacts' and key persons' birthdays, groups' key dates
//! (anniversaries of founding, ceremonies) and the care holidays of the calendar make `CARE`
//! tasks for the group's manager ahead of time, each with a suggested greeting (in the reader's
//! language, see [`TaskText`]).
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    clock::{beijing_at, business_date},
    error::AppResult,
    groups::GroupStatus,
    settings,
    state::AppState,
    tasks::{NewTask, TaskKind, TaskText, create_if_new},
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

fn care_task(assignee: i64, group: i64, subject: (&'static str, i64), text: TaskText, key: String) -> NewTask {
    let on = match &text {
        TaskText::Birthday { on, .. } | TaskText::KeyDate { on, .. } | TaskText::Holiday { on, .. } => *on,
        _ => unreachable!("care tasks are about a day"),
    };
    NewTask {
        kind: TaskKind::Care,
        assignee_id: assignee,
        group_id: Some(group),
        subject_type: subject.0,
        subject_id: subject.1,
        text,
        due_at: beijing_at(on, 9, 0),
        dedupe_key: key,
    }
}

/// The scheduled rule: care tasks for the key moments now within their lead time. Each moment
/// makes its task once (the key names the person or group and the year).
pub async fn generate(state: &AppState) -> AppResult<crate::jobs::Summary> {
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
            let text = TaskText::Birthday {
                person: c.name.clone(),
                role: c.title.clone(),
                key_person: false,
                group: g.name.clone(),
                manager: manager(g),
                on,
            };
            wanted.push(care_task(
                g.owner_id,
                g.id,
                ("Contact", c.id),
                text,
                format!("care:contact:{}:{}", c.id, on.year()),
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
            let text = TaskText::Birthday {
                person: p.name.clone(),
                role: None,
                key_person: true,
                group: g.name.clone(),
                manager: manager(g),
                on,
            };
            wanted.push(care_task(
                g.owner_id,
                g.id,
                ("Member", p.id),
                text,
                format!("care:member:{}:{}", p.id, on.year()),
            ));
        }
    }
    for g in groups.values() {
        let mut dates: Vec<(Option<String>, NaiveDate)> = g
            .key_dates
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| {
                let date = NaiveDate::parse_from_str(k["date"].as_str()?, "%Y-%m-%d").ok()?;
                Some((Some(k["name"].as_str()?.to_string()), date))
            })
            .collect();
        if let Some(f) = g.founded_on {
            dates.push((None, f));
        }
        for (name, date) in dates {
            if let Some(on) = upcoming(date, today, key_date_lead) {
                let text = TaskText::KeyDate { group: g.name.clone(), occasion: name, manager: manager(g), on };
                let key = format!("care:group:{}:{}:{}", g.id, on.format("%m%d"), on.year());
                wanted.push(care_task(g.owner_id, g.id, ("CustomerGroup", g.id), text, key));
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
            let text =
                TaskText::Holiday { holiday: name.clone(), group: g.name.clone(), manager: manager(g), on: start };
            let key = format!("care:holiday:{}:{start}", g.id);
            wanted.push(care_task(g.owner_id, g.id, ("CustomerGroup", g.id), text, key));
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
    Ok(crate::jobs::Summary::KeyMoments { moments: asked, made })
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
