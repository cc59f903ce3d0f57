//! The e-invoice: an EN 16931 invoice in the Peppol BIS Billing 3.0 UBL
//! syntax, made from the same frozen document as the printed invoice. Which
//! business rules it meets, and how that is checked, is in docs/EINVOICE.md.

use crate::billing::InvoiceDocument;
use crate::vat::VatTreatment;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn amount(minor: i64) -> String {
    format!("{}{}.{:02}", if minor < 0 { "-" } else { "" }, minor.unsigned_abs() / 100, minor.unsigned_abs() % 100)
}

/// The VAT category (UNCL 5305) and, for 0 %, the exemption reason and code.
fn category(doc: &InvoiceDocument) -> (&'static str, Option<(&'static str, &'static str)>) {
    match doc.vat_treatment.as_str() {
        t if t == VatTreatment::ReverseCharge.as_str() => ("AE", Some(("vatex-eu-ae", "Reverse charge"))),
        t if t == VatTreatment::OutsideEu.as_str() => ("O", Some(("vatex-eu-o", "Not subject to VAT"))),
        _ => ("S", None),
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

struct PartyXml<'a> {
    endpoint: (String, String),
    name: &'a str,
    street: &'a str,
    city: &'a str,
    postal: &'a str,
    country: &'a str,
    vat: Option<&'a str>,
    legal_id: Option<String>,
}

fn party(out: &mut String, p: &PartyXml<'_>) {
    let _ = write!(
        out,
        "<cac:Party><cbc:EndpointID schemeID=\"{}\">{}</cbc:EndpointID>\
         <cac:PostalAddress><cbc:StreetName>{}</cbc:StreetName><cbc:CityName>{}</cbc:CityName><cbc:PostalZone>{}</cbc:PostalZone>\
         <cac:Country><cbc:IdentificationCode>{}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>",
        esc(&p.endpoint.0),
        esc(&p.endpoint.1),
        esc(p.street),
        esc(p.city),
        esc(p.postal),
        esc(p.country)
    );
    if let Some(vat) = p.vat {
        let _ = write!(
            out,
            "<cac:PartyTaxScheme><cbc:CompanyID>{}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
            esc(vat)
        );
    }
    let _ = write!(out, "<cac:PartyLegalEntity><cbc:RegistrationName>{}</cbc:RegistrationName>", esc(p.name));
    if let Some(id) = &p.legal_id {
        let _ = write!(out, "<cbc:CompanyID>{}</cbc:CompanyID>", esc(id));
    }
    out.push_str("</cac:PartyLegalEntity></cac:Party>");
}

/// The UBL XML of an invoice, or of a credit note (a `CreditNote`
/// document with type 381, positive amounts and a reference to the invoice).
pub fn to_ubl(doc: &InvoiceDocument) -> String {
    let credit = doc.credits.as_ref();
    let root = if credit.is_some() { "CreditNote" } else { "Invoice" };
    let sign = if credit.is_some() { -1 } else { 1 };
    let amount = |minor: i64| amount(sign * minor);
    let ccy = doc.currency.code();
    let (cat, exemption) = category(doc);
    let percent = doc.vat_rate_bp / 100;
    // BR-O-02: "not subject to VAT" invoices carry no VAT identifiers.
    let with_vat_ids = cat != "O";
    let mut x = String::with_capacity(4096);
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = write!(
        x,
        r#"<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">"#
    );
    x.push_str("<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>");
    x.push_str("<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>");
    let _ = write!(x, "<cbc:ID>{}</cbc:ID><cbc:IssueDate>{}</cbc:IssueDate>", esc(&doc.number), doc.issued_on);
    if credit.is_some() {
        x.push_str("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>");
    } else {
        let _ = write!(x, "<cbc:DueDate>{}</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", doc.due_on);
    }
    if cat == "AE" {
        x.push_str("<cbc:Note>Omvänd betalningsskyldighet / Reverse charge</cbc:Note>");
    }
    let _ = write!(
        x,
        "<cbc:DocumentCurrencyCode>{ccy}</cbc:DocumentCurrencyCode><cbc:BuyerReference>{}</cbc:BuyerReference>",
        esc(&doc.number)
    );
    let _ = write!(
        x,
        "<cac:InvoicePeriod><cbc:StartDate>{}</cbc:StartDate><cbc:EndDate>{}</cbc:EndDate></cac:InvoicePeriod>",
        doc.period_start, doc.period_end
    );
    if let Some(c) = credit {
        let _ = write!(
            x,
            "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{}</cbc:ID><cbc:IssueDate>{}</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>",
            esc(&c.invoice_number),
            c.invoice_issued_on
        );
    }
    let s = &doc.seller;
    let seller_endpoint = if s.country == "SE" {
        ("0007".to_owned(), digits(&s.org_number))
    } else {
        ("9930".to_owned(), s.vat_number.clone())
    };
    x.push_str("<cac:AccountingSupplierParty>");
    party(
        &mut x,
        &PartyXml {
            endpoint: seller_endpoint,
            name: &s.name,
            street: &s.street,
            city: &s.city,
            postal: &s.postal_code,
            country: &s.country,
            vat: with_vat_ids.then_some(s.vat_number.as_str()),
            legal_id: Some(s.org_number.clone()),
        },
    );
    x.push_str("</cac:AccountingSupplierParty><cac:AccountingCustomerParty>");
    let b = &doc.buyer;
    let buyer_endpoint = match (&b.email, &b.org_number) {
        (Some(email), _) => ("EM".to_owned(), email.clone()),
        (None, Some(org)) if b.country == "SE" => ("0007".to_owned(), digits(org)),
        _ => ("EM".to_owned(), "invoices@unknown.invalid".to_owned()),
    };
    party(
        &mut x,
        &PartyXml {
            endpoint: buyer_endpoint,
            name: &b.name,
            street: &b.street,
            city: &b.city,
            postal: &b.postal_code,
            country: &b.country,
            vat: if with_vat_ids { b.vat_number.as_deref() } else { None },
            legal_id: b.org_number.clone(),
        },
    );
    x.push_str("</cac:AccountingCustomerParty>");
    if credit.is_some() {
        // Nothing to pay: no payment means or terms.
    } else if doc.payment_method == "bank_transfer" {
        x.push_str("<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>");
        if let Some(r) = &doc.payment_reference {
            let _ = write!(x, "<cbc:PaymentID>{}</cbc:PaymentID>", esc(r));
        }
        let _ = write!(
            x,
            "<cac:PayeeFinancialAccount><cbc:ID>{}</cbc:ID><cac:FinancialInstitutionBranch><cbc:ID>{}</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount></cac:PaymentMeans>",
            esc(&s.iban.replace(' ', "")),
            esc(&s.bic)
        );
    } else {
        x.push_str("<cac:PaymentMeans><cbc:PaymentMeansCode>54</cbc:PaymentMeansCode></cac:PaymentMeans>");
    }
    if credit.is_none() {
        let _ = write!(x, "<cac:PaymentTerms><cbc:Note>{} days</cbc:Note></cac:PaymentTerms>", s.payment_terms_days);
    }
    let tax_category = |x: &mut String, element: &str| {
        let _ = write!(x, "<cac:{element}><cbc:ID>{cat}</cbc:ID>");
        if cat != "O" {
            let _ = write!(x, "<cbc:Percent>{percent}</cbc:Percent>");
        }
        if let Some((code, reason)) = exemption
            && element == "TaxCategory"
        {
            let _ = write!(
                x,
                "<cbc:TaxExemptionReasonCode>{code}</cbc:TaxExemptionReasonCode><cbc:TaxExemptionReason>{reason}</cbc:TaxExemptionReason>"
            );
        }
        let _ = write!(x, "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{element}>");
    };
    let _ = write!(
        x,
        "<cac:TaxTotal><cbc:TaxAmount currencyID=\"{ccy}\">{}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"{ccy}\">{}</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"{ccy}\">{}</cbc:TaxAmount>",
        amount(doc.vat_minor),
        amount(doc.net_minor),
        amount(doc.vat_minor)
    );
    tax_category(&mut x, "TaxCategory");
    x.push_str("</cac:TaxSubtotal></cac:TaxTotal>");
    let _ = write!(
        x,
        "<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"{ccy}\">{net}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID=\"{ccy}\">{net}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"{ccy}\">{total}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID=\"{ccy}\">{total}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
        net = amount(doc.net_minor),
        total = amount(doc.total_minor)
    );
    let _ = write!(
        x,
        "<cac:{root}Line><cbc:ID>1</cbc:ID><cbc:{quantity} unitCode=\"C62\">1</cbc:{quantity}><cbc:LineExtensionAmount currencyID=\"{ccy}\">{}</cbc:LineExtensionAmount><cac:Item><cbc:Name>{}</cbc:Name>",
        amount(doc.net_minor),
        esc(&doc.service),
        quantity = if credit.is_some() { "CreditedQuantity" } else { "InvoicedQuantity" },
    );
    tax_category(&mut x, "ClassifiedTaxCategory");
    let _ = write!(
        x,
        "</cac:Item><cac:Price><cbc:PriceAmount currencyID=\"{ccy}\">{}</cbc:PriceAmount></cac:Price></cac:{root}Line></{root}>",
        amount(doc.net_minor)
    );
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::{Buyer, Seller};
    use crate::money::Currency;
    use chrono::NaiveDate;
    use quick_xml::Reader;
    use quick_xml::events::Event;
    use std::collections::HashMap;

    fn doc(treatment: VatTreatment, country: &str, bank: bool) -> InvoiceDocument {
        let net = 115_000;
        let vat = treatment.vat_on(net);
        InvoiceDocument {
            number: "CPS-2026-000001".into(),
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
            seller: Seller {
                name: "CPS & Co AB".into(),
                street: "Exempelgatan 1".into(),
                postal_code: "111 11".into(),
                city: "Stockholm".into(),
                country: "SE".into(),
                vat_number: "SE556036079301".into(),
                org_number: "556036-0793".into(),
                iban: "SE45 5000 0000 0583 9825 7466".into(),
                bic: "ESSESESS".into(),
                bankgiro: "5050-1055".into(),
                series: "CPS".into(),
                payment_terms_days: 30,
            },
            buyer: Buyer {
                name: "Bild <GmbH>".into(),
                street: "Hauptstraße 1".into(),
                postal_code: "10115".into(),
                city: "Berlin".into(),
                country: country.into(),
                vat_number: Some("DE123456789".into()),
                org_number: None,
                email: Some("hans@bild.de".into()),
            },
            service: "CPS Silver (CPS 1000001-8)".into(),
            period_start: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2027, 11, 24).unwrap(),
            currency: Currency::SEK,
            net_minor: net,
            vat_treatment: treatment.as_str().into(),
            vat_rate_bp: treatment.rate_bp(),
            vat_minor: vat,
            total_minor: net + vat,
            payment_method: if bank { "bank_transfer" } else { "card" }.into(),
            payment_reference: bank.then(|| "RF18539007547034".to_owned()),
            credits: None,
        }
    }

    /// Every element path with its texts, e.g. `Invoice/cac:TaxTotal/cbc:TaxAmount`.
    fn paths(xml: &str) -> HashMap<String, Vec<String>> {
        let mut r = Reader::from_str(xml);
        let mut stack: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        loop {
            match r.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    stack.push(e.name().as_ref().to_owned());
                    text.clear();
                }
                Event::End(_) => {
                    if !text.is_empty() {
                        out.entry(stack.join("/")).or_default().push(std::mem::take(&mut text));
                    }
                    stack.pop();
                }
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::GeneralRef(e) => text.push_str(match e.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    _ => "?",
                }),
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    fn one(p: &HashMap<String, Vec<String>>, path: &str) -> String {
        p.get(path).and_then(|v| v.first()).cloned().unwrap_or_else(|| panic!("missing {path}"))
    }

    fn cents(s: &str) -> i64 {
        let (u, f) = s.split_once('.').unwrap();
        u.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap()
    }

    #[test]
    fn credit_note_is_a_creditnote_document_referring_to_its_invoice() {
        let invoice = doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let note =
            invoice.credit_note("CPSK-2026-000001".into(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), "Fel adress");
        assert_eq!(note.total_minor, -invoice.total_minor);
        let p = paths(&to_ubl(&note));
        assert_eq!(one(&p, "CreditNote/cbc:CreditNoteTypeCode"), "381");
        assert_eq!(one(&p, "CreditNote/cbc:ID"), "CPSK-2026-000001");
        assert_eq!(one(&p, "CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"), "CPS-2026-000001");
        // Amounts in a credit note are positive: the document type says "credit".
        assert_eq!(cents(&one(&p, "CreditNote/cac:LegalMonetaryTotal/cbc:PayableAmount")), invoice.total_minor);
        assert_eq!(cents(&one(&p, "CreditNote/cac:CreditNoteLine/cbc:LineExtensionAmount")), invoice.net_minor);
        assert_eq!(one(&p, "CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity"), "1");
        assert!(!p.contains_key("CreditNote/cac:PaymentMeans/cbc:PaymentMeansCode"), "nothing to pay");
    }

    #[test]
    fn domestic_invoice_meets_the_core_rules() {
        let p = paths(&to_ubl(&doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true)));
        // BR-01..BR-08: specification id, number, dates, type, currency, seller and buyer.
        assert!(one(&p, "Invoice/cbc:CustomizationID").contains("en16931"));
        assert_eq!(one(&p, "Invoice/cbc:ID"), "CPS-2026-000001");
        assert_eq!(one(&p, "Invoice/cbc:IssueDate"), "2026-11-25");
        assert_eq!(one(&p, "Invoice/cbc:InvoiceTypeCode"), "380");
        assert_eq!(one(&p, "Invoice/cbc:DocumentCurrencyCode"), "SEK");
        assert_eq!(
            one(&p, "Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
            "CPS & Co AB"
        );
        assert_eq!(
            one(&p, "Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"),
            "SE556036079301"
        );
        assert_eq!(
            one(
                &p,
                "Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode"
            ),
            "SE"
        );
        // BR-CO-10, 13, 15, 16: totals add up.
        let total = "Invoice/cac:LegalMonetaryTotal/cbc:";
        let (line, excl, incl, payable) = (
            cents(&one(&p, &format!("{total}LineExtensionAmount"))),
            cents(&one(&p, &format!("{total}TaxExclusiveAmount"))),
            cents(&one(&p, &format!("{total}TaxInclusiveAmount"))),
            cents(&one(&p, &format!("{total}PayableAmount"))),
        );
        let tax = cents(&one(&p, "Invoice/cac:TaxTotal/cbc:TaxAmount"));
        assert_eq!(line, cents(&one(&p, "Invoice/cac:InvoiceLine/cbc:LineExtensionAmount")));
        assert_eq!((excl, incl, payable), (line, excl + tax, incl));
        // BR-S-08/09: the VAT of the category is its taxable amount times its rate.
        assert_eq!(one(&p, "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID"), "S");
        assert_eq!(tax, cents(&one(&p, "Invoice/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount")) * 25 / 100);
        // BR-61: a credit transfer names the account; the reference is the payment id.
        assert_eq!(one(&p, "Invoice/cac:PaymentMeans/cbc:PaymentMeansCode"), "30");
        assert_eq!(one(&p, "Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"), "SE4550000000058398257466");
        assert_eq!(one(&p, "Invoice/cac:PaymentMeans/cbc:PaymentID"), "RF18539007547034");
        assert_eq!(one(&p, "Invoice/cac:InvoicePeriod/cbc:EndDate"), "2027-11-24");
        assert!(p.contains_key("Invoice/cbc:BuyerReference"), "PEPPOL-EN16931-R003");
    }

    #[test]
    fn reverse_charge_and_outside_eu_follow_their_categories() {
        let ae = paths(&to_ubl(&doc(VatTreatment::ReverseCharge, "DE", false)));
        let cat = "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/";
        assert_eq!(one(&ae, &format!("{cat}cbc:ID")), "AE");
        assert_eq!(one(&ae, &format!("{cat}cbc:Percent")), "0");
        assert_eq!(one(&ae, &format!("{cat}cbc:TaxExemptionReasonCode")), "vatex-eu-ae", "BR-AE-10");
        assert_eq!(one(&ae, "Invoice/cac:TaxTotal/cbc:TaxAmount"), "0.00", "BR-AE-09");
        assert_eq!(
            one(&ae, "Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"),
            "DE123456789",
            "BR-AE-02"
        );
        assert_eq!(one(&ae, "Invoice/cac:PaymentMeans/cbc:PaymentMeansCode"), "54", "card");
        let o = paths(&to_ubl(&doc(VatTreatment::OutsideEu, "NO", false)));
        assert_eq!(one(&o, &format!("{cat}cbc:ID")), "O");
        assert!(!o.contains_key(&format!("{cat}cbc:Percent")), "BR-O-05");
        assert!(
            !o.contains_key("Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"),
            "BR-O-02"
        );
    }
}
