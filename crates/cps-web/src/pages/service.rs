//! Service and repair, the member side (issue 15): the business's requests
//! and what the membership gives, a new request, one request with its
//! timeline, quote decision and loan, and the free shipping label. The rules
//! live in `cps_domain::service` and `cps_store::service`.

use crate::csrf::CsrfForm;
use crate::ctx::Member;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::refusal::{Refusal, shown};
use crate::state::AppState;
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cps_domain::money::Money;
use cps_domain::service::{LoanStatus, ServiceKind, ServiceStatus, Shipping, parse_description};
use cps_domain::shipping::{LabelSender, PostalAddress, ShippingLabel};
use cps_domain::{Country, Email, FieldErrors};
use cps_i18n::{Arg, I18n};
use cps_store::service::{
    DecisionRefused, LoanRequestRefused, NewRequestRefused, NewServiceRequest, ReturnAddress, ServiceStanding,
};

fn status_text(i: &I18n, s: ServiceStatus) -> String {
    i.t(&format!("service-status-{}", s.as_str()))
}

fn kind_text(i: &I18n, k: ServiceKind) -> String {
    i.t(&format!("service-kind-{}", k.as_str()))
}

/// What the membership gives, one line each.
fn benefit_lines(i: &I18n, s: &ServiceStanding) -> Vec<String> {
    if !s.benefits.member {
        return vec![i.t_args("service-benefit-none", &[("days", Arg::Num(i64::from(s.benefits.repair_days)))])];
    }
    let allowance = s.allowance.as_ref().map(|a| {
        i.t_args(
            "service-benefit-allowance",
            &[("left", Arg::Str(a.left.format(i.lang))), ("until", Arg::Str(i.date(a.ends_on)))],
        )
    });
    tier_lines(i, &s.benefits, allowance)
}

/// A tier's benefits, with the allowance line as it applies.
fn tier_lines(i: &I18n, b: &cps_domain::service::ServiceBenefits, allowance: Option<String>) -> Vec<String> {
    let mut lines = vec![i.t_args("service-benefit-days", &[("days", Arg::Num(i64::from(b.repair_days)))])];
    if b.discount_percent > 0 {
        lines.push(i.t_args("service-benefit-discount", &[("percent", Arg::Num(i64::from(b.discount_percent)))]));
    }
    lines.extend(allowance);
    if b.loan_equipment {
        lines.push(i.t("service-benefit-loan"));
    }
    if b.sensor_cleans > 0 {
        lines.push(i.t_args("service-benefit-cleans", &[("count", Arg::Num(i64::from(b.sensor_cleans)))]));
    }
    lines.push(i.t("service-benefit-label"));
    lines
}

/// For a business whose membership has lapsed: a heading and what the tier
/// would have given (a whole year's allowance); nothing otherwise.
fn lapsed_lines(i: &I18n, s: &ServiceStanding) -> (String, Vec<String>) {
    let Some(l) = s.lapsed.as_ref().filter(|_| !s.benefits.member) else { return (String::new(), Vec::new()) };
    let yearly = cps_domain::service::yearly_allowance(&l.tier, s.currency);
    let allowance = (yearly.minor > 0)
        .then(|| i.t_args("service-benefit-allowance-yearly", &[("amount", Arg::Str(yearly.format(i.lang)))]));
    let title = i.t_args(
        "service-benefit-lapsed",
        &[("tier", Arg::Str(l.tier.name.clone())), ("date", Arg::Str(i.date(l.ended_on)))],
    );
    (title, tier_lines(i, &l.benefits, allowance))
}

fn promised_text(i: &I18n, promised: Option<chrono::NaiveDate>, repair_days: u32) -> String {
    match promised {
        Some(d) => i.date(d),
        None => i.t_args("service-promised-from-receipt", &[("days", Arg::Num(i64::from(repair_days)))]),
    }
}

#[derive(Template)]
#[template(path = "service.html")]
struct ListPage {
    page: Page,
    benefits: Vec<String>,
    lapsed_title: String,
    lapsed: Vec<String>,
    /// number, product, kind, status, promised
    requests: Vec<(String, String, String, String, String)>,
}

