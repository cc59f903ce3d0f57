//! `cps doctor`: checks the configuration and the parties it names — the
//! database, the SMTP server, Stripe — and prints one line per check with
//! what to do. Nothing is changed and no mail is sent: the SMTP check stops
//! after the server accepted the sender (RSET, QUIT), the Stripe check is a
//! read-only call.
//!
//! The checks that need only the configuration are pure functions; `cps
//! serve` runs them too and, in production, refuses to start on a failure.

use crate::settings::{Mode, Settings, SmtpSettings, StripeSettings, Transport};
use cps_jobs::SmtpSecurity;
use cps_store::{SchemaStatus, Store};
use secrecy::ExposeSecret;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Works, but an operator should know.
    Warn,
    /// Production would not work.
    Fail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    /// What was found and, unless it is fine, what to do.
    pub message: String,
}

impl Check {
    fn new(name: &'static str, status: Status, message: impl Into<String>) -> Check {
        Check { name, status, message: message.into() }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = match self.status {
            Status::Ok => "ok",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        };
        write!(f, "{status:<4}  {:<14}  {}", self.name, self.message)
    }
}

const MIN_SECRET_KEY: usize = 32;

pub fn mode(s: &Settings) -> Check {
    match s.mode {
        Mode::Production => Check::new("mode", Status::Ok, "production"),
        Mode::Development => Check::new(
            "mode",
            Status::Warn,
            "development: mail stays in the outbox folder and its links are logged; \
             set mode = \"production\" (CPS__MODE) for a live portal",
        ),
    }
}

pub fn secret_key(s: &Settings) -> Check {
    let name = "secret key";
    match &s.security.secret_key {
        Some(key) if key.expose_secret().chars().count() >= MIN_SECRET_KEY => {
            Check::new(name, Status::Ok, format!("set (at least {MIN_SECRET_KEY} characters)"))
        }
        Some(key) => Check::new(
            name,
            Status::Fail,
            format!(
                "only {} characters: set security.secret_key (CPS__SECURITY__SECRET_KEY) to at least \
                 {MIN_SECRET_KEY} random characters, e.g. `openssl rand -hex 32`",
                key.expose_secret().chars().count()
            ),
        ),
        None if s.mode == Mode::Production => Check::new(
            name,
            Status::Fail,
            format!(
                "not set: set CPS__SECURITY__SECRET_KEY to at least {MIN_SECRET_KEY} random characters \
                 (`openssl rand -hex 32`), the same on every node"
            ),
        ),
        None => Check::new(
            name,
            Status::Ok,
            format!("not set: made once and kept in {}/secret_key (development only)", s.server.data_dir),
        ),
    }
}

pub fn public_url(s: &Settings) -> Check {
    let name = "public URL";
    let url = &s.server.public_base_url;
    if url.starts_with("https://") && url.len() > "https://".len() {
        Check::new(name, Status::Ok, url.clone())
    } else if url.starts_with("http://") && s.mode == Mode::Development {
        Check::new(name, Status::Ok, format!("{url} (http is fine for development)"))
    } else if url.starts_with("http://") {
        Check::new(
            name,
            Status::Fail,
            format!(
                "{url} is http: links in mails and the session cookie need https; set \
                 server.public_base_url = \"https://…\" (TLS ends at the reverse proxy)"
            ),
        )
    } else {
        Check::new(name, Status::Fail, format!("{url:?} is not an http(s) address: set server.public_base_url"))
    }
}

pub fn seller(s: &Settings) -> Check {
    let seller = &s.billing.seller;
    let samples = seller.sample_fields();
    if samples.is_empty() {
        return Check::new("seller", Status::Ok, format!("{}, {}", seller.name, seller.vat_number));
    }
    let status = if s.mode == Mode::Production { Status::Fail } else { Status::Warn };
    Check::new(
        "seller",
        status,
        format!(
            "billing.seller has the sample values of cps.example.toml ({}): set the real seller printed on invoices",
            samples.join(", ")
        ),
    )
}

