//! What the shipping label of a service request shows (issue 15): who sends
//! the package, the service centre it goes to, the request number (as text
//! and as a Code 128 barcode, see [`crate::code128`]) and what is inside.
//! `cps-billing` renders it as a PDF.

pub use crate::service::ServiceKind;
use chrono::NaiveDate;
use serde::Deserialize;

/// A postal address as printed on a label. `country` is an ISO 3166-1
/// alpha-2 code (`SE`), printed as the country's name in the label's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PostalAddress {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

impl PostalAddress {
    /// The sample service centre of the built-in defaults and
    /// `cps.example.toml` (`[service] centre_*`).
    pub fn sample_service_centre() -> PostalAddress {
        PostalAddress {
            name: "CPS Servicecenter".into(),
            street: "Verkstadsgatan 2".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
        }
    }
}

/// The sender: the member's business, the person to ask, and where the
/// product goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSender {
    /// The return address; its `name` is the business's name.
    pub address: PostalAddress,
    /// The contact person's name.
    pub contact_name: String,
    /// The contact's telephone number; empty: not printed.
    pub contact_phone: String,
    /// The contact's e-mail address; empty: not printed.
    pub contact_email: String,
}

/// Everything printed on one shipping label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingLabel {
    /// `SR-2026-000123`: printed large and as the barcode (printable ASCII).
    pub request_number: String,
    pub kind: ServiceKind,
    pub sender: LabelSender,
    /// The recipient (`[service] centre_*` in the configuration).
    pub service_centre: PostalAddress,
    /// The product in the package: its model (make and model as registered)
    /// and serial number.
    pub product_model: String,
    pub product_serial: String,
    /// The date printed on the label (the day it was made).
    pub date: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_kinds_round_trip_their_codes() {
        for k in ServiceKind::ALL {
            assert_eq!(ServiceKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ServiceKind::parse("polish"), None);
    }
}
