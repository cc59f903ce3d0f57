//! Service and repair, the member side (issue 15): a Platinum member sends a
//! complete product for repair, follows it, prints the free label and
//! approves the quote the service centre entered; another business sees
//! none of it; an incomplete product and a form without its token are
//! refused.

use crate::harness::{TestApp, page_text, test_staff};
use axum::http::StatusCode;
use cps_domain::service::{LineKind, QuoteLine, ServiceStatus};

const PASSWORD: &str = "fyra ord i rad kamera";

pub(crate) async fn sql(app: &TestApp, sql: &str) {
    app.store.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A registered product of `business_id`; complete unless `complete` is false.
pub(crate) async fn product(app: &TestApp, business_id: i64, model: &str, serial: &str, complete: bool) {
    let completed = if complete { "1" } else { "NULL" };
    sql(
        app,
        &format!(
            "INSERT INTO products (business_id, model_code, serial, purchase_date, purchase_country, retailer, \
             points_earned, completed_at, source, created_at, updated_at) \
             VALUES ({business_id}, '{model}', '{serial}', '2024-01-10', 'SE', 'Kamerabutiken', 100, {completed}, 'form', 0, 0)"
        ),
    )
    .await;
}

/// A running Platinum membership of business 1 (user 1).
pub(crate) async fn platinum(app: &TestApp) {
    membership(app, "PLATINUM", "Platinum", "2026-06-01", "2027-05-31").await;
}

/// A one-year membership of business 1 (user 1) in tier `code`, paid by card.
pub(crate) async fn membership(app: &TestApp, code: &str, name: &str, starts_on: &str, ends_on: &str) {
    sql(
        app,
        &format!(
            "INSERT INTO orders (business_id, user_id, idempotency_key, tier_code, term_years, currency, list_price_minor, \
             credit_minor, net_minor, vat_treatment, vat_rate_bp, vat_minor, total_minor, payment_method, status, created_at) \
             VALUES (1, 1, 'k-{code}-{starts_on}', '{code}', 1, 'SEK', 400000, 0, 400000, 'domestic', 2500, 100000, 500000, \
             'card', 'placed', 0)"
        ),
    )
    .await;
    let number = cps_domain::membership::MembershipNumber::from_sequence(1_000_001);
    sql(
        app,
        &format!(
            "INSERT INTO memberships (business_id, order_id, tier_code, tier_name, kind, number, previous_number, term_years, \
             starts_on, ends_on, status, created_at) VALUES (1, (SELECT MAX(id) FROM orders), '{code}', '{name}', \
             'individual', '{}', NULL, 1, '{starts_on}', '{ends_on}', 'active', 0)",
            number.as_str()
        ),
    )
    .await;
}

pub(crate) fn request_form<'a>(product: &'a str, shipping: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("product", product),
        ("kind", "repair"),
        ("description", "Autofokusen jagar i svagt ljus."),
        ("shipping", shipping),
        ("contact_email", "anna@ljusbild.se"),
        ("name", "Anna Berg"),
        ("street", "Storgatan 1"),
        ("postal_code", "111 22"),
        ("city", "Stockholm"),
        ("country", "SE"),
    ]
}

