//! Login rate limiting: failed attempts per username and all attempts per client address,
//! counted in a fixed window. In memory: each server process limits on its own.
use std::{collections::HashMap, sync::Mutex};

use chrono::{DateTime, Duration, Utc};

#[derive(Debug)]
struct Window {
    started: DateTime<Utc>,
    count: u32,
}

#[derive(Debug)]
pub struct LoginLimiter {
    per_user: Mutex<HashMap<String, Window>>,
    per_ip: Mutex<HashMap<String, Window>>,
    max_failures_per_user: u32,
    max_attempts_per_ip: u32,
    window: Duration,
}

impl LoginLimiter {
    pub fn new(max_failures_per_user: u32, max_attempts_per_ip: u32, window: std::time::Duration) -> Self {
        Self {
            per_user: Mutex::default(),
            per_ip: Mutex::default(),
            max_failures_per_user,
            max_attempts_per_ip,
            window: Duration::from_std(window).unwrap_or(Duration::minutes(15)),
        }
    }

    /// Seconds to wait when `count` in the window at `key` has reached `max`.
    fn blocked(&self, map: &Mutex<HashMap<String, Window>>, key: &str, max: u32, now: DateTime<Utc>) -> Option<u64> {
        let map = map.lock().unwrap_or_else(|e| e.into_inner());
        let w = map.get(key)?;
        let ends = w.started + self.window;
        (w.count >= max && now < ends).then(|| (ends - now).num_seconds().max(1) as u64)
    }

    fn bump(&self, map: &Mutex<HashMap<String, Window>>, key: &str, now: DateTime<Utc>) {
        let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, w| now < w.started + window);
        }
        let w = map.entry(key.to_string()).or_insert(Window { started: now, count: 0 });
        if now >= w.started + self.window {
            *w = Window { started: now, count: 0 };
        }
        w.count += 1;
    }

    /// Called before checking a password: counts the attempt for the address and tells
    /// how long to wait when either limit is reached.
    pub fn check(&self, username: &str, ip: &str, now: DateTime<Utc>) -> Result<(), u64> {
        if let Some(wait) = self.blocked(&self.per_user, &username.to_lowercase(), self.max_failures_per_user, now) {
            return Err(wait);
        }
        if let Some(wait) = self.blocked(&self.per_ip, ip, self.max_attempts_per_ip, now) {
            return Err(wait);
        }
        self.bump(&self.per_ip, ip, now);
        Ok(())
    }

    pub fn record_failure(&self, username: &str, now: DateTime<Utc>) {
        self.bump(&self.per_user, &username.to_lowercase(), now);
    }

    pub fn record_success(&self, username: &str) {
        self.per_user.lock().unwrap_or_else(|e| e.into_inner()).remove(&username.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_per_user_block_until_the_window_ends() {
        let l = LoginLimiter::new(3, 100, std::time::Duration::from_secs(60));
        let t0 = Utc::now();
        for _ in 0..3 {
            assert!(l.check("gz_am1", "1.1.1.1", t0).is_ok());
            l.record_failure("gz_am1", t0);
        }
        assert_eq!(l.check("GZ_AM1", "2.2.2.2", t0 + Duration::seconds(10)), Err(50));
        assert!(l.check("gz_am2", "1.1.1.1", t0).is_ok(), "other users are not affected");
        assert!(l.check("gz_am1", "1.1.1.1", t0 + Duration::seconds(61)).is_ok());
    }

    #[test]
    fn attempts_per_address_are_capped() {
        let l = LoginLimiter::new(100, 2, std::time::Duration::from_secs(60));
        let t0 = Utc::now();
        assert!(l.check("a", "9.9.9.9", t0).is_ok());
        assert!(l.check("b", "9.9.9.9", t0).is_ok());
        assert!(l.check("c", "9.9.9.9", t0).is_err());
        assert!(l.check("c", "8.8.8.8", t0).is_ok());
    }

    #[test]
    fn success_clears_the_user_count() {
        let l = LoginLimiter::new(2, 100, std::time::Duration::from_secs(60));
        let t0 = Utc::now();
        l.record_failure("x", t0);
        l.record_success("x");
        l.record_failure("x", t0);
        assert!(l.check("x", "1", t0).is_ok());
    }
}
