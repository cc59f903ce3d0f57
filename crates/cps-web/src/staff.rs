//! Who is using the back office: a staff session (its own cookie, apart
//! from members' sessions) that counts only after the second factor, and the
//! role's tools. Members and the wrong role get 403; staff who have not
//! given the second factor get 403 too, with the way to give it.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use crate::view::{Page, Tab};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use cps_domain::staff::Tool;
use cps_store::staff::{StaffActor, StaffSession, StaffUser};

pub fn staff_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cps_staff" } else { "cps_staff" }
}

/// Strict: the back office is never entered from a link on another site.
pub fn staff_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((staff_cookie_name(secure), value))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .build()
}

pub fn clear_staff_cookie(secure: bool) -> Cookie<'static> {
    let mut c = staff_cookie(String::new(), secure);
    c.make_removal();
    c
}

/// The staff session of a request, if any, with its hashed id.
pub async fn staff_session(
    headers: &axum::http::HeaderMap,
    state: &AppState,
) -> Result<Option<(StaffSession, String)>, AppError> {
    let jar = CookieJar::from_headers(headers);
    let Some(plain) = jar.get(staff_cookie_name(state.config().secure_cookies())).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    let hash = cps_store::tokens::hash(&plain);
    Ok(state.store().staff_session(&hash, state.now(), state.config().session).await?.map(|s| (s, hash)))
}

/// A staff member past both factors.
pub struct Staff {
    pub ctx: Ctx,
    pub user: StaffUser,
}

/// The back-office tabs: (tab id, address, label, the tool it needs).
const STAFF_TABS: [(&str, &str, &str, Tool); 9] = [
    ("businesses", "/admin/businesses", "admin-nav-businesses", Tool::Businesses),
    ("tickets", "/admin/tickets", "admin-nav-tickets", Tool::SupportActions),
    ("service", "/admin/service", "admin-nav-service", Tool::ServiceQueue),
    ("invoices", "/admin/invoices", "admin-nav-invoices", Tool::Finance),
    ("payments", "/admin/payments", "admin-nav-payments", Tool::Finance),
    ("jobs", "/admin/jobs", "admin-nav-jobs", Tool::Jobs),
    ("audit", "/admin/audit", "admin-nav-audit", Tool::Admin),
    ("catalogue", "/admin/catalogue", "admin-nav-catalogue", Tool::Admin),
    ("staff", "/admin/staff", "admin-nav-staff", Tool::Admin),
];

impl Staff {
    /// 403 unless the role has the tool.
    pub fn require(&self, tool: Tool) -> Result<(), AppError> {
        if self.user.role.may_use(tool) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn actor(&self) -> StaffActor {
        StaffActor::from(&self.user)
    }

    /// The first tool of the role: where `/admin` leads.
    pub fn home(&self) -> &'static str {
        STAFF_TABS.iter().find(|t| self.user.role.may_use(t.3)).map_or("/admin/login", |t| t.1)
    }

    pub fn page(&self, title: String, tab: &'static str) -> Page {
        let mut page = Page::new(&self.ctx, "admin-title", tab);
        page.title = title;
        page.user_email = None;
        page.banner = None;
        let tabs = STAFF_TABS
            .iter()
            .filter(|t| self.user.role.may_use(t.3))
            .map(|t| Tab { href: t.1, label: self.ctx.i.t(t.2), current: t.0 == tab })
            .collect();
        page.staff = Some((self.user.email.clone(), tabs));
        page
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        match staff_session(&parts.headers, state).await.map_err(IntoResponse::into_response)? {
            Some((s, _)) if s.second_factor => Ok(Staff { ctx, user: s.user }),
            // Password given, second factor not: nothing but the code form.
            Some(_) => Err(AppError::Forbidden.into_response()),
            // A member is not staff, whatever the address typed.
            None if ctx.user.is_some() => Err(AppError::Forbidden.into_response()),
            None => Err(Redirect::to("/admin/login").into_response()),
        }
    }
}
