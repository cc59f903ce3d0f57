//! Faults of the components around the portal, each with the real component
//! stopped and started by the test (issue 14).

use crate::harness::{TestApp, signup_form};
use cps_jobs::worker::Worker;
use cps_jobs::{Links, MailConfig, Mailer, SmtpConfig, SmtpSecurity};
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

async fn start_smtp(port: u16, maildir: &std::path::Path) -> Server {
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 with aiosmtpd (pip install aiosmtpd) must be available");
    let server = Server(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("the SMTP server did not start");
}

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
    let mailer = Mailer::smtp(&SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
    })
    .expect("transport");
    let cfg = MailConfig {
        from: "CPS <donotreply@cps.test>".parse().expect("from"),
        links: Links::new("https://cps.example"),
        log_links: false,
    };
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
    assert!(page.body.contains("send_mail"), "{}", page.body);

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
