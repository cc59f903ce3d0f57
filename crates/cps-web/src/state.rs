use cps_domain::Clock;
use cps_domain::throttle::ThrottlePolicy;
use cps_store::Store;
use cps_store::sessions::SessionLimits;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use secrecy::{ExposeSecret, SecretString};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

/// What the web layer is configured with (built by the binary from `cps.toml`
/// and the environment).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address members reach the portal at; links in mails start with it.
    pub public_base_url: String,
    /// Key for the CSRF tokens (HMAC). Several app nodes must share it.
    pub secret_key: SecretString,
    pub session: SessionLimits,
    pub throttle: ThrottlePolicy,
    pub rate_limits: RateLimits,
    /// The reverse proxies in front, whose `X-Forwarded-For` entries are
    /// believed (none: the client is the connection's peer).
    pub trusted_proxies: cps_domain::net::TrustedProxies,
    /// The no-reply sender, named on the "check your email" page.
    pub mail_sender: String,
    /// The seller's own accounts (IBAN, Bankgiro): bank files for any other
    /// account are listed for staff, not booked.
    pub bank_accounts: cps_domain::bankfile::OwnAccounts,
    /// Cards are saved with Stripe (Stripe.js on the page) when set; else
    /// the built-in sandbox's test cards are offered.
    pub stripe: Option<cps_jobs::stripe::StripeGateway>,
    /// Printed under the seller on invoice PDFs (`billing.f_tax_statement`);
    /// used when a PDF is rendered on its first download.
    pub f_tax_statement: String,
    /// VIES, asked about VAT numbers given at sign-up and in the settings.
    pub vies: Option<Arc<dyn cps_jobs::vies::ViesClient>>,
    /// The service centre (`[service] centre_*`): the recipient on every
    /// shipping label (`cps_billing::shipping_label_pdf`).
    pub service_centre: cps_domain::shipping::PostalAddress,
    /// What a member's decision on a service quote invoices with: the
    /// seller (`billing.seller`) and the diagnosis fee (`[service]`).
    pub service_billing: cps_store::service::ServiceBilling,
}

/// Per-IP limits for anonymous forms, per minute.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub login_per_ip_per_minute: u32,
    pub forms_per_ip_per_minute: u32,
    /// Member API requests per token per minute (a window per token, per node).
    pub api_per_token_per_minute: u32,
}

impl WebConfig {
    /// Cookies get `Secure` and the `__Host-` prefix when served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub config: WebConfig,
    pub csrf_key: Vec<u8>,
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    pub forms_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// A hash to verify against when the address has no account, so a
    /// failed login takes as long either way.
    pub dummy_hash: String,
    /// The Content-Security-Policy, with Stripe's origins when it is used.
    pub csp: axum::http::HeaderValue,
    /// The kept invoice PDFs.
    pub documents: cps_jobs::documents::Documents,
    /// The member API's rate windows, by token id.
    pub api_windows: std::sync::Mutex<std::collections::HashMap<i64, cps_domain::api::RateWindow>>,
}

/// `scheme://host[:port]` of a URL.
pub(crate) fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..].find('/').map_or(url, |i| &url[..after_scheme + i])
}

fn content_security_policy(config: &WebConfig) -> anyhow::Result<axum::http::HeaderValue> {
    let (mut script, mut connect, mut frame) = ("'self'".to_owned(), "'self'".to_owned(), "'none'".to_owned());
    if let Some(s) = &config.stripe {
        let (js, api) = (origin(&s.config.js_url), origin(&s.config.api_base));
        script = format!("'self' {js}");
        connect = format!("'self' {api} {js}");
        frame = js.to_owned();
    }
    let csp = format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src {connect}; frame-src {frame}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    Ok(axum::http::HeaderValue::from_str(&csp)?)
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl AppState {
    pub async fn new(store: Store, clock: Arc<dyn Clock>, config: WebConfig) -> anyhow::Result<Self> {
        let dummy_hash = crate::password::hash(cps_store::tokens::Secret::generate().plain).await?;
        let csrf_key = config.secret_key.expose_secret().as_bytes().to_vec();
        anyhow::ensure!(csrf_key.len() >= 32, "security.secret_key must have at least 32 characters");
        let csp = content_security_policy(&config)?;
        let documents = cps_jobs::documents::Documents::new(store.clone(), clock.clone(), &config.f_tax_statement);
        Ok(Self {
            inner: Arc::new(Inner {
                csp,
                documents,
                login_limiter: RateLimiter::keyed(per_minute(config.rate_limits.login_per_ip_per_minute)),
                forms_limiter: RateLimiter::keyed(per_minute(config.rate_limits.forms_per_ip_per_minute)),
                store,
                clock,
                config,
                csrf_key,
                dummy_hash,
                api_windows: std::sync::Mutex::default(),
            }),
        })
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub(crate) fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn documents(&self) -> &cps_jobs::documents::Documents {
        &self.inner.documents
    }
}
