//! Static files, compiled into the binary: no CDN, nothing to deploy beside it.

use crate::error::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const ASSETS: [(&str, &str, &str); 5] = [
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("catalogue.js", "text/javascript; charset=utf-8", include_str!("../../static/catalogue.js")),
    ("switch.js", "text/javascript; charset=utf-8", include_str!("../../static/switch.js")),
    ("stripe.js", "text/javascript; charset=utf-8", include_str!("../../static/stripe.js")),
    ("confirm_payment.js", "text/javascript; charset=utf-8", include_str!("../../static/confirm_payment.js")),
];

pub async fn serve(Path(path): Path<String>) -> Result<Response, AppError> {
    let (_, mime, body) = ASSETS.iter().find(|(name, _, _)| *name == path).ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response())
}

#[cfg(test)]
mod tests {
    /// Every script and stylesheet the templates load is served.
    #[test]
    fn every_asset_the_templates_name_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).expect("templates") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            for part in text.split("/static/").skip(1) {
                let name: String = part.chars().take_while(|c| *c != '"').collect();
                assert!(super::ASSETS.iter().any(|(n, _, _)| *n == name), "{name} is not served");
            }
        }
    }
}
