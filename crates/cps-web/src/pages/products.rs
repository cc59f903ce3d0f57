//! "Mina produkter": the list with status and points, registering, viewing,
//! editing and removing a product, the points history, and the migration
//! from the old CPS system.

use crate::csrf::CsrfForm;
use crate::ctx::{Ctx, Member};
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::pages::signup::MessagePage;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::catalogue::CatalogueItem;
use cps_domain::points::EntryKind;
use cps_domain::product::{ProductInput, parse_details};
use cps_domain::tiers::next_individual;
use cps_domain::{Country, FieldErrors};
use cps_i18n::{Arg, I18n};
use cps_store::Failure;
use cps_store::legacy::{MigrationState, Outcome};
use cps_store::products::{Actor, ProductNotFound, ProductView, RegisterRefused, SerialTaken, UpdateRefused};

/// A row of the products table, ready to show.
pub struct Row {
    pub id: i64,
    pub model: String,
    pub serial: String,
    pub date: String,
    pub country: String,
    pub retailer: String,
    pub points: String,
    pub complete: bool,
    pub missing: String,
    pub migrated: bool,
}

/// What the migration box says, and which action it offers.
pub struct MigrationBox {
    pub text: String,
    /// "migrate", "send-link" or "" for none.
    pub action: &'static str,
    /// Model, serial, why, and the support form filled in for it.
    pub problems: Vec<(String, String, String, String)>,
    /// The support form filled in for the situation, where support is the way on.
    pub support: Option<String>,
}

/// The support form's address with topic and context filled in.
pub fn support_link(topic: &str, context: &str) -> String {
    format!("/support?{}", serde_urlencoded::to_string([("topic", topic), ("context", context)]).unwrap_or_default())
}

#[derive(Template)]
#[template(path = "products.html")]
struct ProductsPage {
    page: Page,
    texts: TableTexts,
    rows: Vec<Row>,
    total: String,
    progress: Option<(i64, i64, String)>,
    migration: MigrationBox,
}

#[derive(Template)]
#[template(path = "product_register.html")]
struct RegisterPage {
    page: Page,
    query: String,
    results: Vec<(String, String, String)>,
    no_results: Option<String>,
    chosen: Option<Chosen>,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    retailers: Vec<String>,
    /// The support form, when the serial is held by another business.
    support: Option<String>,
}

struct Chosen {
    code: String,
    name: String,
    gives: String,
}

#[derive(Template)]
#[template(path = "product_view.html")]
struct ProductPage {
    page: Page,
    id: i64,
    complete: bool,
    missing: String,
    held: String,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    retailers: Vec<String>,
    support: Option<String>,
}

#[derive(Template)]
#[template(path = "product_remove.html")]
struct RemovePage {
    page: Page,
    id: i64,
}

#[derive(Template)]
#[template(path = "points_history.html")]
struct HistoryPage {
    page: Page,
    balance: String,
    lines: Vec<(String, String, String, String, bool)>,
}

#[derive(Template)]
#[template(path = "migration_confirm.html")]
struct ConfirmPage {
    page: Page,
    token: String,
}

fn points(i: &I18n, n: i64) -> String {
    i.t_args("products-points", &[("points", Arg::Str(i.number(n)))])
}

fn missing_text(i: &I18n, p: &ProductView) -> String {
    let names: Vec<String> = p.missing().iter().map(|m| i.t(m.message_id())).collect();
    i.t_args("products-missing", &[("details", Arg::Str(names.join(", ")))])
}

/// The texts the products table repeats in every row (column names as
/// labels, statuses, the link), looked up once a page rather than ten times
/// a row.
struct TableTexts {
    model: String,
    serial: String,
    date: String,
    country: String,
    retailer: String,
    points: String,
    status: String,
    complete: String,
    incomplete: String,
    view: String,
    from_migration: String,
    none: String,
}

impl TableTexts {
    fn new(i: &I18n) -> TableTexts {
        TableTexts {
            model: i.t("products-col-model"),
            serial: i.t("products-col-serial"),
            date: i.t("products-col-date"),
            country: i.t("products-col-country"),
            retailer: i.t("products-col-retailer"),
            points: i.t("products-col-points"),
            status: i.t("products-col-status"),
            complete: i.t("products-status-complete"),
            incomplete: i.t("products-status-incomplete"),
            view: i.t("products-view"),
            from_migration: i.t("products-from-migration"),
            none: i.t("products-none"),
        }
    }
}

