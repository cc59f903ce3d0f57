//! The invoice as a PDF: PDF/A-3b in the business's language, with the
//! e-invoice (UBL XML) of the same document attached, rendered by typst.
//! Everything shown is formatted here with `cps-i18n`; the typst file
//! (`invoice.typ`) only lays it out.
//!
//! The shipping label of a service request is rendered here too, the same
//! way ([`shipping_label_pdf`], `label.typ`).

use cps_domain::Lang;
use cps_domain::billing::InvoiceDocument;
use cps_domain::money::Money;
use cps_domain::status::PaymentMethod;
use cps_i18n::{Arg, I18n};
use serde_json::{Value, json};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

mod label;
pub use label::{label_data, shipping_label_pdf};

const TEMPLATE: &str = include_str!("invoice.typ");

/// Fonts and the standard library, loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> anyhow::Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow::anyhow!("virtual path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One document's world: its template and the files it reads (the JSON it
/// lays out, an attachment).
struct DocWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Lays out `template` (as `/main.typ`) with `files`, on the day `today`.
fn compile(template: &str, files: Vec<(FileId, Bytes)>, today: Datetime) -> anyhow::Result<PagedDocument> {
    let world = DocWorld { main: Source::new(file_id("/main.typ")?, template.to_owned()), files, today };
    typst::compile::<PagedDocument>(&world).output.map_err(|e| anyhow::anyhow!("typst: {}", messages(&e)))
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
}

/// The name of a country in `lang`; the code itself if it is not one.
fn country_name(code: &str, lang: Lang) -> String {
    cps_domain::Country::parse(code).map_or_else(|_| code.to_owned(), |c| c.name(lang).to_owned())
}

