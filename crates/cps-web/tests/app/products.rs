//! My products: registration, completeness, points, serial ownership,
//! the ledger, the invitation and the migration from the old system.

use crate::harness::{Browser, Options, TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::catalogue::parse_catalogue;
use cps_domain::legacy::parse_legacy;
use cps_store::catalogue::ImportMode;

const PASSWORD: &str = "fyra ord i rad kamera";

pub(crate) fn product_form<'a>(
    model: &'a str,
    serial: &'a str,
    date: &'a str,
    country: &'a str,
    retailer: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("model", model),
        ("serial", serial),
        ("purchase_date", date),
        ("purchase_country", country),
        ("retailer", retailer),
    ]
}

/// The id of the newest product in the list.
async fn newest_product(b: &mut Browser) -> String {
    let page = b.get("/products").await.body;
    page.split("href=\"/products/")
        .skip(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        .find(|id| !id.is_empty())
        .expect("a product link")
}

#[tokio::test]
async fn an_incomplete_registration_earns_nothing_until_completed() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;

    let search = b.get("/products/new?q=5d+mark+iii").await;
    assert!(search.body.contains("EOS 5D Mark III"), "found by name without JavaScript");
    let chosen = b.get("/products/new?model=EOS-5D-MK3").await;
    assert!(chosen.body.contains("Ger 235 poäng"), "the points show as soon as the model is chosen");

    let res = b.post_form("/products", &product_form("EOS-5D-MK3", "0123-4567-8901", "2014-03", "", "")).await;
    assert_eq!(res.location(), Some("/products"));
    let list = b.get("/products").await.body;
    assert!(list.contains("Produkten är registrerad men ofullständig"));
    assert!(list.contains("Ofullständig"));
    assert!(list.contains("Saknas: inköpsland, återförsäljare"), "says which details are missing");
    assert!(list.contains(">Visa produkt</a>"));
    assert!(list.contains("0 poäng"));
    assert!(!list.contains("✓"), "no green check yet");

    let id = newest_product(&mut b).await;
    let view = b.get(&format!("/products/{id}")).await;
    assert!(view.body.contains("value=\"012345678901\""));
    let res = b
        .post_form(
            &format!("/products/{id}"),
            &product_form("", "012345678901", "2014-03-01", "SE", "Scandinavian Photo"),
        )
        .await;
    assert_eq!(res.location(), Some(format!("/products/{id}").as_str()));
    let list = b.get("/products").await.body;
    assert!(list.contains("✓") && list.contains("Registrerad"), "the green check with its text");
    assert!(list.contains("<strong class=\"points-total\">235 poäng</strong>"));
    assert!(list.contains("265 poäng kvar till Silver"), "how many points are missing to the next tier");

    let history = b.get("/products/history").await.body;
    assert!(history.contains("Fullständig registrering") && history.contains("+235"));
    assert_eq!(app.store.balance(1).await.expect("balance"), 235);
}

#[tokio::test]
async fn impossible_details_are_refused_with_the_typed_values_kept() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let cases = [
        (product_form("EOS-R5", "", "2030-01-01", "", ""), "kan inte ligga i framtiden"),
        (product_form("EOS-R5", "", "2019-05-01", "", ""), "före modellens lansering"),
        (product_form("EOS-R5", "12AB", "", "", ""), "ser inte ut som ett serienummer"),
        (product_form("NO-SUCH-MODEL", "", "", "", ""), "Välj en modell i katalogen"),
    ];
    for (form, message) in cases {
        let res = b.post_form("/products", &form).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(res.body.contains(message), "{message}: {}", res.body);
    }
    let res = b.post_form("/products", &product_form("EOS-R5", "", "2030-01-01", "SE", "Foto & Video")).await;
    assert!(res.body.contains("value=\"Foto &#38; Video\""), "typed values are kept");
    assert!(app.store.products(1).await.expect("products").is_empty(), "nothing was saved");
}

#[tokio::test]
async fn a_serial_belongs_to_one_business_and_its_holder_is_never_named() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo Studio AB", PASSWORD).await;
    let res = anna.post_form("/products", &product_form("EOS-R5", "012345678901", "2021-01-01", "SE", "Foto AB")).await;
    assert_eq!(res.location(), Some("/products"));
    let again = anna.post_form("/products", &product_form("EOS-R5", "012345678901", "", "", "")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Ni har redan registrerat"));
    let res = bo.post_form("/products", &product_form("EOS-R5", " 0123-4567 8901 ", "", "", "")).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "the same serial however it is typed");
    assert!(res.body.contains("redan registrerat av ett annat företag"));
    assert!(res.body.contains("CPS Priority Support"), "the way to support");
    assert!(!res.body.contains("Ljus AB"), "the holder is not disclosed");
    assert!(app.store.products(2).await.expect("products").is_empty(), "never a silent duplicate");
}

