//! Configuration in layers: built-in defaults → `cps.toml` → `CPS__SECTION__KEY`
//! environment variables (for example `CPS__DATABASE__URL`).

use anyhow::Context;
use cps_jobs::{SmtpConfig, SmtpSecurity};
use secrecy::SecretString;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
pub struct Settings {
    pub mode: Mode,
    pub server: Server,
    pub database: DatabaseSettings,
    pub security: Security,
    pub mail: MailSettings,
    pub log: Log,
    pub points: PointsSettings,
    pub billing: BillingSettings,
    pub payments: PaymentSettings,
    pub retention: RetentionSettings,
    pub service: ServiceSettings,
}

/// The service centre that repairs members' products (issue 15): the
/// recipient printed on every shipping label.
#[derive(Debug, Deserialize)]
pub struct ServiceSettings {
    pub centre_name: String,
    pub centre_street: String,
    pub centre_postal_code: String,
    pub centre_city: String,
    /// ISO 3166-1 alpha-2 (`SE`); the label prints the country's name.
    pub centre_country: String,
    /// The diagnosis fee a business without a membership pays when it
    /// declines a repair quote, in minor units (öre, cent); 0: none.
    pub diagnosis_fee_sek_minor: i64,
    pub diagnosis_fee_eur_minor: i64,
}

