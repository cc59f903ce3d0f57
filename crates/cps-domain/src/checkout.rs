//! Who may buy which tier, and at what price: the checkout's decisions over
//! plain values. The store loads the business, its balance, its running
//! membership and the tiers, calls these rules, and saves the order in one
//! transaction.

use crate::Country;
use crate::membership::{renewal_open, term_end, upgrade_credit};
use crate::money::{Currency, Money};
use crate::tiers::Tier;
use crate::vat::VatTreatment;
use chrono::NaiveDate;

/// The price of a checkout as the review page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub list_price: Money,
    /// The unused part of the current membership, when upgrading.
    pub credit: Money,
    pub net: Money,
    pub vat: VatTreatment,
    pub vat_amount: Money,
    pub total: Money,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Why a checkout was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutRefused {
    UnknownTier,
    /// The business does not qualify for the tier (checked on the server).
    NotQualified,
    /// It already has this tier.
    AlreadyMember,
    /// A lower tier while a higher one runs: choose it at renewal.
    Downgrade,
    NoPrice,
    /// Card payment without a saved card.
    CardMissing,
}

/// The seller's side of the VAT decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SellerVat {
    pub country: Country,
    pub vat_rate_bp: i64,
}

/// The buyer as the price depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buyer {
    pub country: Country,
    /// A VAT number VIES confirmed (reverse charge needs one).
    pub vat_number_confirmed: bool,
}

/// The membership running today, as an upgrade or renewal depends on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub tier_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The net price of its order, in minor units.
    pub paid_net_minor: i64,
    /// Whether its invoice is paid (only money received is credited).
    pub invoice_paid: bool,
    /// A renewal is taken already: the next term is settled.
    pub renewed: bool,
}

/// Whether the business may buy `tier` with what it holds, paying as chosen.
pub fn eligibility(
    tier: &Tier,
    balance: i64,
    complete_products: u32,
    pays_by_card: bool,
    has_card: bool,
) -> Result<(), CheckoutRefused> {
    if !tier.shortfall(balance, complete_products).is_open() {
        return Err(CheckoutRefused::NotQualified);
    }
    if pays_by_card && !has_card {
        return Err(CheckoutRefused::CardMissing);
    }
    Ok(())
}

