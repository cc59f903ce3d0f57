//! Log in (members here, and the password step of staff, [`log_in`]), log
//! out, set a password from an activation or reset link, and ask for a
//! reset link. Answers never tell whether an address has an account, and a
//! failed login costs the same time either way.

use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::pages::signup::MessagePage;
use crate::session::{clear_session, lang_cookie, session_cookie};
use crate::staff::{staff_cookie, staff_session};
use crate::state::AppState;
use crate::throttle::{self, Realm};
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::login::{self, Next};
use cps_domain::mail::TokenPurpose;
use cps_domain::password::NewPassword;
use cps_domain::{Email, FieldErrors};
use cps_store::sessions::{email_key, staff_key};
use cps_store::tokens::Secret;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    failure: Option<String>,
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    page: Page,
    lead: String,
    action: String,
    submit: String,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    page: Page,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    pub password: String,
    pub password_confirm: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

fn too_many(ctx: &Ctx) -> Response {
    let page = MessagePage {
        page: Page::new(ctx, "error-bad-request-title", ""),
        paragraphs: vec![ctx.i.t("error-too-many-requests")],
        link: None,
    };
    match render(&page) {
        Ok(html) => (StatusCode::TOO_MANY_REQUESTS, html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The per-IP limit for anonymous forms (sign-up, reset requests and links).
pub fn limit_forms(state: &AppState, ctx: &Ctx) -> Option<Response> {
    state.inner.forms_limiter.check_key(&ctx.limit_key()).is_err().then(|| too_many(ctx))
}

fn login_page(ctx: &Ctx, email: &str, errors: &FieldErrors, failure: Option<String>) -> LoginPage {
    let i = &ctx.i;
    LoginPage {
        page: Page::new(ctx, "login-title", ""),
        errors: summary(i, errors),
        fields: vec![
            Field::new(i, "email", "login-email", email, errors).kind("email").autocomplete("username"),
            Field::new(i, "password", "login-password", "", errors).kind("password").autocomplete("current-password"),
        ],
        failure,
    }
}

pub async fn login_form(ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(render(&login_page(&ctx, "", &FieldErrors::new(), None))?.into_response())
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let LoginForm { email, password } = form;
    log_in(&state, &ctx, &headers, Realm::Member, &email, password, |refusal| {
        let page = login_page(&ctx, &email, &refusal.field_errors(), refusal.message().map(|m| ctx.i.t(m)));
        Ok((throttle::status(&refusal), render(&page)?).into_response())
    })
    .await
}

/// An account a password is checked against, of either realm.
struct Account {
    id: i64,
    password_hash: String,
}

/// The account of a typed address: a member with a password, or a staff
/// member who is not disabled.
async fn account(state: &AppState, realm: Realm, email: &str) -> Result<Option<Account>, AppError> {
    Ok(match realm {
        Realm::Member => match Email::parse(email) {
            Ok(email) => state
                .store()
                .login_candidate(&email)
                .await?
                .map(|c| Account { id: c.user_id, password_hash: c.password_hash }),
            Err(_) => None,
        },
        Realm::Staff => state
            .store()
            .staff_by_email(email)
            .await?
            .filter(|s| !s.disabled)
            .map(|s| Account { id: s.id, password_hash: s.password_hash }),
    })
}

/// The log-in with email and password, of members and staff alike (the
/// decisions are `cps_domain::login`): the fields, the per-address limiter,
/// the throttle, the password (against a dummy hash when there is no
/// account: the same cost), then the attempt recorded and a fresh session
/// (the browser's old one ended). Members are then logged in and go to
/// their products; staff go on to the code step. A refusal is answered by
/// `refused`, with the realm's own page.
pub(crate) async fn log_in(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    realm: Realm,
    email: &str,
    password: String,
    refused: impl FnOnce(login::Refusal) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    let gate = match login::password(realm, email, &password) {
        Ok(gate) => gate,
        Err(refusal) => return refused(refusal),
    };
    let key = match realm {
        Realm::Member => email_key(email),
        Realm::Staff => staff_key(email),
    };
    let check = match throttle::admit(state, headers, ctx, gate, &key).await? {
        Ok(check) => check,
        Err(refusal) => return refused(refusal),
    };
    let account = account(state, realm, email).await?;
    let hash = login::hash_to_verify(account.as_ref().map(|a| a.password_hash.as_str()), &state.inner.dummy_hash);
    let right = crate::password::verify(password, hash.to_owned()).await?;
    let passed = match check.verdict(account, right) {
        Ok(passed) => passed,
        Err(refusal) => return refused(refusal),
    };
    let device = match passed.next {
        Next::LoggedIn => Some(passed.attempt.succeeded(state).await?),
        // Half-way: the failures of this source stay until the code is right too.
        Next::SecondFactor => {
            passed.attempt.step_passed(state).await?;
            None
        }
    };
    // A new session id at every login; the browser's old session ends.
    let secret = Secret::generate();
    let secure = state.config().secure_cookies();
    let id = passed.account.id;
    Ok(match realm {
        Realm::Member => {
            if let Some(old) = &ctx.user {
                state.store().delete_session(&old.session_hash).await?;
            }
            state.store().start_session(&secret.hash, id, state.now()).await?;
            let mut res = Redirect::to("/products").into_response();
            append_cookie(&mut res, &session_cookie(secret.plain, secure));
            if let Some(device) = &device {
                append_cookie(&mut res, device);
            }
            if let Some(user) = state.store().user(id).await? {
                append_cookie(&mut res, &lang_cookie(user.language, secure));
            }
            res
        }
        Realm::Staff => {
            if let Some((_, old)) = staff_session(headers, state).await? {
                state.store().delete_staff_session(&old).await?;
            }
            state.store().start_staff_session(&secret.hash, id, state.now()).await?;
            let mut res = Redirect::to("/admin/totp").into_response();
            append_cookie(&mut res, &staff_cookie(secret.plain, secure));
            if let Some(device) = &device {
                append_cookie(&mut res, device);
            }
            res
        }
    })
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some(u) = &ctx.user {
        state.store().delete_session(&u.session_hash).await?;
    }
    let mut res = redirect_with_flash("/login", "logged-out");
    append_cookie(&mut res, &clear_session(state.config().secure_cookies()));
    Ok(res)
}

pub fn password_fields(ctx: &Ctx, errors: &FieldErrors) -> Vec<Field> {
    let i = &ctx.i;
    vec![
        Field::new(i, "password", "password-new", "", errors)
            .kind("password")
            .hint(i, "password-new-hint")
            .autocomplete("new-password"),
        Field::new(i, "password_confirm", "password-confirm", "", errors).kind("password").autocomplete("new-password"),
    ]
}

fn password_page(ctx: &Ctx, purpose: TokenPurpose, token: &str, errors: &FieldErrors) -> PasswordPage {
    let (title, action) = match purpose {
        TokenPurpose::Activate => ("activate-title", format!("/activate/{token}")),
        TokenPurpose::Reset | TokenPurpose::ConfirmOldEmail => ("reset-title", format!("/password/reset/{token}")),
    };
    let mut page = Page::new(ctx, title, "");
    page.path = "/".into();
    PasswordPage {
        page,
        lead: ctx.i.t("activate-lead"),
        action,
        submit: ctx.i.t("activate-submit"),
        errors: summary(&ctx.i, errors),
        fields: password_fields(ctx, errors),
    }
}

fn token_invalid(ctx: &Ctx) -> Result<Response, AppError> {
    let i = ctx.i;
    let page = MessagePage {
        page: Page::new(ctx, "token-invalid-title", ""),
        paragraphs: vec![i.t("token-invalid-text")],
        link: Some(("/password/forgot".into(), i.t("token-invalid-action"))),
    };
    Ok((StatusCode::GONE, render(&page)?).into_response())
}

async fn token_form(state: &AppState, ctx: &Ctx, purpose: TokenPurpose, token: &str) -> Result<Response, AppError> {
    if !state.store().token_is_usable(token, purpose, state.now()).await? {
        return token_invalid(ctx);
    }
    Ok(render(&password_page(ctx, purpose, token, &FieldErrors::new()))?.into_response())
}

async fn token_submit(
    state: &AppState,
    ctx: &Ctx,
    purpose: TokenPurpose,
    token: &str,
    form: PasswordForm,
) -> Result<Response, AppError> {
    if let Some(limited) = limit_forms(state, ctx) {
        return Ok(limited);
    }
    let mut errors = FieldErrors::new();
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        if !state.store().token_is_usable(token, purpose, state.now()).await? {
            return token_invalid(ctx);
        }
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, render(&password_page(ctx, purpose, token, &errors))?).into_response()
        );
    };
    let hash = crate::password::hash(password.expose().to_owned()).await?;
    match state.store().set_password_with_token(token, purpose, &hash, state.now()).await {
        Err(failure) => {
            failure.refusal()?;
            token_invalid(ctx)
        }
        Ok(_) => {
            let message = if purpose == TokenPurpose::Activate { "activate-done" } else { "reset-done" };
            // Whoever was logged in in this browser is logged out by the reset.
            let mut res = redirect_with_flash("/login", message);
            append_cookie(&mut res, &clear_session(state.config().secure_cookies()));
            Ok(res)
        }
    }
}

