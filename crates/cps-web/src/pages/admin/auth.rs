//! Staff log in: email and password, then a TOTP code (RFC 6238) from
//! their authenticator. Failures of either step count towards the same
//! throttle as members' logins, under the staff address.

use super::AdminView;
use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::staff::{clear_staff_cookie, staff_cookie, staff_session};
use crate::state::AppState;
use crate::throttle::{self, Realm};
use crate::view::{Field, Page, summary};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::FieldErrors;
use cps_store::sessions::staff_key;
use cps_store::staff::StaffActor;
use cps_store::tokens::Secret;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

fn login_view(ctx: &Ctx, email: &str, errors: &FieldErrors, failure: Option<String>) -> AdminView {
    let i = &ctx.i;
    let mut view = AdminView::new(Page::new(ctx, "admin-login-title", ""));
    view.page.user_email = None;
    view.page.banner = None;
    view.lead = failure.or_else(|| Some(i.t("admin-login-lead")));
    view.errors = summary(i, errors);
    view.sections.push(super::Section {
        forms: vec![super::ActionForm {
            action: "/admin/login".into(),
            title: String::new(),
            button: i.t("login-submit"),
            fields: vec![
                Field::new(i, "email", "login-email", email, errors).kind("email").autocomplete("username"),
                Field::new(i, "password", "login-password", "", errors)
                    .kind("password")
                    .autocomplete("current-password"),
            ],
            multipart: false,
            secondary: false,
            hidden: Vec::new(),
            accept: "",
        }],
        ..Default::default()
    });
    view
}

fn code_view(ctx: &Ctx, errors: &FieldErrors, failure: Option<String>) -> AdminView {
    let i = &ctx.i;
    let mut view = AdminView::new(Page::new(ctx, "admin-totp-title", ""));
    view.page.user_email = None;
    view.page.banner = None;
    view.lead = failure.or_else(|| Some(i.t("admin-totp-lead")));
    view.errors = summary(i, errors);
    view.sections.push(super::Section {
        forms: vec![super::ActionForm {
            action: "/admin/totp".into(),
            title: String::new(),
            button: i.t("admin-totp-submit"),
            fields: vec![
                Field::new(i, "code", "admin-totp-code", "", errors).autocomplete("one-time-code").inputmode("numeric"),
            ],
            multipart: false,
            secondary: false,
            hidden: Vec::new(),
            accept: "",
        }],
        ..Default::default()
    });
    view
}

pub async fn login_form(ctx: Ctx) -> Result<Response, AppError> {
    login_view(&ctx, "", &FieldErrors::new(), None).respond()
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    if form.email.trim().is_empty() {
        errors.add("email", "error-email-required");
    }
    if form.password.is_empty() {
        errors.add("password", "error-password-required");
    }
    if !errors.is_empty() {
        let view = login_view(&ctx, &form.email, &errors, None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response());
    }
    let throttled = || -> Result<Response, AppError> {
        let view = login_view(&ctx, &form.email, &errors, Some(ctx.i.t("login-throttled")));
        Ok((StatusCode::TOO_MANY_REQUESTS, view.respond()?).into_response())
    };
    if state.inner.login_limiter.check_key(&ctx.limit_key()).is_err() {
        return throttled();
    }
    let Some(attempt) = throttle::enter(&state, &headers, &ctx, Realm::Staff, &staff_key(&form.email)).await? else {
        return throttled();
    };
    let candidate = state.store().staff_by_email(&form.email).await?.filter(|s| !s.disabled);
    // The same Argon2 cost whether or not the address is staff.
    let hash = candidate.as_ref().map_or_else(|| state.inner.dummy_hash.clone(), |c| c.password_hash.clone());
    let ok = crate::password::verify(form.password, hash).await?;
    let Some(staff) = candidate.filter(|_| ok) else {
        return login_view(&ctx, &form.email, &errors, Some(ctx.i.t("login-failed"))).respond();
    };
    // Half-way: the failures of this source stay until the code is right too.
    attempt.step_passed(&state).await?;
    let now = state.now();
    if let Some((_, old)) = staff_session(&headers, &state).await? {
        state.store().delete_staff_session(&old).await?;
    }
    let secret = Secret::generate();
    state.store().start_staff_session(&secret.hash, staff.id, now).await?;
    let mut res = Redirect::to("/admin/totp").into_response();
    append_cookie(&mut res, &staff_cookie(secret.plain, state.config().secure_cookies()));
    Ok(res)
}

pub async fn code_form(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Result<Response, AppError> {
    match staff_session(&headers, &state).await? {
        None => Ok(Redirect::to("/admin/login").into_response()),
        Some((s, _)) if s.second_factor => Ok(Redirect::to("/admin").into_response()),
        Some(_) => code_view(&ctx, &FieldErrors::new(), None).respond(),
    }
}

pub async fn code_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let Some((session, hash)) = staff_session(&headers, &state).await? else {
        return Ok(Redirect::to("/admin/login").into_response());
    };
    if session.second_factor {
        return Ok(Redirect::to("/admin").into_response());
    }
    let throttled = || -> Result<Response, AppError> {
        let view = code_view(&ctx, &FieldErrors::new(), Some(ctx.i.t("login-throttled")));
        Ok((StatusCode::TOO_MANY_REQUESTS, view.respond()?).into_response())
    };
    if state.inner.login_limiter.check_key(&ctx.limit_key()).is_err() {
        return throttled();
    }
    let Some(attempt) = throttle::enter(&state, &headers, &ctx, Realm::Staff, &staff_key(&session.user.email)).await?
    else {
        return throttled();
    };
    let now = state.now();
    let last_step = state.store().last_totp_step(session.user.id).await?;
    let step = cps_domain::totp::verify(&session.user.totp_secret, &form.code, now.timestamp(), last_step);
    let actor = StaffActor::from(&session.user);
    let new_id = Secret::generate();
    let done = match step {
        Some(step) => state.store().complete_second_factor(&hash, &actor, step, &new_id.hash, now).await?,
        None => false,
    };
    if !done {
        let mut errors = FieldErrors::new();
        errors.add("code", "admin-totp-wrong");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, code_view(&ctx, &errors, None).respond()?).into_response());
    }
    // Logged in: this source's failures are forgotten (a staff member who
    // locked themselves out is unlocked by their own successful log-in).
    let device = attempt.succeeded(&state).await?;
    let mut res = Redirect::to("/admin").into_response();
    append_cookie(&mut res, &staff_cookie(new_id.plain, state.config().secure_cookies()));
    append_cookie(&mut res, &device);
    Ok(res)
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some((_, hash)) = staff_session(&headers, &state).await? {
        state.store().delete_staff_session(&hash).await?;
    }
    let mut res = redirect_with_flash("/admin/login", "logged-out");
    append_cookie(&mut res, &clear_staff_cookie(state.config().secure_cookies()));
    Ok(res)
}
