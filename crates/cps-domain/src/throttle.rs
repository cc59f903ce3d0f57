//! Password-guessing throttle (ASVS 5.0 V6.3), for logins and every other
//! check of a current password. Failures are counted per account **and**
//! per source: a device that logged in to the account before (it carries a
//! signed device cookie, after OWASP's "device cookies"), or else the
//! client's address. A stranger's failures therefore slow only the
//! stranger; the owner, on a known device or from another address, is not
//! held back. Per source: five free failures, then growing delays, and no
//! more than a fixed number of failures an hour. Sources without a device
//! cookie also share a larger hourly ceiling per account, so many addresses
//! together cannot guess without bound; known devices are never held back
//! by it. Accounts are keyed by the typed address whether or not it has an
//! account, so the answers say nothing about which addresses are registered.

use chrono::{DateTime, Duration, Utc};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures of one source in the window that are free of any delay.
    pub free_failures: u32,
    /// The most failures one source may have in a window.
    pub max_failures_per_window: u32,
    /// The most failures all sources without a device cookie together may
    /// have against one account in a window.
    pub max_unknown_failures_per_window: u32,
    pub window: Duration,
    pub max_delay: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            max_failures_per_window: 100,
            max_unknown_failures_per_window: 300,
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

/// Where an attempt comes from, as far as counting goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptSource {
    /// A device that logged in to this account before: the id in its
    /// (signed, account-bound) device cookie.
    KnownDevice(String),
    /// Anyone else: the client's address (an IPv6 /64 as one).
    Address(IpAddr),
}

impl AttemptSource {
    /// The key its failures are stored under.
    pub fn key(&self) -> String {
        match self {
            AttemptSource::KnownDevice(id) => format!("device:{id}"),
            AttemptSource::Address(ip) => format!("ip:{}", crate::net::limit_key(*ip)),
        }
    }

    pub fn is_known_device(&self) -> bool {
        matches!(self, AttemptSource::KnownDevice(_))
    }
}

/// Failures (attempts not known to have succeeded) within the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    /// The newest of them.
    pub last: Option<DateTime<Utc>>,
}

impl ThrottlePolicy {
    /// Whether one more attempt may be checked now. `source` are the
    /// failures of this source against the account; `unknown_sources` those
    /// of every source without a device cookie (`None` for a known device,
    /// which that ceiling does not hold back).
    pub fn gate(&self, source: Failures, unknown_sources: Option<Failures>, now: DateTime<Utc>) -> LoginGate {
        let own = self.source_gate(source, now);
        let shared = match unknown_sources {
            Some(Failures { count, last: Some(last) }) if count >= self.max_unknown_failures_per_window => {
                LoginGate::WaitUntil(last + self.window)
            }
            _ => LoginGate::Open,
        };
        match (own, shared) {
            (LoginGate::WaitUntil(a), LoginGate::WaitUntil(b)) => LoginGate::WaitUntil(a.max(b)),
            (LoginGate::WaitUntil(t), LoginGate::Open) | (LoginGate::Open, LoginGate::WaitUntil(t)) => {
                LoginGate::WaitUntil(t)
            }
            (LoginGate::Open, LoginGate::Open) => LoginGate::Open,
        }
    }