/// The rows of the products table. Most products hold one of a few point
/// values, so each value's text is formatted once.
fn rows(i: &I18n, texts: &TableTexts, products: &[ProductView]) -> Vec<Row> {
    let mut points_texts: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    products
        .iter()
        .map(|p| {
            let none = || texts.none.clone();
            let d = &p.details;
            let complete = p.is_complete();
            Row {
                id: p.id,
                model: p.model_name.clone(),
                serial: d.serial.as_ref().map_or_else(none, ToString::to_string),
                date: d.purchase_date.map_or_else(none, |d| i.date(d)),
                country: d.purchase_country.map_or_else(none, |c| c.name(i.lang).to_owned()),
                retailer: d.retailer.clone().unwrap_or_else(none),
                points: points_texts.entry(p.points_held).or_insert_with(|| points(i, p.points_held)).clone(),
                complete,
                missing: if complete { String::new() } else { missing_text(i, p) },
                migrated: p.from_migration,
            }
        })
        .collect()
}

fn migration_box(i: &I18n, state: &MigrationState, now: chrono::DateTime<chrono::Utc>) -> MigrationBox {
    let email_arg = |e: &cps_domain::Email| ("email", Arg::Str(e.to_string()));
    let stuck = support_link("migration", &i.t("support-context-no-old-email"));
    let (text, action, problems) = match state {
        // Where the blue button went matters only while the business is new.
        MigrationState::NoOldEmail { since } if cps_domain::legacy::no_old_email_notice(*since, now) => {
            (i.t("migrate-no-old-email"), "", Vec::new())
        }
        MigrationState::NoOldEmail { .. } => (String::new(), "", Vec::new()),
        MigrationState::NotProven { old_email } => {
            (i.t_args("migrate-not-proven", &[email_arg(old_email)]), "send-link", Vec::new())
        }
        MigrationState::NoLegacyAccount { old_email } => {
            (i.t_args("migrate-no-legacy", &[email_arg(old_email)]), "", Vec::new())
        }
        MigrationState::TakenElsewhere { old_email } => {
            (i.t_args("migrate-taken", &[email_arg(old_email)]), "", Vec::new())
        }
        MigrationState::Available { old_email, legacy_number, products } => (
            i.t_args(
                "migrate-lead",
                &[
                    email_arg(old_email),
                    ("number", Arg::Str(legacy_number.clone())),
                    ("count", Arg::Num(i64::try_from(*products).unwrap_or(0))),
                ],
            ),
            "migrate",
            Vec::new(),
        ),
        MigrationState::Migrated { items, .. } => {
            let problems = items
                .iter()
                .filter_map(|item| {
                    let id = match item.outcome {
                        Outcome::SerialElsewhere => "migrate-outcome-serial-elsewhere",
                        Outcome::AlreadyRegistered => "migrate-outcome-already-registered",
                        Outcome::UnknownModel => "migrate-outcome-unknown-model",
                        Outcome::Complete | Outcome::Incomplete => return None,
                    };
                    let serial = item.serial.clone().unwrap_or_else(|| i.t("products-none"));
                    let context = i.t_args(
                        "support-context-migration-problem",
                        &[("model", Arg::Str(item.model.clone())), ("serial", Arg::Str(serial.clone()))],
                    );
                    Some((item.model.clone(), serial, i.t(id), support_link("migration", &context)))
                })
                .collect();
            (String::new(), "", problems)
        }
    };
    let support = matches!(action, "").then_some(stuck).filter(|_| !text.is_empty());
    MigrationBox { text, action, problems, support }
}

pub async fn list(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let reads = state.store().member_reads(m.seen);
    let held = reads.products_and_balance().await?;
    let (products, balance) = (&held.0, held.1);
    let texts = TableTexts::new(&i);
    let migration = migration_box(&i, &*reads.migration_state().await?, state.now());
    // The next individual tier the balance has not reached yet.
    let tiers = state.store().tiers().await?;
    let progress = next_individual(&tiers, balance).map(|t| {
        let left = Arg::Str(i.number(t.points_needed() - balance));
        (
            balance.max(0),
            t.points_needed(),
            i.t_args("products-to-tier", &[("points", left), ("tier", Arg::Str(t.name.clone()))]),
        )
    });
    Ok(render(&ProductsPage {
        page: Page::new(&m.ctx, "products-title", "products"),
        rows: rows(&i, &texts, products),
        texts,
        total: points(&i, balance),
        progress,
        migration,
    })?
    .into_response())
}

