//! The back office's routes, declared once. The router is built from this
//! table ([`router`]) and the authorization test walks the same table, so a
//! new back-office route is covered by the test without editing it. Every
//! `/admin` route belongs here.

use crate::pages::admin as a;
use crate::state::AppState;
use axum::Router;
use axum::routing::{MethodRouter, get, post};
use cps_domain::staff::Tool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The staff log-in steps (password, TOTP code, log-out), with checks of their own.
    SignIn,
    /// Any staff user with both factors (the back office's start page).
    AnyStaff,
    /// Staff whose role may use the tool (`StaffRole::may_use`).
    Tool(Tool),
}

/// What a route's POST body is: a form within [`crate::BODY_LIMIT`], or a
/// multipart file upload within [`crate::UPLOAD_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Form,
    Upload,
}

/// One method on one back-office path.
pub struct StaffRoute {
    pub method: Method,
    /// The axum path, with `{id}` / `{reference}` / `{number}` parameters.
    pub path: &'static str,
    pub access: Access,
    pub body: Body,
    handler: fn() -> MethodRouter<AppState>,
}

impl std::fmt::Debug for StaffRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}

const fn route(
    method: Method,
    path: &'static str,
    access: Access,
    body: Body,
    handler: fn() -> MethodRouter<AppState>,
) -> StaffRoute {
    StaffRoute { method, path, access, body, handler }
}

use Access::{AnyStaff, SignIn};
use Body::{Form, Upload};
use Method::{Get, Post};

const SUPPORT: Access = Access::Tool(Tool::Businesses);
const SUPPORT_ACTION: Access = Access::Tool(Tool::SupportActions);
const FINANCE: Access = Access::Tool(Tool::Finance);
const SERVICE_QUEUE: Access = Access::Tool(Tool::ServiceQueue);
const SERVICE: Access = Access::Tool(Tool::Service);
const JOBS: Access = Access::Tool(Tool::Jobs);
const ADMIN: Access = Access::Tool(Tool::Admin);

/// Every back-office route.
pub static ROUTES: &[StaffRoute] = &[
    route(Get, "/admin", AnyStaff, Form, || get(a::home)),
    route(Get, "/admin/login", SignIn, Form, || get(a::auth::login_form)),
    route(Post, "/admin/login", SignIn, Form, || post(a::auth::login_submit)),
    route(Get, "/admin/totp", SignIn, Form, || get(a::auth::code_form)),
    route(Post, "/admin/totp", SignIn, Form, || post(a::auth::code_submit)),
    route(Post, "/admin/logout", SignIn, Form, || post(a::auth::logout)),
    route(Get, "/admin/businesses", SUPPORT, Form, || get(a::support::businesses)),
    route(Get, "/admin/businesses/{id}", SUPPORT, Form, || get(a::support::business)),
    route(Post, "/admin/businesses/{id}/points", SUPPORT_ACTION, Form, || post(a::support::adjust_points)),
    route(Post, "/admin/businesses/{id}/migration", SUPPORT_ACTION, Form, || post(a::support::approve_migration)),
    route(Post, "/admin/businesses/{id}/serial", SUPPORT_ACTION, Form, || post(a::support::resolve_serial)),
    route(Get, "/admin/tickets", SUPPORT_ACTION, Form, || get(a::support::tickets)),
    route(Get, "/admin/tickets/{reference}", SUPPORT_ACTION, Form, || get(a::support::ticket)),
    route(Post, "/admin/tickets/{reference}/reply", SUPPORT_ACTION, Form, || post(a::support::reply)),
    route(Post, "/admin/tickets/{reference}/close", SUPPORT_ACTION, Form, || post(a::support::close)),
    route(Get, "/admin/service", SERVICE_QUEUE, Form, || get(a::service::queue)),
    route(Get, "/admin/service/loans", SERVICE, Form, || get(a::service::loans)),
    route(Post, "/admin/service/loans/items", SERVICE, Form, || post(a::service::add_item)),
    route(Post, "/admin/service/loans/{id}/lend", SERVICE, Form, || post(a::service::lend)),
    route(Post, "/admin/service/loans/{id}/return", SERVICE, Form, || post(a::service::return_loan)),
    route(Get, "/admin/service/{number}", SERVICE, Form, || get(a::service::request)),
    route(Post, "/admin/service/{number}/receive", SERVICE, Form, || post(a::service::receive)),
    route(Post, "/admin/service/{number}/quote", SERVICE, Form, || post(a::service::quote)),
    route(Post, "/admin/service/{number}/step", SERVICE, Form, || post(a::service::step)),
    route(Get, "/admin/invoices", FINANCE, Form, || get(a::finance::invoices)),
    route(Get, "/admin/invoices/{id}", FINANCE, Form, || get(a::finance::invoice)),
    route(Get, "/admin/invoices/{id}/invoice.pdf", FINANCE, Form, || get(a::finance::invoice_pdf)),
    route(Post, "/admin/invoices/{id}/paid", FINANCE, Form, || post(a::finance::mark_paid)),
    route(Post, "/admin/invoices/{id}/credit", FINANCE, Form, || post(a::finance::credit)),
    route(Get, "/admin/payments", FINANCE, Form, || get(a::finance::payments)),
    route(Post, "/admin/payments/{id}/resolve", FINANCE, Form, || post(a::finance::resolve_payment)),
    route(Post, "/admin/payments/upload", FINANCE, Upload, || post(a::finance::upload)),
    route(Get, "/admin/jobs", JOBS, Form, || get(a::finance::jobs)),
    route(Post, "/admin/jobs/{id}/retry", JOBS, Form, || post(a::finance::retry_job)),
    route(Get, "/admin/audit", ADMIN, Form, || get(a::system::audit)),
    route(Get, "/admin/staff", ADMIN, Form, || get(a::system::staff_list)),
    route(Post, "/admin/staff", ADMIN, Form, || post(a::system::create_staff)),
    route(Post, "/admin/staff/{id}/disable", ADMIN, Form, || post(a::system::disable_staff)),
    route(Post, "/admin/staff/{id}/unlock", ADMIN, Form, || post(a::system::unlock_staff)),
    route(Post, "/admin/staff/{id}/reset", ADMIN, Form, || post(a::system::reset_staff)),
    route(Get, "/admin/catalogue", ADMIN, Form, || get(a::catalogue::show)),
    route(Post, "/admin/catalogue/apply/{id}", ADMIN, Form, || post(a::catalogue::apply)),
    route(Post, "/admin/catalogue/upload", ADMIN, Upload, || post(a::catalogue::upload)),
];

/// The routes of the table with this kind of body (the caller adds the
/// body limit that goes with it).
pub(crate) fn router(body: Body) -> Router<AppState> {
    ROUTES.iter().filter(|r| r.body == body).fold(Router::new(), |router, r| router.route(r.path, (r.handler)()))
}