/// Where `/metrics` can be read from: its own listener
/// (`server.metrics_bind`), never the members' one; empty turns it off.
pub fn metrics(metrics_bind: &str) -> Check {
    let name = "metrics";
    let addr = metrics_bind.trim();
    if addr.is_empty() {
        Check::new(name, Status::Ok, "off (server.metrics_bind is empty)")
    } else if is_private(addr) {
        Check::new(name, Status::Ok, format!("/metrics on {addr}, a private address"))
    } else {
        Check::new(
            name,
            Status::Warn,
            format!(
                "/metrics listens on {addr}, which may be reachable from outside: bind server.metrics_bind to a private address"
            ),
        )
    }
}

fn host_of(addr: &str) -> &str {
    addr.rsplit_once(':').map_or(addr, |(host, _)| host).trim_start_matches('[').trim_end_matches(']')
}

fn is_loopback(addr: &str) -> bool {
    let host = host_of(addr);
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn is_private(addr: &str) -> bool {
    is_loopback(addr)
        || match addr.parse::<SocketAddr>().map(|a| a.ip()) {
            Ok(IpAddr::V4(ip)) => ip.is_private() || ip.is_link_local(),
            Ok(IpAddr::V6(ip)) => ip.is_unique_local() || ip.is_unicast_link_local(),
            Err(_) => false,
        }
}

/// The mail check when there is no server to ask (the outbox).
fn mail_without_server(s: &Settings) -> Option<Check> {
    if s.mail.transport == Transport::Smtp {
        return None;
    }
    Some(if s.mode == Mode::Production {
        Check::new(
            "mail",
            Status::Fail,
            format!(
                "mail.transport = \"outbox\": mails are written to {}/ and never reach members; \
                 set mail.transport = \"smtp\" with a [mail.smtp] server",
                s.mail.outbox_dir
            ),
        )
    } else {
        Check::new("mail", Status::Ok, format!("outbox: mails are written to {}/ as .eml files", s.mail.outbox_dir))
    })
}

/// The payments check when there is no provider to ask: the sandbox, or a
/// Stripe configuration too incomplete to try.
fn payments_without_provider(s: &Settings) -> Option<Check> {
    let name = "payments";
    match s.payments.gateway.as_str() {
        "stripe" if s.payments.stripe.is_some() => None,
        "stripe" => Some(Check::new(
            name,
            Status::Fail,
            "payments.gateway = \"stripe\" needs a [payments.stripe] section with the keys",
        )),
        "sandbox" if s.mode == Mode::Production => Some(Check::new(
            name,
            Status::Fail,
            "payments.gateway = \"sandbox\": cards are never really charged; set payments.gateway = \"stripe\" \
             with [payments.stripe] keys",
        )),
        "sandbox" => Some(Check::new(name, Status::Ok, "sandbox: test cards, no payment account needed")),
        other => {
            Some(Check::new(name, Status::Fail, format!("payments.gateway = {other:?}: set \"sandbox\" or \"stripe\"")))
        }
    }
}

pub fn webhook_secret(s: &Settings) -> Check {
    let name = "webhook secret";
    let Some(stripe) = stripe_settings(s) else {
        return Check::new(name, Status::Ok, "not used (payments.gateway is not stripe)");
    };
    let secret = stripe.webhook_secret.expose_secret();
    let todo = "copy the signing secret of the endpoint https://<portal>/webhooks/stripe from the Stripe \
                dashboard into CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET";
    if secret.trim().is_empty() {
        Check::new(name, Status::Fail, format!("not set: {todo}"))
    } else if !secret.starts_with("whsec_") {
        Check::new(name, Status::Fail, format!("not a webhook signing secret (whsec_…): {todo}"))
    } else {
        Check::new(name, Status::Ok, "set (whsec_…)")
    }
}

fn stripe_settings(s: &Settings) -> Option<&StripeSettings> {
    (s.payments.gateway == "stripe").then_some(s.payments.stripe.as_ref()).flatten()
}

/// What the configuration alone decides, with no party asked; `cps serve`
/// refuses to start in production when one of these fails.
pub fn configuration(s: &Settings) -> Vec<Check> {
    let mut checks = vec![mode(s), secret_key(s), public_url(s)];
    checks.extend(mail_without_server(s));
    checks.extend(payments_without_provider(s));
    checks.extend([webhook_secret(s), seller(s), metrics(&s.server.metrics_bind)]);
    checks
}

/// Every check, the parties included, in the order an operator reads them.
pub async fn run(s: &Settings) -> Vec<Check> {
    let mut checks = vec![mode(s), secret_key(s), public_url(s)];
    checks.extend(database(s).await);
    checks.push(match (mail_without_server(s), &s.mail.smtp) {
        (Some(check), _) => check,
        (None, Some(smtp)) => smtp_check(smtp, &s.mail.from).await,
        (None, None) => Check::new("mail", Status::Fail, "mail.transport = \"smtp\" needs a [mail.smtp] section"),
    });
    checks.push(outbox(s));
    checks.push(match (payments_without_provider(s), stripe_settings(s)) {
        (Some(check), _) => check,
        (None, Some(stripe)) => stripe_check(stripe, s.mode).await,
        (None, None) => Check::new("payments", Status::Fail, "[payments.stripe] is missing"),
    });
    checks.extend([webhook_secret(s), seller(s), metrics(&s.server.metrics_bind)]);
    checks
}

pub fn failed(checks: &[Check]) -> usize {
    checks.iter().filter(|c| c.status == Status::Fail).count()
}

/// A database URL without its password, for printing.
fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user_info, host)) => {
                let user = user_info.split(':').next().unwrap_or_default();
                let hidden = if user_info.contains(':') { ":***" } else { "" };
                format!("{scheme}://{user}{hidden}@{host}")
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

pub fn schema(status: &SchemaStatus, migrate_on_start: bool) -> Check {
    let name = "schema";
    if let Some(first) = status.unknown.first() {
        return Check::new(
            name,
            Status::Fail,
            format!(
                "the database has {} migration(s) this cps does not know ({first}…): a newer cps migrated it; \
                 run that version or a newer one",
                status.unknown.len()
            ),
        );
    }
    let (pending, known) = (status.pending.len(), status.known);
    match (pending, migrate_on_start) {
        (0, _) => Check::new(name, Status::Ok, format!("current ({known} migrations applied)")),
        (_, true) => Check::new(
            name,
            Status::Warn,
            format!(
                "{pending} of {known} migrations not applied yet: `cps serve` applies them at start (or run `cps migrate`)"
            ),
        ),
        (_, false) => Check::new(
            name,
            Status::Fail,
            format!(
                "{pending} of {known} migrations not applied and server.migrate_on_start = false: run `cps migrate`"
            ),
        ),
    }
}

async fn database(s: &Settings) -> Vec<Check> {
    let url = &s.database.url;
    let shown = redacted(url);
    if let Some(rest) = url.strip_prefix("sqlite://") {
        let path = rest.split('?').next().unwrap_or_default();
        // Connecting would create the file: say so instead.
        if path != ":memory:" && !Path::new(path).exists() {
            let names = Store::migration_names();
            let all = SchemaStatus { known: names.len(), pending: names, unknown: Vec::new() };
            return vec![
                Check::new(
                    "database",
                    Status::Warn,
                    format!("{path} does not exist yet: `cps migrate` or `cps serve` creates it"),
                ),
                schema(&all, s.server.migrate_on_start),
            ];
        }
    }
    let store = match tokio::time::timeout(Duration::from_secs(15), Store::connect(url, 1)).await {
        Ok(Ok(store)) => store,
        Ok(Err(e)) => return vec![unreachable(&shown, &causes(&e)), not_checked()],
        Err(_) => return vec![unreachable(&shown, "no answer in 15 s"), not_checked()],
    };
    let checks = match store.schema_status().await {
        Ok(status) => vec![
            Check::new("database", Status::Ok, format!("{} reachable at {shown}", store.backend_name())),
            schema(&status, s.server.migrate_on_start),
        ],
        Err(e) => vec![unreachable(&shown, &causes(&e)), not_checked()],
    };
    let _ = store.close().await;
    checks
}

/// An error with its causes, as one line.
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn unreachable(url: &str, error: &str) -> Check {
    Check::new(
        "database",
        Status::Fail,
        format!("cannot use {url}: {error}; check database.url and that the database server runs"),
    )
}

fn not_checked() -> Check {
    Check::new("schema", Status::Fail, "not checked: the database is not reachable")
}

/// The outbox folder is writable (when mail goes there).
fn outbox(s: &Settings) -> Check {
    let name = "outbox";
    if s.mail.transport == Transport::Smtp {
        return Check::new(name, Status::Ok, "not used (mail goes over SMTP)");
    }
    let dir = Path::new(&s.mail.outbox_dir);
    let probe = dir.join(format!(".cps-doctor-{:08x}", rand::random::<u32>()));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&probe, b"cps doctor"))
        .and_then(|()| std::fs::remove_file(&probe));
    match written {
        Ok(()) => Check::new(name, Status::Ok, format!("{} is writable", dir.display())),
        Err(e) => Check::new(
            name,
            Status::Fail,
            format!("cannot write to {}: {e}; create it and give the cps user write access", dir.display()),
        ),
    }
}

