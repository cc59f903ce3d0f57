use serde::{Deserialize, Serialize};

/// The languages the portal speaks. Adding one is adding a Fluent folder, a
/// FAQ file, its country names and a variant here (the compiler finds every
/// `match` that must learn it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
    /// Norwegian Bokmål.
    Nb,
    Da,
    Fi,
    De,
}

impl Lang {
    /// In the order of the language switch: the source language first.
    pub const ALL: [Lang; 6] = [Lang::Sv, Lang::En, Lang::Nb, Lang::Da, Lang::Fi, Lang::De];

    /// The BCP 47 code, also what is stored for a user (`users.language`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::Nb => "nb",
            Lang::Da => "da",
            Lang::Fi => "fi",
            Lang::De => "de",
        }
    }

    /// The language's name in itself, as a language picker shows it.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
            Lang::Nb => "Norsk bokmål",
            Lang::Da => "Dansk",
            Lang::Fi => "Suomi",
            Lang::De => "Deutsch",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            // Norwegian in general and Nynorsk readers get Bokmål.
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "da" => Some(Lang::Da),
            "fi" => Some(Lang::Fi),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The thousands separator (CLDR): a no-break space in Swedish, Norwegian
    /// and Finnish, a full stop in Danish and German, a comma in English.
    pub fn group_separator(self) -> char {
        match self {
            Lang::Sv | Lang::Nb | Lang::Fi => '\u{a0}',
            Lang::Da | Lang::De => '.',
            Lang::En => ',',
        }
    }

    /// The decimal separator (CLDR).
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Sv | Lang::Nb | Lang::Da | Lang::Fi | Lang::De => ',',
        }
    }

    /// The minus sign (CLDR): U+2212 in Swedish, Norwegian and Finnish, the
    /// hyphen-minus elsewhere.
    pub fn minus_sign(self) -> &'static str {
        match self {
            Lang::Sv | Lang::Nb | Lang::Fi => "\u{2212}",
            Lang::En | Lang::Da | Lang::De => "-",
        }
    }

    /// A whole number with the language's thousands separator.
    pub fn group_digits(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.group_separator());
            }
            out.push(c);
        }
        out
    }

    /// Picks the best language from an `Accept-Language` header, honouring
    /// q-values; Swedish when nothing matches (the programme's home market).
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag)
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map_or(Lang::Sv, |(l, _)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,sv;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR, sv;q=0.5, en;q=0.4"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("sv-SE"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("en;q=0, sv;q=0.1"), Lang::Sv);
        assert_eq!(Lang::from_accept_language(""), Lang::Sv);
    }

    #[test]
    fn the_nordic_languages_and_german_are_offered_from_the_browser() {
        assert_eq!(Lang::from_accept_language("nb-NO,nb;q=0.9,en;q=0.8"), Lang::Nb);
        assert_eq!(Lang::from_accept_language("no"), Lang::Nb);
        assert_eq!(Lang::from_accept_language("nn-NO, en;q=0.5"), Lang::Nb);
        assert_eq!(Lang::from_accept_language("da-DK,da;q=0.9"), Lang::Da);
        assert_eq!(Lang::from_accept_language("fi-FI,fi;q=0.9,sv;q=0.8,en;q=0.7"), Lang::Fi);
        assert_eq!(Lang::from_accept_language("de-DE, sv;q=0.5, en;q=0.4"), Lang::De);
        assert_eq!(Lang::from_accept_language("de-AT;q=0.4, da;q=0.6"), Lang::Da);
    }

    #[test]
    fn every_code_parses_back() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
    }

    #[test]
    fn digits_are_grouped_as_each_language_writes_them() {
        assert_eq!(Lang::Sv.group_digits(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(Lang::Nb.group_digits(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(Lang::Fi.group_digits(1234), "1\u{a0}234");
        assert_eq!(Lang::Da.group_digits(1_234_567), "1.234.567");
        assert_eq!(Lang::De.group_digits(1234), "1.234");
        assert_eq!(Lang::En.group_digits(1234), "1,234");
        assert_eq!(Lang::De.group_digits(999), "999");
    }
}
