//! "API-nycklar" under account settings (owners): personal access tokens
//! for the member API — a name, scopes and an expiry; the secret is shown
//! once, on the page that answers its creation, and kept only as a hash.
//! Each token shows when it was last used and can be revoked.

use crate::csrf::CsrfForm;
use crate::ctx::Member;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::state::AppState;
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::FieldErrors;
use cps_domain::api::{EXPIRY_DAYS, Scope, expiry, parse_token_name};
use cps_domain::mail::Role;
use cps_i18n::{Arg, I18n};

/// A token as listed: id, name, scopes, created, expires, last used, status, live.
struct Row {
    id: i64,
    name: String,
    scopes: String,
    created: String,
    expires: String,
    last_used: String,
    status: String,
    live: bool,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    page: Page,
    errors: Vec<(String, String)>,
    rows: Vec<Row>,
    name: Field,
    expiry: Field,
    /// Value, label, checked.
    scopes: Vec<(String, String, bool)>,
    scope_error: Option<String>,
    /// The secret of the token just made, shown this once.
    new_token: Option<String>,
}

async fn page(
    state: &AppState,
    m: &Member,
    typed: &[(String, String)],
    errors: &FieldErrors,
    new_token: Option<String>,
) -> Result<TokensPage, AppError> {
    let i = m.ctx.i;
    let now = state.now();
    let rows = state
        .store()
        .api_tokens(m.user.business_id)
        .await?
        .into_iter()
        .map(|t| Row {
            id: t.id,
            scopes: t.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            created: i.date(t.created_at.date_naive()),
            expires: i.date(t.expires_at.date_naive()),
            last_used: t.last_used_at.map_or_else(|| i.t("api-tokens-never-used"), |at| i.date(at.date_naive())),
            status: i.t(if t.revoked_at.is_some() {
                "api-tokens-status-revoked"
            } else if t.is_live(now) {
                "api-tokens-status-active"
            } else {
                "api-tokens-status-expired"
            }),
            live: t.is_live(now),
            name: t.name,
        })
        .collect();
    let value = |k: &str| typed.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let checked: Vec<String> = typed.iter().filter(|(k, _)| k == "scope").map(|(_, v)| v.clone()).collect();
    let days = if value("expiry_days").is_empty() { EXPIRY_DAYS[0].to_string() } else { value("expiry_days") };
    let mut choices: Vec<i64> = EXPIRY_DAYS.to_vec();
    choices.sort_unstable();
    let options =
        choices.into_iter().map(|d| (d.to_string(), i.t_args("api-tokens-days", &[("days", Arg::Num(d))]))).collect();
    Ok(TokensPage {
        page: Page::new(&m.ctx, "api-tokens-title", ""),
        errors: summary(&i, errors),
        rows,
        name: Field::new(&i, "name", "api-tokens-name", &value("name"), errors).hint(&i, "api-tokens-name-hint"),
        expiry: Field::new(&i, "expiry_days", "api-tokens-expiry", &days, errors).options(options),
        scopes: Scope::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), scope_label(&i, *s), checked.iter().any(|c| c == s.as_str())))
            .collect(),
        scope_error: errors.get("scope").map(|id| i.t(id)),
        new_token,
    })
}

fn scope_label(i: &I18n, s: Scope) -> String {
    format!("{} ({})", i.t(s.message_id()), s.as_str())
}

fn owner(m: &Member) -> Result<(), AppError> {
    if m.user.role == Role::Owner { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn show(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    owner(&m)?;
    Ok(render(&page(&state, &m, &[], &FieldErrors::new(), None).await?)?.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    owner(&m)?;
    let now = state.now();
    let value = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).unwrap_or_default();
    let mut errors = FieldErrors::new();
    let name = errors.check("name", parse_token_name(value("name")));
    let scopes: Vec<Scope> = form.iter().filter(|(k, _)| k == "scope").filter_map(|(_, v)| Scope::parse(v)).collect();
    if scopes.is_empty() {
        errors.add("scope", "api-error-scope-required");
    }
    let expires = errors.check(
        "expiry_days",
        value("expiry_days").trim().parse::<i64>().map_err(|_| "api-error-expiry").and_then(|d| expiry(d, now)),
    );
    let (Some(name), Some(expires), true) = (name, expires, errors.is_empty()) else {
        let page = page(&state, &m, &form, &errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let made = state.store().create_api_token(m.user.business_id, m.user.id, &name, &scopes, expires, now).await?;
    // Shown on this response only; a reload shows the list without it.
    Ok(render(&page(&state, &m, &[], &FieldErrors::new(), Some(made.plain)).await?)?.into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    owner(&m)?;
    if !state.store().revoke_api_token(m.user.business_id, id, m.user.id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash("/account/tokens", "api-tokens-revoked"))
}
