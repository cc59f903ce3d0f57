//! Tiers, checkout and membership numbers.

use crate::harness::{Browser, TestApp, signup_form};
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::product::ProductDetails;
use cps_domain::serial::SerialNumber;
use cps_store::products::Actor;

const PASSWORD: &str = "fyra ord i rad kamera";

/// Gives business `id` a balance of `points` and `products` complete products
/// (EF 40mm lenses, 15 points each, counted into the balance).
async fn standing(app: &TestApp, id: i64, points: i64, products: u32) {
    for n in 0..products {
        let details = ProductDetails {
            serial: SerialNumber::normalise(&format!("{id:03}{n:07}")),
            purchase_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
            purchase_country: cps_domain::Country::parse("SE").ok(),
            retailer: Some("Foto AB".into()),
        };
        let r = app.store.register_product(id, "EF-40-F28-STM", &details, Actor::System, app.clock_now()).await;
        assert!(r.is_ok(), "{r:?}");
    }
    let rest = points - 15 * i64::from(products);
    app.store
        .staff_adjust_points(id, rest, "test standing", &crate::harness::test_staff(), app.clock_now())
        .await
        .expect("adjust");
}

/// Walks tiers → checkout → review and returns the review page's confirm form.
async fn review(b: &mut Browser, tier: &str, term: u32, method: &str) -> Vec<(String, String)> {
    let page = b.get(&format!("/checkout/review?tier={tier}&term={term}&method={method}&card=sandbox_card_ok")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let field = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let at = page.body.find(&marker).unwrap_or_else(|| panic!("{name} in {}", page.body)) + marker.len();
        page.body[at..].chars().take_while(|c| *c != '"').collect::<String>()
    };
    ["tier", "term", "method", "card", "key"].iter().map(|n| ((*n).to_owned(), field(n))).collect()
}

fn as_form(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn a_qualifying_business_takes_silver_and_is_a_member_at_once() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 600, 2).await;
    let tiers = b.get("/tiers").await.body;
    assert!(tiers.contains("Tillgängliga CPS-nivåer"));
    assert!(tiers.contains("Välj Silver"), "Silver is open");
    assert!(tiers.contains("400 poäng till"), "Gold says exactly what is missing");
    assert!(!tiers.contains("type=\"checkbox\""), "no switch below 2 500 points");
    assert!(!tiers.contains("Grattis!"), "the invitation banner does not point at the page it is on");
    assert!(b.get("/products").await.body.contains("Grattis!"), "but shows elsewhere until answered");

    let checkout = b.get("/checkout?tier=SILVER").await.body;
    assert!(
        checkout.contains("Banköverföring kan medföra lokala tilläggsavgifter")
            || checkout.contains("lokala tilläggsavgifter")
    );
    let form = review(&mut b, "SILVER", 1, "card").await;
    let page = b.get("/checkout/review?tier=SILVER&term=1&method=card&card=sandbox_card_ok").await.body;
    assert!(page.contains("1\u{a0}150,00\u{a0}kr"), "the price in kronor: {page}");
    assert!(page.contains("Moms 25 %") && page.contains("287,50\u{a0}kr") && page.contains("1\u{a0}437,50\u{a0}kr"));
    assert!(page.contains("vanligtvis inom 30 dagar"), "the card rule");

    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    let done_path = res.location().expect("redirect to the confirmation").to_owned();
    let done = b.get(&done_path).await.body;
    assert!(done.contains("Välkommen som Silver-medlem"));
    assert!(done.contains("CPS 1000001-"), "the new number: {done}");
    assert!(!done.contains("har ändrats"), "no earlier number");
    let membership = b.get("/membership").await.body;
    assert!(membership.contains("Aktivt") && membership.contains("2026-11-25 – 2027-11-24"), "{membership}");
    assert_eq!(app.store.order_count(1).await.expect("orders"), 1);
    assert!(!b.get("/products").await.body.contains("Grattis!"), "a member is no longer invited");
    app.run_jobs().await;
    assert!(app.mails_to("anna@ljusbild.se").iter().any(|m| m.subject == "Ert CPS-medlemskap är aktivt"));
}

