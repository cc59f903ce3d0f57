//! VAT numbers checked with VIES (a fake VIES speaking its REST API) and
//! what the e-invoice says: reverse charge only on a confirmed number, with
//! its consultation number; the buyer's own reference as BT-10.

use crate::harness::{Browser, TestApp, signup_form};
use axum::http::StatusCode;
use chrono::Duration;
use cps_store::memberships::PaymentMethod;

const PASSWORD: &str = "fyra ord i rad kamera";

/// Signs up Bild GmbH (Germany) with `vat`; returns the sign-up's answer.
async fn sign_up_german(app: &TestApp, vat: &str) -> crate::harness::TestResponse {
    let mut b = app.browser();
    let mut form = signup_form("hans@bild.de", "Bild GmbH");
    form.retain(|(k, _)| !["country", "vat_number", "postal_code", "city"].contains(k));
    form.extend([("country", "DE"), ("vat_number", vat), ("postal_code", "10115"), ("city", "Berlin")]);
    b.post_form("/signup", &form).await
}

/// Activates and logs in the German business signed up before.
async fn log_in_german(app: &TestApp) -> Browser {
    app.run_jobs().await;
    let mut b = app.browser();
    let link = app.link_in_last_mail("hans@bild.de");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    let res = b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
    b
}

#[tokio::test]
async fn a_vat_number_vies_does_not_know_is_refused_at_sign_up() {
    let app = TestApp::new().await;
    // Well-formed, so the format check alone took it before.
    let res = sign_up_german(&app, "DE999999999").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("VIES"), "{}", res.body);
    assert!(res.body.contains("href=\"#f-vat_number\""), "the message points at the field");
    app.run_jobs().await;
    assert!(app.mails_to("hans@bild.de").is_empty(), "no account was made");
    let asked = app.vies.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0]["countryCode"].as_str(), asked[0]["vatNumber"].as_str()), (Some("DE"), Some("999999999")));
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn reverse_charge_rests_on_a_vies_confirmed_number_with_its_consultation_number() {
    let app = TestApp::new().await;
    assert_eq!(sign_up_german(&app, "DE123456789").await.status, StatusCode::SEE_OTHER);
    let mut b = log_in_german(&app).await;
    // The seller names itself, so VIES gives a consultation number.
    let first = &app.vies.requests()[0];
    assert_eq!(first["requesterMemberStateCode"], "SE");
    assert_eq!(first["requesterNumber"], "556036079301");
    let signup_check = app.store.vies_record(1).await.expect("record").expect("kept");
    assert!(signup_check.valid && signup_check.consultation.is_some(), "{signup_check:?}");
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    let d = &invoice.document;
    assert_eq!(d.vat_treatment, cps_domain::vat::VatKind::ReverseCharge);
    assert_eq!((d.vat_minor, d.total_minor), (0, d.net_minor));
    assert_eq!(app.vies.requests().len(), 2, "asked again when the invoice was issued");
    let cited = d.buyer.vies.as_ref().expect("the check the invoice rests on");
    assert_ne!(cited.consultation, signup_check.consultation, "the fresh check's number");
    let consultation = cited.consultation.clone().expect("a consultation number");
    // An hour went by: the session ended.
    b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    let xml = b.get(&format!("/invoices/{}/ubl.xml", invoice.id)).await.body;
    assert!(xml.contains(&consultation), "{xml}");
    // PEPPOL-EN16931-CL008: the German buyer's address is its VAT number (9930), not an e-mail.
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="9930">DE123456789</cbc:EndpointID>"#), "{xml}");
    assert!(!xml.contains(r#"schemeID="EM""#));
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn vies_unreachable_at_issue_uses_the_last_valid_answer_and_queues_a_recheck() {
    let app = TestApp::new().await;
    sign_up_german(&app, "DE123456789").await;
    log_in_german(&app).await;
    let signup_check = app.store.vies_record(1).await.expect("record").expect("kept");
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    app.vies.set_down(true);
    let invoice = app.invoice_after_delay(1).await;
    let d = &invoice.document;
    assert_eq!(d.vat_treatment, cps_domain::vat::VatKind::ReverseCharge, "the last answer was valid");
    assert_eq!(d.buyer.vies.as_ref(), Some(&signup_check), "and the invoice cites it");
    let queued = app.store.queue_counts().await.expect("counts");
    assert_eq!(queued.pending, 1, "a re-check waits: {queued:?}");
    // Still down: the re-check fails and waits for its next try.
    app.advance(Duration::minutes(11));
    app.run_jobs().await;
    assert_eq!(app.store.vies_record(1).await.expect("record"), Some(signup_check.clone()));
    app.vies.set_down(false);
    app.advance(Duration::hours(1));
    app.run_jobs().await;
    let rechecked = app.store.vies_record(1).await.expect("record").expect("kept");
    assert!(rechecked.valid && rechecked.checked_at > signup_check.checked_at, "{rechecked:?}");
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn a_number_never_confirmed_is_invoiced_with_vat() {
    let app = TestApp::new().await;
    app.vies.set_down(true);
    let res = sign_up_german(&app, "DE123456789").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "VIES down does not stop a sign-up");
    let mut b = log_in_german(&app).await;
    app.give_points(1, 600).await;
    b.lang = "en".into();
    b.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let review = b.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer").await.body;
    assert!(review.contains("VAT 25 %"), "{review}");
    assert!(!review.contains("VAT: reverse charge"), "not confirmed, no reverse charge: {review}");
    app.silver_checkout(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    let d = &invoice.document;
    assert_eq!(d.vat_treatment, cps_domain::vat::VatKind::Domestic);
    assert_eq!(d.vat_minor, d.net_minor / 4, "25 % VAT");
    assert!(d.buyer.vies.is_none());
    // VIES back: the queued re-checks confirm the number for the next invoice.
    app.vies.set_down(false);
    app.advance(Duration::hours(2));
    app.run_jobs().await;
    assert!(app.store.vies_record(1).await.expect("record").is_some_and(|r| r.valid));
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn a_number_deregistered_since_sign_up_is_invoiced_with_vat() {
    let app = TestApp::new().await;
    sign_up_german(&app, "DE123456789").await;
    log_in_german(&app).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    app.vies.forget("DE123456789");
    let d = app.invoice_after_delay(1).await.document;
    assert_eq!(d.vat_treatment, cps_domain::vat::VatKind::Domestic, "VIES says no at issue");
    assert_eq!((d.vat_rate_bp, d.vat_minor, d.total_minor), (2500, d.net_minor / 4, d.net_minor + d.net_minor / 4));
    assert!(!app.store.vies_record(1).await.expect("record").expect("kept").valid);
    app.assert_no_jobs_left().await;
}

/// The field's value on a page.
fn value_of(body: &str, name: &str) -> String {
    let at = body.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("{name} in {body}"));
    let rest = &body[at..];
    let v = rest.find("value=\"").expect("a value") + 7;
    rest[v..].chars().take_while(|c| *c != '"').collect()
}

#[tokio::test]
async fn the_buyer_reference_is_given_in_the_settings_and_at_checkout() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let long = "x".repeat(101);
    let res = b.post_form("/account/reference", &[("buyer_reference", &long)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("högst 100 tecken"), "{}", res.body);
    let res = b.post_form("/account/reference", &[("buyer_reference", "Inköp 42")]).await;
    assert_eq!(res.location(), Some("/account"), "{}", res.body);
    assert_eq!(app.store.buyer_reference(1).await.expect("reference").as_deref(), Some("Inköp 42"));
    assert!(b.get("/account").await.body.contains("Er referens"));
    app.give_points(1, 600).await;
    let page = b.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer").await.body;
    assert_eq!(value_of(&page, "buyer_reference"), "Inköp 42", "the standing reference to start with");
    let fields: Vec<(String, String)> =
        ["tier", "term", "method", "card", "key"].iter().map(|n| ((*n).to_owned(), value_of(&page, n))).collect();
    let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.push(("buyer_reference", "PO 4711"));
    let res = b.post_form("/checkout/confirm", &form).await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);
    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.document.buyer.reference.as_deref(), Some("PO 4711"));
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let xml = b.get(&format!("/invoices/{}/ubl.xml", invoice.id)).await.body;
    assert!(xml.contains("<cbc:BuyerReference>PO 4711</cbc:BuyerReference>"), "{xml}");
    assert!(!xml.contains(&format!("<cbc:BuyerReference>{}", invoice.document.number)), "not our own number");
    // SE-R-003/004 and CL008 on the real invoice: ten digits, scheme 0007 for the Swedish buyer.
    assert!(xml.contains("<cbc:CompanyID>5560360793</cbc:CompanyID>"), "{xml}");
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="0007">5560360793</cbc:EndpointID>"#), "{xml}");
    assert!(xml.contains("<cbc:ID>SE:BANKGIRO</cbc:ID>"), "{xml}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_contact_person_is_the_reference_when_none_was_given() {
    let app = TestApp::new().await;
    app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let d = app.invoice_after_delay(1).await.document;
    assert_eq!(d.buyer.reference.as_deref(), Some("Anna Berg"), "signup_form's contact person");
}

#[tokio::test]
async fn an_outside_eu_invoice_shows_no_vat_numbers_on_the_page_or_in_the_xml() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let mut form = signup_form("ola@foto.no", "Foto AS");
    form.retain(|(k, _)| !["country", "vat_number", "postal_code", "city"].contains(k));
    form.extend([("country", "NO"), ("vat_number", "NO923609016MVA"), ("postal_code", "0150"), ("city", "Oslo")]);
    assert_eq!(b.post_form("/signup", &form).await.status, StatusCode::SEE_OTHER);
    app.run_jobs().await;
    assert!(app.vies.requests().is_empty(), "VIES is for EU numbers only");
    let link = app.link_in_last_mail("ola@foto.no");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    b.post_form("/login", &[("email", "ola@foto.no"), ("password", PASSWORD)]).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.document.vat_treatment, cps_domain::vat::VatKind::OutsideEu);
    b.post_form("/login", &[("email", "ola@foto.no"), ("password", PASSWORD)]).await;
    let page = b.get(&format!("/invoices/{}", invoice.id)).await.body;
    let xml = b.get(&format!("/invoices/{}/ubl.xml", invoice.id)).await.body;
    let pdf = crate::documents::pdf_text(&b.get(&format!("/invoices/{}/invoice.pdf", invoice.id)).await.bytes);
    for vat in ["NO923609016MVA", "SE556036079301"] {
        assert!(!xml.contains(vat), "BR-O-02: {vat} in {xml}");
        assert!(!page.contains(vat), "the page says what the XML says: {vat}");
        assert!(!pdf.contains(vat), "the PDF says what the XML says: {vat}\n{pdf}");
    }
    assert!(
        pdf.lines().any(|l| l.contains("Er referens") && l.contains("Anna Berg")),
        "the buyer's reference (BT-10) is printed:\n{pdf}"
    );
    // The Norwegian buyer is addressed by its organisation number (0192).
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="0192">923609016</cbc:EndpointID>"#), "{xml}");
    app.assert_no_jobs_left().await;
}