#[tokio::test]
async fn a_platinum_member_sends_a_product_for_repair_and_approves_the_quote() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut other = app.member("bo@annan.se", "Annan AB", PASSWORD).await;
    platinum(&app).await;
    product(&app, 1, "EOS-R5", "012345678901", true).await;
    product(&app, 1, "EF-11-24-F4L", "1234567890", false).await;

    // The tab, the benefits and the button.
    let list = b.get("/service").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<a href=\"/service\" aria-current=\"page\">Service</a>"), "the current tab");
    let text = page_text(&list.body);
    assert!(text.contains("Service och reparation") && text.contains("Ny serviceförfrågan"), "{text}");
    assert!(text.contains("20 % rabatt") && text.contains("Lånutrustning under reparationen"), "{text}");
    assert!(text.contains("Du har inga serviceärenden ännu."), "{text}");

    // The form starts with the business's address and the user's email.
    let form = b.get("/service/new").await.body;
    assert!(form.contains("value=\"Storgatan 1\"") && form.contains("value=\"anna@ljusbild.se\""), "{form}");
    assert!(form.contains("<option value=\"free_label\" selected>"), "members get the free label: {form}");

    // An incomplete product is refused, in the member's language, with the typed values kept.
    let res = b.post_form("/service/new", &request_form("2", "free_label")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("error-summary") && res.body.contains("Produkten saknar uppgifter"), "{}", res.body);
    assert!(res.body.contains("Autofokusen jagar i svagt ljus."));
    // A missing description for a repair: the summary links to the field.
    let mut missing = request_form("1", "free_label");
    missing[2].1 = " ";
    let res = b.post_form("/service/new", &missing).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("href=\"#f-description\"")
            && res.body.contains("Beskriv felet så att verkstaden vet vad den ska titta på."),
        "{}",
        res.body
    );

    // Without its token the form is refused and nothing is made.
    let res = b.post_raw("/service/new", &request_form("1", "free_label"), &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(app.store.service_requests(1).await.expect("requests").is_empty());

    let res = b.post_form("/service/new", &request_form("1", "free_label")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("Tack! Din serviceförfrågan är registrerad."), "{page}");
    assert!(page.contains("Serviceärende SR-2026-000001") && page.contains("Registrerat"), "{page}");
    assert!(page.contains("2 arbetsdagar från den dag vi tar emot produkten"), "the promised date rule: {page}");
    assert!(page.contains("Kostnadsfria sensorrengöringar kvar i år för det här kamerahuset: 1"), "{page}");
    let list = page_text(&b.get("/service").await.body);
    assert!(list.contains("SR-2026-000001") && list.contains("EOS R5") && list.contains("Reparation"), "{list}");

    // The label.
    let label = b.get("/service/SR-2026-000001/label.pdf").await;
    assert_eq!(label.status, StatusCode::OK);
    assert_eq!(label.header("content-type"), Some("application/pdf"));
    assert!(label.bytes.starts_with(b"%PDF"));

    // Another business: not found, for the page, the label and the decisions.
    assert_eq!(other.get("/service/SR-2026-000001").await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/service/SR-2026-000001/label.pdf").await.status, StatusCode::NOT_FOUND);
    let res = other.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!page_text(&other.get("/service").await.body).contains("SR-2026-000001"));

    // The service centre receives it (Wednesday 25 November: Platinum's 2 working days → Friday 27th)
    // and enters a quote.
    let now = app.clock_now();
    let r = app
        .store
        .transition_service_request(&test_staff(), "SR-2026-000001", ServiceStatus::Received, None, None, now)
        .await
        .expect("received");
    assert_eq!(r.promised_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    let lines = [QuoteLine::new(LineKind::Part, "AF-motor", 1, 150_000).expect("a line")];
    app.store.enter_service_quote(&test_staff(), "SR-2026-000001", &lines, now).await.expect("quoted");
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("2026-11-27") && page.contains("AF-motor"), "{page}");
    assert!(page.contains("Godkänn offerten") && page.contains("Avböj offerten"), "{page}");

    // Without the token the decision is refused; with it, approved.
    let res = b.post_raw("/service/SR-2026-000001/quote", &[("decision", "approve")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = b.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("Offerten är godkänd") && page.contains("Offert godkänd"), "{page}");
    assert!(!page.contains("Godkänn offerten"), "decided once: {page}");
    let r = app.store.service_request(1, "SR-2026-000001").await.expect("store").expect("the request");
    assert_eq!(r.status, ServiceStatus::Approved);

    // Platinum includes loan equipment.
    let res = b.post_form("/service/SR-2026-000001/loan", &[("wish", "Ett kamerahus som mitt")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("Vi har tagit emot din förfrågan om lånutrustning."), "{page}");
    assert!(page.contains("Lånutrustning efterfrågad"), "{page}");

    // Staff lend a body from the pool: the member sees what and until when.
    let loan = app.store.pending_loans().await.expect("store").pop().expect("the loan");
    let item = app
        .store
        .add_loan_item(&test_staff(), "EOS R6 (lån)", "LN-0001", cps_domain::catalogue::Category::Camera, now)
        .await
        .expect("item");
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 11).expect("a date");
    app.store.confirm_loan(&test_staff(), loan.id, item.id, due, now).await.expect("lent");
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("Utlånat: EOS R6 (lån), ska lämnas tillbaka senast 2026-12-11."), "{page}");
    assert!(!page.contains("Be om lånutrustning"), "one loan at a time: {page}");

    // Past the due date the page reminds the member (who logs in again after 17 days).
    app.advance(chrono::Duration::days(17));
    let mut b = app.browser();
    let res = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(
        page.contains(
            "Påminnelse: EOS R6 (lån) skulle ha lämnats tillbaka senast 2026-12-11. Skicka tillbaka lånet så snart du kan."
        ),
        "{page}"
    );
}

