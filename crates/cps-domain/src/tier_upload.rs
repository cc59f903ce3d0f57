//! What an uploaded tier file changes against the tiers in use, decided
//! before staff apply it: each tier of the file is new, changed or the same,
//! and each tier in use that the file leaves out is removed.

use crate::tiers::Tier;

/// How one tier fares when the file is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierChange {
    /// In the file, not in use: it is added.
    Added,
    /// In both, with any difference (name, points, prices in any currency,
    /// discounts, benefits).
    Changed,
    /// In both, exactly the same.
    Unchanged,
    /// In use, not in the file: applying the file removes it.
    Removed,
}

/// One line of the preview: the tier as it will be (as it was, if removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierLine<'a> {
    pub tier: &'a Tier,
    pub change: TierChange,
}

/// The effect of a tier file on the current tiers: the file's tiers in the
/// file's order, then the removed ones in their current order. Tiers are
/// matched by code.
pub fn diff<'a>(file: &'a [Tier], current: &'a [Tier]) -> Vec<TierLine<'a>> {
    let in_file = file.iter().map(|t| {
        let change = match current.iter().find(|c| c.code == t.code) {
            None => TierChange::Added,
            Some(old) if old == t => TierChange::Unchanged,
            Some(_) => TierChange::Changed,
        };
        TierLine { tier: t, change }
    });
    let removed = current
        .iter()
        .filter(|c| !file.iter().any(|t| t.code == c.code))
        .map(|c| TierLine { tier: c, change: TierChange::Removed });
    in_file.chain(removed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use crate::tiers::{parse_tiers, shipped};

    fn current() -> Vec<Tier> {
        parse_tiers(shipped()).unwrap()
    }

    fn changes(file: &[Tier], current: &[Tier]) -> Vec<(String, TierChange)> {
        diff(file, current).into_iter().map(|l| (l.tier.code.clone(), l.change)).collect()
    }

    fn unchanged_codes(tiers: &[Tier]) -> Vec<(String, TierChange)> {
        tiers.iter().map(|t| (t.code.clone(), TierChange::Unchanged)).collect()
    }

    #[test]
    fn the_same_file_changes_nothing() {
        let now = current();
        assert_eq!(changes(&now, &now), unchanged_codes(&now));
    }

    #[test]
    fn a_new_tier_is_added_where_the_file_has_it() {
        let now = current();
        let mut file = now.clone();
        let mut bronze = now[0].clone();
        bronze.code = "BRONZE".into();
        bronze.name = "Bronze".into();
        file.insert(0, bronze);
        let got = diff(&file, &now);
        assert_eq!(got[0].change, TierChange::Added);
        assert_eq!(got[0].tier.name, "Bronze", "the file's tier is shown");
        assert!(got[1..].iter().all(|l| l.change == TierChange::Unchanged));
        assert_eq!(got.len(), now.len() + 1);
    }

    #[test]
    fn a_tier_left_out_is_removed_and_listed_last() {
        let now = current();
        let file: Vec<Tier> = now.iter().filter(|t| t.code != "GOLD").cloned().collect();
        let got = diff(&file, &now);
        assert_eq!(got.len(), now.len());
        let last = got.last().unwrap();
        assert_eq!((last.tier.code.as_str(), last.change), ("GOLD", TierChange::Removed));
        assert_eq!(last.tier.min_points, 1000, "the tier as it is now");
        assert!(got[..got.len() - 1].iter().all(|l| l.change == TierChange::Unchanged));
    }

    #[test]
    fn a_price_changed_in_either_currency_changes_the_tier() {
        let now = current();
        for currency in [Currency::SEK, Currency::EUR] {
            let mut file = now.clone();
            *file[1].prices.get_mut(&currency).unwrap() += 100;
            let got = changes(&file, &now);
            assert_eq!(got[1], ("GOLD".to_owned(), TierChange::Changed), "{currency:?}");
            assert!(got.iter().enumerate().all(|(n, (_, c))| n == 1 || *c == TierChange::Unchanged));
        }
    }

    #[test]
    fn a_currency_dropped_or_added_changes_the_tier() {
        let now = current();
        let mut file = now.clone();
        file[0].prices.remove(&Currency::EUR);
        assert_eq!(diff(&file, &now)[0].change, TierChange::Changed);
        // And the other way round: the tier in use has one currency, the file two.
        assert_eq!(diff(&now, &file)[0].change, TierChange::Changed);
    }

    #[test]
    fn any_other_difference_changes_the_tier_too() {
        let now = current();
        let mut file = now.clone();
        file[2].min_points += 1;
        file[3].benefits.sensor_cleans += 1;
        let got: Vec<TierChange> = diff(&file, &now).into_iter().map(|l| l.change).collect();
        assert_eq!(got[2], TierChange::Changed);
        assert_eq!(got[3], TierChange::Changed);
        assert_eq!(got[0], TierChange::Unchanged);
    }

    #[test]
    fn an_empty_file_removes_every_tier_and_nothing_in_use_adds_every_tier() {
        let now = current();
        let removed: Vec<_> = now.iter().map(|t| (t.code.clone(), TierChange::Removed)).collect();
        assert_eq!(changes(&[], &now), removed);
        let added: Vec<_> = now.iter().map(|t| (t.code.clone(), TierChange::Added)).collect();
        assert_eq!(changes(&now, &[]), added);
        assert!(diff(&[], &[]).is_empty());
    }
}
