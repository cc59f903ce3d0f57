//! `cps demo`: the logins it prints work and show the whole product; a
//! second run adds nothing; it refuses production and real data.

use crate::cli::{Portal, base_env, cps, fresh_database, stderr, stdout, tempdir};
use cps_store::Store;

/// The value after `label` on each line that has it, in order.
fn values(out: &str, label: &str) -> Vec<String> {
    out.lines().filter_map(|l| l.trim().strip_prefix(label)).map(|v| v.trim().to_owned()).collect()
}

/// What the demo put into the database, counted through the store.
async fn fingerprint(store: &Store) -> (usize, i64, usize, usize, usize, usize) {
    let user = store
        .login_candidate(&cps_domain::Email::parse("studio@demo.cps.example").expect("email"))
        .await
        .expect("store")
        .expect("the studio's login");
    let business = store.user(user.user_id).await.expect("store").expect("user").business_id;
    (
        store.products(business).await.expect("products").len(),
        store.balance(business).await.expect("balance"),
        store.invoices(business).await.expect("invoices").len(),
        store.tickets(business).await.expect("tickets").len(),
        store.staff_users().await.expect("staff").len(),
        store.find_businesses("demo", 100).await.expect("businesses").len(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_logins_show_products_switch_invoice_and_back_office_and_a_second_run_adds_nothing() {
    let (_keep, dir) = tempdir();
    let database = fresh_database(&dir).await;
    let env = base_env(&dir, &database);

    let first = cps(&["demo"], &dir, &env);
    let out = stdout(&first);
    assert!(first.status.success(), "demo: {out}\n{}", stderr(&first));
    let emails = values(&out, "email:");
    let passwords = values(&out, "password:");
    assert_eq!(emails, ["studio@demo.cps.example", "foto@demo.cps.example", "admin@demo.cps.example"], "{out}");
    assert_eq!(passwords.len(), 3, "{out}");
    let secret = values(&out, "TOTP secret:").pop().expect("the TOTP secret");
    let uri = values(&out, "TOTP URI:").pop().expect("the otpauth URI");
    assert!(uri.starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")), "{uri}");
    let after = |word: &str| {
        out.split(word)
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .map(|v| v.trim_end_matches(['.', ',']))
            .expect(word)
    };
    let (invoice, case) = (after("invoice "), after("support case "));

    let store = Store::connect(&database, 2).await.expect("connect");
    let before = fingerprint(&store).await;
    assert_eq!(before.0, 50, "50 products");
    assert!(before.1 > 2500, "points above 2 500: {}", before.1);
    assert_eq!((before.2, before.3, before.4, before.5), (1, 1, 1, 2), "one invoice, case, admin; two businesses");

    let second = cps(&["demo"], &dir, &env);
    let again = stdout(&second);
    assert!(second.status.success(), "{again}{}", stderr(&second));
    assert!(again.contains("nothing was added"), "{again}");
    assert!(!again.contains("password:"), "no password is printed twice: {again}");
    assert_eq!(fingerprint(&store).await, before, "the second run added nothing");
    store.close().await.ok();

    let portal = Portal::start(&dir, &env);
    let mut member = portal.browser();
    let login = member.post("/login", "/login", &[("email", &emails[0]), ("password", &passwords[0])]);
    assert_eq!(login.location.as_deref(), Some("/products"), "the studio logs in: {}", login.body);
    let products = member.get("/products");
    assert_eq!(products.body.matches("class=\"row-link\"").count(), 50, "50 products listed");
    assert_eq!(products.body.matches("status status-ok").count(), 36, "36 complete");
    assert_eq!(products.body.matches("status status-warn").count(), 14, "14 incomplete");
    assert!(products.body.contains("class=\"tag\""), "migrated products are marked");
    let tiers = member.get("/tiers");
    assert!(tiers.body.contains("role=\"switch\""), "the ON/OFF switch shows");
    let invoices = member.get("/invoices");
    assert!(invoices.body.contains(invoice), "the invoice {invoice} is listed");
    let support = member.get("/support");
    assert!(support.body.contains(case), "the support case {case} is listed");

    let mut waiting = portal.browser();
    let login = waiting.post("/login", "/login", &[("email", &emails[1]), ("password", &passwords[1])]);
    assert_eq!(login.location.as_deref(), Some("/products"), "{}", login.body);
    assert!(waiting.get("/products").body.contains("migrate-button"), "the blue MIGRATE PRODUCTS button");

    let mut staff = portal.browser();
    let login = staff.post("/admin/login", "/admin/login", &[("email", &emails[2]), ("password", &passwords[2])]);
    assert_eq!(login.location.as_deref(), Some("/admin/totp"), "{}", login.body);
    let key = cps_domain::totp::base32_decode(&secret).expect("base32");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    let code = cps_domain::totp::code_at(&key, i64::try_from(now).expect("seconds"));
    let second_factor = staff.post("/admin/totp", "/admin/totp", &[("code", &code)]);
    assert_eq!(second_factor.location.as_deref(), Some("/admin"), "{}", second_factor.body);
    assert!(staff.get("/admin/tickets").body.contains(case), "the case {case} waits for staff");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_refuses_production_and_a_database_with_real_data() {
    let (_keep, dir) = tempdir();
    let database = fresh_database(&dir).await;
    let mut env = base_env(&dir, &database);

    // Someone's real business, signed up through the portal.
    let portal = Portal::start(&dir, &env);
    let mut visitor = portal.browser();
    let signup = visitor.post(
        "/signup",
        "/signup",
        &[
            ("company_name", "Ljus AB"),
            ("vat_number", "SE556036079301"),
            ("org_number", ""),
            ("country", "SE"),
            ("street", "Storgatan 1"),
            ("postal_code", "111 22"),
            ("city", "Stockholm"),
            ("contact_name", "Anna Berg"),
            ("email", "anna@ljusbild.se"),
            ("language", "sv"),
            ("old_email", ""),
        ],
    );
    assert_eq!(signup.status, 303, "{}", signup.body);
    drop(portal);

    let refused = cps(&["demo"], &dir, &env);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("data the demo did not make"), "{}", stderr(&refused));
    let store = Store::connect(&database, 2).await.expect("connect");
    assert_eq!(store.find_businesses("ljus", 100).await.expect("businesses").len(), 1);
    assert!(store.find_businesses("demo", 100).await.expect("businesses").is_empty(), "nothing added");
    assert!(store.staff_users().await.expect("staff").is_empty());
    store.close().await.ok();

    env.push(("CPS__MODE".into(), "production".into()));
    let production = cps(&["demo"], &dir, &env);
    assert!(!production.status.success());
    assert!(stderr(&production).contains("refuses to run in production"), "{}", stderr(&production));
}