#[tokio::test]
async fn two_businesses_registering_one_serial_at_once_get_one_success() {
    let app = TestApp::new().await;
    for round in 0..5 {
        let mut a = app.member(&format!("a{round}@x.se"), "A AB", PASSWORD).await;
        let mut b = app.member(&format!("b{round}@x.se"), "B AB", PASSWORD).await;
        let serial = format!("99999999000{round}");
        let form = product_form("EOS-R5", &serial, "", "", "");
        let (ra, rb) = tokio::join!(a.post_form("/products", &form), b.post_form("/products", &form));
        let ok = [&ra, &rb].iter().filter(|r| r.location() == Some("/products")).count();
        let refused = [&ra, &rb].iter().filter(|r| r.status == StatusCode::CONFLICT).count();
        assert_eq!((ok, refused), (1, 1), "round {round}: {} / {}", ra.status, rb.status);
    }
}

#[tokio::test]
async fn removing_a_product_takes_its_points_back_and_frees_the_serial() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678901", "2014-03-01", "SE", "Foto AB")).await;
    let id = newest_product(&mut anna).await;
    let confirm = anna.get(&format!("/products/{id}/remove")).await;
    assert!(confirm.body.contains("Ta bort EOS 5D Mark III?"), "asks again on a page of its own");
    let res = anna.post_form(&format!("/products/{id}/remove"), &[]).await;
    assert_eq!(res.location(), Some("/products"));
    assert_eq!(app.store.balance(1).await.expect("balance"), 0);
    let history = anna.get("/products/history").await.body;
    assert!(history.contains("+235") && history.contains("-235"), "both entries stay in the ledger");
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let res = bo.post_form("/products", &product_form("EOS-5D-MK3", "012345678901", "", "", "")).await;
    assert_eq!(res.location(), Some("/products"), "the serial is free again");
}

/// "Mina produkter" reads each product's points and the balance in one
/// statement, and the history reads the ledger and its sum in one: they
/// must agree with the ledger whatever it holds.
#[tokio::test]
async fn the_list_the_history_and_the_total_agree_with_the_ledger() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let staff = crate::harness::test_staff();
    // Only an adjustment, no product: the total still shows it.
    app.store.staff_adjust_points(1, 40, "Mässa", &staff, app.clock_now()).await.expect("adjust");
    let list = anna.get("/products").await.body;
    assert!(list.contains("<strong class=\"points-total\">40 poäng</strong>"), "{list}");

    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678901", "2014-03-01", "SE", "Foto AB")).await;
    anna.post_form("/products", &product_form("EF-40-F28-STM", "1122334455", "2020-05-01", "SE", "Foto AB")).await;
    let removed = newest_product(&mut anna).await;
    anna.post_form(&format!("/products/{removed}/remove"), &[]).await;
    anna.post_form("/products", &product_form("EF-40-F28-STM", "9988776655", "", "", "")).await;

    let list = anna.get("/products").await.body;
    // 40 + 235 (the 5D) + 15 - 15 (the removed lens) + 0 (the incomplete lens).
    assert!(list.contains("<strong class=\"points-total\">275 poäng</strong>"), "{list}");
    assert!(list.contains(">235 poäng</td>"), "the 5D's row holds its own points");
    assert!(list.contains(">0 poäng</td>"), "the incomplete lens holds none");
    assert!(!list.contains(">15 poäng</td>"), "the removed lens is not listed");
    assert_eq!(list.matches("class=\"row-link\"").count(), 2);

    let history = anna.get("/products/history").await.body;
    assert!(history.contains("275 poäng"), "the history's balance: {history}");
    assert!(history.contains("Mässa"), "the adjustment, with its reason");
    assert!(history.contains("EOS 5D Mark III (012345678901)"), "an entry names its product by the catalogue's name");
    assert!(history.contains("+15") && history.contains("-15"), "the removed lens's entries stay");
    assert_eq!(app.store.balance(1).await.expect("balance"), 275);
}

