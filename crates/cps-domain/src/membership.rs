//! Membership numbers and periods.
//!
//! A membership number is `CPS` followed by a 7-digit sequence number and a
//! Luhn check digit, shown as `CPS 1000001-8`. Numbers come from a counter
//! that only grows, so a number is never issued twice.

use crate::organisation::luhn_ok;
use crate::status::MembershipStatus;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipNumber(String);

/// The first sequence number (so every number has seven digits).
pub const FIRST_SEQUENCE: i64 = 1_000_001;

impl MembershipNumber {
    pub fn from_sequence(seq: i64) -> MembershipNumber {
        let body = seq.to_string();
        let check = (0..10).find(|d| luhn_ok(&format!("{body}{d}"))).unwrap_or(0);
        MembershipNumber(format!("{body}{check}"))
    }

    /// Accepts `CPS 1000001-8`, `CPS10000018` or `10000018`.
    pub fn parse(s: &str) -> Option<MembershipNumber> {
        let digits: String = s.trim().trim_start_matches("CPS").chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        (digits.len() == 8 && luhn_ok(&digits)).then_some(MembershipNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn display(&self) -> String {
        format!("CPS {}-{}", &self.0[..7], &self.0[7..])
    }
}

/// The last day of a term of `years` starting on `start`.
pub fn term_end(start: NaiveDate, years: u32) -> NaiveDate {
    let years = i32::try_from(years).unwrap_or(1);
    let same_day = start
        .with_year(start.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(start.year() + years, start.month(), 28))
        .unwrap_or(start);
    same_day.pred_opt().unwrap_or(same_day)
}

/// How many days before its last day a membership can be renewed.
pub const RENEWAL_WINDOW_DAYS: i64 = 60;

/// Whether a membership ending on `ends_on` can be renewed today: in its
/// last [`RENEWAL_WINDOW_DAYS`] days. The next term starts the day after.
pub fn renewal_open(ends_on: NaiveDate, today: NaiveDate) -> bool {
    today <= ends_on && today >= ends_on - chrono::Duration::days(RENEWAL_WINDOW_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn renewal_opens_sixty_days_before_the_last_day() {
        let ends = NaiveDate::from_ymd_opt(2027, 11, 24).unwrap();
        assert!(!renewal_open(ends, NaiveDate::from_ymd_opt(2027, 9, 24).unwrap()), "61 days before");
        assert!(renewal_open(ends, NaiveDate::from_ymd_opt(2027, 9, 25).unwrap()), "60 days before");
        assert!(renewal_open(ends, ends), "on the last day");
        assert!(!renewal_open(ends, NaiveDate::from_ymd_opt(2027, 11, 25).unwrap()), "ended");
    }

    #[test]
    fn numbers_carry_a_check_digit() {
        let n = MembershipNumber::from_sequence(FIRST_SEQUENCE);
        assert_eq!(n.as_str().len(), 8);
        assert!(luhn_ok(n.as_str()));
        assert_eq!(MembershipNumber::parse(&n.display()), Some(n.clone()));
        let mut wrong = n.as_str().to_owned();
        let last = wrong.pop().unwrap();
        wrong.push(if last == '9' { '0' } else { char::from(last as u8 + 1) });
        assert_eq!(MembershipNumber::parse(&wrong), None);
    }

    #[test]
    fn terms_end_the_day_before_the_anniversary() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(term_end(d(2026, 11, 25), 1), d(2027, 11, 24));
        assert_eq!(term_end(d(2026, 11, 25), 3), d(2029, 11, 24));
        assert_eq!(term_end(d(2028, 2, 29), 1), d(2029, 2, 27));
    }

    proptest! {
        #[test]
        fn every_sequence_gives_a_valid_distinct_number(a in FIRST_SEQUENCE..9_999_999i64, b in FIRST_SEQUENCE..9_999_999i64) {
            let (na, nb) = (MembershipNumber::from_sequence(a), MembershipNumber::from_sequence(b));
            prop_assert!(MembershipNumber::parse(na.as_str()).is_some());
            prop_assert_eq!(a == b, na == nb);
        }
    }
}

/// What is left of a paid term on `today`, as a credit against an upgrade:
/// the net price times the share of days not yet used (today counts as used).
pub fn unused_credit(paid_net_minor: i64, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> i64 {
    let total = (end - start).num_days() + 1;
    let left = (end - today).num_days().clamp(0, total);
    if total <= 0 { 0 } else { crate::money::mul_div_round(paid_net_minor, left, total) }
}

#[cfg(test)]
mod credit_tests {
    use super::*;

    #[test]
    fn the_unused_part_of_a_term_is_credited() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let (start, end) = (d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(unused_credit(36_500, start, end, d(2025, 12, 31)), 36_500, "nothing used yet");
        assert_eq!(unused_credit(36_500, start, end, d(2026, 1, 1)), 36_400, "the first day is used");
        assert_eq!(unused_credit(36_500, start, end, d(2026, 12, 31)), 0);
        assert_eq!(unused_credit(36_500, start, end, d(2027, 6, 1)), 0);
    }
}

/// What a membership is, as the member sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    PaymentDue,
    Overdue,
    Suspended,
    Expired,
    Upgraded,
    /// An early renewal: the next term, starting when the current one ends.
    Upcoming,
}

impl Standing {
    /// From the stored status, the period and, if its invoice is unpaid, that invoice's due date.
    pub fn of(
        status: MembershipStatus,
        period: (NaiveDate, NaiveDate),
        unpaid_due: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Standing {
        let (starts_on, ends_on) = period;
        match (status, unpaid_due) {
            (MembershipStatus::Upgraded, _) => Standing::Upgraded,
            (MembershipStatus::Suspended, _) => Standing::Suspended,
            // A closed account's membership has ended, whatever its dates.
            (MembershipStatus::Closed, _) => Standing::Expired,
            _ if ends_on < today => Standing::Expired,
            (_, Some(due)) if due < today => Standing::Overdue,
            (_, Some(_)) => Standing::PaymentDue,
            _ if starts_on > today => Standing::Upcoming,
            _ => Standing::Active,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Standing::Active => "membership-status-active",
            Standing::PaymentDue => "membership-status-payment-due",
            Standing::Overdue => "membership-status-overdue",
            Standing::Suspended => "membership-status-suspended",
            Standing::Expired => "membership-status-expired",
            Standing::Upgraded => "membership-status-upgraded",
            Standing::Upcoming => "membership-status-upcoming",
        }
    }
}

#[cfg(test)]
mod standing_tests {
    use super::*;

    #[test]
    fn standing_follows_status_period_and_invoice() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let (start, end) = (d(1, 1), d(12, 31));
        assert_eq!(Standing::of(MembershipStatus::Active, (start, end), None, d(6, 1)), Standing::Active);
        assert_eq!(Standing::of(MembershipStatus::Active, (d(7, 1), end), None, d(6, 1)), Standing::Upcoming);
        assert_eq!(Standing::of(MembershipStatus::Active, (start, end), Some(d(6, 10)), d(6, 1)), Standing::PaymentDue);
        assert_eq!(Standing::of(MembershipStatus::Active, (start, end), Some(d(6, 10)), d(6, 11)), Standing::Overdue);
        assert_eq!(
            Standing::of(MembershipStatus::Suspended, (start, end), Some(d(6, 10)), d(7, 1)),
            Standing::Suspended
        );
        assert_eq!(Standing::of(MembershipStatus::Active, (start, d(5, 31)), None, d(6, 1)), Standing::Expired);
        assert_eq!(Standing::of(MembershipStatus::Upgraded, (start, end), None, d(6, 1)), Standing::Upgraded);
        assert_eq!(Standing::of(MembershipStatus::Closed, (start, end), None, d(6, 1)), Standing::Expired);
    }
}

/// The credit an upgrade gets for the running membership: only what was
/// actually paid for it counts. While its invoice is unpaid (or not issued
/// yet) the credit is nothing and that invoice stays due — the upgrade is
/// priced in full, and the earlier invoice is paid or credited on its own.
/// Once paid, the unused share of the paid net price is credited.
pub fn upgrade_credit(paid: bool, net_minor: i64, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> i64 {
    if paid { unused_credit(net_minor, start, end, today) } else { 0 }
}

#[cfg(test)]
mod upgrade_tests {
    use super::*;

    #[test]
    fn an_unpaid_membership_gives_no_credit() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let (start, end) = (d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(upgrade_credit(false, 36_500, start, end, d(2026, 1, 1)), 0, "nothing paid, nothing credited");
        assert_eq!(upgrade_credit(true, 36_500, start, end, d(2026, 1, 1)), 36_400);
    }
}
