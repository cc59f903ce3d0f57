//! The web face of CPS: an axum router of server-rendered pages in Swedish
//! and English. Handlers are thin — parse the form into domain types, call
//! one store operation, render or redirect — and every state change is a
//! POST that carries a CSRF token.

mod api;
mod csrf;
mod ctx;
mod error;
mod faq;
mod metrics;
mod pages;
mod password;
mod refusal;
mod security;
mod session;
mod staff;
pub mod staff_routes;
mod state;
mod throttle;
mod vies;
mod view;

pub use password::{GeneratedPassword, StaffCredentials, generate_password, new_staff_credentials};
pub use state::{AppState, RateLimits, WebConfig};

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted; larger ones get 413.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Bank files uploaded in the back office may be larger (a month of payments).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// A member's list of products ("Ladda upp en lista"): 5 000 rows of CSV
/// are well under 1 MiB (about 80 bytes a row), an XLSX of them less.
pub const LIST_UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

/// `/metrics` (Prometheus) alone, for a listener of its own that members
/// cannot reach (`server.metrics_bind`, loopback by default): the figures
/// show login failures and back-office activity by route.
pub fn metrics_router() -> Router {
    metrics::handle();
    Router::new().route("/metrics", get(pages::health::metrics))
}

/// Serves [`metrics_router`] on `bind` until `stop` turns true; nothing
/// when `bind` is empty.
pub async fn serve_metrics(
    bind: &str,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    if bind.trim().is_empty() {
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding {bind} (metrics)"))?;
    tracing::info!(local = %listener.local_addr()?, "metrics are served at /metrics");
    Ok(Some(tokio::spawn(async move {
        let stopped = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, metrics_router()).with_graceful_shutdown(stopped).await {
            tracing::error!(error = %e, "the metrics listener failed");
        }
    })))
}

pub fn router(state: AppState) -> Router {
    // The recorder must exist before the first request is counted.
    metrics::handle();
    let pages = Router::new()
        .route("/", get(pages::home::show))
        .route("/signup", get(pages::signup::form).post(pages::signup::submit))
        .route("/signup/sent", get(pages::signup::sent))
        .route("/activate/{token}", get(pages::auth::activate_form).post(pages::auth::activate_submit))
        .route("/login", get(pages::auth::login_form).post(pages::auth::login_submit))
        .route("/logout", post(pages::auth::logout))
        .route("/password/forgot", get(pages::auth::forgot_form).post(pages::auth::forgot_submit))
        .route("/password/forgot/sent", get(pages::auth::forgot_sent))
        .route("/password/reset/{token}", get(pages::auth::reset_form).post(pages::auth::reset_submit))
        .route("/account", get(pages::account::show))
        .route("/account/company", post(pages::account::save_company))
        .route("/account/language", post(pages::account::save_language))
        .route("/account/old-email", post(pages::account::save_old_email))
        .route("/account/reference", post(pages::account::save_reference))
        .route("/account/password", post(pages::account::change_password))
        .route("/account/users", post(pages::account::invite))
        .route("/invitations/{token}", get(pages::invitations::show))
        .route("/invitations/{token}/accept", post(pages::invitations::accept))
        .route("/invitations/{token}/decline", post(pages::invitations::decline))
        .route("/account/export", get(pages::account::export))
        .route("/account/close", post(pages::account::close))
        .route("/account/tokens", get(pages::api_tokens::show).post(pages::api_tokens::create))
        .route("/account/tokens/{id}/revoke", post(pages::api_tokens::revoke))
        .route("/language", post(pages::lang::switch))
        .route("/faq", get(pages::faq::show))
        .route("/support", get(pages::support::form).post(pages::support::submit))
        .route("/support/sent", get(pages::support::sent))
        .route("/support/{reference}", get(pages::support::show))
        .route("/support/{reference}/reply", post(pages::support::reply))
        .route("/products", get(pages::products::list).post(pages::products::create))
        .route("/products/new", get(pages::products::new))
        .route("/products/upload", get(pages::bulk::form))
        .route("/products/upload/{id}", post(pages::bulk::confirm))
        .route("/products/upload/template/{lang}", get(pages::bulk::template))
        .route("/products/history", get(pages::products::history))
        .route("/products/migrate", post(pages::products::migrate))
        .route("/products/migrate/confirm-email", post(pages::products::send_old_email_link))
        .route("/products/{id}", get(pages::products::show).post(pages::products::update))
        .route("/products/{id}/remove", get(pages::products::remove_confirm).post(pages::products::remove))
        .route("/migration/confirm/{token}", get(pages::products::confirm_form).post(pages::products::confirm))
        .route("/api/catalogue", get(pages::products::suggest))
        .route("/tiers", get(pages::membership::tiers))
        .route("/checkout", get(pages::membership::checkout))
        .route("/checkout/review", get(pages::membership::review))
        .route("/checkout/confirm", post(pages::membership::confirm))
        .route("/cards/setup", post(pages::membership::card_setup))
        .route("/checkout/done/{order}", get(pages::membership::done))
        .route("/membership", get(pages::membership::show))
        .route("/service", get(pages::service::list))
        .route("/service/new", get(pages::service::new).post(pages::service::create))
        .route("/service/{number}", get(pages::service::show))
        .route("/service/{number}/quote", post(pages::service::quote))
        .route("/service/{number}/loan", post(pages::service::loan))
        .route("/service/{number}/label.pdf", get(pages::service::label))
        .route("/invoices", get(pages::invoices::list))
        .route("/invoices/{id}", get(pages::invoices::show))
        .route("/invoices/{id}/pay", post(pages::invoices::pay))
        .route("/invoices/{id}/confirm-payment", get(pages::invoices::confirm_payment))
        .route("/invoices/{id}/confirm-payment/done", get(pages::invoices::confirm_payment_done))
        .route("/invoices/{id}/ubl.xml", get(pages::invoices::ubl))
        .route("/invoices/{id}/invoice.pdf", get(pages::invoices::pdf))
        // The back office: its routes are declared once, in `staff_routes`.
        .merge(staff_routes::router(staff_routes::Body::Form))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        // The one route with a larger body: its limit sits on the route alone.
        .merge(
            staff_routes::router(staff_routes::Body::Upload).layer(
                tower::ServiceBuilder::new()
                    .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
                    .layer(tower_http::limit::RequestBodyLimitLayer::new(UPLOAD_LIMIT)),
            ),
        )
        .merge(
            Router::new().route("/products/upload", post(pages::bulk::upload)).layer(
                tower::ServiceBuilder::new()
                    .layer(DefaultBodyLimit::max(LIST_UPLOAD_LIMIT))
                    .layer(tower_http::limit::RequestBodyLimitLayer::new(LIST_UPLOAD_LIMIT)),
            ),
        )
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::ensure_cookie))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::check_origin));

    Router::new()
        .route("/healthz", get(pages::health::healthz))
        .route("/readyz", get(pages::health::readyz))
        .route("/static/{*path}", get(pages::assets::serve))
        // Called by Stripe's servers: no session, no CSRF cookie; the signature is the check.
        .merge(
            Router::new()
                .route("/webhooks/stripe", post(pages::invoices::stripe_webhook))
                .layer(DefaultBodyLimit::max(BODY_LIMIT))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT)),
        )
        // The member API: bearer tokens only, outside the pages' cookie and CSRF layers.
        .nest("/api/v1", api::router(state.clone()))
        .merge(pages)
        .route_layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(error::render_error_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // The path only: query strings may carry tokens.
            tracing::info_span!("request", method = %req.method(), path = %security::loggable_path(req.uri().path()), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
