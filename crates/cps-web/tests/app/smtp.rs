//! The activation mail over SMTP to a real SMTP server (Python's aiosmtpd,
//! installed by the test command), read back from its maildir.

use crate::harness::{TestApp, signup_form};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::{Email, Lang};
use cps_jobs::{Links, MailConfig, Mailer, SmtpConfig, SmtpSecurity};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running aiosmtpd; stopped when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Starts aiosmtpd on `port`, delivering into `maildir`; returns once it
/// accepts connections.
pub async fn start_smtp(port: u16, maildir: &std::path::Path) -> Server {
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
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the SMTP server did not start");
}

/// A mailer sending to the SMTP server on `port` (plain, no log-in) and
/// its configuration.
pub fn smtp_mailer(port: u16) -> (Mailer, MailConfig) {
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
    (mailer, cfg)
}

#[tokio::test]
async fn activation_mail_travels_over_smtp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    let _server = start_smtp(port, &maildir).await;

    // The token comes from a real sign-up, so the whole path is exercised.
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    let token = link.trim_start_matches("/activate/").to_owned();

    let (mailer, cfg) = smtp_mailer(port);
    let mail = Mail {
        to: Email::parse("anna@ljusbild.se").expect("email"),
        lang: Lang::Sv,
        template: MailTemplate::Activation { token: token.clone() },
    };
    mailer.send(&cfg, &mail, Vec::new()).await.expect("sent over SMTP");

    let new = maildir.join("new");
    let mut found = None;
    for _ in 0..50 {
        if let Some(entry) = std::fs::read_dir(&new).ok().and_then(|mut d| d.next()) {
            found = Some(std::fs::read_to_string(entry.expect("entry").path()).expect("read mail"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let raw = found.expect("the SMTP server stored the mail");
    assert!(raw.contains("From: CPS <donotreply@cps.test>"), "{raw}");
    assert!(raw.contains("To: anna@ljusbild.se"));
    assert!(raw.contains("Subject: =?utf-8?") || raw.contains("Subject: Ange ditt"), "a subject: {raw}");
    let unfolded = raw.replace("=\r\n", "").replace("=\n", "");
    assert!(unfolded.contains(&format!("https://cps.example/activate/{token}")), "the link: {raw}");
    assert!(raw.contains("multipart/alternative"), "text and HTML parts");
}