fn detail_fields(i: &I18n, input: &ProductInput, errors: &FieldErrors, item: Option<&CatalogueItem>) -> Vec<Field> {
    let mut countries = vec![(String::new(), i.t("register-country-choose"))];
    countries.extend(Country::all_sorted(i.lang).iter().map(|c| (c.code().to_owned(), c.name(i.lang).to_owned())));
    let example = item.map(|it| it.serial_pattern.example()).unwrap_or_default();
    vec![
        Field::new(i, "serial", "products-col-serial", &input.serial, errors)
            .hint_text(i.t_args("register-serial-hint", &[("example", Arg::Str(example))])),
        Field::new(i, "purchase_date", "products-col-date", &input.purchase_date, errors)
            .hint(i, "register-date-hint")
            .inputmode("numeric"),
        Field::new(i, "purchase_country", "products-col-country", &input.purchase_country, errors).options(countries),
        Field::new(i, "retailer", "products-col-retailer", &input.retailer, errors)
            .hint(i, "register-retailer-hint")
            .list("retailers"),
    ]
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RegisterQuery {
    q: String,
    model: String,
}

async fn register_page(
    state: &AppState,
    m: &Member,
    query: &RegisterQuery,
    input: &ProductInput,
    errors: &FieldErrors,
) -> Result<RegisterPage, AppError> {
    let i = m.ctx.i;
    let chosen_item = if query.model.is_empty() { None } else { state.store().catalogue_item(&query.model).await? };
    let (results, no_results) = if chosen_item.is_none() && !query.q.trim().is_empty() {
        let found = state.store().search_catalogue(&query.q, 30).await?;
        let empty = found.is_empty().then(|| i.t_args("register-no-results", &[("query", Arg::Str(query.q.clone()))]));
        (found.into_iter().map(|it| (it.model_code, it.name, points(&i, it.points))).collect(), empty)
    } else {
        (Vec::new(), None)
    };
    let fields = detail_fields(&i, input, errors, chosen_item.as_ref());
    Ok(RegisterPage {
        page: Page::new(&m.ctx, "register-title", "products"),
        query: query.q.clone(),
        results,
        no_results,
        chosen: chosen_item.map(|it| Chosen {
            gives: i.t_args("register-gives", &[("points", Arg::Str(i.number(it.points)))]),
            code: it.model_code,
            name: it.name,
        }),
        errors: summary(&i, errors),
        fields,
        retailers: state.store().retailers(m.user.business_id).await?,
        support: serial_support(&i, input, errors),
    })
}

/// When another business holds the serial: the support form filled in.
fn serial_support(i: &I18n, input: &ProductInput, errors: &FieldErrors) -> Option<String> {
    (errors.get("serial") == Some("error-serial-taken-elsewhere")).then(|| {
        let context = i.t_args("support-context-serial-taken", &[("serial", Arg::Str(input.serial.trim().to_owned()))]);
        support_link("product_registration", &context)
    })
}

pub async fn new(
    State(state): State<AppState>,
    m: Member,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let page = register_page(&state, &m, &query, &ProductInput::default(), &FieldErrors::new()).await?;
    Ok(render(&page)?.into_response())
}

// How the product operations' refusals are shown, on the forms and in the
// API (`crate::api::products`).

impl Refusal for SerialTaken {
    fn message(&self) -> &'static str {
        if self.by_us { "error-serial-taken-here" } else { "error-serial-taken-elsewhere" }
    }

    fn field(&self) -> Option<&'static str> {
        Some("serial")
    }
}

