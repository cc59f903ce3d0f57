//! VAT numbers checked with the EU's VIES service (its REST API,
//! `POST {base}/check-vat-number`). The call itself is made by a client in
//! `cps-jobs`; here are the request and answer shapes and the rule that
//! decides what an invoice rests on.
//!
//! **The rule.** Reverse charge needs a VAT number that VIES confirmed:
//! - at sign-up (and when the number is changed) and again when each
//!   invoice is issued, VIES is asked; its answer is kept with the business
//!   and, on the invoice, with the consultation number (`requestIdentifier`);
//! - when VIES cannot be reached (or the member state's register is down),
//!   a re-check is queued and the invoice is issued on the last answer kept
//!   for that same number: reverse charge if it was valid, else with VAT;
//!   a number never confirmed is invoiced with VAT;
//! - a number VIES says is not valid is invoiced with VAT.

use crate::Country;
use crate::organisation::{VatNumber, vat_prefix};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What VIES said about one VAT number, kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViesRecord {
    /// The number asked about, with its prefix (`DE123456789`).
    pub vat_number: String,
    pub valid: bool,
    /// The consultation number VIES gives when the requester identifies
    /// itself (`requestIdentifier`), the proof that the check was made.
    #[serde(default)]
    pub consultation: Option<String>,
    pub checked_at: DateTime<Utc>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// The body of `POST {base}/check-vat-number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckVatRequest {
    pub country_code: String,
    pub vat_number: String,
    /// The seller, so that VIES gives a consultation number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_member_state_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_number: Option<String>,
}

/// The answer of `check-vat-number` (the fields CPS reads).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckVatResponse {
    pub country_code: Option<String>,
    pub vat_number: Option<String>,
    pub request_date: Option<String>,
    pub valid: bool,
    pub request_identifier: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    /// Present (false) with `errorWrappers` when VIES could not answer.
    pub action_succeed: Option<bool>,
    pub error_wrappers: Option<Vec<ViesError>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViesError {
    pub error: String,
    pub message: Option<String>,
}

/// VIES gave no answer on the number (unreachable, busy, a member state's
/// register down): try again later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViesUnavailable(pub String);

impl std::fmt::Display for ViesUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VIES unavailable: {}", self.0)
    }
}

impl std::error::Error for ViesUnavailable {}

/// The request for a VAT number; `requester` is the seller's VAT number.
pub fn request_for(vat: &str, requester: Option<&str>) -> CheckVatRequest {
    let (country, number) = vat.split_at(vat.len().min(2));
    let (rc, rn) = match requester {
        Some(r) if r.len() > 2 => (Some(r[..2].to_owned()), Some(r[2..].to_owned())),
        _ => (None, None),
    };
    CheckVatRequest {
        country_code: country.to_owned(),
        vat_number: number.to_owned(),
        requester_member_state_code: rc,
        requester_number: rn,
    }
}

fn present(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty() && s != "---")
}

/// Reads an answer about `vat`: a record, or "no answer" when VIES reports
/// an error other than a malformed number (which is an answer: not valid).
pub fn read_answer(vat: &str, r: CheckVatResponse, now: DateTime<Utc>) -> Result<ViesRecord, ViesUnavailable> {
    let errors = r.error_wrappers.unwrap_or_default();
    let invalid_input = errors.iter().any(|e| e.error == "INVALID_INPUT");
    if (r.action_succeed == Some(false) || !errors.is_empty()) && !invalid_input {
        let what = errors.iter().map(|e| e.error.as_str()).collect::<Vec<_>>().join(", ");
        return Err(ViesUnavailable(if what.is_empty() { "no answer".into() } else { what }));
    }
    Ok(ViesRecord {
        vat_number: vat.to_owned(),
        valid: r.valid && !invalid_input,
        consultation: present(r.request_identifier),
        checked_at: now,
        name: present(r.name),
        address: present(r.address),
    })
}