/// What the PDF shows, formatted in `lang`. `f_tax_statement` is printed
/// under the seller as configured (empty: nothing).
pub fn invoice_data(doc: &InvoiceDocument, lang: Lang, f_tax_statement: &str) -> Value {
    let i = I18n::new(lang);
    let money = |minor: i64| Money::new(minor, doc.currency).format(lang);
    let s = &doc.seller;
    let b = &doc.buyer;
    let credit = doc.credits.as_ref();
    let heading = if credit.is_some() { i.t("invoice-status-credit-note") } else { i.t("pdf-invoice") };
    let (number_label, date_label) = if credit.is_some() {
        (i.t("pdf-credit-note-number"), i.t("pdf-credit-note-date"))
    } else {
        (i.t("invoice-number"), i.t("invoice-date"))
    };
    let mut facts = vec![json!([number_label, doc.number]), json!([date_label, i.date(doc.issued_on)])];
    if let Some(c) = credit {
        facts.push(json!([i.t("pdf-credits"), format!("{} ({})", c.invoice_number, i.date(c.invoice_issued_on))]));
        facts.push(json!([i.t("pdf-credit-reason"), c.reason]));
    } else {
        facts.push(json!([i.t("invoice-due"), i.date(doc.due_on)]));
        let method = match doc.payment_method {
            PaymentMethod::BankTransfer => "invoice-method-bank",
            PaymentMethod::Card => "invoice-method-card",
        };
        facts.push(json!([i.t("invoice-method"), i.t(method)]));
    }
    facts.push(json!([i.t("pdf-currency"), doc.currency.code()]));
    if let Some(r) = &doc.service_request {
        facts.push(json!([i.t("svc-inv-request"), r]));
    }
    // Outside the scope of VAT the e-invoice carries no VAT numbers
    // (BR-O-02), and the printed invoice says what the e-invoice says.
    let vat_ids = doc.shows_vat_identifiers();
    if let Some(r) = &b.reference {
        facts.push(json!([i.t("einvoice-reference"), r]));
    }
    let mut buyer_ids = Vec::new();
    if let Some(v) = b.vat_number.as_ref().filter(|_| vat_ids) {
        buyer_ids.push(format!("{}: {v}", i.t("invoice-vat-number")));
    }
    if let Some(o) = &b.org_number {
        buyer_ids.push(format!("{}: {o}", i.t("invoice-org-number")));
    }
    let vat_label = if doc.is_reverse_charge() {
        i.t("invoice-vat-reverse")
    } else if doc.vat_treatment == cps_domain::vat::VatKind::OutsideEu {
        i.t("invoice-vat-outside")
    } else {
        i.t_args("invoice-vat", &[("rate", Arg::Str(i.number(doc.vat_rate_bp / 100)))])
    };
    let mut notes = Vec::new();
    if doc.is_reverse_charge() {
        notes.push(i.t("pdf-reverse-charge-note"));
    }
    let bank = (credit.is_none() && doc.payment_method == PaymentMethod::BankTransfer).then(|| {
        let mut lines = Vec::new();
        if doc.currency == cps_domain::money::Currency::SEK && !s.bankgiro.is_empty() {
            lines.push(format!("{}: {}", i.t("invoice-bankgiro"), s.bankgiro));
        }
        lines.push(format!("{}: {}", i.t("invoice-iban"), s.iban));
        lines.push(format!("{}: {}", i.t("invoice-bic"), s.bic));
        if let Some(r) = &doc.payment_reference {
            lines.push(format!("{}: {r}", i.t("invoice-reference")));
        }
        lines.push(i.t("invoice-bank-fees"));
        lines
    });
    let f_tax = f_tax_statement.trim();
    let mut footer =
        vec![s.name.clone(), format!("{}, {} {}, {}", s.street, s.postal_code, s.city, country_name(&s.country, lang))];
    if vat_ids {
        footer.push(format!("{} {}", i.t("invoice-vat-number"), s.vat_number));
    }
    footer.push(format!("{} {}", i.t("invoice-org-number"), s.org_number));
    if !f_tax.is_empty() {
        footer.push(f_tax.to_owned());
    }
    // One line: the membership, once. The unit price is the line's net
    // amount (negative on a credit note, like every amount on it).
    let quantity: i64 = 1;
    let mut data = json!({
        "lang": lang.code(),
        "title": format!("{heading} {}", doc.number),
        "heading": heading,
        "labels": {
            "seller": i.t("invoice-seller"),
            "buyer": i.t("invoice-buyer"),
            "vat_number": i.t("invoice-vat-number"),
            "org_number": i.t("invoice-org-number"),
            "service": i.t("invoice-service"),
            "period": i.t("invoice-period"),
            "quantity": i.t("pdf-quantity"),
            "unit_price": i.t("pdf-unit-price"),
            "amount": i.t("pdf-amount"),
            "net": i.t("invoice-net"),
            "pay_to": i.t("invoice-pay-to"),
        },
        "seller": {
            "name": s.name,
            "street": s.street,
            "city": format!("{} {}", s.postal_code, s.city),
            "country": country_name(&s.country, lang),
            "vat_number": if vat_ids { s.vat_number.as_str() } else { "" },
            "org_number": s.org_number,
            "f_tax": f_tax,
        },
        "footer": footer.join(" · "),
        "buyer": {
            "name": b.name,
            "street": b.street,
            "city": format!("{} {}", b.postal_code, b.city),
            "country": country_name(&b.country, lang),
            "ids": buyer_ids,
        },
        "facts": facts,
        "line": {
            "service": doc.service,
            "period": format!("{} – {}", i.date(doc.period_start), i.date(doc.period_end)),
            "quantity": i.number(quantity),
            "unit_price": money(doc.net_minor / quantity),
            "amount": money(doc.net_minor),
        },
        "net": money(doc.net_minor),
        "vat_label": vat_label,
        "vat": money(doc.vat_minor),
        "total_label": if credit.is_some() { i.t("pdf-credit-total") } else { i.t("invoice-total") },
        "total": money(doc.total_minor),
        "notes": notes,
        "bank": bank,
    });
    // An itemised invoice (a repair): its lines, then what is taken off.
    if let Some(items) = invoice_items(doc, lang) {
        data["items"] = json!(items);
    }
    data
}

/// One line of an itemised invoice, formatted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemRow {
    pub description: String,
    /// What the line is (part, labour, …) in the language.
    pub kind: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
}

