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

pub(crate) fn seller() -> cps_store::memberships::SellerRules {
    cps_store::memberships::SellerRules {
        country: cps_domain::Country::parse("SE").expect("SE"),
        vat_rate_bp: 2500,
        invoice_delay: chrono::Duration::minutes(60),
    }
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
        .expect("store")
        .expect("received");
    assert_eq!(r.promised_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    let lines = [QuoteLine::new(LineKind::Part, "AF-motor", 1, 150_000).expect("a line")];
    app.store
        .enter_service_quote(&test_staff(), "SR-2026-000001", &lines, seller(), now)
        .await
        .expect("store")
        .expect("quoted");
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
        .expect("store")
        .expect("item");
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 11).expect("a date");
    app.store.confirm_loan(&test_staff(), loan.id, item.id, due, now).await.expect("store").expect("lent");
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(page.contains("Utlånat: EOS R6 (lån), ska lämnas tillbaka senast 2026-12-11."), "{page}");
    assert!(!page.contains("Be om lånutrustning"), "one loan at a time: {page}");
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
