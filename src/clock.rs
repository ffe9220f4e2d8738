//! An injected clock: deadlines, token lifetimes and SLAs are computed from it, so tests move time.
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved. Used by tests.
#[derive(Clone, Debug)]
pub struct MockClock(Arc<Mutex<DateTime<Utc>>>);

impl MockClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for MockClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// Business rules run in Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991.
pub fn shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in Asia/Shanghai at instant `now`.
pub fn business_date(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&shanghai()).date_naive()
}

/// The instant a Beijing wall-clock time on `date` happens.
pub fn beijing_at(date: chrono::NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = date.and_hms_opt(hour, minute, 0).unwrap_or_default();
    (local - Duration::hours(8)).and_utc()
}

/// A short Beijing time for messages, e.g. `11-23 14:05`.
pub fn beijing_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&shanghai()).format("%m-%d %H:%M").to_string()
}
