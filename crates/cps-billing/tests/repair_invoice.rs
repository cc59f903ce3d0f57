//! The repair invoice as the member reads it: its lines, the discount and
//! the allowance, VAT and total, in each of the six languages — rendered to
//! PDF and read back with poppler's `pdftotext` (poppler-utils; the test
//! command installs it). A membership invoice keeps its one line.

use cps_billing::{invoice_items, invoice_pdf};
use cps_domain::Lang;
use cps_domain::billing::{AllowanceKind, InvoiceAllowance, InvoiceDocument, InvoiceLine, InvoiceLineKind, Seller};
use cps_domain::money::Currency;

fn repair() -> InvoiceDocument {
    let stored = r#"{"number":"CPS-2026-000002","issued_on":"2026-11-25","due_on":"2026-12-25","seller":{"name":"S","street":"s","postal_code":"1","city":"c","country":"SE","vat_number":"SE1","org_number":"1","iban":"I","bic":"B","bankgiro":"1","series":"CPS","payment_terms_days":30},"buyer":{"name":"Ljus AB","street":"Storgatan 1","postal_code":"111 22","city":"Stockholm","country":"SE","vat_number":null,"org_number":null,"email":null},"service":"EOS R5 (012345678901)","period_start":"2026-11-25","period_end":"2026-11-25","currency":"SEK","net_minor":64000,"vat_treatment":"domestic","vat_rate_bp":2500,"vat_minor":16000,"total_minor":80000,"payment_method":"bank_transfer","payment_reference":"2026000000026"}"#;
    let mut d: InvoiceDocument = serde_json::from_str(stored).expect("a document");
    d.seller = Seller::sample();
    d.lines = vec![
        InvoiceLine {
            kind: InvoiceLineKind::Part,
            description: "Slutarenhet".into(),
            quantity: 1,
            unit_minor: 450_000,
        },
        InvoiceLine { kind: InvoiceLineKind::Labour, description: "Byte".into(), quantity: 2, unit_minor: 65_000 },
    ];
    d.allowances = vec![
        InvoiceAllowance {
            kind: AllowanceKind::RepairDiscount,
            amount_minor: 116_000,
            base_minor: Some(580_000),
            percent: Some(20),
        },
        InvoiceAllowance {
            kind: AllowanceKind::MaintenanceAllowance,
            amount_minor: 400_000,
            base_minor: None,
            percent: None,
        },
    ];
    d.service_request = Some("SR-2026-000001".into());
    d
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn the_repair_invoice_prints_its_lines_discount_and_allowance_in_every_language() {
    let d = repair();
    // (language, part, labour, discount text, allowance, total)
    let cases = [
        (
            Lang::Sv,
            "Reservdel",
            "Arbete",
            "Medlemsrabatt 20 % på reservdelar och arbete (5 800,00 kr)",
            "Underhållsbidrag",
            "800,00 kr",
        ),
        (
            Lang::En,
            "Part",
            "Labour",
            "Member discount 20% on parts and labour (SEK 5,800.00)",
            "Maintenance allowance",
            "SEK 800.00",
        ),
        (
            Lang::Da,
            "Reservedel",
            "Arbejde",
            "Medlemsrabat 20 % på reservedele og arbejde (5.800,00 SEK)",
            "Vedligeholdelsestilskud",
            "800,00 SEK",
        ),
        (
            Lang::Nb,
            "Reservedel",
            "Arbeid",
            "Medlemsrabatt 20 % på reservedeler og arbeid (5 800,00 SEK)",
            "Vedlikeholdstilskudd",
            "800,00 SEK",
        ),
        (
            Lang::Fi,
            "Varaosa",
            "Työ",
            "Jäsenalennus 20 % varaosista ja työstä (5 800,00 SEK)",
            "Huoltosaldosta",
            "800,00 SEK",
        ),
        (
            Lang::De,
            "Ersatzteil",
            "Arbeit",
            "Mitgliederrabatt 20 % auf Ersatzteile und Arbeit (5.800,00 SEK)",
            "Wartungsguthaben",
            "800,00 SEK",
        ),
    ];
    for (lang, part, labour, discount, allowance, total) in cases {
        let items = invoice_items(&d, lang).expect("itemised");
        assert_eq!(items.rows.len(), 2);
        assert_eq!((items.rows[0].kind.as_str(), items.rows[1].kind.as_str()), (part, labour), "{lang:?}");
        assert_eq!(items.allowances[0].label.replace('\u{a0}', " "), discount, "{lang:?}");
        assert_eq!(items.allowances[1].label, allowance, "{lang:?}");
        let text = pdf_text(&invoice_pdf(&d, lang, "<x/>", "Godkänd för F-skatt").expect("a PDF"));
        for want in
            ["Slutarenhet", "Byte", "SR-2026-000001", "EOS R5 (012345678901)", part, labour, discount, allowance, total]
        {
            assert!(text.contains(want), "{lang:?}: the PDF lacks {want:?}:\n{text}");
        }
        assert!(!text.contains("svc-inv"), "{lang:?}: an untranslated id:\n{text}");
    }
    // The amounts taken off carry the language's minus sign.
    let sv = pdf_text(&invoice_pdf(&d, Lang::Sv, "<x/>", "").expect("a PDF"));
    assert!(sv.contains("\u{2212}1 160,00 kr") && sv.contains("\u{2212}4 000,00 kr"), "{sv}");
    assert!(sv.contains("4 500,00 kr") && sv.contains("1 300,00 kr") && sv.contains("5 800,00 kr"), "{sv}");
}

#[test]
fn a_membership_invoice_has_no_items() {
    let mut d = repair();
    d.lines.clear();
    d.allowances.clear();
    assert!(invoice_items(&d, Lang::Sv).is_none());
    let text = pdf_text(&invoice_pdf(&d, Lang::Sv, "<x/>", "").expect("a PDF"));
    assert!(!text.contains("Underhållsbidrag") && !text.contains("Summa rader"), "{text}");
    assert_eq!(d.currency, Currency::SEK);
}
