//! VAT and organisation numbers, validated per country: the format of every
//! EU member state (as VIES publishes them) and the check digits of the
//! Nordic organisation numbers, Sweden's first.

use crate::Country;

/// A VAT number with its country prefix, upper-case, without separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatNumber(String);

/// An organisation (company registration) number as the member wrote it,
/// upper-cased and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNumber(String);

impl VatNumber {
    pub fn parse(input: &str, country: Country) -> Result<VatNumber, &'static str> {
        let compact = compact(input);
        if compact.is_empty() {
            return Err("error-vat-required");
        }
        let prefix = vat_prefix(country);
        let body = compact.strip_prefix(prefix).unwrap_or(&compact);
        let valid = match country.code() {
            "SE" => body.len() == 12 && body.ends_with("01") && all_digits(body) && luhn_ok(&body[..10]),
            code => match eu_formats(code) {
                Some(formats) => formats.iter().any(|f| matches_format(body, f)),
                None => non_eu_vat_ok(code, body),
            },
        };
        if valid { Ok(VatNumber(format!("{prefix}{body}"))) } else { Err("error-vat-invalid") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a number read back from storage.
    pub fn from_stored(s: String) -> VatNumber {
        VatNumber(s)
    }
}

impl OrgNumber {
    pub fn parse(input: &str, country: Country) -> Result<OrgNumber, &'static str> {
        let trimmed = input.trim().to_uppercase();
        if trimmed.is_empty() {
            return Err("error-org-required");
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let valid = match country.code() {
            // Organisationsnummer, or a sole trader's personnummer (optionally with century).
            "SE" => {
                let ten = if digits.len() == 12 { &digits[2..] } else { digits.as_str() };
                ten.len() == 10 && only(&trimmed, "0123456789- +") && luhn_ok(ten)
            }
            "NO" => digits.len() == 9 && only(&trimmed, "0123456789 ") && mod11_ok(&digits, &[3, 2, 7, 6, 5, 4, 3, 2]),
            "FI" => digits.len() == 8 && only(&trimmed, "0123456789-") && mod11_ok(&digits, &[7, 9, 10, 5, 8, 4, 2]),
            "DK" => digits.len() == 8 && only(&trimmed, "0123456789 ") && dk_cvr_ok(&digits),
            _ => {
                (2..=30).contains(&trimmed.chars().count())
                    && trimmed.chars().any(|c| c.is_ascii_alphanumeric())
                    && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || " -./".contains(c))
            }
        };
        if valid { Ok(OrgNumber(trimmed)) } else { Err("error-org-invalid") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_stored(s: String) -> OrgNumber {
        OrgNumber(s)
    }
}

/// Greece writes EL in VAT numbers; every other country its ISO code.
pub fn vat_prefix(country: Country) -> &'static str {
    if country.code() == "GR" { "EL" } else { country.code() }
}

fn compact(input: &str) -> String {
    input.chars().filter(|c| !" .-_/".contains(*c)).collect::<String>().to_uppercase()
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn only(s: &str, allowed: &str) -> bool {
    s.chars().all(|c| allowed.contains(c))
}

/// Luhn (mod 10) check, as used by Swedish organisation numbers.
pub fn luhn_ok(digits: &str) -> bool {
    if !all_digits(digits) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Weighted mod 11 with the check digit last (Norway, Finland).
fn mod11_ok(digits: &str, weights: &[u32]) -> bool {
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    if d.len() != weights.len() + 1 {
        return false;
    }
    let sum: u32 = d.iter().zip(weights).map(|(a, w)| a * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    d[weights.len()] == check
}

fn dk_cvr_ok(digits: &str) -> bool {
    let weights = [2, 7, 6, 5, 4, 3, 2, 1];
    let sum: u32 = digits.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    sum.is_multiple_of(11)
}

/// Formats of EU VAT numbers after the prefix: `#` digit, `@` letter,
/// `?` letter or digit, anything else literal.
fn eu_formats(code: &str) -> Option<&'static [&'static str]> {
    Some(match code {
        "AT" => &["U########"],
        "BE" => &["##########"],
        "BG" => &["#########", "##########"],
        "CY" => &["########@"],
        "CZ" => &["########", "#########", "##########"],
        "DE" | "EE" | "GR" | "PT" => &["#########"],
        "DK" | "FI" | "HU" | "LU" | "MT" | "SI" => &["########"],
        "ES" => &["?#######?"],
        "FR" => &["??#########"],
        "HR" | "IT" | "LV" => &["###########"],
        "IE" => &["#?#####@", "#######@", "#######@@"],
        "LT" => &["#########", "############"],
        "NL" => &["#########B##"],
        "PL" | "SK" => &["##########"],
        "RO" => &["##", "###", "####", "#####", "######", "#######", "########", "#########", "##########"],
        _ => return None,
    })
}

fn non_eu_vat_ok(code: &str, body: &str) -> bool {
    match code {
        "GB" => ["#########", "############", "GD###", "HA###"].iter().any(|f| matches_format(body, f)),
        "NO" => {
            let digits = body.strip_suffix("MVA").unwrap_or(body);
            digits.len() == 9 && all_digits(digits) && mod11_ok(digits, &[3, 2, 7, 6, 5, 4, 3, 2])
        }
        "CH" => {
            let body = body.strip_prefix('E').unwrap_or(body);
            let digits = ["MWST", "TVA", "IVA"].iter().find_map(|s| body.strip_suffix(s)).unwrap_or(body);
            digits.len() == 9 && all_digits(digits)
        }
        _ => (4..=20).contains(&body.len()) && body.chars().all(|c| c.is_ascii_alphanumeric()),
    }
}

fn matches_format(body: &str, format: &str) -> bool {
    body.len() == format.len()
        && body.chars().zip(format.chars()).all(|(c, f)| match f {
            '#' => c.is_ascii_digit(),
            '@' => c.is_ascii_uppercase(),
            '?' => c.is_ascii_alphanumeric(),
            literal => c == literal,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    #[test]
    fn swedish_vat_is_se_plus_luhn_org_number_plus_01() {
        // 556036-0793 is a well-known valid Swedish organisation number.
        assert_eq!(VatNumber::parse("SE556036079301", c("SE")).unwrap().as_str(), "SE556036079301");
        assert_eq!(VatNumber::parse("se 5560360793 01", c("SE")).unwrap().as_str(), "SE556036079301");
        assert_eq!(VatNumber::parse("556036079301", c("SE")).unwrap().as_str(), "SE556036079301");
        assert!(VatNumber::parse("SE556036079401", c("SE")).is_err(), "bad check digit");
        assert!(VatNumber::parse("SE556036079302", c("SE")).is_err(), "must end in 01");
        assert!(VatNumber::parse("SE55603607930", c("SE")).is_err(), "too short");
        assert_eq!(VatNumber::parse("", c("SE")), Err("error-vat-required"));
    }

    #[test]
    fn swedish_org_numbers_need_a_luhn_digit() {
        assert!(OrgNumber::parse("556036-0793", c("SE")).is_ok());
        assert!(OrgNumber::parse("5560360793", c("SE")).is_ok());
        assert!(OrgNumber::parse("19811218-9876", c("SE")).is_ok(), "sole trader with century");
        assert!(OrgNumber::parse("556036-0794", c("SE")).is_err());
        assert!(OrgNumber::parse("55603607", c("SE")).is_err());
    }

    #[test]
    fn eu_formats_and_nordic_checks() {
        assert!(VatNumber::parse("DE123456789", c("DE")).is_ok());
        assert!(VatNumber::parse("DE12345678", c("DE")).is_err());
        assert_eq!(VatNumber::parse("EL123456789", c("GR")).unwrap().as_str(), "EL123456789");
        assert!(VatNumber::parse("NL123456789B01", c("NL")).is_ok());
        assert!(VatNumber::parse("ATU12345678", c("AT")).is_ok());
        assert!(VatNumber::parse("FR1X123456789", c("FR")).is_ok());
        assert!(VatNumber::parse("NO923609016MVA", c("NO")).is_ok());
        assert!(VatNumber::parse("NO923609017MVA", c("NO")).is_err());
        assert!(OrgNumber::parse("923 609 016", c("NO")).is_ok());
        assert!(OrgNumber::parse("0112038-9", c("FI")).is_ok());
        assert!(OrgNumber::parse("0112038-8", c("FI")).is_err());
        assert!(OrgNumber::parse("HRB 12345", c("DE")).is_ok());
        assert!(OrgNumber::parse("<script>", c("DE")).is_err());
    }

    proptest! {
        #[test]
        fn any_nine_digits_with_their_luhn_digit_make_a_swedish_vat_number(n in 100_000_000u64..999_999_999) {
            let nine = n.to_string();
            let check = (0..10).find(|d| luhn_ok(&format!("{nine}{d}"))).unwrap();
            let vat = format!("SE{nine}{check}01");
            prop_assert!(VatNumber::parse(&vat, c("SE")).is_ok());
            let wrong = (check + 1) % 10;
            let wrong_vat = format!("SE{nine}{wrong}01");
            prop_assert!(VatNumber::parse(&wrong_vat, c("SE")).is_err());
        }
    }
}