impl ServiceSettings {
    /// The service centre's address, as the shipping label takes it.
    pub fn centre(&self) -> cps_domain::shipping::PostalAddress {
        cps_domain::shipping::PostalAddress {
            name: self.centre_name.clone(),
            street: self.centre_street.clone(),
            postal_code: self.centre_postal_code.clone(),
            city: self.centre_city.clone(),
            country: self.centre_country.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RetentionSettings {
    /// Days from closing an account until the nightly job anonymises what
    /// closing kept (name, numbers, address). Invoices stay 7 years regardless.
    pub closed_account_days: u32,
}

#[derive(Debug, Deserialize)]
pub struct PaymentSettings {
    /// `sandbox` (built in, the default) or `stripe`.
    pub gateway: String,
    pub stripe: Option<StripeSettings>,
}

#[derive(Debug, Deserialize)]
pub struct StripeSettings {
    pub api_base: String,
    pub js_url: String,
    pub publishable_key: String,
    pub secret_key: SecretString,
    pub webhook_secret: SecretString,
    /// Seconds a call to Stripe may take before it counts as unreachable: the
    /// member sees "try again in a moment", the charge job retries.
    #[serde(default = "default_stripe_timeout_seconds")]
    pub timeout_seconds: u64,
}

fn default_stripe_timeout_seconds() -> u64 {
    cps_jobs::stripe::DEFAULT_TIMEOUT.as_secs()
}

impl PaymentSettings {
    /// The Stripe gateway when `gateway = "stripe"`.
    pub fn stripe(&self) -> anyhow::Result<Option<cps_jobs::stripe::StripeGateway>> {
        match self.gateway.as_str() {
            "sandbox" => Ok(None),
            "stripe" => {
                let s = self.stripe.as_ref().context("payments.gateway = \"stripe\" needs [payments.stripe]")?;
                Ok(Some(cps_jobs::stripe::StripeGateway::new(cps_jobs::stripe::StripeConfig {
                    api_base: s.api_base.clone(),
                    secret_key: s.secret_key.clone(),
                    publishable_key: s.publishable_key.clone(),
                    js_url: s.js_url.clone(),
                    webhook_secret: s.webhook_secret.clone(),
                    timeout: std::time::Duration::from_secs(s.timeout_seconds.max(1)),
                })?))
            }
            other => anyhow::bail!("payments.gateway must be sandbox or stripe, not {other}"),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct BillingSettings {
    /// Deprecated: the seller's country is `billing.seller.country`, which
    /// both decides VAT and is printed on invoices. Still read: equal to it,
    /// a warning; different, the configuration is refused.
    pub seller_country: Option<String>,
    /// The seller's VAT rate in basis points (2500 = 25 %).
    pub vat_rate_bp: i64,
    /// Minutes from an order to its invoice ("within a few hours").
    pub invoice_delay_minutes: i64,
    /// The seller as printed on invoices.
    pub seller: cps_domain::billing::Seller,
    /// Printed under the seller on every invoice PDF ("Godkänd för F-skatt",
    /// which Swedish invoices must carry when the seller is approved for
    /// F-tax); empty: nothing is printed.
    pub f_tax_statement: String,
    /// Days after each failed card charge until the next try.
    pub retry_days: Vec<i64>,
    /// Days after the due date until an unpaid membership is suspended.
    pub grace_days: i64,
    /// The VIES REST API that confirms buyers' VAT numbers (reverse charge
    /// needs a confirmed number); empty: no checks, and so no reverse charge
    /// for numbers never confirmed.
    pub vies_base_url: String,
}

impl BillingSettings {
    /// The VIES client, naming the seller so that VIES gives consultation numbers.
    pub fn vies(&self) -> anyhow::Result<Option<std::sync::Arc<dyn cps_jobs::vies::ViesClient>>> {
        if self.vies_base_url.trim().is_empty() {
            return Ok(None);
        }
        let requester = (self.seller.vat_number != cps_domain::billing::Seller::sample().vat_number)
            .then(|| self.seller.vat_number.clone());
        Ok(Some(std::sync::Arc::new(cps_jobs::vies::HttpVies::new(&self.vies_base_url, requester)?)))
    }
}

#[derive(Debug, Deserialize)]
pub struct PointsSettings {
    /// The balance at which a business is invited to join.
    pub invitation_threshold: i64,
    /// Lower points with product age where the catalogue defines a decline:
    /// at completion, and by the daily job as products get older.
    pub decline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Development,
    Production,
}

#[derive(Debug, Deserialize)]
pub struct Server {
    pub bind: String,
    pub public_base_url: String,
    /// Deprecated: `true` means one proxy in front (`proxy_hops = 1`).
    pub trust_proxy: bool,
    /// How many proxies in front are trusted, counted from the portal.
    pub proxy_hops: u32,
    /// Proxies trusted by address or network (`127.0.0.1`, `10.0.0.0/8`).
    pub trusted_proxies: Vec<String>,
    /// Where `/metrics` is served (its own listener); empty: not at all.
    pub metrics_bind: String,
    /// Run the job worker inside the web process (single-binary mode).
    pub run_worker: bool,
    /// Apply migrations when `serve` starts (single-binary mode).
    pub migrate_on_start: bool,
    pub data_dir: String,
}

#[derive(Debug, Deserialize)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Deserialize)]
pub struct Security {
    pub secret_key: Option<SecretString>,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub login_per_ip_per_minute: u32,
    pub forms_per_ip_per_minute: u32,
    /// Member API requests per token per minute.
    pub api_per_token_per_minute: u32,
}

#[derive(Debug, Deserialize)]
pub struct MailSettings {
    pub from: String,
    pub transport: Transport,
    pub outbox_dir: String,
    pub smtp: Option<SmtpSettings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Outbox,
    Smtp,
}

#[derive(Debug, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

impl SmtpSettings {
    pub fn to_config(&self) -> SmtpConfig {
        SmtpConfig {
            host: self.host.clone(),
            port: self.port,
            security: self.security,
            username: self.username.clone(),
            password: self.password.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Log {
    pub format: LogFormat,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Server {
    /// The proxies whose `X-Forwarded-For` entries are believed. The old
    /// `trust_proxy = true` means one proxy in front, which is what it was
    /// meant for (it used to take the left-most entry, which clients write).
    pub fn trusted_proxies(&self) -> anyhow::Result<cps_domain::net::TrustedProxies> {
        let hops = if self.trust_proxy { self.proxy_hops.max(1) } else { self.proxy_hops };
        cps_domain::net::TrustedProxies::parse(hops, &self.trusted_proxies).context("server.trusted_proxies")
    }
}

impl Settings {
    pub fn load(file: &Path) -> anyhow::Result<Settings> {
        Settings::load_from(file, None)
    }

    /// Loads with `env` in place of the process environment when given (tests).
    pub fn load_from(file: &Path, env: Option<std::collections::HashMap<String, String>>) -> anyhow::Result<Settings> {
        // The seller's defaults are the sample that `cps doctor` warns about.
        let sample = cps_domain::billing::Seller::sample();
        let centre = cps_domain::shipping::PostalAddress::sample_service_centre();
        let c = config::Config::builder()
            .set_default("mode", "development")?
            .set_default("server.bind", "127.0.0.1:8080")?
            .set_default("server.public_base_url", "http://127.0.0.1:8080")?
            .set_default("server.trust_proxy", false)?
            .set_default("server.proxy_hops", 0)?
            .set_default("server.trusted_proxies", Vec::<String>::new())?
            .set_default("server.metrics_bind", "127.0.0.1:9464")?
            .set_default("server.run_worker", true)?
            .set_default("server.migrate_on_start", true)?
            .set_default("server.data_dir", "data")?
            .set_default("database.url", "sqlite://data/cps.db")?
            .set_default("database.max_connections", 10)?
            .set_default("security.session_idle_minutes", 30)?
            .set_default("security.session_absolute_hours", 12)?
            .set_default("security.login_per_ip_per_minute", 30)?
            .set_default("security.forms_per_ip_per_minute", 20)?
            .set_default("security.api_per_token_per_minute", 600)?
            .set_default("mail.from", "CPS <donotreply@cps.example>")?
            .set_default("mail.transport", "outbox")?
            .set_default("mail.outbox_dir", "data/outbox")?
            .set_default("log.format", "pretty")?
            .set_default("log.filter", "info")?
            .set_default("points.invitation_threshold", cps_domain::points::INVITATION_POINTS)?
            .set_default("points.decline", false)?
            .set_default("billing.vat_rate_bp", 2500)?
            .set_default("billing.invoice_delay_minutes", 60)?
            .set_default("billing.retry_days", vec![1_i64, 3, 7])?
            .set_default("billing.grace_days", 14)?
            .set_default("billing.f_tax_statement", cps_domain::billing::DEFAULT_F_TAX_STATEMENT)?
            .set_default("billing.vies_base_url", cps_jobs::vies::VIES_BASE_URL)?
            .set_default("payments.gateway", "sandbox")?
            .set_default("retention.closed_account_days", 90)?
            .set_default("billing.seller.name", sample.name)?
            .set_default("billing.seller.street", sample.street)?
            .set_default("billing.seller.postal_code", sample.postal_code)?
            .set_default("billing.seller.city", sample.city)?
            .set_default("billing.seller.country", sample.country)?
            .set_default("billing.seller.vat_number", sample.vat_number)?
            .set_default("billing.seller.org_number", sample.org_number)?
            .set_default("billing.seller.iban", sample.iban)?
            .set_default("billing.seller.bic", sample.bic)?
            .set_default("billing.seller.bankgiro", sample.bankgiro)?
            .set_default("billing.seller.series", sample.series)?
            .set_default("billing.seller.payment_terms_days", sample.payment_terms_days)?
            .set_default("service.centre_name", centre.name)?
            .set_default("service.centre_street", centre.street)?
            .set_default("service.centre_postal_code", centre.postal_code)?
            .set_default("service.centre_city", centre.city)?
            .set_default("service.centre_country", centre.country)?
            .set_default("service.diagnosis_fee_sek_minor", 0)?
            .set_default("service.diagnosis_fee_eur_minor", 0)?
            .add_source(config::File::from(file).required(false))
            .add_source(
                config::Environment::with_prefix("CPS")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .source(env),
            )
            .build()
            .context("reading the configuration")?;
        let s: Settings = c.try_deserialize().context("the configuration is invalid")?;
        if let Some(old) = &s.billing.seller_country {
            let country = &s.billing.seller.country;
            anyhow::ensure!(
                old.trim().eq_ignore_ascii_case(country.trim()),
                "billing.seller_country (\"{old}\") is deprecated and differs from billing.seller.country \
                 (\"{country}\"): the seller has one country, billing.seller.country, which decides VAT and is \
                 printed on invoices; set it there and remove billing.seller_country"
            );
            eprintln!(
                "warning: billing.seller_country is deprecated: billing.seller.country decides VAT and is printed \
                 on invoices; remove billing.seller_country"
            );
        }
        if s.mail.transport == Transport::Smtp && s.mail.smtp.is_none() {
            anyhow::bail!("mail.transport = \"smtp\" needs a [mail.smtp] section");
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let env = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Settings::load_from(Path::new("/nonexistent/cps.toml"), Some(env))
    }

    #[test]
    fn the_seller_has_one_country_and_the_old_key_must_agree_with_it() {
        let s = with_env(&[("CPS__BILLING__SELLER__COUNTRY", "FI")]).unwrap();
        assert_eq!(s.billing.seller.country, "FI");
        assert!(s.billing.seller_country.is_none());
        let same = with_env(&[("CPS__BILLING__SELLER__COUNTRY", "FI"), ("CPS__BILLING__SELLER_COUNTRY", "fi")]);
        assert!(same.is_ok(), "the deprecated key, equal: read with a warning");
        let differs = with_env(&[("CPS__BILLING__SELLER__COUNTRY", "SE"), ("CPS__BILLING__SELLER_COUNTRY", "FI")])
            .expect_err("two countries are refused");
        assert!(format!("{differs:#}").contains("billing.seller_country (\"FI\") is deprecated"), "{differs:#}");
    }

    #[test]
    fn the_service_centre_has_defaults_the_example_agrees_with_and_can_be_set() {
        let sample = cps_domain::shipping::PostalAddress::sample_service_centre();
        assert_eq!(with_env(&[]).unwrap().service.centre(), sample, "the built-in default");
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../cps.example.toml");
        let s = Settings::load_from(Path::new(example), Some(std::collections::HashMap::new())).unwrap();
        assert_eq!(s.service.centre(), sample, "cps.example.toml shows the defaults");
        let set = with_env(&[("CPS__SERVICE__CENTRE_CITY", "Malmö"), ("CPS__SERVICE__CENTRE_COUNTRY", "DK")]).unwrap();
        assert_eq!((set.service.centre().city.as_str(), set.service.centre().country.as_str()), ("Malmö", "DK"));
    }
}