#[tokio::test]
async fn without_a_membership_the_label_is_not_offered_and_drop_off_has_no_label() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    product(&app, 1, "EOS-R5", "012345678901", true).await;
    let form = b.get("/service/new").await.body;
    assert!(!form.contains("value=\"free_label\""), "{form}");
    let res = b.post_form("/service/new", &request_form("1", "free_label")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ingår i medlemskapet"), "{}", res.body);
    let res = b.post_form("/service/new", &request_form("1", "drop_off")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    assert!(!b.get("/service/SR-2026-000001").await.body.contains("label.pdf"));
    assert_eq!(b.get("/service/SR-2026-000001/label.pdf").await.status, StatusCode::NOT_FOUND);
    let page = page_text(&b.get("/service").await.body);
    assert!(page.contains("Utan medlemskap gäller listpris"), "{page}");
}

// ------------------------------------------------------------ the service staff's side

/// A Platinum member (business 1) with request SR-2026-000001 for the EOS R5
/// with the serial 0123-4567-8901, registered and sent with the free label.
async fn a_registered_request(app: &TestApp) -> crate::harness::Browser {
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    platinum(app).await;
    product(app, 1, "EOS-R5", "0123-4567-8901", true).await;
    let res = b.post_form("/service/new", &request_form("1", "free_label")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    b
}

async fn request_now(app: &TestApp) -> cps_store::service::ServiceRequest {
    app.store.service_request_for_staff("SR-2026-000001").await.expect("store").expect("the request")
}

const SR: &str = "/admin/service/SR-2026-000001";

#[tokio::test]
async fn a_service_user_takes_a_request_from_registered_to_closed() {
    use cps_domain::staff::StaffRole;
    let app = TestApp::new().await;
    let mut member = a_registered_request(&app).await;
    let mut svc = app.staff("verkstad@cps.test", StaffRole::Service).await;

    // The role's home is the queue; the tab is there and the number leads to the request.
    assert_eq!(svc.get("/admin").await.location(), Some("/admin/service"));
    let queue = svc.get("/admin/service").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("<a href=\"/admin/service\" aria-current=\"page\">Service</a>"), "the tab");
    assert!(!queue.body.contains("/admin/businesses") && !queue.body.contains("/admin/invoices"), "only service tools");
    assert!(queue.body.contains(&format!("<a href=\"{SR}\">SR-2026-000001</a>")), "{}", queue.body);
    let page = svc.get(SR).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page_text(&page.body);
    assert!(text.contains("Serviceärende SR-2026-000001") && text.contains("Ljus AB"), "{text}");
    assert!(text.contains("EOS R5 (EOS-R5)") && text.contains("0123-4567-8901"), "{text}");
    assert!(text.contains("Kostnadsfri fraktsedel") && text.contains("Storgatan 1, 111 22 Stockholm"), "{text}");
    assert!(text.contains("Autofokusen jagar i svagt ljus."), "{text}");
    assert!(text.contains("Rabatt på reservdelar och arbete: 20 %"), "{text}");
    assert!(text.contains("Underhållsbelopp kvar: 4\u{a0}000,00\u{a0}kr"), "{text}");
    assert!(text.contains("Kostnadsfria sensorrengöringar kvar i år för den här produkten: 1"), "{text}");
    assert!(text.contains("Ta emot produkten"), "{text}");
    assert!(!text.contains("admin-svc-") && !text.contains("service-status-"), "labels, not ids: {text}");

    // A step the request is not ready for is refused, and nothing changes.
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "closed")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        page_text(&res.body)
            .contains("Ärendet har status ”Registrerat” och kan inte gå till ”Avslutat”. Inget har ändrats."),
        "{}",
        res.body
    );
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "approved")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(page_text(&res.body).contains("är kundens steg"), "{}", res.body);
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "received")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "receiving goes through the serial check");
    assert_eq!(request_now(&app).await.status, ServiceStatus::Registered);

    // Received: the wrong serial is refused, the right one (typed as staff read it) accepted.
    let res = svc.post_form(&format!("{SR}/receive"), &[("serial", "012345678900")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("href=\"#f-serial\""), "{}", res.body);
    assert!(page_text(&res.body).contains("Serienumret stämmer inte med ärendets produkt."), "{}", res.body);
    assert!(res.body.contains("value=\"012345678900\""), "what was typed is kept");
    let r = request_now(&app).await;
    assert_eq!((r.status, r.received_at, r.promised_on), (ServiceStatus::Registered, None, None), "nothing changed");
    let res = svc.post_form(&format!("{SR}/receive"), &[("serial", " 0123 4567 8901 ")]).await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    let r = request_now(&app).await;
    assert_eq!(r.status, ServiceStatus::Received);
    // Wednesday 25 November: Platinum's 2 working days → Friday 27th.
    assert_eq!(r.promised_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    let log = app.store.audit_log("service.transition", 10).await.expect("audit");
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].actor.as_str(), log[0].target.as_str()), ("verkstad@cps.test", "SR-2026-000001"));

    // The quote: a bad row is refused with what was typed kept; then two lines in major units.
    let res = svc
        .post_form(
            &format!("{SR}/quote"),
            &[("kind1", "part"), ("desc1", "AF-motor"), ("qty1", "1"), ("price1", "1 500 kr")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("href=\"#f-price1\"") && page_text(&res.body).contains("Skriv priset som ett belopp"));
    let res =
        svc.post_form(&format!("{SR}/quote"), &[("kind1", "part"), ("desc1", ""), ("qty1", ""), ("price1", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty quote");
    assert_eq!(request_now(&app).await.status, ServiceStatus::Received);
    let res = svc
        .post_form(
            &format!("{SR}/quote"),
            &[
                ("kind1", "part"),
                ("desc1", "AF-motor"),
                ("qty1", "1"),
                ("price1", "1 500,00"),
                ("kind2", "labour"),
                ("desc2", "Byte av AF-motor"),
                ("qty2", "2"),
                ("price2", "250,50"),
                ("kind3", "part"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    let r = request_now(&app).await;
    assert_eq!(r.status, ServiceStatus::Diagnosed);
    let q = r.quote.expect("the quote");
    assert_eq!(q.lines.len(), 2);
    assert_eq!((q.lines[1].quantity(), q.lines[1].unit_minor()), (2, 25_050));
    // 1 500,00 + 2 × 250,50 = 2 001,00; 20 % off = 1 600,80; the allowance takes it all.
    assert_eq!((q.totals.list_minor(), q.totals.discount_minor, q.totals.total_minor), (200_100, 40_020, 0));
    let text = page_text(&svc.get(SR).await.body);
    assert!(text.contains("Listpris: 2\u{a0}001,00\u{a0}kr") && text.contains("Att betala: 0,00\u{a0}kr"), "{text}");
    assert!(text.contains("Offerten väntar på kundens beslut."), "{text}");
    assert_eq!(app.store.audit_log("service.quote", 10).await.expect("audit").len(), 1);

    // Staff cannot approve for the member; the member approves on their page.
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "in_repair")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(page_text(&res.body).contains("kan inte gå till ”Under reparation”"), "{}", res.body);
    let res = member.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    let text = page_text(&svc.get(SR).await.body);
    assert!(text.contains("Kunden har godkänt offerten."), "{text}");
    assert!(text.contains("Underhållsbelopp kvar: 2\u{a0}399,20\u{a0}kr"), "the allowance drawn: {text}");

    // In repair, ready; shipped needs the tracking number.
    for to in ["in_repair", "ready"] {
        let res = svc.post_form(&format!("{SR}/step"), &[("to", to)]).await;
        assert_eq!(res.location(), Some(SR), "{to}: {}", res.body);
    }
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "shipped"), ("tracking", " ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("href=\"#f-tracking\"") && page_text(&res.body).contains("Ange spårningsnumret"));
    assert_eq!(request_now(&app).await.status, ServiceStatus::Ready);
    let res = svc
        .post_form(
            &format!("{SR}/step"),
            &[("to", "shipped"), ("tracking", " RR123456785SE "), ("note", "Med PostNord")],
        )
        .await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    let r = request_now(&app).await;
    assert_eq!((r.status, r.tracking.as_deref()), (ServiceStatus::Shipped, Some("RR123456785SE")));
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "closed")]).await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    let r = request_now(&app).await;
    use ServiceStatus::*;
    let steps: Vec<ServiceStatus> = r.timeline.iter().map(|e| e.to).collect();
    assert_eq!(steps, [Registered, Received, Diagnosed, Approved, InRepair, Ready, Shipped, Closed]);
    assert_eq!(r.timeline[6].note.as_deref(), Some("Med PostNord"));
    // Every staff step is in the audit log, by the service user.
    let log = app.store.audit_log("service.transition", 10).await.expect("audit");
    assert_eq!(log.len(), 5, "received, in repair, ready, shipped, closed");
    assert!(log.iter().all(|e| e.actor == "verkstad@cps.test"));
    // The closed request is in the queue's "all" filter only, and its page offers no step.
    assert!(!svc.get("/admin/service").await.body.contains("SR-2026-000001"));
    let all = svc.get("/admin/service?status=all").await;
    assert!(all.body.contains("SR-2026-000001") && all.body.contains("<option value=\"all\" selected>"));
    let text = page_text(&svc.get(SR).await.body);
    assert!(!text.contains("Nästa steg") && text.contains("Avslutat"), "{text}");
    // The audit page shows the steps by their labels.
    let mut admin = app.staff("ada@cps.test", StaffRole::Admin).await;
    let audit = page_text(&admin.get("/admin/audit").await.body);
    assert!(audit.contains("Spårningsnummer") && audit.contains("RR123456785SE"), "{audit}");
    assert!(audit.contains("Utlovat klart") && audit.contains("Offertrader") && audit.contains("Listpris"), "{audit}");
}

