//! The VIES client: `POST {base}/check-vat-number` of the EU's VIES REST
//! API (base `https://ec.europa.eu/taxation_customs/vies/rest-api`, or a
//! fake one in tests), behind a trait so tests and other services can stand
//! in. What the answers mean for invoices is `cps_domain::vies`.

use chrono::{DateTime, Utc};
use cps_domain::vies::{CheckVatResponse, ViesRecord, ViesUnavailable, read_answer, request_for};

/// The public VIES REST API.
pub const VIES_BASE_URL: &str = "https://ec.europa.eu/taxation_customs/vies/rest-api";

#[async_trait::async_trait]
pub trait ViesClient: Send + Sync + std::fmt::Debug {
    /// Asks about `vat` (with its country prefix). An error means VIES gave
    /// no answer on the number: ask again later.
    async fn check(&self, vat: &str, now: DateTime<Utc>) -> Result<ViesRecord, ViesUnavailable>;
}

/// VIES over HTTP.
#[derive(Debug, Clone)]
pub struct HttpVies {
    base: String,
    /// The seller's VAT number, so that VIES gives a consultation number.
    requester: Option<String>,
    http: reqwest::Client,
}

impl HttpVies {
    pub fn new(base: &str, requester: Option<String>) -> anyhow::Result<HttpVies> {
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(20)).build()?;
        Ok(HttpVies { base: base.trim_end_matches('/').to_owned(), requester, http })
    }
}

#[async_trait::async_trait]
impl ViesClient for HttpVies {
    async fn check(&self, vat: &str, now: DateTime<Utc>) -> Result<ViesRecord, ViesUnavailable> {
        let body = request_for(vat, self.requester.as_deref());
        let res = self
            .http
            .post(format!("{}/check-vat-number", self.base))
            .json(&body)
            .send()
            .await
            .map_err(|e| ViesUnavailable(format!("{e}")))?;
        let status = res.status();
        let text = res.text().await.map_err(|e| ViesUnavailable(format!("{e}")))?;
        // Errors come as JSON with `errorWrappers` too (400 for bad input, 5xx when down).
        let answer: CheckVatResponse = serde_json::from_str(&text)
            .map_err(|_| ViesUnavailable(format!("HTTP {status}: {}", text.chars().take(200).collect::<String>())))?;
        if status.is_server_error() && answer.error_wrappers.is_none() {
            return Err(ViesUnavailable(format!("HTTP {status}")));
        }
        read_answer(vat, answer, now)
    }
}
