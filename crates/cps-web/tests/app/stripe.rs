//! The Stripe gateway against localstripe (a stateful fake Stripe on
//! 127.0.0.1, started here): a card saved with a SetupIntent, charged
//! off-session on the due date exactly once, a declined card, signed
//! webhooks accepted once and forged ones refused.

use crate::harness::{Options, TestApp};
use axum::body::Body;
use axum::http::StatusCode;
use chrono::Duration;
use cps_jobs::stripe::{StripeConfig, StripeGateway, sign_webhook};
use serde_json::Value;
use std::process::{Child, Command};

pub(crate) const PASSWORD: &str = "fyra ord i rad kamera";
const WEBHOOK_SECRET: &str = "whsec_cps_test";

pub(crate) struct LocalStripe {
    child: Child,
    pub(crate) base: String,
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

pub(crate) async fn localstripe() -> LocalStripe {
    let port = free_port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/fake_stripe.py");
    let child = Command::new("python3")
        .args([script, &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 with localstripe (pip install localstripe; the test command installs it)");
    let server = LocalStripe { child, base: format!("http://127.0.0.1:{port}") };
    for _ in 0..100 {
        if reqwest::get(format!("{}/js.stripe.com/v3/", server.base)).await.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("localstripe did not start on {}", server.base);
}

fn gateway(base: &str) -> StripeGateway {
    gateway_with_timeout(base, cps_jobs::stripe::DEFAULT_TIMEOUT)
}

/// The portal's gateway to Stripe at `base`, giving up a call after `timeout`.
pub(crate) fn gateway_with_timeout(base: &str, timeout: std::time::Duration) -> StripeGateway {
    StripeGateway::new(StripeConfig {
        api_base: base.to_owned(),
        secret_key: "sk_test_cps_localstripe".to_owned().into(),
        publishable_key: "pk_test_cps_localstripe".into(),
        js_url: format!("{base}/js.stripe.com/v3/"),
        webhook_secret: WEBHOOK_SECRET.to_owned().into(),
        timeout,
    })
    .expect("client")
}

pub(crate) async fn stripe_api(base: &str, method: reqwest::Method, path: &str, form: &[(&str, &str)]) -> Value {
    let res = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth("sk_test_cps_localstripe")
        .form(form)
        .send()
        .await
        .expect("localstripe answers");
    res.json().await.expect("json")
}

/// What the card step's script does when the owner submits a card: asks the
/// portal for a SetupIntent (a same-origin POST with the page's CSRF token).
/// Gives the SetupIntent's id.
pub(crate) async fn setup_intent_for(b: &mut crate::harness::Browser, page: &str) -> String {
    let at = page.find("data-setup=\"").expect("a card element that asks for a SetupIntent") + "data-setup=\"".len();
    let setup: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let at = page.find("data-csrf=\"").expect("the token for it") + "data-csrf=\"".len();
    let token: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let res = b.post_raw(&setup, &[("csrf", &token)], &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let body: Value = serde_json::from_str(&res.body).expect("json");
    let secret = body["client_secret"].as_str().expect("a client secret");
    secret.split("_secret_").next().expect("id").to_owned()
}

/// What Stripe.js does in the browser: confirm the SetupIntent with a card.
pub(crate) async fn confirm_in_browser(base: &str, seti: &str, test_card: &str) {
    let si = stripe_api(
        base,
        reqwest::Method::POST,
        &format!("/v1/setup_intents/{seti}/confirm"),
        &[("payment_method", test_card)],
    )
    .await;
    assert_eq!(si["status"], "succeeded", "{si}");
}

pub(crate) async fn member_with_points(
    app: &TestApp,
    email: &str,
    company: &str,
    business_id: i64,
) -> crate::harness::Browser {
    let b = app.member(email, company, PASSWORD).await;
    app.give_points(business_id, 600).await;
    b
}

#[tokio::test]
async fn a_card_saved_with_stripe_is_charged_once_on_the_due_date() {
    let ls = localstripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&ls.base)), ..Options::default() }).await;
    let mut b = member_with_points(&app, "anna@ljusbild.se", "Ljus AB", 1).await;
    let page = b.get("/checkout?tier=SILVER&method=card").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("src=\"{}/js.stripe.com/v3/\"", ls.base)), "Stripe.js is loaded");
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(csp.contains(&format!("script-src 'self' {}", ls.base)), "{csp}");
    let seti = setup_intent_for(&mut b, &page.body).await;
    // Not confirmed yet: no card to use.
    let res = b.get(&format!("/checkout/review?tier=SILVER&term=1&method=card&card={seti}")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    confirm_in_browser(&ls.base, &seti, "pm_card_visa").await;
    let review = b.get(&format!("/checkout/review?tier=SILVER&term=1&method=card&card={seti}")).await;
    assert!(review.body.contains("Visa •••• 4242"), "{}", review.body);
    let res = b
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("term", "1"), ("method", "card"), ("card", &seti), ("key", &"s".repeat(40))],
        )
        .await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);

    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.status, cps_domain::status::InvoiceStatus::Issued);
    app.advance(Duration::days(31));
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    let intents = stripe_api(&ls.base, reqwest::Method::GET, "/v1/payment_intents", &[]).await;
    let ours: Vec<&Value> = intents["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|pi| pi["metadata"]["invoice_id"].as_str() == Some(invoice.id.to_string().as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "charged exactly once");
    assert_eq!(ours[0]["status"], "succeeded");
    assert_eq!(ours[0]["amount"], invoice.document.total_minor);
    assert_eq!(ours[0]["currency"], "sek");
    assert!(ours[0]["customer"].as_str().is_some_and(|c| c.starts_with("cus_")), "charged to the saved customer");

    // Another business cannot use this SetupIntent.
    let mut other = member_with_points(&app, "bo@studio.se", "Bo AB", 2).await;
    let res = other.get(&format!("/checkout/review?tier=SILVER&term=1&method=card&card={seti}")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a SetupIntent belongs to the business it was made for");
}

#[tokio::test]
async fn a_declined_card_leaves_the_invoice_open_and_webhooks_are_checked_and_counted_once() {
    let ls = localstripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&ls.base)), ..Options::default() }).await;
    let mut b = member_with_points(&app, "anna@ljusbild.se", "Ljus AB", 1).await;
    let page = b.get("/checkout?tier=SILVER&method=card").await;
    let seti = setup_intent_for(&mut b, &page.body).await;
    // Saved fine, declined when charged (Stripe's 4000 0000 0000 0341).
    confirm_in_browser(&ls.base, &seti, "pm_card_chargeCustomerFail").await;
    let res = b
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("term", "1"), ("method", "card"), ("card", &seti), ("key", &"d".repeat(40))],
        )
        .await;
    assert!(res.location().is_some(), "{}", res.body);
    let invoice = app.invoice_after_delay(1).await;
    app.advance(Duration::days(31));
    app.run_jobs().await;
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued,
        "still open"
    );
    assert!(
        app.mails_to("anna@ljusbild.se").iter().any(|m| m.subject.contains("gick inte igenom")),
        "the member is told"
    );
    // The invoice page offers another card, saved for the same Stripe customer.
    let mut again_browser = app.browser();
    again_browser.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = again_browser.get(&format!("/invoices/{}", invoice.id)).await;
    let again = setup_intent_for(&mut again_browser, &page.body).await;
    assert_ne!(seti, again);
    let first = stripe_api(&ls.base, reqwest::Method::GET, &format!("/v1/setup_intents/{seti}"), &[]).await;
    let second = stripe_api(&ls.base, reqwest::Method::GET, &format!("/v1/setup_intents/{again}"), &[]).await;
    assert_eq!(first["customer"], second["customer"], "one Stripe customer per business");

    let post = |body: String, signature: String| {
        let mut browser = app.browser();
        async move {
            let req = browser
                .request("POST", "/webhooks/stripe")
                .header("content-type", "application/json")
                .header("stripe-signature", signature)
                .body(Body::from(body))
                .expect("request");
            browser.send(req).await.status
        }
    };
    let now = app.clock_now().timestamp();
    let event = |id: &str, kind: &str| {
        serde_json::json!({"id": id, "type": kind, "livemode": false, "data": {"object": {"id": "pi_x", "amount": invoice.document.total_minor, "currency": "sek", "status": "succeeded", "metadata": {"invoice_id": invoice.id.to_string()}}}}).to_string()
    };
    // A forged signature and a stale one change nothing.
    let paid = event("evt_paid", "payment_intent.succeeded");
    assert_eq!(post(paid.clone(), sign_webhook("whsec_wrong", paid.as_bytes(), now)).await, StatusCode::BAD_REQUEST);
    assert_eq!(
        post(paid.clone(), sign_webhook(WEBHOOK_SECRET, paid.as_bytes(), now - 301)).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
    // Signed, but for a PaymentIntent no attempt made: the invoice id in its
    // metadata pays nothing; staff see it once, however often it comes.
    assert_eq!(post(paid.clone(), sign_webhook(WEBHOOK_SECRET, paid.as_bytes(), now)).await, StatusCode::OK);
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
    assert_eq!(post(paid.clone(), sign_webhook(WEBHOOK_SECRET, paid.as_bytes(), now)).await, StatusCode::OK);
    let reviews = app.store.stripe_reviews().await.expect("reviews");
    assert_eq!(reviews.len(), 1, "recorded once: {reviews:?}");
    assert_eq!(reviews[0].reason, "unknown_attempt");
    // A failure event changes nothing either.
    let failed = event("evt_failed", "payment_intent.payment_failed");
    assert_eq!(post(failed.clone(), sign_webhook(WEBHOOK_SECRET, failed.as_bytes(), now)).await, StatusCode::OK);
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
}

