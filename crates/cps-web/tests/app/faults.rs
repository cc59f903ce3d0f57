//! Faults of the components around the portal, each with the real component
//! stopped and started by the test (issue 14).

use crate::harness::{TestApp, signup_form};
use crate::smtp::{free_port, smtp_mailer, start_smtp};
use cps_jobs::worker::Worker;
use std::time::Duration as StdDuration;

#[path = "../../../cps/tests/operations/hop.rs"]
mod hop;
use hop::{Hop, Link};

fn mails_in(maildir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(maildir.join("new"))
        .map(|d| d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn mail_waits_with_backoff_while_the_smtp_server_is_down_and_goes_out_when_it_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    // Up first, to show this very mailer delivers; then stopped.
    let server = start_smtp(port, &maildir).await;
    drop(server);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the SMTP server is down");

    let app = TestApp::new().await;
    let (mailer, cfg) = smtp_mailer(port);
    let worker = Worker::new(app.store.clone(), mailer, cfg, app.clock.clone());
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    b.post_form("/signup", &signup_form("bo@ramverk.se", "Ramverk AB")).await;

    // Down: each mail job fails, stays pending (not lost, not parked) with the error.
    assert_eq!(worker.run_until_idle().await.expect("run"), 2);
    let pending = app.store.jobs_overview(false, 50).await.expect("jobs");
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert!(pending.iter().all(|j| j.kind == "send_mail" && j.attempts == 1 && j.last_error.is_some()), "{pending:?}");
    let first_retry = pending[0].run_at;
    assert!(first_retry > app.clock_now(), "retried later, not at once");

    // Staff see them, with the error, under /admin/jobs.
    let mut finance = app.staff("finance@cps.test", cps_domain::staff::StaffRole::Finance).await;
    let page = finance.get("/admin/jobs").await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(page.body.contains("Skicka e-post"), "the kind's label: {}", page.body);
    assert!(!page.body.contains("send_mail"), "not the stored kind: {}", page.body);

    // Backoff: nothing runs before the retry time; then a second failure waits longer.
    assert_eq!(worker.run_until_idle().await.expect("run"), 0);
    app.advance(first_retry - app.clock_now());
    assert_eq!(worker.run_until_idle().await.expect("run"), 2);
    let again = app.store.jobs_overview(false, 50).await.expect("jobs");
    assert!(again.iter().all(|j| j.attempts == 2), "{again:?}");
    assert!(again[0].run_at - app.clock_now() > first_retry - crate::harness::t0(), "the wait grows");
    assert!(mails_in(&maildir).is_empty());

    // The server returns: at the next retry both mails go out, once each.
    let _server = start_smtp(port, &maildir).await;
    app.advance(again[0].run_at - app.clock_now());
    assert_eq!(worker.run_until_idle().await.expect("run"), 2);
    let mut mails = Vec::new();
    for _ in 0..50 {
        mails = mails_in(&maildir);
        if mails.len() >= 2 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(mails.len(), 2, "both delivered");
    assert!(mails.iter().any(|m| m.contains("To: anna@ljusbild.se")));
    assert!(mails.iter().any(|m| m.contains("To: bo@ramverk.se")));
    assert!(app.store.jobs_overview(false, 50).await.expect("jobs").is_empty(), "nothing left");
    assert_eq!(app.store.queue_counts().await.expect("counts"), cps_store::jobs::QueueCounts::default());
}

#[tokio::test]
async fn with_stripe_hanging_or_unreachable_pages_answer_in_time_and_the_charge_waits_and_is_made_once() {
    use crate::stripe::{
        confirm_in_browser, gateway_with_timeout, localstripe, member_with_points, setup_intent_for, stripe_api,
    };
    use axum::http::StatusCode;
    use chrono::Duration;
    use std::time::Instant;
    const TIMEOUT: StdDuration = StdDuration::from_secs(2);

    let ls = localstripe().await;
    let ls_port: u16 = ls.base.rsplit(':').next().and_then(|p| p.parse().ok()).expect("localstripe's port");
    let mut hop = Hop::start(ls_port).await;
    let app = TestApp::with(crate::harness::Options {
        stripe: Some(gateway_with_timeout(&hop.base(), TIMEOUT)),
        ..Default::default()
    })
    .await;

    // A card saved through the hop while Stripe is reachable, and a card order.
    let mut b = member_with_points(&app, "anna@ljusbild.se", "Ljus AB", 1).await;
    let page = b.get("/checkout?tier=SILVER&method=card").await;
    let seti = setup_intent_for(&mut b, &page.body).await;
    confirm_in_browser(&ls.base, &seti, "pm_card_visa").await;
    let res = b
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("term", "1"), ("method", "card"), ("card", &seti), ("key", &"h".repeat(40))],
        )
        .await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);
    let invoice = app.invoice_after_delay(1).await;
    // Logged in again: the hour has ended the first session.
    let mut b = app.browser();
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", crate::stripe::PASSWORD)]).await;
    // A second business with a card saved, about to review its order.
    let mut bo = member_with_points(&app, "bo@studio.se", "Bo AB", 2).await;
    let page = bo.get("/checkout?tier=SILVER&method=card").await;
    let bo_card = setup_intent_for(&mut bo, &page.body).await;
    confirm_in_browser(&ls.base, &bo_card, "pm_card_visa").await;

    // Stripe hangs. Pages that need no Stripe answer at once; a card step
    // gives up after the timeout with a 503 page in the member's language.
    hop.set(Link::Hanging).await;
    for path in ["/invoices", &format!("/invoices/{}", invoice.id), "/products", "/membership"] {
        let started = Instant::now();
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(started.elapsed() < StdDuration::from_secs(1), "{path} waited for Stripe: {:?}", started.elapsed());
    }
    let started = Instant::now();
    let res = bo.get(&format!("/checkout/review?tier=SILVER&term=1&method=card&card={bo_card}")).await;
    let waited = started.elapsed();
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert!(res.body.contains("Tillfälligt otillgänglig"), "{}", res.body);
    assert_eq!(res.header("retry-after"), Some("10"));
    assert!(waited >= TIMEOUT && waited < TIMEOUT + StdDuration::from_secs(2), "gave up after the timeout: {waited:?}");
    // The card step's script asking for a SetupIntent, for a member who
    // has switched to English in the bar.
    bo.post_form("/language", &[("lang", "en"), ("next", "/products")]).await;
    let page = bo.get("/checkout?tier=SILVER&method=card").await;
    let started = Instant::now();
    let at = page.body.find("data-setup=\"").expect("the card step") + "data-setup=\"".len();
    let setup: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
    let at = page.body.find("data-csrf=\"").expect("token") + "data-csrf=\"".len();
    let token: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
    let res = bo.post_raw(&setup, &[("csrf", &token)], &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "the card script is told to show its error");
    assert!(res.body.contains("Temporarily unavailable"), "{}", res.body);
    assert!(started.elapsed() < TIMEOUT + StdDuration::from_secs(2));

    // The due date with Stripe hanging: the charge job gives up after the
    // timeout, stays queued with its error, and nothing is declined or mailed.
    app.advance(Duration::days(31));
    let mails_before = app.mails_to("anna@ljusbild.se").len();
    let started = Instant::now();
    app.run_jobs().await;
    assert!(
        started.elapsed() < TIMEOUT + StdDuration::from_secs(3),
        "the worker is not stuck: {:?}",
        started.elapsed()
    );
    let jobs = app.store.jobs_overview(false, 50).await.expect("jobs");
    let charge = jobs.iter().find(|j| j.kind == "charge_invoice").expect("the charge is still queued");
    assert_eq!(charge.attempts, 1, "{jobs:?}");
    let first_wait = charge.run_at - app.clock_now();
    assert!(charge.last_error.as_deref().is_some_and(|e| e.contains("Stripe")), "{charge:?}");
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );
    assert_eq!(app.mails_to("anna@ljusbild.se").len(), mails_before, "no decline mail: nothing was declined");

    // Unreachable (the port closed): the retry fails at once and waits longer.
    hop.down();
    app.advance(charge.run_at - app.clock_now());
    let started = Instant::now();
    app.run_jobs().await;
    assert!(started.elapsed() < StdDuration::from_secs(2), "refused at once: {:?}", started.elapsed());
    let jobs = app.store.jobs_overview(false, 50).await.expect("jobs");
    let again = jobs.iter().find(|j| j.kind == "charge_invoice").expect("still queued");
    assert_eq!(again.attempts, 2, "{jobs:?}");
    assert!(again.run_at - app.clock_now() > first_wait, "the wait grows");
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Issued
    );

    // Stripe is back: the next retry charges the card, once.
    hop.set(Link::Up).await;
    hop.up().await;
    app.advance(again.run_at - app.clock_now());
    app.run_jobs().await;
    assert_eq!(
        app.store.invoice(1, invoice.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    assert!(app.store.jobs_overview(false, 50).await.expect("jobs").iter().all(|j| j.kind != "charge_invoice"));
    let intents = stripe_api(&ls.base, reqwest::Method::GET, "/v1/payment_intents", &[]).await;
    let ours: Vec<_> = intents["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|pi| pi["metadata"]["invoice_id"].as_str() == Some(invoice.id.to_string().as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "charged exactly once: {ours:?}");
    assert_eq!(ours[0]["status"], "succeeded");
}