#[tokio::test]
async fn the_queue_filters_by_status_deadline_and_kind() {
    use cps_domain::staff::StaffRole;
    let app = TestApp::new().await;
    let mut member = a_registered_request(&app).await;
    product(&app, 1, "EOS-R6", "223344556677", true).await;
    let mut maintenance = request_form("2", "drop_off");
    maintenance[1].1 = "maintenance";
    let res = member.post_form("/service/new", &maintenance).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000002"), "{}", res.body);
    let mut svc = app.staff("verkstad@cps.test", StaffRole::Service).await;
    svc.post_form(&format!("{SR}/receive"), &[("serial", "012345678901")]).await;
    let has = |body: &str, n: &str| body.contains(&format!("SR-2026-00000{n}"));
    let body = svc.get("/admin/service").await.body;
    assert!(has(&body, "1") && has(&body, "2"));
    let body = svc.get("/admin/service?kind=maintenance").await.body;
    assert!(!has(&body, "1") && has(&body, "2"), "{body}");
    assert!(body.contains("<option value=\"maintenance\" selected>"));
    let body = svc.get("/admin/service?status=received").await.body;
    assert!(has(&body, "1") && !has(&body, "2"));
    // Promised for Friday 27th: on track today, at risk on Thursday, missed on Monday.
    let body = svc.get("/admin/service?due=late").await.body;
    assert!(!has(&body, "1") && !has(&body, "2"), "nothing late yet");
    // (Staff sessions idle out after 30 minutes: a fresh log-in after the clock moves.)
    app.advance(chrono::Duration::days(1));
    let mut svc = app.staff("verkstad2@cps.test", StaffRole::Service).await;
    let body = page_text(&svc.get("/admin/service?due=late").await.body);
    assert!(body.contains("SR-2026-000001") && body.contains("risk för försening"), "{body}");
    app.advance(chrono::Duration::days(4));
    let mut svc = app.staff("verkstad3@cps.test", StaffRole::Service).await;
    let body = page_text(&svc.get("/admin/service?due=late&kind=repair").await.body);
    assert!(body.contains("SR-2026-000001") && body.contains("försenat") && !body.contains("SR-2026-000002"), "{body}");
    // Support still reads the queue, without links to the staff pages.
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let body = sam.get("/admin/service").await.body;
    assert!(has(&body, "1") && !body.contains(&format!("href=\"{SR}\"")), "{body}");
}