#[tokio::test]
async fn one_business_cannot_see_or_touch_anothers_products() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/products", &product_form("EOS-R5", "012345678901", "", "", "")).await;
    let id = newest_product(&mut anna).await;
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    assert_eq!(bo.get(&format!("/products/{id}")).await.status, StatusCode::NOT_FOUND);
    let res = bo.post_form(&format!("/products/{id}"), &product_form("", "", "", "", "")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(bo.post_form(&format!("/products/{id}/remove"), &[]).await.status, StatusCode::NOT_FOUND);
    assert!(!bo.get("/products").await.body.contains("012345678901"));
    assert_eq!(app.store.products(1).await.expect("products").len(), 1);
}

#[tokio::test]
async fn new_catalogue_values_are_not_retroactive() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678901", "2014-03-01", "SE", "Foto AB")).await;
    let changed = "model_code,name,category,release_date,points,serial_pattern,decline\n\
                   EOS-5D-MK3,EOS 5D Mark III,camera,2012-03-02,100,############,\n";
    let items = parse_catalogue(changed).expect("valid");
    let report = app.store.import_catalogue(&items, ImportMode::Extend, app.clock_now()).await.expect("import");
    assert_eq!(report.changed, 1);
    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678902", "2014-03-01", "SE", "Foto AB")).await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 235 + 100, "the first keeps 235, the second earns 100");
}

#[tokio::test]
async fn crossing_500_points_sends_one_invitation_and_shows_the_banner() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678901", "2014-03-01", "SE", "Foto AB")).await;
    anna.post_form("/products", &product_form("EOS-5D-MK3", "012345678902", "2014-03-01", "SE", "Foto AB")).await;
    assert!(!anna.get("/products").await.body.contains("inbjudna att gå med"), "470 points: not yet");
    // Two completions at once cross the threshold together: one mail.
    let first = product_form("EOS-R5", "012345678903", "2021-01-01", "SE", "Foto AB");
    let second = product_form("EOS-R5", "012345678904", "2021-01-01", "SE", "Foto AB");
    let mut other_tab = anna.clone();
    let (r1, r2) = tokio::join!(anna.post_form("/products", &first), other_tab.post_form("/products", &second));
    assert_eq!((r1.location(), r2.location()), (Some("/products"), Some("/products")));
    app.run_jobs().await;
    let invitations: Vec<_> = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .filter(|m| m.subject == "Ni är inbjudna att gå med i CPS")
        .collect();
    assert_eq!(invitations.len(), 1);
    // The mail names the balance that crossed: 235 + 235 + 280 (the first of
    // the two to commit; the second finds the business invited already).
    assert!(invitations[0].text.contains("Ert företag har nu 750 poäng i CPS"), "{}", invitations[0].text);
    let page = anna.get("/products").await.body;
    assert!(page.contains("Grattis! Ni har minst 500 poäng och är inbjudna att gå med i CPS."), "{page}");
    // Dropping below and crossing again sends nothing more.
    let id = newest_product(&mut anna).await;
    anna.post_form(&format!("/products/{id}/remove"), &[]).await;
    anna.post_form("/products", &product_form("EOS-R5", "012345678905", "2021-01-01", "SE", "Foto AB")).await;
    app.run_jobs().await;
    let count =
        app.mails_to("anna@ljusbild.se").iter().filter(|m| m.subject == "Ni är inbjudna att gå med i CPS").count();
    assert_eq!(count, 1);
    app.assert_no_jobs_left().await;
}

pub(crate) const LEGACY: &str = "email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n\
anna@ljusbild.se,Ljus Studio,SE,CPS-100200,EOS 5D Mark III,012345678901,2014-03-01,SE,Foto AB\n\
anna@ljusbild.se,Ljus Studio,SE,CPS-100200,EF-40-F28-STM,1234567,,SE,\n\
anna@ljusbild.se,Ljus Studio,SE,CPS-100200,EOS R5,555555555555,2021-02-01,SE,Foto AB\n\
anna@ljusbild.se,Ljus Studio,SE,CPS-100200,Pellix QL,,,,\n\
gamla@studio.se,Gamla Studion,SE,CPS-100300,EOS R5,666666666666,2021-02-01,SE,Foto AB\n";

pub(crate) async fn import_legacy(app: &TestApp, text: &str) -> cps_store::legacy::LegacyReport {
    let accounts = parse_legacy(text).expect("valid export");
    app.store.import_legacy(&accounts, app.clock_now()).await.expect("import")
}