/// Connects as the portal would, says EHLO, logs in when configured, and
/// offers the sender (MAIL FROM); then RSET and QUIT: no mail is sent.
async fn smtp_check(smtp: &SmtpSettings, from: &str) -> Check {
    match smtp_probe(smtp, from).await {
        Ok(done) => {
            let plain_remote = smtp.security == SmtpSecurity::None && !is_loopback(&format!("{}:0", smtp.host));
            if plain_remote {
                Check::new(
                    "mail",
                    Status::Warn,
                    format!(
                        "{done}, but unencrypted to a remote server: set mail.smtp.security = \"starttls\" or \"tls\""
                    ),
                )
            } else {
                Check::new("mail", Status::Ok, done)
            }
        }
        Err(problem) => Check::new("mail", Status::Fail, problem),
    }
}

async fn smtp_probe(smtp: &SmtpSettings, from: &str) -> Result<String, String> {
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
    use lettre::transport::smtp::commands::{Mail, Rset};
    use lettre::transport::smtp::extension::ClientId;
    let server = format!("{}:{}", smtp.host, smtp.port);
    let sender: lettre::message::Mailbox =
        from.parse().map_err(|e| format!("mail.from {from:?} is not an address: {e}"))?;
    let tls = || TlsParameters::new(smtp.host.clone()).map_err(|e| format!("TLS set-up for {}: {e}", smtp.host));
    let hello = ClientId::default();
    let implicit = if smtp.security == SmtpSecurity::Tls { Some(tls()?) } else { None };
    let mut conn = AsyncSmtpConnection::connect_tokio1(
        (smtp.host.as_str(), smtp.port),
        Some(Duration::from_secs(10)),
        &hello,
        implicit,
        None,
    )
    .await
    .map_err(|e| {
        format!(
            "cannot connect to {server}: {e}; check mail.smtp.host, port and security (\"tls\" for 465, \
             \"starttls\" for 587) and that the server lets this host in"
        )
    })?;
    let mut steps = vec![format!("{server} answered EHLO")];
    if smtp.security == SmtpSecurity::Starttls {
        conn.starttls(tls()?, &hello)
            .await
            .map_err(|e| format!("STARTTLS with {server} failed: {e}; check mail.smtp.security and the port"))?;
        steps.push("STARTTLS".into());
    }
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        let credentials = Credentials::new(user.clone(), password.expose_secret().to_owned());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
            .map_err(|e| format!("{server} refused the login of {user}: {e}; check mail.smtp.username and password"))?;
        steps.push(format!("logged in as {user}"));
    }
    conn.command(Mail::new(Some(sender.email.clone()), Vec::new())).await.map_err(|e| {
        format!(
            "{server} refuses the sender {}: {e}; set mail.from to an address this server may send from",
            sender.email
        )
    })?;
    steps.push(format!("sender {} accepted (no mail sent)", sender.email));
    let _ = conn.command(Rset).await;
    let _ = conn.quit().await;
    Ok(steps.join(", "))
}

