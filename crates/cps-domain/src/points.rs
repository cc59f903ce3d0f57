//! Points: an append-only ledger whose sum is the balance. A product earns
//! the catalogue value it has when its registration becomes complete —
//! lowered by the age decline when that is on, so an old product is never
//! over-valued until the nightly decline; later changes of the catalogue do
//! not touch what was earned.

use crate::catalogue::Decline;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A product's registration became complete.
    Allocation,
    /// A product was removed or became incomplete: its points go back.
    Reversal,
    /// Staff changed the balance, with a reason.
    Adjustment,
    /// The product got older and is worth less (age-based decline).
    Decline,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Allocation => "allocation",
            EntryKind::Reversal => "reversal",
            EntryKind::Adjustment => "adjustment",
            EntryKind::Decline => "decline",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        [EntryKind::Allocation, EntryKind::Reversal, EntryKind::Adjustment, EntryKind::Decline]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The default invitation threshold (the guide's 500 points).
pub const INVITATION_POINTS: i64 = 500;

/// Whether this change of balance sends the invitation: the first time the
/// balance reaches the threshold, and never again.
pub fn invitation_due(balance: i64, threshold: i64, already_invited: bool) -> bool {
    !already_invited && balance >= threshold
}

/// Whole years from `purchase` to `today`.
pub fn years_since(purchase: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - purchase.year();
    if (today.month(), today.day()) < (purchase.month(), purchase.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// What a product is worth on `today`: its catalogue points (`full`, the
/// value when it was completed), lowered by the model's age `decline` from
/// the `purchase` date when the decline is on (`decline_on`,
/// `points.decline`). Without a purchase date there is no age: full value.
/// The same rule gives the allocation at completion and the nightly job's
/// target, so the job finds nothing to lower on the day of completion.
pub fn worth(full: i64, decline: &Decline, purchase: Option<NaiveDate>, today: NaiveDate, decline_on: bool) -> i64 {
    match purchase {
        Some(purchase) if decline_on => decline.points_at(full, years_since(purchase, today)),
        _ => full,
    }
}

/// The decline entry a product needs now: how much its points must go down
/// (a negative amount), if at all. `held` is what the ledger gives the
/// product today, `worth` what its age allows.
pub fn decline_needed(held: i64, worth: i64) -> Option<i64> {
    (worth < held).then_some(worth - held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_invitation_comes_once_at_the_threshold() {
        assert!(!invitation_due(499, 500, false));
        assert!(invitation_due(500, 500, false));
        assert!(invitation_due(735, 500, false));
        assert!(!invitation_due(735, 500, true));
    }

    #[test]
    fn years_count_whole_birthdays() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(years_since(d(2020, 11, 25), d(2026, 11, 24)), 5);
        assert_eq!(years_since(d(2020, 11, 25), d(2026, 11, 25)), 6);
        assert_eq!(years_since(d(2027, 1, 1), d(2026, 11, 25)), 0);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn worth_at_completion_follows_the_decline_steps_when_on() {
        // EOS-1Ds Mark III: 340, 240 from 5 years, 140 from 10.
        let steps = Decline::parse("5=240;10=140", 340).unwrap();
        let today = d(2026, 11, 25);
        let worth_of = |bought| worth(340, &steps, Some(bought), today, true);
        assert_eq!(worth_of(d(2010, 6, 1)), 140, "16 years");
        assert_eq!(worth_of(d(2016, 11, 25)), 140, "10 years to the day");
        assert_eq!(worth_of(d(2016, 11, 26)), 240, "a day short of 10 years");
        assert_eq!(worth_of(d(2021, 11, 25)), 240, "5 years to the day");
        assert_eq!(worth_of(d(2021, 11, 26)), 340, "a day short of 5 years");
        assert_eq!(worth_of(today), 340, "bought today");
        assert_eq!(worth_of(d(2027, 1, 1)), 340, "a date after today has no age");
        assert_eq!(worth(340, &steps, Some(d(2010, 6, 1)), today, false), 340, "decline off: full value");
        assert_eq!(worth(340, &steps, None, today, true), 340, "no purchase date: full value");
        assert_eq!(worth(340, &Decline::default(), Some(d(2010, 6, 1)), today, true), 340, "no decline steps");
    }

    proptest! {
        /// With the decline on, worth never rises with age, never exceeds
        /// the full value, is the full value under the first step and never
        /// goes below the last; off, it is always the full value.
        #[test]
        fn worth_falls_with_age_within_the_steps(
            days in 0i64..20_000,
            more in 0i64..5_000,
            first in 1u32..6,
            gap in 1u32..6,
        ) {
            let steps = Decline::parse(&format!("{first}=240;{}=140", first + gap), 340).unwrap();
            let today = d(2026, 11, 25);
            let bought = today - chrono::Duration::days(days);
            let older = bought - chrono::Duration::days(more);
            let w = worth(340, &steps, Some(bought), today, true);
            prop_assert!(worth(340, &steps, Some(older), today, true) <= w);
            prop_assert!((140..=340).contains(&w));
            if years_since(bought, today) < first {
                prop_assert_eq!(w, 340);
            }
            prop_assert_eq!(worth(340, &steps, Some(bought), today, false), 340);
            // The nightly job finds nothing to lower on the day of completion.
            prop_assert_eq!(decline_needed(w, w), None);
        }
    }

    proptest! {
        /// Applying the decline always leaves the product at what its age allows, never below.
        #[test]
        fn decline_lands_on_the_worth(held in 0i64..1000, worth in 0i64..1000) {
            let after = held + decline_needed(held, worth).unwrap_or(0);
            prop_assert_eq!(after, held.min(worth));
        }
    }
}
