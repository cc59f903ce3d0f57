//! Account settings: company details, language, old CPS email, password.

use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Member;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::pages::signup::{company_fields, language_options};
use crate::refusal::Refusal;
use crate::session::{lang_cookie, session_cookie};
use crate::state::AppState;
use crate::throttle::{self, Realm};
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cps_domain::account::{SignUpInput, parse_company, parse_old_email};
use cps_domain::invitation::{InvitationPolicy, InvitationState, InviteRefused};
use cps_domain::mail::Role;
use cps_domain::password::NewPassword;
use cps_domain::{FieldErrors, Lang};
use cps_store::accounts::{Business, TokenRejected};
use cps_store::privacy::CloseRefused;
use cps_store::sessions::email_key;
use cps_store::tokens::Secret;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    page: Page,
    errors: Vec<(String, String)>,
    login_email: String,
    role: String,
    is_owner: bool,
    company: Vec<Field>,
    language: Vec<Field>,
    old_email: Vec<Field>,
    /// "Er referens" printed on invoices (owners).
    reference: Vec<Field>,
    password: Vec<Field>,
    /// The business's users and open or recent invitations (email, what
    /// they are), shown to owners.
    users: Vec<(String, String)>,
    invite: Vec<Field>,
    close: Vec<Field>,
}

fn input_of(b: &Business, lang: Lang) -> SignUpInput {
    let c = &b.company;
    SignUpInput {
        company_name: c.name.clone(),
        vat_number: c.vat_number.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default(),
        org_number: c.org_number.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default(),
        country: c.country.code().to_owned(),
        street: c.street.clone(),
        postal_code: c.postal_code.clone(),
        city: c.city.clone(),
        contact_name: c.contact_name.clone(),
        email: String::new(),
        language: lang.code().to_owned(),
        old_email: b.old_email.as_ref().map(ToString::to_string).unwrap_or_default(),
    }
}

/// The page with `typed` in place of the stored values where a form was just sent back.
async fn settings(
    state: &AppState,
    m: &Member,
    typed: Option<&SignUpInput>,
    errors: &FieldErrors,
) -> Result<SettingsPage, AppError> {
    settings_with(state, m, typed, None, errors).await
}

async fn settings_with(
    state: &AppState,
    m: &Member,
    typed: Option<&SignUpInput>,
    typed_reference: Option<&str>,
    errors: &FieldErrors,
) -> Result<SettingsPage, AppError> {
    let held = state.store().member_reads(m.seen).business().await?;
    let b = held.as_ref().as_ref().ok_or(AppError::NotFound)?;
    let stored = input_of(b, m.user.language);
    let input = typed.unwrap_or(&stored);
    let i = &m.ctx.i;
    let role = match m.user.role {
        Role::Owner => i.t("role-owner"),
        Role::Member => i.t("role-member"),
    };
    let owner = m.user.role == Role::Owner;
    let stored_reference = b.buyer_reference.clone().unwrap_or_default();
    let reference_value = typed_reference.unwrap_or(&stored_reference);
    let mut users = Vec::new();
    if owner {
        let now = state.now();
        let (team, sent) = state.store().member_reads(m.seen).team(now).await?;
        for u in team {
            users.push((u.email, i.t(&format!("role-{}", u.role.as_str()))));
        }
        for inv in sent {
            let what = match inv.state {
                InvitationState::Open { until } => {
                    i.t_args("settings-invitation-open", &[("until", cps_i18n::Arg::Str(i.datetime(until)))])
                }
                InvitationState::Declined => i.t("settings-invitation-declined"),
                InvitationState::Expired | InvitationState::Accepted => i.t("settings-invitation-expired"),
            };
            users.push((inv.email, what));
        }
    }
    Ok(SettingsPage {
        users,
        close: vec![
            Field::new(i, "close_password", "settings-password-current", "", errors)
                .kind("password")
                .autocomplete("current-password"),
            Field::new(i, "confirm", "settings-close-confirm", "", errors).options(vec![
                (String::new(), i.t("settings-close-choose")),
                ("yes".into(), i.t("settings-close-yes")),
            ]),
        ],
        invite: vec![
            Field::new(i, "invite_email", "settings-invite-email", "", errors)
                .kind("email")
                .hint(i, "settings-invite-hint"),
        ],
        page: Page::new(&m.ctx, "settings-title", "account"),
        errors: summary(i, errors),
        login_email: m.user.email.to_string(),
        role,
        is_owner: m.user.role == Role::Owner,
        company: company_fields(i, input, errors),
        language: vec![
            Field::new(i, "language", "signup-language", &input.language, errors).options(language_options()),
        ],
        reference: vec![
            Field::new(i, "buyer_reference", "einvoice-reference", reference_value, errors)
                .hint(i, "einvoice-reference-hint")
                .optional(),
        ],
        old_email: vec![
            Field::new(i, "old_email", "signup-old-email", &input.old_email, errors)
                .kind("email")
                .hint(i, "signup-old-email-hint")
                .optional(),
        ],
        password: vec![
            Field::new(i, "current_password", "settings-password-current", "", errors)
                .kind("password")
                .autocomplete("current-password"),
            Field::new(i, "password", "password-new", "", errors)
                .kind("password")
                .hint(i, "password-new-hint")
                .autocomplete("new-password"),
            Field::new(i, "password_confirm", "password-confirm", "", errors)
                .kind("password")
                .autocomplete("new-password"),
        ],
    })
}

