//! What every page needs to know about the request: the language, the
//! logged-in user (if any), the CSRF token for its forms and a flash message.

use crate::csrf::{CsrfCookie, token_for};
use crate::error::AppError;
use crate::session::{FLASH_COOKIE, LANG_COOKIE, session_cookie_name};
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use cps_domain::Lang;
use cps_domain::net::TrustedProxies;
use cps_i18n::I18n;
use cps_store::accounts::User;
use cps_store::member_cache::Seen;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The language of a request: the member's choice (cookie, set at login and
/// by the switch), else the browser's `Accept-Language`.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let jar = CookieJar::from_headers(headers);
    jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value())).unwrap_or_else(|| {
        Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
    })
}

/// The client's address: the socket's peer, or behind trusted proxies the
/// right-most `X-Forwarded-For` entry that is not one of them.
fn client_ip(proxies: &TrustedProxies, headers: &HeaderMap, socket: Option<SocketAddr>) -> IpAddr {
    let peer = socket.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |s| s.ip());
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    proxies.client_address(peer, &forwarded)
}

#[derive(Clone)]
pub struct Ctx {
    pub i: I18n,
    pub csrf: String,
    pub user: Option<CurrentUser>,
    pub flash: Option<String>,
    pub path: String,
    pub had_session_cookie: bool,
    /// The client's address (see [`client_ip`]).
    pub ip: IpAddr,
    pub invitation_threshold: i64,
}

#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub session_hash: String,
    /// The business has crossed the invitation threshold.
    pub invited: bool,
    /// The business has a current membership (the invitation is answered).
    pub member: bool,
    /// The business's country (its currency and VAT).
    pub country: cps_domain::Country,
    /// The business's data as the request found it (page data may come
    /// from memory while it is unchanged).
    pub seen: Seen,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.i.lang
    }

    /// What per-address limits count this client under.
    pub fn limit_key(&self) -> IpAddr {
        cps_domain::net::limit_key(self.ip)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let i = I18n::new(lang_of(&parts.headers));
        let csrf =
            parts.extensions.get::<CsrfCookie>().map(|c| token_for(&state.inner.csrf_key, &c.0)).unwrap_or_default();
        let flash = jar
            .get(FLASH_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|id| cps_i18n::message_exists(id))
            .map(|id| i.t(&id));
        let session = jar.get(session_cookie_name(state.config().secure_cookies())).map(|c| c.value().to_owned());
        let mut user = None;
        if let Some(plain) = &session {
            let hash = cps_store::tokens::hash(plain);
            // One SELECT: session, user, business and membership together.
            if let Some(c) = state.store().member_context(&hash, state.now(), state.config().session).await? {
                user = Some(CurrentUser {
                    seen: Seen { business_id: c.user.business_id, data_version: c.data_version },
                    user: c.user,
                    session_hash: hash,
                    invited: c.invited,
                    member: c.member,
                    country: c.country,
                });
            }
        }
        let ip = client_ip(
            &state.config().trusted_proxies,
            &parts.headers,
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0),
        );
        let ctx = Ctx {
            i,
            csrf,
            user,
            flash,
            path: parts.uri.path().to_owned(),
            had_session_cookie: session.is_some(),
            ip,
            invitation_threshold: state.store().points_rules().invitation_threshold,
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// A logged-in member; anyone else is sent to the login page.
pub struct Member {
    pub ctx: Ctx,
    pub user: User,
    /// The business's country (its currency and VAT).
    pub country: cps_domain::Country,
    /// See [`CurrentUser::seen`].
    pub seen: Seen,
}

pub enum MemberRejection {
    Error(AppError),
    Login { expired: bool },
}

impl IntoResponse for MemberRejection {
    fn into_response(self) -> Response {
        match self {
            MemberRejection::Error(e) => e.into_response(),
            MemberRejection::Login { expired: false } => Redirect::to("/login").into_response(),
            MemberRejection::Login { expired: true } => {
                let mut res = Redirect::to("/login").into_response();
                crate::csrf::append_cookie(&mut res, &crate::session::flash("session-expired"));
                res
            }
        }
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = MemberRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await.map_err(MemberRejection::Error)?;
        match ctx.user.clone() {
            Some(cu) => Ok(Member { ctx, user: cu.user, country: cu.country, seen: cu.seen }),
            None => Err(MemberRejection::Login { expired: ctx.had_session_cookie }),
        }
    }
}
