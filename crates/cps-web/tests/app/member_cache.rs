//! Member pages take their data from memory while the business's data is
//! unchanged (`cps_store::member_cache`, issue 13). Every change of a
//! business's row, products, points, memberships, invoices and tickets
//! raises its data version in the change's own transaction, whoever makes
//! it; the request context reads the version, so a page on any node shows a
//! change made on another node on the very next request.

use crate::harness::{Browser, TestApp, test_staff};
use crate::products::{LEGACY, import_legacy, product_form};
use chrono::Duration;
use cps_store::memberships::PaymentMethod;
use cps_store::sessions::SessionLimits;

const PASSWORD: &str = "fyra ord i rad kamera";

/// The member pages whose data may come from memory.
const PAGES: [&str; 7] =
    ["/products", "/products/history", "/tiers", "/membership", "/invoices", "/support", "/account"];

/// The business's data version as the browser's next request would read it.
async fn data_version(app: &TestApp, b: &Browser) -> i64 {
    let hash = cps_store::tokens::hash(&b.session_cookie().expect("logged in"));
    let limits = SessionLimits { idle: Duration::minutes(30), absolute: Duration::hours(12) };
    app.store.member_context(&hash, app.clock_now(), limits).await.expect("context").expect("session").data_version
}

/// Asserts the version went up since `last` (and remembers the new one).
async fn raised(app: &TestApp, b: &Browser, last: &mut i64, change: &str) {
    let now = data_version(app, b).await;
    assert!(now > *last, "{change} did not raise the data version ({last} → {now})");
    *last = now;
}

#[tokio::test]
async fn every_change_of_a_business_raises_its_data_version_and_no_other_business() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let bo_before = data_version(&app, &bo).await;
    let mut last = data_version(&app, &anna).await;
    let staff = test_staff();

    let res = anna.post_form("/products", &product_form("EOS-R5", "012345678901", "", "", "")).await;
    assert_eq!(res.location(), Some("/products"));
    raised(&app, &anna, &mut last, "a registration").await;
    let id = app.store.products(1).await.expect("products")[0].id;
    let res = anna
        .post_form(&format!("/products/{id}"), &product_form("", "012345678901", "2021-01-01", "SE", "Foto AB"))
        .await;
    assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
    raised(&app, &anna, &mut last, "completing a product").await;
    app.store.staff_adjust_points(1, 40, "Mässa", &staff, app.clock_now()).await.expect("adjust");
    raised(&app, &anna, &mut last, "a staff adjustment").await;
    anna.post_form(&format!("/products/{id}/remove"), &[]).await;
    raised(&app, &anna, &mut last, "a removal").await;

    anna.post_form("/support", &[("topic", "points"), ("message", "Fråga om poäng")]).await;
    raised(&app, &anna, &mut last, "a ticket").await;
    let reference = app.store.tickets(1).await.expect("tickets")[0].reference.clone();
    assert!(app.store.close_ticket(&reference, &staff, app.clock_now()).await.expect("close"));
    raised(&app, &anna, &mut last, "staff closing the ticket").await;

    app.silver_order(1, 1, PaymentMethod::BankTransfer).await;
    raised(&app, &anna, &mut last, "a checkout").await;
    let invoice = invoice_after_delay(&app, &mut [&mut anna, &mut bo]).await;
    raised(&app, &anna, &mut last, "the invoice").await;
    app.credit(invoice.id, "Fel nivå").await;
    raised(&app, &anna, &mut last, "a credit note").await;
    app.store.set_buyer_reference(1, Some("PO-77")).await.expect("reference");
    raised(&app, &anna, &mut last, "a change of the business").await;
    anna.post_form("/account/users", &[("invite_email", "kollega@ljusbild.se")]).await;
    raised(&app, &anna, &mut last, "an invitation").await;
    anna.post_form("/language", &[("lang", "en"), ("next", "/products")]).await;
    raised(&app, &anna, &mut last, "a user's change of language").await;

    assert_eq!(data_version(&app, &bo).await, bo_before, "another business's changes leave this one's version alone");
}

