use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, Utc};
use cps_domain::ManualClock;
use cps_domain::throttle::ThrottlePolicy;
use cps_jobs::{Links, MailConfig, Mailer, SentMail, Worker};
use cps_store::Store;
use cps_store::memberships::{CheckoutRequest, PaymentMethod, SellerRules};
use cps_store::sessions::SessionLimits;
use cps_web::{AppState, RateLimits, WebConfig};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

pub const BASE: &str = "http://cps.test";

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub worker: Worker,
    pub sent: Arc<Mutex<Vec<SentMail>>>,
    /// The fake VIES this app asks (it knows `DE123456789`).
    pub vies: crate::fake_vies::FakeVies,
    url: String,
    config: WebConfig,
    points: cps_store::PointsRules,
    _dir: tempfile::TempDir,
}

pub struct Options {
    pub login_per_ip_per_minute: u32,
    pub forms_per_ip_per_minute: u32,
    /// Member API requests per token per minute.
    pub api_per_token_per_minute: u32,
    /// Serve as `https://cps.test` (secure cookies).
    pub https: bool,
    /// Save and charge cards through Stripe (localstripe in tests).
    pub stripe: Option<cps_jobs::stripe::StripeGateway>,
    /// `points.decline`: points decline with product age (off by default, as in cps.toml).
    pub points_decline: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            login_per_ip_per_minute: 10_000,
            forms_per_ip_per_minute: 10_000,
            api_per_token_per_minute: 600,
            https: false,
            stripe: None,
            points_decline: false,
        }
    }
}

/// A database of its own for one test.
pub async fn fresh_store(dir: &std::path::Path) -> Store {
    connect(&fresh_url(dir).await).await
}

/// The URL of a new, empty database for one test.
async fn fresh_url(dir: &std::path::Path) -> String {
    match std::env::var("CPS_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let admin = Store::connect(&url, 2).await.expect("PostgreSQL for tests is reachable");
            let name = format!("cps_t_{}", &cps_store::tokens::Secret::generate().plain[..16]);
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await.ok();
            let (base, _) = url.rsplit_once('/').expect("URL has a database name");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/cps.db", dir.display()),
    }
}

async fn connect(url: &str) -> Store {
    Store::connect(url, 10).await.expect("connect to the test database").with_seller(seller_rules())
}

/// The seller printed on test invoices.
pub fn seller() -> cps_domain::billing::Seller {
    cps_domain::billing::Seller {
        name: "CPS Test Seller AB".into(),
        street: "Exempelgatan 1".into(),
        postal_code: "111 11".into(),
        city: "Stockholm".into(),
        country: "SE".into(),
        vat_number: "SE556036079301".into(),
        org_number: "556036-0793".into(),
        iban: "SE4550000000058398257466".into(),
        bic: "ESSESESS".into(),
        bankgiro: "5050-1055".into(),
        series: "CPS".into(),
        payment_terms_days: 30,
    }
}

/// The seller's VAT rules in tests (as the app is configured): Sweden,
/// 25 % VAT, invoices issued 60 minutes after the order.
pub fn seller_rules() -> SellerRules {
    SellerRules {
        country: cps_domain::Country::parse("SE").expect("SE"),
        vat_rate_bp: 2500,
        invoice_delay: Duration::minutes(60),
    }
}

/// What service decisions invoice with in tests: the test seller and a
/// diagnosis fee of 495,00 kr / 45,00 € for businesses without a membership.
pub fn service_billing() -> cps_store::service::ServiceBilling {
    cps_store::service::ServiceBilling {
        seller: seller(),
        diagnosis_fee_sek_minor: 49_500,
        diagnosis_fee_eur_minor: 4_500,
    }
}

