//! Support tools: find a business, see everything it holds, answer its
//! cases, adjust its points, approve a migration claim, decide a disputed
//! serial number. Every change goes through one audited store call.

use super::{AdminView, Cell, Search, Section, form, reason_error, table};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::membership::membership_standing;
use crate::pages::redirect_with_flash;
use crate::refusal::Refusal;
use crate::staff::Staff;
use crate::state::AppState;
use crate::view::{Field, summary};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::FieldErrors;
use cps_domain::staff::Tool;
use cps_store::backoffice::{AdjustRefused, MigrationClaimRefused, ReplyRefused, SerialRefused, SerialResolution};
use cps_store::legacy::MigrationState;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

pub async fn businesses(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    staff.require(Tool::Businesses)?;
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-businesses-title"), "businesses"));
    view.search = Some(Search {
        action: "/admin/businesses",
        label: i.t("admin-businesses-search"),
        button: i.t("admin-search"),
        value: query.q.clone(),
    });
    if !query.q.trim().is_empty() {
        let hits = state.store().find_businesses(&query.q, 50).await?;
        let rows = hits
            .into_iter()
            .map(|b| {
                vec![
                    Cell::link(b.name, format!("/admin/businesses/{}", b.id)),
                    Cell::text(b.vat_number.unwrap_or_default()),
                    Cell::text(
                        cps_domain::Country::parse(&b.country)
                            .map_or_else(|_| b.country.clone(), |c| c.name(i.lang).to_owned()),
                    ),
                    Cell::text(if b.closed { i.t("admin-closed") } else { String::new() }),
                ]
            })
            .collect();
        view.sections.push(Section {
            title: i.t("admin-results"),
            table: Some(table(
                &staff,
                &["admin-col-name", "admin-col-vat", "admin-col-country", "admin-col-note"],
                rows,
            )),
            ..Default::default()
        });
    }
    view.respond()
}