/// A read-only call with the secret key: `GET /v1/balance`.
async fn stripe_check(stripe: &StripeSettings, mode: Mode) -> Check {
    let name = "payments";
    let base = stripe.api_base.trim_end_matches('/');
    let client = match reqwest::Client::builder().timeout(Duration::from_secs(15)).build() {
        Ok(c) => c,
        Err(e) => return Check::new(name, Status::Fail, format!("no HTTP client: {e}")),
    };
    let key = stripe.secret_key.expose_secret();
    // The same pinned version as every call the portal makes: a version Stripe
    // does not accept shows here, not at the first charge.
    let answer = client
        .get(format!("{base}/v1/balance"))
        .bearer_auth(key)
        .header("Stripe-Version", cps_jobs::stripe::STRIPE_API_VERSION)
        .send()
        .await;
    match answer {
        Ok(res) if res.status().is_success() => {
            let found = format!("Stripe at {base} accepted the secret key (read-only GET /v1/balance)");
            if mode == Mode::Production && key.starts_with("sk_test_") {
                Check::new(
                    name,
                    Status::Warn,
                    format!("{found}, but it is a test key: no real card is charged; use the live key (sk_live_…)"),
                )
            } else {
                Check::new(name, Status::Ok, found)
            }
        }
        Ok(res) if res.status() == reqwest::StatusCode::UNAUTHORIZED => Check::new(
            name,
            Status::Fail,
            format!(
                "Stripe at {base} refused the secret key (401): copy the secret key (sk_live_…) from the Stripe \
                 dashboard into CPS__PAYMENTS__STRIPE__SECRET_KEY"
            ),
        ),
        Ok(res) => Check::new(
            name,
            Status::Fail,
            format!(
                "Stripe at {base} answered {} to GET /v1/balance (Stripe-Version {}); check payments.stripe.api_base \
                 and the key",
                res.status(),
                cps_jobs::stripe::STRIPE_API_VERSION
            ),
        ),
        Err(e) => Check::new(
            name,
            Status::Fail,
            format!("cannot reach Stripe at {base}: {e}; check payments.stripe.api_base and outgoing HTTPS"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(env: &[(&str, &str)]) -> Settings {
        let vars: std::collections::HashMap<String, String> =
            env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Settings::load_from(Path::new("/nonexistent/cps.toml"), Some(vars)).expect("settings")
    }

    fn find<'a>(checks: &'a [Check], name: &str) -> &'a Check {
        checks.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} line"))
    }

    const REAL_SELLER: [(&str, &str); 6] = [
        ("CPS__BILLING__SELLER__NAME", "Kameraservice Norden AB"),
        ("CPS__BILLING__SELLER__STREET", "Verkstadsgatan 4"),
        ("CPS__BILLING__SELLER__VAT_NUMBER", "SE556036079301"),
        ("CPS__BILLING__SELLER__ORG_NUMBER", "556036-0793"),
        ("CPS__BILLING__SELLER__IBAN", "SE3550000000054910000003"),
        ("CPS__BILLING__SELLER__BANKGIRO", "123-4567"),
    ];

    #[test]
    fn the_defaults_are_fine_for_development_and_fatal_for_production() {
        let dev = configuration(&settings(&[]));
        assert_eq!(failed(&dev), 0, "{dev:#?}");
        assert_eq!(find(&dev, "mode").status, Status::Warn);
        assert_eq!(find(&dev, "seller").status, Status::Warn, "the sample seller is worth a word");
        let prod = configuration(&settings(&[("CPS__MODE", "production")]));
        for name in ["secret key", "public URL", "mail", "payments", "seller"] {
            assert_eq!(find(&prod, name).status, Status::Fail, "{name}: {prod:#?}");
        }
        assert!(find(&prod, "seller").message.contains("name, street, vat_number, org_number, iban, bankgiro"));
    }

    #[test]
    fn a_filled_in_production_configuration_passes() {
        let mut env = vec![
            ("CPS__MODE", "production"),
            ("CPS__SECURITY__SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            ("CPS__SERVER__PUBLIC_BASE_URL", "https://cps.example.com"),
            ("CPS__MAIL__TRANSPORT", "smtp"),
            ("CPS__MAIL__SMTP__HOST", "smtp.example.com"),
            ("CPS__MAIL__SMTP__PORT", "587"),
            ("CPS__MAIL__SMTP__SECURITY", "starttls"),
            ("CPS__PAYMENTS__GATEWAY", "stripe"),
            ("CPS__PAYMENTS__STRIPE__API_BASE", "https://api.stripe.com"),
            ("CPS__PAYMENTS__STRIPE__JS_URL", "https://js.stripe.com/v3/"),
            ("CPS__PAYMENTS__STRIPE__PUBLISHABLE_KEY", "pk_live_x"),
            ("CPS__PAYMENTS__STRIPE__SECRET_KEY", "sk_live_x"),
            ("CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET", "whsec_x"),
        ];
        env.extend(REAL_SELLER);
        let checks = configuration(&settings(&env));
        assert_eq!(failed(&checks), 0, "{checks:#?}");
        assert_eq!(find(&checks, "metrics").status, Status::Ok, "/metrics on its own private listener by default");
    }

    #[test]
    fn secret_keys_must_be_long_and_urls_https_in_production() {
        let short = settings(&[("CPS__SECURITY__SECRET_KEY", "short")]);
        assert_eq!(secret_key(&short).status, Status::Fail, "short is wrong in any mode");
        let http = settings(&[("CPS__MODE", "production"), ("CPS__SERVER__PUBLIC_BASE_URL", "http://cps.example.com")]);
        assert_eq!(public_url(&http).status, Status::Fail);
        assert!(public_url(&http).message.contains("https"));
        let ftp = settings(&[("CPS__SERVER__PUBLIC_BASE_URL", "ftp://x")]);
        assert_eq!(public_url(&ftp).status, Status::Fail);
    }

    #[test]
    fn webhook_secrets_are_signing_secrets() {
        let stripe = |secret: &str| {
            settings(&[
                ("CPS__PAYMENTS__GATEWAY", "stripe"),
                ("CPS__PAYMENTS__STRIPE__API_BASE", "https://api.stripe.com"),
                ("CPS__PAYMENTS__STRIPE__JS_URL", "https://js.stripe.com/v3/"),
                ("CPS__PAYMENTS__STRIPE__PUBLISHABLE_KEY", "pk_live_x"),
                ("CPS__PAYMENTS__STRIPE__SECRET_KEY", "sk_live_x"),
                ("CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET", secret),
            ])
        };
        assert_eq!(webhook_secret(&stripe("whsec_abc")).status, Status::Ok);
        assert_eq!(webhook_secret(&stripe("sk_live_x")).status, Status::Fail);
        assert_eq!(webhook_secret(&stripe(" ")).status, Status::Fail);
        assert!(failed(&configuration(&stripe(" "))) > 0, "cps serve refuses in production");
        // In any mode the gateway (and so `cps serve`, `cps worker`) refuses an empty secret.
        let refused = stripe(" ").payments.stripe().expect_err("no gateway without a webhook secret");
        assert!(format!("{refused:#}").contains("webhook_secret is empty"), "{refused:#}");
        assert!(stripe("whsec_abc").payments.stripe().expect("gateway").is_some());
    }

    #[test]
    fn metrics_are_private_only_on_a_private_listener() {
        assert_eq!(metrics("").status, Status::Ok, "off");
        assert_eq!(metrics("127.0.0.1:9464").status, Status::Ok);
        assert_eq!(metrics("10.0.0.5:9100").status, Status::Ok);
        assert_eq!(metrics("0.0.0.0:9100").status, Status::Warn);
        assert_eq!(metrics("203.0.113.9:9100").status, Status::Warn);
    }

    #[test]
    fn a_newer_schema_is_an_error_and_pending_migrations_depend_on_who_applies_them() {
        let status = |pending: &[&str], unknown: &[&str]| SchemaStatus {
            known: 11,
            pending: pending.iter().map(|s| (*s).to_owned()).collect(),
            unknown: unknown.iter().map(|s| (*s).to_owned()).collect(),
        };
        assert_eq!(schema(&status(&[], &[]), false).status, Status::Ok);
        assert_eq!(schema(&status(&["m0011"], &[]), true).status, Status::Warn);
        assert_eq!(schema(&status(&["m0011"], &[]), false).status, Status::Fail);
        let newer = schema(&status(&[], &["m0099_future"]), true);
        assert_eq!(newer.status, Status::Fail);
        assert!(newer.message.contains("m0099_future"));
    }

    #[test]
    fn passwords_never_appear_in_database_urls() {
        assert_eq!(redacted("postgres://cps:s3cret@db:5432/cps"), "postgres://cps:***@db:5432/cps");
        assert_eq!(redacted("postgres://cps@db/cps"), "postgres://cps@db/cps");
        assert_eq!(redacted("sqlite://data/cps.db"), "sqlite://data/cps.db");
    }

    #[test]
    fn the_example_configuration_ships_the_sample_seller() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../cps.example.toml");
        let s = Settings::load_from(Path::new(example), Some(std::collections::HashMap::new())).expect("example loads");
        assert_eq!(s.billing.seller, cps_domain::billing::Seller::sample(), "the example and the defaults agree");
        assert_eq!(s.billing.f_tax_statement, cps_domain::billing::DEFAULT_F_TAX_STATEMENT);
    }
}
