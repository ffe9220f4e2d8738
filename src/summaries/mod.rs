//! Work summaries (工作成果小结, 三处理 of 四三工作法): each week and month the system drafts the
//! manager's summary from the period's records (the work log's tally, the plan, the month's KPIs);
//! the manager edits and submits it, and the head comments on it.
pub mod graphql;
pub mod service;

use chrono::{Datelike, Duration, NaiveDate};

use crate::{
    fields::Month,
    machine::{Edge, Machine},
};

pub use entity::enums::{SummaryPeriod, SummaryStatus};

/// A draft is submitted once, and commented on once.
pub const MACHINE: Machine<SummaryStatus> = Machine {
    noun: ("工作小结", "work summary"),
    edges: &[
        Edge { action: "submit", from: &[SummaryStatus::Draft], to: SummaryStatus::Submitted },
        Edge { action: "comment", from: &[SummaryStatus::Submitted], to: SummaryStatus::Commented },
    ],
};

/// The first and last day of the period of `kind` that holds `day` (a week runs Monday to Sunday).
pub fn span(kind: SummaryPeriod, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    match kind {
        SummaryPeriod::Week => {
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            (monday, monday + Duration::days(6))
        }
        SummaryPeriod::Month => {
            let m = Month::of(day);
            (m.first_day(), m.last_day())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_runs_monday_to_sunday_and_a_month_its_calendar_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(span(SummaryPeriod::Week, d("2026-12-05")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(span(SummaryPeriod::Week, d("2026-11-30")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(span(SummaryPeriod::Month, d("2026-02-14")), (d("2026-02-01"), d("2026-02-28")));
    }
}
