use serde::{Deserialize, Serialize};

/// The languages the portal speaks. Adding one is adding a Fluent file and a
/// variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
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
        assert_eq!(Lang::from_accept_language("de-DE, sv;q=0.5, en;q=0.4"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("sv-SE"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("en;q=0, sv;q=0.1"), Lang::Sv);
        assert_eq!(Lang::from_accept_language(""), Lang::Sv);
    }
}
