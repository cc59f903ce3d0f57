//! The Stripe gateway. At checkout the card is saved with a SetupIntent that
//! Stripe.js confirms in the browser (the card number never reaches us); on
//! the due date the invoice is charged off-session with a PaymentIntent whose
//! `Idempotency-Key` is the attempt's key, so a retried job never charges
//! twice. Webhooks are verified on the raw body (`Stripe-Signature`, HMAC
//! SHA-256, 300 s tolerance). Every call names the API version it was
//! written and tested against ([`STRIPE_API_VERSION`]), so the account's
//! default version never changes what the portal sends or reads.

use crate::payments::PaymentGateway;
use anyhow::{Context, bail};
use cps_store::payments::{CardToken, ChargeAttempt, ChargeResult};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sha2::Sha256;

/// The Stripe API version every request is pinned to (`Stripe-Version`).
/// The webhook endpoint in the Stripe dashboard should use the same version.
pub const STRIPE_API_VERSION: &str = "2024-06-20";

#[derive(Clone)]
pub struct StripeConfig {
    /// `https://api.stripe.com`, or a fake such as localstripe in tests.
    pub api_base: String,
    pub secret_key: SecretString,
    pub publishable_key: String,
    /// Where the page loads Stripe.js from.
    pub js_url: String,
    pub webhook_secret: SecretString,
    /// How long one call may take in all ([`DEFAULT_TIMEOUT`]); connecting
    /// is bounded by [`CONNECT_TIMEOUT`] within it.
    pub timeout: std::time::Duration,
}

/// A call to Stripe slower than this is given up: a member waits at most
/// this long on a card step, and the charge job retries with the same
/// idempotency key, so a call that did reach Stripe is never charged twice.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Connecting to Stripe takes milliseconds; longer means it is unreachable.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys stay out of logs.
        f.debug_struct("StripeConfig").field("api_base", &self.api_base).field("js_url", &self.js_url).finish()
    }
}

#[derive(Debug, Clone)]
pub struct StripeGateway {
    http: reqwest::Client,
    pub config: StripeConfig,
}

/// A SetupIntent made for a checkout: its id and the secret the page needs.
#[derive(Debug, Clone)]
pub struct SetupIntent {
    pub id: String,
    pub client_secret: String,
    pub customer: String,
}

/// An id, or an expanded object with one.
fn id_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned).or_else(|| v.get("id").and_then(Value::as_str).map(str::to_owned))
}

