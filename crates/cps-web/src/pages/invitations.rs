//! The page an invited colleague opens from the mail: it names the business
//! that invited them, and they accept (choosing a password) or decline.
//! Opening it changes nothing; the answer is a POST.

use crate::csrf::{CsrfForm, append_cookie};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::auth::{PasswordForm, limit_forms, password_fields};
use crate::pages::redirect_with_flash;
use crate::pages::signup::MessagePage;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::FieldErrors;
use cps_domain::invitation::AcceptRefused;
use cps_domain::password::NewPassword;
use cps_i18n::Arg;
use cps_store::invitations::OpenInvitation;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    page: Page,
    lead: String,
    facts: Vec<(String, String)>,
    about: String,
    /// Why this address cannot join (it has a login of its own).
    refusal: Option<String>,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    accept: String,
    decline: String,
}

fn invitation_page(ctx: &Ctx, token: &str, inv: &OpenInvitation, errors: &FieldErrors) -> InvitationPage {
    let i = &ctx.i;
    let business = Arg::Str(inv.business_name.clone());
    let email = Arg::Str(inv.email.to_string());
    InvitationPage {
        page: Page::new(ctx, "invitation-title", ""),
        lead: i.t_args("invitation-lead", &[("business", business.clone())]),
        facts: vec![
            (i.t("invitation-business"), inv.business_name.clone()),
            (i.t("invitation-address"), inv.email.to_string()),
            (i.t("invitation-valid-until"), i.datetime(inv.expires_at)),
        ],
        about: i.t("invitation-about"),
        refusal: inv
            .address_has_login
            .then(|| i.t_args("invitation-has-login", &[("email", email), ("business", business)])),
        errors: summary(i, errors),
        fields: password_fields(ctx, errors),
        accept: format!("/invitations/{token}/accept"),
        decline: format!("/invitations/{token}/decline"),
    }
}

/// Why an invitation was not accepted. The invitation's pages show them:
/// `gone` and the invitation page with the address's login.
impl Refusal for AcceptRefused {
    fn message(&self) -> &'static str {
        match self {
            AcceptRefused::Gone => "invitation-gone-text",
            AcceptRefused::AddressHasLogin => "invitation-has-login",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            AcceptRefused::Gone => StatusCode::GONE,
            AcceptRefused::AddressHasLogin => StatusCode::CONFLICT,
        }
    }
}

/// An unknown, answered, replaced or expired invitation.
fn gone(ctx: &Ctx) -> Result<Response, AppError> {
    let page = MessagePage {
        page: Page::new(ctx, "invitation-gone-title", ""),
        paragraphs: vec![ctx.i.t("invitation-gone-text")],
        link: Some(("/".into(), ctx.i.t("invitation-gone-home"))),
    };
    Ok((StatusCode::GONE, render(&page)?).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Result<Response, AppError> {
    match state.store().invitation(&token, state.now()).await? {
        Some(inv) => Ok(render(&invitation_page(&ctx, &token, &inv, &FieldErrors::new()))?.into_response()),
        None => gone(&ctx),
    }
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    if let Some(limited) = limit_forms(&state, &ctx) {
        return Ok(limited);
    }
    let Some(inv) = state.store().invitation(&token, state.now()).await? else { return gone(&ctx) };
    let mut errors = FieldErrors::new();
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let Some(password) = password.filter(|_| errors.is_empty() && !inv.address_has_login) else {
        let status = if inv.address_has_login { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
        return Ok((status, render(&invitation_page(&ctx, &token, &inv, &errors))?).into_response());
    };
    let hash = crate::password::hash(password.expose().to_owned()).await?;
    match state.store().accept_invitation(&token, &hash, ctx.lang(), state.now()).await {
        Ok(_) => {
            // Whoever was logged in in this browser is not the new colleague.
            let mut res = redirect_with_flash("/login", "invitation-accepted");
            append_cookie(&mut res, &crate::session::clear_session(state.config().secure_cookies()));
            Ok(res)
        }
        Err(failure) => match failure.refusal()? {
            AcceptRefused::Gone => gone(&ctx),
            refused @ AcceptRefused::AddressHasLogin => {
                let inv = OpenInvitation { address_has_login: true, ..inv };
                Ok((refused.status(), render(&invitation_page(&ctx, &token, &inv, &errors))?).into_response())
            }
        },
    }
}

pub async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some(limited) = limit_forms(&state, &ctx) {
        return Ok(limited);
    }
    if !state.store().decline_invitation(&token, state.now()).await? {
        return gone(&ctx);
    }
    Ok(redirect_with_flash("/", "invitation-declined"))
}
