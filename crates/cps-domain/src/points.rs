//! Points: an append-only ledger whose sum is the balance. A product earns
//! the catalogue value it has when its registration becomes complete; later
//! changes of the catalogue do not touch what was earned.

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

    proptest! {
        /// Applying the decline always leaves the product at what its age allows, never below.
        #[test]
        fn decline_lands_on_the_worth(held in 0i64..1000, worth in 0i64..1000) {
            let after = held + decline_needed(held, worth).unwrap_or(0);
            prop_assert_eq!(after, held.min(worth));
        }
    }
}
