//! CSRF defence (ASVS 5.0 V3.5): every browser gets a random cookie; every
//! form carries HMAC(key, cookie) as a hidden field, checked on submit
//! (signed double submit, so a cookie planted by a sibling domain is useless
//! without the key). Independently, a state-changing request whose
//! `Sec-Fetch-Site` or `Origin` shows another site is refused.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

pub const FIELD: &str = "csrf";

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cps_csrf" } else { "cps_csrf" }
}

/// The browser's CSRF cookie value, put in the request by [`ensure_cookie`].
#[derive(Clone, Debug)]
pub struct CsrfCookie(pub String);

pub fn token_for(key: &[u8], cookie: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(cookie.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn token_matches(key: &[u8], cookie: &str, token: &str) -> bool {
    let Ok(bytes) = hex::decode(token) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(cookie.as_bytes());
    mac.verify_slice(&bytes).is_ok()
}

/// The token of a multipart form (a file upload), checked against the
/// browser's cookie like [`CsrfForm`] does for ordinary forms.
pub fn multipart_token_ok(ctx: &crate::ctx::Ctx, token: Option<&str>) -> bool {
    let expected = ctx.csrf.as_bytes();
    token.is_some_and(|t| {
        !expected.is_empty()
            && t.len() == expected.len()
            && t.bytes().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

fn plausible(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Gives every browser a CSRF cookie (and forgets a shown flash message).
pub async fn ensure_cookie(State(state): State<AppState>, jar: CookieJar, mut req: Request, next: Next) -> Response {
    let secure = state.config().secure_cookies();
    let name = cookie_name(secure);
    let existing = jar.get(name).map(|c| c.value().to_owned()).filter(|v| plausible(v));
    let (value, fresh) = match existing {
        Some(v) => (v, false),
        None => (cps_store::tokens::Secret::generate().plain, true),
    };
    req.extensions_mut().insert(CsrfCookie(value.clone()));
    let had_flash = jar.get(crate::session::FLASH_COOKIE).is_some() && req.method() == Method::GET;
    let mut res = next.run(req).await;
    if fresh {
        let c = Cookie::build((name, value)).path("/").http_only(true).secure(secure).same_site(SameSite::Lax).build();
        append_cookie(&mut res, &c);
    }
    if had_flash && res.status().is_success() {
        append_cookie(&mut res, &crate::session::clear_flash());
    }
    res
}

pub fn append_cookie(res: &mut Response, cookie: &Cookie<'_>) {
    if let Ok(v) = HeaderValue::from_str(&cookie.encoded().to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Refuses a state-changing request that a browser says came from elsewhere.
pub async fn check_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    // Browsers that send Sec-Fetch-Site are judged by it alone: with
    // `Referrer-Policy: no-referrer` they send `Origin: null` even on
    // same-origin posts.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return AppError::Csrf.into_response();
        }
    } else if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && origin != "null"
        && origin != origin_of(&state.config().public_base_url)
    {
        return AppError::Csrf.into_response();
    }
    next.run(req).await
}

/// `https://host:port` of a URL (scheme, host and port only).
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// A URL-encoded form whose CSRF token has been checked.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookie = req.extensions().get::<CsrfCookie>().cloned();
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest)?;
        let token = pairs.iter().find(|(k, _)| k == FIELD).map(|(_, v)| v.as_str());
        match (cookie, token) {
            (Some(CsrfCookie(c)), Some(t)) if token_matches(&state.inner.csrf_key, &c, t) => {}
            _ => return Err(AppError::Csrf),
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest)?;
        Ok(CsrfForm(form))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_key_and_cookie() {
        let t = token_for(b"k1", "cookie");
        assert!(token_matches(b"k1", "cookie", &t));
        assert!(!token_matches(b"k2", "cookie", &t));
        assert!(!token_matches(b"k1", "other", &t));
        assert!(!token_matches(b"k1", "cookie", "zz"));
    }

    #[test]
    fn origin_is_scheme_host_and_port() {
        assert_eq!(origin_of("https://cps.example/"), "https://cps.example");
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("http://127.0.0.1:8080/portal"), "http://127.0.0.1:8080");
    }
}
