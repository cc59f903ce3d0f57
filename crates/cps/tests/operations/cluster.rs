//! Several processes on one database, as when scaling out: two `cps serve`
//! with run_worker = false and two `cps worker`, all started at the same
//! moment on a fresh database (their migrations racing). A session made on
//! one node works on the other and ends on both at logout; every queued mail
//! is sent exactly once although two workers claim jobs side by side.
//! Checkouts racing on the two nodes give one membership, and invoices issued
//! by the two workers side by side are numbered without a gap.
//! Run on PostgreSQL (SKIP LOCKED) and on SQLite (one file, one machine).

use crate::cli::{base_env, cps, fresh_database, stderr, stdout, tempdir};
use crate::nodes::Node;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const SIGN_UPS: usize = 24;

fn company(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("company_name", format!("Kluster {email} AB")),
        ("country", "SE".to_owned()),
        ("vat_number", "SE556036079301".to_owned()),
        ("org_number", String::new()),
        ("street", "Storgatan 1".to_owned()),
        ("postal_code", "111 22".to_owned()),
        ("city", "Stockholm".to_owned()),
        ("contact_name", "Kluster Test".to_owned()),
        ("email", email.to_owned()),
        ("language", "sv".to_owned()),
        ("old_email", String::new()),
    ]
}

