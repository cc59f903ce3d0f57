//! Invoices as documents: who sells, who buys, what, for which period, at
//! which VAT, due when, and how to pay. An invoice is built once, when it is
//! issued, and stored whole; it never changes afterwards.

use crate::money::{Currency, Money};
use crate::references::{ocr, rf};
use crate::vat::VatTreatment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The seller: configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub org_number: String,
    pub iban: String,
    pub bic: String,
    pub bankgiro: String,
    /// The invoice number series, e.g. `CPS` → `CPS-2026-000001`.
    pub series: String,
    pub payment_terms_days: i64,
}

impl Seller {
    /// The sample seller of the built-in defaults and `cps.example.toml`:
    /// good for development, never for a real invoice.
    pub fn sample() -> Seller {
        Seller {
            name: "CPS Sample Seller AB".into(),
            street: "Exempelgatan 1".into(),
            postal_code: "111 11".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
            vat_number: "SE000000000001".into(),
            org_number: "000000-0000".into(),
            iban: "SE4550000000058398257466".into(),
            bic: "ESSESESS".into(),
            bankgiro: "5050-1055".into(),
            series: "CPS".into(),
            payment_terms_days: 30,
        }
    }

    /// The settings that still hold a sample value. Only what identifies the
    /// seller or where money goes counts: a real seller may well keep the
    /// sample's city, country, series or terms.
    pub fn sample_fields(&self) -> Vec<&'static str> {
        let sample = Seller::sample();
        [
            ("name", self.name == sample.name),
            ("street", self.street == sample.street),
            ("vat_number", self.vat_number == sample.vat_number),
            ("org_number", self.org_number == sample.org_number),
            ("iban", self.iban == sample.iban),
            ("bankgiro", self.bankgiro == sample.bankgiro),
        ]
        .into_iter()
        .filter_map(|(field, same)| same.then_some(field))
        .collect()
    }
}

/// The statement printed under the seller on every invoice PDF unless
/// configured otherwise (`billing.f_tax_statement`): Swedish invoices must
/// say that the seller is approved for F-tax, in these words, whatever the
/// buyer's language.
pub const DEFAULT_F_TAX_STATEMENT: &str = "Godkänd för F-skatt";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: Option<String>,
    pub org_number: Option<String>,
    /// Where e-invoices reach the buyer (their electronic address).
    #[serde(default)]
    pub email: Option<String>,
    /// "Er referens / Your reference" (EN 16931 BT-10): what the member
    /// gave at checkout or in the account settings, else the contact
    /// person. Documents issued before it existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The VIES check the VAT treatment rests on (reverse charge only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vies: Option<crate::vies::ViesRecord>,
}

/// Everything printed on an invoice, frozen when it is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    pub number: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub seller: Seller,
    pub buyer: Buyer,
    /// "CPS Gold, membership CPS 1000001-8".
    pub service: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub currency: Currency,
    pub net_minor: i64,
    pub vat_treatment: String,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub payment_method: String,
    pub payment_reference: Option<String>,
    /// A credit note: the number of the invoice it credits, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<CreditOf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditOf {
    pub invoice_number: String,
    pub invoice_issued_on: NaiveDate,
    pub reason: String,
}

impl InvoiceDocument {
    pub fn total(&self) -> Money {
        Money::new(self.total_minor, self.currency)
    }

    /// The credit note of this invoice in full: the same parties, service
    /// and VAT treatment with every amount negated, nothing left to pay.
    pub fn credit_note(&self, number: String, issued_on: NaiveDate, reason: &str) -> InvoiceDocument {
        InvoiceDocument {
            number,
            issued_on,
            due_on: issued_on,
            net_minor: -self.net_minor,
            vat_minor: -self.vat_minor,
            total_minor: -self.total_minor,
            payment_reference: None,
            credits: Some(CreditOf {
                invoice_number: self.number.clone(),
                invoice_issued_on: self.issued_on,
                reason: reason.to_owned(),
            }),
            ..self.clone()
        }
    }

