//! A business's own data: the export archive, and closing the account,
//! which removes personal data and keeps the invoices.

use crate::harness::TestApp;
use axum::http::StatusCode;
use chrono::Duration;
use cps_store::memberships::PaymentMethod;

const PASSWORD: &str = "fyra ord i rad kamera";

#[tokio::test]
async fn the_export_holds_the_business_s_data_and_nobody_else_s() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let form = [
        ("model", "EOS-5D-MK3"),
        ("serial", "0123-4567-8901"),
        ("purchase_date", "2014-03"),
        ("purchase_country", "SE"),
        ("retailer", "Kamerahuset"),
    ];
    assert_eq!(anna.post_form("/products", &form).await.status, StatusCode::SEE_OTHER);
    let other = [
        ("model", "EF-40-F28-STM"),
        ("serial", "9876543"),
        ("purchase_date", "2015-01"),
        ("purchase_country", "SE"),
        ("retailer", "Bo Foto"),
    ];
    assert_eq!(bo.post_form("/products", &other).await.status, StatusCode::SEE_OTHER);
    anna.post_form("/support", &[("topic", "other"), ("message", "Hej från Anna"), ("product", "")]).await;

    let res = anna.get("/account/export").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-disposition").is_some_and(|d| d.contains("attachment")));
    let archive: serde_json::Value = serde_json::from_str(&res.body).expect("JSON");
    assert_eq!(archive["business"]["name"], "Ljus AB");
    assert_eq!(archive["users"][0]["email"], "anna@ljusbild.se");
    assert_eq!(archive["products"].as_array().map(Vec::len), Some(1));
    assert_eq!(archive["products"][0]["retailer"], "Kamerahuset");
    assert!(archive["points_ledger"].as_array().is_some_and(|l| !l.is_empty()));
    assert_eq!(archive["support_messages"][0]["body"], "Hej från Anna");
    assert!(!res.body.contains("Bo Foto") && !res.body.contains("bo@studio.se"), "nothing of another business");
    assert_eq!(app.browser().get("/account/export").await.location(), Some("/login"));
}

#[tokio::test]
async fn closing_removes_personal_data_keeps_invoices_and_waits_for_unpaid_ones() {
    let app = TestApp::new().await;
    app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let mut early = app.browser();
    early.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let res = early.post_form("/account/close", &[("close_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not while an invoice is still to come");
    let invoice = app.invoice_after_delay(1).await;

    let mut anna = app.browser();
    anna.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let export = anna.get("/account/export").await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let archive: serde_json::Value = serde_json::from_str(&export.body).expect("JSON");
    assert_eq!(archive["memberships"][0]["term_years"], 1);
    assert_eq!(archive["invoices"][0]["document"]["number"], invoice.document.number.as_str());
    let res = anna.post_form("/account/close", &[("close_password", "fel lösenord här"), ("confirm", "yes")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the password is asked for");
    let res = anna.post_form("/account/close", &[("close_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not with an unpaid invoice");
    assert!(res.body.contains("obetalda fakturor"), "{}", res.body);

    let staff = crate::harness::test_staff();
    app.store.mark_invoice_paid(invoice.id, "test", &staff, app.clock_now()).await.expect("paid");
    let res = anna.post_form("/account/close", &[("close_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(res.location(), Some("/login"), "{}", res.body);
    let res = app.browser().post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert!(res.location().is_none(), "the log-in is gone");
    assert!(app.store.business_users(1).await.expect("users").iter().all(|u| u.email.ends_with("@closed.invalid")));
    assert!(app.store.products(1).await.expect("products").is_empty());
    let kept = app.store.invoice(1, invoice.id).await.expect("invoice").expect("kept for bookkeeping");
    assert_eq!(kept.document, invoice.document, "unchanged");
    let hits = app.store.find_businesses("Ljus", 5).await.expect("search");
    assert!(hits[0].closed, "staff see the account as closed");
    // The address can sign up again as a new business.
    let res = app.browser().post_form("/signup", &crate::harness::signup_form("anna@ljusbild.se", "Nya Ljus AB")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_nightly_retention_job_anonymises_a_closed_account_after_its_period_and_keeps_its_invoices() {
    let app = TestApp::new().await;
    app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    assert_eq!(invoice.document.buyer.name, "Ljus AB");
    let staff = crate::harness::test_staff();
    app.store.mark_invoice_paid(invoice.id, "test", &staff, app.clock_now()).await.expect("paid");
    let mut anna = app.browser();
    anna.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let res = anna.post_form("/account/close", &[("close_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(res.location(), Some("/login"), "{}", res.body);
    // A second business, still open, that retention must leave alone.
    app.member("bo@ramverk.se", "Ramverk AB", PASSWORD).await;

    // The nightly job, as `cps serve`/`cps worker` schedule it.
    assert!(app.store.ensure_job(&cps_store::jobs::Retention, app.clock_now(), app.clock_now()).await.expect("queue"));
    let days = i64::from(cps_domain::retention::RetentionPolicy::default().closed_account_days);
    let business = |app: &TestApp| {
        let store = app.store.clone();
        let now = app.clock_now();
        async move { store.export_business(1, now).await.expect("export")["business"].clone() }
    };
    app.run_jobs().await;
    app.advance(Duration::days(days - 1));
    app.run_jobs().await;
    let kept = business(&app).await;
    assert_eq!(kept["name"], "Ljus AB", "kept within the period");
    assert_eq!(kept["vat_number"], "SE556036079301");
    assert_eq!(app.store.find_businesses("Ljus", 5).await.expect("search").len(), 1);

    app.advance(Duration::days(1));
    app.run_jobs().await;
    let gone = business(&app).await;
    assert_eq!(gone["name"], "", "{gone}");
    assert_eq!(gone["vat_number"], serde_json::Value::Null, "{gone}");
    assert_eq!(gone["org_number"], serde_json::Value::Null, "{gone}");
    assert_eq!(gone["street"], "", "{gone}");
    assert_eq!(gone["postal_code"], "", "{gone}");
    assert_eq!(gone["city"], "", "{gone}");
    assert_eq!(gone["contact_name"], "", "{gone}");
    assert!(app.store.find_businesses("Ljus", 5).await.expect("search").is_empty());
    // The invoice, with the buyer as printed, stays for the bookkeeping period.
    let kept = app.store.invoice(1, invoice.id).await.expect("invoice").expect("kept for bookkeeping");
    assert_eq!(kept.document, invoice.document, "unchanged");
    assert_eq!(kept.document.buyer.name, "Ljus AB");
    // The open business is untouched, and the job has queued its next night.
    assert_eq!(app.store.find_businesses("Ramverk", 5).await.expect("search").len(), 1);
    assert!(!app.store.ensure_job(&cps_store::jobs::Retention, app.clock_now(), app.clock_now()).await.expect("queue"));
    assert_eq!(app.store.queue_counts().await.expect("counts").failed, 0);
}
