//! Electronic addresses of e-invoice parties (EN 16931 BT-34 and BT-49,
//! UBL `cbc:EndpointID`) in a scheme of the Peppol EAS code list ("Electronic
//! Address Scheme", Peppol BIS Billing 3.0.19, rule PEPPOL-EN16931-CL008).
//! E-mail (`EM`) is not in that list, so it is never used.
//!
//! Which scheme a party gets (first that applies):
//! 1. its country's organisation-number register where Peppol has one and
//!    the number is there and well formed: Sweden 0007, Norway 0192,
//!    Denmark 0184, Belgium 0208 (the enterprise number, also the body of a
//!    Belgian VAT number);
//! 2. its VAT number in the country's VAT scheme (Germany 9930, Austria 9914,
//!    France 9957, … Italy 0211, Finland 0213, Switzerland 9927, UK 9932);
//! 3. a US Employer Identification Number (9 digits) under 9959;
//! 4. otherwise the seller's own Peppol address stands in as the address the
//!    document is exchanged through (scheme 0007 with the seller's Swedish
//!    organisation number): a buyer without any identifier Peppol knows
//!    cannot be reached through Peppol, and the invoice goes to them by mail.

use crate::organisation::luhn_ok;

/// The EAS codes Peppol BIS Billing 3.0.19 accepts (its `$eaid` list).
pub const PEPPOL_EAS: &[&str] = &[
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0151", "0177",
    "0183", "0184", "0188", "0190", "0191", "0192", "0193", "0195", "0196", "0198", "0199", "0200", "0201", "0202",
    "0204", "0208", "0209", "0210", "0211", "0212", "0213", "0215", "0216", "0218", "0221", "0230", "0235", "9910",
    "9913", "9914", "9915", "9918", "9919", "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928", "9929",
    "9930", "9931", "9932", "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943",
    "9944", "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959", "0147", "0154",
    "0158", "0170", "0194", "0203", "0205", "0217", "0225", "0240",
];

/// An electronic address: EAS scheme and identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectronicAddress {
    pub scheme: &'static str,
    pub id: String,
}

