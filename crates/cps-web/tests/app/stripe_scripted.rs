//! Stripe behaviour localstripe does not have, against a scripted fake
//! Stripe on 127.0.0.1 (started here): localstripe ignores `Idempotency-Key`
//! and `Stripe-Version`, has no search API, answers an off-session charge
//! that needs 3-D Secure with 200 `requires_action` (Stripe answers 402
//! `authentication_required` with the PaymentIntent in the error), and cannot
//! send a webhook before it answers. The fake does what Stripe documents:
//! - a repeated `Idempotency-Key` returns the saved answer without a second
//!   PaymentIntent, until the test makes it forget its keys (Stripe prunes
//!   them after 24 hours, then a repeat is a new request);
//! - it only speaks the pinned API version and refuses a request without it;
//! - `GET /v1/payment_intents/search?query=metadata['invoice_id']:'N'`;
//! - scripted: the next answer is lost (the connection drops after the
//!   PaymentIntent was made), or the webhook is delivered before the answer.

use crate::harness::{Options, TestApp};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Duration;
use cps_jobs::stripe::{STRIPE_API_VERSION, StripeConfig, StripeGateway, sign_webhook};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const PASSWORD: &str = "fyra ord i rad kamera";
const WEBHOOK_SECRET: &str = "whsec_cps_scripted";

/// What the saved card does when charged off-session.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Card {
    Ok,
    /// The issuer wants 3-D Secure (Stripe's 4000 0027 6000 3184).
    NeedsAuthentication,
}

#[derive(Default)]
struct Fake {
    intents: Vec<Value>,
    /// Idempotency key → the saved answer.
    keys: HashMap<String, (u16, Value)>,
    /// Every request: (method and path, Stripe-Version, Idempotency-Key).
    requests: Vec<(String, Option<String>, Option<String>)>,
    card: Option<Card>,
    drop_next_answer: bool,
    /// Deliver `payment_intent.succeeded` to the portal (signed at this
    /// time) before answering.
    webhook_first: Option<(axum::Router, i64)>,
}

#[derive(Clone)]
struct FakeStripe {
    state: Arc<Mutex<Fake>>,
    base: String,
}

impl FakeStripe {
    fn with<R>(&self, f: impl FnOnce(&mut Fake) -> R) -> R {
        f(&mut self.state.lock().expect("fake state"))
    }

    fn intents_for(&self, invoice_id: i64) -> Vec<Value> {
        self.with(|f| {
            f.intents
                .iter()
                .filter(|pi| pi["metadata"]["invoice_id"].as_str() == Some(invoice_id.to_string().as_str()))
                .cloned()
                .collect()
        })
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({"error": {"type": "invalid_request_error", "message": message}}))).into_response()
}

#[expect(clippy::result_large_err, reason = "the fake answers a refused request with its response")]
fn record(fake: &FakeStripe, what: String, headers: &HeaderMap) -> Result<(), Response> {
    let version = headers.get("stripe-version").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    fake.with(|f| f.requests.push((what, version.clone(), key)));
    if version.as_deref() != Some(STRIPE_API_VERSION) {
        // This account's objects are only known in the pinned version's shape.
        return Err(refuse(StatusCode::BAD_REQUEST, "this fake speaks only the pinned Stripe-Version"));
    }
    Ok(())
}

