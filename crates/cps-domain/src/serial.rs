//! Serial numbers: compared after trimming, upper-casing and dropping spaces
//! and dashes, and checked against the format of the product's family.

use serde::{Deserialize, Serialize};

/// A serial number in its normalised form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SerialNumber(String);

impl SerialNumber {
    /// Normalises a typed serial; `None` when nothing is left.
    pub fn normalise(input: &str) -> Option<SerialNumber> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2013}')
            .flat_map(char::to_uppercase)
            .collect();
        if s.is_empty() { None } else { Some(SerialNumber(s)) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_stored(s: String) -> SerialNumber {
        SerialNumber(s)
    }
}

impl std::fmt::Display for SerialNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The serial format of a product family: alternatives separated by `|`,
/// `#` a digit, `@` a letter, `?` a letter or digit, anything else literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPattern(String);

impl SerialPattern {
    pub fn parse(s: &str) -> Result<SerialPattern, &'static str> {
        let s = s.trim();
        if s.is_empty() || s.split('|').any(|alt| alt.is_empty() || alt.len() > 40) {
            return Err("error-serial-pattern-invalid");
        }
        Ok(SerialPattern(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, serial: &SerialNumber) -> bool {
        self.0.split('|').any(|alt| {
            let alt: Vec<char> = alt.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
            serial.0.chars().count() == alt.len()
                && serial.0.chars().zip(alt.iter()).all(|(c, p)| match p {
                    '#' => c.is_ascii_digit(),
                    '@' => c.is_ascii_uppercase(),
                    '?' => c.is_ascii_alphanumeric(),
                    literal => c == literal.to_ascii_uppercase(),
                })
        })
    }

    /// An example serial of the first alternative (for hints): `012345678901`.
    pub fn example(&self) -> String {
        let first = self.0.split('|').next().unwrap_or_default();
        let (mut digit, mut letter) = (0u8, 0u8);
        first
            .chars()
            .map(|p| match p {
                '#' | '?' => {
                    digit = (digit + 1) % 10;
                    char::from(b'0' + digit)
                }
                '@' => {
                    letter = (letter + 1) % 26;
                    char::from(b'A' + letter - 1)
                }
                other => other,
            })
            .collect()
    }

    /// The `n`-th serial of the first alternative, for generated data (the
    /// demo): `n` written into the digit places from the right, letters `D`.
    /// Distinct for every `n` below 10 to the power of the digit places.
    pub fn numbered(&self, n: u64) -> SerialNumber {
        let first = self.0.split('|').next().unwrap_or_default();
        let places: Vec<char> = first.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
        let mut rest = n;
        let mut out: Vec<char> = places
            .iter()
            .rev()
            .map(|p| match p {
                '#' | '?' => {
                    let digit = u8::try_from(rest % 10).unwrap_or(0);
                    rest /= 10;
                    char::from(b'0' + digit)
                }
                '@' => 'D',
                literal => literal.to_ascii_uppercase(),
            })
            .collect();
        out.reverse();
        SerialNumber(out.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_case_spaces_and_dashes() {
        assert_eq!(SerialNumber::normalise(" ab-12 34 ").unwrap().as_str(), "AB1234");
        assert_eq!(SerialNumber::normalise(" - "), None);
    }

    #[test]
    fn patterns_match_their_family() {
        let body = SerialPattern::parse("############").unwrap();
        assert!(body.matches(&SerialNumber::normalise("0123-4567 8901").unwrap()));
        assert!(!body.matches(&SerialNumber::normalise("01234567890").unwrap()));
        let flash = SerialPattern::parse("@@#######|#########").unwrap();
        assert!(flash.matches(&SerialNumber::normalise("xa1234567").unwrap()));
        assert!(flash.matches(&SerialNumber::normalise("123456789").unwrap()));
        assert!(!flash.matches(&SerialNumber::normalise("1A1234567").unwrap()));
        assert!(body.matches(&SerialNumber::normalise(&body.example()).unwrap()));
    }

    proptest! {
        #[test]
        fn numbered_serials_fit_their_family_and_differ(a in 0u64..10_000_000, b in 0u64..10_000_000) {
            for pattern in ["############", "##########|#######", "@@#######|#########", "@@@#####|@@@######", "??????????"] {
                let p = SerialPattern::parse(pattern).unwrap();
                prop_assert!(p.matches(&p.numbered(a)), "{} {}", pattern, p.numbered(a));
                if a != b && pattern != "@@@#####|@@@######" {
                    prop_assert_ne!(p.numbered(a), p.numbered(b));
                }
            }
        }

        #[test]
        fn the_same_serial_however_typed_is_one_serial(s in "[A-Za-z0-9]{4,14}", seps in proptest::collection::vec(prop_oneof![Just(" "), Just("-"), Just("")], 15)) {
            let mut typed = String::new();
            for (i, c) in s.chars().enumerate() {
                typed.push_str(seps[i]);
                typed.push(if i % 2 == 0 { c.to_ascii_lowercase() } else { c });
            }
            prop_assert_eq!(SerialNumber::normalise(&typed), SerialNumber::normalise(&s.to_uppercase()));
        }
    }
}