impl StripeGateway {
    pub fn new(config: StripeConfig) -> anyhow::Result<Self> {
        if config.webhook_secret.expose_secret().trim().is_empty() {
            bail!(
                "payments.stripe.webhook_secret is empty: without it no webhook can be verified. Copy the signing \
                 secret (whsec_…) of the endpoint https://<portal>/webhooks/stripe from the Stripe dashboard into \
                 CPS__PAYMENTS__STRIPE__WEBHOOK_SECRET"
            );
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(CONNECT_TIMEOUT.min(config.timeout))
            .build()?;
        Ok(Self { http, config })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: Option<&str>,
    ) -> anyhow::Result<(u16, Value)> {
        let url = format!("{}{path}", self.config.api_base.trim_end_matches('/'));
        let get = method == reqwest::Method::GET;
        let mut req = self
            .http
            .request(method, &url)
            .bearer_auth(self.config.secret_key.expose_secret())
            .header("Stripe-Version", STRIPE_API_VERSION);
        if !form.is_empty() {
            req = if get { req.query(form) } else { req.form(form) };
        }
        if let Some(key) = idempotency_key {
            req = req.header("Idempotency-Key", key);
        }
        let res = req.send().await.with_context(|| format!("Stripe {path}"))?;
        let status = res.status().as_u16();
        let body: Value = res.json().await.with_context(|| format!("Stripe {path}: body"))?;
        Ok((status, body))
    }

    /// A SetupIntent for saving a card off-session, for the business's
    /// Stripe customer (made now if it has none yet).
    pub async fn create_setup_intent(
        &self,
        email: &str,
        business_id: i64,
        customer: Option<String>,
    ) -> anyhow::Result<SetupIntent> {
        let customer = match customer {
            Some(c) => c,
            None => {
                let (status, customer) = self
                    .call(
                        reqwest::Method::POST,
                        "/v1/customers",
                        &[("email", email.to_owned()), ("metadata[business_id]", business_id.to_string())],
                        None,
                    )
                    .await?;
                id_of(&customer).filter(|_| status == 200).context("Stripe: no customer")?
            }
        };
        let (status, si) = self
            .call(
                reqwest::Method::POST,
                "/v1/setup_intents",
                &[
                    ("customer", customer.clone()),
                    ("payment_method_types[]", "card".into()),
                    ("usage", "off_session".into()),
                ],
                None,
            )
            .await?;
        if status != 200 {
            bail!("Stripe: setup intent refused ({status})");
        }
        Ok(SetupIntent {
            id: id_of(&si).context("setup intent id")?,
            client_secret: si["client_secret"].as_str().context("client secret")?.to_owned(),
            customer,
        })
    }

    /// The status and client secret of a SetupIntent made earlier.
    pub async fn setup_intent_state(&self, setup_intent_id: &str) -> anyhow::Result<Option<(String, String)>> {
        let (status, si) =
            self.call(reqwest::Method::GET, &format!("/v1/setup_intents/{setup_intent_id}"), &[], None).await?;
        if status != 200 {
            return Ok(None);
        }
        Ok(si["status"].as_str().zip(si["client_secret"].as_str()).map(|(s, c)| (s.to_owned(), c.to_owned())))
    }

    /// The card a confirmed SetupIntent saved, if it succeeded.
    pub async fn saved_card(&self, setup_intent_id: &str) -> anyhow::Result<Option<CardToken>> {
        if !setup_intent_id.starts_with("seti_")
            || !setup_intent_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Ok(None);
        }
        let (status, si) =
            self.call(reqwest::Method::GET, &format!("/v1/setup_intents/{setup_intent_id}"), &[], None).await?;
        if status != 200 || si["status"] != "succeeded" {
            return Ok(None);
        }
        let (Some(customer), Some(pm)) = (id_of(&si["customer"]), id_of(&si["payment_method"])) else {
            return Ok(None);
        };
        let (status, method) = self.call(reqwest::Method::GET, &format!("/v1/payment_methods/{pm}"), &[], None).await?;
        if status != 200 {
            return Ok(None);
        }
        let brand = method["card"]["brand"].as_str().unwrap_or("card");
        let last4 = method["card"]["last4"].as_str().unwrap_or("????");
        let mut brand_label = brand.to_owned();
        if let Some(first) = brand_label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Ok(Some(CardToken {
            gateway: "stripe".into(),
            reference: format!("{customer}/{pm}"),
            label: format!("{brand_label} •••• {last4}"),
        }))
    }
}

#[async_trait::async_trait]
impl PaymentGateway for StripeGateway {
    async fn charge(&self, a: &ChargeAttempt) -> anyhow::Result<ChargeResult> {
        let (customer, pm) = a.method_ref.split_once('/').context("stripe card reference")?;
        let form = [
            ("amount", a.amount.minor.to_string()),
            ("currency", a.amount.currency.code().to_lowercase()),
            ("customer", customer.to_owned()),
            ("payment_method", pm.to_owned()),
            ("off_session", "true".into()),
            ("confirm", "true".into()),
            ("metadata[invoice_id]", a.invoice_id.to_string()),
            // Ties a webhook that arrives before this call's answer to its attempt.
            ("metadata[attempt]", a.idempotency_key.clone()),
        ];
        let (status, body) =
            self.call(reqwest::Method::POST, "/v1/payment_intents", &form, Some(&a.idempotency_key)).await?;
        Ok(charge_result(status, &body)?)
    }

