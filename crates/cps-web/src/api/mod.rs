//! The member API, `/api/v1`: JSON over bearer tokens (personal access
//! tokens made under account settings). Handlers are as thin as the pages'
//! and call the same domain rules and store operations.
//!
//! Not a browser surface: no cookie is read or set here, so a logged-in
//! browser cannot call it (its session cookie is not a token), and the CSRF
//! layers of the pages do not apply (a bearer token is not sent by a browser
//! on its own). Errors are RFC 9457 problem details in the caller's
//! `Accept-Language`; reads carry an `ETag`; a POST may carry an
//! `Idempotency-Key`; each token has a request window with `RateLimit`
//! headers.

mod docs;
mod invoices;
mod membership;
mod products;

use crate::ctx::lang_of;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cps_domain::FieldErrors;
use cps_domain::api::{RateDecision, RateWindow, Scope};
use cps_i18n::I18n;
use cps_store::api::ApiCaller;
use sha2::{Digest, Sha256};

/// The content type of problem details (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The name of the rate-limit policy in the `RateLimit` headers.
const POLICY: &str = "per-token";

pub fn router(state: AppState) -> Router<AppState> {
    let authed = Router::new()
        .route("/products", get(products::list).post(products::create))
        .route("/products/{id}", get(products::show).put(products::update).delete(products::remove))
        .route("/points", get(membership::points))
        .route("/tiers", get(membership::tiers))
        .route("/membership", get(membership::membership))
        .route("/invoices", get(invoices::list))
        .route("/invoices/{id}", get(invoices::show))
        .route("/invoices/{id}/pdf", get(invoices::pdf))
        .route("/invoices/{id}/ubl", get(invoices::ubl))
        .route_layer(axum::middleware::from_fn_with_state(state, authenticate));
    Router::new()
        .route("/openapi.json", get(docs::openapi_json))
        .route("/docs", get(docs::reference))
        .merge(authed)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::extract::DefaultBodyLimit::max(crate::BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(crate::BODY_LIMIT))
        .layer(axum::middleware::from_fn(render_problems))
}

/// Why an API request was refused; rendered as problem details by
/// [`render_problems`] in the caller's language.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no valid bearer token")]
    Unauthorized,
    #[error("the token lacks a scope")]
    Forbidden(Scope),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("conflict")]
    Conflict(FieldErrors),
    #[error("idempotency key reused")]
    KeyReused,
    #[error("idempotency key in progress")]
    InProgress,
    #[error("rate limited")]
    RateLimited(RateDecision),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<cps_store::StoreError> for ApiError {
    fn from(e: cps_store::StoreError) -> Self {
        ApiError::Internal(e.into())
    }
}

impl From<crate::error::AppError> for ApiError {
    fn from(e: crate::error::AppError) -> Self {
        match e {
            crate::error::AppError::NotFound => ApiError::NotFound,
            other => ApiError::Internal(anyhow::anyhow!("{other:#}")),
        }
    }
}

/// What a problem response says, before it is put in words.
#[derive(Debug, Clone)]
struct ProblemSpec {
    /// The fragment of `/api/v1/docs` that explains the problem type.
    kind: &'static str,
    title: &'static str,
    detail: Option<&'static str>,
    errors: Vec<(&'static str, &'static str)>,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) | ApiError::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) | ApiError::InProgress => StatusCode::CONFLICT,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn spec(&self) -> ProblemSpec {
        let plain = |kind, title, detail| ProblemSpec { kind, title, detail, errors: Vec::new() };
        match self {
            ApiError::Unauthorized => {
                plain("unauthorized", "api-problem-unauthorized", Some("api-problem-unauthorized-detail"))
            }
            ApiError::Forbidden(_) => plain("forbidden", "api-problem-forbidden", Some("api-problem-forbidden-detail")),
            ApiError::NotFound => plain("not-found", "api-problem-not-found", None),
            ApiError::MethodNotAllowed => plain("method-not-allowed", "api-problem-method", None),
            ApiError::BadRequest(detail) => plain("bad-request", "api-problem-bad-request", Some(detail)),
            ApiError::Validation(e) => ProblemSpec {
                kind: "validation",
                title: "api-problem-validation",
                detail: None,
                errors: e.iter().collect(),
            },
            ApiError::Conflict(e) => ProblemSpec {
                kind: "conflict",
                title: "api-problem-conflict",
                detail: None,
                errors: e.iter().collect(),
            },
            ApiError::KeyReused => plain("idempotency-key-reused", "api-problem-key-reused", None),
            ApiError::InProgress => plain("idempotency-key-in-progress", "api-problem-key-in-progress", None),
            ApiError::RateLimited(_) => plain("rate-limited", "api-problem-rate-limited", None),
            ApiError::Internal(_) => plain("server-error", "api-problem-server-error", None),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = %format!("{e:#}"), "API request failed");
        }
        let mut res = status.into_response();
        match &self {
            ApiError::Unauthorized => {
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"cps\", error=\"invalid_token\""),
                );
            }
            ApiError::Forbidden(scope) => {
                let v = format!("Bearer realm=\"cps\", error=\"insufficient_scope\", scope=\"{}\"", scope.as_str());
                if let Ok(v) = HeaderValue::from_str(&v) {
                    res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
                }
            }
            ApiError::RateLimited(d) => {
                rate_headers(res.headers_mut(), d);
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(d.reset_seconds));
            }
            _ => {}
        }
        res.extensions_mut().insert(self.spec());
        res
    }
}