#[tokio::test]
async fn below_500_points_the_page_says_what_is_missing_and_forged_tiers_are_refused() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 450, 0).await;
    let tiers = b.get("/tiers").await.body;
    assert!(tiers.contains("Ni behöver 50 poäng till"), "{tiers}");
    assert!(!tiers.contains("Välj Silver"));
    let forged = [("tier", "GOLD"), ("term", "1"), ("method", "card"), ("key", "k".repeat(40).leak() as &str)];
    let res = b.post_form("/checkout/confirm", &forged).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("uppfyller inte kraven"));
    assert_eq!(app.store.order_count(1).await.expect("orders"), 0);
}

#[tokio::test]
async fn with_2000_points_every_individual_tier_is_open_and_there_is_no_switch() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 2000, 0).await;
    let tiers = b.get("/tiers").await.body;
    for t in ["Välj Silver", "Välj Gold", "Välj Platinum"] {
        assert!(tiers.contains(t), "{t}");
    }
    assert!(!tiers.contains("role=\"switch\""));
    assert!(
        !b.get("/tiers?typ=foretag").await.body.contains("Business A"),
        "the URL alone does not open business tiers"
    );
}

#[tokio::test]
async fn above_2500_points_the_switch_shows_business_tiers() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 2600, 25).await;
    let individual = b.get("/tiers").await.body;
    assert!(individual.contains("role=\"switch\"") && individual.contains("Företagsnivåer"));
    assert!(individual.contains("Välj Platinum") && !individual.contains("Business A"));
    let business = b.get("/tiers?typ=foretag").await.body;
    assert!(business.contains("checked"), "the switch keeps its state from the URL");
    assert!(business.contains("Välj Business A"));
    assert!(business.contains("75 fullständiga produkter till"), "Business B says what is missing");
    let form = review(&mut b, "BUSINESS-A", 3, "card").await;
    let page = b.get("/checkout/review?tier=BUSINESS-A&term=3&method=card&card=sandbox_card_ok").await.body;
    // 11 500 kr a year, three years less 10 %: 31 050 kr net, with 25 % VAT 38 812,50 kr.
    assert!(page.contains("31\u{a0}050,00\u{a0}kr") && page.contains("38\u{a0}812,50\u{a0}kr"), "{page}");
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")));
}

#[tokio::test]
async fn twenty_concurrent_confirmations_make_one_membership() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 1200, 0).await;
    let form = review(&mut b, "GOLD", 1, "bank_transfer").await;
    // A second tab opened its own review page at the same time.
    let other = review(&mut b, "GOLD", 1, "card").await;
    let token = b.csrf_token().await;
    let mut fields = vec![("csrf".to_owned(), token)];
    fields.extend(form.clone());
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let mut tab = b.clone();
        let fields = fields.clone();
        tasks.push(tokio::spawn(async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            tab.post_raw("/checkout/confirm", &f, &[]).await
        }));
    }
    let mut locations = std::collections::BTreeSet::new();
    for t in tasks {
        let res = t.await.expect("task");
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        locations.insert(res.location().unwrap_or_default().to_owned());
    }
    assert_eq!(locations.len(), 1, "every click lands on the same order");
    assert_eq!(app.store.order_count(1).await.expect("orders"), 1);
    assert_eq!(app.store.memberships(1).await.expect("memberships").len(), 1);

    // The second tab confirms its own review page: still one membership.
    let res = b.post_form("/checkout/confirm", &as_form(&other)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("Ni har redan den nivån"));
    assert_eq!(app.store.memberships(1).await.expect("memberships").len(), 1);
}

