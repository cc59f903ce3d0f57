//! Invoices: issued by the job after the delay, once per order, numbered
//! without gaps, with the contents VAT law asks for.

use crate::harness::{TestApp, sandbox_card, seller, signup_form};
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::references::{ocr_valid, rf_valid};
use cps_store::memberships::{CheckoutRequest, PaymentMethod};

const PASSWORD: &str = "fyra ord i rad kamera";

#[tokio::test]
async fn an_order_becomes_one_invoice_within_the_delay() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let order_id = app.silver_order(1, 1, PaymentMethod::Card).await;
    app.run_jobs().await;
    assert!(app.store.invoices(1).await.expect("invoices").is_empty(), "not before the delay");
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let invoices = app.store.invoices(1).await.expect("invoices");
    assert_eq!(invoices.len(), 1);
    let d = &invoices[0].document;
    assert_eq!(d.number, "CPS-2026-000001");
    assert_eq!((d.net_minor, d.vat_minor, d.total_minor), (115_000, 28_750, 143_750));
    assert_eq!(d.due_on, chrono::NaiveDate::from_ymd_opt(2026, 12, 25).expect("date"));
    assert_eq!(d.payment_reference, None, "card: no reference");
    assert_eq!(
        app.store.issue_invoice(order_id, &seller(), None, app.clock_now()).await.expect("again"),
        None,
        "a second run changes nothing"
    );
    assert_eq!(app.store.invoices(1).await.expect("invoices").len(), 1);
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject == "Faktura CPS-2026-000001 från CPS")
        .unwrap_or_else(|| {
            panic!("the invoice mail: {:?}", app.mails().iter().map(|m| m.subject.clone()).collect::<Vec<_>>())
        });
    assert!(mail.text.contains("1\u{a0}437,50\u{a0}kr") && mail.text.contains("2026-12-25"), "{}", mail.text);

    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let list = b.get("/invoices").await.body;
    assert!(list.contains("CPS-2026-000001") && list.contains("Obetald"), "{list}");
    let page = b.get(&format!("/invoices/{}", invoices[0].id)).await.body;
    for must in [
        "CPS Test Seller AB",
        "SE556036079301",
        "Ljus AB",
        "Storgatan 1",
        "Sverige",
        "2026-11-25",
        "2026-12-25",
        "CPS Silver (CPS 1000001-",
        "2026-11-25 – 2027-11-24",
        "1\u{a0}150,00\u{a0}kr",
        "Moms 25 %",
        "287,50\u{a0}kr",
        "1\u{a0}437,50\u{a0}kr",
        "debiteras på förfallodatumet",
    ] {
        assert!(page.contains(must), "the invoice shows {must:?}: {page}");
    }
    let xml = b.get(&format!("/invoices/{}/ubl.xml", invoices[0].id)).await;
    assert_eq!(xml.header("content-type"), Some("application/xml; charset=utf-8"));
    assert!(
        xml.body.contains("<cbc:ID>CPS-2026-000001</cbc:ID>")
            && xml.body.contains("<cbc:PayableAmount currencyID=\"SEK\">1437.50</cbc:PayableAmount>")
    );
    // The buyer's electronic address: its organisation number (EAS 0007), never e-mail (PEPPOL-EN16931-CL008).
    assert!(xml.body.contains("schemeID=\"0007\">5560360793<"), "the buyer's electronic address");
    let mut other = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    assert_eq!(other.get(&format!("/invoices/{}", invoices[0].id)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/invoices/{}/ubl.xml", invoices[0].id)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bank_transfers_carry_a_reference_and_eu_businesses_reverse_charge() {
    let app = TestApp::new().await;
    let _anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let mut b = app.browser();
    let mut form = signup_form("hans@bild.de", "Bild GmbH");
    form.retain(|(k, _)| !["country", "vat_number"].contains(k));
    form.extend([("country", "DE"), ("vat_number", "DE123456789")]);
    b.post_form("/signup", &form).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("hans@bild.de");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    app.silver_order(2, 2, PaymentMethod::BankTransfer).await;
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let se = &app.store.invoices(1).await.expect("invoices")[0].document;
    assert!(ocr_valid(se.payment_reference.as_deref().expect("OCR")), "{:?}", se.payment_reference);
    let de = app.store.invoices(2).await.expect("invoices");
    let de_doc = &de[0].document;
    assert_eq!(de_doc.number, "CPS-2026-000002", "one series, no gaps");
    assert!(rf_valid(de_doc.payment_reference.as_deref().expect("RF")));
    assert_eq!((de_doc.vat_minor, de_doc.total_minor), (0, 10_000), "reverse charge in euro");
    b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    let page = b.get(&format!("/invoices/{}", de[0].id)).await.body;
    assert!(page.contains("Omvänd betalningsskyldighet") || page.contains("Reverse charge"), "{page}");
    assert!(
        page.contains("DE123456789") && page.contains("SE4550000000058398257466") && page.contains("5050-1055"),
        "{page}"
    );
}

#[tokio::test]
async fn fifty_invoices_issued_at_once_have_gap_free_numbers() {
    let app = TestApp::new().await;
    let mut orders = Vec::new();
    for n in 0..50 {
        let email = format!("studio{n}@x.se");
        app.sign_up_in_store("Studio AB", &email, "SE", "SE556036079301").await;
        orders.push(app.silver_order(n + 1, n + 1, PaymentMethod::Card).await);
    }
    let mut tasks = Vec::new();
    for id in orders {
        let store = app.store.clone();
        let now = app.clock_now();
        tasks.push(tokio::spawn(async move { store.issue_invoice(id, &seller(), None, now).await }));
    }
    for t in tasks {
        assert!(t.await.expect("task").expect("issued").is_some());
    }
    let mut numbers: Vec<String> = Vec::new();
    for b in 1..=50 {
        numbers.extend(app.store.invoices(b).await.expect("invoices").into_iter().map(|i| i.document.number));
    }
    numbers.sort();
    let expected: Vec<String> = (1..=50).map(|n| format!("CPS-2026-{n:06}")).collect();
    assert_eq!(numbers, expected);
}

/// A camt.054.001.02 notification of booked credits on the seller's account.
pub fn camt054(entries: &[(&str, &str, &str, Option<&str>, &str)]) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><Ntfctn><Acct><Id><IBAN>{}</IBAN></Id></Acct>"#,
        seller().iban
    );
    for (bank_ref, amount, ccy, reference, text) in entries {
        let strd =
            reference.map(|r| format!("<Strd><CdtrRefInf><Ref>{r}</Ref></CdtrRefInf></Strd>")).unwrap_or_default();
        xml.push_str(&format!(
            "<Ntry><Amt Ccy=\"{ccy}\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-12-01</Dt></BookgDt>\
             <NtryDtls><TxDtls><Refs><AcctSvcrRef>{bank_ref}</AcctSvcrRef></Refs><RmtInf>{strd}<Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        ));
    }
    xml.push_str("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>");
    xml
}

#[tokio::test]
async fn a_camt054_file_pays_bank_invoices_once_and_lists_the_rest() {
    use cps_domain::bankfile::{OwnAccounts, PaymentOutcome, parse_camt};
    let app = TestApp::new().await;
    let _a = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let _b = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    app.silver_order(2, 2, PaymentMethod::BankTransfer).await;
    let first = app.invoice_after_delay(1).await;
    let second = app.store.invoices(2).await.expect("invoices").remove(0);
    let reference = first.document.payment_reference.clone().expect("OCR");
    let file = camt054(&[
        ("TX-1", "1437.50", "SEK", Some(&reference), "betalning"),
        ("TX-2", "1000.00", "SEK", None, &format!("Faktura {}", second.document.number)),
        ("TX-3", "99.00", "SEK", Some("12345"), "okänd"),
    ]);
    let payments = parse_camt(&file).expect("valid camt.054");
    let ours = OwnAccounts::of(&seller());
    let report = app.store.import_bank_payments(&payments, &ours, None, app.clock_now()).await.expect("import");
    assert_eq!(report.paid, 1);
    let outcomes: Vec<_> = report.to_review.iter().map(|l| (l.outcome, l.invoice_number.clone())).collect();
    assert_eq!(
        outcomes,
        vec![(PaymentOutcome::Partial, Some(second.document.number.clone())), (PaymentOutcome::Unknown, None)]
    );
    assert_eq!(
        app.store.invoice(1, first.id).await.expect("invoice").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    assert_eq!(
        app.store.invoice(2, second.id).await.expect("invoice").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued,
        "a partial payment does not pay"
    );

    let again = app.store.import_bank_payments(&payments, &ours, None, app.clock_now()).await.expect("import");
    assert_eq!(
        (again.paid, again.already_imported, again.to_review.len()),
        (0, 3, 0),
        "the same file books nothing twice"
    );
    let duplicate = parse_camt(&camt054(&[("TX-9", "1437.50", "SEK", Some(&reference), "igen")])).expect("valid");
    let report = app.store.import_bank_payments(&duplicate, &ours, None, app.clock_now()).await.expect("import");
    assert_eq!(
        report.to_review[0].outcome,
        PaymentOutcome::Duplicate,
        "a second payment of a paid invoice goes to staff"
    );
}

#[tokio::test]
async fn a_card_is_charged_once_on_the_due_date() {
    let app = TestApp::new().await;
    let _a = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::Card).await;
    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.status, cps_domain::status::InvoiceStatus::Issued, "not charged before the due date");
    assert_eq!(app.store.sandbox_successful_charges().await.expect("count"), 0);
    app.advance(Duration::days(30));
    // A worker that died mid-charge: the pending attempt is retried with the same key.
    let attempt = app.store.begin_charge(invoice.id, app.clock_now()).await.expect("begin").expect("chargeable");
    let again = app.store.begin_charge(invoice.id, app.clock_now()).await.expect("begin").expect("pending");
    assert_eq!(attempt.idempotency_key, again.idempotency_key);
    app.store
        .sandbox_charge(&attempt.idempotency_key, &attempt.method_ref, attempt.amount, app.clock_now())
        .await
        .expect("charge");
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(app.store.sandbox_successful_charges().await.expect("count"), 1, "charged exactly once");
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("invoice").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn a_declined_card_is_retried_then_suspends_and_paying_reactivates() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.give_points(1, 600).await;
    let req = CheckoutRequest {
        business_id: 1,
        user_id: 1,
        idempotency_key: &"d".repeat(40),
        tier_code: "SILVER",
        years: 1,
        method: PaymentMethod::Card,
        card: Some(sandbox_card("sandbox_card_decline")),
        buyer_reference: None,
    };
    app.store.checkout(&req, app.clock_now()).await.expect("checkout");
    let invoice = app.invoice_after_delay(1).await;
    app.advance(Duration::days(30));
    app.run_jobs().await;
    let failed: Vec<_> =
        app.mails_to("anna@ljusbild.se").into_iter().filter(|m| m.subject.contains("gick inte igenom")).collect();
    assert_eq!(failed.len(), 1, "the member is told at once");
    assert!(failed[0].text.contains(&format!("/invoices/{}", invoice.id)), "with a link to pay on the page");
    for days in [1, 3, 7] {
        app.advance(Duration::days(days));
        app.run_jobs().await;
    }
    assert_eq!(
        app.mails_to("anna@ljusbild.se").iter().filter(|m| m.subject.contains("gick inte igenom")).count(),
        4,
        "three retries"
    );
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("invoice").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
    let policy = cps_store::payments::DunningPolicy::default();
    app.advance(Duration::days(4));
    assert_eq!(
        app.store.suspend_overdue(app.clock_now().date_naive(), &policy, app.clock_now()).await.expect("dunning"),
        1
    );
    assert_eq!(app.store.memberships(1).await.expect("m")[0].status, cps_domain::status::MembershipStatus::Suspended);

    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = b.get(&format!("/invoices/{}", invoice.id)).await.body;
    assert!(page.contains("Kortbetalningen nekades"), "{page}");
    let res = b.post_form(&format!("/invoices/{}/pay", invoice.id), &[("card", "sandbox_card_ok")]).await;
    assert_eq!(res.location(), Some(format!("/invoices/{}", invoice.id).as_str()));
    app.run_jobs().await;
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("invoice").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    assert_eq!(
        app.store.memberships(1).await.expect("m")[0].status,
        cps_domain::status::MembershipStatus::Active,
        "reactivated when paid"
    );
    assert!(b.get("/membership").await.body.contains("Aktivt"));
}

