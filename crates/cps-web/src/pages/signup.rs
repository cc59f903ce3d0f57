//! Sign-up for a business account. The answer is the same whether or not the
//! address already has an account (no user enumeration): the owner of a
//! known address gets a mail instead.

use crate::csrf::CsrfForm;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::auth::limit_forms;
use crate::state::AppState;
use crate::view::{Field, Fieldset, Page, render, summary};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::account::{SignUp, SignUpInput};
use cps_domain::{Country, FieldErrors, Lang};
use cps_i18n::{Arg, I18n};

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    page: Page,
    errors: Vec<(String, String)>,
    fieldsets: Vec<Fieldset>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub page: Page,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
}

pub fn country_options(i: &I18n) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), i.t("signup-country-choose"))];
    options.extend(Country::all_sorted(i.lang).iter().map(|c| (c.code().to_owned(), c.name(i.lang).to_owned())));
    options
}

/// Each language by its own name, so a reader finds theirs whatever the page's language.
pub fn language_options() -> Vec<(String, String)> {
    Lang::ALL.iter().map(|l| (l.code().to_owned(), l.autonym().to_owned())).collect()
}

/// The company fields, shared with account settings.
pub fn company_fields(i: &I18n, input: &SignUpInput, e: &FieldErrors) -> Vec<Field> {
    vec![
        Field::new(i, "company_name", "signup-company-name", &input.company_name, e).autocomplete("organization"),
        Field::new(i, "country", "signup-country", &input.country, e)
            .options(country_options(i))
            .autocomplete("country"),
        Field::new(i, "vat_number", "signup-vat-number", &input.vat_number, e).hint(i, "signup-vat-hint").optional(),
        Field::new(i, "org_number", "signup-org-number", &input.org_number, e).hint(i, "signup-org-hint").optional(),
        Field::new(i, "street", "signup-street", &input.street, e).autocomplete("address-line1"),
        Field::new(i, "postal_code", "signup-postal-code", &input.postal_code, e).autocomplete("postal-code"),
        Field::new(i, "city", "signup-city", &input.city, e).autocomplete("address-level2"),
        Field::new(i, "contact_name", "signup-contact-name", &input.contact_name, e).autocomplete("name"),
    ]
}

fn form_page(ctx: &Ctx, input: &SignUpInput, errors: &FieldErrors) -> SignUpPage {
    let i = &ctx.i;
    let mut company = company_fields(i, input, errors);
    let contact = company.pop().into_iter().collect::<Vec<_>>();
    let language = if input.language.is_empty() { ctx.lang().code() } else { input.language.as_str() };
    let mut login = contact;
    login.push(
        Field::new(i, "email", "signup-email", &input.email, errors)
            .kind("email")
            .hint(i, "signup-email-hint")
            .autocomplete("email"),
    );
    login.push(Field::new(i, "language", "signup-language", language, errors).options(language_options()));
    SignUpPage {
        page: Page::new(ctx, "signup-title", ""),
        errors: summary(i, errors),
        fieldsets: vec![
            Fieldset { legend: i.t("signup-company-legend"), fields: company },
            Fieldset { legend: i.t("signup-contact-legend"), fields: login },
            Fieldset {
                legend: i.t("signup-legacy-legend"),
                fields: vec![
                    Field::new(i, "old_email", "signup-old-email", &input.old_email, errors)
                        .kind("email")
                        .hint(i, "signup-old-email-hint")
                        .optional(),
                ],
            },
        ],
    }
}

pub async fn form(ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(render(&form_page(&ctx, &SignUpInput::default(), &FieldErrors::new()))?.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(input): CsrfForm<SignUpInput>,
) -> Result<Response, AppError> {
    if let Some(limited) = limit_forms(&state, &ctx) {
        return Ok(limited);
    }
    match SignUp::parse(&input) {
        Err(errors) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&form_page(&ctx, &input, &errors))?).into_response())
        }
        Ok(signup) => {
            let check = match crate::vies::check_company(&state, &signup.company, false).await {
                crate::vies::FormCheck::Refused => {
                    let mut errors = FieldErrors::new();
                    errors.add("vat_number", "error-vat-not-in-vies");
                    let page = form_page(&ctx, &input, &errors);
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
                }
                crate::vies::FormCheck::Checked(c) => Some(c),
                crate::vies::FormCheck::NotNeeded => None,
            };
            state.store().sign_up_checked(&signup, check.as_ref(), state.now()).await?;
            Ok(Redirect::to("/signup/sent").into_response())
        }
    }
}

pub async fn sent(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let i = ctx.i;
    let sender = state.config().mail_sender.clone();
    Ok(render(&MessagePage {
        page: Page::new(&ctx, "signup-sent-title", ""),
        paragraphs: vec![i.t_args("signup-sent-text", &[("sender", Arg::from(sender))]), i.t("signup-sent-spam")],
        link: Some(("/login".into(), i.t("nav-log-in"))),
    })?
    .into_response())
}