/// Recipients of the `.eml` files in `outbox`, with how many each got.
fn outbox_recipients(outbox: &std::path::Path) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for entry in std::fs::read_dir(outbox).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if let Some(to) = text.lines().find_map(|l| l.strip_prefix("To: ")) {
            *seen.entry(to.trim().to_owned()).or_insert(0) += 1;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_and_two_workers_share_sessions_and_run_each_job_once() {
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let mut env = base_env(&dir, &db);
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "d".repeat(40)));
    env.push(("CPS__SECURITY__FORMS_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    let mut web_env = env.clone();
    web_env.push(("CPS__SERVER__RUN_WORKER".to_owned(), "false".to_owned()));

    // All four at the same moment on a fresh database.
    let mut a = Node::spawn(&["serve"], &dir, &web_env);
    let mut b = Node::spawn(&["serve"], &dir, &web_env);
    let mut workers = [Node::spawn(&["worker"], &dir, &env), Node::spawn(&["worker"], &dir, &env)];
    a.wait_serving(Duration::from_secs(120)).expect("node A serves");
    b.wait_serving(Duration::from_secs(120)).expect("node B serves");
    for w in &mut workers {
        assert!(w.running(), "a worker stopped: {}", w.wait_exit(Duration::from_secs(5)).1);
    }

    // A member, made through the portal's own operations.
    let demo = cps(&["demo"], &dir, &env);
    assert!(demo.status.success(), "cps demo: {}", stderr(&demo));
    let out = stdout(&demo);
    let email = out.lines().find_map(|l| l.trim().strip_prefix("email:")).expect("a login").trim().to_owned();
    let password = out.lines().find_map(|l| l.trim().strip_prefix("password:")).expect("a password").trim().to_owned();

    // Logged in on A, the same browser is logged in on B.
    let mut browser = crate::cli::Browser::new(a.port);
    let login = browser.post("/login", "/login", &[("email", &email), ("password", &password)]);
    assert_eq!(login.status, 303, "logged in on A: {}", login.body);
    assert_eq!(browser.get("/account").status, 200, "A knows the session");
    browser.switch_to(b.port);
    assert_eq!(browser.get("/account").status, 200, "B knows the session made on A");
    // Logged out on B, the session is over on A too (the same cookie).
    let cookie_jar = browser.clone();
    let out = browser.post("/account", "/logout", &[]);
    assert_eq!(out.status, 303, "logged out on B");
    let mut stale = cookie_jar;
    stale.switch_to(a.port);
    let after = stale.get("/account");
    assert!(
        after.status == 303 && after.location.as_deref().is_some_and(|l| l.contains("/login")),
        "A: {}",
        after.status
    );

    // Sign-ups on both nodes queue one activation mail each; two workers
    // claim the jobs side by side and each mail goes out exactly once.
    let emails: Vec<String> = (0..SIGN_UPS).map(|i| format!("kluster-{i}@example.com")).collect();
    let threads: Vec<_> = emails
        .iter()
        .enumerate()
        .map(|(i, email)| {
            let port = if i % 2 == 0 { a.port } else { b.port };
            let email = email.clone();
            std::thread::spawn(move || {
                let mut visitor = crate::cli::Browser::new(port);
                let fields = company(&email);
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                visitor.post("/signup", "/signup", &fields).status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("a sign-up"), 303);
    }
    let outbox = dir.join("outbox");
    let started = Instant::now();
    loop {
        let seen = outbox_recipients(&outbox);
        if emails.iter().all(|e| seen.contains_key(e)) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(90), "every activation mail sent: {seen:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Time for a second send, were a job claimed twice.
    std::thread::sleep(Duration::from_secs(3));
    let seen = outbox_recipients(&outbox);
    for e in &emails {
        assert_eq!(seen.get(e), Some(&1), "{e} got exactly one activation mail");
    }
    for w in &mut workers {
        assert!(w.running(), "both workers still run");
    }
}

/// The path of the activation link in the newest mail to `email` in the
/// outbox (quoted-printable soft breaks undone).
fn activation_path(outbox: &std::path::Path, email: &str) -> Option<String> {
    for entry in std::fs::read_dir(outbox).ok()?.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if !text.lines().any(|l| l.strip_prefix("To: ").is_some_and(|to| to.trim() == email)) {
            continue;
        }
        let text = text.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
        let at = text.find("/activate/")?;
        let path: String =
            text[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_')).collect();
        return Some(path);
    }
    None
}

/// Confirms a Silver membership paid by invoice, as the review page's form does.
fn confirm_silver(browser: &mut crate::cli::Browser, key: &str) -> crate::cli::Response {
    browser.post(
        "/checkout/review?tier=SILVER&term=1&method=bank_transfer",
        "/checkout/confirm",
        &[
            ("tier", "SILVER"),
            ("term", "1"),
            ("method", "bank_transfer"),
            ("card", ""),
            ("key", key),
            ("buyer_reference", ""),
        ],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn checkouts_racing_on_two_nodes_give_one_membership_and_two_workers_issue_gap_free_invoices() {
    const MEMBERS: usize = 8;
    const PASSWORD: &str = "fyra ord i rad kamera";
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let mut env = base_env(&dir, &db);
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "e".repeat(40)));
    env.push(("CPS__SECURITY__FORMS_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    env.push(("CPS__SECURITY__LOGIN_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    // Invoices at once, so both workers issue them side by side.
    env.push(("CPS__BILLING__INVOICE_DELAY_MINUTES".to_owned(), "0".to_owned()));
    let mut web_env = env.clone();
    web_env.push(("CPS__SERVER__RUN_WORKER".to_owned(), "false".to_owned()));
    let mut a = Node::spawn(&["serve"], &dir, &web_env);
    let mut b = Node::spawn(&["serve"], &dir, &web_env);
    let _workers = [Node::spawn(&["worker"], &dir, &env), Node::spawn(&["worker"], &dir, &env)];
    a.wait_serving(Duration::from_secs(120)).expect("node A serves");
    b.wait_serving(Duration::from_secs(120)).expect("node B serves");
    let ports = [a.port, b.port];

    // Members signed up and activated through the portal, logged in on A or B.
    let outbox = dir.join("outbox");
    let store = cps_store::Store::connect(&db, 2).await.expect("the database");
    let staff = cps_store::staff::StaffActor { id: 0, email: "cluster-test@cps.test".into() };
    let mut members = Vec::new();
    for i in 0..MEMBERS {
        let email = format!("nod-{i}@example.com");
        let mut browser = crate::cli::Browser::new(ports[i % 2]);
        let fields = company(&email);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(browser.post("/signup", "/signup", &fields).status, 303);
        let started = Instant::now();
        let link = loop {
            if let Some(link) = activation_path(&outbox, &email) {
                break link;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "an activation mail to {email}");
            std::thread::sleep(Duration::from_millis(100));
        };
        let set = browser.post(&link, &link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]);
        assert_eq!(set.location.as_deref(), Some("/login"), "{email} activated: {}", set.body);
        let login = browser.post("/login", "/login", &[("email", &email), ("password", PASSWORD)]);
        assert_eq!(login.status, 303, "{email} logged in");
        let business = store.find_businesses(&email, 5).await.expect("search").remove(0).id;
        // Silver asks for two complete products besides the points.
        for n in 0..2 {
            let details = cps_domain::product::ProductDetails {
                serial: cps_domain::serial::SerialNumber::normalise(&format!("{i:03}{n:07}")),
                purchase_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
                purchase_country: cps_domain::Country::parse("SE").ok(),
                retailer: Some("Foto AB".into()),
            };
            let registered = store
                .register_product(
                    business,
                    "EF-40-F28-STM",
                    &details,
                    cps_store::products::Actor::System,
                    chrono::Utc::now(),
                )
                .await;
            assert!(registered.is_ok(), "{registered:?}");
        }
        store.staff_adjust_points(business, 600, "cluster test", &staff, chrono::Utc::now()).await.expect("points");
        members.push((business, browser));
    }

    // One business confirms the same tier on both nodes at the same moment
    // (two tabs, two keys): one membership.
    let (racer, browser) = &members[0];
    let racer = *racer;
    let mut on_a = browser.clone();
    on_a.switch_to(ports[0]);
    let mut on_b = browser.clone();
    on_b.switch_to(ports[1]);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let racing: Vec<_> = [(on_a, "a".repeat(40)), (on_b, "b".repeat(40))]
        .into_iter()
        .map(|(mut tab, key)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Each tab loads its form first, then both submit together.
                let _ = tab.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer");
                barrier.wait();
                confirm_silver(&mut tab, &key)
            })
        })
        .collect();
    let answers: Vec<_> = racing.into_iter().map(|t| t.join().expect("a tab")).collect();
    assert!(
        answers.iter().all(|r| r.status < 500),
        "no error: {:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        answers.iter().any(|r| r.location.as_deref().is_some_and(|l| l.starts_with("/checkout/done/"))),
        "one tab bought it: {:?}",
        answers
            .iter()
            .map(|r| (r.status, r.location.clone(), r.body.chars().take(2000).collect::<String>()))
            .collect::<Vec<_>>()
    );
    assert_eq!(store.memberships(racer).await.expect("memberships").len(), 1, "one membership");

    // The others buy at the same time on both nodes; the two workers issue
    // the invoices side by side.
    let buying: Vec<_> = members
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, (_, browser))| {
            let mut browser = browser.clone();
            browser.switch_to(ports[i % 2]);
            std::thread::spawn(move || confirm_silver(&mut browser, &format!("{i:0>40}")))
        })
        .collect();
    for t in buying {
        let res = t.join().expect("a checkout");
        assert!(res.location.as_deref().is_some_and(|l| l.starts_with("/checkout/done/")), "{}", res.status);
    }
    let started = Instant::now();
    let mut numbers = Vec::new();
    for (business, _) in &members {
        let invoices = loop {
            let invoices = store.invoices(*business).await.expect("invoices");
            if !invoices.is_empty() {
                break invoices;
            }
            assert!(started.elapsed() < Duration::from_secs(90), "business {business} got its invoice");
            std::thread::sleep(Duration::from_millis(200));
        };
        assert_eq!(invoices.len(), 1, "one invoice for business {business}");
        numbers.push(invoices[0].document.number.clone());
    }
    // CPS-2026-000001 …: one series, no number twice, none skipped.
    let mut sequence: Vec<u64> = numbers
        .iter()
        .map(|n| n.rsplit('-').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a numbered invoice: {n}")))
        .collect();
    sequence.sort_unstable();
    let first = sequence[0];
    assert_eq!(sequence, (first..first + MEMBERS as u64).collect::<Vec<_>>(), "gap-free across workers: {numbers:?}");
    store.close().await.ok();
}
