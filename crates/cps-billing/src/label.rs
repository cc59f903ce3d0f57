//! The shipping label of a service request (issue 15): an A6 page to stick
//! on the package, with the sender, the service centre, the request number
//! in large text and as a Code 128 barcode, and the package's contents.
//! The texts come from `label.ftl` in the label's language; `label.typ` only
//! lays them out and draws the bars from the module widths given here.

use crate::{compile, country_name, date_parts, file_id};
use cps_domain::Lang;
use cps_domain::code128::Code128;
use cps_domain::shipping::{PostalAddress, ServiceKind, ShippingLabel};
use cps_i18n::I18n;
use serde_json::{Value, json};
use typst::foundations::{Bytes, Datetime};
use typst_pdf::{PdfOptions, Timestamp};

const TEMPLATE: &str = include_str!("label.typ");

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;
/// The module (narrowest bar) the label prefers: 1/60 inch (0.42 mm), five
/// dots of a 300 dpi printer.
const MODULE_PT: f64 = 1.2;
/// The narrowest module allowed when a long number has to be squeezed in:
/// below 0.33 mm ordinary scanners stop reading it.
const MIN_MODULE_MM: f64 = 0.33;
/// The width the barcode, quiet zones included, may take on the A6 page
/// (105 mm less the 7 mm margins of `label.typ`).
const BARCODE_MAX_MM: f64 = 91.0;
/// The height of the bars.
const BAR_HEIGHT_MM: f64 = 16.0;

fn kind_id(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Repair => "label-kind-repair",
        ServiceKind::Maintenance => "label-kind-maintenance",
        ServiceKind::SensorClean => "label-kind-sensor-clean",
    }
}

/// The lines under an address's name: street, postal code and city, country.
fn address_lines(a: &PostalAddress, lang: Lang) -> Vec<String> {
    vec![a.street.clone(), format!("{} {}", a.postal_code, a.city), country_name(&a.country, lang)]
}

/// What the label shows, formatted in `lang`, with the barcode's bars as
/// (offset, width) in modules from the left edge of its quiet zone.
pub fn label_data(label: &ShippingLabel, lang: Lang) -> anyhow::Result<Value> {
    let i = I18n::new(lang);
    let code = Code128::encode(&label.request_number)
        .map_err(|e| anyhow::anyhow!("request number {:?} as a barcode: {e}", label.request_number))?;
    let modules = f64::from(code.width_with_quiet_zones());
    let module_pt = MODULE_PT.min(BARCODE_MAX_MM * PT_PER_MM / modules);
    anyhow::ensure!(
        module_pt >= MIN_MODULE_MM * PT_PER_MM,
        "request number {:?} is too long for a barcode on the label",
        label.request_number
    );
    let s = &label.sender;
    let mut contact = vec![format!("{}: {}", i.t("label-contact"), s.contact_name)];
    if !s.contact_phone.trim().is_empty() {
        contact.push(format!("{}: {}", i.t("label-phone"), s.contact_phone));
    }
    if !s.contact_email.trim().is_empty() {
        contact.push(format!("{}: {}", i.t("label-email"), s.contact_email));
    }
    let c = &label.service_centre;
    let mut centre_lines = address_lines(c, lang);
    // The country in capitals on the last line, as the post asks.
    if let Some(country) = centre_lines.last_mut() {
        *country = country.to_uppercase();
    }
    let title = i.t("label-title");
    Ok(json!({
        "lang": lang.code(),
        "title": format!("{title} {}", label.request_number),
        "heading": title,
        "author": s.address.name,
        "labels": {
            "from": i.t("label-from"),
            "to": i.t("label-to"),
            "request_number": i.t("label-request-number"),
            "contents": i.t("label-contents"),
        },
        "date": [i.t("label-date"), i.date(label.date)],
        "sender": {
            "name": s.address.name,
            "lines": address_lines(&s.address, lang),
            "contact": contact,
        },
        "centre": { "name": c.name, "lines": centre_lines },
        "number": label.request_number,
        "barcode": {
            "module_pt": module_pt,
            "modules": code.width_with_quiet_zones(),
            "height_mm": BAR_HEIGHT_MM,
            "bars": code.bars().into_iter().map(|(x, w)| json!([x, w])).collect::<Vec<_>>(),
        },
        "contents": [
            [i.t("label-product"), label.product_model],
            [i.t("label-serial"), label.product_serial],
            [i.t("label-kind"), i.t(kind_id(label.kind))],
        ],
        "note": i.t("label-note"),
    }))
}

