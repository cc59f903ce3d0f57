//! `cps doctor` against real counterparts on 127.0.0.1 — an SMTP server
//! (Python's aiosmtpd) and a fake Stripe (localstripe), both installed by the
//! test command — with a working production configuration and a broken one;
//! and `cps serve` refusing to start in production on the fatal settings.

use crate::cli::{base_env, cps, free_port, fresh_database, stderr, stdout, tempdir};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(port: u16, what: &str) {
    for _ in 0..150 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{what} did not start on port {port}");
}

/// aiosmtpd storing what it receives in `maildir`.
fn smtp_server(maildir: &Path) -> (Server, u16) {
    let port = free_port();
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd (the test command installs it)");
    let server = Server(child);
    wait_for(port, "aiosmtpd");
    (server, port)
}

/// aiosmtpd that refuses every sender, as a server that does not relay for us.
fn smtp_refusing_senders() -> (Server, u16) {
    let port = free_port();
    let script = format!(
        "import time\n\
         from aiosmtpd.controller import Controller\n\
         class Refuse:\n    \
             async def handle_MAIL(self, server, session, envelope, address, options):\n        \
                 return '550 5.7.1 Sender not allowed'\n\
         c = Controller(Refuse(), hostname='127.0.0.1', port={port})\n\
         c.start()\n\
         time.sleep(3600)\n"
    );
    let child = Command::new("python3")
        .args(["-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd");
    let server = Server(child);
    wait_for(port, "the refusing SMTP server");
    (server, port)
}

fn localstripe() -> (Server, u16) {
    let port = free_port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/fake_stripe.py");
    let child = Command::new("python3")
        .args([script, &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with localstripe (the test command installs it)");
    let server = Server(child);
    wait_for(port, "localstripe");
    (server, port)
}

fn set(env: &mut Vec<(String, String)>, key: &str, value: &str) {
    env.retain(|(k, _)| k != key);
    env.push((key.to_owned(), value.to_owned()));
}

/// A production configuration as an operator would fill it in.
fn production(env: &mut Vec<(String, String)>, smtp_port: u16, stripe_port: u16) {
    for (k, v) in [
        ("CPS__MODE", "production"),
        ("CPS__SECURITY__SECRET_KEY", "4f9c1e7a2b8d3f6a0c5e9b1d7a3f8c2e"),
        ("CPS__SERVER__PUBLIC_BASE_URL", "https://cps.example.com"),
        ("CPS__SERVER__MIGRATE_ON_START", "false"),
        ("CPS__MAIL__TRANSPORT", "smtp"),
        ("CPS__MAIL__FROM", "CPS <donotreply@cps.example.com>"),
        ("CPS__MAIL__SMTP__HOST", "127.0.0.1"),
        ("CPS__MAIL__SMTP__PORT", &smtp_port.to_string()),
        ("CPS__MAIL__SMTP__SECURITY", "none"),
        ("CPS__PAYMENTS__GATEWAY", "stripe"),
        ("CPS__PAYMENTS__STRIPE__API_BASE", &format!("http://127.0.0.1:{stripe_port}")),
        ("CPS__PAYMENTS__STRIPE__JS_URL", &format!("http://127.0.0.1:{stripe_port}/js.stripe.com/v3/")),
        ("CPS__PAYMENTS__STRIPE__PUBLISHABLE_KEY", "pk_live_cps_doctor"),
        ("CPS__PAYMENTS__STRIPE__SECRET_KEY", "sk_live_cps_doctor"),
        ("CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET", "whsec_cps_doctor"),
        ("CPS__BILLING__SELLER__NAME", "Kameraservice Norden AB"),
        ("CPS__BILLING__SELLER__STREET", "Verkstadsgatan 4"),
        ("CPS__BILLING__SELLER__VAT_NUMBER", "SE556036079301"),
        ("CPS__BILLING__SELLER__ORG_NUMBER", "556036-0793"),
        ("CPS__BILLING__SELLER__IBAN", "SE3550000000054910000003"),
        ("CPS__BILLING__SELLER__BANKGIRO", "123-4567"),
    ] {
        set(env, k, v);
    }
}

/// The line of check `name`: its status and message.
fn line<'a>(out: &'a str, name: &str) -> (&'a str, &'a str) {
    out.lines()
        .find_map(|l| {
            let (status, rest) = l.split_once("  ")?;
            let rest = rest.trim_start();
            rest.strip_prefix(name).filter(|m| m.starts_with("  ")).map(|m| (status.trim(), m.trim()))
        })
        .unwrap_or_else(|| panic!("no {name} line in:\n{out}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_working_production_configuration_passes_every_check_and_sends_nothing() {
    let (_keep, dir) = tempdir();
    let maildir = dir.join("maildir");
    let (_smtp, smtp_port) = smtp_server(&maildir);
    let (_stripe, stripe_port) = localstripe();
    let database = fresh_database(&dir).await;
    let mut env = base_env(&dir, &database);
    let migrated = cps(&["migrate"], &dir, &env);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    production(&mut env, smtp_port, stripe_port);

    let run = cps(&["doctor"], &dir, &env);
    let out = stdout(&run);
    assert!(run.status.success(), "exit 0 when production would work:\n{out}{}", stderr(&run));
    assert_eq!(line(&out, "mode"), ("ok", "production"));
    assert_eq!(line(&out, "secret key"), ("ok", "set (at least 32 characters)"));
    assert_eq!(line(&out, "public URL"), ("ok", "https://cps.example.com"));
    let (status, message) = line(&out, "database");
    assert_eq!(status, "ok");
    assert!(message.contains("reachable"), "{message}");
    let (status, message) = line(&out, "schema");
    assert_eq!(status, "ok");
    assert!(message.starts_with("current ("), "{message}");
    assert_eq!(
        line(&out, "mail"),
        (
            "ok",
            format!("127.0.0.1:{smtp_port} answered EHLO, sender donotreply@cps.example.com accepted (no mail sent)")
                .as_str()
        )
    );
    assert_eq!(line(&out, "outbox"), ("ok", "not used (mail goes over SMTP)"));
    let (status, message) = line(&out, "payments");
    assert_eq!(status, "ok");
    assert!(message.contains("accepted the secret key (read-only GET /v1/balance)"), "{message}");
    assert_eq!(line(&out, "webhook secret"), ("ok", "set (whsec_…)"));
    assert_eq!(line(&out, "seller"), ("ok", "Kameraservice Norden AB, SE556036079301"));
    let (status, message) = line(&out, "metrics");
    assert_eq!(status, "ok");
    assert!(message.starts_with("/metrics on 127.0.0.1:") && message.ends_with(", a private address"), "{message}");
    assert!(out.contains("Nothing stands in the way of production."), "{out}");
    // The SMTP server was asked, not used.
    let delivered = std::fs::read_dir(maildir.join("new")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(delivered, 0, "no mail was sent");

    // The same configuration starts.
    let serve_env = {
        let mut e = env.clone();
        set(&mut e, "CPS__SERVER__BIND", &format!("127.0.0.1:{}", free_port()));
        e
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_cps"))
        .arg("serve")
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(serve_env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().expect("stdout")), &mut first)
        .expect("a line");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains("CPS is running"), "production starts with a working configuration: {first}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_configuration_gets_one_line_per_problem_and_exit_code_1() {
    let (_keep, dir) = tempdir();
    let (_stripe, stripe_port) = localstripe();
    let database = fresh_database(&dir).await;
    let mut env = base_env(&dir, &database);
    let migrated = cps(&["migrate"], &dir, &env);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    // A newer cps has migrated this database further.
    let store = cps_store::Store::connect(&database, 1).await.expect("connect");
    store
        .execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m9999_from_the_future', 0)")
        .await
        .expect("insert");
    store.close().await.ok();

    let nobody_listens = free_port();
    production(&mut env, nobody_listens, stripe_port);
    set(&mut env, "CPS__SERVER__PUBLIC_BASE_URL", "http://cps.example.com");
    set(&mut env, "CPS__PAYMENTS__STRIPE__SECRET_KEY", "pk_live_cps_doctor");
    env.retain(|(k, _)| !k.starts_with("CPS__BILLING__SELLER__"));

    let run = cps(&["doctor"], &dir, &env);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "exit 1 when production would not work:\n{out}");
    assert_eq!(line(&out, "mode"), ("ok", "production"));
    assert_eq!(line(&out, "secret key").0, "ok");
    let (status, message) = line(&out, "public URL");
    assert_eq!(status, "FAIL");
    assert!(message.starts_with("http://cps.example.com is http") && message.contains("https://"), "{message}");
    assert_eq!(line(&out, "database").0, "ok");
    let (status, message) = line(&out, "schema");
    assert_eq!(status, "FAIL");
    assert!(message.contains("m9999_from_the_future") && message.contains("newer cps"), "{message}");
    let (status, message) = line(&out, "mail");
    assert_eq!(status, "FAIL");
    assert!(message.starts_with(&format!("cannot connect to 127.0.0.1:{nobody_listens}")), "{message}");
    let (status, message) = line(&out, "payments");
    assert_eq!(status, "FAIL");
    assert!(message.contains("refused the secret key (401)") && message.contains("sk_live_"), "{message}");
    assert_eq!(line(&out, "webhook secret").0, "ok");
    let (status, message) = line(&out, "seller");
    assert_eq!(status, "FAIL");
    assert!(message.contains("sample values") && message.contains("vat_number"), "{message}");
    assert!(out.contains("5 check(s) failed"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_smtp_server_that_refuses_the_sender_fails_the_mail_check() {
    let (_keep, dir) = tempdir();
    let (_smtp, smtp_port) = smtp_refusing_senders();
    let (_stripe, stripe_port) = localstripe();
    let database = fresh_database(&dir).await;
    let mut env = base_env(&dir, &database);
    production(&mut env, smtp_port, stripe_port);
    let run = cps(&["doctor"], &dir, &env);
    let out = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "{out}");
    let (status, message) = line(&out, "mail");
    assert_eq!(status, "FAIL");
    assert!(
        message.contains("refuses the sender donotreply@cps.example.com") && message.contains("mail.from"),
        "{message}"
    );
}

#[test]
fn serve_refuses_production_with_a_missing_secret_and_the_sample_seller() {
    let (_keep, dir) = tempdir();
    let mut env = base_env(&dir, &format!("sqlite://{}/db/cps.db", dir.display()));
    set(&mut env, "CPS__MODE", "production");
    set(&mut env, "CPS__SERVER__PUBLIC_BASE_URL", "https://cps.example.com");
    let run = cps(&["serve"], &dir, &env);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains("refusing to start in production"), "{err}");
    for name in ["secret key", "seller"] {
        assert!(err.lines().any(|l| l.starts_with("FAIL") && l.contains(name)), "{name}: {err}");
    }
    assert!(!dir.join("db/cps.db").exists(), "refused before touching the database");
}