/// A card saved with the sandbox gateway: `sandbox_card_ok` is charged,
/// `sandbox_card_decline` is declined.
pub fn sandbox_card(reference: &str) -> cps_store::payments::CardToken {
    cps_store::payments::CardToken { gateway: "sandbox".into(), reference: reference.into(), label: "test".into() }
}

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z").expect("valid").with_timezone(&Utc)
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with(Options::default()).await
    }

    pub async fn with(o: Options) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = fresh_url(dir.path()).await;
        let points = cps_store::PointsRules { decline: o.points_decline, ..cps_store::PointsRules::default() };
        let store = connect(&url).await.with_points(points);
        store.migrate().await.expect("migrations");
        let catalogue = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped()).expect("catalogue");
        store
            .import_catalogue(&catalogue, cps_store::catalogue::ImportMode::Extend, t0())
            .await
            .expect("catalogue import");
        let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped()).expect("tiers");
        store.import_tiers(&tiers, t0()).await.expect("tiers import");
        let clock = Arc::new(ManualClock::new(t0()));
        let base = if o.https { BASE.replace("http://", "https://") } else { BASE.to_owned() };
        let vies = crate::fake_vies::FakeVies::start(&["DE123456789"]).await;
        let vies_client: Arc<dyn cps_jobs::vies::ViesClient> =
            Arc::new(cps_jobs::vies::HttpVies::new(&vies.base, Some(seller().vat_number)).expect("VIES client"));
        let rules = seller_rules();
        let config = WebConfig {
            public_base_url: base.clone(),
            secret_key: "test-secret-key-that-is-long-enough-0123456789".to_owned().into(),
            session: SessionLimits { idle: Duration::minutes(30), absolute: Duration::hours(12) },
            throttle: ThrottlePolicy::default(),
            rate_limits: RateLimits {
                login_per_ip_per_minute: o.login_per_ip_per_minute,
                forms_per_ip_per_minute: o.forms_per_ip_per_minute,
                api_per_token_per_minute: o.api_per_token_per_minute,
            },
            // Requests come from a proxy on 127.0.0.1 (see `Browser::request`).
            trusted_proxies: cps_domain::net::TrustedProxies::parse(0, &["127.0.0.1".into()]).expect("network"),
            mail_sender: "donotreply@cps.test".into(),
            bank_accounts: cps_domain::bankfile::OwnAccounts::of(&seller()),
            stripe: o.stripe.clone(),
            f_tax_statement: cps_domain::billing::DEFAULT_F_TAX_STATEMENT.to_owned(),
            vies: Some(vies_client.clone()),
            service_centre: cps_domain::shipping::PostalAddress::sample_service_centre(),
            service_billing: service_billing(),
        };
        let state = AppState::new(store.clone(), clock.clone(), config.clone()).await.expect("state");
        let (mailer, sent) = Mailer::memory();
        let mail = MailConfig {
            from: "CPS <donotreply@cps.test>".parse().expect("mailbox"),
            links: Links::new(&base),
            log_links: false,
        };
        let mut worker =
            Worker::new(store.clone(), mailer, mail, clock.clone()).with_seller(seller()).with_vies(vies_client, rules);
        if let Some(stripe) = o.stripe {
            worker = worker.with_stripe(Arc::new(stripe));
        }
        TestApp { router: cps_web::router(state), store, clock, worker, sent, vies, url, config, points, _dir: dir }
    }

    /// Another node on this app's database: a store of its own (so its own
    /// memory of the catalogue, tiers and member pages' data) and a router
    /// of its own, with the same clock and configuration.
    pub async fn other_node(&self) -> (Router, Store) {
        let store = connect(&self.url).await.with_points(self.points);
        let state = AppState::new(store.clone(), self.clock.clone(), self.config.clone()).await.expect("state");
        (cps_web::router(state), store)
    }

    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            lang: "sv".into(),
            ip: "192.0.2.1".into(),
            peer: std::net::SocketAddr::from(([127, 0, 0, 1], 41_000)),
        }
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use cps_domain::Clock;
        self.clock.now()
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Runs the queued jobs (mail), as the worker would.
    pub async fn run_jobs(&self) -> usize {
        self.worker.run_until_idle().await.expect("jobs run")
    }

    pub fn mails(&self) -> Vec<SentMail> {
        self.sent.lock().expect("lock").clone()
    }

    pub fn mails_to(&self, to: &str) -> Vec<SentMail> {
        self.mails().into_iter().filter(|m| m.to == to).collect()
    }

    /// The first link into the portal in the newest mail to `to`.
    pub fn link_in_last_mail(&self, to: &str) -> String {
        let mail = self.mails_to(to).pop().unwrap_or_else(|| panic!("no mail to {to}"));
        let start = mail.text.find(BASE).expect("a link in the mail");
        let link: String = mail.text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
        link.trim_start_matches(BASE).to_owned()
    }

    pub async fn assert_no_jobs_left(&self) {
        let counts = self.store.queue_counts().await.expect("counts");
        assert_eq!(counts.pending + counts.failed, 0, "jobs left behind: {counts:?}");
    }

    /// Signs up, activates with `password` and logs in; returns the logged-in browser.
    pub async fn member(&self, email: &str, company: &str, password: &str) -> Browser {
        let mut b = self.browser();
        let res = b.post_form("/signup", &signup_form(email, company)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        self.run_jobs().await;
        let link = self.link_in_last_mail(email);
        b.get(&link).await;
        let res = b.post_form(&link, &[("password", password), ("password_confirm", password)]).await;
        assert_eq!(res.location(), Some("/login"), "{}", res.body);
        let res = b.post_form("/login", &[("email", email), ("password", password)]).await;
        assert_eq!(res.location(), Some("/products"), "{}", res.body);
        b
    }
}