/// The shipping label as a PDF (one A6 page) in `lang`. The same label gives
/// the same bytes (the PDF's date is the label's date). Fails when the
/// request number cannot be a barcode (not printable ASCII, or too long to
/// fit the page at a readable module width).
pub fn shipping_label_pdf(label: &ShippingLabel, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let (y, m, d) = date_parts(label.date);
    let today = Datetime::from_ymd(y, m, d).ok_or_else(|| anyhow::anyhow!("label date"))?;
    let data = label_data(label, lang)?;
    let document = compile(TEMPLATE, vec![(file_id("/label.json")?, Bytes::from_string(data.to_string()))], today)?;
    let options = PdfOptions { timestamp: Some(Timestamp::new_utc(today)), ..PdfOptions::default() };
    typst_pdf::pdf(&document, &options).map_err(|e| anyhow::anyhow!("pdf: {}", crate::messages(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use cps_domain::shipping::LabelSender;

    fn label(number: &str) -> ShippingLabel {
        ShippingLabel {
            request_number: number.into(),
            kind: ServiceKind::Repair,
            sender: LabelSender {
                address: PostalAddress {
                    name: "Foto AB".into(),
                    street: "Gatan 1".into(),
                    postal_code: "222 22".into(),
                    city: "Lund".into(),
                    country: "SE".into(),
                },
                contact_name: "Anna".into(),
                contact_phone: String::new(),
                contact_email: "anna@foto.example".into(),
            },
            service_centre: PostalAddress::sample_service_centre(),
            product_model: "EOS R5".into(),
            product_serial: "012345678901".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        }
    }

    #[test]
    fn the_barcode_keeps_a_readable_module_and_fits_the_page() {
        let data = label_data(&label("SR-2026-000123"), Lang::Sv).unwrap();
        let b = &data["barcode"];
        assert_eq!(b["module_pt"].as_f64().unwrap(), MODULE_PT, "a usual number at the preferred module");
        assert_eq!(b["modules"].as_u64().unwrap(), 11 * 12 + 35 + 20);
        // A longer number is squeezed, never below 0.33 mm, and fits.
        let long = label_data(&label("SR-2026-ABCDEFGHIJKL"), Lang::Sv).unwrap();
        let module = long["barcode"]["module_pt"].as_f64().unwrap();
        assert!((MIN_MODULE_MM * PT_PER_MM..MODULE_PT).contains(&module), "{module}");
        let width_mm = module * long["barcode"]["modules"].as_f64().unwrap() / PT_PER_MM;
        assert!(width_mm <= BARCODE_MAX_MM + 1e-9, "{width_mm}");
        let too_long = label_data(&label("SR-2026-ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Lang::Sv);
        assert!(format!("{:#}", too_long.unwrap_err()).contains("too long"));
        assert!(label_data(&label("SR-ÅÄÖ"), Lang::Sv).is_err(), "not code set B");
    }

    #[test]
    fn contact_lines_leave_out_what_is_empty_and_the_country_is_named() {
        let data = label_data(&label("SR-2026-000123"), Lang::Sv).unwrap();
        assert_eq!(data["sender"]["contact"], json!(["Kontaktperson: Anna", "E-post: anna@foto.example"]));
        assert_eq!(data["centre"]["lines"][2], "SVERIGE");
        assert_eq!(data["sender"]["lines"][2], "Sverige");
        assert_eq!(data["contents"][2][1], "Reparation");
        let de = label_data(&label("SR-2026-000123"), Lang::De).unwrap();
        assert_eq!(de["centre"]["lines"][2], "SCHWEDEN");
        assert_eq!(de["date"], json!(["Datum", "07.12.2026"]));
    }
}
