//! Money: integer minor units with a currency, always together.

use crate::{Country, Lang};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Currency {
    EUR,
    SEK,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::EUR => "EUR",
            Currency::SEK => "SEK",
        }
    }

    pub fn parse(s: &str) -> Option<Currency> {
        match s {
            "EUR" => Some(Currency::EUR),
            "SEK" => Some(Currency::SEK),
            _ => None,
        }
    }

    /// What a business pays in: kronor in Sweden, euro elsewhere.
    pub fn for_country(country: Country) -> Currency {
        if country.code() == "SE" { Currency::SEK } else { Currency::EUR }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// `1 234,00 kr` / `100,00 €` in Swedish; `SEK 1,234.00` / `€1,234.00` in English;
    /// `1 234,00 €` in Norwegian and Finnish, `1.234,00 €` in Danish and German,
    /// where kronor are written `SEK` (their own `kr` is another krone).
    /// A negative amount carries its sign in front, as each language writes
    /// it (CLDR): `−100,00 €` with the minus sign U+2212 in Swedish, Norwegian
    /// and Finnish, `-€100.00` in English, `-100,00 €` in Danish and German —
    /// never `€-100.00`.
    pub fn format(self, lang: Lang) -> String {
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        let number = format!("{}{}{cents:02}", lang.group_digits(units), lang.decimal_separator());
        let sign = if negative { lang.minus_sign() } else { "" };
        match (lang, self.currency) {
            (Lang::Sv, Currency::SEK) => format!("{sign}{number}\u{a0}kr"),
            (Lang::En, Currency::EUR) => format!("{sign}€{number}"),
            (Lang::En, Currency::SEK) => format!("{sign}SEK\u{a0}{number}"),
            (Lang::Sv | Lang::Nb | Lang::Da | Lang::Fi | Lang::De, Currency::EUR) => format!("{sign}{number}\u{a0}€"),
            (Lang::Nb | Lang::Da | Lang::Fi | Lang::De, Currency::SEK) => format!("{sign}{number}\u{a0}SEK"),
        }
    }
}

/// `amount × numerator / denominator`, rounded half away from zero.
pub fn mul_div_round(amount: i64, numerator: i64, denominator: i64) -> i64 {
    let n = i128::from(amount) * i128::from(numerator);
    let d = i128::from(denominator);
    let q = (n.abs() * 2 + d) / (2 * d);
    i64::try_from(if n < 0 { -q } else { q }).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_locale() {
        assert_eq!(Money::new(123_400, Currency::SEK).format(Lang::Sv), "1\u{a0}234,00\u{a0}kr");
        assert_eq!(Money::new(123_400, Currency::EUR).format(Lang::En), "€1,234.00");
        assert_eq!(Money::new(5, Currency::EUR).format(Lang::Sv), "0,05\u{a0}€");
    }

    #[test]
    fn a_negative_amount_has_its_sign_in_front_of_the_currency() {
        assert_eq!(Money::new(-10_000, Currency::SEK).format(Lang::En), "-SEK\u{a0}100.00");
        assert_eq!(Money::new(-10_000, Currency::EUR).format(Lang::En), "-€100.00");
        assert_eq!(Money::new(-10_000, Currency::EUR).format(Lang::Sv), "\u{2212}100,00\u{a0}€");
        assert_eq!(Money::new(-143_750, Currency::SEK).format(Lang::Sv), "\u{2212}1\u{a0}437,50\u{a0}kr");
        assert_eq!(Money::new(-5, Currency::SEK).format(Lang::Sv), "\u{2212}0,05\u{a0}kr");
        assert_eq!(Money::new(0, Currency::EUR).format(Lang::En), "€0.00", "zero has no sign");
    }

    #[test]
    fn the_nordic_languages_and_german_write_amounts_their_own_way() {
        let eur = Money::new(123_456, Currency::EUR);
        let sek = Money::new(123_456, Currency::SEK);
        assert_eq!(eur.format(Lang::Nb), "1\u{a0}234,56\u{a0}€");
        assert_eq!(eur.format(Lang::Fi), "1\u{a0}234,56\u{a0}€");
        assert_eq!(eur.format(Lang::Da), "1.234,56\u{a0}€");
        assert_eq!(eur.format(Lang::De), "1.234,56\u{a0}€");
        assert_eq!(sek.format(Lang::Nb), "1\u{a0}234,56\u{a0}SEK");
        assert_eq!(sek.format(Lang::De), "1.234,56\u{a0}SEK");
        assert_eq!(Money::new(-10_000, Currency::EUR).format(Lang::Fi), "\u{2212}100,00\u{a0}€");
        assert_eq!(Money::new(-10_000, Currency::EUR).format(Lang::De), "-100,00\u{a0}€");
        assert_eq!(Money::new(-10_000, Currency::EUR).format(Lang::Da), "-100,00\u{a0}€");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(mul_div_round(10, 1, 4), 3);
        assert_eq!(mul_div_round(-10, 1, 4), -3);
        assert_eq!(mul_div_round(100, 95, 100), 95);
        assert_eq!(mul_div_round(333, 1, 3), 111);
    }
}