/// Moves the clock past the invoice delay while the browsers stay logged
/// in (the sessions' idle limit is 30 minutes), runs the jobs and gives the
/// first invoice of business 1.
async fn invoice_after_delay(app: &TestApp, browsers: &mut [&mut Browser]) -> cps_store::billing::Invoice {
    for _ in 0..3 {
        app.advance(Duration::minutes(21));
        for b in browsers.iter_mut() {
            b.get("/faq").await;
        }
    }
    app.run_jobs().await;
    app.store.invoices(1).await.expect("invoices").into_iter().next().expect("an invoice")
}

/// Posts a form and follows the redirect, so its message is shown (and
/// spent) on this browser.
async fn post_and_follow(b: &mut Browser, path: &str, fields: &[(&str, &str)]) {
    let res = b.post_form(path, fields).await;
    let to = res.location().unwrap_or_else(|| panic!("{path} answers {}: {}", res.status, res.body)).to_owned();
    b.get(&to).await;
}

/// What two nodes show one member must be the same page, byte for byte.
async fn same_on_both(a: &mut Browser, b: &mut Browser, path: &str) -> String {
    let on_a = a.get(path).await;
    let on_b = b.get(path).await;
    assert_eq!(on_a.status, axum::http::StatusCode::OK, "{path}");
    assert_eq!(on_a.body, on_b.body, "{path} differs between the nodes");
    on_a.body
}

#[tokio::test]
async fn a_change_on_another_node_shows_on_this_nodes_pages_at_once() {
    let app = TestApp::new().await;
    let mut on_a = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let (node_b, store_b) = app.other_node().await;
    let mut on_b = on_a.on(&node_b);
    let staff = test_staff();
    post_and_follow(&mut on_a, "/products", &product_form("EOS-5D-MK3", "012345678901", "2014-03-01", "SE", "Foto AB"))
        .await;
    // Both nodes show every page, and so hold its data.
    for page in PAGES {
        same_on_both(&mut on_a, &mut on_b, page).await;
    }
    assert!(app.store.member_reads_held() >= PAGES.len(), "node A holds the pages' data");
    assert!(store_b.member_reads_held() >= PAGES.len(), "node B holds the pages' data");

    // A product registered on B: A's list, history, tiers and support form show it at once.
    post_and_follow(&mut on_b, "/products", &product_form("EOS-R5", "998877665544", "2021-01-01", "SE", "Foto AB"))
        .await;
    let list = same_on_both(&mut on_a, &mut on_b, "/products").await;
    assert!(list.contains("998877665544"), "the new product: {list}");
    assert!(list.contains("<strong class=\"points-total\">515 poäng</strong>"), "235 + 280: {list}");
    let history = same_on_both(&mut on_a, &mut on_b, "/products/history").await;
    assert!(history.contains("EOS R5 (998877665544)"), "{history}");
    assert!(same_on_both(&mut on_a, &mut on_b, "/tiers").await.contains("515"));
    assert!(same_on_both(&mut on_a, &mut on_b, "/support").await.contains("EOS R5 (998877665544)"));

    // Staff on B adjust the points; A's history shows the reason.
    store_b.staff_adjust_points(1, 100, "Mässa", &staff, app.clock_now()).await.expect("adjust");
    assert!(same_on_both(&mut on_a, &mut on_b, "/products/history").await.contains("Mässa"));
    assert!(same_on_both(&mut on_a, &mut on_b, "/products").await.contains("615 poäng"));

    // A ticket written on A and closed by staff on B.
    post_and_follow(&mut on_a, "/support", &[("topic", "points"), ("message", "Fråga om poäng")]).await;
    assert!(same_on_both(&mut on_a, &mut on_b, "/support").await.contains("Väntar på svar"));
    let reference = app.store.tickets(1).await.expect("tickets")[0].reference.clone();
    assert!(store_b.close_ticket(&reference, &staff, app.clock_now()).await.expect("close"));
    let support = same_on_both(&mut on_a, &mut on_b, "/support").await;
    assert!(support.contains("Avslutat") && !support.contains("Väntar på svar"), "{support}");

    // A membership bought on B; its invoice; the invoice credited on B.
    let before = same_on_both(&mut on_a, &mut on_b, "/membership").await;
    let order = cps_store::memberships::CheckoutRequest {
        business_id: 1,
        user_id: 1,
        idempotency_key: "0000000000000000000000000000000000000001",
        tier_code: "SILVER",
        years: 1,
        method: PaymentMethod::BankTransfer,
        card: None,
        buyer_reference: None,
    };
    store_b.checkout(&order, app.clock_now()).await.expect("checkout qualifies");
    let after = same_on_both(&mut on_a, &mut on_b, "/membership").await;
    assert_ne!(before, after, "the new membership shows");
    assert!(after.contains("Silver"), "{after}");
    assert!(same_on_both(&mut on_a, &mut on_b, "/tiers").await.contains("Ert medlemskap"));
    let invoice = invoice_after_delay(&app, &mut [&mut on_a, &mut on_b]).await;
    let path = format!("/invoices/{}", invoice.id);
    assert!(same_on_both(&mut on_a, &mut on_b, &path).await.contains("Obetald"));
    assert!(same_on_both(&mut on_a, &mut on_b, "/invoices").await.contains(&invoice.document.number));
    store_b.credit_invoice(invoice.id, "Fel nivå", &staff, app.clock_now()).await.expect("credit");
    assert!(same_on_both(&mut on_a, &mut on_b, &path).await.contains("Krediterad"));
    assert!(same_on_both(&mut on_a, &mut on_b, "/invoices").await.contains("Kreditfaktura"));

    // A colleague invited on B shows on A's account page.
    post_and_follow(&mut on_b, "/account/users", &[("invite_email", "kollega@ljusbild.se")]).await;
    let account = same_on_both(&mut on_a, &mut on_b, "/account").await;
    assert!(account.contains("kollega@ljusbild.se"), "{account}");

    // The business moves to Germany (staff on B): A prices the tiers in
    // euro, and its account page shows the new country.
    store_b.execute_unprepared("UPDATE businesses SET country = 'DE' WHERE id = 1").await.expect("move");
    assert!(same_on_both(&mut on_a, &mut on_b, "/tiers").await.contains('€'));
    assert_ne!(same_on_both(&mut on_a, &mut on_b, "/account").await, account, "the account page shows the move");
}

