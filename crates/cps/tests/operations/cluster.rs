//! Several processes on one database, as when scaling out: two `cps serve`
//! with run_worker = false and two `cps worker`, all started at the same
//! moment on a fresh database (their migrations racing). A session made on
//! one node works on the other and ends on both at logout; every queued mail
//! is sent exactly once although two workers claim jobs side by side.
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