#[tokio::test]
async fn migration_copies_the_old_products_once() {
    let app = TestApp::new().await;
    let report = import_legacy(&app, LEGACY).await;
    assert_eq!((report.accounts_added, report.products_added), (2, 5));
    let again = import_legacy(&app, LEGACY).await;
    assert_eq!(
        (again.accounts_added, again.products_added, again.products_skipped),
        (0, 0, 5),
        "re-import changes nothing"
    );

    // Someone else registered the R5 serial in the meantime.
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    bo.post_form("/products", &product_form("EOS-R5", "555555555555", "", "", "")).await;

    // Anna's login address is the old address, verified at activation.
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/account/old-email", &[("old_email", "anna@ljusbild.se")]).await;
    let page = anna.get("/products").await.body;
    assert!(page.contains("MIGRERA PRODUKTER"), "the blue button");
    assert!(page.contains("CPS-100200"), "names the old account");

    let mut tab2 = anna.clone();
    let (r1, r2) = tokio::join!(anna.post_form("/products/migrate", &[]), tab2.post_form("/products/migrate", &[]));
    assert_eq!((r1.location(), r2.location()), (Some("/products"), Some("/products")));
    let products = app.store.products(2).await.expect("products");
    assert_eq!(products.len(), 2, "two tabs, one migration: {products:?}");
    assert_eq!(app.store.balance(2).await.expect("balance"), 235, "the complete 5D Mark III earns its points");

    let page = anna.get("/products").await.body;
    assert!(!page.contains("MIGRERA PRODUKTER"), "the button is gone");
    assert!(page.contains("Migrerad"));
    assert!(page.contains("Saknas: inköpsdatum, återförsäljare"), "the EF 40mm is flagged incomplete");
    assert!(page.contains("Serienumret är registrerat av ett annat företag"), "the R5 is listed, not dropped");
    assert!(page.contains("Pellix QL") && page.contains("finns inte i produktkatalogen"));
    let again = anna.post_form("/products/migrate", &[]).await;
    assert_eq!(again.location(), Some("/products"));
    assert_eq!(app.store.products(2).await.expect("products").len(), 2, "pressing again changes nothing");
}

#[tokio::test]
async fn an_old_address_that_is_not_the_login_must_be_confirmed_first() {
    let app = TestApp::new().await;
    import_legacy(&app, LEGACY).await;
    let mut b = app.member("ny@studio.se", "Ny Studio AB", PASSWORD).await;
    let page = b.get("/products").await.body;
    assert!(page.contains("angavs ingen gammal e-postadress"), "no old email: the guide's words");

    b.post_form("/account/old-email", &[("old_email", "gamla@studio.se")]).await;
    let page = b.get("/products").await.body;
    assert!(!page.contains("MIGRERA PRODUKTER"), "not proven yet");
    assert!(page.contains("Skicka bekräftelselänk"));
    let res = b.post_form("/products/migrate", &[]).await;
    assert_eq!(res.location(), Some("/products"));
    assert!(app.store.products(1).await.expect("products").is_empty(), "a forged press migrates nothing");

    b.post_form("/products/migrate/confirm-email", &[]).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("gamla@studio.se");
    assert!(link.starts_with("/migration/confirm/"), "{link}");
    assert_eq!(b.get(&link).await.status, StatusCode::OK, "a page with a button: no change on GET");
    let res = b.post_form(&link, &[]).await;
    assert_eq!(res.location(), Some("/products"));
    let page = b.get("/products").await.body;
    assert!(page.contains("MIGRERA PRODUKTER"), "{page}");
    b.post_form("/products/migrate", &[]).await;
    assert_eq!(app.store.products(1).await.expect("products").len(), 1);

    // The same old account cannot go to a second business.
    let mut other = app.member("annan@studio.se", "Annan AB", PASSWORD).await;
    other.post_form("/account/old-email", &[("old_email", "gamla@studio.se")]).await;
    other.post_form("/products/migrate/confirm-email", &[]).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("gamla@studio.se");
    other.post_form(&link, &[]).await;
    let page = other.get("/products").await.body;
    assert!(page.contains("redan migrerats till ett annat företagskonto"), "{page}");
    assert!(!page.contains("MIGRERA PRODUKTER"));
}

#[tokio::test]
async fn bad_import_files_write_nothing() {
    let app = TestApp::new().await;
    let bad = "email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n\
               ok@x.se,Ok,SE,CPS-1,EOS R5,1,,,\n\
               broken,Bad,SE,CPS-2,,,,,\n";
    let errors = parse_legacy(bad).expect_err("refused");
    assert_eq!(errors[0].line, 3);
    let bad_catalogue = "model_code,name,category,release_date,points,serial_pattern,decline\nEOS-R5,EOS R5,camera,2020-07-09,0,############,\n";
    assert!(parse_catalogue(bad_catalogue).is_err());
    assert!(matches!(app.store.migration_state(1).await, Ok(cps_store::legacy::MigrationState::NoOldEmail { .. })));
    let r5 = app.store.catalogue_item("EOS-R5").await.expect("lookup").expect("present");
    assert_eq!(r5.points, 280, "catalogue unchanged");
}