async fn create_intent(State(fake): State<FakeStripe>, headers: HeaderMap, body: String) -> Response {
    if let Err(refused) = record(&fake, "POST /v1/payment_intents".into(), &headers) {
        return refused;
    }
    let form: HashMap<String, String> = serde_urlencoded::from_str(&body).expect("form");
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(saved) = key.as_ref().and_then(|k| fake.with(|f| f.keys.get(k).cloned())) {
        return (StatusCode::from_u16(saved.0).expect("status"), axum::Json(saved.1)).into_response();
    }
    let (answer, webhook_first) = fake.with(|f| {
        let id = format!("pi_fake{}", f.intents.len() + 1);
        let amount: i64 = form["amount"].parse().expect("amount");
        let mut pi = json!({
            "id": id, "object": "payment_intent", "amount": amount, "amount_received": 0,
            "currency": form["currency"], "customer": form["customer"], "payment_method": form["payment_method"],
            "client_secret": format!("{id}_secret_fake"), "livemode": false, "status": "succeeded",
            "metadata": {"invoice_id": form["metadata[invoice_id]"], "attempt": form["metadata[attempt]"]},
        });
        let answer = match f.card.unwrap_or(Card::Ok) {
            Card::Ok => {
                pi["amount_received"] = json!(amount);
                (200, pi.clone())
            }
            Card::NeedsAuthentication => {
                // Stripe: the off-session PaymentIntent is left `requires_payment_method`
                // and the 402 carries it; the card holder confirms it on-session later.
                pi["status"] = json!("requires_payment_method");
                pi["payment_method"] = Value::Null;
                pi["last_payment_error"] =
                    json!({"code": "authentication_required", "payment_method": {"id": form["payment_method"]}});
                (
                    402,
                    json!({"error": {"type": "card_error", "code": "authentication_required",
                        "message": "Your card was declined. This transaction requires authentication.",
                        "payment_intent": pi.clone()}}),
                )
            }
        };
        f.intents.push(pi);
        if let Some(k) = &key {
            f.keys.insert(k.clone(), answer.clone());
        }
        (answer, f.webhook_first.take())
    });
    if let (Some((router, at)), 200) = (webhook_first, answer.0) {
        let status = deliver(&router, at, "evt_before_answer", "payment_intent.succeeded", &answer.1).await;
        assert_eq!(status, StatusCode::OK, "the portal takes the webhook before the answer");
    }
    if fake.with(|f| std::mem::take(&mut f.drop_next_answer)) {
        // The PaymentIntent exists; the answer never reaches the portal.
        panic!("scripted: the connection drops before Stripe's answer (this panic is the test's)");
    }
    (StatusCode::from_u16(answer.0).expect("status"), axum::Json(answer.1)).into_response()
}

async fn read_intent(State(fake): State<FakeStripe>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(refused) = record(&fake, format!("GET /v1/payment_intents/{id}"), &headers) {
        return refused;
    }
    match fake.with(|f| f.intents.iter().find(|pi| pi["id"] == id.as_str()).cloned()) {
        Some(pi) => axum::Json(pi).into_response(),
        None => refuse(StatusCode::NOT_FOUND, "No such payment_intent"),
    }
}

async fn search_intents(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = record(&fake, "GET /v1/payment_intents/search".into(), &headers) {
        return refused;
    }
    let query = q.get("query").cloned().unwrap_or_default();
    let Some(invoice) =
        query.strip_prefix("metadata['invoice_id']:'").and_then(|rest| rest.strip_suffix('\'')).map(str::to_owned)
    else {
        return refuse(StatusCode::BAD_REQUEST, "unsupported query");
    };
    let data: Vec<Value> = fake
        .with(|f| f.intents.iter().filter(|pi| pi["metadata"]["invoice_id"] == invoice.as_str()).cloned().collect());
    axum::Json(json!({"object": "search_result", "data": data, "has_more": false})).into_response()
}

/// What Stripe.js's `confirmCardPayment` does once the card holder passed 3-D
/// Secure: the same PaymentIntent, confirmed with the saved card, succeeds.
async fn confirm_intent(State(fake): State<FakeStripe>, Path(id): Path<String>, body: String) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    fake.with(|f| {
        let Some(pi) = f.intents.iter_mut().find(|pi| pi["id"] == id.as_str()) else {
            return refuse(StatusCode::NOT_FOUND, "No such payment_intent");
        };
        if form.get("client_secret").map(String::as_str) != pi["client_secret"].as_str() {
            return refuse(StatusCode::UNAUTHORIZED, "client secret");
        }
        pi["status"] = json!("succeeded");
        pi["amount_received"] = pi["amount"].clone();
        pi["payment_method"] = json!(form.get("payment_method"));
        pi["last_payment_error"] = Value::Null;
        axum::Json(pi.clone()).into_response()
    })
}

async fn setup_intent(State(fake): State<FakeStripe>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(refused) = record(&fake, format!("GET /v1/setup_intents/{id}"), &headers) {
        return refused;
    }
    axum::Json(json!({"id": id, "object": "setup_intent", "status": "succeeded", "customer": "cus_fake",
        "payment_method": "pm_fake", "client_secret": format!("{id}_secret_fake")}))
    .into_response()
}

async fn payment_method(State(fake): State<FakeStripe>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(refused) = record(&fake, format!("GET /v1/payment_methods/{id}"), &headers) {
        return refused;
    }
    axum::Json(json!({"id": id, "object": "payment_method", "card": {"brand": "visa", "last4": "3184"}}))
        .into_response()
}

async fn fake_stripe() -> FakeStripe {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let fake = FakeStripe { state: Arc::default(), base };
    let app = axum::Router::new()
        .route("/v1/payment_intents", post(create_intent))
        .route("/v1/payment_intents/search", get(search_intents))
        .route("/v1/payment_intents/{id}", get(read_intent))
        .route("/v1/payment_intents/{id}/confirm", post(confirm_intent))
        .route("/v1/setup_intents/{id}", get(setup_intent))
        .route("/v1/payment_methods/{id}", get(payment_method))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    fake
}