pub async fn list(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let i = &m.ctx.i;
    let business = m.user.business_id;
    let standing = state.store().service_standing(business, state.now().date_naive()).await?;
    let requests = state
        .store()
        .service_requests(business)
        .await?
        .into_iter()
        .map(|r| {
            let product = match &r.serial {
                Some(s) => format!("{} ({s})", r.model_name),
                None => r.model_name.clone(),
            };
            let promised = r.promised_on.map(|d| i.date(d)).unwrap_or_else(|| "–".into());
            (r.number, product, kind_text(i, r.kind), status_text(i, r.status), promised)
        })
        .collect();
    let (lapsed_title, lapsed) = lapsed_lines(i, &standing);
    Ok(render(&ListPage {
        page: Page::new(&m.ctx, "service-title", "service"),
        benefits: benefit_lines(i, &standing),
        lapsed_title,
        lapsed,
        requests,
    })?
    .into_response())
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct RequestForm {
    product: String,
    kind: String,
    description: String,
    shipping: String,
    contact_email: String,
    name: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
}

#[derive(Template)]
#[template(path = "service_new.html")]
struct NewPage {
    page: Page,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    address: Vec<Field>,
}

async fn new_page(
    state: &AppState,
    m: &Member,
    input: &RequestForm,
    errors: &FieldErrors,
) -> Result<NewPage, AppError> {
    let i = &m.ctx.i;
    let standing = state.store().service_standing(m.user.business_id, state.now().date_naive()).await?;
    let mut products = vec![(String::new(), i.t("service-product-choose"))];
    for p in state.store().product_choices(m.user.business_id).await? {
        let serial = p.details.serial.as_ref().map(|s| format!(" ({s})")).unwrap_or_default();
        let mark =
            if p.details.is_complete() { String::new() } else { format!(" – {}", i.t("service-product-incomplete")) };
        products.push((p.id.to_string(), format!("{}{serial}{mark}", p.model_name)));
    }
    let mut kinds = vec![(String::new(), i.t("service-kind-choose"))];
    kinds.extend(ServiceKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_text(i, *k))));
    let shipping = Shipping::ALL
        .iter()
        .filter(|s| s.allowed(&standing.benefits))
        .map(|s| (s.as_str().to_owned(), i.t(&format!("service-shipping-{}", s.as_str()))))
        .collect();
    let fields = vec![
        Field::new(i, "product", "service-product", &input.product, errors)
            .options(products)
            .hint(i, "service-product-hint"),
        Field::new(i, "kind", "service-kind", &input.kind, errors).options(kinds),
        Field::new(i, "description", "service-description", &input.description, errors)
            .kind("textarea")
            .hint(i, "service-description-hint")
            .optional(),
        Field::new(i, "shipping", "service-shipping", &input.shipping, errors).options(shipping),
        Field::new(i, "contact_email", "service-contact-email", &input.contact_email, errors)
            .kind("email")
            .autocomplete("email"),
    ];
    let address = vec![
        Field::new(i, "name", "service-contact-name", &input.name, errors).autocomplete("name"),
        Field::new(i, "street", "signup-street", &input.street, errors).autocomplete("address-line1"),
        Field::new(i, "postal_code", "signup-postal-code", &input.postal_code, errors).autocomplete("postal-code"),
        Field::new(i, "city", "signup-city", &input.city, errors).autocomplete("address-level2"),
        Field::new(i, "country", "signup-country", &input.country, errors)
            .options(crate::pages::signup::country_options(i))
            .autocomplete("country"),
    ];
    Ok(NewPage { page: Page::new(&m.ctx, "service-new-title", "service"), errors: summary(i, errors), fields, address })
}

pub async fn new(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let mut input = RequestForm { shipping: Shipping::DropOff.as_str().into(), ..Default::default() };
    if let Some(d) = state.store().service_defaults(m.user.business_id, m.user.id).await? {
        let standing = state.store().service_standing(m.user.business_id, state.now().date_naive()).await?;
        if Shipping::FreeLabel.allowed(&standing.benefits) {
            input.shipping = Shipping::FreeLabel.as_str().into();
        }
        input.contact_email = d.contact_email.as_str().to_owned();
        input.name = d.address.name;
        input.street = d.address.street;
        input.postal_code = d.address.postal_code;
        input.city = d.address.city;
        input.country = d.address.country.code().to_owned();
    }
    Ok(render(&new_page(&state, &m, &input, &FieldErrors::new()).await?)?.into_response())
}