/// What an amount is taken off for, and the amount (with its minus sign).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AllowanceRow {
    pub label: String,
    pub amount: String,
}

/// The lines and allowances of an itemised invoice (a repair), formatted
/// in a language for the PDF and the invoice page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvoiceItems {
    pub product_label: String,
    pub product: String,
    pub description: String,
    pub rows: Vec<ItemRow>,
    pub lines_total_label: String,
    pub lines_total: String,
    pub allowances: Vec<AllowanceRow>,
}

/// The items of an itemised invoice in `lang` (negative on a credit note,
/// like every amount on it); `None` for a membership invoice.
pub fn invoice_items(doc: &InvoiceDocument, lang: Lang) -> Option<InvoiceItems> {
    use cps_domain::billing::AllowanceKind;
    if !doc.is_itemised() {
        return None;
    }
    let i = I18n::new(lang);
    let sign = if doc.is_credit_note() { -1 } else { 1 };
    let money = |minor: i64| Money::new(sign * minor, doc.currency).format(lang);
    let rows = doc
        .lines
        .iter()
        .map(|l| {
            let kind = i.t(&format!("svc-inv-kind-{}", l.kind.as_str()));
            // A line without a description of its own (the diagnosis fee) is its kind.
            let (description, kind) =
                if l.description.trim().is_empty() { (kind, String::new()) } else { (l.description.clone(), kind) };
            ItemRow {
                description,
                kind,
                quantity: i.number(i64::from(l.quantity)),
                unit_price: money(l.unit_minor),
                amount: money(l.amount_minor()),
            }
        })
        .collect();
    let allowances = doc
        .allowances
        .iter()
        .map(|a| {
            let label = match a.kind {
                AllowanceKind::RepairDiscount => i.t_args(
                    "svc-inv-discount",
                    &[
                        ("percent", Arg::Num(i64::from(a.percent.unwrap_or(0)))),
                        ("base", Arg::Str(money(a.base_minor.unwrap_or(0)))),
                    ],
                ),
                AllowanceKind::FreeSensorClean => i.t("svc-inv-free-clean"),
                AllowanceKind::MaintenanceAllowance => i.t("svc-inv-allowance"),
            };
            AllowanceRow { label, amount: money(-a.amount_minor) }
        })
        .collect();
    Some(InvoiceItems {
        product_label: i.t("svc-inv-product"),
        product: doc.service.clone(),
        description: i.t("svc-inv-description"),
        rows,
        lines_total_label: i.t("svc-inv-lines-total"),
        lines_total: money(doc.lines_minor()),
        allowances,
    })
}

/// The PDF/A-3b of an invoice or credit note, with `ubl_xml` attached.
/// Rendered once, when the document is issued, and stored: the same
/// inputs give the same bytes (the PDF's date is the issue date).
pub fn invoice_pdf(doc: &InvoiceDocument, lang: Lang, ubl_xml: &str, f_tax_statement: &str) -> anyhow::Result<Vec<u8>> {
    let (y, m, d) = date_parts(doc.issued_on);
    let today = Datetime::from_ymd(y, m, d).ok_or_else(|| anyhow::anyhow!("issue date"))?;
    let files = vec![
        (file_id("/invoice.json")?, Bytes::from_string(invoice_data(doc, lang, f_tax_statement).to_string())),
        (file_id("/invoice.xml")?, Bytes::from_string(ubl_xml.to_owned())),
    ];
    let document = compile(TEMPLATE, files, today)?;
    let options = PdfOptions {
        standards: PdfStandards::new(&[PdfStandard::A_3b]).map_err(|e| anyhow::anyhow!("{}", e.message()))?,
        timestamp: Some(Timestamp::new_utc(today)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|e| anyhow::anyhow!("pdf: {}", messages(&e)))
}

/// Year, month and day of a date, as typst's `Datetime` takes them.
fn date_parts(d: chrono::NaiveDate) -> (i32, u8, u8) {
    use chrono::Datelike;
    (d.year(), u8::try_from(d.month()).unwrap_or(1), u8::try_from(d.day()).unwrap_or(1))
}