fn gateway(base: &str) -> StripeGateway {
    StripeGateway::new(StripeConfig {
        api_base: base.to_owned(),
        secret_key: "sk_test_cps_scripted".to_owned().into(),
        publishable_key: "pk_test_cps_scripted".into(),
        js_url: format!("{base}/js.stripe.com/v3/"),
        webhook_secret: WEBHOOK_SECRET.to_owned().into(),
        timeout: cps_jobs::stripe::DEFAULT_TIMEOUT,
    })
    .expect("client")
}

async fn deliver(router: &axum::Router, at: i64, id: &str, kind: &str, object: &Value) -> StatusCode {
    deliver_event(router, at, &json!({"id": id, "type": kind, "livemode": false, "data": {"object": object}})).await
}

/// Posts a signed event to the portal's webhook, as Stripe would at `at` (unix seconds).
async fn deliver_event(router: &axum::Router, at: i64, event: &Value) -> StatusCode {
    let body = event.to_string();
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/webhooks/stripe")
        .header("content-type", "application/json")
        .header("stripe-signature", sign_webhook(WEBHOOK_SECRET, body.as_bytes(), at))
        .header("x-forwarded-for", "203.0.113.9")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))))
        .body(Body::from(body))
        .expect("request");
    router.clone().oneshot(req).await.expect("router answers").status()
}

/// A business with a Stripe card saved (SetupIntent `seti_fake1`), a Silver
/// membership by card, and its invoice issued. Gives the invoice id.
async fn card_invoice(app: &TestApp) -> (crate::harness::Browser, i64) {
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.give_points(1, 600).await;
    app.store.remember_setup_intent("seti_fake1", 1, "cus_fake", app.clock_now()).await.expect("setup intent");
    let review = b.get("/checkout/review?tier=SILVER&term=1&method=card&card=seti_fake1").await;
    assert!(review.body.contains("Visa •••• 3184"), "{}", review.body);
    let res = b
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("term", "1"), ("method", "card"), ("card", "seti_fake1"), ("key", &"f".repeat(40))],
        )
        .await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);
    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.status, cps_domain::status::InvoiceStatus::Issued);
    (b, invoice.id)
}

/// [`card_invoice`] with Stripe asking for authentication when the card is
/// charged on the due date: the fake, the app, the invoice id and the
/// payment intent left waiting for the card holder.
async fn authentication_pending() -> (FakeStripe, TestApp, i64, Value) {
    let (fake, app, invoice) = charged_on_the_due_date(|f| f.card = Some(Card::NeedsAuthentication)).await;
    let pi = fake.intents_for(invoice).remove(0);
    (fake, app, invoice, pi)
}

/// [`card_invoice`] on an app charging through the fake, which `set_up`
/// readies first; then the due date passes and the charge job runs. Gives
/// the fake, the app and the invoice id.
async fn charged_on_the_due_date(set_up: impl FnOnce(&mut Fake)) -> (FakeStripe, TestApp, i64) {
    let fake = fake_stripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&fake.base)), ..Options::default() }).await;
    let (_b, invoice) = card_invoice(&app).await;
    fake.with(set_up);
    app.advance(Duration::days(31));
    app.run_jobs().await;
    (fake, app, invoice)
}

async fn status(app: &TestApp, invoice_id: i64) -> cps_domain::status::InvoiceStatus {
    app.store.invoice(1, invoice_id).await.expect("invoice").expect("found").status
}

#[tokio::test]
async fn every_call_names_the_pinned_api_version() {
    let fake = fake_stripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&fake.base)), ..Options::default() }).await;
    let (_b, invoice) = card_invoice(&app).await;
    app.advance(Duration::days(31));
    app.run_jobs().await;
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Paid,
        "the fake refuses any request without the pinned version"
    );
    let requests = fake.with(|f| f.requests.clone());
    assert!(!requests.is_empty());
    for (what, version, _) in &requests {
        assert_eq!(version.as_deref(), Some(STRIPE_API_VERSION), "{what}");
    }
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_the_same_key_and_charges_once() {
    let (fake, app, invoice) = charged_on_the_due_date(|f| f.drop_next_answer = true).await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Issued, "no answer, nothing known yet");
    assert_eq!(fake.intents_for(invoice).len(), 1, "Stripe made the PaymentIntent");
    // The job retries (backoff) with the attempt's key: Stripe answers with the same PaymentIntent.
    app.advance(Duration::minutes(5));
    app.run_jobs().await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Paid);
    let ours = fake.intents_for(invoice);
    assert_eq!(ours.len(), 1, "charged once: {ours:?}");
    let keys: Vec<String> = fake.with(|f| {
        f.requests
            .iter()
            .filter(|(w, _, _)| w == "POST /v1/payment_intents")
            .filter_map(|(_, _, k)| k.clone())
            .collect()
    });
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(keys[0], keys[1], "the same idempotency key");
}

