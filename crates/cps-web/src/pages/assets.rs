//! Static files, compiled into the binary: no CDN, nothing to deploy beside it.

use crate::error::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const ASSETS: [(&str, &str, &str); 1] = [("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css"))];

pub async fn serve(Path(path): Path<String>) -> Result<Response, AppError> {
    let (_, mime, body) = ASSETS.iter().find(|(name, _, _)| *name == path).ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response())
}