#[tokio::test]
async fn points_decline_with_age_where_the_catalogue_says_so() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    // EOS-1D X: 380 points, 280 from 5 years after purchase, 200 from 8.
    anna.post_form("/products", &product_form("EOS-1D-X", "012345678901", "2023-01-15", "SE", "Foto AB")).await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 380);
    let today = app.clock_now().date_naive();
    assert_eq!(app.store.apply_decline(today, app.clock_now()).await.expect("decline"), 0, "under 5 years: nothing");
    app.advance(Duration::days(365 * 3));
    let later = app.clock_now();
    assert_eq!(app.store.apply_decline(later.date_naive(), later).await.expect("decline"), 1);
    assert_eq!(app.store.balance(1).await.expect("balance"), 280);
    assert_eq!(app.store.apply_decline(later.date_naive(), later).await.expect("decline"), 0, "idempotent");
    // Three years later the session is long gone: log in again.
    anna.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let history = anna.get("/products/history").await.body;
    assert!(history.contains("Minskning efter produktens ålder") && history.contains("-100"), "{history}");
}

#[tokio::test]
async fn an_old_product_completes_with_its_declined_value_and_invites_at_500_declined_points() {
    let app = TestApp::with(Options { points_decline: true, ..Options::default() }).await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let invitations =
        || app.mails_to("anna@ljusbild.se").iter().filter(|m| m.subject == "Ni är inbjudna att gå med i CPS").count();
    // EOS-1Ds Mark III: 340 points, 240 from 5 years after purchase, 140 from 10.
    // Bought in 2010, it is 16 years old on the test day (2026-11-25): 140.
    anna.post_form("/products", &product_form("EOS-1DS-MK3", "012345678901", "2010-06-01", "SE", "Foto AB")).await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 140, "completes with its declined value");
    // A second one, registered without a retailer and completed later: the same.
    anna.post_form("/products", &product_form("EOS-1DS-MK3", "012345678902", "2010-06-01", "SE", "")).await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 140, "incomplete: nothing yet");
    let id = newest_product(&mut anna).await;
    let res = anna
        .post_form(&format!("/products/{id}"), &product_form("", "012345678902", "2010-06-01", "SE", "Foto AB"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.store.balance(1).await.expect("balance"), 280, "completed later: declined too");
    // At full value the two would hold 680 and have crossed 500.
    app.run_jobs().await;
    assert_eq!(invitations(), 0, "280 declined points: no invitation");
    assert!(!app.store.invited(1).await.expect("invited"));
    let now = app.clock_now();
    assert_eq!(app.store.apply_decline(now.date_naive(), now).await.expect("decline"), 0, "nothing left to decline");
    // EOS 5D Mark II: 220 points, 160 from 5 years; bought 2024, full value: 280 + 220 = 500.
    anna.post_form("/products", &product_form("EOS-5D-MK2", "012345678903", "2024-01-10", "SE", "Foto AB")).await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 500);
    app.run_jobs().await;
    assert_eq!(invitations(), 1, "the declined total reached 500");
    let mail = app.mails_to("anna@ljusbild.se").into_iter().rfind(|m| m.subject == "Ni är inbjudna att gå med i CPS");
    assert!(mail.expect("invitation").text.contains("500 poäng"));
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn the_daily_decline_job_runs_and_schedules_the_next_night() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    anna.post_form("/products", &product_form("EOS-1D-X", "012345678901", "2020-01-15", "SE", "Foto AB")).await;
    let now = app.clock_now();
    assert!(app.store.ensure_job(&cps_store::jobs::DeclinePoints, now, now).await.expect("queue"));
    assert!(
        !app.store.ensure_job(&cps_store::jobs::DeclinePoints, now, now).await.expect("queue"),
        "one pending at a time"
    );
    app.run_jobs().await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 280, "six years old: 280 points");
    let counts = app.store.queue_counts().await.expect("counts");
    assert_eq!(counts.pending, 1, "tomorrow's run is queued");
    app.advance(Duration::days(1));
    app.run_jobs().await;
    assert_eq!(app.store.balance(1).await.expect("balance"), 280, "nothing more the next day");
}