/// Whether a VAT number needs VIES at all: only a business in another EU
/// country than the seller's can be invoiced with reverse charge.
pub fn needs_check(seller: Country, buyer: Country, vat: Option<&VatNumber>) -> bool {
    vat.is_some() && buyer != seller && buyer.is_eu()
}

/// What the invoice rests on (the rule in the module documentation): the
/// valid VIES record it may cite, or `None` for "charge VAT". `fresh` is
/// this check's answer (`None` when VIES was unreachable), `last` the one
/// kept from before.
pub fn basis(vat: &str, fresh: Option<&ViesRecord>, last: Option<&ViesRecord>) -> Option<ViesRecord> {
    let answer = fresh.or(last).filter(|r| r.vat_number == vat)?;
    answer.valid.then(|| answer.clone())
}

/// The country code VIES uses for a business's country.
pub fn vies_country(country: Country) -> &'static str {
    vat_prefix(country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
    }

    fn rec(vat: &str, valid: bool, day: u32) -> ViesRecord {
        ViesRecord {
            vat_number: vat.into(),
            valid,
            consultation: valid.then(|| format!("WAPIAAAAW{day}")),
            checked_at: at(day),
            name: None,
            address: None,
        }
    }

    #[test]
    fn the_request_has_the_rest_shape_and_names_the_requester() {
        let r = request_for("DE123456789", Some("SE556036079301"));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"countryCode": "DE", "vatNumber": "123456789",
                "requesterMemberStateCode": "SE", "requesterNumber": "556036079301"})
        );
        assert_eq!(request_for("EL123456789", None).country_code, "EL");
    }

    #[test]
    fn answers_errors_and_invalid_numbers() {
        let ok: CheckVatResponse = serde_json::from_str(
            r#"{"countryCode":"DE","vatNumber":"123456789","requestDate":"2026-11-25T10:00:00.000Z","valid":true,
                "requestIdentifier":"WAPIAAAAZ1x2y3","name":"---","address":"Hauptstr. 1\nBerlin"}"#,
        )
        .unwrap();
        let r = read_answer("DE123456789", ok, at(25)).unwrap();
        assert!(r.valid);
        assert_eq!(r.consultation.as_deref(), Some("WAPIAAAAZ1x2y3"));
        assert_eq!(r.name, None, "--- is no name");
        let down: CheckVatResponse = serde_json::from_str(
            r#"{"actionSucceed":false,"errorWrappers":[{"error":"MS_UNAVAILABLE","message":"down"}]}"#,
        )
        .unwrap();
        assert_eq!(read_answer("DE123456789", down, at(25)), Err(ViesUnavailable("MS_UNAVAILABLE".into())));
        let bad: CheckVatResponse =
            serde_json::from_str(r#"{"actionSucceed":false,"errorWrappers":[{"error":"INVALID_INPUT"}]}"#).unwrap();
        assert!(!read_answer("DE1", bad, at(25)).unwrap().valid, "a malformed number is an answer: not valid");
    }

    #[test]
    fn the_invoice_rests_on_the_fresh_answer_else_the_last_valid_one_else_vat() {
        let vat = "DE123456789";
        // Fresh answers win, whatever was kept.
        assert_eq!(basis(vat, Some(&rec(vat, true, 25)), Some(&rec(vat, false, 1))), Some(rec(vat, true, 25)));
        assert_eq!(basis(vat, Some(&rec(vat, false, 25)), Some(&rec(vat, true, 1))), None);
        // Unreachable: the last answer for the same number.
        assert_eq!(basis(vat, None, Some(&rec(vat, true, 1))), Some(rec(vat, true, 1)));
        assert_eq!(basis(vat, None, Some(&rec(vat, false, 1))), None);
        assert_eq!(basis(vat, None, Some(&rec("DE999999999", true, 1))), None, "another number's answer");
        // Never validated: VAT.
        assert_eq!(basis(vat, None, None), None);
    }
}