    /// A payment already made for the invoice (by an attempt whose key Stripe
    /// may have forgotten), found with the search API by the metadata every
    /// charge carries. A succeeded one with the invoice's amount is the
    /// answer; one still processing makes the job wait; anything else: none.
    async fn find_paid(&self, a: &ChargeAttempt) -> anyhow::Result<Option<ChargeResult>> {
        let query = format!("metadata['invoice_id']:'{}'", a.invoice_id);
        let (status, body) =
            self.call(reqwest::Method::GET, "/v1/payment_intents/search", &[("query", query)], None).await?;
        if status != 200 {
            bail!("Stripe: payment intent search answered {status}");
        }
        let currency = a.amount.currency.code().to_lowercase();
        let ours = body["data"].as_array().into_iter().flatten().filter(|pi| {
            pi["metadata"]["invoice_id"].as_str() == Some(a.invoice_id.to_string().as_str())
                && pi["amount"].as_i64() == Some(a.amount.minor)
                && pi["currency"] == currency.as_str()
        });
        let mut found = None;
        for pi in ours {
            match pi["status"].as_str() {
                Some("succeeded") => {
                    return Ok(Some(ChargeResult::Succeeded { provider_ref: id_of(pi).unwrap_or_default() }));
                }
                Some("processing") => found = Some(()),
                _ => {}
            }
        }
        if found.is_some() {
            bail!("Stripe: an earlier payment intent of invoice {} is still processing", a.invoice_id);
        }
        Ok(None)
    }
}

/// A PaymentIntent as the confirmation page needs it.
#[derive(Debug, Clone)]
pub struct IntentState {
    pub id: String,
    pub status: String,
    pub client_secret: String,
    /// The saved card to confirm with (Stripe clears it after a failed
    /// off-session attempt, but the last error still names it).
    pub payment_method: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub invoice_id: Option<i64>,
    pub attempt_key: Option<String>,
}

impl StripeGateway {
    /// A PaymentIntent read back from Stripe.
    pub async fn payment_intent(&self, id: &str) -> anyhow::Result<Option<IntentState>> {
        if !id.starts_with("pi_") || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Ok(None);
        }
        let (status, pi) = self.call(reqwest::Method::GET, &format!("/v1/payment_intents/{id}"), &[], None).await?;
        if status != 200 {
            return Ok(None);
        }
        Ok(Some(intent_state(&pi)?))
    }

    /// Whether the secret key is a live one (else events must be test events).
    pub fn live(&self) -> bool {
        self.config.secret_key.expose_secret().starts_with("sk_live_")
            || self.config.secret_key.expose_secret().starts_with("rk_live_")
    }
}

/// A PaymentIntent object as an [`IntentState`].
pub fn intent_state(pi: &Value) -> anyhow::Result<IntentState> {
    Ok(IntentState {
        id: id_of(pi).context("payment intent id")?,
        status: pi["status"].as_str().unwrap_or_default().to_owned(),
        client_secret: pi["client_secret"].as_str().unwrap_or_default().to_owned(),
        payment_method: id_of(&pi["payment_method"]).or_else(|| id_of(&pi["last_payment_error"]["payment_method"])),
        amount_minor: pi["amount_received"].as_i64().filter(|a| *a > 0).or(pi["amount"].as_i64()).unwrap_or(0),
        currency: pi["currency"].as_str().unwrap_or_default().to_owned(),
        invoice_id: pi["metadata"]["invoice_id"].as_str().and_then(|v| v.parse().ok()),
        attempt_key: pi["metadata"]["attempt"].as_str().map(str::to_owned),
    })
}

/// Stripe's answer to an off-session PaymentIntent, as a charge result.
pub fn charge_result(status: u16, body: &Value) -> anyhow::Result<ChargeResult> {
    if status == 200 {
        return match body["status"].as_str() {
            Some("succeeded") => Ok(ChargeResult::Succeeded { provider_ref: id_of(body).unwrap_or_default() }),
            // Not money yet: the job retries with the same key and Stripe
            // answers with the same PaymentIntent once it has settled.
            Some("processing") => bail!("Stripe: payment intent still processing"),
            Some("requires_action" | "requires_confirmation") => {
                Ok(ChargeResult::AuthenticationRequired { intent_id: id_of(body) })
            }
            Some(other) => Ok(ChargeResult::Declined { code: other.to_owned() }),
            None => bail!("Stripe: payment intent without status"),
        };
    }
    let error = &body["error"];
    match (status, error["code"].as_str()) {
        // Stripe answers an off-session charge that needs 3-D Secure with 402 and the
        // PaymentIntent it made; that same PaymentIntent is confirmed on-session later.
        (402, Some("authentication_required")) => {
            Ok(ChargeResult::AuthenticationRequired { intent_id: id_of(&error["payment_intent"]) })
        }
        (402, code) => Ok(ChargeResult::Declined {
            code: error["decline_code"].as_str().or(code).unwrap_or("card_declined").to_owned(),
        }),
        // Anything else (rate limit, outage, bad request) is an error: the job retries with its key.
        _ => bail!("Stripe: HTTP {status}: {}", error["message"].as_str().unwrap_or("no message")),
    }
}

