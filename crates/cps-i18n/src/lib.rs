//! The portal's words in Swedish (the source), English, Norwegian Bokmål,
//! Danish, Finnish and German, kept as Fluent files under `locales/` (one
//! folder per language, the same files and ids in each): adding a language is
//! adding a folder (and a `Lang` variant). Terms per language are kept in
//! `glossary/`.
//! Pages, emails and documents all take their text from here.

use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::Lang;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

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
static NB: LanguageIdentifier = langid!("nb");
static DA: LanguageIdentifier = langid!("da");
static FI: LanguageIdentifier = langid!("fi");
static DE: LanguageIdentifier = langid!("de");

/// The texts without arguments once formatted, per language (by `Lang`'s
/// index): a table row repeats its column labels for narrow screens.
static PLAIN: LazyLock<[RwLock<HashMap<String, String>>; Lang::ALL.len()]> = LazyLock::new(Default::default);

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
            Lang::Nb => &NB,
            Lang::Da => &DA,
            Lang::Fi => &FI,
            Lang::De => &DE,
        }
    }

    /// The text of a message; its id when there is none (a test keeps every
    /// id used by the templates present in every language).
    pub fn t(&self, id: &str) -> String {
        let formatted = &PLAIN[self.lang as usize];
        if let Some(text) = formatted.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(id) {
            return text.clone();
        }
        let text = self.lookup(id, None);
        // Only ids that exist: the memo stays as small as the Fluent files.
        if text != id || message_exists(id) {
            formatted.write().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id.to_owned(), text.clone());
        }
        text
    }

    /// The message in this language, else in English (the fallback), else
    /// its id. `Loader::try_lookup` negotiates the language among all six on
    /// every call, which cost more than the formatting: a page of 50
    /// products asks for some 600 texts.
    fn lookup(&self, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        LOCALES
            .lookup_single_language(self.id(), id, args)
            .or_else(|_| LOCALES.lookup_single_language(&EN, id, args))
            .unwrap_or_else(|_| id.to_owned())
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
        self.lookup(id, Some(&map))
    }

    /// `2026-11-25` in Swedish, `25 Nov 2026` in English, `25.11.2026` in
    /// Norwegian, Danish and German, `25.11.2026` (`5.1.2026`) in Finnish (CLDR).
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::Sv => d.format("%Y-%m-%d").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
            Lang::Nb | Lang::Da | Lang::De => d.format("%d.%m.%Y").to_string(),
            Lang::Fi => d.format("%-d.%-m.%Y").to_string(),
        }
    }

    pub fn datetime(&self, t: DateTime<Utc>) -> String {
        let time = match self.lang {
            Lang::Fi => t.format("%H.%M").to_string(),
            Lang::Sv | Lang::En | Lang::Nb | Lang::Da | Lang::De => t.format("%H:%M").to_string(),
        };
        format!("{} {time} UTC", self.date(t.date_naive()))
    }

    /// A whole number with the locale's thousands separator (`1 234` / `1,234` / `1.234`).
    pub fn number(&self, n: i64) -> String {
        let out = self.lang.group_digits(n.unsigned_abs());
        // Points and counts keep the hyphen-minus every reader types (amounts
        // of money take the language's minus sign, see `Money::format`).
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
    use std::collections::{BTreeMap, BTreeSet};

    /// The messages of a language: id → (file, the message's text with its
    /// continuation lines); an id defined twice is reported.
    fn messages(lang: Lang) -> (BTreeMap<String, (String, String)>, Vec<String>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang.code());
        let mut out: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut twice = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("locale folder").flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut current: Option<String> = None;
            for line in text.lines() {
                // Indented lines and the closing brace of a select expression continue the message.
                if line.starts_with([' ', '\t', '}']) {
                    if let Some(id) = &current {
                        out.get_mut(id).unwrap().1.push_str(line);
                    }
                    continue;
                }
                current = None;
                if let Some((id, value)) = line.split_once('=')
                    && !line.starts_with(['#', '-', '.'])
                {
                    let id = id.trim().to_owned();
                    if out.insert(id.clone(), (file.clone(), value.to_owned())).is_some() {
                        twice.push(format!("{}: {id}", lang.code()));
                    }
                    current = Some(id);
                }
            }
        }
        (out, twice)
    }

    /// The variables a message uses (`{ $name }`, also in selectors).
    fn variables(text: &str) -> BTreeSet<String> {
        text.split('$')
            .skip(1)
            .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect())
            .collect()
    }

    #[test]
    fn every_language_has_exactly_the_messages_of_the_source_in_the_same_files() {
        let (sv, twice) = messages(Lang::Sv);
        assert!(sv.len() > 50, "the Swedish files are read");
        assert!(twice.is_empty(), "defined twice: {twice:?}");
        for lang in Lang::ALL {
            let (other, twice) = messages(lang);
            assert!(twice.is_empty(), "defined twice: {twice:?}");
            let missing: Vec<_> = sv.keys().filter(|id| !other.contains_key(*id)).collect();
            let extra: Vec<_> = other.keys().filter(|id| !sv.contains_key(*id)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang:?} lacks {missing:?}; only {lang:?} has {extra:?}");
            let moved: Vec<_> = sv.iter().filter(|(id, (file, _))| other[*id].0 != *file).map(|(id, _)| id).collect();
            assert!(moved.is_empty(), "in another file in {lang:?} than in sv: {moved:?}");
            let empty: Vec<_> =
                other.iter().filter(|(_, (_, text))| text.trim().is_empty()).map(|(id, _)| id).collect();
            assert!(empty.is_empty(), "empty in {lang:?}: {empty:?}");
        }
    }

    #[test]
    fn every_placeable_of_a_translation_exists_in_the_source() {
        let (sv, _) = messages(Lang::Sv);
        for lang in Lang::ALL {
            let (other, _) = messages(lang);
            let unknown: Vec<String> = other
                .iter()
                .filter_map(|(id, (_, text))| {
                    let source = variables(&sv.get(id)?.1);
                    let stray: Vec<_> = variables(text).difference(&source).cloned().collect();
                    (!stray.is_empty()).then(|| format!("{id}: {stray:?}"))
                })
                .collect();
            assert!(unknown.is_empty(), "{lang:?} uses variables the Swedish message does not have: {unknown:?}");
        }
    }

    #[test]
    fn every_file_parses_and_every_message_resolves_in_its_own_language() {
        for lang in Lang::ALL {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang.code());
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                if let Err((_, errors)) = fluent_templates::fluent_bundle::FluentResource::try_new(text) {
                    panic!("{}: {errors:?}", entry.path().display());
                }
            }
            let i = I18n::new(lang);
            let (own, _) = messages(lang);
            let unresolved: Vec<_> = own
                .iter()
                .filter(|(id, (_, text))| {
                    let names = variables(text);
                    let args: Vec<(&str, Arg)> = names.iter().map(|n| (n.as_str(), Arg::Num(2))).collect();
                    i.t_args(id, &args) == **id
                })
                .map(|(id, _)| id)
                .collect();
            assert!(unresolved.is_empty(), "{lang:?}: {unresolved:?}");
        }
        // The loader really reads each folder (not the English fallback).
        assert_eq!(I18n::new(Lang::Nb).t("nav-my-products"), "Mine produkter");
        assert_eq!(I18n::new(Lang::Fi).t("nav-my-products"), "Omat tuotteet");
        assert_eq!(I18n::new(Lang::De).t("nav-my-products"), "Meine Produkte");
    }

    #[test]
    fn the_variable_scanner_finds_selectors_and_placeables() {
        let vars = variables("{ $count ->\n [one] { $count } sak\n *[other] { $count } saker i { $place_1 }\n}");
        assert_eq!(vars.into_iter().collect::<Vec<_>>(), vec!["count".to_owned(), "place_1".to_owned()]);
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
        let one = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(I18n::new(Lang::Nb).date(one), "05.01.2026");
        assert_eq!(I18n::new(Lang::Da).date(d), "25.11.2026");
        assert_eq!(I18n::new(Lang::De).date(one), "05.01.2026");
        assert_eq!(I18n::new(Lang::Fi).date(one), "5.1.2026");
        assert_eq!(I18n::new(Lang::De).number(1234567), "1.234.567");
        assert_eq!(I18n::new(Lang::Fi).number(1234), "1\u{a0}234");
        let t = DateTime::parse_from_rfc3339("2026-11-25T14:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(I18n::new(Lang::Fi).datetime(t), "25.11.2026 14.30 UTC");
        assert_eq!(I18n::new(Lang::De).datetime(t), "25.11.2026 14:30 UTC");
    }
}
