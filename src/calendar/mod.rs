//! The working calendar (工作日历): weekends and public holidays are days off, except the
//! weekend days officially moved to working days (调休). Rule 1's proposal deadline is
//! computed on it.
pub mod graphql;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{clock::shanghai, error::AppResult};

pub use entity::enums::DayKind;

/// Working hours of a working day, from 09:00 (Asia/Shanghai).
pub const WORKING_HOURS_PER_DAY: i64 = 9;
const WORKDAY_OPENS: u32 = 9;

/// The days that differ from the Monday–Friday rule.
#[derive(Clone, Debug, Default)]
pub struct WorkingCalendar {
    exceptions: HashMap<NaiveDate, DayKind>,
}

impl WorkingCalendar {
    pub fn new(exceptions: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self { exceptions: exceptions.into_iter().collect() }
    }

    /// The calendar entries from `from` on (a deadline never looks further than two months).
    pub async fn load<C: ConnectionTrait>(db: &C, from: NaiveDate) -> AppResult<Self> {
        use entity::calendar_day::{Column, Entity};
        let rows = Entity::find()
            .filter(Column::Day.gte(from))
            .filter(Column::Day.lte(from + Duration::days(62)))
            .all(db)
            .await?;
        Ok(Self::new(rows.into_iter().map(|r| (r.day, r.kind))))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut n = d + Duration::days(1);
        // A year has no run of 30 days off; the bound keeps a corrupt calendar from looping.
        for _ in 0..30 {
            if self.is_working_day(n) {
                break;
            }
            n += Duration::days(1);
        }
        n
    }

    /// `hours` working hours after `start`, counting only 09:00–18:00 (Asia/Shanghai) of working
    /// days (rule 14's clocks: 4 hours to reach the customer, two working days of 9 hours to
    /// finish). A start outside working hours counts from the next opening.
    pub fn add_working_hours(&self, start: DateTime<Utc>, hours: i64) -> DateTime<Utc> {
        let at = |d: NaiveDate, t: NaiveTime| {
            shanghai()
                .from_local_datetime(&d.and_time(t))
                .single()
                .expect("a fixed offset has no gaps")
                .with_timezone(&Utc)
        };
        let open = NaiveTime::from_hms_opt(WORKDAY_OPENS, 0, 0).expect("valid hour");
        let close = NaiveTime::from_hms_opt(WORKDAY_OPENS + WORKING_HOURS_PER_DAY as u32, 0, 0).expect("valid hour");
        let local = start.with_timezone(&shanghai());
        let (mut day, mut from) = (local.date_naive(), local.time());
        if !self.is_working_day(day) || from >= close {
            day = self.next_working_day(day);
            from = open;
        } else if from < open {
            from = open;
        }
        let mut left = Duration::hours(hours);
        // Each pass uses up the rest of one working day; a year's worth of days bounds it.
        for _ in 0..400 {
            let today = at(day, close) - at(day, from);
            if left <= today {
                return at(day, from) + left;
            }
            left -= today;
            day = self.next_working_day(day);
            from = open;
        }
        at(day, from) + left
    }