#[tokio::test]
async fn bank_invoices_get_reminders_before_on_and_after_the_due_date_then_suspension() {
    use cps_domain::bankfile::parse_camt;
    let app = TestApp::new().await;
    let _a = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let reminders = |app: &TestApp| {
        app.mails_to("anna@ljusbild.se")
            .into_iter()
            .filter(|m| m.subject.contains("CPS-2026-000001") && !m.subject.ends_with("från CPS"))
            .map(|m| m.subject)
            .collect::<Vec<_>>()
    };
    let policy = cps_store::payments::DunningPolicy::default();
    // Due 2026-12-25: nightly runs until past the 14 days of grace.
    for _ in 0..46 {
        app.advance(Duration::days(1));
        let now = app.clock_now();
        app.store.send_reminders(now.date_naive(), now).await.expect("reminders");
        app.store.suspend_overdue(now.date_naive(), &policy, now).await.expect("dunning");
        app.run_jobs().await;
    }
    assert_eq!(
        reminders(&app),
        vec![
            "Påminnelse: faktura CPS-2026-000001 förfaller 2026-12-25".to_owned(),
            "Faktura CPS-2026-000001 förfaller i dag".to_owned(),
            "Faktura CPS-2026-000001 är förfallen".to_owned(),
        ],
        "each reminder once"
    );
    assert_eq!(
        app.store.memberships(1).await.expect("m")[0].status,
        cps_domain::status::MembershipStatus::Suspended,
        "14 days after the due date"
    );
    assert!(app.mails_to("anna@ljusbild.se").iter().any(|m| m.subject == "Ert CPS-medlemskap är avstängt"));
    // Paid by bank: the membership is active again.
    let invoice = app.store.invoices(1).await.expect("invoices").remove(0);
    let reference = invoice.document.payment_reference.clone().expect("OCR");
    let file = camt054(&[("TX-1", "1437.50", "SEK", Some(&reference), "")]);
    let ours = cps_domain::bankfile::OwnAccounts::of(&seller());
    app.store
        .import_bank_payments(&parse_camt(&file).expect("camt"), &ours, None, app.clock_now())
        .await
        .expect("import");
    assert_eq!(app.store.memberships(1).await.expect("m")[0].status, cps_domain::status::MembershipStatus::Active);
}

