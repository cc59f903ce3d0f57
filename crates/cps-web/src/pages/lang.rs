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

pub async fn switch(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest)?;
    if let Some(u) = &ctx.user {
        state.store().update_language(u.user.id, lang).await?;
    }
    // Only a plain local path is returned to (no open redirect).
    let mut res = Redirect::to(cps_domain::redirect::local_path(&form.next)).into_response();
    append_cookie(&mut res, &crate::session::lang_cookie(lang, state.config().secure_cookies()));
    Ok(res)
}
