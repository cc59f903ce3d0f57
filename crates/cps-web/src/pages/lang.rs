//! The SV | EN switch in the black bar.

use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::Lang;

#[derive(serde::Deserialize)]
pub struct SwitchForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only a local path may be returned to (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next } else { "/" }
}

pub async fn switch(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest)?;
    if let Some(u) = &ctx.user {
        state.store().update_language(u.user.id, lang).await?;
    }
    let mut res = Redirect::to(safe_next(&form.next)).into_response();
    append_cookie(&mut res, &crate::session::lang_cookie(lang, state.config().secure_cookies()));
    Ok(res)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/account"), "/account");
        assert_eq!(super::safe_next("//evil.example"), "/");
        assert_eq!(super::safe_next("https://evil.example"), "/");
        assert_eq!(super::safe_next("/\\evil.example"), "/");
    }
}
