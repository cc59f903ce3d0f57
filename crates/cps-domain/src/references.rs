//! Payment references for bank transfers: the Swedish OCR number (Luhn check
//! digit and a length digit) for kronor to Bankgiro, and the ISO 11649
//! creditor reference (`RF` + two check digits, mod 97) for euro.

/// A Swedish OCR reference: `base` digits, then a length digit (the total
/// length mod 10), then a Luhn check digit over everything before it.
pub fn ocr(base: u64) -> String {
    let digits = base.to_string();
    let length_digit = (digits.len() + 2) % 10;
    let body = format!("{digits}{length_digit}");
    let check = (0..10).find(|d| crate::organisation::luhn_ok(&format!("{body}{d}"))).unwrap_or(0);
    format!("{body}{check}")
}

pub fn ocr_valid(s: &str) -> bool {
    let s = s.trim();
    s.len() >= 3
        && s.len() <= 25
        && s.bytes().all(|b| b.is_ascii_digit())
        && crate::organisation::luhn_ok(s)
        && s.as_bytes()[s.len() - 2] - b'0' == u8::try_from(s.len() % 10).unwrap_or(255)
}

/// The ISO 11649 reference for `reference` (letters and digits, up to 21).
pub fn rf(reference: &str) -> String {
    let r: String = reference.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_uppercase();
    let check = 98 - mod97(&format!("{r}RF00"));
    format!("RF{check:02}{r}")
}

pub fn rf_valid(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    s.len() >= 5
        && s.len() <= 25
        && s.starts_with("RF")
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && mod97(&format!("{}{}", &s[4..], &s[..4])) == 1
}

/// The remainder mod 97 of a string with letters as 10..35 (ISO 7064).
fn mod97(s: &str) -> u32 {
    let mut rem: u32 = 0;
    for c in s.chars() {
        let v = c.to_digit(36).unwrap_or(0);
        let (mul, add) = if v >= 10 { (100, v) } else { (10, v) };
        rem = (rem * mul + add) % 97;
    }
    rem
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ocr_has_length_and_luhn_digits() {
        // 12345 + length digit 7 (7 digits in all) + Luhn digit.
        let r = ocr(12345);
        assert_eq!(r.len(), 7);
        assert_eq!(&r[..6], "123457");
        assert!(ocr_valid(&r));
        assert!(!ocr_valid("1234570"), "wrong check digit");
        assert!(!ocr_valid("12345x2"));
    }

    #[test]
    fn rf_references_follow_iso_11649() {
        // The standard's own example.
        assert_eq!(rf("539007547034"), "RF18539007547034");
        assert!(rf_valid("RF18 5390 0754 7034"));
        assert!(!rf_valid("RF19539007547034"));
        assert!(rf_valid(&rf("CPS2026000123")));
    }

    proptest! {
        #[test]
        fn every_generated_reference_validates(n in 1u64..10_000_000_000) {
            prop_assert!(ocr_valid(&ocr(n)));
            prop_assert!(rf_valid(&rf(&n.to_string())));
        }
    }
}