#[tokio::test]
async fn the_legacy_data_migrated_into_a_business_is_its_data() {
    let app = TestApp::new().await;
    import_legacy(&app, LEGACY).await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/account/old-email", &[("old_email", "anna@ljusbild.se")]).await;
    let mut last = data_version(&app, &anna).await;
    assert_eq!(anna.post_form("/products/migrate", &[]).await.location(), Some("/products"));
    raised(&app, &anna, &mut last, "the migration").await;
    let page = anna.get("/products").await.body;
    assert!(page.contains("Pellix QL") && page.contains("finns inte i produktkatalogen"), "{page}");

    // Staff import the old system's file again with one more product of
    // the migrated account: that account's data changed.
    let more = format!("{LEGACY}anna@ljusbild.se,Ljus Studio,SE,CPS-100200,Canon AE-1,,,,\n");
    assert_eq!(import_legacy(&app, &more).await.products_added, 1);
    raised(&app, &anna, &mut last, "a product added to the migrated account").await;
    // Another account's new product is not this business's.
    let other = format!("{more}gamla@studio.se,Gamla Studion,SE,CPS-100300,Canon A-1,,,,\n");
    assert_eq!(import_legacy(&app, &other).await.products_added, 1);
    assert_eq!(data_version(&app, &anna).await, last, "the other account is not migrated into this business");
}

#[tokio::test]
async fn the_nightly_decline_raises_the_version_of_each_business_it_changes() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    // A six-year-old body declines; Bo's new one does not.
    post_and_follow(&mut anna, "/products", &product_form("EOS-1D-X", "012345678901", "2020-01-15", "SE", "Foto AB"))
        .await;
    post_and_follow(&mut bo, "/products", &product_form("EOS-R5", "012345678902", "2025-06-01", "SE", "Foto AB")).await;
    let mut last = data_version(&app, &anna).await;
    let bo_before = data_version(&app, &bo).await;
    let before = anna.get("/products/history").await.body;
    let now = app.clock_now();
    assert!(app.store.apply_decline(now.date_naive(), now).await.expect("decline") > 0);
    raised(&app, &anna, &mut last, "the decline").await;
    assert_eq!(data_version(&app, &bo).await, bo_before, "nothing of Bo's declined");
    let after = anna.get("/products/history").await.body;
    assert_ne!(before, after, "the history shows the decline at once");
}
