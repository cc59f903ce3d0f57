//! The gate in front of every password (and staff code) check: log-in, the
//! current password when changing it or closing the account, the staff
//! log-in and its second factor. The rules are `cps_domain::throttle` (and,
//! for the log-in steps, `cps_domain::login`, with [`admit`]); here
//! the source of an attempt is found — a device cookie this browser got at
//! an earlier successful log-in to the same account, else the client's
//! address — and the attempt is counted in the store *before* Argon2 runs.
//!
//! The device cookie is `id.mac`: a random id and an HMAC (the portal's
//! secret key) over the realm, the account key and the id, so it vouches
//! only for the account it was given for and cannot be made up.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use cps_domain::login::{self, Check, Gate};
use cps_domain::throttle::AttemptSource;
use cps_store::sessions::LoginThrottled;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use cps_domain::login::Realm;

/// The device cookie of a realm (each realm its own).
fn cookie_name(realm: Realm, secure: bool) -> &'static str {
    match (realm, secure) {
        (Realm::Member, true) => "__Host-cps_device",
        (Realm::Member, false) => "cps_device",
        (Realm::Staff, true) => "__Host-cps_staff_device",
        (Realm::Staff, false) => "cps_staff_device",
    }
}

fn label(realm: Realm) -> &'static str {
    match realm {
        Realm::Member => "member",
        Realm::Staff => "staff",
    }
}

fn device_mac(state: &AppState, realm: Realm, account_key: &str, id: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&state.inner.csrf_key).expect("HMAC takes any key length");
    for part in ["cps-device", label(realm), account_key, id] {
        mac.update(part.as_bytes());
        mac.update(&[0]);
    }
    mac
}

/// The device id of this browser's cookie, if it was given for this account.
fn known_device(state: &AppState, headers: &HeaderMap, realm: Realm, account_key: &str) -> Option<String> {
    let jar = CookieJar::from_headers(headers);
    let value = jar.get(cookie_name(realm, state.config().secure_cookies()))?.value().to_owned();
    let (id, tag) = value.split_once('.')?;
    let tag = hex::decode(tag).ok()?;
    device_mac(state, realm, account_key, id).verify_slice(&tag).is_ok().then(|| id.to_owned())
}

/// An attempt that went through the gate and is counted as a failure until
/// the caller says it succeeded.
pub struct Attempt {
    id: i64,
    realm: Realm,
    account_key: String,
    source: AttemptSource,
}

/// Counts an attempt at `account_key` before its secret is checked; `None`
/// when the gate is closed (too many failures from this source).
pub async fn enter(
    state: &AppState,
    headers: &HeaderMap,
    ctx: &Ctx,
    realm: Realm,
    account_key: &str,
) -> Result<Option<Attempt>, AppError> {
    let source = match known_device(state, headers, realm, account_key) {
        Some(id) => AttemptSource::KnownDevice(id),
        None => AttemptSource::Address(ctx.ip),
    };
    let policy = state.config().throttle;
    match state.store().reserve_login_attempt(account_key, &source, &policy, state.now()).await {
        Ok(id) => Ok(Some(Attempt { id, realm, account_key: account_key.to_owned(), source })),
        Err(failure) => {
            let LoginThrottled { .. } = failure.refusal()?;
            Ok(None)
        }
    }
}

/// Too many failures: the log-in forms say so (with 429).
impl Refusal for LoginThrottled {
    fn message(&self) -> &'static str {
        "login-throttled"
    }

    fn status(&self) -> StatusCode {
        StatusCode::TOO_MANY_REQUESTS
    }
}

/// Steps 2 and 3 of a log-in step ([`cps_domain::login`]): the per-address
/// limiter, then the throttle, which counts the attempt at `account_key`.
/// Gives the attempt, whose secret is to be checked next, or the refusal.
pub async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    ctx: &Ctx,
    gate: Gate,
    account_key: &str,
) -> Result<Result<Check<Attempt>, login::Refusal>, AppError> {
    let realm = gate.step().realm();
    let throttle = match gate.rate_limit(state.inner.login_limiter.check_key(&ctx.limit_key()).is_ok()) {
        Ok(throttle) => throttle,
        Err(refusal) => return Ok(Err(refusal)),
    };
    Ok(throttle.throttle(enter(state, headers, ctx, realm, account_key).await?))
}

/// The status a refused log-in step is answered with.
pub fn status(refusal: &login::Refusal) -> StatusCode {
    StatusCode::from_u16(refusal.status()).expect("the log-in statuses are valid")
}

impl Attempt {
    /// The secret was right and the log-in (or check) is complete: this
    /// source's failures are forgotten, and the browser gets (or keeps) a
    /// device cookie for the account.
    pub async fn succeeded(self, state: &AppState) -> Result<Cookie<'static>, AppError> {
        state.store().login_succeeded(&self.account_key, &self.source).await?;
        let id = match self.source {
            AttemptSource::KnownDevice(id) => id,
            AttemptSource::Address(_) => cps_store::tokens::Secret::generate().plain[..32].to_owned(),
        };
        let tag = hex::encode(device_mac(state, self.realm, &self.account_key, &id).finalize().into_bytes());
        let secure = state.config().secure_cookies();
        Ok(Cookie::build((cookie_name(self.realm, secure), format!("{id}.{tag}")))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .max_age(time::Duration::days(365))
            .build())
    }

    /// The secret was right but the log-in goes on (staff give a code
    /// next): this attempt was no failure; earlier ones still count.
    pub async fn step_passed(self, state: &AppState) -> Result<(), AppError> {
        state.store().release_login_attempt(self.id).await?;
        Ok(())
    }
}