/// The VAT-number scheme of a country, where the EAS list has one.
fn vat_scheme(country: &str) -> Option<&'static str> {
    Some(match country {
        "HU" => "9910",
        "AT" => "9914",
        "ES" => "9920",
        "AD" => "9922",
        "AL" => "9923",
        "BA" => "9924",
        "BE" => "9925",
        "BG" => "9926",
        "CH" => "9927",
        "CY" => "9928",
        "CZ" => "9929",
        "DE" => "9930",
        "EE" => "9931",
        "GB" => "9932",
        "GR" => "9933",
        "HR" => "9934",
        "IE" => "9935",
        "LI" => "9936",
        "LT" => "9937",
        "LU" => "9938",
        "LV" => "9939",
        "MC" => "9940",
        "ME" => "9941",
        "MK" => "9942",
        "MT" => "9943",
        "NL" => "9944",
        "PL" => "9945",
        "PT" => "9946",
        "RO" => "9947",
        "RS" => "9948",
        "SI" => "9949",
        "SK" => "9950",
        "SM" => "9951",
        "TR" => "9952",
        "VA" => "9953",
        "FR" => "9957",
        "IT" => "0211",
        "FI" => "0213",
        _ => return None,
    })
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A Swedish organisation number as Peppol writes it (SE-R-003/004/013,
/// PEPPOL-COMMON-R049): ten digits with a valid Luhn digit. A sole
/// trader's personnummer with century (12 digits) loses the century.
pub fn swedish_org_number(s: &str) -> Option<String> {
    let d = digits(s);
    let ten = if d.len() == 12 { d[2..].to_owned() } else { d };
    (ten.len() == 10 && luhn_ok(&ten)).then_some(ten)
}

/// Norwegian organisation number: 9 digits, mod 11 (PEPPOL-COMMON-R041).
fn norwegian_org_number(s: &str) -> Option<String> {
    let d = digits(s);
    if d.len() != 9 {
        return None;
    }
    let w = [3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return None,
        c => c,
    };
    (u32::from(d.as_bytes()[8] - b'0') == check).then_some(d)
}

/// Belgian enterprise number: 10 digits, the last two 97 − (first 8 mod 97)
/// (PEPPOL-COMMON-R043).
fn belgian_enterprise_number(s: &str) -> Option<String> {
    let d = digits(s);
    if d.len() != 10 {
        return None;
    }
    let head: u64 = d[..8].parse().ok()?;
    let check: u64 = d[8..].parse().ok()?;
    (97 - head % 97 == check).then_some(d)
}

/// The electronic address of a party from its country, VAT number and
/// organisation number (the rule in the module documentation). `fallback`
/// is used when nothing else applies.
pub fn address_of(
    country: &str,
    vat_number: Option<&str>,
    org_number: Option<&str>,
    fallback: &ElectronicAddress,
) -> ElectronicAddress {
    let vat = vat_number.map(str::trim).filter(|v| !v.is_empty());
    let org = org_number.map(str::trim).filter(|v| !v.is_empty());
    // The VAT number without its country prefix, for the registers whose
    // number is the body of the VAT number.
    let vat_body = vat.map(|v| v.get(2..).unwrap_or_default().to_owned());
    let register = match country {
        "SE" => org
            .and_then(swedish_org_number)
            .or_else(|| vat_body.as_deref().and_then(|b| swedish_org_number(b.get(..10)?)))
            .map(|id| ("0007", id)),
        "NO" => org
            .and_then(norwegian_org_number)
            .or_else(|| vat_body.as_deref().and_then(|b| norwegian_org_number(b.get(..9)?)))
            .map(|id| ("0192", id)),
        "DK" => org
            .map(digits)
            .filter(|d| d.len() == 8)
            .or_else(|| vat_body.as_deref().map(digits).filter(|d| d.len() == 8))
            .map(|id| ("0184", id)),
        "BE" => org
            .and_then(belgian_enterprise_number)
            .or_else(|| vat_body.as_deref().and_then(belgian_enterprise_number))
            .map(|id| ("0208", id)),
        "US" => org.map(digits).filter(|d| d.len() == 9).map(|id| ("9959", id)),
        _ => None,
    };
    if let Some((scheme, id)) = register {
        return ElectronicAddress { scheme, id };
    }
    if let (Some(v), Some(scheme)) = (vat, vat_scheme(country)) {
        return ElectronicAddress { scheme, id: v.to_owned() };
    }
    fallback.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fallback() -> ElectronicAddress {
        ElectronicAddress { scheme: "0007", id: "5560360793".into() }
    }

    fn addr(country: &str, vat: Option<&str>, org: Option<&str>) -> (&'static str, String) {
        let a = address_of(country, vat, org, &fallback());
        (a.scheme, a.id)
    }

    #[test]
    fn each_country_gets_its_register_or_vat_scheme() {
        assert_eq!(addr("SE", Some("SE556036079301"), Some("556036-0793")), ("0007", "5560360793".into()));
        assert_eq!(addr("SE", Some("SE556036079301"), None), ("0007", "5560360793".into()), "from the VAT number");
        assert_eq!(addr("SE", None, Some("19811218-9876")), ("0007", "8112189876".into()), "sole trader");
        assert_eq!(addr("DE", Some("DE123456789"), None), ("9930", "DE123456789".into()));
        assert_eq!(addr("NO", Some("NO923609016MVA"), None), ("0192", "923609016".into()));
        assert_eq!(addr("NO", None, Some("923 609 016")), ("0192", "923609016".into()));
        assert_eq!(addr("BE", Some("BE0403170701"), None), ("0208", "0403170701".into()));
        assert_eq!(addr("BE", Some("BE0403170702"), None), ("9925", "BE0403170702".into()), "bad check: VAT");
        assert_eq!(addr("DK", Some("DK13585628"), None), ("0184", "13585628".into()));
        assert_eq!(addr("FR", Some("FR1X123456789"), None), ("9957", "FR1X123456789".into()));
        assert_eq!(addr("AT", Some("ATU12345678"), None), ("9914", "ATU12345678".into()));
        assert_eq!(addr("GB", Some("GB123456789"), None), ("9932", "GB123456789".into()));
        assert_eq!(addr("US", None, Some("12-3456789")), ("9959", "123456789".into()));
        assert_eq!(addr("JP", None, Some("1234567890123")), fallback_pair(), "nothing Peppol knows");
        assert_eq!(addr("SE", None, Some("556036-0794")), fallback_pair(), "a bad Swedish number is not sent as 0007");
    }

    fn fallback_pair() -> (&'static str, String) {
        let f = fallback();
        (f.scheme, f.id)
    }

    /// PEPPOL-EN16931-CL008: whatever the party, the scheme is in the EAS list.
    #[test]
    fn every_scheme_given_is_in_the_peppol_eas_list() {
        for country in crate::Country::all_sorted(crate::Lang::En) {
            for (vat, org) in [
                (Some(format!("{}123456789", country.code())), None),
                (None, Some("123456789".to_owned())),
                (None, None),
            ] {
                let a = address_of(country.code(), vat.as_deref(), org.as_deref(), &fallback());
                assert!(PEPPOL_EAS.contains(&a.scheme), "{country:?}: {}", a.scheme);
                assert_ne!(a.scheme, "EM");
            }
        }
    }

    #[test]
    fn swedish_numbers_are_ten_luhn_digits() {
        assert_eq!(swedish_org_number("556677-8899").as_deref(), Some("5566778899"));
        assert_eq!(swedish_org_number("556036-0794"), None, "bad Luhn digit");
        assert_eq!(swedish_org_number("556036-0793").as_deref(), Some("5560360793"));
        assert_eq!(swedish_org_number("000000-0000").as_deref(), Some("0000000000"));
    }
}