impl TestApp {
    /// Gives the business 600 points and checks out a one-year Silver
    /// membership paid with `method` (a card: the sandbox's good card);
    /// returns the order id. Its invoice comes once the clock is past the
    /// 60-minute delay and the jobs have run.
    pub async fn silver_order(&self, business_id: i64, user_id: i64, method: PaymentMethod) -> i64 {
        self.give_points(business_id, 600).await;
        self.silver_checkout(business_id, user_id, method).await
    }

    /// Moves the clock past the invoice delay, runs the jobs and gives the
    /// first of the business's invoices.
    pub async fn invoice_after_delay(&self, business_id: i64) -> cps_store::billing::Invoice {
        self.advance(Duration::minutes(61));
        self.run_jobs().await;
        self.store.invoices(business_id).await.expect("invoices").into_iter().next().expect("an invoice")
    }

    /// Signs a business up straight in the store (no mail, no password):
    /// Storgatan 1, 111 22 Stockholm, contact Anna, Swedish.
    pub async fn sign_up_in_store(&self, company: &str, email: &str, country: &str, vat: &str) {
        let signup = cps_domain::account::SignUp::parse(&cps_domain::account::SignUpInput {
            company_name: company.into(),
            vat_number: vat.into(),
            country: country.into(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            contact_name: "Anna".into(),
            email: email.into(),
            language: "sv".into(),
            ..Default::default()
        })
        .expect("valid");
        self.store.sign_up(&signup, self.clock_now()).await.expect("sign up");
    }

    /// Staff credit the invoice in full; gives the credit note's id.
    pub async fn credit(&self, invoice_id: i64, reason: &str) -> i64 {
        self.store.credit_invoice(invoice_id, reason, &test_staff(), self.clock_now()).await.expect("credit")
    }

    /// Staff give the business `points` (a "test" adjustment).
    pub async fn give_points(&self, business_id: i64, points: i64) {
        self.store
            .staff_adjust_points(business_id, points, "test", &test_staff(), self.clock_now())
            .await
            .expect("points");
    }

    /// [`Self::silver_order`] for a business that already has the points.
    /// The idempotency key is the business id, zero-padded to 40 digits.
    pub async fn silver_checkout(&self, business_id: i64, user_id: i64, method: PaymentMethod) -> i64 {
        let key = format!("{business_id:0>40}");
        let req = CheckoutRequest {
            business_id,
            user_id,
            idempotency_key: &key,
            tier_code: "SILVER",
            years: 1,
            method,
            card: (method == PaymentMethod::Card).then(|| sandbox_card("sandbox_card_ok")),
            buyer_reference: None,
        };
        self.store.checkout(&req, self.clock_now()).await.expect("checkout qualifies").order_id
    }
}

pub fn signup_form<'a>(email: &'a str, company: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("company_name", company),
        ("vat_number", "SE556036079301"),
        ("org_number", ""),
        ("country", "SE"),
        ("street", "Storgatan 1"),
        ("postal_code", "111 22"),
        ("city", "Stockholm"),
        ("contact_name", "Anna Berg"),
        ("email", email),
        ("language", "sv"),
        ("old_email", ""),
    ]
}

