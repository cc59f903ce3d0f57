//! The invoice PDF as a reader gets it, read with poppler (`pdftotext`,
//! `pdftoppm`; the test command installs poppler-utils): the F-tax
//! statement, quantity and unit price, countries by name, credit notes that
//! say so with their amounts signed as each language writes them — and one
//! PDF per document: rendered once, kept, and the same bytes for the member,
//! for staff and in the mail, in whichever language they read the portal.

use crate::harness::{Browser, TestApp, signup_form};
use axum::http::StatusCode;
use cps_domain::staff::StaffRole;
use cps_store::memberships::PaymentMethod;

const PASSWORD: &str = "fyra ord i rad kamera";

/// A confirmed bank-transfer Silver order of the business, then its invoice.
async fn invoiced(app: &TestApp, business_id: i64, user_id: i64) -> cps_store::billing::Invoice {
    app.silver_order(business_id, user_id, PaymentMethod::BankTransfer).await;
    app.invoice_after_delay(business_id).await
}

/// A German business whose owner reads the portal in English, logged in.
async fn german_member(app: &TestApp) -> Browser {
    let mut b = app.browser();
    let mut form = signup_form("hans@bild.de", "Bild GmbH");
    form.retain(|(k, _)| !["country", "vat_number", "language"].contains(k));
    form.extend([("country", "DE"), ("vat_number", "DE123456789"), ("language", "en")]);
    b.post_form("/signup", &form).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("hans@bild.de");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    let res = b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
    b
}

/// Logs in again (the session has idled out while the invoice was made).
async fn login(b: &mut Browser, email: &str) {
    let res = b.post_form("/login", &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
}

fn poppler(tool: &str, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, installed by the test command): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The PDF's text as `pdftotext -layout` lays it out, no-break spaces as spaces.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = poppler("pdftotext", &["-layout", path.to_str().expect("path"), "-"]);
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

/// Renders the first page with `pdftoppm`, as PNG and as a grey map; returns
/// the PNG and the share of the page that has ink on it.
fn render(pdf: &[u8]) -> (Vec<u8>, f64) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write");
    let (file, out) = (path.to_str().expect("path"), dir.path().join("page"));
    let out = out.to_str().expect("path");
    poppler("pdftoppm", &["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, out]);
    let png = std::fs::read(format!("{out}.png")).expect("pdftoppm wrote a PNG");
    poppler("pdftoppm", &["-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, out]);
    let pgm = std::fs::read(format!("{out}.pgm")).expect("pdftoppm wrote a grey map");
    // A binary PGM: "P5\n<width> <height>\n255\n" and one byte per pixel.
    let header_end = pgm.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(2).map(|(i, _)| i + 1).expect("header");
    let pixels = &pgm[header_end..];
    let ink = pixels.iter().filter(|p| **p < 128).count();
    (png, ink as f64 / pixels.len() as f64)
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("a line with {needle:?}:\n{text}"))
}

#[tokio::test]
async fn the_invoice_pdf_states_f_tax_quantity_unit_price_and_countries_by_name() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let invoice = invoiced(&app, 1, 1).await;
    login(&mut anna, "anna@ljusbild.se").await;
    let res = anna.get(&format!("/invoices/{}/invoice.pdf", invoice.id)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.bytes.starts_with(b"%PDF-"));
    let (png, ink) = render(&res.bytes);
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "pdftoppm renders the invoice as a PNG");
    assert!(ink > 0.005, "the rendered page has text on it ({ink})");
    let text = pdf_text(&res.bytes);
    assert!(text.contains("Godkänd för F-skatt"), "the seller's F-tax statement:\n{text}");
    let header = line_with(&text, "Antal");
    assert!(header.contains("À-pris") && header.contains("Belopp"), "quantity, unit price, amount: {header}");
    let line = line_with(&text, "CPS Silver");
    let cells: Vec<&str> = line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells.len(), 4, "service, quantity, unit price, amount: {line}");
    assert_eq!(&cells[1..], ["1", "1 150,00 kr", "1 150,00 kr"], "{line}");
    assert!(text.matches("Sverige").count() >= 2, "the seller's and the buyer's country by name:\n{text}");
    assert!(!text.lines().any(|l| l.trim_end().ends_with(", SE") || l.trim() == "SE"), "no bare codes:\n{text}");

    // In English for a German business: Germany and Sweden, by name.
    let mut hans = german_member(&app).await;
    let de = invoiced(&app, 2, 2).await;
    login(&mut hans, "hans@bild.de").await;
    let res = hans.get(&format!("/invoices/{}/invoice.pdf", de.id)).await;
    let text = pdf_text(&res.bytes);
    assert!(text.contains("Germany") && text.contains("Sweden"), "{text}");
    assert!(text.contains("Godkänd för F-skatt"), "the statement in its legal words in English too:\n{text}");
    let header = line_with(&text, "Quantity");
    assert!(header.contains("Unit price") && header.contains("Amount"), "{header}");
    let line = line_with(&text, "CPS Silver");
    let cells: Vec<&str> = line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(&cells[1..], ["1", "€100.00", "€100.00"], "{line}");
}

