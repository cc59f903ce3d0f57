//! The mail to the member at each step of a service request (issue 15):
//! one mail per step, to the request's email for updates (not the account's
//! address), in the language the request was made in, with the step's facts
//! (promised date, amount to pay, tracking number, loan item and due date)
//! and a link to the request's page. Each mail is read back with the
//! `mail-parser` crate and Python's `email` package, as the MIME tests do.

use crate::harness::{BASE, TestApp, test_staff};
use crate::mime::{check_with_mail_parser, python_reading};
use cps_domain::Lang;
use cps_domain::service::{LineKind, QuoteLine, ServiceKind, ServiceStatus, Shipping};
use cps_jobs::SentMail;
use cps_store::service::{NewServiceRequest, ReturnAddress};

const PASSWORD: &str = "fyra ord i rad kamera";
const CONTACT: &str = "verkstad@ljusbild.se";
const NBSP: char = '\u{a0}';

async fn sql(app: &TestApp, sql: &str) {
    app.store.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A complete EOS R5 of business 1.
async fn camera(app: &TestApp, serial: &str) {
    sql(
        app,
        &format!(
            "INSERT INTO products (business_id, model_code, serial, purchase_date, purchase_country, retailer, \
             points_earned, completed_at, source, created_at, updated_at) \
             VALUES (1, 'EOS-R5', '{serial}', '2024-01-10', 'SE', 'Kamerabutiken', 100, 1, 'form', 0, 0)"
        ),
    )
    .await;
}

/// A running Platinum membership of business 1 (allowance 4 000 kr, 20 % off, loans).
async fn platinum(app: &TestApp) {
    sql(
        app,
        "INSERT INTO orders (business_id, user_id, idempotency_key, tier_code, term_years, currency, list_price_minor, \
         credit_minor, net_minor, vat_treatment, vat_rate_bp, vat_minor, total_minor, payment_method, status, created_at) \
         VALUES (1, 1, 'k1', 'PLATINUM', 1, 'SEK', 400000, 0, 400000, 'domestic', 2500, 100000, 500000, 'card', 'placed', 0)",
    )
    .await;
    let number = cps_domain::membership::MembershipNumber::from_sequence(1_000_001);
    sql(
        app,
        &format!(
            "INSERT INTO memberships (business_id, order_id, tier_code, tier_name, kind, number, previous_number, term_years, \
             starts_on, ends_on, status, created_at) VALUES (1, (SELECT MAX(id) FROM orders), 'PLATINUM', 'Platinum', \
             'individual', '{}', NULL, 1, '2026-06-01', '2027-05-31', 'active', 0)",
            number.as_str()
        ),
    )
    .await;
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

/// Runs the queued jobs and returns the mails sent since `seen` mails.
async fn new_mails(app: &TestApp, seen: &mut usize) -> Vec<SentMail> {
    app.run_jobs().await;
    let all = app.mails();
    let new = all[*seen..].to_vec();
    *seen = all.len();
    new
}

/// Exactly one new mail to the contact address, with this subject; its
/// text has every one of `facts` and the link to the request's page, and
/// `mail-parser` reads it whole. (Mails to others, such as the owners'
/// invoice mail on approval, are the business of their own tests.)
async fn one_mail(app: &TestApp, seen: &mut usize, subject: &str, facts: &[&str]) -> SentMail {
    let mails: Vec<_> = new_mails(app, seen).await.into_iter().filter(|m| m.to == CONTACT).collect();
    let subjects: Vec<_> = mails.iter().map(|m| (m.to.as_str(), m.subject.as_str())).collect();
    assert_eq!(subjects, [(CONTACT, subject)], "one mail for the step");
    let mail = mails.into_iter().next().expect("the mail");
    for fact in facts {
        assert!(mail.text.contains(fact), "{subject}: {fact:?} in {}", mail.text);
    }
    let link = format!("{BASE}/service/SR-2026-000001");
    assert!(mail.text.contains(&format!("{link}\n")), "{subject}: the link in {}", mail.text);
    assert!(mail.html.contains(&format!("href=\"{link}\"")), "{subject}: the link in {}", mail.html);
    check_with_mail_parser(&mail, None);
    mail
}

#[tokio::test]
async fn every_step_of_a_platinum_repair_mails_the_contact_address_once_with_the_steps_facts() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    platinum(&app).await;
    camera(&app, "012345678901").await;
    let mut seen = app.mails().len();
    let staff = test_staff();
    let number = "SR-2026-000001";

    // Registered through the form, with another address for updates than the account's.
    let form = [
        ("product", "1"),
        ("kind", "repair"),
        ("description", "Slutaren fastnar <b>ibland</b>."),
        ("shipping", "free_label"),
        ("contact_email", CONTACT),
        ("name", "Anna Berg"),
        ("street", "Storgatan 1"),
        ("postal_code", "111 22"),
        ("city", "Stockholm"),
        ("country", "SE"),
    ];
    let res = b.post_form("/service/new", &form).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    let registered = one_mail(
        &app,
        &mut seen,
        "Serviceärende SR-2026-000001 är registrerat",
        &["Tack! Din serviceförfrågan för EOS R5 är registrerad med ärendenumret SR-2026-000001. Nästa steg: \
           skriv ut den kostnadsfria fraktsedeln från ärendesidan"],
    )
    .await;
    assert!(!registered.text.contains("Slutaren") && !registered.html.contains("ibland"), "nothing the member typed");

    // Received on Wednesday 25 November: Platinum's 2 working days → Friday 27th.
    let now = app.clock_now();
    app.store.transition_service_request(&staff, number, ServiceStatus::Received, None, None, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Vi har tagit emot din produkt (SR-2026-000001)",
        &["Servicecentret har tagit emot EOS R5 i serviceärende SR-2026-000001. Vi räknar med att vara klara senast 2026-11-27."],
    )
    .await;

    // The quote: parts 2 × 3 000 + labour 2 000 = 8 000 kr, 20 % off = 6 400,
    // 4 000 from the allowance, 2 400 net + 600 VAT = 3 000 kr to pay.
    let lines = [
        QuoteLine::new(LineKind::Part, "Slutarenhet", 2, 300_000).expect("a line"),
        QuoteLine::new(LineKind::Labour, "Bänkarbete", 1, 200_000).expect("a line"),
    ];
    app.store.enter_service_quote(&staff, number, &lines, now).await.unwrap();
    let quoted = one_mail(
        &app,
        &mut seen,
        "Offert i serviceärende SR-2026-000001",
        &[format!("Vi har felsökt EOS R5 och lämnat en offert. Att betala: 3{NBSP}000,00{NBSP}kr. Granska offerten")
            .as_str()],
    )
    .await;
    assert!(quoted.text.contains(&format!("Granska offerten:\n{BASE}/service/SR-2026-000001\n")), "{}", quoted.text);

    // The member approves on the request page.
    let res = b.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    one_mail(
        &app,
        &mut seen,
        "Offerten är godkänd (SR-2026-000001)",
        &[format!("Du har godkänt offerten för EOS R5. Att betala: 3{NBSP}000,00{NBSP}kr. Vi påbörjar reparationen.")
            .as_str()],
    )
    .await;
    // The owner gets the repair invoice.
    let invoice = app.mails_to("anna@ljusbild.se").pop().expect("the invoice mail");
    assert_eq!(invoice.subject, "Faktura CPS-2026-000001 från CPS");
    assert!(invoice.text.contains("för serviceärende SR-2026-000001."), "{}", invoice.text);

    // A loan: asking sends nothing; lending and taking it back are mailed.
    let res = b.post_form("/service/SR-2026-000001/loan", &[("wish", "Ett kamerahus")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    assert!(new_mails(&app, &mut seen).await.is_empty(), "asking for a loan is not a step");
    let loan = app.store.pending_loans().await.unwrap().pop().expect("the loan");
    let item = app
        .store
        .add_loan_item(&staff, "EOS R6 (lån)", "LN-0001", cps_domain::catalogue::Category::Camera, now)
        .await
        .unwrap();
    app.store.confirm_loan(&staff, loan.id, item.id, d(2026, 12, 11), now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Lånutrustning i serviceärende SR-2026-000001",
        &["Du får låna EOS R6 (lån) medan vi arbetar med EOS R5. Lämna tillbaka lånutrustningen senast 2026-12-11."],
    )
    .await;

    app.store.transition_service_request(&staff, number, ServiceStatus::InRepair, None, None, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Serviceärende SR-2026-000001 är under reparation",
        &["Verkstaden har börjat reparera EOS R5. Vi räknar med att vara klara senast 2026-11-27."],
    )
    .await;
    app.store.transition_service_request(&staff, number, ServiceStatus::Ready, None, None, now).await.unwrap();
    one_mail(&app, &mut seen, "Serviceärende SR-2026-000001 är klart", &["Arbetet med EOS R5 är klart."]).await;
    // The repair invoice is paid by bank transfer: the product may go back.
    crate::service::sql(&app, "UPDATE invoices SET status = 'paid', paid_at = 1 WHERE number = 'CPS-2026-000001'")
        .await;
    let tracking = Some(" 00340434161094000001 ");
    app.store.transition_service_request(&staff, number, ServiceStatus::Shipped, tracking, None, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Din produkt är på väg tillbaka (SR-2026-000001)",
        &["Vi har skickat tillbaka EOS R5 till returadressen. Spårningsnummer: 00340434161094000001."],
    )
    .await;
    app.store.return_loan(&staff, loan.id, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Lånutrustningen är återlämnad (SR-2026-000001)",
        &["Vi har fått tillbaka EOS R6 (lån). Tack!"],
    )
    .await;
    app.store.transition_service_request(&staff, number, ServiceStatus::Closed, None, None, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Serviceärende SR-2026-000001 är avslutat",
        &["Serviceärende SR-2026-000001 för EOS R5 är avslutat."],
    )
    .await;

    // A refused step mails nothing; the account's own address got none of these.
    let refused = app.store.transition_service_request(&staff, number, ServiceStatus::Ready, None, None, now).await;
    assert!(matches!(refused, Err(cps_store::Failure::Refused(_))));
    assert!(new_mails(&app, &mut seen).await.is_empty(), "no mail for a refused step");
    let service_mails: Vec<_> = app.mails_to(CONTACT);
    assert_eq!(service_mails.len(), 10, "ten steps, ten mails");
    assert!(app.mails_to("anna@ljusbild.se").iter().all(|m| !m.subject.contains("SR-2026")));

    // Read the way mail clients read them.
    for (mail, r) in service_mails.iter().zip(python_reading(&service_mails)) {
        let what = &mail.subject;
        assert_eq!(r["subject"], mail.subject.as_str(), "{what}: the subject decodes");
        assert_eq!(r["defects"].as_array().map(Vec::len), Some(0), "{what}: no defects: {}", r["defects"]);
        assert_eq!(r["content_types"].as_array().map(Vec::len), Some(1), "{what}: {r}");
        let text = r["text"].as_str().unwrap_or_else(|| panic!("{what}: a text part"));
        assert_eq!(crate::mime::lines(text), crate::mime::lines(&mail.text), "{what}");
    }
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn a_declined_quote_is_mailed_and_the_product_goes_back_without_repair() {
    let app = TestApp::new().await;
    let _b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    camera(&app, "012345678901").await;
    let mut seen = app.mails().len();
    let staff = test_staff();
    let now = app.clock_now();
    let new = request(Shipping::DropOff);
    let r = app.store.create_service_request(1, 1, &new, Lang::En, now).await.unwrap();
    assert_eq!(r.number, "SR-2026-000001");
    one_mail(
        &app,
        &mut seen,
        "Service request SR-2026-000001 is registered",
        &["Next: drop the product off at the service centre and give the request number."],
    )
    .await;
    app.store.transition_service_request(&staff, &r.number, ServiceStatus::Received, None, None, now).await.unwrap();
    // Without a membership: 10 working days from Wednesday 25 November.
    one_mail(
        &app,
        &mut seen,
        "We have received your product (SR-2026-000001)",
        &["We expect to be done by 9 Dec 2026."],
    )
    .await;
    // List price, Swedish VAT: 500 + 125 = 625 kr. Replaced before the decision: mailed again.
    let first = [QuoteLine::new(LineKind::Labour, "Felsökning", 1, 40_000).expect("a line")];
    app.store.enter_service_quote(&staff, &r.number, &first, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Quote for service request SR-2026-000001",
        &[format!("To pay: SEK{NBSP}500.00.").as_str()],
    )
    .await;
    let lines = [QuoteLine::new(LineKind::Labour, "Felsökning", 1, 50_000).expect("a line")];
    app.store.enter_service_quote(&staff, &r.number, &lines, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Quote for service request SR-2026-000001",
        &[format!("To pay: SEK{NBSP}625.00.").as_str()],
    )
    .await;
    // No diagnosis fee configured: declining issues no invoice, and the product may go back at once.
    let no_fee = cps_store::service::ServiceBilling { diagnosis_fee_sek_minor: 0, ..crate::harness::service_billing() };
    app.store.decide_service_quote(1, &r.number, false, &no_fee, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "The quote is declined (SR-2026-000001)",
        &["You have declined the quote for EOS R5. We will send the product back without repair."],
    )
    .await;
    app.store
        .transition_service_request(&staff, &r.number, ServiceStatus::Shipped, Some("  "), None, now)
        .await
        .unwrap();
    let shipped = one_mail(
        &app,
        &mut seen,
        "Your product is on its way back (SR-2026-000001)",
        &["We have sent EOS R5 back to the return address.\n"],
    )
    .await;
    assert!(!shipped.text.contains("Tracking"), "no tracking number given: {}", shipped.text);
    app.store.transition_service_request(&staff, &r.number, ServiceStatus::Closed, None, None, now).await.unwrap();
    one_mail(
        &app,
        &mut seen,
        "Service request SR-2026-000001 is closed",
        &["Service request SR-2026-000001 for EOS R5 is closed."],
    )
    .await;
}

fn request(shipping: Shipping) -> NewServiceRequest {
    NewServiceRequest {
        product_id: 1,
        kind: ServiceKind::Repair,
        shipping,
        description: "AF".into(),
        contact_email: cps_domain::Email::parse(CONTACT).expect("email"),
        address: ReturnAddress {
            name: "Anna".into(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country: cps_domain::Country::parse("SE").expect("SE"),
        },
    }
}

/// The text part's paragraph right after the greeting.
fn body_of(mail: &SentMail) -> String {
    mail.text.split("\n\n").nth(1).unwrap_or_default().trim().to_owned()
}

#[tokio::test]
async fn service_mails_speak_the_language_the_request_was_made_in() {
    let app = TestApp::new().await;
    let _b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let staff = test_staff();
    let now = app.clock_now();
    // Received on Wednesday 25 November without a membership: ready by 9 December.
    // The quote: labour 500 kr + 25 % VAT = 625 kr.
    let cases = [
        (
            Lang::Sv,
            "Hej!",
            "Vi har tagit emot din produkt (SR-2026-000001)",
            "Servicecentret har tagit emot EOS R5 i serviceärende SR-2026-000001. Vi räknar med att vara klara senast 2026-12-09.",
            "Offert i serviceärende SR-2026-000001",
            "Vi har felsökt EOS R5 och lämnat en offert. Att betala: 625,00\u{a0}kr. Granska offerten på ärendesidan och \
             godkänn eller avböj den; vi fortsätter när du har bestämt dig.",
            "Granska offerten",
        ),
        (
            Lang::En,
            "Hello,",
            "We have received your product (SR-2026-000002)",
            "The service centre has received EOS R5 for service request SR-2026-000002. We expect to be done by 9 Dec 2026.",
            "Quote for service request SR-2026-000002",
            "We have diagnosed EOS R5 and made a quote. To pay: SEK\u{a0}625.00. Review the quote on the request page and \
             approve or decline it; we continue once you have decided.",
            "Review the quote",
        ),
        (
            Lang::De,
            "Guten Tag,",
            "Wir haben Ihr Produkt erhalten (SR-2026-000003)",
            "Das Servicecenter hat EOS R5 für den Serviceauftrag SR-2026-000003 erhalten. Wir rechnen damit, bis \
             spätestens 09.12.2026 fertig zu sein.",
            "Kostenvoranschlag zum Serviceauftrag SR-2026-000003",
            "Wir haben EOS R5 geprüft und einen Kostenvoranschlag erstellt. Zu zahlen: 625,00\u{a0}SEK. Prüfen Sie den \
             Kostenvoranschlag auf der Seite des Auftrags und nehmen Sie ihn an oder lehnen Sie ihn ab; wir machen \
             weiter, sobald Sie entschieden haben.",
            "Kostenvoranschlag prüfen",
        ),
        (
            Lang::Fi,
            "Hei!",
            "Olemme vastaanottaneet tuotteesi (SR-2026-000004)",
            "Huoltokeskus on vastaanottanut tuotteen EOS R5 huoltopyyntöön SR-2026-000004. Arvioimme olevamme valmiita \
             viimeistään 9.12.2026.",
            "Tarjous huoltopyyntöön SR-2026-000004",
            "Olemme tutkineet tuotteen EOS R5 ja tehneet tarjouksen. Maksettavaa: 625,00\u{a0}SEK. Tarkista tarjous \
             pyynnön sivulla ja hyväksy tai hylkää se; jatkamme, kun olet päättänyt.",
            "Tarkista tarjous",
        ),
    ];
    let lines = [QuoteLine::new(LineKind::Labour, "Justering", 1, 50_000).expect("a line")];
    for (n, (lang, greeting, received_subject, received_body, quote_subject, quote_body, action)) in
        cases.into_iter().enumerate()
    {
        camera(&app, &format!("01234567890{n}")).await;
        let mut new = request(Shipping::DropOff);
        new.product_id = i64::try_from(n).expect("small") + 1;
        let r = app.store.create_service_request(1, 1, &new, lang, now).await.unwrap();
        app.store
            .transition_service_request(&staff, &r.number, ServiceStatus::Received, None, None, now)
            .await
            .unwrap();
        app.store.enter_service_quote(&staff, &r.number, &lines, now).await.unwrap();
        app.run_jobs().await;
        let mails: Vec<_> =
            app.mails_to(CONTACT).into_iter().filter(|m| m.subject.contains(r.number.as_str())).collect();
        assert_eq!(mails.len(), 3, "{lang:?}: registered, received, quoted");
        let (received, quoted) = (&mails[1], &mails[2]);
        assert_eq!(received.subject, received_subject, "{lang:?}");
        assert_eq!(body_of(received), received_body, "{lang:?}");
        assert_eq!(quoted.subject, quote_subject, "{lang:?}");
        assert_eq!(body_of(quoted), quote_body, "{lang:?}");
        assert!(quoted.text.starts_with(&format!("{greeting}\n")), "{lang:?}: {}", quoted.text);
        let link = format!("{action}:\n{BASE}/service/{}\n", r.number);
        assert!(quoted.text.contains(&link), "{lang:?}: {}", quoted.text);
        assert!(quoted.html.contains(&format!("<html lang=\"{}\"", lang.code())), "{lang:?}");
        for mail in &mails {
            check_with_mail_parser(mail, None);
            assert!(!mail.text.contains("mail-svc-"), "{lang:?}: every id resolves: {}", mail.text);
        }
    }
}
