//! The CPS tiers and who may choose them. The guide's rules on top of each
//! tier's own minimum: from 2 000 points every individual tier is open, and
//! business tiers need more than 2 500 points (and their product count).

use crate::money::{Currency, Money, mul_div_round};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// From this balance every individual tier is open (the guide's 2 000).
pub const ALL_INDIVIDUAL_AT: i64 = 2000;
/// Business tiers need more than this (the guide's "more than 2 500").
pub const BUSINESS_ABOVE: i64 = 2500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TierKind {
    Individual,
    Business,
}

impl TierKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TierKind::Individual => "individual",
            TierKind::Business => "business",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benefits {
    pub repair_days: u32,
    pub repair_discount_percent: u32,
    /// An allowance for maintenance equal to the annual fee.
    pub maintenance_allowance: bool,
    pub loan_equipment: bool,
    pub sensor_cleans: u32,
    /// 1 is served first.
    pub support_priority: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub code: String,
    pub kind: TierKind,
    pub name: String,
    pub min_points: i64,
    #[serde(default)]
    pub min_products: Option<u32>,
    /// Net price per year in minor units, by currency.
    pub prices: BTreeMap<Currency, i64>,
    /// Percent off for multi-year terms, by years.
    #[serde(default)]
    pub discounts: BTreeMap<String, i64>,
    pub benefits: Benefits,
}

#[derive(Deserialize)]
struct TierFile {
    tier: Vec<Tier>,
}

/// The terms a membership can be bought for.
pub const TERMS: [u32; 3] = [1, 2, 3];

/// What keeps a tier closed, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    pub points: i64,
    pub products: u32,
}

impl Shortfall {
    pub fn is_open(self) -> bool {
        self.points == 0 && self.products == 0
    }
}

impl Tier {
    /// The balance this tier needs, after the guide's rules.
    pub fn points_needed(&self) -> i64 {
        match self.kind {
            TierKind::Individual => self.min_points.min(ALL_INDIVIDUAL_AT),
            TierKind::Business => self.min_points.max(BUSINESS_ABOVE + 1),
        }
    }

    pub fn shortfall(&self, points: i64, complete_products: u32) -> Shortfall {
        Shortfall {
            points: (self.points_needed() - points).max(0),
            products: self.min_products.map_or(0, |need| need.saturating_sub(complete_products)),
        }
    }

    pub fn discount_percent(&self, years: u32) -> i64 {
        self.discounts.get(&years.to_string()).copied().unwrap_or(0)
    }

    /// The net price of a term, with the multi-year discount; `None` when the
    /// tier has no price in that currency or the term is not offered.
    pub fn price(&self, currency: Currency, years: u32) -> Option<Money> {
        if !TERMS.contains(&years) {
            return None;
        }
        let yearly = *self.prices.get(&currency)?;
        let full = yearly * i64::from(years);
        Some(Money::new(mul_div_round(full, 100 - self.discount_percent(years), 100), currency))
    }
}

pub fn parse_tiers(text: &str) -> Result<Vec<Tier>, String> {
    let file: TierFile = toml::from_str(text).map_err(|e| e.to_string())?;
    for t in &file.tier {
        if t.prices.is_empty() || t.prices.values().any(|p| *p <= 0) {
            return Err(format!("tier {} needs positive prices", t.code));
        }
        if t.discounts.values().any(|d| !(0..100).contains(d)) {
            return Err(format!("tier {} has a discount outside 0–99 %", t.code));
        }
    }
    Ok(file.tier)
}

pub fn shipped() -> &'static str {
    include_str!("../data/tiers.toml")
}

/// Whether the ON/OFF switch between business and individual tiers shows:
/// when the balance opens business tiers too (more than 2 500 points).
pub fn switch_visible(points: i64) -> bool {
    points > BUSINESS_ABOVE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<Tier> {
        parse_tiers(shipped()).unwrap()
    }

    fn open_codes(points: i64, products: u32) -> Vec<String> {
        tiers().into_iter().filter(|t| t.shortfall(points, products).is_open()).map(|t| t.code).collect()
    }

    #[test]
    fn individual_tiers_open_at_their_boundaries() {
        assert!(open_codes(499, 0).is_empty());
        assert_eq!(open_codes(500, 0), ["SILVER"]);
        assert_eq!(open_codes(999, 0), ["SILVER"]);
        assert_eq!(open_codes(1000, 0), ["SILVER", "GOLD"]);
        assert_eq!(open_codes(1599, 0), ["SILVER", "GOLD"]);
        assert_eq!(open_codes(1600, 0), ["SILVER", "GOLD", "PLATINUM"]);
        assert_eq!(open_codes(2000, 0), ["SILVER", "GOLD", "PLATINUM"]);
    }

    #[test]
    fn business_tiers_need_more_than_2500_points_and_their_products() {
        assert_eq!(open_codes(2500, 300), ["SILVER", "GOLD", "PLATINUM"], "2 500 is not more than 2 500");
        assert_eq!(open_codes(2501, 24), ["SILVER", "GOLD", "PLATINUM"]);
        assert_eq!(open_codes(2501, 25), ["SILVER", "GOLD", "PLATINUM", "BUSINESS-A"]);
        assert_eq!(open_codes(2501, 100), ["SILVER", "GOLD", "PLATINUM", "BUSINESS-A", "BUSINESS-B"]);
        assert_eq!(open_codes(9000, 250).len(), 6);
        let a = tiers().into_iter().find(|t| t.code == "BUSINESS-A").unwrap();
        assert_eq!(a.shortfall(2400, 13), Shortfall { points: 101, products: 12 });
        assert!(!switch_visible(2500));
        assert!(switch_visible(2501));
    }

    #[test]
    fn every_individual_tier_is_open_from_2000_whatever_its_minimum() {
        let mut t = tiers().into_iter().find(|t| t.code == "PLATINUM").unwrap();
        t.min_points = 5000;
        assert_eq!(t.shortfall(1999, 0).points, 1);
        assert!(t.shortfall(2000, 0).is_open());
    }

    #[test]
    fn multi_year_terms_are_discounted() {
        let gold = tiers().into_iter().find(|t| t.code == "GOLD").unwrap();
        assert_eq!(gold.price(Currency::EUR, 1), Some(Money::new(20_000, Currency::EUR)));
        assert_eq!(gold.price(Currency::EUR, 2), Some(Money::new(38_000, Currency::EUR)), "5 % off");
        assert_eq!(gold.price(Currency::EUR, 3), Some(Money::new(54_000, Currency::EUR)), "10 % off");
        assert_eq!(gold.price(Currency::SEK, 1), Some(Money::new(230_000, Currency::SEK)));
        assert_eq!(gold.price(Currency::EUR, 4), None);
    }
}

/// The next individual tier a balance has not reached yet ("320 points to Gold").
pub fn next_individual(tiers: &[Tier], points: i64) -> Option<&Tier> {
    tiers
        .iter()
        .filter(|t| t.kind == TierKind::Individual && t.points_needed() > points)
        .min_by_key(|t| t.points_needed())
}

#[cfg(test)]
mod next_tests {
    use super::*;

    #[test]
    fn the_next_tier_is_the_cheapest_one_not_reached() {
        let tiers = parse_tiers(shipped()).unwrap();
        let name = |p| next_individual(&tiers, p).map(|t| t.name.clone());
        assert_eq!(name(0).as_deref(), Some("Silver"));
        assert_eq!(name(500).as_deref(), Some("Gold"));
        assert_eq!(name(1599).as_deref(), Some("Platinum"));
        assert_eq!(name(1600), None);
    }
}