impl Refusal for RegisterRefused {
    fn message(&self) -> &'static str {
        match self {
            RegisterRefused::UnknownModel => "error-model-required",
            RegisterRefused::SerialTaken(taken) => taken.message(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            RegisterRefused::UnknownModel => Some("model"),
            RegisterRefused::SerialTaken(taken) => taken.field(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            RegisterRefused::UnknownModel => StatusCode::UNPROCESSABLE_ENTITY,
            RegisterRefused::SerialTaken(taken) => taken.status(),
        }
    }
}

impl Refusal for UpdateRefused {
    fn message(&self) -> &'static str {
        match self {
            UpdateRefused::NotFound => ProductNotFound.message(),
            UpdateRefused::SerialTaken(taken) => taken.message(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            UpdateRefused::NotFound => None,
            UpdateRefused::SerialTaken(taken) => taken.field(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            UpdateRefused::NotFound => ProductNotFound.status(),
            UpdateRefused::SerialTaken(taken) => taken.status(),
        }
    }
}

impl Refusal for ProductNotFound {
    fn message(&self) -> &'static str {
        "error-not-found-text"
    }

    fn status(&self) -> StatusCode {
        StatusCode::NOT_FOUND
    }
}

/// A refusal as a form shows it: its message on its field.
fn refusal_errors(refused: &impl Refusal) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add(refused.field().unwrap_or("model"), refused.message());
    e
}