/// The price of `tier` for `years` for this buyer today, with the VAT rules
/// and, for an upgrade, the credit of the running membership; `tiers` are
/// the active tiers (an upgrade must be to a dearer one).
pub fn quote(
    tier: &Tier,
    tiers: &[Tier],
    years: u32,
    buyer: Buyer,
    seller: SellerVat,
    running: Option<&Running>,
    today: NaiveDate,
) -> Result<Quote, CheckoutRefused> {
    let currency = Currency::for_country(buyer.country);
    let Some(list_price) = tier.price(currency, years) else { return Err(CheckoutRefused::NoPrice) };
    let mut credit = 0;
    let mut starts_on = today;
    if let Some(current) = running {
        // A renewal already taken settles the next term: nothing more until it starts.
        if current.renewed {
            return Err(CheckoutRefused::AlreadyMember);
        }
        if current.tier_code == tier.code {
            // Early renewal: the same tier again in the last days of the term,
            // for a term that starts the day after this one ends.
            if !renewal_open(current.ends_on, today) {
                return Err(CheckoutRefused::AlreadyMember);
            }
            starts_on = current.ends_on + chrono::Duration::days(1);
        } else {
            let yearly =
                |code: &str| tiers.iter().find(|t| t.code == code).and_then(|t| t.prices.get(&currency).copied());
            if yearly(&tier.code) <= yearly(&current.tier_code) {
                return Err(CheckoutRefused::Downgrade);
            }
            // Only money actually received for the running membership is credited; an
            // unpaid invoice of it stays due (docs/PAYMENTS.md, "Upgrades").
            credit =
                upgrade_credit(current.invoice_paid, current.paid_net_minor, current.starts_on, current.ends_on, today);
        }
    }
    let net = (list_price.minor - credit).max(0);
    let vat = VatTreatment::decide(seller.country, seller.vat_rate_bp, buyer.country, buyer.vat_number_confirmed);
    let vat_amount = vat.vat_on(net);
    Ok(Quote {
        list_price,
        credit: Money::new(credit, currency),
        net: Money::new(net, currency),
        vat,
        vat_amount: Money::new(vat_amount, currency),
        total: Money::new(net + vat_amount, currency),
        starts_on,
        ends_on: term_end(starts_on, years),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tiers::parse_tiers;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn tiers() -> Vec<Tier> {
        parse_tiers(crate::tiers::shipped()).unwrap()
    }

    fn c(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    fn se() -> SellerVat {
        SellerVat { country: c("SE"), vat_rate_bp: 2500 }
    }

    fn swede() -> Buyer {
        Buyer { country: c("SE"), vat_number_confirmed: true }
    }

    fn running(tier: &Tier, starts_on: NaiveDate, paid: bool) -> Running {
        Running {
            tier_code: tier.code.clone(),
            starts_on,
            ends_on: term_end(starts_on, 1),
            paid_net_minor: tier.price(Currency::SEK, 1).unwrap().minor,
            invoice_paid: paid,
            renewed: false,
        }
    }

    /// The cheapest and the dearest individual tier (by SEK yearly price).
    fn cheap_and_dear(all: &[Tier]) -> (Tier, Tier) {
        let mut individual: Vec<&Tier> = all.iter().filter(|t| t.kind == crate::tiers::TierKind::Individual).collect();
        individual.sort_by_key(|t| t.prices[&Currency::SEK]);
        ((*individual.first().unwrap()).clone(), (*individual.last().unwrap()).clone())
    }

    #[test]
    fn a_first_membership_costs_the_list_price_with_the_buyers_vat() {
        let all = tiers();
        let (cheap, _) = cheap_and_dear(&all);
        let today = d(2026, 11, 25);
        let q = quote(&cheap, &all, 1, swede(), se(), None, today).unwrap();
        assert_eq!(q.list_price, cheap.price(Currency::SEK, 1).unwrap());
        assert_eq!(q.credit.minor, 0);
        assert_eq!(q.net, q.list_price);
        assert_eq!(q.vat, VatTreatment::Domestic { rate_bp: 2500 });
        assert_eq!(q.total.minor, q.net.minor + q.vat_amount.minor);
        assert_eq!((q.starts_on, q.ends_on), (today, d(2027, 11, 24)));
        let german = Buyer { country: c("DE"), vat_number_confirmed: true };
        let q = quote(&cheap, &all, 1, german, se(), None, today).unwrap();
        assert_eq!((q.vat, q.net.currency), (VatTreatment::ReverseCharge, Currency::EUR));
        assert_eq!(q.vat_amount.minor, 0);
        let unconfirmed = Buyer { country: c("DE"), vat_number_confirmed: false };
        assert_eq!(quote(&cheap, &all, 1, unconfirmed, se(), None, today).unwrap().vat.rate_bp(), 2500);
        assert_eq!(quote(&cheap, &all, 4, swede(), se(), None, today), Err(CheckoutRefused::NoPrice), "no 4-year term");
    }

    #[test]
    fn the_same_tier_again_only_in_the_renewal_window_and_once() {
        let all = tiers();
        let (cheap, _) = cheap_and_dear(&all);
        let start = d(2026, 1, 1);
        let now = running(&cheap, start, true);
        let ends = now.ends_on;
        let refused = quote(&cheap, &all, 1, swede(), se(), Some(&now), ends - chrono::Duration::days(61));
        assert_eq!(refused, Err(CheckoutRefused::AlreadyMember), "61 days before the end");
        let q = quote(&cheap, &all, 1, swede(), se(), Some(&now), ends - chrono::Duration::days(60)).unwrap();
        assert_eq!(q.starts_on, ends + chrono::Duration::days(1), "the next term follows this one");
        assert_eq!(q.credit.minor, 0);
        let renewed = Running { renewed: true, ..now };
        assert_eq!(quote(&cheap, &all, 1, swede(), se(), Some(&renewed), ends), Err(CheckoutRefused::AlreadyMember));
    }

    #[test]
    fn an_upgrade_is_credited_what_was_paid_and_a_downgrade_waits() {
        let all = tiers();
        let (cheap, dear) = cheap_and_dear(&all);
        let start = d(2026, 1, 1);
        let today = d(2026, 7, 1);
        let paid = running(&cheap, start, true);
        let q = quote(&dear, &all, 1, swede(), se(), Some(&paid), today).unwrap();
        let expected = crate::membership::unused_credit(paid.paid_net_minor, start, paid.ends_on, today);
        assert!(expected > 0);
        assert_eq!(q.credit.minor, expected);
        assert_eq!(q.net.minor, q.list_price.minor - expected);
        assert_eq!(q.starts_on, today, "an upgrade starts today");
        let unpaid = running(&cheap, start, false);
        assert_eq!(quote(&dear, &all, 1, swede(), se(), Some(&unpaid), today).unwrap().credit.minor, 0);
        let higher = running(&dear, start, true);
        assert_eq!(quote(&cheap, &all, 1, swede(), se(), Some(&higher), today), Err(CheckoutRefused::Downgrade));
    }

    #[test]
    fn eligibility_needs_the_tiers_points_and_a_card_for_card_payment() {
        let all = tiers();
        let (cheap, _) = cheap_and_dear(&all);
        let need = cheap.points_needed();
        assert_eq!(eligibility(&cheap, need - 1, 100, false, false), Err(CheckoutRefused::NotQualified));
        assert_eq!(eligibility(&cheap, need, 100, false, false), Ok(()));
        assert_eq!(eligibility(&cheap, need, 100, true, false), Err(CheckoutRefused::CardMissing));
        assert_eq!(eligibility(&cheap, need, 100, true, true), Ok(()));
        assert_eq!(
            eligibility(&cheap, need - 1, 100, true, false),
            Err(CheckoutRefused::NotQualified),
            "not qualifying is said first"
        );
    }

    proptest! {
        /// An upgrade never costs less than nothing nor more than the list
        /// price, and the total is always net plus its VAT.
        #[test]
        fn an_upgrade_costs_between_nothing_and_the_list_price(days in 0i64..400, paid in proptest::bool::ANY, years in 1u32..4) {
            let all = tiers();
            let (cheap, dear) = cheap_and_dear(&all);
            let start = d(2026, 1, 1);
            let today = start + chrono::Duration::days(days);
            let now = running(&cheap, start, paid);
            let q = quote(&dear, &all, years, swede(), se(), Some(&now), today).unwrap();
            prop_assert!(q.net.minor >= 0 && q.net.minor <= q.list_price.minor);
            prop_assert_eq!(q.net.minor, q.list_price.minor - q.credit.minor);
            prop_assert_eq!(q.total.minor, q.net.minor + q.vat_amount.minor);
            if !paid {
                prop_assert_eq!(q.credit.minor, 0);
            }
        }
    }
}