    /// Rule 1 (12小时出方案): a visit that ended before 14:00 (Asia/Shanghai) on a working day
    /// is answered by 18:00 the same day; one that ended later, by 11:00 the next working day.
    /// A visit on a day off counts as made early on the next working day.
    pub fn proposal_due(&self, visit_ended: DateTime<Utc>) -> DateTime<Utc> {
        let local = visit_ended.with_timezone(&shanghai());
        let (day, time) = (local.date_naive(), local.time());
        let at = |d: NaiveDate, h: u32| {
            shanghai()
                .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(h, 0, 0).expect("valid hour")))
                .single()
                .expect("a fixed offset has no gaps")
                .with_timezone(&Utc)
        };
        if !self.is_working_day(day) {
            return at(self.next_working_day(day), 18);
        }
        if time <= NaiveTime::from_hms_opt(14, 0, 0).expect("valid time") {
            at(day, 18)
        } else {
            at(self.next_working_day(day), 11)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A Shanghai wall-clock time as UTC.
    fn sh(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap().with_timezone(&Utc)
    }

    fn calendar() -> WorkingCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> =
            d("2026-10-01").iter_days().take(7).map(|x| (x, DayKind::Holiday)).collect();
        days.push((d("2026-10-10"), DayKind::Workday));
        WorkingCalendar::new(days)
    }

    #[test]
    fn morning_and_midday_visits_are_due_the_same_evening() {
        let c = calendar();
        // 2026-11-23 is a Monday.
        assert_eq!(c.proposal_due(sh("2026-11-23T09:30:00")), sh("2026-11-23T18:00:00"));
        assert_eq!(c.proposal_due(sh("2026-11-23T11:59:59")), sh("2026-11-23T18:00:00"));
        assert_eq!(c.proposal_due(sh("2026-11-23T12:00:00")), sh("2026-11-23T18:00:00"));
        assert_eq!(c.proposal_due(sh("2026-11-23T14:00:00")), sh("2026-11-23T18:00:00"));
    }

    #[test]
    fn working_hours_skip_nights_weekends_and_holidays() {
        let c = calendar();
        // Monday 10:00 + 4 h = 14:00; + 18 h (two working days) = Wednesday 10:00.
        assert_eq!(c.add_working_hours(sh("2026-11-23T10:00:00"), 4), sh("2026-11-23T14:00:00"));
        assert_eq!(c.add_working_hours(sh("2026-11-23T10:00:00"), 18), sh("2026-11-25T10:00:00"));
        // Friday 16:00: two hours on Friday, two on Monday morning.
        assert_eq!(c.add_working_hours(sh("2026-11-27T16:00:00"), 4), sh("2026-11-30T11:00:00"));
        // Saturday and the evening count from the next opening.
        assert_eq!(c.add_working_hours(sh("2026-11-28T10:00:00"), 4), sh("2026-11-30T13:00:00"));
        assert_eq!(c.add_working_hours(sh("2026-11-23T20:00:00"), 4), sh("2026-11-24T13:00:00"));
        assert_eq!(c.add_working_hours(sh("2026-11-23T07:00:00"), 4), sh("2026-11-23T13:00:00"));
        // Ending exactly at closing stays that day.
        assert_eq!(c.add_working_hours(sh("2026-11-23T14:00:00"), 4), sh("2026-11-23T18:00:00"));
        // Into the National Day week (1–7 Oct off, Sat 10 Oct a working day): 30 Sep 15:00 + 4 h
        // ends on Thursday 8 Oct; + 18 h on Friday 9 Oct; + 27 h on Saturday 10 Oct.
        assert_eq!(c.add_working_hours(sh("2026-09-30T15:00:00"), 4), sh("2026-10-08T10:00:00"));
        assert_eq!(c.add_working_hours(sh("2026-09-30T15:00:00"), 18), sh("2026-10-09T15:00:00"));
        assert_eq!(c.add_working_hours(sh("2026-09-30T15:00:00"), 27), sh("2026-10-10T15:00:00"));
    }

    #[test]
    fn afternoon_visits_are_due_next_working_morning() {
        let c = calendar();
        assert_eq!(c.proposal_due(sh("2026-11-23T14:00:01")), sh("2026-11-24T11:00:00"));
        // Friday evening → Monday 11:00.
        assert_eq!(c.proposal_due(sh("2026-11-27T19:00:00")), sh("2026-11-30T11:00:00"));
    }

    #[test]
    fn holidays_and_weekends_are_skipped_and_moved_workdays_count() {
        let c = calendar();
        // The eve of National Day, afternoon: the week off is skipped.
        assert_eq!(c.proposal_due(sh("2026-09-30T16:00:00")), sh("2026-10-08T11:00:00"));
        // A visit during the holiday counts on the first working day.
        assert_eq!(c.proposal_due(sh("2026-10-03T10:00:00")), sh("2026-10-08T18:00:00"));
        // Saturday 2026-10-10 is worked (调休).
        assert!(c.is_working_day(d("2026-10-10")));
        assert_eq!(c.proposal_due(sh("2026-10-09T15:00:00")), sh("2026-10-10T11:00:00"));
        // The UTC date differs from the Shanghai date late in the evening.
        assert_eq!(c.proposal_due(sh("2026-11-23T23:30:00")), sh("2026-11-24T11:00:00"));
    }
}

/// Marks a day as a holiday or a moved working day (admins), replacing any earlier entry.
pub async fn set_day(
    state: &crate::state::AppState,
    actor: &crate::audit::Actor,
    day: NaiveDate,
    kind: DayKind,
    name: &str,
    care: bool,
) -> AppResult<entity::calendar_day::Model> {
    use entity::calendar_day::{ActiveModel, Column, Entity};
    use sea_orm::{ActiveModelTrait, Set};
    let mut c = crate::fields::Check::new();
    let name = c.text("name", name, 64);
    if kind == DayKind::Workday && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        c.push(crate::error::UserError::new(
            "kind",
            crate::error::UserErrorCode::Invalid,
            "只有周末才能设为调休上班",
            "Only a weekend day can be made a working day",
        ));
    }
    c.finish(|| ())?;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let before = Entity::find_by_id(day).one(&txn).await?;
    Entity::delete_many().filter(Column::Day.eq(day)).exec(&txn).await?;
    let row = ActiveModel {
        day: Set(day),
        kind: Set(kind),
        name: Set(name),
        care: Set(care && kind == DayKind::Holiday),
        version: Set(before.as_ref().map_or(1, |b| b.version + 1)),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let snap = |m: &entity::calendar_day::Model| serde_json::json!({ "day": m.day, "kind": m.kind, "name": m.name, "care": m.care });
    crate::audit::commit(
        state,
        txn,
        now,
        actor,
        crate::audit::Change {
            action: "calendar.set",
            entity_type: "CalendarDay",
            entity_id: None,
            before: before.as_ref().map(snap),
            after: Some(snap(&row)),
        },
    )
    .await?;
    Ok(row)
}

/// Removes a day's entry, so the Monday–Friday rule applies to it again (admins).
pub async fn remove_day(
    state: &crate::state::AppState,
    actor: &crate::audit::Actor,
    day: NaiveDate,
) -> AppResult<entity::calendar_day::Model> {
    use entity::calendar_day::Entity;
    use sea_orm::ModelTrait;
    let now = state.now();
    let txn = crate::db::write(&state.db).await?;
    let row = Entity::find_by_id(day).one(&txn).await?.ok_or_else(|| {
        crate::error::UserError::new(
            "day",
            crate::error::UserErrorCode::NotFound,
            "该日期没有设置",
            "No entry for this day",
        )
    })?;
    row.clone().delete(&txn).await?;
    crate::audit::commit(
        state,
        txn,
        now,
        actor,
        crate::audit::Change {
            action: "calendar.remove",
            entity_type: "CalendarDay",
            entity_id: None,
            before: Some(serde_json::json!({ "day": row.day, "kind": row.kind, "name": row.name })),
            after: None,
        },
    )
    .await?;
    Ok(row)
}