pub async fn activate_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    token_form(&state, &ctx, TokenPurpose::Activate, &token).await
}

pub async fn activate_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    token_submit(&state, &ctx, TokenPurpose::Activate, &token, form).await
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    token_form(&state, &ctx, TokenPurpose::Reset, &token).await
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    token_submit(&state, &ctx, TokenPurpose::Reset, &token, form).await
}

fn forgot_page(ctx: &Ctx, email: &str, errors: &FieldErrors) -> ForgotPage {
    let i = &ctx.i;
    ForgotPage {
        page: Page::new(ctx, "forgot-title", ""),
        errors: summary(i, errors),
        fields: vec![Field::new(i, "email", "login-email", email, errors).kind("email").autocomplete("email")],
    }
}

pub async fn forgot_form(ctx: Ctx) -> Result<Response, AppError> {
    Ok(render(&forgot_page(&ctx, "", &FieldErrors::new()))?.into_response())
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, AppError> {
    if let Some(limited) = limit_forms(&state, &ctx) {
        return Ok(limited);
    }
    let mut errors = FieldErrors::new();
    let Some(email) = errors.check("email", Email::parse(&form.email)) else {
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, render(&forgot_page(&ctx, &form.email, &errors))?).into_response()
        );
    };
    state.store().request_password_reset(&email, ctx.lang(), state.now()).await?;
    Ok(Redirect::to("/password/forgot/sent").into_response())
}

pub async fn forgot_sent(ctx: Ctx) -> Result<Response, AppError> {
    let i = ctx.i;
    Ok(render(&MessagePage {
        page: Page::new(&ctx, "forgot-sent-title", ""),
        paragraphs: vec![i.t("forgot-sent-text"), i.t("signup-sent-spam")],
        link: Some(("/login".into(), i.t("nav-log-in"))),
    })?
    .into_response())
}