/// One problem-details document (RFC 9457) with the field errors.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type (explained in the API reference).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary in the caller's language (`Accept-Language`).
    pub title: String,
    pub status: u16,
    /// What went wrong here, when there is more to say.
    pub detail: Option<String>,
    /// The request's fields that were refused, each with why.
    pub errors: Vec<FieldError>,
}

/// A refused field: its name, a stable code and the message in the caller's language.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Puts every API error in words: the problem details of an [`ApiError`],
/// and of any bare error response (an unknown path, a body too large). The
/// page layer's error pages leave them alone.
async fn render_problems(req: Request, next: Next) -> Response {
    let i = I18n::new(lang_of(req.headers()));
    let res = next.run(req).await;
    let status = res.status();
    let spec = res.extensions().get::<ProblemSpec>().cloned();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let spec = spec.unwrap_or_else(|| match status {
        StatusCode::NOT_FOUND => ApiError::NotFound.spec(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed.spec(),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ProblemSpec { kind: "too-large", title: "api-problem-too-large", detail: None, errors: Vec::new() }
        }
        s if s.is_client_error() => ApiError::BadRequest("api-problem-bad-request-detail").spec(),
        _ => ApiError::Internal(anyhow::anyhow!("unnamed")).spec(),
    });
    let problem = Problem {
        kind: format!("/api/v1/docs#problem-{}", spec.kind),
        title: i.t(spec.title),
        status: status.as_u16(),
        detail: spec.detail.map(|d| i.t(d)),
        errors: spec
            .errors
            .iter()
            .map(|(field, id)| FieldError { field: (*field).to_owned(), code: (*id).to_owned(), message: i.t(id) })
            .collect(),
    };
    let (mut parts, _) = res.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.insert(crate::error::PlainBody);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(body))
}

fn rate_headers(h: &mut HeaderMap, d: &RateDecision) {
    // draft-ietf-httpapi-ratelimit-headers: the policy (quota q per window w
    // seconds) and what is left of it (r) and when it resets (t).
    if let Ok(v) = HeaderValue::from_str(&format!("\"{POLICY}\";q={};w=60", d.limit)) {
        h.insert("ratelimit-policy", v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{POLICY}\";r={};t={}", d.remaining, d.reset_seconds)) {
        h.insert("ratelimit", v);
    }
}

/// The bearer token of a request, if it sent one.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// Finds the caller by its token (refusing a missing, unknown, revoked or
/// expired one), counts the request in the token's window, and passes the
/// caller on to the handler.
async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(token) = bearer(req.headers()).map(str::to_owned) else {
        return ApiError::Unauthorized.into_response();
    };
    // The whole path, as the router was nested under `/api/v1`.
    let path = req.extensions().get::<axum::extract::OriginalUri>().map_or_else(|| req.uri().path(), |u| u.path());
    let caller = match state.store().authenticate_api_token(&token, req.method().as_str(), path, state.now()).await {
        Ok(Some(c)) => c,
        Ok(None) => return ApiError::Unauthorized.into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let decision = hit_window(&state, caller.token_id);
    if !decision.allowed {
        return ApiError::RateLimited(decision).into_response();
    }
    req.extensions_mut().insert(caller);
    let mut res = next.run(req).await;
    rate_headers(res.headers_mut(), &decision);
    res
}

fn hit_window(state: &AppState, token_id: i64) -> RateDecision {
    let now = state.now();
    let limit = state.config().rate_limits.api_per_token_per_minute;
    let length = chrono::Duration::minutes(1);
    let mut windows = state.inner.api_windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if windows.len() > 10_000 {
        windows.retain(|_, w| now < w.started + length);
    }
    let (w, d) = RateWindow::hit(windows.get(&token_id).copied(), limit, length, now);
    windows.insert(token_id, w);
    d
}

/// The caller may do what `scope` allows, or gets 403.
pub(crate) fn require(caller: &ApiCaller, scope: Scope) -> Result<(), ApiError> {
    if caller.scopes.contains(&scope) { Ok(()) } else { Err(ApiError::Forbidden(scope)) }
}

/// An id from the path: anything that is not one is not found.
pub(crate) fn path_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(ApiError::NotFound)
}

/// A strong validator of a representation: a hash of its bytes.
fn etag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", &hex::encode(Sha256::digest(bytes))[..32])
}

fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').map(str::trim).any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag)))
}

/// A read: the bytes with their `ETag`, or 304 when the caller has them.
pub(crate) fn read_response(headers: &HeaderMap, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let etag = etag_of(&bytes);
    let tag = HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    if none_match(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, tag),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        ],
        bytes,
    )
        .into_response()
}

/// A JSON read with its `ETag`.
pub(crate) fn json_read<T: serde::Serialize>(headers: &HeaderMap, value: &T) -> Result<Response, ApiError> {
    let bytes = serde_json::to_vec(value).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(read_response(headers, "application/json", bytes))
}

/// A JSON request body; anything that does not parse is a 400 problem.
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|_| ApiError::BadRequest("api-problem-body-detail"))
}

/// Dates and instants as the API writes them.
pub(crate) fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn instant(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
