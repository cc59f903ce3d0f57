use crate::Lang;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// ISO 3166-1 alpha-2 code, English name, Swedish name (see `data/SOURCES.md`).
static COUNTRIES: LazyLock<Vec<(&'static str, &'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../data/countries.tsv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?, cols.next()?, cols.next()?))
        })
        .collect()
});

/// The member states of the EU, for VAT treatment and VAT number formats.
const EU: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// A country known to ISO 3166-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country(&'static str);

impl Country {
    pub fn parse(code: &str) -> Result<Country, &'static str> {
        let code = code.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err("error-country-required");
        }
        COUNTRIES.iter().find(|(c, _, _)| *c == code).map(|(c, _, _)| Country(c)).ok_or("error-country-invalid")
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn is_eu(self) -> bool {
        EU.contains(&self.0)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        COUNTRIES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map_or(self.0, |(_, en, sv)| if lang == Lang::Sv { sv } else { en })
    }

    /// Every country, sorted by its name in `lang` (for select boxes).
    pub fn all_sorted(lang: Lang) -> Vec<Country> {
        let mut all: Vec<Country> = COUNTRIES.iter().map(|(c, _, _)| Country(c)).collect();
        all.sort_by_cached_key(|c| sort_key(c.name(lang)));
        all
    }
}

/// Sorts Å, Ä, Ö after Z as Swedish readers expect, and accents with their base letter.
fn sort_key(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => u32::from('z') + 1,
            'ä' | 'æ' => u32::from('z') + 2,
            'ö' | 'ø' => u32::from('z') + 3,
            'é' | 'è' | 'ê' => u32::from('e'),
            'á' | 'à' | 'â' | 'ã' => u32::from('a'),
            'í' | 'ì' => u32::from('i'),
            'ó' | 'ò' | 'ô' | 'õ' => u32::from('o'),
            'ú' | 'ü' => u32::from('u'),
            'ç' => u32::from('c'),
            'ñ' => u32::from('n'),
            other => u32::from(other),
        })
        .collect()
}

impl TryFrom<String> for Country {
    type Error = &'static str;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Country::parse(&value)
    }
}

impl From<Country> for String {
    fn from(value: Country) -> Self {
        value.0.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_every_country_in_both_languages() {
        assert_eq!(COUNTRIES.len(), 249);
        let se = Country::parse("se").unwrap();
        assert_eq!(se.name(Lang::Sv), "Sverige");
        assert_eq!(se.name(Lang::En), "Sweden");
        assert!(se.is_eu());
        assert!(!Country::parse("NO").unwrap().is_eu());
        assert_eq!(Country::parse("XX"), Err("error-country-invalid"));
        assert_eq!(Country::parse(" "), Err("error-country-required"));
    }

    #[test]
    fn swedish_sort_puts_o_umlaut_last() {
        let sv = Country::all_sorted(Lang::Sv);
        let pos = |code| sv.iter().position(|c| c.code() == code).unwrap();
        assert!(pos("AT") > pos("ZW"), "Österrike sorts after Zimbabwe in Swedish");
        let en = Country::all_sorted(Lang::En);
        assert_eq!(en.first().unwrap().code(), "AF");
    }
}
