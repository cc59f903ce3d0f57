//! How a store operation's refusal is shown. Each operation has its own
//! refusal enum (`cps_store::Failure::Refused`); its [`Refusal`] impl is the
//! one place that says what each reason looks like — the message, the form
//! field it belongs to and the HTTP status — for the pages and the API alike.
//! A handler with nothing special to do uses `?`: the refusal becomes an
//! error page (or an API error) in the member's language.

use crate::api::ApiError;
use crate::error::AppError;
use axum::http::StatusCode;
use cps_domain::FieldErrors;
use cps_i18n::I18n;
use cps_store::Failure;

pub trait Refusal {
    /// The message id (in the member's language).
    fn message(&self) -> &'static str;

    /// The form field the message belongs to, if it belongs to one.
    fn field(&self) -> Option<&'static str> {
        None
    }

    /// The status a refused request is answered with.
    fn status(&self) -> StatusCode {
        StatusCode::CONFLICT
    }

    /// The message as the user reads it: [`Refusal::message`] in their
    /// language, with the reason's own values filled in where it has any.
    fn text(&self, i: &I18n) -> String {
        i.t(self.message())
    }
}

/// The refusal, for a handler that shows it itself (on the form, or as a
/// flash); a store failure, and a refusal shown as the 404 page, pass on
/// as the error.
pub fn shown<R: Refusal>(f: Failure<R>) -> Result<R, AppError> {
    match f {
        Failure::Refused(r) if r.status() != StatusCode::NOT_FOUND => Ok(r),
        f => Err(f.into()),
    }
}

impl<R: Refusal> From<Failure<R>> for AppError {
    fn from(f: Failure<R>) -> Self {
        match f {
            Failure::Store(e) => e.into(),
            Failure::Refused(r) if r.status() == StatusCode::NOT_FOUND => AppError::NotFound,
            Failure::Refused(r) => AppError::Refused { status: r.status(), message: r.message() },
        }
    }
}

impl<R: Refusal> From<Failure<R>> for ApiError {
    fn from(f: Failure<R>) -> Self {
        match f {
            Failure::Store(e) => e.into(),
            Failure::Refused(r) => r.into_api_error(),
        }
    }
}

/// A refusal as the API answers it: 404, or the field's message as a
/// validation error (422) or a conflict (409).
pub trait IntoApiError {
    fn into_api_error(self) -> ApiError;
}

impl<R: Refusal> IntoApiError for R {
    fn into_api_error(self) -> ApiError {
        if self.status() == StatusCode::NOT_FOUND {
            return ApiError::NotFound;
        }
        let mut e = FieldErrors::new();
        e.add(self.field().unwrap_or("request"), self.message());
        if self.status() == StatusCode::UNPROCESSABLE_ENTITY { ApiError::Validation(e) } else { ApiError::Conflict(e) }
    }
}