fn invalid(page: &SettingsPage) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

pub async fn show(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    Ok(render(&settings(&state, &m, None, &FieldErrors::new()).await?)?.into_response())
}

/// A refused invitation is shown on the invitation form.
impl Refusal for InviteRefused {
    fn message(&self) -> &'static str {
        match self {
            InviteRefused::AlreadyInBusiness => "settings-invite-already",
            InviteRefused::DailyLimit => "settings-invite-limit",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some("invite_email")
    }

    fn status(&self) -> StatusCode {
        match self {
            InviteRefused::AlreadyInBusiness => StatusCode::UNPROCESSABLE_ENTITY,
            InviteRefused::DailyLimit => StatusCode::TOO_MANY_REQUESTS,
        }
    }
}

/// A refused closing is shown on the closing form.
impl Refusal for CloseRefused {
    fn message(&self) -> &'static str {
        match self {
            CloseRefused::UnpaidInvoices => "settings-close-unpaid",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some("close_password")
    }

    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// An activation or reset link that cannot be used (its page is in
/// `pages::auth`, with the way to ask for a new one).
impl Refusal for TokenRejected {
    fn message(&self) -> &'static str {
        match self {
            TokenRejected::UnknownUsedOrExpired => "token-invalid-text",
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::GONE
    }
}

/// The settings page again, with a refusal's message on its field.
async fn refused(
    state: &AppState,
    m: &Member,
    r: &impl Refusal,
    mut errors: FieldErrors,
) -> Result<Response, AppError> {
    // The refusals shown here each belong to a field of the page.
    errors.add(r.field().unwrap_or("close_password"), r.message());
    Ok((r.status(), render(&settings(state, m, None, &errors).await?)?).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InviteInput {
    invite_email: String,
}

/// Owners invite colleagues: an invitation is sent whatever account the
/// address has or not, so the answer is the same (no user enumeration).
pub async fn invite(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(input): CsrfForm<InviteInput>,
) -> Result<Response, AppError> {
    if m.user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let Ok(email) = cps_domain::Email::parse(&input.invite_email) else {
        errors.add("invite_email", "error-email-invalid");
        return invalid(&settings(&state, &m, None, &errors).await?);
    };
    let policy = InvitationPolicy::default();
    match state
        .store()
        .invite_colleague(m.user.business_id, m.user.id, &email, m.ctx.lang(), &policy, state.now())
        .await
    {
        Ok(()) => Ok(redirect_with_flash("/account", "settings-invite-sent")),
        Err(failure) => refused(&state, &m, &failure.refusal()?, errors).await,
    }
}

pub async fn save_company(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(input): CsrfForm<SignUpInput>,
) -> Result<Response, AppError> {
    if m.user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    match parse_company(&input, &mut errors) {
        Some(company) if errors.is_empty() => {
            let stored = state.store().business(m.user.business_id).await?.ok_or(AppError::NotFound)?;
            let unchanged =
                stored.company.vat_number == company.vat_number && stored.company.country == company.country;
            let check = match crate::vies::check_company(&state, &company, unchanged).await {
                crate::vies::FormCheck::Refused => {
                    errors.add("vat_number", "error-vat-not-in-vies");
                    let base = input_of(&stored, m.user.language);
                    let typed = SignUpInput { language: base.language, old_email: base.old_email, ..input };
                    return invalid(&settings(&state, &m, Some(&typed), &errors).await?);
                }
                crate::vies::FormCheck::Checked(c) => Some(c),
                crate::vies::FormCheck::NotNeeded => None,
            };
            state.store().update_company(m.user.business_id, &company, check.as_ref(), state.now()).await?;
            Ok(redirect_with_flash("/account", "settings-saved"))
        }
        _ => {
            let mut typed = input_of(
                &state.store().business(m.user.business_id).await?.ok_or(AppError::NotFound)?,
                m.user.language,
            );
            typed = SignUpInput { language: typed.language, old_email: typed.old_email, ..input };
            invalid(&settings(&state, &m, Some(&typed), &errors).await?)
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LanguageForm {
    language: String,
}

pub async fn save_language(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<Response, AppError> {
    let Some(lang) = Lang::parse(&form.language) else {
        let mut errors = FieldErrors::new();
        errors.add("language", "error-language-invalid");
        return invalid(&settings(&state, &m, None, &errors).await?);
    };
    state.store().update_language(m.user.id, lang).await?;
    let mut res = redirect_with_flash("/account", "settings-saved");
    append_cookie(&mut res, &lang_cookie(lang, state.config().secure_cookies()));
    Ok(res)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReferenceForm {
    buyer_reference: String,
}

/// Owners set the "Er referens" printed on the business's invoices.
pub async fn save_reference(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(form): CsrfForm<ReferenceForm>,
) -> Result<Response, AppError> {
    if m.user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let Some(reference) =
        errors.check("buyer_reference", cps_domain::billing::parse_buyer_reference(&form.buyer_reference))
    else {
        return invalid(&settings_with(&state, &m, None, Some(&form.buyer_reference), &errors).await?);
    };
    state.store().set_buyer_reference(m.user.business_id, reference.as_deref()).await?;
    Ok(redirect_with_flash("/account", "settings-saved"))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct OldEmailForm {
    old_email: String,
}

pub async fn save_old_email(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(form): CsrfForm<OldEmailForm>,
) -> Result<Response, AppError> {
    // The old address decides which legacy account the business may claim.
    if m.user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let old_email = parse_old_email(&form.old_email, &mut errors);
    if !errors.is_empty() {
        let b = state.store().business(m.user.business_id).await?.ok_or(AppError::NotFound)?;
        let typed = SignUpInput { old_email: form.old_email, ..input_of(&b, m.user.language) };
        return invalid(&settings(&state, &m, Some(&typed), &errors).await?);
    }
    state.store().update_old_email(m.user.business_id, old_email.as_ref()).await?;
    Ok(redirect_with_flash("/account", "settings-saved"))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ChangePasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

/// What a check of the current password came to.
enum CurrentPassword {
    Right,
    Wrong,
    /// Too many failures from here: wait (the same gate as logins).
    Throttled,
}

/// Checks the logged-in user's current password behind the log-in gate.
async fn check_current_password(
    state: &AppState,
    m: &Member,
    headers: &HeaderMap,
    typed: String,
) -> Result<CurrentPassword, AppError> {
    let stored = state.store().password_hash(m.user.id).await?.ok_or(AppError::Forbidden)?;
    let key = email_key(m.user.email.as_str());
    let Some(attempt) = throttle::enter(state, headers, &m.ctx, Realm::Member, &key).await? else {
        return Ok(CurrentPassword::Throttled);
    };
    if !crate::password::verify(typed, stored).await? {
        return Ok(CurrentPassword::Wrong);
    }
    attempt.succeeded(state).await?;
    Ok(CurrentPassword::Right)
}

/// The settings page with a current-password error on `field`.
async fn current_password_refused(
    state: &AppState,
    m: &Member,
    field: &'static str,
    outcome: &CurrentPassword,
    mut errors: FieldErrors,
) -> Result<Response, AppError> {
    if let CurrentPassword::Throttled = outcome {
        errors.add(field, "error-too-many-requests");
        let page = settings(state, m, None, &errors).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
    }
    errors.add(field, "error-password-current-wrong");
    invalid(&settings(state, m, None, &errors).await?)
}

pub async fn change_password(
    State(state): State<AppState>,
    m: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ChangePasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "error-password-required");
    } else {
        let outcome = check_current_password(&state, &m, &headers, form.current_password).await?;
        if !matches!(outcome, CurrentPassword::Right) {
            return current_password_refused(&state, &m, "current_password", &outcome, errors).await;
        }
    }
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return invalid(&settings(&state, &m, None, &errors).await?);
    };
    let hash = crate::password::hash(password.expose().to_owned()).await?;
    // Every session ends; this browser continues in a fresh one.
    let secret = Secret::generate();
    state.store().change_password(m.user.id, &hash, &secret.hash, state.now()).await?;
    let mut res = redirect_with_flash("/account", "settings-password-changed");
    append_cookie(&mut res, &session_cookie(secret.plain, state.config().secure_cookies()));
    Ok(res)
}

/// Everything the portal holds about the business, as a JSON download.
pub async fn export(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let archive = state.store().export_business(m.user.business_id, state.now()).await?;
    let body = serde_json::to_vec_pretty(&archive).map_err(|e| AppError::Internal(e.into()))?;
    let name = format!("attachment; filename=\"cps-export-{}.json\"", state.now().format("%Y-%m-%d"));
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, name),
            (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    close_password: String,
    confirm: String,
}

/// An owner closes the business account, confirming with their password.
pub async fn close(
    State(state): State<AppState>,
    m: Member,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<Response, AppError> {
    if m.user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    if form.close_password.is_empty() {
        errors.add("close_password", "error-password-current-wrong");
    } else {
        let outcome = check_current_password(&state, &m, &headers, form.close_password).await?;
        if !matches!(outcome, CurrentPassword::Right) {
            return current_password_refused(&state, &m, "close_password", &outcome, errors).await;
        }
    }
    if form.confirm != "yes" {
        errors.add("confirm", "settings-close-confirm-missing");
    }
    if !errors.is_empty() {
        return invalid(&settings(&state, &m, None, &errors).await?);
    }
    if let Err(failure) = state.store().close_business(m.user.business_id, state.now()).await {
        return refused(&state, &m, &failure.refusal()?, errors).await;
    }
    let mut res = redirect_with_flash("/login", "settings-closed");
    append_cookie(&mut res, &crate::session::clear_session(state.config().secure_cookies()));
    Ok(res)
}