    fn source_gate(&self, f: Failures, now: DateTime<Utc>) -> LoginGate {
        let Some(last) = f.last else {
            return LoginGate::Open;
        };
        if f.count >= self.max_failures_per_window {
            return LoginGate::WaitUntil(last + self.window);
        }
        if f.count < self.free_failures {
            return LoginGate::Open;
        }
        // 1 s, 2 s, 4 s, … after each further failure, capped.
        let exponent = (f.count - self.free_failures).min(20);
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

    fn failures(count: u32, last: DateTime<Utc>) -> Failures {
        Failures { count, last: Some(last) }
    }

    #[test]
    fn delays_grow_after_five_failures() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.gate(failures(4, t0()), None, t0()), LoginGate::Open);
        assert_eq!(p.gate(failures(5, t0()), None, t0()), LoginGate::WaitUntil(t0() + Duration::seconds(1)));
        assert_eq!(p.gate(failures(8, t0()), None, t0()), LoginGate::WaitUntil(t0() + Duration::seconds(8)));
        assert_eq!(p.gate(failures(8, t0()), None, t0() + Duration::seconds(8)), LoginGate::Open);
        assert_eq!(p.gate(failures(40, t0()), None, t0()), LoginGate::WaitUntil(t0() + Duration::minutes(15)));
    }

    #[test]
    fn the_shared_ceiling_holds_back_unknown_sources_only() {
        let p = ThrottlePolicy::default();
        let many = Some(failures(300, t0()));
        assert_eq!(p.gate(Failures::default(), many, t0()), LoginGate::WaitUntil(t0() + Duration::hours(1)));
        assert_eq!(p.gate(Failures::default(), Some(failures(299, t0())), t0()), LoginGate::Open);
        // A known device is asked with no shared count: open.
        assert_eq!(p.gate(Failures::default(), None, t0()), LoginGate::Open);
        // The later of two waits.
        assert_eq!(p.gate(failures(5, t0()), many, t0()), LoginGate::WaitUntil(t0() + Duration::hours(1)));
    }

    #[test]
    fn sources_have_their_own_keys() {
        let a = AttemptSource::Address("2001:db8:1:2::1".parse().unwrap());
        let b = AttemptSource::Address("2001:db8:1:2::ffff".parse().unwrap());
        assert_eq!(a.key(), b.key(), "one IPv6 /64, one source");
        assert_eq!(a.key(), "ip:2001:db8:1:2::");
        let d = AttemptSource::KnownDevice("abc".into());
        assert_eq!(d.key(), "device:abc");
        assert!(d.is_known_device() && !a.is_known_device());
    }

    /// The attempts the gate let through (each a failure, as source and
    /// time) of attempts `gaps` seconds apart from `sources` sources in turn.
    /// A failure: its source and time.
    type Failure = (usize, DateTime<Utc>);

    fn admitted(p: &ThrottlePolicy, gaps: &[i64], sources: usize) -> Vec<Failure> {
        let mut now = t0();
        let mut done: Vec<Failure> = Vec::new();
        for (i, gap) in gaps.iter().enumerate() {
            now += Duration::seconds(*gap);
            let source = i % sources;
            let count = |pred: &dyn Fn(&Failure) -> bool| {
                let recent: Vec<_> = done.iter().filter(|f| f.1 > now - p.window && pred(f)).collect();
                Failures { count: u32::try_from(recent.len()).unwrap(), last: recent.last().map(|f| f.1) }
            };
            let own = count(&|f| f.0 == source);
            let all = count(&|_| true);
            if p.gate(own, Some(all), now) == LoginGate::Open {
                done.push((source, now));
            }
        }
        done
    }

    fn most_in_an_hour(p: &ThrottlePolicy, times: &[DateTime<Utc>]) -> usize {
        times
            .iter()
            .enumerate()
            .map(|(i, t)| times[i..].iter().filter(|u| **u < *t + p.window).count())
            .max()
            .unwrap_or(0)
    }

    proptest! {
        /// However one source spaces its attempts, at most 100 failures fit in an hour.
        #[test]
        fn never_more_than_100_failures_an_hour_from_one_source(gaps in proptest::collection::vec(0i64..120, 150)) {
            let p = ThrottlePolicy::default();
            let times: Vec<_> = admitted(&p, &gaps, 1).into_iter().map(|f| f.1).collect();
            prop_assert!(most_in_an_hour(&p, &times) <= 100);
        }

        /// Many sources together stay under the shared ceiling.
        #[test]
        fn never_more_than_300_unknown_failures_an_hour(gaps in proptest::collection::vec(0i64..3, 1500), sources in 4usize..40) {
            let p = ThrottlePolicy::default();
            let times: Vec<_> = admitted(&p, &gaps, sources).into_iter().map(|f| f.1).collect();
            prop_assert!(most_in_an_hour(&p, &times) <= 300);
        }
    }
}