#[tokio::test]
async fn closing_with_a_loan_out_is_refused_and_the_loan_pool_lends_and_takes_back() {
    use cps_domain::staff::StaffRole;
    let app = TestApp::new().await;
    let mut member = a_registered_request(&app).await;
    let mut svc = app.staff("verkstad@cps.test", StaffRole::Service).await;
    svc.post_form(&format!("{SR}/receive"), &[("serial", "012345678901")]).await;
    let res = svc
        .post_form(&format!("{SR}/quote"), &[("kind1", "part"), ("desc1", "Slutare"), ("qty1", "1"), ("price1", "900")])
        .await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    member.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    let res = member.post_form("/service/SR-2026-000001/loan", &[("wish", "Ett kamerahus")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));

    // The pool: two bodies; a serial taken twice is refused.
    for (name, serial) in [("EOS R6 (lån)", "LN-0001"), ("EOS R8 (lån)", "LN-0002")] {
        let res = svc
            .post_form("/admin/service/loans/items", &[("name", name), ("serial", serial), ("category", "camera")])
            .await;
        assert_eq!(res.location(), Some("/admin/service/loans"), "{}", res.body);
    }
    let res = svc
        .post_form("/admin/service/loans/items", &[("name", "Kopia"), ("serial", "LN-0001"), ("category", "camera")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_text(&res.body).contains("Det finns redan lånutrustning med det serienumret."), "{}", res.body);
    assert_eq!(app.store.loan_items().await.expect("items").len(), 2);
    assert_eq!(app.store.audit_log("loan_item.add", 10).await.expect("audit").len(), 2);

    let pool = svc.get("/admin/service/loans").await;
    assert_eq!(pool.status, StatusCode::OK);
    let text = page_text(&pool.body);
    assert!(text.contains("Ärende SR-2026-000001 – önskemål: Ett kamerahus"), "{text}");
    assert!(text.contains("EOS R6 (lån)") && text.contains("Tillgänglig") && text.contains("Kamerahus"), "{text}");
    // The due date suggested: 5 working days after the promised Friday 27 November.
    assert!(pool.body.contains("value=\"2026-12-04\""), "{}", pool.body);
    let loan = app.store.pending_loans().await.expect("store").pop().expect("the loan");
    let items = app.store.loan_items().await.expect("items");
    let (r6, r8) = (items[0].id.to_string(), items[1].id.to_string());
    let lend = format!("/admin/service/loans/{}/lend", loan.id);
    let res = svc.post_form(&lend, &[("item", &r6), ("due", "2026-11-01")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a due date passed");
    let res = svc.post_form(&lend, &[("item", &r6), ("due", "2026-12-04")]).await;
    assert_eq!(res.location(), Some("/admin/service/loans"), "{}", res.body);
    // Lent once: lending the same loan again, or the same item for another loan, is refused.
    let res = svc.post_form(&lend, &[("item", &r8), ("due", "2026-12-04")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(page_text(&res.body).contains("Förfrågan väntar inte längre på utlåning."), "{}", res.body);
    app.store
        .execute_unprepared(
            "INSERT INTO loans (request_id, business_id, status, wish, requested_at) VALUES (1, 1, 'requested', NULL, 0)",
        )
        .await
        .expect("a second loan request");
    let second = app.store.pending_loans().await.expect("store").pop().expect("the second loan");
    let res = svc
        .post_form(&format!("/admin/service/loans/{}/lend", second.id), &[("item", &r6), ("due", "2026-12-04")])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(page_text(&res.body).contains("Den lånutrustningen är redan utlånad."), "{}", res.body);
    let items = app.store.loan_items().await.expect("items");
    assert_eq!(
        items.iter().map(|i| i.status.as_str()).collect::<Vec<_>>(),
        ["lent", "available"],
        "the refused loan changed nothing"
    );
    app.store.execute_unprepared(&format!("DELETE FROM loans WHERE id = {}", second.id)).await.expect("cleanup");
    let text = page_text(&member.get("/service/SR-2026-000001").await.body);
    assert!(text.contains("Utlånat: EOS R6 (lån), ska lämnas tillbaka senast 2026-12-04."), "{text}");

    // Through to shipped; closing is refused while the body is out.
    for (to, tracking) in [("in_repair", ""), ("ready", ""), ("shipped", "RR123456785SE")] {
        let res = svc.post_form(&format!("{SR}/step"), &[("to", to), ("tracking", tracking)]).await;
        assert_eq!(res.location(), Some(SR), "{to}: {}", res.body);
    }
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "closed")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        page_text(&res.body).contains("Ärendet kan inte avslutas medan lånutrustningen är utlånad."),
        "{}",
        res.body
    );
    assert_eq!(request_now(&app).await.status, ServiceStatus::Shipped);

    // Overdue after 4 December: flagged in the pool.
    // (Staff sessions idle out after 30 minutes: a fresh log-in after the clock moves.)
    app.advance(chrono::Duration::days(10));
    let mut svc = app.staff("verkstad2@cps.test", StaffRole::Service).await;
    let text = page_text(&svc.get("/admin/service/loans").await.body);
    assert!(text.contains("Försenad lånutrustning") && text.contains("2026-12-04 (försenad)"), "{text}");
    assert_eq!(app.store.overdue_loans(app.clock_now().date_naive()).await.expect("store").len(), 1);

    // Returned: the body is available again and the request closes.
    let res = svc.post_form(&format!("/admin/service/loans/{}/return", loan.id), &[]).await;
    assert_eq!(res.location(), Some("/admin/service/loans"), "{}", res.body);
    let res = svc.post_form(&format!("/admin/service/loans/{}/return", loan.id), &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "returned once");
    assert!(app.store.loan_items().await.expect("items").iter().all(|i| i.status.as_str() == "available"));
    let res = svc.post_form(&format!("{SR}/step"), &[("to", "closed")]).await;
    assert_eq!(res.location(), Some(SR), "{}", res.body);
    assert_eq!(app.store.audit_log("loan.confirm", 10).await.expect("audit").len(), 1);
    assert_eq!(app.store.audit_log("loan.return", 10).await.expect("audit").len(), 1);
}

#[tokio::test]
async fn only_service_staff_and_admins_use_the_service_tools() {
    use cps_domain::staff::StaffRole;
    use cps_web::staff_routes::{Access, Method, ROUTES};
    let app = TestApp::new().await;
    let _member = a_registered_request(&app).await;
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    let mut svc = app.staff("verkstad@cps.test", StaffRole::Service).await;
    let service_routes: Vec<_> =
        ROUTES.iter().filter(|r| r.access == Access::Tool(cps_domain::staff::Tool::Service)).collect();
    assert_eq!(service_routes.len(), 8, "{service_routes:?}");
    for r in &service_routes {
        let path = r.path.replace("{number}", "SR-2026-000001").replace("{id}", "1");
        for (who, b) in [("support", &mut sam), ("finance", &mut fia)] {
            let status = match r.method {
                Method::Get => b.get(&path).await.status,
                Method::Post => b.post_form(&path, &[("to", "closed"), ("serial", "012345678901")]).await.status,
            };
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {r:?}");
        }
    }
    assert_eq!(request_now(&app).await.status, ServiceStatus::Registered, "nothing was done");
    assert_eq!(fia.get("/admin/service").await.status, StatusCode::FORBIDDEN, "the queue is not finance's");
    assert_eq!(sam.get("/admin/service").await.status, StatusCode::OK, "support reads the queue");
    // A service user has no other tool.
    for path in
        ["/admin/invoices", "/admin/payments", "/admin/jobs", "/admin/businesses", "/admin/tickets", "/admin/audit"]
    {
        assert_eq!(svc.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(svc.post_form("/admin/invoices/1/paid", &[("reason", "betald")]).await.status, StatusCode::FORBIDDEN);
    // Without the token a staff step is refused.
    let res = svc.post_raw(&format!("{SR}/receive"), &[("serial", "012345678901")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(request_now(&app).await.status, ServiceStatus::Registered);
    // The staff page in every language: labels, never message ids.
    for lang in cps_domain::Lang::ALL {
        svc.post_form("/language", &[("lang", lang.code()), ("next", "/admin")]).await;
        for path in ["/admin/service", SR, "/admin/service/loans"] {
            let res = svc.get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{lang:?} {path}");
            let text = page_text(&res.body);
            assert!(!text.contains("admin-svc-") && !text.contains("service-status-"), "{lang:?} {path}: {text}");
        }
    }
}

// ------------------------------------------------------------ the repair invoice

/// The text of a PDF as poppler's pdftotext reads it, with every kind of
/// space a plain one (amounts are grouped with no-break spaces).
fn repair_pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext from poppler-utils must be installed");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

/// Staff receive the request and enter `lines` as its quote.
pub(crate) async fn repair_quoted(app: &TestApp, number: &str, lines: &[QuoteLine]) {
    let now = app.clock_now();
    app.store
        .transition_service_request(&test_staff(), number, ServiceStatus::Received, None, None, now)
        .await
        .expect("received");
    app.store.enter_service_quote(&test_staff(), number, lines, now).await.expect("quoted");
}

#[tokio::test]
async fn approving_a_platinum_repair_issues_one_invoice_with_its_lines_discount_and_allowance() {
    use cps_domain::billing::{AllowanceKind, InvoiceAllowance, InvoiceLineKind};
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    platinum(&app).await;
    // The membership's own invoice, by bank transfer: the first of the series.
    sql(&app, "UPDATE orders SET status = 'awaiting_invoice', payment_method = 'bank_transfer'").await;
    let membership_invoice = app
        .store
        .issue_invoice(1, &crate::harness::seller(), None, app.clock_now())
        .await
        .expect("store")
        .expect("issued");
    product(&app, 1, "EOS-R5", "012345678901", true).await;
    let res = b.post_form("/service/new", &request_form("1", "drop_off")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    // Parts 4 500 + labour 2 × 650 = 5 800 kr; Platinum's 20 % = 1 160; the
    // allowance (the year's fee, 4 000) takes the next 4 000: 640 + 160 VAT.
    let lines = [
        QuoteLine::new(LineKind::Part, "Slutarenhet", 1, 450_000).expect("a line"),
        QuoteLine::new(LineKind::Labour, "Byte av slutare", 2, 65_000).expect("a line"),
    ];
    repair_quoted(&app, "SR-2026-000001", &lines).await;
    assert!(app.store.service_request_invoice(1, "SR-2026-000001").await.expect("store").is_none(), "not yet");

    let res = b.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    // Approving again changes nothing.
    let again = b.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(again.location(), Some("/service/SR-2026-000001"));
    let invoices = app.store.invoices(1).await.expect("invoices");
    assert_eq!(invoices.len(), 2, "the membership's and exactly one for the repair");
    let inv = app.store.service_request_invoice(1, "SR-2026-000001").await.expect("store").expect("the invoice");
    assert_eq!(invoices[0].id, inv.id);
    assert_eq!(invoices[1].id, membership_invoice);
    let d = &inv.document;
    assert_eq!((invoices[1].document.number.as_str(), d.number.as_str()), ("CPS-2026-000001", "CPS-2026-000002"));
    assert_eq!(d.service_request.as_deref(), Some("SR-2026-000001"));
    assert_eq!(d.service, "EOS R5 (012345678901)");
    let kinds: Vec<_> = d.lines.iter().map(|l| (l.kind, l.quantity, l.unit_minor)).collect();
    assert_eq!(kinds, [(InvoiceLineKind::Part, 1, 450_000), (InvoiceLineKind::Labour, 2, 65_000)]);
    assert_eq!(
        d.allowances,
        [
            InvoiceAllowance {
                kind: AllowanceKind::RepairDiscount,
                amount_minor: 116_000,
                base_minor: Some(580_000),
                percent: Some(20)
            },
            InvoiceAllowance {
                kind: AllowanceKind::MaintenanceAllowance,
                amount_minor: 400_000,
                base_minor: None,
                percent: None
            },
        ]
    );
    assert_eq!((d.net_minor, d.vat_minor, d.total_minor, d.vat_rate_bp), (64_000, 16_000, 80_000, 2500));
    assert_eq!(d.vat_treatment, cps_domain::vat::VatKind::Domestic);
    // No saved card: bank transfer with an OCR number.
    assert_eq!(d.payment_method, cps_domain::status::PaymentMethod::BankTransfer);
    let ocr = d.payment_reference.clone().expect("an OCR number");
    assert!(cps_domain::references::ocr_valid(&ocr), "{ocr}");
    assert_eq!(Some(ocr), cps_domain::billing::payment_reference(true, cps_domain::money::Currency::SEK, 2026, 2));

    // The owner is mailed, once.
    app.run_jobs().await;
    let mails: Vec<_> =
        app.mails_to("anna@ljusbild.se").into_iter().filter(|m| m.subject.contains("CPS-2026-000002")).collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Faktura CPS-2026-000002 från CPS");
    assert!(mails[0].text.contains("för serviceärende SR-2026-000001."), "what it is for: {}", mails[0].text);
    assert!(!mails[0].text.contains("för ert CPS-medlemskap"), "not a membership's invoice: {}", mails[0].text);

    // The page and the PDF show the lines, the discount, the allowance, VAT and total.
    let page = page_text(&b.get(&format!("/invoices/{}", inv.id)).await.body).replace(['\u{a0}', '\u{202f}'], " ");
    for want in [
        "Serviceärende SR-2026-000001",
        "Slutarenhet Reservdel 1 4 500,00 kr 4 500,00 kr",
        "Byte av slutare Arbete 2 650,00 kr 1 300,00 kr",
        "Summa rader (listpris) 5 800,00 kr",
        "Medlemsrabatt 20 % på reservdelar och arbete (5 800,00 kr) −1 160,00 kr",
        "Underhållsbidrag −4 000,00 kr",
        "640,00 kr",
        "Moms 25 % 160,00 kr",
        "800,00 kr",
        &ocr_text(d),
    ] {
        assert!(page.contains(want), "page lacks {want:?}: {page}");
    }
    let pdf = b.get(&format!("/invoices/{}/invoice.pdf", inv.id)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = repair_pdf_text(&pdf.bytes);
    for want in [
        "CPS-2026-000002",
        "SR-2026-000001",
        "EOS R5 (012345678901)",
        "Slutarenhet",
        "Reservdel",
        "Byte av slutare",
        "Arbete",
        "4 500,00 kr",
        "1 300,00 kr",
        "5 800,00 kr",
        "Medlemsrabatt 20 % på reservdelar och arbete (5 800,00 kr)",
        "−1 160,00 kr",
        "Underhållsbidrag",
        "−4 000,00 kr",
        "640,00 kr",
        "160,00 kr",
        "800,00 kr",
    ] {
        assert!(text.contains(want), "the PDF lacks {want:?}:\n{text}");
    }
    // The e-invoice carries the same lines and allowances.
    let xml = b.get(&format!("/invoices/{}/ubl.xml", inv.id)).await.body;
    assert!(xml.contains("<cbc:AllowanceTotalAmount currencyID=\"SEK\">5160.00</cbc:AllowanceTotalAmount>"), "{xml}");
    assert!(xml.contains("<cbc:PayableAmount currencyID=\"SEK\">800.00</cbc:PayableAmount>"), "{xml}");

    // The product waits for the bank transfer.
    let (now, staff) = (app.clock_now(), test_staff());
    for to in [ServiceStatus::InRepair, ServiceStatus::Ready] {
        app.store.transition_service_request(&test_staff(), "SR-2026-000001", to, None, None, now).await.unwrap();
    }
    let refused =
        app.store.transition_service_request(&staff, "SR-2026-000001", ServiceStatus::Shipped, None, None, now);
    assert_eq!(
        refused.await.unwrap_err().refusal().expect("refused, not a store failure"),
        cps_store::service::TransitionRefused::AwaitingPayment("CPS-2026-000002".into())
    );
}

/// The reference as the page prints it.
fn ocr_text(d: &cps_domain::billing::InvoiceDocument) -> String {
    d.payment_reference.clone().unwrap_or_default()
}

#[tokio::test]
async fn a_non_members_repair_is_invoiced_at_list_price_and_a_declined_one_the_diagnosis_fee() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    product(&app, 1, "EOS-R5", "012345678901", true).await;
    product(&app, 1, "EOS-R5", "012345678902", true).await;
    for p in ["1", "2"] {
        let res = b.post_form("/service/new", &request_form(p, "drop_off")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let lines = [
        QuoteLine::new(LineKind::Part, "AF-motor", 1, 150_000).expect("a line"),
        QuoteLine::new(LineKind::Labour, "Arbete", 1, 50_000).expect("a line"),
    ];
    repair_quoted(&app, "SR-2026-000001", &lines).await;
    repair_quoted(&app, "SR-2026-000002", &lines).await;
    let res = b.post_form("/service/SR-2026-000001/quote", &[("decision", "approve")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"));
    let inv = app.store.service_request_invoice(1, "SR-2026-000001").await.expect("store").expect("invoiced");
    let d = &inv.document;
    assert_eq!(d.number, "CPS-2026-000001");
    assert_eq!(d.lines.len(), 2);
    assert!(d.allowances.is_empty(), "list price: no discount, no allowance");
    assert_eq!((d.net_minor, d.vat_minor, d.total_minor), (200_000, 50_000, 250_000));
    assert_eq!(d.payment_method, cps_domain::status::PaymentMethod::BankTransfer);
    let page = page_text(&b.get(&format!("/invoices/{}", inv.id)).await.body).replace(['\u{a0}', '\u{202f}'], " ");
    assert!(page.contains("AF-motor Reservdel 1 1 500,00 kr 1 500,00 kr"), "{page}");
    assert!(!page.contains("Medlemsrabatt") && !page.contains("Underhållsbidrag"), "{page}");

    // Before deciding, the page says what declining costs a business without a membership.
    let page = page_text(&b.get("/service/SR-2026-000002").await.body);
    assert!(
        page.contains(
            "Felsökningsavgiften, 495,00\u{a0}kr exklusive moms, faktureras, och returfrakten betalar ni själva."
        ),
        "{page}"
    );
    // Declining: the configured diagnosis fee, 495,00 kr + VAT.
    let res = b.post_form("/service/SR-2026-000002/quote", &[("decision", "decline")]).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000002"));
    let fee = app.store.service_request_invoice(1, "SR-2026-000002").await.expect("store").expect("the fee");
    let d = &fee.document;
    assert_eq!(d.number, "CPS-2026-000002");
    assert_eq!(d.lines, [cps_domain::billing::diagnosis_line(49_500)]);
    assert_eq!((d.net_minor, d.vat_minor, d.total_minor), (49_500, 12_375, 61_875));
    let text = repair_pdf_text(&b.get(&format!("/invoices/{}/invoice.pdf", fee.id)).await.bytes);
    assert!(text.contains("Felsökningsavgift") && text.contains("618,75 kr"), "{text}");
    assert_eq!(app.store.invoices(1).await.expect("invoices").len(), 2);
    // Declined goes back once the fee is paid; the service centre is told why not before.
    let mut svc = app.staff("verkstad@cps.test", cps_domain::staff::StaffRole::Service).await;
    let res =
        svc.post_form("/admin/service/SR-2026-000002/step", &[("to", "shipped"), ("tracking", "RR123456785SE")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(
        page_text(&res.body)
            .contains("Produkten skickas tillbaka när faktura CPS-2026-000002 är betald (banköverföring)."),
        "{}",
        res.body
    );
    let (now, staff) = (app.clock_now(), test_staff());
    let refused =
        app.store.transition_service_request(&staff, "SR-2026-000002", ServiceStatus::Shipped, None, None, now);
    assert!(matches!(refused.await, Err(cps_store::Failure::Refused(_))), "the fee is unpaid on bank transfer");
    sql(&app, &format!("UPDATE invoices SET status = 'paid', paid_at = 1 WHERE id = {}", fee.id)).await;
    let shipped =
        app.store.transition_service_request(&staff, "SR-2026-000002", ServiceStatus::Shipped, None, None, now);
    assert_eq!(shipped.await.expect("shipped").status, ServiceStatus::Shipped);
}
