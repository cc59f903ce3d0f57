//! Login throttling per account (ASVS 5.0 V6.3): growing delays after a few
//! failures, and no more than a fixed number of failures an hour. It counts
//! per normalised email whether or not an account exists, so its answers say
//! nothing about which addresses are registered.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures in the window that are free of any delay.
    pub free_failures: u32,
    /// The most failures allowed in one window.
    pub max_failures_per_window: u32,
    pub window: Duration,
    pub max_delay: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            max_failures_per_window: 100,
            window: Duration::hours(1),
            max_delay: Duration::minutes(15),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    Open,
    /// Come back at this time.
    WaitUntil(DateTime<Utc>),
}

impl ThrottlePolicy {
    /// `failures` are the failed attempts within the window, `last_failure`
    /// the newest of them.
    pub fn gate(&self, failures: u32, last_failure: Option<DateTime<Utc>>, now: DateTime<Utc>) -> LoginGate {
        let Some(last) = last_failure else {
            return LoginGate::Open;
        };
        if failures >= self.max_failures_per_window {
            return LoginGate::WaitUntil(last + self.window);
        }
        if failures < self.free_failures {
            return LoginGate::Open;
        }
        // 1 s, 2 s, 4 s, … after each further failure, capped.
        let exponent = (failures - self.free_failures).min(20);
        let delay = Duration::seconds(1_i64 << exponent).min(self.max_delay);
        let until = last + delay;
        if now < until { LoginGate::WaitUntil(until) } else { LoginGate::Open }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn delays_grow_after_five_failures() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.gate(4, Some(t0()), t0()), LoginGate::Open);
        assert_eq!(p.gate(5, Some(t0()), t0()), LoginGate::WaitUntil(t0() + Duration::seconds(1)));
        assert_eq!(p.gate(8, Some(t0()), t0()), LoginGate::WaitUntil(t0() + Duration::seconds(8)));
        assert_eq!(p.gate(8, Some(t0()), t0() + Duration::seconds(8)), LoginGate::Open);
        assert_eq!(p.gate(40, Some(t0()), t0()), LoginGate::WaitUntil(t0() + Duration::minutes(15)));
    }

    proptest! {
        /// However an attacker spaces the attempts, at most 100 failures fit in an hour.
        #[test]
        fn never_more_than_100_failures_an_hour(gaps in proptest::collection::vec(0i64..120, 150)) {
            let p = ThrottlePolicy::default();
            let mut now = t0();
            let mut failures: Vec<DateTime<Utc>> = Vec::new();
            for gap in gaps {
                now += Duration::seconds(gap);
                let recent: Vec<_> = failures.iter().copied().filter(|f| *f > now - p.window).collect();
                if p.gate(u32::try_from(recent.len()).unwrap(), recent.last().copied(), now) == LoginGate::Open {
                    failures.push(now);
                }
            }
            for (i, f) in failures.iter().enumerate() {
                let in_hour = failures[i..].iter().filter(|g| **g < *f + p.window).count();
                prop_assert!(in_hour <= 100);
            }
        }
    }
}