/// Why a webhook was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum WebhookRefused {
    BadSignature,
    TooOld,
    BadBody,
}

/// Tolerance for the signature's timestamp, as Stripe recommends.
pub const WEBHOOK_TOLERANCE_SECONDS: i64 = 300;

/// Checks `Stripe-Signature` (`t=…,v1=…[,v1=…]`) on the raw body and
/// returns the event: HMAC-SHA256 of `"{t}.{body}"` with the endpoint secret.
pub fn verify_webhook(secret: &str, header: &str, body: &[u8], now_unix: i64) -> Result<Value, WebhookRefused> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signatures.extend(hex::decode(s).ok()),
            _ => {}
        }
    }
    let t = timestamp.ok_or(WebhookRefused::BadSignature)?;
    let valid = signatures.iter().any(|sig| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(sig).is_ok()
    });
    if !valid {
        return Err(WebhookRefused::BadSignature);
    }
    if (now_unix - t).abs() > WEBHOOK_TOLERANCE_SECONDS {
        return Err(WebhookRefused::TooOld);
    }
    serde_json::from_slice(body).map_err(|_| WebhookRefused::BadBody)
}

/// The header Stripe would send for `body` at `t` (for tests and fakes).
pub fn sign_webhook(secret: &str, body: &[u8], t: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { unreachable!("any key length") };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_webhook_passes_and_a_forged_or_old_one_does_not() {
        let body = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;
        let header = sign_webhook("whsec_test", body, 1_000_000);
        assert_eq!(verify_webhook("whsec_test", &header, body, 1_000_100).expect("valid")["id"], "evt_1");
        assert_eq!(verify_webhook("whsec_other", &header, body, 1_000_100), Err(WebhookRefused::BadSignature));
        let tampered = br#"{"id":"evt_2","type":"payment_intent.succeeded"}"#;
        assert_eq!(verify_webhook("whsec_test", &header, tampered, 1_000_100), Err(WebhookRefused::BadSignature));
        assert_eq!(verify_webhook("whsec_test", &header, body, 1_000_301), Err(WebhookRefused::TooOld));
        assert_eq!(verify_webhook("whsec_test", "t=1,v1=zz", body, 1), Err(WebhookRefused::BadSignature));
        assert_eq!(verify_webhook("whsec_test", "", body, 1), Err(WebhookRefused::BadSignature));
    }

    #[test]
    fn charge_answers_map_to_results() {
        let ok = serde_json::json!({"id": "pi_1", "status": "succeeded"});
        assert_eq!(charge_result(200, &ok).expect("ok"), ChargeResult::Succeeded { provider_ref: "pi_1".into() });
        let action = serde_json::json!({"id": "pi_2", "status": "requires_action"});
        assert_eq!(
            charge_result(200, &action).expect("ok"),
            ChargeResult::AuthenticationRequired { intent_id: Some("pi_2".into()) }
        );
        let processing = serde_json::json!({"id": "pi_3", "status": "processing"});
        assert!(charge_result(200, &processing).is_err(), "not paid until it has settled");
        let auth = serde_json::json!({"error": {"code": "authentication_required",
            "payment_intent": {"id": "pi_4", "status": "requires_payment_method"}}});
        assert_eq!(
            charge_result(402, &auth).expect("ok"),
            ChargeResult::AuthenticationRequired { intent_id: Some("pi_4".into()) },
            "the PaymentIntent to confirm on-session is kept"
        );
        let declined = serde_json::json!({"error": {"code": "card_declined", "decline_code": "insufficient_funds"}});
        assert_eq!(
            charge_result(402, &declined).expect("ok"),
            ChargeResult::Declined { code: "insufficient_funds".into() }
        );
        assert!(
            charge_result(500, &serde_json::json!({"error": {"message": "down"}})).is_err(),
            "retried, not declined"
        );
    }
}