#[tokio::test]
async fn after_the_idempotency_window_a_new_attempt_looks_up_the_invoice_first() {
    let (fake, app, invoice) = charged_on_the_due_date(|f| f.drop_next_answer = true).await;
    assert_eq!(fake.intents_for(invoice).len(), 1);
    // A day later (an outage, a parked job retried by staff) Stripe has pruned the key:
    // the same key would now make a second PaymentIntent.
    fake.with(|f| f.keys.clear());
    app.advance(Duration::hours(25));
    app.run_jobs().await;
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Paid,
        "the payment made the day before is found"
    );
    assert_eq!(fake.intents_for(invoice).len(), 1, "no second charge");
    let searched = fake.with(|f| f.requests.iter().any(|(w, _, _)| w == "GET /v1/payment_intents/search"));
    assert!(searched, "looked up by metadata before charging");
}

#[tokio::test]
async fn a_webhook_before_the_answer_pays_once_and_closes_the_pending_attempt() {
    let fake = fake_stripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&fake.base)), ..Options::default() }).await;
    let (_b, invoice) = card_invoice(&app).await;
    app.advance(Duration::days(31));
    // Stripe sends the webhook, then its answer to the charge is lost on the way.
    fake.with(|f| {
        f.webhook_first = Some((app.router.clone(), app.clock_now().timestamp()));
        f.drop_next_answer = true;
    });
    app.run_jobs().await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Paid, "the webhook paid it");
    assert_eq!(fake.intents_for(invoice).len(), 1);
    // The charge job's retry finds the invoice paid.
    app.advance(Duration::minutes(5));
    app.run_jobs().await;
    assert!(app.store.stripe_reviews().await.expect("reviews").is_empty(), "nothing for staff");
    assert_eq!(
        app.store.charge_attempts(invoice).await.expect("attempts"),
        [(cps_domain::status::PaymentAttemptStatus::Succeeded, true)],
        "the attempt the webhook paid is not left pending"
    );
    // Later runs charge nothing more.
    app.advance(Duration::days(8));
    app.run_jobs().await;
    assert_eq!(fake.intents_for(invoice).len(), 1);
}

#[tokio::test]
async fn webhooks_must_match_an_attempt_its_amount_and_currency_and_the_mode() {
    let (_fake, app, invoice, pi) = authentication_pending().await;
    let total = app.store.invoice(1, invoice).await.expect("i").expect("found").document.total_minor;
    let paid = |amount: i64, currency: &str| {
        let mut o = pi.clone();
        o["status"] = json!("succeeded");
        o["amount"] = json!(amount);
        o["amount_received"] = json!(amount);
        o["currency"] = json!(currency);
        o
    };
    // A live-mode event at a test key is not ours: ignored.
    let live = json!({"id": "evt_live", "type": "payment_intent.succeeded", "livemode": true,
        "data": {"object": paid(total, "sek")}});
    assert_eq!(deliver_event(&app.router, app.clock_now().timestamp(), &live).await, StatusCode::OK);
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Issued,
        "a live event does not pay a test invoice"
    );
    // An event for a PaymentIntent no attempt made: staff look; nothing paid.
    let mut stranger = paid(total, "sek");
    stranger["id"] = json!("pi_unknown");
    stranger["metadata"] = json!({"invoice_id": invoice.to_string()});
    deliver(&app.router, app.clock_now().timestamp(), "evt_stranger", "payment_intent.succeeded", &stranger).await;
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Issued,
        "the invoice id in metadata alone pays nothing"
    );
    // The attempt's PaymentIntent with the wrong amount, then the wrong currency.
    deliver(
        &app.router,
        app.clock_now().timestamp(),
        "evt_short",
        "payment_intent.succeeded",
        &paid(total - 100, "sek"),
    )
    .await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Issued, "a wrong amount pays nothing");
    let reviews = app.store.stripe_reviews().await.expect("reviews");
    let reasons: Vec<&str> = reviews.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["unknown_attempt", "wrong_amount"], "{reviews:?}");
    assert_eq!(reviews[1].amount_minor, total - 100);

    // On the staff list with the reason.
    let mut staff = app.staff("ekonomi@cps.test", cps_domain::staff::StaffRole::Finance).await;
    let page = staff.get("/admin/payments").await.body;
    assert!(page.contains("Fel belopp") && page.contains(pi["id"].as_str().expect("id")), "{page}");
}

