//! The portal's words in Swedish and English, kept as Fluent files under
//! `locales/`: adding a language is adding a folder (and a `Lang` variant).
//! Pages, emails and documents all take their text from here.

use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::Lang;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks: the text goes into email and PDF too.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static SV: LanguageIdentifier = langid!("sv");
static EN: LanguageIdentifier = langid!("en");

/// Texts in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn id(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// The text of a message; its id when there is none (a test keeps every
    /// id used by the templates present in every language).
    pub fn t(&self, id: &str) -> String {
        LOCALES.try_lookup(self.id(), id).unwrap_or_else(|| id.to_owned())
    }

    /// The text of a message with named arguments.
    pub fn t_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned((*k).to_owned()), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(self.id(), id, &map).unwrap_or_else(|| id.to_owned())
    }

    /// `2026-11-25` in Swedish, `25 Nov 2026` in English.
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::Sv => d.format("%Y-%m-%d").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        }
    }

    pub fn datetime(&self, t: DateTime<Utc>) -> String {
        match self.lang {
            Lang::Sv => t.format("%Y-%m-%d %H:%M UTC").to_string(),
            Lang::En => t.format("%-d %b %Y %H:%M UTC").to_string(),
        }
    }

    /// A whole number with the locale's thousands separator (`1 234` / `1,234`).
    pub fn number(&self, n: i64) -> String {
        let sep = match self.lang {
            Lang::Sv => '\u{a0}',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }
}

/// Whether a message id exists (in the fallback language, English).
pub fn message_exists(id: &str) -> bool {
    LOCALES.try_lookup(&EN, id).is_some()
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

/// Every message id of a language, for the completeness tests.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang.code());
    let mut ids = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return ids;
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && !id.starts_with([' ', '#', '.', '-'])
                && !id.is_empty()
            {
                ids.push(id.trim().to_owned());
            }
        }
    }
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let sv = message_ids(Lang::Sv);
        let en = message_ids(Lang::En);
        assert!(sv.len() > 50, "the Swedish file is read");
        let only_sv: Vec<_> = sv.iter().filter(|id| !en.contains(id)).collect();
        let only_en: Vec<_> = en.iter().filter(|id| !sv.contains(id)).collect();
        assert!(only_sv.is_empty() && only_en.is_empty(), "only in sv: {only_sv:?}; only in en: {only_en:?}");
    }

    #[test]
    fn formats_follow_the_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(I18n::new(Lang::Sv).date(d), "2026-11-25");
        assert_eq!(I18n::new(Lang::En).date(d), "25 Nov 2026");
        assert_eq!(I18n::new(Lang::Sv).number(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(I18n::new(Lang::En).number(-1234), "-1,234");
        assert_eq!(I18n::new(Lang::Sv).t("nav-my-products"), "Mina produkter");
        assert_eq!(I18n::new(Lang::En).t("nav-my-products"), "My products");
    }
}
