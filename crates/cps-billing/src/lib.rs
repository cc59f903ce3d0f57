//! The invoice as a PDF: PDF/A-3b in the business's language, with the
//! e-invoice (UBL XML) of the same document attached, rendered by typst.
//! Everything shown is formatted here with `cps-i18n`; the typst file
//! (`invoice.typ`) only lays it out.

use cps_domain::Lang;
use cps_domain::billing::InvoiceDocument;
use cps_domain::money::Money;
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

/// One invoice's world: the template, its data and the attached XML.
struct InvoiceWorld {
    main: Source,
    json: (FileId, Bytes),
    xml: (FileId, Bytes),
    today: Datetime,
}

impl World for InvoiceWorld {
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
        if id == self.json.0 {
            Ok(self.json.1.clone())
        } else if id == self.xml.0 {
            Ok(self.xml.1.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
}

/// What the PDF shows, formatted in `lang`.
pub fn invoice_data(doc: &InvoiceDocument, lang: Lang) -> Value {
    let i = I18n::new(lang);
    let money = |minor: i64| Money::new(minor, doc.currency).format(lang);
    let s = &doc.seller;
    let b = &doc.buyer;
    let credit = doc.credits.as_ref();
    let heading = if credit.is_some() { i.t("invoice-status-credit-note") } else { i.t("pdf-invoice") };
    let mut facts =
        vec![json!([i.t("invoice-number"), doc.number]), json!([i.t("invoice-date"), i.date(doc.issued_on)])];
    if let Some(c) = credit {
        facts.push(json!([i.t("pdf-credits"), format!("{} ({})", c.invoice_number, i.date(c.invoice_issued_on))]));
        facts.push(json!([i.t("pdf-credit-reason"), c.reason]));
    } else {
        facts.push(json!([i.t("invoice-due"), i.date(doc.due_on)]));
        let method = if doc.payment_method == "bank_transfer" { "invoice-method-bank" } else { "invoice-method-card" };
        facts.push(json!([i.t("invoice-method"), i.t(method)]));
    }
    facts.push(json!([i.t("pdf-currency"), doc.currency.code()]));
    let mut buyer_ids = Vec::new();
    if let Some(v) = &b.vat_number {
        buyer_ids.push(format!("{}: {v}", i.t("invoice-vat-number")));
    }
    if let Some(o) = &b.org_number {
        buyer_ids.push(format!("{}: {o}", i.t("invoice-org-number")));
    }
    let vat_label = if doc.is_reverse_charge() {
        i.t("invoice-vat-reverse")
    } else if doc.vat_treatment == cps_domain::vat::VatTreatment::OutsideEu.as_str() {
        i.t("invoice-vat-outside")
    } else {
        i.t_args("invoice-vat", &[("rate", Arg::Str(i.number(doc.vat_rate_bp / 100)))])
    };
    let mut notes = Vec::new();
    if doc.is_reverse_charge() {
        notes.push(i.t("pdf-reverse-charge-note"));
    }
    let bank = (credit.is_none() && doc.payment_method == "bank_transfer").then(|| {
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
    json!({
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
            "amount": i.t("pdf-amount"),
            "net": i.t("invoice-net"),
            "pay_to": i.t("invoice-pay-to"),
        },
        "seller": {
            "name": s.name,
            "street": s.street,
            "city": format!("{} {}, {}", s.postal_code, s.city, s.country),
            "address": format!("{}, {} {}", s.street, s.postal_code, s.city),
            "vat_number": s.vat_number,
            "org_number": s.org_number,
        },
        "buyer": {
            "name": b.name,
            "street": b.street,
            "city": format!("{} {}, {}", b.postal_code, b.city, b.country),
            "ids": buyer_ids,
        },
        "facts": facts,
        "service": doc.service,
        "period": format!("{} – {}", i.date(doc.period_start), i.date(doc.period_end)),
        "net": money(doc.net_minor),
        "vat_label": vat_label,
        "vat": money(doc.vat_minor),
        "total_label": if credit.is_some() { i.t("pdf-credit-total") } else { i.t("invoice-total") },
        "total": money(doc.total_minor),
        "notes": notes,
        "bank": bank,
    })
}

/// The PDF/A-3b of an invoice or credit note, with `ubl_xml` attached.
pub fn invoice_pdf(doc: &InvoiceDocument, lang: Lang, ubl_xml: &str) -> anyhow::Result<Vec<u8>> {
    let (y, m, d) = date_parts(doc.issued_on);
    let today = Datetime::from_ymd(y, m, d).ok_or_else(|| anyhow::anyhow!("issue date"))?;
    let world = InvoiceWorld {
        main: Source::new(file_id("/main.typ")?, TEMPLATE.to_owned()),
        json: (file_id("/invoice.json")?, Bytes::from_string(invoice_data(doc, lang).to_string())),
        xml: (file_id("/invoice.xml")?, Bytes::from_string(ubl_xml.to_owned())),
        today,
    };
    let document: PagedDocument =
        typst::compile::<PagedDocument>(&world).output.map_err(|e| anyhow::anyhow!("typst: {}", messages(&e)))?;
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