/// The form's values checked field by field (the rules are the domain's).
fn parse_form(f: &RequestForm) -> Result<NewServiceRequest, FieldErrors> {
    let mut e = FieldErrors::new();
    let product = f.product.parse::<i64>().ok();
    if product.is_none() {
        e.add("product", "error-service-product-required");
    }
    let kind = ServiceKind::parse(&f.kind);
    if kind.is_none() {
        e.add("kind", "error-service-kind-required");
    }
    let description = kind.and_then(|k| e.check("description", parse_description(&f.description, k)));
    let shipping = Shipping::parse(&f.shipping);
    if shipping.is_none() {
        e.add("shipping", "error-service-shipping-required");
    }
    let email = if f.contact_email.trim().is_empty() {
        e.add("contact_email", "error-email-required");
        None
    } else {
        e.check("contact_email", Email::parse(&f.contact_email))
    };
    let mut required = |field: &'static str, id: &'static str, v: &str| {
        let v = v.trim();
        if v.is_empty() {
            e.add(field, id);
        }
        v.chars().take(200).collect::<String>()
    };
    let name = required("name", "error-contact-required", &f.name);
    let street = required("street", "error-street-required", &f.street);
    let postal_code = required("postal_code", "error-postal-code-required", &f.postal_code);
    let city = required("city", "error-city-required", &f.city);
    let country = if f.country.is_empty() {
        e.add("country", "error-country-required");
        None
    } else {
        e.check("country", Country::parse(&f.country))
    };
    match (product, kind, description, shipping, email, country) {
        (Some(product_id), Some(kind), Some(description), Some(shipping), Some(contact_email), Some(country))
            if e.is_empty() =>
        {
            Ok(NewServiceRequest {
                product_id,
                kind,
                shipping,
                description,
                contact_email,
                address: ReturnAddress { name, street, postal_code, city, country },
            })
        }
        _ => Err(e),
    }
}

/// A refused request is shown on its form, at the field it concerns.
impl Refusal for NewRequestRefused {
    fn message(&self) -> &'static str {
        match self {
            NewRequestRefused::NotFound => "error-service-product-required",
            NewRequestRefused::ProductIncomplete => "error-service-product-incomplete",
            NewRequestRefused::NotACameraBody => "error-service-not-a-camera-body",
            NewRequestRefused::AlreadyOpen(_) => "error-service-already-open",
            NewRequestRefused::LabelForMembersOnly => "error-service-label-members-only",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            NewRequestRefused::NotACameraBody => "kind",
            NewRequestRefused::LabelForMembersOnly => "shipping",
            NewRequestRefused::NotFound | NewRequestRefused::ProductIncomplete | NewRequestRefused::AlreadyOpen(_) => {
                "product"
            }
        })
    }

    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Another business's request is not found; a decision on a quote that no
/// longer waits for one is a flash on the request's page.
impl Refusal for DecisionRefused {
    fn message(&self) -> &'static str {
        match self {
            DecisionRefused::NotFound => "error-not-found-text",
            DecisionRefused::NoQuote | DecisionRefused::IllegalTransition { .. } => "service-quote-not-open",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            DecisionRefused::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }
}