#[tokio::test]
async fn a_wrong_currency_goes_to_review() {
    let (_fake, app, invoice, mut pi) = authentication_pending().await;
    pi["status"] = json!("succeeded");
    pi["currency"] = json!("eur");
    pi["amount_received"] = pi["amount"].clone();
    deliver(&app.router, app.clock_now().timestamp(), "evt_eur", "payment_intent.succeeded", &pi).await;
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Issued,
        "euro do not pay a kronor invoice"
    );
    let reviews = app.store.stripe_reviews().await.expect("reviews");
    assert_eq!(reviews.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(), ["wrong_currency"]);
}

#[tokio::test]
async fn a_success_for_a_credited_invoice_goes_to_review() {
    let (_fake, app, invoice, mut pi) = authentication_pending().await;
    app.credit(invoice, "Cancelled on request").await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Credited);
    // The card holder confirmed anyway (an old tab): Stripe reports the money.
    pi["status"] = json!("succeeded");
    pi["amount_received"] = pi["amount"].clone();
    assert_eq!(
        deliver(&app.router, app.clock_now().timestamp(), "evt_late", "payment_intent.succeeded", &pi).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, invoice).await,
        cps_domain::status::InvoiceStatus::Credited,
        "a credited invoice is never paid"
    );
    let reviews = app.store.stripe_reviews().await.expect("reviews");
    assert_eq!(reviews.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(), ["invoice_credited"]);
}

#[tokio::test]
async fn authentication_required_stops_retries_and_the_mailed_page_confirms_the_same_payment_intent() {
    let fake = fake_stripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&fake.base)), ..Options::default() }).await;
    let (mut b, invoice) = card_invoice(&app).await;
    fake.with(|f| f.card = Some(Card::NeedsAuthentication));
    app.advance(Duration::days(31));
    app.run_jobs().await;
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Issued);
    let first = fake.intents_for(invoice);
    assert_eq!(first.len(), 1);
    let pi_id = first[0]["id"].as_str().expect("id").to_owned();
    // No off-session retry, however long we wait.
    for _ in 0..10 {
        app.advance(Duration::days(1));
        app.run_jobs().await;
    }
    assert_eq!(fake.intents_for(invoice).len(), 1, "not retried off-session");
    // The owner is mailed a link to confirm, in "Betala nu" words.
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject.contains("Bekräfta kortbetalningen"))
        .expect("the confirm mail");
    let link = format!("/invoices/{invoice}/confirm-payment");
    assert!(mail.text.contains(&link) && mail.text.contains("Betala nu"), "{}", mail.text);
    // Days later the owner logs in again to follow the link.
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = b.get(&format!("/invoices/{invoice}")).await.body;
    assert!(page.contains("Betala nu") && page.contains(&link), "{page}");
    assert!(!page.contains("debiteras på förfallodatumet"), "{page}");
    // The page confirms the same PaymentIntent with Stripe.js and the saved card.
    let page = b.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("src=\"{}/js.stripe.com/v3/\"", fake.base)), "{}", page.body);
    let attr = |name: &str| {
        let at = page.body.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        page.body[at..].chars().take_while(|c| *c != '"').collect::<String>()
    };
    let secret = attr("data-secret");
    assert!(secret.starts_with(&format!("{pi_id}_secret_")), "the same PaymentIntent: {secret}");
    assert_eq!(attr("data-payment-method"), "pm_fake");
    // What Stripe.js does after 3-D Secure passed.
    let confirmed = reqwest::Client::new()
        .post(format!("{}/v1/payment_intents/{pi_id}/confirm", fake.base))
        .form(&[("client_secret", secret.as_str()), ("payment_method", "pm_fake")])
        .send()
        .await
        .expect("fake answers");
    assert!(confirmed.status().is_success());
    let done = b.get(&attr("data-done")).await;
    assert_eq!(done.location(), Some(format!("/invoices/{invoice}").as_str()));
    assert_eq!(status(&app, invoice).await, cps_domain::status::InvoiceStatus::Paid);
    assert_eq!(fake.intents_for(invoice).len(), 1, "one PaymentIntent, charged once");
    // Stripe's webhook for it later changes nothing and asks nobody.
    let pi = fake.intents_for(invoice).remove(0);
    deliver(&app.router, app.clock_now().timestamp(), "evt_after_confirm", "payment_intent.succeeded", &pi).await;
    assert!(app.store.stripe_reviews().await.expect("reviews").is_empty());
}