/// The text a reader sees in `html`: tags dropped (each counts as a space),
/// runs of ASCII whitespace made one space. The no-break space of Swedish
/// numbers stays as it is.
pub fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value of the hidden CSRF field of the page, if it has a form.
    pub fn csrf(&self) -> Option<String> {
        let at = self.body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
        Some(self.body[at..].chars().take_while(|c| *c != '"').collect())
    }
}

/// A browser: keeps cookies, sends forms with the CSRF token of the page.
#[derive(Clone)]
pub struct Browser {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub lang: String,
    /// The `X-Forwarded-For` the proxy sends on (the client's address, or
    /// a whole list).
    pub ip: String,
    /// Who opens the connection: the trusted proxy on 127.0.0.1 unless a
    /// test goes around it.
    pub peer: std::net::SocketAddr,
}

impl Browser {
    /// The same browser (its cookies) talking to another node.
    pub fn on(&self, router: &Router) -> Browser {
        Browser { router: router.clone(), ..self.clone() }
    }

    pub async fn send(&mut self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().expect("ascii cookie");
            let first = v.split(';').next().unwrap_or_default();
            let (name, value) = first.split_once('=').unwrap_or((first, ""));
            if v.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    pub fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::ACCEPT_LANGUAGE, self.lang.as_str())
            .header("x-forwarded-for", self.ip.as_str())
            .extension(axum::extract::ConnectInfo(self.peer));
        if !cookie.is_empty() {
            b = b.header(header::COOKIE, cookie);
        }
        b
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = self.request("GET", path).body(Body::empty()).expect("request");
        self.send(req).await
    }

    /// Fetches a page with a form to get a token, then posts `fields` with it.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// A token as the pages give it to this browser.
    pub async fn csrf_token(&mut self) -> String {
        let page = self.get("/password/forgot").await;
        page.csrf().expect("every page has the language form")
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        extra_headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).expect("form");
        let mut b = self.request("POST", path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in extra_headers {
            b = b.header(*k, *v);
        }
        let req = b.body(Body::from(body)).expect("request");
        self.send(req).await
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get("cps_session").cloned()
    }
}

/// The staff member named in audit entries of test set-up steps.
pub fn test_staff() -> cps_store::staff::StaffActor {
    cps_store::staff::StaffActor { id: 0, email: "test-setup@cps.test".into() }
}

pub const STAFF_PASSWORD: &str = "personalens eget långa lösenord";

impl TestApp {
    /// Creates a staff user with a known password and TOTP secret.
    pub async fn create_staff(&self, email: &str, role: cps_domain::staff::StaffRole) -> Vec<u8> {
        use argon2::password_hash::PasswordHasher;
        let hash = argon2::Argon2::default().hash_password(STAFF_PASSWORD.as_bytes()).expect("hash").to_string();
        let secret = format!("secret-of-{email}").into_bytes();
        self.store.create_staff(email, role, &hash, &secret, None, self.clock_now()).await.expect("new staff user");
        secret
    }

    /// The code an authenticator shows now.
    pub fn totp_now(&self, secret: &[u8]) -> String {
        cps_domain::totp::code_at(secret, self.clock_now().timestamp())
    }

    /// A browser past the password only (no second factor yet).
    pub async fn staff_password_only(&self, email: &str) -> Browser {
        let mut b = self.browser();
        let res = b.post_form("/admin/login", &[("email", email), ("password", STAFF_PASSWORD)]).await;
        assert_eq!(res.location(), Some("/admin/totp"), "{}", res.body);
        b
    }

    /// A staff user logged in with both factors.
    pub async fn staff(&self, email: &str, role: cps_domain::staff::StaffRole) -> Browser {
        let secret = self.create_staff(email, role).await;
        let mut b = self.staff_password_only(email).await;
        let code = self.totp_now(&secret);
        let res = b.post_form("/admin/totp", &[("code", &code)]).await;
        assert_eq!(res.location(), Some("/admin"), "{}", res.body);
        b
    }
}

impl Browser {
    /// A multipart form with the page's CSRF token, `fields` and one file.
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)], file: (&str, &str)) -> TestResponse {
        let token = self.csrf_token().await;
        let boundary = "CPSBOUNDARY7MA4YWxkTrZu0gW";
        let mut body = String::new();
        for (name, value) in std::iter::once(&("csrf", token.as_str())).chain(fields) {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n{}\r\n--{boundary}--\r\n",
            file.0, file.1
        ));
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }
}