/// Another business's request is not found; a loan the request cannot have
/// is a flash on the request's page.
impl Refusal for LoanRequestRefused {
    fn message(&self) -> &'static str {
        match self {
            LoanRequestRefused::NotFound => "error-not-found-text",
            LoanRequestRefused::Loan(_) | LoanRequestRefused::AlreadyRequested => "service-loan-refused",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            LoanRequestRefused::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(f): CsrfForm<RequestForm>,
) -> Result<Response, AppError> {
    let (status, errors) = match parse_form(&f) {
        Ok(new) => {
            match state
                .store()
                .create_service_request(m.user.business_id, m.user.id, &new, m.ctx.lang(), state.now())
                .await
            {
                Ok(r) => return Ok(redirect_with_flash(&format!("/service/{}", r.number), "service-created")),
                Err(failure) => {
                    let refused = shown(failure)?;
                    let mut e = FieldErrors::new();
                    e.add(refused.field().unwrap_or("product"), refused.message());
                    (refused.status(), e)
                }
            }
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    Ok((status, render(&new_page(&state, &m, &f, &errors).await?)?).into_response())
}

#[derive(Template)]
#[template(path = "service_request.html")]
struct RequestPage {
    page: Page,
    number: String,
    facts: Vec<(String, String)>,
    benefits: Vec<String>,
    lapsed_title: String,
    lapsed: Vec<String>,
    /// status, when, who
    timeline: Vec<(String, String, String)>,
    /// description, quantity, amount
    quote_lines: Vec<(String, String, String)>,
    quote_totals: Vec<(String, String)>,
    /// What declining costs, and what a lapsed membership would have saved.
    quote_notes: Vec<String>,
    decide: bool,
    loan_button: bool,
    loans: Vec<String>,
    label: bool,
}

pub async fn show(State(state): State<AppState>, m: Member, Path(number): Path<String>) -> Result<Response, AppError> {
    let i = &m.ctx.i;
    let r = state.store().service_request(m.user.business_id, &number).await?.ok_or(AppError::NotFound)?;
    let today = state.now().date_naive();
    // The terms the request is priced on: those of the membership it was made under.
    let standing = state.store().request_standing(&r, today).await?;
    let product = match &r.serial {
        Some(s) => format!("{} ({s})", r.model_name),
        None => r.model_name.clone(),
    };
    let a = &r.address;
    let facts = vec![
        (i.t("service-col-status"), status_text(i, r.status)),
        (i.t("service-col-product"), product),
        (i.t("service-col-kind"), kind_text(i, r.kind)),
        (i.t("service-shipping"), i.t(&format!("service-shipping-{}", r.shipping.as_str()))),
        (i.t("service-col-promised"), promised_text(i, r.promised_on, r.repair_days)),
        (i.t("service-description"), r.description.clone()),
        (
            i.t("service-return-address"),
            format!("{}, {}, {} {}, {}", a.name, a.street, a.postal_code, a.city, a.country.code()),
        ),
        (i.t("service-contact-email"), r.contact_email.clone()),
    ];
    let timeline = r
        .timeline
        .iter()
        .map(|e| (status_text(i, e.to), i.datetime(e.at), i.t(&format!("service-actor-{}", e.actor))))
        .collect();
    let (mut quote_lines, mut quote_totals, mut quote_notes, mut decide) = (Vec::new(), Vec::new(), Vec::new(), false);
    if let Some(q) = &r.quote {
        let money = |minor| Money::new(minor, q.totals.currency).format(i.lang);
        quote_lines = q
            .lines
            .iter()
            .map(|l| (l.description().to_owned(), i.number(i64::from(l.quantity())), money(l.amount_minor())))
            .collect();
        let t = &q.totals;
        quote_totals.push((i.t("service-quote-list"), money(t.list_minor())));
        for (id, v) in [
            ("service-quote-free-clean", t.free_clean_minor),
            ("service-quote-discount", t.discount_minor),
            ("service-quote-allowance", t.allowance_minor),
        ] {
            if v > 0 {
                quote_totals.push((i.t(id), format!("−{}", money(v))));
            }
        }
        quote_totals.push((i.t("service-quote-vat"), money(t.vat_minor)));
        quote_totals.push((i.t("service-quote-total"), money(t.total_minor)));
        decide = q.decision.is_none() && r.status == ServiceStatus::Diagnosed;
        if decide {
            let fee = cps_domain::service::declined_charge(
                &standing.benefits,
                state.config().service_billing.diagnosis_fee(t.currency),
            );
            quote_notes.push(match (standing.benefits.member, fee.minor) {
                (true, _) => i.t("service-quote-decline-free"),
                (false, 0) => i.t("service-quote-decline-no-fee"),
                (false, _) => i.t_args("service-quote-decline-fee", &[("fee", Arg::Str(fee.format(i.lang)))]),
            });
        }
        if let (Some(l), false) = (&standing.lapsed, standing.benefits.member) {
            let terms = cps_domain::service::full_year_terms(&l.tier, t.currency, r.kind, r.category);
            let would = cps_domain::service::price_quote(&q.lines, t.currency, terms, q.vat_treatment);
            if would.total_minor < t.total_minor {
                quote_notes.push(i.t_args(
                    "service-quote-lapsed",
                    &[("tier", Arg::Str(l.tier.name.clone())), ("total", Arg::Str(money(would.total_minor)))],
                ));
            }
        }
    }
    let loans: Vec<String> = r
        .loans
        .iter()
        .map(|l| match (&l.item, l.due_on) {
            // Past its due date the line is the reminder.
            (Some(item), Some(due)) if l.status == LoanStatus::Lent => i.t_args(
                if due < today { "service-loan-overdue" } else { "service-loan-lent-until" },
                &[("item", Arg::Str(item.name.clone())), ("date", Arg::Str(i.date(due)))],
            ),
            _ => i.t(&format!("service-loan-status-{}", l.status.as_str())),
        })
        .collect();
    let loan_button = standing.benefits.loan_equipment
        && r.kind == ServiceKind::Repair
        && r.status.is_open()
        && !r.loans.iter().any(|l| matches!(l.status.as_str(), "requested" | "lent"));
    let mut benefits = benefit_lines(i, &standing);
    if standing.benefits.sensor_cleans > 0 && r.category.is_some_and(cps_domain::service::is_camera_body) {
        let left = state.store().sensor_cleans_left(m.user.business_id, r.product_id, today).await?;
        benefits.push(i.t_args("service-benefit-cleans-left", &[("count", Arg::Num(i64::from(left)))]));
    }
    let (lapsed_title, lapsed) = lapsed_lines(i, &standing);
    let mut page = Page::new(&m.ctx, "service-title", "service");
    page.title = i.t_args("service-request-title", &[("number", Arg::Str(r.number.clone()))]);
    Ok(render(&RequestPage {
        page,
        facts,
        benefits,
        lapsed_title,
        lapsed,
        timeline,
        quote_lines,
        quote_totals,
        quote_notes,
        decide,
        loan_button,
        loans,
        label: r.shipping == Shipping::FreeLabel && r.status == ServiceStatus::Registered,
        number: r.number,
    })?
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
}

pub async fn quote(
    State(state): State<AppState>,
    m: Member,
    Path(number): Path<String>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let approve = match f.decision.as_str() {
        "approve" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest),
    };
    let billing = &state.config().service_billing;
    let flash =
        match state.store().decide_service_quote(m.user.business_id, &number, approve, billing, state.now()).await {
            Ok(_) if approve => "service-quote-approved",
            Ok(_) => "service-quote-declined",
            Err(failure) => shown(failure)?.message(),
        };
    Ok(redirect_with_flash(&format!("/service/{number}"), flash))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LoanForm {
    wish: String,
}

pub async fn loan(
    State(state): State<AppState>,
    m: Member,
    Path(number): Path<String>,
    CsrfForm(f): CsrfForm<LoanForm>,
) -> Result<Response, AppError> {
    let flash = match state.store().request_loan(m.user.business_id, &number, &f.wish, state.now()).await {
        Ok(_) => "service-loan-sent",
        Err(failure) => shown(failure)?.message(),
    };
    Ok(redirect_with_flash(&format!("/service/{number}"), flash))
}

/// The prepaid label, for a request that travels with one.
pub async fn label(State(state): State<AppState>, m: Member, Path(number): Path<String>) -> Result<Response, AppError> {
    let r = state.store().service_request(m.user.business_id, &number).await?.ok_or(AppError::NotFound)?;
    if r.shipping != Shipping::FreeLabel {
        return Err(AppError::NotFound);
    }
    let a = &r.address;
    let label = ShippingLabel {
        request_number: r.number.clone(),
        kind: r.kind,
        sender: LabelSender {
            address: PostalAddress {
                name: r.business_name.clone(),
                street: a.street.clone(),
                postal_code: a.postal_code.clone(),
                city: a.city.clone(),
                country: a.country.code().to_owned(),
            },
            contact_name: a.name.clone(),
            contact_phone: String::new(),
            contact_email: r.contact_email.clone(),
        },
        service_centre: state.config().service_centre.clone(),
        product_model: r.model_name.clone(),
        product_serial: r.serial.clone().unwrap_or_default(),
        date: state.now().date_naive(),
    };
    let bytes = cps_billing::shipping_label_pdf(&label, m.ctx.lang()).map_err(AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.pdf\"", r.number)),
        ],
        bytes,
    )
        .into_response())
}