#[tokio::test]
async fn the_old_number_is_shown_when_it_changes() {
    let app = TestApp::new().await;
    let legacy = "email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n\
                  anna@ljusbild.se,Ljus Studio,SE,CPS-100200,EOS 5D Mark III,012345678901,2014-03-01,SE,Foto AB\n";
    let accounts = cps_domain::legacy::parse_legacy(legacy).expect("valid");
    app.store.import_legacy(&accounts, app.clock_now()).await.expect("import");
    let mut b = app.browser();
    let mut form = signup_form("anna@ljusbild.se", "Ljus AB");
    form.retain(|(k, _)| *k != "old_email");
    form.push(("old_email", "anna@ljusbild.se"));
    b.post_form("/signup", &form).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    b.post_form("/products/migrate", &[]).await;
    standing(&app, 1, 300, 0).await;
    let form = review(&mut b, "SILVER", 1, "card").await;
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    let done = b.get(res.location().expect("done")).await.body;
    assert!(done.contains("ert CPS-medlemsnummer har ändrats: tidigare CPS-100200, nu CPS 1000001-"), "{done}");
    app.run_jobs().await;
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject == "Ert CPS-medlemskap är aktivt")
        .expect("mail");
    assert!(mail.text.contains("tidigare CPS-100200"), "{}", mail.text);
}

#[tokio::test]
async fn an_upgrade_credits_the_unused_part_and_a_downgrade_waits_for_renewal() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 2000, 0).await;
    let form = review(&mut b, "SILVER", 1, "card").await;
    b.post_form("/checkout/confirm", &as_form(&form)).await;
    // Invoiced within the hour, charged on the due date: paid.
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    app.advance(Duration::days(31));
    app.run_jobs().await;
    assert_eq!(app.store.invoices(1).await.expect("invoices")[0].status, cps_domain::status::InvoiceStatus::Paid);
    app.advance(Duration::days(42) - Duration::minutes(61));
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = b.get("/checkout/review?tier=GOLD&term=1&method=card&card=sandbox_card_ok").await.body;
    assert!(page.contains("Avdrag för återstående period"), "{page}");
    // 1 150 kr for 365 days; on 2027-02-06, 291 days are left: 1 150 × 291 / 365 = 916,85 kr.
    assert!(page.contains("\u{2212}916,85\u{a0}kr"), "{page}");
    let form = review(&mut b, "GOLD", 1, "card").await;
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    let done = b.get(res.location().expect("done")).await.body;
    assert!(done.contains("Välkommen som Gold-medlem") && done.contains("har ändrats"));
    let all = app.store.memberships(1).await.expect("memberships");
    assert_eq!(all.iter().filter(|m| m.status == cps_domain::status::MembershipStatus::Active).count(), 1);
    let res = b.get("/checkout/review?tier=SILVER&term=1&method=card&card=sandbox_card_ok").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("lägre nivå"));
}

#[tokio::test]
async fn an_upgrade_of_an_unpaid_membership_credits_nothing_and_its_invoice_stays_due() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 2000, 0).await;
    let form = review(&mut b, "SILVER", 1, "bank_transfer").await;
    b.post_form("/checkout/confirm", &as_form(&form)).await;
    let silver = app.invoice_after_delay(1).await;
    assert_eq!(silver.status, cps_domain::status::InvoiceStatus::Issued);
    app.advance(Duration::days(10));
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = b.get("/checkout/review?tier=GOLD&term=1&method=bank_transfer").await.body;
    assert!(!page.contains("Avdrag för återstående period"), "nothing was paid, nothing is credited: {page}");
    let form = review(&mut b, "GOLD", 1, "bank_transfer").await;
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let all = app.store.invoices(1).await.expect("invoices");
    let gold = all.iter().find(|i| i.id != silver.id && !i.document.is_credit_note()).expect("the Gold invoice");
    assert_eq!(gold.document.net_minor, 230_000, "the full Gold price: {:?}", gold.document);
    let silver = all.iter().find(|i| i.id == silver.id).expect("still there");
    assert_eq!(silver.status, cps_domain::status::InvoiceStatus::Issued, "the Silver invoice stays due");
}