/// A card that needs 3-D Secure (Stripe's 4000 0027 6000 3184), saved: the
/// SetupIntent is confirmed and then authenticated, as Stripe.js does.
async fn save_3ds_card(base: &str, seti: &str) {
    let pm = stripe_api(
        base,
        reqwest::Method::POST,
        "/v1/payment_methods",
        &[
            ("type", "card"),
            ("card[number]", "4000002760003184"),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2030"),
            ("card[cvc]", "123"),
        ],
    )
    .await;
    let pm = pm["id"].as_str().expect("payment method");
    let si = stripe_api(
        base,
        reqwest::Method::POST,
        &format!("/v1/setup_intents/{seti}/confirm"),
        &[("payment_method", pm)],
    )
    .await;
    assert_eq!(si["status"], "requires_action", "{si}");
    let si = stripe_api(base, reqwest::Method::POST, &format!("/v1/setup_intents/{seti}/confirm"), &[]).await;
    assert_eq!(si["status"], "succeeded", "{si}");
}

#[tokio::test]
async fn a_card_that_needs_3d_secure_is_not_retried_and_the_mailed_page_confirms_the_same_payment_intent() {
    let ls = localstripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&ls.base)), ..Options::default() }).await;
    let mut b = member_with_points(&app, "anna@ljusbild.se", "Ljus AB", 1).await;
    let page = b.get("/checkout?tier=SILVER&method=card").await;
    let seti = setup_intent_for(&mut b, &page.body).await;
    save_3ds_card(&ls.base, &seti).await;
    let res = b
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("term", "1"), ("method", "card"), ("card", &seti), ("key", &"a".repeat(40))],
        )
        .await;
    assert!(res.location().is_some(), "{}", res.body);
    let invoice = app.invoice_after_delay(1).await;
    app.advance(Duration::days(31));
    app.run_jobs().await;
    let intents_of_invoice = || async {
        let all = stripe_api(&ls.base, reqwest::Method::GET, "/v1/payment_intents", &[]).await;
        all["data"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|pi| pi["metadata"]["invoice_id"].as_str() == Some(invoice.id.to_string().as_str()))
            .cloned()
            .collect::<Vec<Value>>()
    };
    let first = intents_of_invoice().await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["status"], "requires_action", "{}", first[0]);
    let pi = first[0]["id"].as_str().expect("id").to_owned();
    // Retrying off-session would fail the same way: nothing more is tried.
    for _ in 0..10 {
        app.advance(Duration::days(1));
        app.run_jobs().await;
    }
    assert_eq!(intents_of_invoice().await.len(), 1, "no off-session retries");
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject.contains("Bekräfta kortbetalningen"))
        .expect("the owner is mailed a link");
    let link = format!("/invoices/{}/confirm-payment", invoice.id);
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert!(
        !app.mails_to("anna@ljusbild.se").iter().any(|m| m.subject.contains("gick inte igenom")),
        "not told that it will be retried"
    );
    // Days later the owner logs in again to follow the link.
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    // The page: Stripe.js (localstripe's stand-in) and the same PaymentIntent's secret.
    let page = b.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("src=\"{}/js.stripe.com/v3/\"", ls.base)), "{}", page.body);
    assert!(page.body.contains("Betala nu"));
    let at = page.body.find("data-secret=\"").expect("client secret") + "data-secret=\"".len();
    let secret: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
    assert!(secret.starts_with(&format!("{pi}_secret_")), "the same PaymentIntent: {secret}");
    // What localstripe's confirmCardPayment does when the card holder completes 3-D Secure.
    let authenticated = reqwest::Client::new()
        .post(format!("{}/v1/payment_intents/{pi}/_authenticate?success=true", ls.base))
        .json(&serde_json::json!({"key": "pk_test_cps_localstripe", "client_secret": secret}))
        .send()
        .await
        .expect("localstripe answers");
    assert!(authenticated.status().is_success(), "{:?}", authenticated.text().await);
    let done = b.get(&format!("{link}/done")).await;
    assert_eq!(done.location(), Some(format!("/invoices/{}", invoice.id).as_str()), "{}", done.body);
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    let after = intents_of_invoice().await;
    assert_eq!(after.len(), 1, "one PaymentIntent");
    assert_eq!(after[0]["status"], "succeeded");
}