pub async fn create(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(input): CsrfForm<ProductInput>,
) -> Result<Response, AppError> {
    let query = RegisterQuery { q: String::new(), model: input.model.clone() };
    let Some(item) = state.store().catalogue_item(&input.model).await? else {
        let mut errors = FieldErrors::new();
        errors.add("model", "error-model-required");
        let page = register_page(&state, &m, &query, &input, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let now = state.now();
    let details = match parse_details(&input, &item, now.date_naive()) {
        Ok(d) => d,
        Err(errors) => {
            let page = register_page(&state, &m, &query, &input, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    match state
        .store()
        .register_product(m.user.business_id, &item.model_code, &details, Actor::Member(m.user.id), now)
        .await
    {
        Ok(_) => {
            let message = if details.is_complete() { "register-done-complete" } else { "register-done-incomplete" };
            Ok(redirect_with_flash("/products", message))
        }
        Err(failure) => {
            let page = register_page(&state, &m, &query, &input, &refusal_errors(&failure.refusal()?)).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
    }
}

fn input_of(p: &ProductView) -> ProductInput {
    let d = &p.details;
    ProductInput {
        model: p.model_code.clone(),
        serial: d.serial.as_ref().map(ToString::to_string).unwrap_or_default(),
        purchase_date: d.purchase_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        purchase_country: d.purchase_country.map(|c| c.code().to_owned()).unwrap_or_default(),
        retailer: d.retailer.clone().unwrap_or_default(),
    }
}

async fn product_page(
    state: &AppState,
    m: &Member,
    p: &ProductView,
    input: &ProductInput,
    errors: &FieldErrors,
) -> Result<ProductPage, AppError> {
    let i = m.ctx.i;
    let item = state.store().catalogue_item(&p.model_code).await?;
    let mut page = Page::new(&m.ctx, "product-title", "products");
    page.title = p.model_name.clone();
    Ok(ProductPage {
        page,
        id: p.id,
        complete: p.is_complete(),
        missing: missing_text(&i, p),
        held: i.t_args("product-points-held", &[("points", Arg::Str(points(&i, p.points_held)))]),
        errors: summary(&i, errors),
        fields: detail_fields(&i, input, errors, item.as_ref()),
        retailers: state.store().retailers(m.user.business_id).await?,
        support: serial_support(&i, input, errors),
    })
}

pub async fn show(State(state): State<AppState>, m: Member, Path(id): Path<i64>) -> Result<Response, AppError> {
    let p = state.store().product(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    Ok(render(&product_page(&state, &m, &p, &input_of(&p), &FieldErrors::new()).await?)?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
    CsrfForm(mut input): CsrfForm<ProductInput>,
) -> Result<Response, AppError> {
    let p = state.store().product(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    input.model = p.model_code.clone();
    // A model withdrawn from the catalogue can still be completed.
    let item = match state.store().catalogue_item(&p.model_code).await? {
        Some(item) => item,
        None => return Err(AppError::NotFound),
    };
    let now = state.now();
    let details = match parse_details(&input, &item, now.date_naive()) {
        Ok(d) => d,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&product_page(&state, &m, &p, &input, &errors).await?)?,
            )
                .into_response());
        }
    };
    match state.store().update_product(m.user.business_id, id, &details, Actor::Member(m.user.id), now).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/products/{id}"), "product-saved")),
        // Shown on the form; a product gone meanwhile is not found (the default).
        Err(Failure::Refused(refused)) if refused.status() != StatusCode::NOT_FOUND => {
            let page = product_page(&state, &m, &p, &input, &refusal_errors(&refused)).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(failure) => Err(failure.into()),
    }
}

pub async fn remove_confirm(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = state.store().product(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    let mut page = Page::new(&m.ctx, "product-remove", "products");
    page.title = m.ctx.i.t_args("product-remove-title", &[("model", Arg::Str(p.model_name))]);
    Ok(render(&RemovePage { page, id })?.into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    state.store().remove_product(m.user.business_id, id, Actor::Member(m.user.id), state.now()).await?;
    Ok(redirect_with_flash("/products", "product-removed"))
}

pub async fn history(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let held = state.store().member_reads(m.seen).ledger().await?;
    let (lines, balance) = (&held.0, held.1);
    let lines = lines
        .iter()
        .map(|l| {
            let event = match l.kind {
                EntryKind::Allocation => i.t("ledger-allocation"),
                EntryKind::Reversal => i.t("ledger-reversal"),
                EntryKind::Adjustment => i.t("ledger-adjustment"),
                EntryKind::Decline => i.t("ledger-decline"),
            };
            let event = match &l.reason {
                Some(reason) => format!("{event}: {reason}"),
                None => event,
            };
            let product = match (&l.product, &l.serial) {
                (Some(p), Some(s)) => format!("{p} ({s})"),
                (Some(p), None) => p.clone(),
                _ => i.t("products-none"),
            };
            let amount = if l.amount > 0 { format!("+{}", i.number(l.amount)) } else { i.number(l.amount) };
            (i.date(l.at.date_naive()), event, product, amount, l.amount < 0)
        })
        .collect();
    Ok(render(&HistoryPage {
        page: Page::new(&m.ctx, "history-title", "products"),
        balance: points(&i, balance),
        lines,
    })?
    .into_response())
}

pub async fn migrate(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let now = state.now();
    let migrated =
        state.store().migrate_legacy(m.user.business_id, Actor::Member(m.user.id), now.date_naive(), now).await?;
    Ok(redirect_with_flash("/products", if migrated { "migrate-done" } else { "migrate-nothing" }))
}

pub async fn send_old_email_link(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let MigrationState::NotProven { .. } = state.store().migration_state(m.user.business_id).await? {
        state
            .store()
            .request_old_email_confirmation(m.user.business_id, m.user.id, m.user.language, state.now())
            .await?;
    }
    Ok(redirect_with_flash("/products", "migrate-link-sent"))
}

pub async fn confirm_form(ctx: Ctx, Path(token): Path<String>) -> Result<Response, AppError> {
    Ok(render(&ConfirmPage { page: Page::new(&ctx, "migrate-confirm-title", ""), token })?.into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if state.store().confirm_old_email(&token, state.now()).await? {
        let to = if ctx.user.is_some() { "/products" } else { "/login" };
        return Ok(redirect_with_flash(to, "migrate-confirmed"));
    }
    let page = MessagePage {
        page: Page::new(&ctx, "migrate-confirm-title", ""),
        paragraphs: vec![ctx.i.t("migrate-confirm-failed")],
        link: None,
    };
    Ok((StatusCode::GONE, render(&page)?).into_response())
}

#[derive(serde::Serialize)]
pub struct Suggestion {
    code: String,
    name: String,
    points: String,
}

/// Suggestions as the member types (the page works without them).
pub async fn suggest(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    if ctx.user.is_none() {
        return Err(AppError::Forbidden);
    }
    let found = if query.q.trim().chars().count() < 2 {
        Vec::new()
    } else {
        state.store().search_catalogue(&query.q, 10).await?
    };
    let list: Vec<Suggestion> = found
        .into_iter()
        .map(|it| Suggestion { points: points(&ctx.i, it.points), code: it.model_code, name: it.name })
        .collect();
    Ok(Json(list).into_response())
}