/// The text of a PDF as poppler's pdftotext reads it (poppler-utils; the
/// test command installs it).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext from poppler-utils must be installed");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let attached = std::process::Command::new("pdfdetach")
        .args(["-list", path.to_str().expect("path")])
        .output()
        .expect("pdfdetach");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    format!("{text}\n--attachments--\n{}", String::from_utf8_lossy(&attached.stdout))
}

#[tokio::test]
async fn the_pdf_invoice_carries_every_mandatory_field_and_the_ubl() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    let d = &invoice.document;
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let res = b.get(&format!("/invoices/{}/invoice.pdf", invoice.id)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/pdf"));
    assert!(res.bytes.starts_with(b"%PDF-"), "a PDF");
    let raw = String::from_utf8_lossy(&res.bytes);
    assert!(
        raw.contains("<pdfaid:part>3</pdfaid:part>") && raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "declares PDF/A-3b"
    );
    let text = pdf_text(&res.bytes);
    let reference = d.payment_reference.clone().expect("OCR");
    for must in [
        "Faktura",
        "CPS Test Seller AB",
        "SE556036079301",
        "Ljus AB",
        "Storgatan 1",
        "CPS-2026-000001",
        "2026-11-25",
        "2026-12-25",
        "CPS Silver",
        "1 150,00 kr",
        "Moms 25 %",
        "287,50 kr",
        "1 437,50 kr",
        "SEK",
        "Banköverföring",
        "Bankgiro",
        reference.as_str(),
        "invoice.xml",
    ] {
        assert!(text.replace('\u{a0}', " ").contains(must), "the PDF shows {must}:\n{text}");
    }
    let mail =
        app.mails_to("anna@ljusbild.se").into_iter().find(|m| m.subject.contains("CPS-2026-000001")).expect("mail");
    assert_eq!(mail.attachments.len(), 1, "the invoice mail carries the PDF");
    assert_eq!(mail.attachments[0].0, "CPS-2026-000001.pdf");
    assert!(mail.attachments[0].1.starts_with(b"%PDF-"));
    let mut other = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    assert_eq!(other.get(&format!("/invoices/{}/invoice.pdf", invoice.id)).await.status, StatusCode::NOT_FOUND);
}