#[tokio::test]
async fn one_invoice_has_one_pdf_for_the_member_staff_and_the_mail_in_any_language() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let invoice = invoiced(&app, 1, 1).await;
    login(&mut anna, "anna@ljusbild.se").await;
    let path = format!("/invoices/{}/invoice.pdf", invoice.id);
    let kept = app.store.stored_invoice_pdf(invoice.id).await.expect("read").expect("kept when issued");
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject == "Faktura CPS-2026-000001 från CPS")
        .expect("the invoice mail");
    assert_eq!(mail.attachments.len(), 1);
    assert!(mail.attachments[0].1 == kept, "the mail carries the kept PDF");

    let swedish = anna.get(&path).await.bytes;
    let res = anna.post_form("/language", &[("lang", "en"), ("next", "/invoices")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(anna.get("/invoices").await.body.contains("Invoices"), "anna reads the portal in English now");
    let english = anna.get(&path).await.bytes;
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    fia.lang = "en".into();
    let page = fia.get(&format!("/admin/invoices/{}", invoice.id)).await.body;
    assert!(page.contains(&format!("href=\"/admin/invoices/{}/invoice.pdf\"", invoice.id)), "{page}");
    let res = fia.get(&format!("/admin/invoices/{}/invoice.pdf", invoice.id)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/pdf"));
    let staff = res.bytes;
    assert!(swedish == kept, "the member's download is the kept PDF");
    assert!(english == kept, "the same bytes when the member reads the portal in English");
    assert!(staff == kept, "and when staff download it");
    let text = pdf_text(&kept);
    assert!(text.contains("Fakturanummer") && !text.contains("Invoice number"), "in the member's language: {text}");

    // An invoice from before PDFs were kept: rendered on first access, in the
    // member's language (anna's is English now), whoever opens it first; kept.
    app.store.execute_unprepared("DELETE FROM invoice_pdfs").await.expect("forget the kept PDF");
    let mut sam = app.staff("sam@cps.test", StaffRole::Finance).await;
    let first = sam.get(&format!("/admin/invoices/{}/invoice.pdf", invoice.id)).await.bytes;
    assert!(pdf_text(&first).contains("Invoice number"), "rendered in the member's language, not the viewer's");
    let res = anna.post_form("/language", &[("lang", "sv"), ("next", "/invoices")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(anna.get(&path).await.bytes == first, "kept: the member gets the same bytes in Swedish");
    assert!(app.store.stored_invoice_pdf(invoice.id).await.expect("read") == Some(first));

    // Another business's invoice stays closed; members never reach the staff download.
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    assert_eq!(bo.get(&path).await.status, StatusCode::NOT_FOUND);
    let res = bo.get(&format!("/admin/invoices/{}/invoice.pdf", invoice.id)).await;
    assert_ne!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn a_credit_note_pdf_says_credit_note_and_signs_its_amounts_as_each_language_does() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let invoice = invoiced(&app, 1, 1).await;
    login(&mut anna, "anna@ljusbild.se").await;
    let credit = app.credit(invoice.id, "Dubbelbeställning").await;
    app.run_jobs().await;
    let pdf = anna.get(&format!("/invoices/{credit}/invoice.pdf")).await.bytes;
    let text = pdf_text(&pdf);
    for must in [
        "Kreditfaktura",
        "Kreditfakturanummer",
        "CPSK-2026-000001",
        "Kreditfakturadatum",
        "Krediterar faktura",
        "CPS-2026-000001",
        "Dubbelbeställning",
        "\u{2212}1 150,00 kr",
        "\u{2212}287,50 kr",
        "\u{2212}1 437,50 kr",
    ] {
        assert!(text.contains(must), "the credit note shows {must:?}:\n{text}");
    }
    assert!(!text.contains("Fakturanummer") && !text.contains("Fakturadatum"), "not an invoice's labels:\n{text}");
    assert!(!text.contains("kr-") && !text.contains(" -1"), "no misplaced signs:\n{text}");
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject.starts_with("Kreditfaktura CPSK-2026-000001"))
        .expect("the credit note mail");
    assert!(mail.attachments[0].1 == pdf, "the mail carries the same PDF");

    // In English, in euro.
    let mut hans = german_member(&app).await;
    let de = invoiced(&app, 2, 2).await;
    login(&mut hans, "hans@bild.de").await;
    let credit = app.credit(de.id, "Duplicate order").await;
    app.run_jobs().await;
    let text = pdf_text(&hans.get(&format!("/invoices/{credit}/invoice.pdf")).await.bytes);
    for must in ["Credit note", "Credit note number", "CPSK-2026-000002", "Credits invoice", "-€100.00"] {
        assert!(text.contains(must), "the credit note shows {must:?}:\n{text}");
    }
    assert!(!text.contains("€-") && !text.contains("Invoice number"), "{text}");
}
