//! One error type for the web with central mappings: not found → 404 page,
//! forbidden → 403, a bad CSRF token → 403 with a "try again" page, anything
//! unexpected → logged with its cause chain and an opaque 500 page. Error
//! pages are rendered by [`render_error_pages`] in the request's language.

use crate::ctx::lang_of;
use crate::view::ErrorPage;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF check failed")]
    Csrf,
    #[error("bad request")]
    BadRequest,
    #[error("body too large")]
    TooLarge,
    /// An operation refused for a reason the user is told (see
    /// [`crate::refusal::Refusal`]): an error page with that message.
    #[error("refused: {message}")]
    Refused { status: StatusCode, message: &'static str },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<cps_store::StoreError> for AppError {
    fn from(e: cps_store::StoreError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

/// Marks an error response whose own plain-text body is meant for a machine
/// or an operator (`/readyz`), so no error page replaces it.
#[derive(Debug, Clone, Copy)]
pub struct PlainBody;

/// Which error page to show; carried from the error to the renderer.
#[derive(Debug, Clone, Copy)]
pub struct ErrorKind {
    pub title: &'static str,
    pub text: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Refused { status, .. } => *status,
            AppError::Internal(e) if is_unavailable(e) => {
                tracing::warn!(error = %format!("{e:#}"), "a counterpart is unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut res = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        match self {
            AppError::Csrf => {
                res.extensions_mut().insert(ErrorKind { title: "error-forbidden-title", text: "error-csrf" });
            }
            AppError::Refused { status, message } => {
                res.extensions_mut().insert(ErrorKind { title: kind_for(status).title, text: message });
            }
            _ => {}
        }
        res
    }
}

/// What a 503 asks the client to wait: about a database restart.
const RETRY_AFTER_SECONDS: u32 = 10;

/// Whether an error is a counterpart being away for a moment — the
/// database unreachable or unable to write, Stripe or VIES timing out or
/// refusing connections — rather than a bug: the member gets "try again in
/// a moment" (503), not "something went wrong" (500).
fn is_unavailable(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<cps_store::StoreError>().is_some_and(cps_store::StoreError::is_unavailable)
            || cause.downcast_ref::<cps_store::Error>().is_some_and(cps_store::db_unavailable)
    }) || cps_jobs::is_unreachable(e)
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

fn kind_for(status: StatusCode) -> ErrorKind {
    let (title, text) = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ("error-not-found-title", "error-not-found-text"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden-text"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-too-large-title", "error-too-large-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-bad-request-title", "error-too-many-requests"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-unavailable-title", "error-unavailable-text"),
        s if s.is_client_error() => ("error-bad-request-title", "error-bad-request-text"),
        _ => ("error-server-title", "error-server-text"),
    };
    ErrorKind { title, text }
}

/// Replaces the body of every error response that is not already a page
/// with the error page, in the language of the request.
pub async fn render_error_pages(req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    let res = next.run(req).await;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error())
        || is_html
        || res.extensions().get::<PlainBody>().is_some()
    {
        return res;
    }
    let kind = res.extensions().get::<ErrorKind>().copied().unwrap_or_else(|| kind_for(status));
    let (mut parts, _) = res.into_parts();
    let page = ErrorPage::new(lang, kind);
    let html = page.render_html();
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(html))
}