#[tokio::test]
async fn an_eu_business_with_a_vat_number_pays_in_euro_with_reverse_charge() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let mut form = signup_form("hans@bild.de", "Bild GmbH");
    form.retain(|(k, _)| !["country", "vat_number"].contains(k));
    form.push(("country", "DE"));
    form.push(("vat_number", "DE123456789"));
    let res = b.post_form("/signup", &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    app.run_jobs().await;
    let link = app.link_in_last_mail("hans@bild.de");
    b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    b.post_form("/login", &[("email", "hans@bild.de"), ("password", PASSWORD)]).await;
    standing(&app, 1, 1000, 0).await;
    b.lang = "en".into();
    b.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let page = b.get("/checkout/review?tier=GOLD&term=2&method=bank_transfer").await.body;
    assert!(page.contains("€380.00"), "two years with 5 % off: {page}");
    assert!(page.contains("VAT: reverse charge"));
    assert!(page.contains("A bank transfer may carry local fees"));
    // The membership page prices in the business's currency too (its
    // country comes with the request's context).
    let form = review(&mut b, "GOLD", 2, "bank_transfer").await;
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let membership = b.get("/membership").await.body;
    assert!(membership.contains("Gold") && membership.contains('€'), "{membership}");
}

#[tokio::test]
async fn silver_can_be_renewed_early_in_the_last_sixty_days_once() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    standing(&app, 1, 600, 0).await;
    let form = review(&mut b, "SILVER", 1, "bank_transfer").await;
    b.post_form("/checkout/confirm", &as_form(&form)).await;
    let first = app.store.memberships(1).await.expect("memberships").remove(0);
    // 2026-11-25 to 2027-11-24: no renewal in the first ten months.
    assert!(!b.get("/tiers").await.body.contains("Förnya Silver"));
    let res = b.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "already a member");

    app.advance(Duration::days(310)); // 2027-10-01: 54 days before the last day.
    b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let tiers = b.get("/tiers").await.body;
    assert!(tiers.contains("Förnya Silver – nästa period börjar 2027-11-25"), "{tiers}");
    let form = review(&mut b, "SILVER", 1, "bank_transfer").await;
    let res = b.post_form("/checkout/confirm", &as_form(&form)).await;
    assert!(res.location().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.body);
    let all = app.store.memberships(1).await.expect("memberships");
    let next = all.iter().find(|m| m.id != first.id).expect("the next term");
    assert_eq!(next.starts_on, chrono::NaiveDate::from_ymd_opt(2027, 11, 25).expect("date"));
    assert_eq!(next.ends_on, chrono::NaiveDate::from_ymd_opt(2028, 11, 24).expect("date"));
    assert_eq!(
        next.previous_number.as_deref(),
        Some(first.number.display().as_str()),
        "a new number, the old one named"
    );
    let current = app.store.current_membership(1, app.clock_now().date_naive()).await.expect("m").expect("current");
    assert_eq!(current.id, first.id, "the running term runs to its end");
    assert_eq!(current.status, cps_domain::status::MembershipStatus::Active);
    let page = b.get("/membership").await.body;
    assert!(page.contains("Nästa period: börjar när den nuvarande slutar"), "the next term is shown: {page}");
    // Once: the next term is taken; no second renewal and no upgrade until it starts.
    assert!(!b.get("/tiers").await.body.contains("Förnya Silver"));
    assert_eq!(
        b.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The renewal's invoice covers the next term.
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let invoices = app.store.invoices(1).await.expect("invoices");
    let renewal = invoices.iter().find(|i| i.order_id != Some(first.order_id)).expect("renewal invoice");
    assert_eq!(renewal.document.period_start, next.starts_on);
    assert_eq!(renewal.document.period_end, next.ends_on);
    // On the day after the old term, the next one is the membership.
    app.advance(Duration::days(55));
    let now = app.store.current_membership(1, app.clock_now().date_naive()).await.expect("m").expect("current");
    assert_eq!(now.id, next.id);
}