    pub fn is_credit_note(&self) -> bool {
        self.credits.is_some()
    }

    pub fn is_reverse_charge(&self) -> bool {
        self.vat_treatment == VatTreatment::ReverseCharge.as_str()
    }

    /// Whether the invoice carries VAT identifiers (the seller's and the
    /// buyer's VAT numbers). Not on "outside the scope of VAT" invoices
    /// (EN 16931 BR-O-02): the e-invoice drops them, and the printed invoice
    /// must say the same as the e-invoice.
    pub fn shows_vat_identifiers(&self) -> bool {
        self.vat_treatment != VatTreatment::OutsideEu.as_str()
    }
}

/// "Er referens / Your reference" as the member typed it: trimmed, at most
/// 100 characters, no control characters; empty means none.
pub fn parse_buyer_reference(input: &str) -> Result<Option<String>, &'static str> {
    let r = input.trim();
    if r.is_empty() {
        return Ok(None);
    }
    if r.chars().count() > 100 || r.chars().any(char::is_control) {
        return Err("error-reference-invalid");
    }
    Ok(Some(r.to_owned()))
}

/// `CPS-2026-000001`: series, year, and a number that counts up without gaps.
pub fn invoice_number(series: &str, year: i32, seq: i64) -> String {
    format!("{series}-{year}-{seq:06}")
}

pub fn due_date(issued: NaiveDate, terms_days: i64) -> NaiveDate {
    issued + chrono::Duration::days(terms_days)
}

/// The reference a bank transfer must carry: an OCR number for kronor (to
/// Bankgiro), an RF reference for euro. Card payments need none.
pub fn payment_reference(bank_transfer: bool, currency: Currency, year: i32, seq: i64) -> Option<String> {
    if !bank_transfer {
        return None;
    }
    let base = i64::from(year) * 1_000_000 + seq;
    Some(match currency {
        Currency::SEK => ocr(u64::try_from(base).unwrap_or(0)),
        Currency::EUR => rf(&base.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::{ocr_valid, rf_valid};

    #[test]
    fn the_sample_seller_is_recognised_field_by_field() {
        let sample = Seller::sample();
        assert_eq!(sample.sample_fields(), ["name", "street", "vat_number", "org_number", "iban", "bankgiro"]);
        let real = Seller {
            name: "Kameraservice Norden AB".into(),
            street: "Verkstadsgatan 4".into(),
            vat_number: "SE556036079301".into(),
            org_number: "556036-0793".into(),
            iban: "SE3550000000054910000003".into(),
            bankgiro: "123-4567".into(),
            ..sample.clone()
        };
        assert!(real.sample_fields().is_empty(), "city, country, BIC, series and terms may stay");
        let half = Seller { iban: sample.iban.clone(), ..real };
        assert_eq!(half.sample_fields(), ["iban"], "one sample value left is found");
    }

    #[test]
    fn buyer_references_are_short_plain_text() {
        assert_eq!(parse_buyer_reference("  Anna Berg, PO 4711 "), Ok(Some("Anna Berg, PO 4711".into())));
        assert_eq!(parse_buyer_reference("   "), Ok(None));
        assert_eq!(parse_buyer_reference(&"x".repeat(101)), Err("error-reference-invalid"));
        assert_eq!(parse_buyer_reference("a\nb"), Err("error-reference-invalid"));
    }

    #[test]
    fn numbers_dates_and_references() {
        assert_eq!(invoice_number("CPS", 2026, 42), "CPS-2026-000042");
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(due_date(d, 30), NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(payment_reference(false, Currency::SEK, 2026, 1), None);
        assert!(ocr_valid(&payment_reference(true, Currency::SEK, 2026, 1).unwrap()));
        assert!(rf_valid(&payment_reference(true, Currency::EUR, 2026, 1).unwrap()));
        assert_ne!(payment_reference(true, Currency::SEK, 2026, 1), payment_reference(true, Currency::SEK, 2026, 2));
    }
}