#[tokio::test]
async fn opening_the_checkout_makes_no_setup_intent() {
    let ls = localstripe().await;
    let app = TestApp::with(Options { stripe: Some(gateway(&ls.base)), ..Options::default() }).await;
    let mut b = member_with_points(&app, "anna@ljusbild.se", "Ljus AB", 1).await;
    for _ in 0..3 {
        let page = b.get("/checkout?tier=SILVER&method=card").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("id=\"stripe-card\""), "the card element is offered");
    }
    let made = stripe_api(&ls.base, reqwest::Method::GET, "/v1/setup_intents", &[]).await;
    assert_eq!(made["data"].as_array().map(Vec::len), Some(0), "a GET calls nobody: {made}");
    let customers = stripe_api(&ls.base, reqwest::Method::GET, "/v1/customers", &[]).await;
    assert_eq!(customers["data"].as_array().map(Vec::len), Some(0), "{customers}");

    // Choosing the card makes one; asking again while it waits for a card gives the same one.
    let page = b.get("/checkout?tier=SILVER&method=card").await;
    let first = setup_intent_for(&mut b, &page.body).await;
    assert_eq!(setup_intent_for(&mut b, &page.body).await, first, "an unconfirmed SetupIntent is reused");
    let made = stripe_api(&ls.base, reqwest::Method::GET, "/v1/setup_intents", &[]).await;
    assert_eq!(made["data"].as_array().map(Vec::len), Some(1), "{made}");
    // Once confirmed it is spent: the next card gets a new one.
    confirm_in_browser(&ls.base, &first, "pm_card_visa").await;
    assert_ne!(setup_intent_for(&mut b, &page.body).await, first);
    // Only by POST with the form's token, and only for owners.
    let res = b.get("/cards/setup").await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    let res = b.post_raw("/cards/setup", &[("csrf", "00")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
