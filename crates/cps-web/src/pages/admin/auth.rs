//! Staff log in: email and password (the same sequence as members',
//! [`log_in`]), then a TOTP code (RFC 6238) from their authenticator.
//! Failures of either step count towards the same throttle as members'
//! logins, under the staff address.

use super::AdminView;
use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::auth::log_in;
use crate::pages::redirect_with_flash;
use crate::staff::{clear_staff_cookie, staff_cookie, staff_session};
use crate::state::AppState;
use crate::throttle::{self, Realm};
use crate::view::{Field, Page, summary};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::FieldErrors;
use cps_domain::login;
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
    let LoginForm { email, password } = form;
    log_in(&state, &ctx, &headers, Realm::Staff, &email, password, |refusal| {
        let view = login_view(&ctx, &email, &refusal.field_errors(), refusal.message().map(|m| ctx.i.t(m)));
        Ok((throttle::status(&refusal), view.respond()?).into_response())
    })
    .await
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
    let refused = |refusal: login::Refusal| -> Result<Response, AppError> {
        let view = code_view(&ctx, &refusal.field_errors(), refusal.message().map(|m| ctx.i.t(m)));
        Ok((throttle::status(&refusal), view.respond()?).into_response())
    };
    let key = staff_key(&session.user.email);
    let check = match throttle::admit(&state, &headers, &ctx, login::staff_code(), &key).await? {
        Ok(check) => check,
        Err(refusal) => return refused(refusal),
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
    // The account is the session's.
    let passed = match check.verdict(Some(()), done) {
        Ok(passed) => passed,
        Err(refusal) => return refused(refusal),
    };
    // Logged in: this source's failures are forgotten (a staff member who
    // locked themselves out is unlocked by their own successful log-in).
    let device = passed.attempt.succeeded(&state).await?;
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