fn migration_text(staff: &Staff, state: &MigrationState) -> String {
    let i = &staff.ctx.i;
    match state {
        MigrationState::NoOldEmail { .. } => i.t("admin-migration-none"),
        MigrationState::NotProven { old_email } => {
            format!("{} {}", i.t("admin-migration-not-proven"), old_email.as_str())
        }
        MigrationState::NoLegacyAccount { old_email } => {
            format!("{} {}", i.t("admin-migration-no-legacy"), old_email.as_str())
        }
        MigrationState::TakenElsewhere { old_email } => {
            format!("{} {}", i.t("admin-migration-taken"), old_email.as_str())
        }
        MigrationState::Available { old_email, legacy_number, products } => {
            format!("{} {} ({legacy_number}, {products})", i.t("admin-migration-available"), old_email.as_str())
        }
        MigrationState::Migrated { at, legacy_number, items } => {
            format!("{} {} ({legacy_number}, {})", i.t("admin-migration-done"), i.datetime(*at), items.len())
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ActionInput {
    amount: String,
    reason: String,
    serial: String,
    decision: String,
    body: String,
}

async fn business_view(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ActionInput,
    errors: &FieldErrors,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let store = state.store();
    let b = store.business(id).await?.ok_or(AppError::NotFound)?;
    let (ledger, balance) = store.ledger(id).await?;
    let c = &b.company;
    let mut view = AdminView::new(staff.page(c.name.clone(), "businesses"));
    view.errors = summary(i, errors);
    view.sections.push(Section {
        title: i.t("admin-business-details"),
        text: vec![
            format!(
                "{}: {}\n{}: {}\n{}: {}, {} {}, {}\n{}: {}",
                i.t("admin-col-vat"),
                c.vat_number.as_ref().map(|v| v.as_str()).unwrap_or("–"),
                i.t("admin-col-org"),
                c.org_number.as_ref().map(|v| v.as_str()).unwrap_or("–"),
                i.t("admin-col-address"),
                c.street,
                c.postal_code,
                c.city,
                c.country.code(),
                i.t("admin-col-contact"),
                c.contact_name
            ),
            format!("{}: {}", i.t("admin-col-points"), i.number(balance)),
        ],
        ..Default::default()
    });
    let users = store.business_users(id).await?;
    view.sections.push(Section {
        title: i.t("admin-business-users"),
        table: Some(table(
            staff,
            &["admin-col-email", "admin-col-role", "admin-col-note"],
            users
                .into_iter()
                .map(|u| {
                    vec![
                        Cell::text(u.email),
                        Cell::text(i.t(&format!("admin-role-{}", u.role.as_str()))),
                        Cell::text(if u.active { String::new() } else { i.t("admin-not-activated") }),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    let products = store.products(id).await?;
    view.sections.push(Section {
        title: i.t("admin-business-products"),
        table: Some(table(
            staff,
            &["admin-col-model", "admin-col-serial", "admin-col-complete", "admin-col-points"],
            products
                .into_iter()
                .map(|p| {
                    vec![
                        Cell::text(p.model_name.clone()),
                        Cell::text(p.details.serial.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default()),
                        Cell::text(i.t(if p.is_complete() { "admin-yes" } else { "admin-no" })),
                        Cell::text(i.number(p.points_held)),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    view.sections.push(Section {
        title: i.t("admin-business-ledger"),
        table: Some(table(
            staff,
            &["admin-col-date", "admin-col-kind", "admin-col-amount", "admin-col-note"],
            ledger
                .into_iter()
                .map(|l| {
                    vec![
                        Cell::text(i.datetime(l.at)),
                        Cell::text(i.t(&format!("ledger-{}", l.kind.as_str()))),
                        Cell::text(i.number(l.amount)),
                        Cell::text(l.reason.or(l.product).unwrap_or_default()),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    let migration = store.migration_state(id).await?;
    let mut migration_section = Section {
        title: i.t("admin-business-migration"),
        text: vec![migration_text(staff, &migration)],
        ..Default::default()
    };
    if matches!(migration, MigrationState::NotProven { .. }) && staff.user.role.may_use(Tool::SupportActions) {
        migration_section.forms.push(form(
            staff,
            format!("/admin/businesses/{id}/migration"),
            "admin-migration-approve-title",
            "admin-migration-approve",
            vec![
                Field::new(i, "reason", "admin-reason", &input.reason, errors).hint(i, "admin-migration-approve-hint"),
            ],
        ));
    }
    view.sections.push(migration_section);
    let memberships = store.memberships(id).await?;
    let invoices = store.invoices(id).await?;
    let today = state.now().date_naive();
    view.sections.push(Section {
        title: i.t("admin-business-memberships"),
        table: Some(table(
            staff,
            &["admin-col-number", "admin-col-tier", "admin-col-period", "admin-col-status"],
            memberships
                .into_iter()
                .map(|m| {
                    // The standing the member sees, from its label: never the stored value.
                    let standing = i.t(membership_standing(&m, &invoices, today).message_id());
                    vec![
                        Cell::text(m.number.display()),
                        Cell::text(m.tier_name),
                        Cell::text(format!("{} – {}", i.date(m.starts_on), i.date(m.ends_on))),
                        Cell::text(standing),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    let finance = staff.user.role.may_use(Tool::Finance);
    view.sections.push(Section {
        title: i.t("admin-business-invoices"),
        table: Some(table(
            staff,
            &["admin-col-number", "admin-col-date", "admin-col-amount", "admin-col-status"],
            invoices
                .into_iter()
                .map(|inv| {
                    let number = inv.document.number.clone();
                    vec![
                        if finance {
                            Cell::link(number, format!("/admin/invoices/{}", inv.id))
                        } else {
                            Cell::text(number)
                        },
                        Cell::text(i.date(inv.document.issued_on)),
                        Cell::text(inv.total().format(i.lang)),
                        Cell::text(i.t(&format!("admin-invoice-status-{}", inv.status))),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    let tickets = store.tickets(id).await?;
    view.sections.push(Section {
        title: i.t("admin-business-tickets"),
        table: Some(table(
            staff,
            &["admin-col-reference", "admin-col-topic", "admin-col-date", "admin-col-status"],
            tickets
                .into_iter()
                .map(|t| {
                    vec![
                        Cell::link(t.reference.clone(), format!("/admin/tickets/{}", t.reference)),
                        Cell::text(i.t(&format!("support-topic-{}", t.topic.as_str()))),
                        Cell::text(i.datetime(t.created_at)),
                        Cell::text(i.t(&format!("support-status-{}", t.status))),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    if staff.user.role.may_use(Tool::SupportActions) {
        let decisions = vec![
            (String::new(), i.t("admin-choose")),
            ("leave".into(), i.t("admin-serial-leave")),
            ("move".into(), i.t("admin-serial-move")),
            ("remove".into(), i.t("admin-serial-remove")),
        ];
        view.sections.push(Section {
            title: i.t("admin-actions"),
            forms: vec![
                form(
                    staff,
                    format!("/admin/businesses/{id}/points"),
                    "admin-points-title",
                    "admin-points-submit",
                    vec![
                        Field::new(i, "amount", "admin-points-amount", &input.amount, errors)
                            .hint(i, "admin-points-amount-hint")
                            .inputmode("numeric"),
                        Field::new(i, "reason", "admin-reason", &input.reason, errors),
                    ],
                ),
                form(
                    staff,
                    format!("/admin/businesses/{id}/serial"),
                    "admin-serial-title",
                    "admin-serial-submit",
                    vec![
                        Field::new(i, "serial", "admin-serial", &input.serial, errors).hint(i, "admin-serial-hint"),
                        Field::new(i, "decision", "admin-serial-decision", &input.decision, errors).options(decisions),
                        Field::new(i, "reason", "admin-reason", &input.reason, errors),
                    ],
                ),
            ],
            ..Default::default()
        });
    }
    Ok(view)
}

pub async fn business(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, AppError> {
    staff.require(Tool::Businesses)?;
    business_view(&state, &staff, id, &ActionInput::default(), &FieldErrors::new()).await?.respond()
}

async fn invalid(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ActionInput,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let view = business_view(state, staff, id, input, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response())
}

impl Refusal for AdjustRefused {
    fn message(&self) -> &'static str {
        match self {
            AdjustRefused::NoSuchBusiness => "error-not-found-text",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            AdjustRefused::NoSuchBusiness => StatusCode::NOT_FOUND,
        }
    }
}

/// A claim with nothing to approve is a bad request: the page offers the
/// button only for an unproven old address.
impl Refusal for MigrationClaimRefused {
    fn message(&self) -> &'static str {
        match self {
            MigrationClaimRefused::NoSuchBusiness => "error-not-found-text",
            MigrationClaimRefused::NoOldAddress | MigrationClaimRefused::AlreadyProven => "error-bad-request-text",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            MigrationClaimRefused::NoSuchBusiness => StatusCode::NOT_FOUND,
            MigrationClaimRefused::NoOldAddress | MigrationClaimRefused::AlreadyProven => StatusCode::BAD_REQUEST,
        }
    }
}

/// A serial decision that cannot be made is said at the serial field of the
/// business's page.
impl Refusal for SerialRefused {
    fn message(&self) -> &'static str {
        match self {
            SerialRefused::UnknownSerial => "admin-error-serial-unknown",
            SerialRefused::HeldByClaimant | SerialRefused::NoSuchClaimant | SerialRefused::DecidedMeanwhile => {
                "admin-error-serial-own"
            }
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some("serial")
    }

    fn status(&self) -> StatusCode {
        match self {
            SerialRefused::NoSuchClaimant => StatusCode::NOT_FOUND,
            SerialRefused::UnknownSerial | SerialRefused::HeldByClaimant | SerialRefused::DecidedMeanwhile => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }
}

impl Refusal for ReplyRefused {
    fn message(&self) -> &'static str {
        match self {
            ReplyRefused::NoSuchTicket => "error-not-found-text",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ReplyRefused::NoSuchTicket => StatusCode::NOT_FOUND,
        }
    }
}

pub async fn adjust_points(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ActionInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    let mut errors = FieldErrors::new();
    let amount = input
        .amount
        .trim()
        .replace([' ', '\u{a0}'], "")
        .parse::<i64>()
        .ok()
        .filter(|a| *a != 0 && a.abs() <= 1_000_000);
    if amount.is_none() {
        errors.add("amount", "admin-error-amount");
    }
    if let Some(e) = reason_error(&input.reason) {
        errors.add("reason", e);
    }
    let Some(amount) = amount.filter(|_| errors.is_empty()) else {
        return invalid(&state, &staff, id, &input, &errors).await;
    };
    state.store().staff_adjust_points(id, amount, input.reason.trim(), &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash(&format!("/admin/businesses/{id}"), "admin-done"))
}

pub async fn approve_migration(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ActionInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    if let Some(e) = reason_error(&input.reason) {
        let mut errors = FieldErrors::new();
        errors.add("reason", e);
        return invalid(&state, &staff, id, &input, &errors).await;
    }
    state.store().approve_migration_claim(id, input.reason.trim(), &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash(&format!("/admin/businesses/{id}"), "admin-done"))
}

pub async fn resolve_serial(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ActionInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    let mut errors = FieldErrors::new();
    let resolution = match input.decision.as_str() {
        "leave" => Some(SerialResolution::Leave),
        "move" => Some(SerialResolution::MoveToClaimant),
        "remove" => Some(SerialResolution::Remove),
        _ => None,
    };
    if resolution.is_none() {
        errors.add("decision", "admin-error-choose");
    }
    if input.serial.trim().is_empty() {
        errors.add("serial", "admin-error-serial");
    }
    if let Some(e) = reason_error(&input.reason) {
        errors.add("reason", e);
    }
    let Some(resolution) = resolution.filter(|_| errors.is_empty()) else {
        return invalid(&state, &staff, id, &input, &errors).await;
    };
    let decided = state
        .store()
        .resolve_serial(&input.serial, id, resolution, input.reason.trim(), &staff.actor(), state.now())
        .await;
    if let Err(f) = decided {
        let r = f.refusal()?;
        errors.add(r.field().unwrap_or("serial"), r.message());
        return invalid(&state, &staff, id, &input, &errors).await;
    }
    Ok(redirect_with_flash(&format!("/admin/businesses/{id}"), "admin-done"))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    all: bool,
}

pub async fn tickets(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-tickets-title"), "tickets"));
    view.lead = Some(i.t("admin-tickets-lead"));
    let rows = state
        .store()
        .staff_tickets(q.all, 200)
        .await?
        .into_iter()
        .map(|t| {
            vec![
                Cell::link(t.reference.clone(), format!("/admin/tickets/{}", t.reference)),
                Cell::text(t.priority.to_string()),
                Cell::text(i.t(&format!("support-topic-{}", t.topic))),
                Cell::text(format!("{} <{}>", t.contact_name, t.contact_email)),
                Cell::text(i.datetime(t.created_at)),
                Cell::text(i.t(&format!("support-status-{}", t.status.as_str()))),
            ]
        })
        .collect();
    view.sections.push(Section {
        table: Some(table(
            &staff,
            &[
                "admin-col-reference",
                "admin-col-priority",
                "admin-col-topic",
                "admin-col-contact",
                "admin-col-date",
                "admin-col-status",
            ],
            rows,
        )),
        text: vec![if q.all { String::new() } else { i.t("admin-tickets-open-only") }],
        ..Default::default()
    });
    view.respond()
}

async fn ticket_view(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    body: &str,
    errors: &FieldErrors,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let (summary_row, ticket) = state.store().staff_ticket(reference).await?.ok_or(AppError::NotFound)?;
    let mut view = AdminView::new(staff.page(format!("{} {}", i.t("admin-ticket-title"), ticket.reference), "tickets"));
    view.errors = summary(i, errors);
    let mut facts = vec![format!(
        "{}: {}\n{}: {} <{}>\n{}: {}\n{}: {}",
        i.t("admin-col-topic"),
        i.t(&format!("support-topic-{}", ticket.topic.as_str())),
        i.t("admin-col-contact"),
        summary_row.contact_name,
        summary_row.contact_email,
        i.t("admin-col-priority"),
        ticket.priority,
        i.t("admin-col-status"),
        i.t(&format!("support-status-{}", ticket.status)),
    )];
    if summary_row.business_id.is_none() {
        facts.push(i.t("admin-ticket-visitor"));
    }
    let mut details = Section { title: i.t("admin-ticket-details"), text: facts, ..Default::default() };
    if let Some(b) = summary_row.business_id {
        details.table = Some(table(
            staff,
            &["admin-col-business"],
            vec![vec![Cell::link(i.t("admin-ticket-open-business"), format!("/admin/businesses/{b}"))]],
        ));
    }
    view.sections.push(details);
    view.sections.push(Section {
        title: i.t("admin-ticket-messages"),
        table: Some(table(
            staff,
            &["admin-col-date", "admin-col-author", "admin-col-message"],
            ticket
                .messages
                .iter()
                .map(|(author, text, at)| {
                    vec![
                        Cell::text(i.datetime(*at)),
                        Cell::text(i.t(&format!("admin-author-{author}"))),
                        Cell::text(text.clone()),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    });
    let mut close = form(staff, format!("/admin/tickets/{reference}/close"), "", "admin-ticket-close", Vec::new());
    close.secondary = true;
    view.sections.push(Section {
        title: i.t("admin-ticket-reply-title"),
        forms: vec![
            form(
                staff,
                format!("/admin/tickets/{reference}/reply"),
                "",
                "admin-ticket-reply",
                vec![
                    Field::new(i, "body", "admin-ticket-answer", body, errors)
                        .kind("textarea")
                        .hint(i, "admin-ticket-answer-hint"),
                ],
            ),
            close,
        ],
        ..Default::default()
    });
    Ok(view)
}

pub async fn ticket(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    ticket_view(&state, &staff, &reference, "", &FieldErrors::new()).await?.respond()
}

pub async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    CsrfForm(input): CsrfForm<ActionInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    let body = input.body.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        let mut errors = FieldErrors::new();
        errors.add("body", "admin-error-answer");
        let view = ticket_view(&state, &staff, &reference, &input.body, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response());
    }
    state.store().reply_as_staff(&reference, body, &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash(&format!("/admin/tickets/{reference}"), "admin-ticket-sent"))
}

pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Path(reference): Path<String>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    state.store().close_ticket(&reference, &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash("/admin/tickets", "admin-done"))
}
