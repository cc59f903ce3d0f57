//! How long the portal keeps what it knows about a closed account.
//!
//! Closing an account (see `Store::close_business`) removes the log-ins,
//! addresses, products and messages at once. What closing keeps — the
//! company's name, organisation and VAT numbers and postal address on its
//! account row — goes after [`RetentionPolicy::closed_account_days`], in the
//! nightly retention job. Invoices (and the buyer printed on their frozen
//! documents), orders, memberships and payments are bookkeeping records: the
//! Swedish Bokföringslagen (7 kap. 2 §) has them kept until the end of the
//! seventh year after the calendar year in which the financial year ended, and
//! the retention job never touches them.

use chrono::{Datelike, Duration, NaiveDate};

/// Years that bookkeeping records are kept after the end of their financial
/// year (Bokföringslagen 7 kap. 2 §).
pub const BOOKKEEPING_YEARS: i32 = 7;

/// The configured retention (`retention.closed_account_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Days from closing until the company's remaining details are anonymised.
    pub closed_account_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        // Time to answer a late question about the closing, then gone.
        Self { closed_account_days: 90 }
    }
}

/// What the retention job does with one closed account on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedAccountStep {
    /// Still within the period: keep the details (nothing to do yet).
    Keep { until: NaiveDate },
    /// The period has passed: anonymise the account's remaining details.
    /// Invoices and the buyer printed on them stay.
    Anonymise,
    /// Already anonymised.
    Done,
}

/// The rule for one closed account: closed on `closed_on`, already anonymised or not.
pub fn closed_account_step(
    closed_on: NaiveDate,
    anonymised: bool,
    today: NaiveDate,
    policy: RetentionPolicy,
) -> ClosedAccountStep {
    if anonymised {
        return ClosedAccountStep::Done;
    }
    let until = closed_on + Duration::days(i64::from(policy.closed_account_days));
    if today >= until { ClosedAccountStep::Anonymise } else { ClosedAccountStep::Keep { until } }
}

/// The last day an invoice issued on `issued_on` must be kept: 31 December of
/// the seventh year after its financial year (the calendar year) ended.
pub fn bookkeeping_kept_until(issued_on: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(issued_on.year() + BOOKKEEPING_YEARS, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Whether the bookkeeping period of an invoice issued on `issued_on` still runs on `today`.
pub fn bookkeeping_period_runs(issued_on: NaiveDate, today: NaiveDate) -> bool {
    today <= bookkeeping_kept_until(issued_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn a_closed_account_is_kept_for_the_configured_days_then_anonymised_once() {
        let policy = RetentionPolicy { closed_account_days: 30 };
        let closed = d(2026, 1, 10);
        assert_eq!(
            closed_account_step(closed, false, closed, policy),
            ClosedAccountStep::Keep { until: d(2026, 2, 9) }
        );
        assert_eq!(
            closed_account_step(closed, false, d(2026, 2, 8), policy),
            ClosedAccountStep::Keep { until: d(2026, 2, 9) }
        );
        assert_eq!(closed_account_step(closed, false, d(2026, 2, 9), policy), ClosedAccountStep::Anonymise);
        assert_eq!(closed_account_step(closed, false, d(2030, 1, 1), policy), ClosedAccountStep::Anonymise);
        assert_eq!(closed_account_step(closed, true, d(2030, 1, 1), policy), ClosedAccountStep::Done);
    }

    #[test]
    fn zero_days_anonymises_at_the_next_run() {
        let policy = RetentionPolicy { closed_account_days: 0 };
        assert_eq!(closed_account_step(d(2026, 5, 1), false, d(2026, 5, 1), policy), ClosedAccountStep::Anonymise);
    }

    #[test]
    fn invoices_are_kept_to_the_end_of_the_seventh_year_after_their_year() {
        assert_eq!(bookkeeping_kept_until(d(2026, 1, 1)), d(2033, 12, 31));
        assert_eq!(bookkeeping_kept_until(d(2026, 12, 31)), d(2033, 12, 31));
        assert!(bookkeeping_period_runs(d(2026, 3, 15), d(2033, 12, 31)));
        assert!(!bookkeeping_period_runs(d(2026, 3, 15), d(2034, 1, 1)));
        // Longer than any sensible account retention: anonymising an account
        // never happens after its invoices may go.
        assert!(bookkeeping_kept_until(d(2026, 12, 31)) > d(2026, 12, 31) + Duration::days(365 * 7));
    }
}
