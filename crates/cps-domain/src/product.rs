//! Registering a product: the four mandatory details (serial number, purchase
//! date, purchase country, retailer) may each be left blank — the member fills
//! in what they remember — but a registration with a blank is incomplete and
//! earns no points until completed.

use crate::catalogue::CatalogueItem;
use crate::serial::SerialNumber;
use crate::{Country, FieldErrors};
use chrono::{Datelike, NaiveDate};

/// The registration form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProductInput {
    pub model: String,
    pub serial: String,
    pub purchase_date: String,
    pub purchase_country: String,
    pub retailer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductDetails {
    pub serial: Option<SerialNumber>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_country: Option<Country>,
    pub retailer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Serial,
    PurchaseDate,
    PurchaseCountry,
    Retailer,
}

impl Missing {
    /// The Fluent id of the detail's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Missing::Serial => "product-serial",
            Missing::PurchaseDate => "product-purchase-date",
            Missing::PurchaseCountry => "product-purchase-country",
            Missing::Retailer => "product-retailer",
        }
    }
}

impl ProductDetails {
    pub fn missing(&self) -> Vec<Missing> {
        let mut m = Vec::new();
        if self.serial.is_none() {
            m.push(Missing::Serial);
        }
        if self.purchase_date.is_none() {
            m.push(Missing::PurchaseDate);
        }
        if self.purchase_country.is_none() {
            m.push(Missing::PurchaseCountry);
        }
        if self.retailer.is_none() {
            m.push(Missing::Retailer);
        }
        m
    }

    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}

/// A purchase date as members write it: `2021-05-14`, or just `2021-05`
/// when they remember only the month (taken as the first of it).
pub fn parse_purchase_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d"))
        .map(Some)
        .map_err(|_| "error-purchase-date-invalid")
}

/// Parses the details of a registration of `item`. `today` bounds the date.
pub fn parse_details(
    input: &ProductInput,
    item: &CatalogueItem,
    today: NaiveDate,
) -> Result<ProductDetails, FieldErrors> {
    let mut errors = FieldErrors::new();
    let serial = SerialNumber::normalise(&input.serial);
    if let Some(s) = &serial
        && !item.serial_pattern.matches(s)
    {
        errors.add("serial", "error-serial-format");
    }
    let purchase_date = match parse_purchase_date(&input.purchase_date) {
        Ok(Some(d)) if d > today => {
            errors.add("purchase_date", "error-purchase-date-future");
            None
        }
        // The release month counts whole: a member who remembers only the month
        // of a purchase made right after the release is not refused.
        Ok(Some(d)) if d < item.release_date.with_day(1).unwrap_or(item.release_date) => {
            errors.add("purchase_date", "error-purchase-date-before-release");
            None
        }
        Ok(d) => d,
        Err(id) => {
            errors.add("purchase_date", id);
            None
        }
    };
    let purchase_country = if input.purchase_country.trim().is_empty() {
        None
    } else {
        errors.check("purchase_country", Country::parse(&input.purchase_country))
    };
    let retailer = input.retailer.trim();
    let retailer = if retailer.is_empty() {
        None
    } else if retailer.chars().count() > 120 || retailer.chars().any(char::is_control) {
        errors.add("retailer", "error-text-invalid");
        None
    } else {
        Some(retailer.to_owned())
    };
    if errors.is_empty() {
        Ok(ProductDetails { serial, purchase_date, purchase_country, retailer })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Category, Decline};
    use crate::serial::SerialPattern;

    fn r5() -> CatalogueItem {
        CatalogueItem {
            model_code: "EOS-R5".into(),
            name: "EOS R5".into(),
            category: Category::Camera,
            release_date: NaiveDate::from_ymd_opt(2020, 7, 30).unwrap(),
            points: 250,
            serial_pattern: SerialPattern::parse("############").unwrap(),
            decline: Decline::default(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn blanks_are_allowed_and_make_the_registration_incomplete() {
        let d = parse_details(&ProductInput::default(), &r5(), today()).unwrap();
        assert_eq!(
            d.missing(),
            vec![Missing::Serial, Missing::PurchaseDate, Missing::PurchaseCountry, Missing::Retailer]
        );
        let full = ProductInput {
            model: "EOS-R5".into(),
            serial: "0123 4567 8901".into(),
            purchase_date: "2021-03".into(),
            purchase_country: "se".into(),
            retailer: " Scandinavian Photo ".into(),
        };
        let d = parse_details(&full, &r5(), today()).unwrap();
        assert!(d.is_complete());
        assert_eq!(d.purchase_date, NaiveDate::from_ymd_opt(2021, 3, 1));
        assert_eq!(d.retailer.as_deref(), Some("Scandinavian Photo"));
    }

    #[test]
    fn impossible_dates_and_foreign_serials_are_refused() {
        let bad = |field: &str, value: &str| {
            let mut i = ProductInput::default();
            match field {
                "serial" => i.serial = value.into(),
                _ => i.purchase_date = value.into(),
            }
            parse_details(&i, &r5(), today()).unwrap_err().get(if field == "serial" {
                "serial"
            } else {
                "purchase_date"
            })
        };
        assert_eq!(bad("date", "2026-11-26"), Some("error-purchase-date-future"));
        assert_eq!(bad("date", "2020-06-30"), Some("error-purchase-date-before-release"));
        assert_eq!(bad("date", "next week"), Some("error-purchase-date-invalid"));
        assert_eq!(bad("serial", "ABC"), Some("error-serial-format"));
        let mut i = ProductInput { purchase_date: "2020-07".into(), ..Default::default() };
        assert!(parse_details(&i, &r5(), today()).is_ok(), "the release month itself is allowed");
        i.purchase_date = "2026-11-25".into();
        assert!(parse_details(&i, &r5(), today()).is_ok(), "today is allowed");
    }
}
