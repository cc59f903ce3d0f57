//! The service centre in the back office (issue 15): the queue (read by
//! support too), a request's page with its staff steps — received (the
//! serial read on the product checked against the request's), the quote,
//! in repair, ready, shipped back with a tracking number, closed — and the
//! loan pool. The rules are `cps_domain::service`; every step is one
//! audited store call; a refused step changes nothing and says why in the
//! staff member's language.

use super::{AdminView, Cell, FilterForm, Section, form, table};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::refusal::{Refusal, shown};
use crate::staff::Staff;
use crate::state::AppState;
use crate::view::{Field, summary};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use cps_domain::FieldErrors;
use cps_domain::catalogue::Category;
use cps_domain::money::Money;
use cps_domain::service::{
    Deadline, LineKind, LoanItemStatus, LoanStatus, QuoteLine, ServiceKind, ServiceStatus, deadline, loan_due_date,
    loan_is_overdue, parse_amount_minor, serial_matches,
};
use cps_domain::staff::Tool;
use cps_i18n::{Arg, I18n};
use cps_store::Outcome;
use cps_store::service::{
    LendRefused, Loan, LoanItemRefused, QueueFilter, QuoteRefused, ReturnRefused, ServiceRequest, TransitionRefused,
};
use std::collections::HashMap;

/// Working days before the promised date from which a request is at risk.
const AT_RISK_WORKING_DAYS: u32 = 1;

/// How many quote lines the form offers.
const QUOTE_ROWS: usize = 5;

/// The quote form's field names, row by row: kind, description, quantity, unit price.
const LINE_FIELDS: [[&str; 4]; QUOTE_ROWS] = [
    ["kind1", "desc1", "qty1", "price1"],
    ["kind2", "desc2", "qty2", "price2"],
    ["kind3", "desc3", "qty3", "price3"],
    ["kind4", "desc4", "qty4", "price4"],
    ["kind5", "desc5", "qty5", "price5"],
];

/// The longest tracking number kept.
const TRACKING_MAX: usize = 100;

fn status_label(i: &I18n, s: ServiceStatus) -> String {
    i.t(&format!("service-status-{}", s.as_str()))
}

fn deadline_note(i: &I18n, promised: Option<NaiveDate>, status: ServiceStatus, today: NaiveDate) -> String {
    match promised {
        Some(p) => {
            let warning = match deadline(Some(p), status, today, AT_RISK_WORKING_DAYS) {
                Deadline::OnTrack => String::new(),
                Deadline::AtRisk => format!(" ({})", i.t("admin-service-at-risk")),
                Deadline::Missed => format!(" ({})", i.t("admin-service-missed")),
            };
            format!("{}{warning}", i.date(p))
        }
        None => i.t("admin-service-not-received"),
    }
}

// ---------------------------------------------------------------- the queue

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    /// `open` (the default), `all` or one status.
    status: String,
    /// `late`: only requests whose promised date is at risk or missed.
    due: String,
    /// One kind of request, or every kind.
    kind: String,
}

pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    staff.require(Tool::ServiceQueue)?;
    let i = &staff.ctx.i;
    let today = state.now().date_naive();
    let filter = match q.status.as_str() {
        "all" => QueueFilter::All,
        s => ServiceStatus::parse(s).map_or(QueueFilter::Open, QueueFilter::Status),
    };
    let late_only = q.due == "late";
    let kind = ServiceKind::parse(&q.kind);
    let mut view = AdminView::new(staff.page(i.t("admin-service-title"), "service"));
    view.lead = Some(i.t("admin-service-lead"));
    let mut statuses =
        vec![("open".to_owned(), i.t("admin-svc-filter-open")), ("all".into(), i.t("admin-svc-filter-all"))];
    statuses.extend(ServiceStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(i, *s))));
    let mut kinds = vec![(String::new(), i.t("admin-svc-filter-any-kind"))];
    kinds
        .extend(ServiceKind::ALL.iter().map(|k| (k.as_str().to_owned(), i.t(&format!("service-kind-{}", k.as_str())))));
    let none = FieldErrors::new();
    let status_value = match filter {
        QueueFilter::Open => "open",
        QueueFilter::All => "all",
        QueueFilter::Status(s) => s.as_str(),
    };
    view.filter = Some(FilterForm {
        action: "/admin/service",
        button: i.t("admin-svc-filter-apply"),
        fields: vec![
            Field::new(i, "status", "admin-col-status", status_value, &none).options(statuses),
            Field::new(i, "due", "admin-svc-filter-due", if late_only { "late" } else { "" }, &none).options(vec![
                (String::new(), i.t("admin-svc-filter-any-due")),
                ("late".into(), i.t("admin-svc-filter-late")),
            ]),
            Field::new(i, "kind", "admin-col-kind", kind.map_or("", ServiceKind::as_str), &none).options(kinds),
        ],
    });
    let links = staff.user.role.may_use(Tool::Service);
    let rows = state
        .store()
        .service_queue(filter)
        .await?
        .into_iter()
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| !late_only || deadline(r.promised_on, r.status, today, AT_RISK_WORKING_DAYS) != Deadline::OnTrack)
        .map(|r| {
            let number = if links {
                Cell::link(r.number.clone(), format!("/admin/service/{}", r.number))
            } else {
                Cell::text(r.number)
            };
            vec![
                number,
                Cell::text(r.priority.to_string()),
                Cell::text(r.business_name),
                Cell::text(r.model_name),
                Cell::text(r.serial.unwrap_or_default()),
                Cell::text(i.t(&format!("service-kind-{}", r.kind.as_str()))),
                Cell::text(status_label(i, r.status)),
                Cell::text(r.tier_code.unwrap_or_else(|| i.t("admin-service-no-membership"))),
                Cell::text(deadline_note(i, r.promised_on, r.status, today)),
            ]
        })
        .collect();
    let mut section = Section {
        table: Some(table(
            &staff,
            &[
                "admin-col-number",
                "admin-col-priority",
                "admin-col-business",
                "admin-col-model",
                "admin-col-serial",
                "admin-col-kind",
                "admin-col-status",
                "admin-col-tier",
                "admin-col-promised",
            ],
            rows,
        )),
        ..Default::default()
    };
    if links {
        let pool = table(
            &staff,
            &["admin-svc-loans-title"],
            vec![vec![Cell::link(i.t("admin-svc-loans-open"), "/admin/service/loans".to_owned())]],
        );
        view.sections.push(Section { table: Some(pool), ..Default::default() });
    }
    section.title = i.t("admin-svc-queue-requests");
    view.sections.push(section);
    view.respond()
}

// ---------------------------------------------------------------- one request

/// What a request page's forms were sent with (to show again after an error).
#[derive(Default)]
struct Typed {
    serial: String,
    tracking: String,
    note: String,
    lines: HashMap<String, String>,
}

/// An error of the page as a whole (a refused step), shown in the summary.
fn page_error(text: String) -> (String, String) {
    ("main".to_owned(), text)
}

fn illegal_text(i: &I18n, from: ServiceStatus, to: ServiceStatus) -> String {
    i.t_args(
        "admin-svc-error-illegal",
        &[("from", Arg::Str(status_label(i, from))), ("to", Arg::Str(status_label(i, to)))],
    )
}

/// A refused step is said at the top of the request's page; an unknown
/// request is the 404 page.
impl Refusal for TransitionRefused {
    fn message(&self) -> &'static str {
        match self {
            TransitionRefused::NotFound => "error-not-found-text",
            TransitionRefused::IllegalTransition { .. } => "admin-svc-error-illegal",
            TransitionRefused::NotAStaffStep(_) => "admin-svc-error-members-step",
            TransitionRefused::LoanOut => "admin-svc-error-loan-out",
            TransitionRefused::AwaitingPayment(_) => "admin-svc-error-awaiting-payment",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            TransitionRefused::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }

    fn text(&self, i: &I18n) -> String {
        match self {
            TransitionRefused::IllegalTransition { from, to } => illegal_text(i, *from, *to),
            TransitionRefused::AwaitingPayment(invoice) => {
                i.t_args(self.message(), &[("invoice", Arg::Str(invoice.clone()))])
            }
            _ => i.t(self.message()),
        }
    }
}

/// A refused quote is said at the top of the request's page; an unknown
/// request is the 404 page.
impl Refusal for QuoteRefused {
    fn message(&self) -> &'static str {
        match self {
            QuoteRefused::NotFound => "error-not-found-text",
            QuoteRefused::EmptyQuote => "admin-svc-error-empty-quote",
            QuoteRefused::IllegalTransition { .. } => "admin-svc-error-illegal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            QuoteRefused::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }

    fn text(&self, i: &I18n) -> String {
        match self {
            QuoteRefused::IllegalTransition { from, to } => illegal_text(i, *from, *to),
            _ => i.t(self.message()),
        }
    }
}

/// A refused loan item is shown on the form, at the field it concerns.
impl Refusal for LoanItemRefused {
    fn message(&self) -> &'static str {
        match self {
            LoanItemRefused::SerialTaken => "admin-svc-error-item-serial-taken",
            LoanItemRefused::DetailsInvalid => "admin-svc-error-item-details",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            LoanItemRefused::SerialTaken => Some("serial"),
            LoanItemRefused::DetailsInvalid => Some("name"),
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A due date in the past is shown at the lending form's date; a loan or
/// item that is no longer free at the top of the loans page; an unknown
/// loan is the 404 page.
impl Refusal for LendRefused {
    fn message(&self) -> &'static str {
        match self {
            LendRefused::NotFound => "error-not-found-text",
            LendRefused::DueInThePast => "admin-svc-error-due-past",
            LendRefused::LoanNotPending => "admin-svc-error-loan-not-pending",
            LendRefused::ItemUnavailable => "admin-svc-error-item-unavailable",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            LendRefused::DueInThePast => Some("due"),
            _ => None,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            LendRefused::NotFound => StatusCode::NOT_FOUND,
            LendRefused::DueInThePast => StatusCode::UNPROCESSABLE_ENTITY,
            LendRefused::LoanNotPending | LendRefused::ItemUnavailable => StatusCode::CONFLICT,
        }
    }
}

/// A loan that is not out is said at the top of the loans page; an unknown
/// loan is the 404 page.
impl Refusal for ReturnRefused {
    fn message(&self) -> &'static str {
        match self {
            ReturnRefused::NotFound => "error-not-found-text",
            ReturnRefused::NotLent => "admin-svc-error-loan-not-pending",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ReturnRefused::NotFound => StatusCode::NOT_FOUND,
            ReturnRefused::NotLent => StatusCode::CONFLICT,
        }
    }
}

fn money(i: &I18n, minor: i64, r: &ServiceRequest) -> String {
    Money::new(minor, r.currency).format(i.lang)
}

/// An amount in major units as the staff member's language writes it, without the currency.
fn major(i: &I18n, minor: i64) -> String {
    let abs = minor.unsigned_abs();
    format!("{}{}{:02}", i.lang.group_digits(abs / 100), i.lang.decimal_separator(), abs % 100)
}

fn line_kind_options(i: &I18n) -> Vec<(String, String)> {
    LineKind::ALL.iter().map(|k| (k.as_str().to_owned(), i.t(&format!("admin-svc-line-{}", k.as_str())))).collect()
}

async fn request_view(
    state: &AppState,
    staff: &Staff,
    number: &str,
    typed: &Typed,
    errors: &FieldErrors,
    page_errors: Vec<(String, String)>,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let store = state.store();
    let r = store.service_request_for_staff(number).await?.ok_or(AppError::NotFound)?;
    let today = state.now().date_naive();
    let mut view = AdminView::new(
        staff.page(i.t_args("admin-svc-request-title", &[("number", Arg::Str(r.number.clone()))]), "service"),
    );
    view.errors = page_errors;
    view.errors.extend(summary(i, errors));
    let a = &r.address;
    let dash = || "–".to_owned();
    let facts = [
        ("admin-col-business", r.business_name.clone()),
        ("admin-col-model", format!("{} ({})", r.model_name, r.model_code)),
        ("admin-col-serial", r.serial.clone().unwrap_or_else(dash)),
        ("admin-col-kind", i.t(&format!("service-kind-{}", r.kind.as_str()))),
        ("admin-col-status", status_label(i, r.status)),
        ("admin-svc-shipping", i.t(&format!("service-shipping-{}", r.shipping.as_str()))),
        ("admin-col-tier", r.tier_code.clone().unwrap_or_else(|| i.t("admin-service-no-membership"))),
        ("admin-col-priority", r.priority.to_string()),
        ("admin-svc-received", r.received_at.map_or_else(dash, |t| i.datetime(t))),
        ("admin-col-promised", deadline_note(i, r.promised_on, r.status, today)),
        ("admin-svc-tracking", r.tracking.clone().unwrap_or_else(dash)),
        ("admin-col-contact", format!("{} <{}>", a.name, r.contact_email)),
        (
            "admin-svc-return-address",
            format!("{}, {}, {} {}, {}", a.name, a.street, a.postal_code, a.city, a.country.name(i.lang)),
        ),
    ];
    let facts = facts.iter().map(|(label, value)| format!("{}: {value}", i.t(label))).collect::<Vec<_>>().join("\n");
    view.sections.push(Section {
        title: i.t("admin-svc-request-details"),
        text: vec![facts, format!("{}:\n{}", i.t("admin-svc-description"), r.description)],
        ..Default::default()
    });

    // What the membership gives today.
    let standing = store.service_standing(r.business_id, today).await?;
    let cleans = store.sensor_cleans_left(r.business_id, r.product_id, today).await?;
    let allowance = match standing.allowance {
        Some(a) => i.t_args(
            "admin-svc-allowance-left",
            &[("left", Arg::Str(a.left.format(i.lang))), ("until", Arg::Str(i.date(a.ends_on)))],
        ),
        None => i.t("admin-svc-allowance-none"),
    };
    view.sections.push(Section {
        title: i.t("admin-svc-benefits"),
        text: vec![format!(
            "{}\n{}\n{}\n{}",
            i.t_args("admin-svc-discount", &[("percent", Arg::Num(i64::from(standing.benefits.discount_percent)))]),
            allowance,
            i.t_args("admin-svc-cleans-left", &[("count", Arg::Num(i64::from(cleans)))]),
            i.t(if standing.benefits.loan_equipment {
                "admin-svc-loan-included"
            } else {
                "admin-svc-loan-not-included"
            }),
        )],
        ..Default::default()
    });

    // The quote.
    if let Some(q) = &r.quote {
        let t = &q.totals;
        let rows = q
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::text(i.t(&format!("admin-svc-line-{}", l.kind().as_str()))),
                    Cell::text(l.description()),
                    Cell::text(l.quantity().to_string()),
                    Cell::text(money(i, l.unit_minor(), &r)),
                    Cell::text(money(i, l.amount_minor(), &r)),
                ]
            })
            .collect();
        let decision = match q.decision {
            Some(ServiceStatus::Approved) => i.t("admin-svc-quote-approved"),
            Some(ServiceStatus::Declined) => i.t("admin-svc-quote-declined"),
            _ => i.t("admin-svc-quote-waiting"),
        };
        let totals = [
            ("service-quote-list", t.list_minor()),
            ("service-quote-free-clean", -t.free_clean_minor),
            ("service-quote-discount", -t.discount_minor),
            ("service-quote-allowance", -t.allowance_minor),
            ("admin-svc-quote-net", t.net_minor),
            ("service-quote-vat", t.vat_minor),
            ("service-quote-total", t.total_minor),
        ];
        let totals =
            totals.iter().map(|(label, v)| format!("{}: {}", i.t(label), money(i, *v, &r))).collect::<Vec<_>>();
        view.sections.push(Section {
            title: i.t("service-quote-title"),
            table: Some(table(
                staff,
                &[
                    "admin-col-kind",
                    "admin-svc-line-description",
                    "admin-svc-line-quantity",
                    "admin-svc-line-unit",
                    "admin-col-amount",
                ],
                rows,
            )),
            text: vec![totals.join("\n"), decision],
            ..Default::default()
        });
    }

    // The loan.
    if !r.loans.is_empty() {
        let rows = r
            .loans
            .iter()
            .map(|l| {
                vec![
                    Cell::text(i.t(&format!("admin-svc-loan-status-{}", l.status.as_str()))),
                    Cell::text(l.wish.clone().unwrap_or_default()),
                    Cell::text(l.item.as_ref().map(|it| format!("{} ({})", it.name, it.serial)).unwrap_or_default()),
                    Cell::text(due_note(i, l, today)),
                ]
            })
            .collect();
        view.sections.push(Section {
            title: i.t("admin-svc-loan"),
            table: Some(table(staff, &["admin-col-status", "admin-svc-wish", "admin-svc-item", "admin-svc-due"], rows)),
            text: vec![i.t("admin-svc-loan-pool-hint")],
            ..Default::default()
        });
    }

    // The next step.
    let mut forms = Vec::new();
    match r.status {
        ServiceStatus::Registered => forms.push(form(
            staff,
            format!("/admin/service/{}/receive", r.number),
            "admin-svc-receive-title",
            "admin-svc-receive",
            vec![
                Field::new(i, "serial", "admin-svc-serial-read", &typed.serial, errors)
                    .hint(i, "admin-svc-serial-read-hint"),
            ],
        )),
        ServiceStatus::Received | ServiceStatus::Diagnosed => {
            let existing = r.quote.as_ref().map(|q| q.lines.as_slice()).unwrap_or_default();
            let mut fields = Vec::new();
            for (n, names) in LINE_FIELDS.iter().enumerate() {
                let typed_or = |name: &str, stored: String| {
                    if typed.lines.is_empty() { stored } else { typed.lines.get(name).cloned().unwrap_or_default() }
                };
                let line = existing.get(n);
                let kind = typed_or(names[0], line.map_or("part", |l| l.kind().as_str()).to_owned());
                let desc = typed_or(names[1], line.map(|l| l.description().to_owned()).unwrap_or_default());
                let qty = typed_or(names[2], line.map(|l| l.quantity().to_string()).unwrap_or_default());
                let price = typed_or(names[3], line.map(|l| major(i, l.unit_minor())).unwrap_or_default());
                let row = i64::try_from(n + 1).unwrap_or(0);
                let label = |id: &str| i.t_args(id, &[("row", Arg::Num(row))]);
                let mut kind_field =
                    Field::new(i, names[0], "admin-svc-line-kind", &kind, errors).options(line_kind_options(i));
                kind_field.label = label("admin-svc-line-kind");
                let mut desc_field = Field::new(i, names[1], "admin-svc-line-description", &desc, errors).optional();
                desc_field.label = label("admin-svc-line-description-n");
                let mut qty_field =
                    Field::new(i, names[2], "admin-svc-line-quantity", &qty, errors).optional().inputmode("numeric");
                qty_field.label = label("admin-svc-line-quantity-n");
                let mut price_field =
                    Field::new(i, names[3], "admin-svc-line-unit", &price, errors).optional().inputmode("decimal");
                price_field.label = label("admin-svc-line-unit-n");
                if n == 0 {
                    price_field = price_field.hint_text(
                        i.t_args("admin-svc-line-unit-hint", &[("currency", Arg::Str(r.currency.code().to_owned()))]),
                    );
                }
                fields.extend([kind_field, desc_field, qty_field, price_field]);
            }
            let title =
                if r.status == ServiceStatus::Diagnosed { "admin-svc-quote-replace" } else { "admin-svc-quote-enter" };
            forms.push(form(
                staff,
                format!("/admin/service/{}/quote", r.number),
                title,
                "admin-svc-quote-save",
                fields,
            ));
        }
        ServiceStatus::Approved | ServiceStatus::InRepair | ServiceStatus::Shipped => {
            let (to, button) = match r.status {
                ServiceStatus::Approved => (ServiceStatus::InRepair, "admin-svc-step-in_repair"),
                ServiceStatus::InRepair => (ServiceStatus::Ready, "admin-svc-step-ready"),
                _ => (ServiceStatus::Closed, "admin-svc-step-closed"),
            };
            let mut f = form(
                staff,
                format!("/admin/service/{}/step", r.number),
                "admin-svc-next-step",
                button,
                vec![Field::new(i, "note", "admin-svc-note", &typed.note, errors).optional()],
            );
            f.hidden.push(("to", to.as_str().to_owned()));
            forms.push(f);
        }
        ServiceStatus::Ready | ServiceStatus::Declined => {
            let mut f = form(
                staff,
                format!("/admin/service/{}/step", r.number),
                "admin-svc-next-step",
                "admin-svc-step-shipped",
                vec![
                    Field::new(i, "tracking", "admin-svc-tracking", &typed.tracking, errors)
                        .hint(i, "admin-svc-tracking-hint"),
                    Field::new(i, "note", "admin-svc-note", &typed.note, errors).optional(),
                ],
            );
            f.hidden.push(("to", ServiceStatus::Shipped.as_str().to_owned()));
            forms.push(f);
        }
        ServiceStatus::Closed => {}
    }
    if !forms.is_empty() {
        view.sections.push(Section { title: i.t("admin-svc-steps"), forms, ..Default::default() });
    }

    // The timeline.
    let rows = r
        .timeline
        .iter()
        .map(|e| {
            vec![
                Cell::text(i.datetime(e.at)),
                Cell::text(e.from.map(|f| status_label(i, f)).unwrap_or_default()),
                Cell::text(status_label(i, e.to)),
                Cell::text(i.t(&format!("admin-svc-actor-{}", e.actor.as_str()))),
                Cell::text(e.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    view.sections.push(Section {
        title: i.t("admin-svc-timeline"),
        table: Some(table(
            staff,
            &["admin-col-date", "admin-svc-from", "admin-col-status", "admin-col-author", "admin-col-note"],
            rows,
        )),
        ..Default::default()
    });
    Ok(view)
}

fn due_note(i: &I18n, l: &Loan, today: NaiveDate) -> String {
    match l.due_on {
        Some(due) if l.status == LoanStatus::Lent && loan_is_overdue(due, today) => {
            format!("{} ({})", i.date(due), i.t("admin-svc-overdue"))
        }
        Some(due) => i.date(due),
        None => String::new(),
    }
}

pub async fn request(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    request_view(&state, &staff, &number, &Typed::default(), &FieldErrors::new(), Vec::new()).await?.respond()
}

/// The request page again, with what was typed and why it was refused.
async fn again(
    state: &AppState,
    staff: &Staff,
    number: &str,
    status: StatusCode,
    typed: &Typed,
    errors: &FieldErrors,
    page_errors: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let view = request_view(state, staff, number, typed, errors, page_errors).await?;
    Ok((status, view.respond()?).into_response())
}

/// The outcome of a step: back to the request, or the page with the refusal.
async fn stepped<R: Refusal>(
    state: &AppState,
    staff: &Staff,
    number: &str,
    typed: &Typed,
    outcome: Outcome<ServiceRequest, R>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(r) => Ok(redirect_with_flash(&format!("/admin/service/{}", r.number), "admin-done")),
        Err(failure) => {
            let refused = shown(failure)?;
            let errors = vec![page_error(refused.text(&staff.ctx.i))];
            again(state, staff, number, refused.status(), typed, &FieldErrors::new(), errors).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReceiveForm {
    serial: String,
}

/// Received: the serial staff read on the product must be the request's.
pub async fn receive(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    CsrfForm(f): CsrfForm<ReceiveForm>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    let r = state.store().service_request_for_staff(&number).await?.ok_or(AppError::NotFound)?;
    let typed = Typed { serial: f.serial.clone(), ..Typed::default() };
    let mut errors = FieldErrors::new();
    if f.serial.trim().is_empty() {
        errors.add("serial", "admin-svc-error-serial-missing");
    } else if !serial_matches(&f.serial, r.serial.as_deref()) {
        errors.add("serial", "admin-svc-error-serial-mismatch");
    }
    if !errors.is_empty() {
        return again(&state, &staff, &number, StatusCode::UNPROCESSABLE_ENTITY, &typed, &errors, Vec::new()).await;
    }
    let outcome = state
        .store()
        .transition_service_request(&staff.actor(), &number, ServiceStatus::Received, None, None, state.now())
        .await;
    stepped(&state, &staff, &number, &typed, outcome).await
}

/// The quote's lines as typed: rows left empty are skipped; each other row
/// must be a whole line.
fn quote_lines(input: &HashMap<String, String>, errors: &mut FieldErrors) -> Vec<QuoteLine> {
    let mut lines = Vec::new();
    for names in LINE_FIELDS {
        let get = |name: &str| input.get(name).map(|v| v.trim()).unwrap_or("");
        let (desc, qty, price) = (get(names[1]), get(names[2]), get(names[3]));
        if desc.is_empty() && qty.is_empty() && price.is_empty() {
            continue;
        }
        let Some(kind) = LineKind::parse(get(names[0])) else {
            errors.add(names[0], "admin-error-choose");
            continue;
        };
        let Ok(quantity) = qty.parse::<u32>() else {
            errors.add(names[2], "error-quote-line-quantity");
            continue;
        };
        let Some(unit) = parse_amount_minor(price) else {
            errors.add(names[3], "admin-svc-error-price");
            continue;
        };
        match QuoteLine::new(kind, desc, quantity, unit) {
            Ok(line) => lines.push(line),
            Err(id @ "error-quote-line-quantity") => errors.add(names[2], id),
            Err(id @ "error-quote-line-price") => errors.add(names[3], id),
            Err(id) => errors.add(names[1], id),
        }
    }
    lines
}

/// Diagnosed: the quote's parts and labour lines (entered, or replaced
/// before the member decides).
pub async fn quote(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    CsrfForm(input): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    let mut errors = FieldErrors::new();
    let lines = quote_lines(&input, &mut errors);
    if lines.is_empty() && errors.is_empty() {
        errors.add(LINE_FIELDS[0][1], "admin-svc-error-empty-quote");
    }
    let typed = Typed { lines: input, ..Typed::default() };
    if !errors.is_empty() {
        return again(&state, &staff, &number, StatusCode::UNPROCESSABLE_ENTITY, &typed, &errors, Vec::new()).await;
    }
    let outcome = state.store().enter_service_quote(&staff.actor(), &number, &lines, state.now()).await;
    stepped(&state, &staff, &number, &typed, outcome).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    to: String,
    tracking: String,
    note: String,
}

/// In repair, ready, shipped back (with the tracking number), closed.
pub async fn step(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    CsrfForm(f): CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    let typed = Typed { tracking: f.tracking.clone(), note: f.note.clone(), ..Typed::default() };
    let i = &staff.ctx.i;
    // Receiving and quoting have their own forms; approving and declining are the member's.
    let refused = match ServiceStatus::parse(&f.to) {
        Some(
            to @ (ServiceStatus::InRepair | ServiceStatus::Ready | ServiceStatus::Shipped | ServiceStatus::Closed),
        ) => Ok(to),
        Some(ServiceStatus::Received) => Err("admin-svc-error-receive-with-serial"),
        Some(ServiceStatus::Diagnosed) => Err("admin-svc-error-quote-form"),
        Some(_) => Err("admin-svc-error-members-step"),
        None => return Err(AppError::BadRequest),
    };
    let to = match refused {
        Ok(to) => to,
        Err(id) => {
            let errors = vec![page_error(i.t(id))];
            return again(&state, &staff, &number, StatusCode::CONFLICT, &typed, &FieldErrors::new(), errors).await;
        }
    };
    let tracking = f.tracking.trim();
    let note = f.note.trim();
    let mut errors = FieldErrors::new();
    if to == ServiceStatus::Shipped && tracking.is_empty() {
        errors.add("tracking", "admin-svc-error-tracking");
    } else if tracking.chars().count() > TRACKING_MAX || tracking.chars().any(char::is_control) {
        errors.add("tracking", "admin-svc-error-tracking-invalid");
    }
    if note.chars().count() > 1000 {
        errors.add("note", "admin-error-too-long");
    }
    if !errors.is_empty() {
        return again(&state, &staff, &number, StatusCode::UNPROCESSABLE_ENTITY, &typed, &errors, Vec::new()).await;
    }
    let tracking = (to == ServiceStatus::Shipped).then_some(tracking);
    let note = (!note.is_empty()).then_some(note);
    let outcome =
        state.store().transition_service_request(&staff.actor(), &number, to, tracking, note, state.now()).await;
    stepped(&state, &staff, &number, &typed, outcome).await
}

// ---------------------------------------------------------------- the loan pool

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LoanInput {
    name: String,
    serial: String,
    category: String,
    item: String,
    due: String,
}

/// Which form a loan-pool error belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PoolForm {
    None,
    AddItem,
    Lend(i64),
}

fn item_label(i: &I18n, name: &str, serial: &str, category: Category) -> String {
    format!("{name} ({serial}, {})", i.t(&format!("admin-svc-category-{}", category.as_str())))
}

async fn loans_view(
    state: &AppState,
    staff: &Staff,
    input: &LoanInput,
    errors: &FieldErrors,
    errors_for: PoolForm,
    page_errors: Vec<(String, String)>,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let store = state.store();
    let today = state.now().date_naive();
    let none = FieldErrors::new();
    let errors_of = |f: PoolForm| if f == errors_for { errors } else { &none };
    let blank = LoanInput::default();
    let input_of = |f: PoolForm| if f == errors_for { input } else { &blank };
    let mut view = AdminView::new(staff.page(i.t("admin-svc-loans-title"), "service"));
    view.lead = Some(i.t("admin-svc-loans-lead"));
    view.errors = page_errors;
    view.errors.extend(summary(i, errors));
    let items = store.loan_items().await?;

    // Pending loan requests, each with a form to lend an available item.
    let available: Vec<(String, String)> = std::iter::once((String::new(), i.t("admin-choose")))
        .chain(
            items
                .iter()
                .filter(|it| it.status == LoanItemStatus::Available)
                .map(|it| (it.id.to_string(), item_label(i, &it.name, &it.serial, it.category))),
        )
        .collect();
    let mut lend_forms = Vec::new();
    for loan in store.pending_loans().await? {
        let which = PoolForm::Lend(loan.id);
        let promised = store.service_request_for_staff(&loan.request_number).await?.and_then(|r| r.promised_on);
        let default_due = loan_due_date(promised.unwrap_or(today).max(today));
        let typed = input_of(which);
        let due = if typed.due.is_empty() { default_due.format("%Y-%m-%d").to_string() } else { typed.due.clone() };
        let mut f = form(
            staff,
            format!("/admin/service/loans/{}/lend", loan.id),
            "",
            "admin-svc-lend",
            vec![
                Field::new(i, "item", "admin-svc-item", &typed.item, errors_of(which)).options(available.clone()),
                Field::new(i, "due", "admin-svc-due", &due, errors_of(which))
                    .kind("date")
                    .hint(i, "admin-svc-due-hint"),
            ],
        );
        f.title = i.t_args(
            "admin-svc-lend-title",
            &[
                ("number", Arg::Str(loan.request_number.clone())),
                ("wish", Arg::Str(loan.wish.clone().unwrap_or_else(|| "–".to_owned()))),
            ],
        );
        lend_forms.push(f);
    }
    view.sections.push(Section {
        title: i.t("admin-svc-pending-title"),
        text: if lend_forms.is_empty() { vec![i.t("admin-svc-pending-none")] } else { Vec::new() },
        forms: lend_forms,
        ..Default::default()
    });

    // Loans out, each with its return button; overdue ones flagged.
    let running = store.running_loans().await?;
    let rows = running
        .iter()
        .map(|l| {
            vec![
                Cell::link(l.request_number.clone(), format!("/admin/service/{}", l.request_number)),
                Cell::text(l.item.as_ref().map(|it| format!("{} ({})", it.name, it.serial)).unwrap_or_default()),
                Cell::text(l.lent_at.map(|t| i.datetime(t)).unwrap_or_default()),
                Cell::text(due_note(i, l, today)),
            ]
        })
        .collect();
    let return_forms = running
        .iter()
        .map(|l| {
            let mut f =
                form(staff, format!("/admin/service/loans/{}/return", l.id), "", "admin-svc-return", Vec::new());
            f.title = i.t_args(
                "admin-svc-return-title",
                &[
                    ("number", Arg::Str(l.request_number.clone())),
                    ("item", Arg::Str(l.item.as_ref().map(|it| it.serial.clone()).unwrap_or_default())),
                ],
            );
            f.secondary = true;
            f
        })
        .collect();
    view.sections.push(Section {
        title: i.t("admin-svc-running-title"),
        table: Some(table(staff, &["admin-col-number", "admin-svc-item", "admin-svc-lent", "admin-svc-due"], rows)),
        forms: return_forms,
        ..Default::default()
    });

    // Overdue.
    let overdue = store.overdue_loans(today).await?;
    let rows = overdue
        .iter()
        .map(|l| {
            vec![
                Cell::link(l.request_number.clone(), format!("/admin/service/{}", l.request_number)),
                Cell::text(l.item.as_ref().map(|it| format!("{} ({})", it.name, it.serial)).unwrap_or_default()),
                Cell::text(due_note(i, l, today)),
            ]
        })
        .collect();
    view.sections.push(Section {
        title: i.t("admin-svc-overdue-title"),
        table: Some(table(staff, &["admin-col-number", "admin-svc-item", "admin-svc-due"], rows)),
        ..Default::default()
    });

    // The pool.
    let rows = items
        .iter()
        .map(|it| {
            vec![
                Cell::text(it.name.clone()),
                Cell::text(it.serial.clone()),
                Cell::text(i.t(&format!("admin-svc-category-{}", it.category.as_str()))),
                Cell::text(i.t(&format!("admin-svc-item-status-{}", it.status.as_str()))),
            ]
        })
        .collect();
    let categories = std::iter::once((String::new(), i.t("admin-choose")))
        .chain(
            Category::ALL.iter().map(|c| (c.as_str().to_owned(), i.t(&format!("admin-svc-category-{}", c.as_str())))),
        )
        .collect();
    let add = PoolForm::AddItem;
    view.sections.push(Section {
        title: i.t("admin-svc-pool-title"),
        table: Some(table(
            staff,
            &["admin-col-name", "admin-col-serial", "admin-svc-category", "admin-col-status"],
            rows,
        )),
        forms: vec![form(
            staff,
            "/admin/service/loans/items".to_owned(),
            "admin-svc-add-item-title",
            "admin-svc-add-item",
            vec![
                Field::new(i, "name", "admin-col-name", &input_of(add).name, errors_of(add)),
                Field::new(i, "serial", "admin-col-serial", &input_of(add).serial, errors_of(add)),
                Field::new(i, "category", "admin-svc-category", &input_of(add).category, errors_of(add))
                    .options(categories),
            ],
        )],
        ..Default::default()
    });
    Ok(view)
}

pub async fn loans(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    loans_view(&state, &staff, &LoanInput::default(), &FieldErrors::new(), PoolForm::None, Vec::new()).await?.respond()
}

async fn loans_again(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    input: &LoanInput,
    errors: &FieldErrors,
    errors_for: PoolForm,
    page_errors: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let view = loans_view(state, staff, input, errors, errors_for, page_errors).await?;
    Ok((status, view.respond()?).into_response())
}

pub async fn add_item(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(input): CsrfForm<LoanInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    let mut errors = FieldErrors::new();
    let fits = |v: &str| !v.trim().is_empty() && v.trim().chars().count() <= 200;
    if !fits(&input.name) {
        errors.add("name", "admin-svc-error-item-name");
    }
    if !fits(&input.serial) {
        errors.add("serial", "admin-error-serial");
    }
    let category = Category::parse(&input.category);
    if category.is_none() {
        errors.add("category", "admin-error-choose");
    }
    let Some(category) = category.filter(|_| errors.is_empty()) else {
        return loans_again(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            &input,
            &errors,
            PoolForm::AddItem,
            vec![],
        )
        .await;
    };
    match state.store().add_loan_item(&staff.actor(), &input.name, &input.serial, category, state.now()).await {
        Ok(_) => Ok(redirect_with_flash("/admin/service/loans", "admin-done")),
        Err(failure) => {
            let refused = shown(failure)?;
            errors.add(refused.field().unwrap_or("name"), refused.message());
            loans_again(&state, &staff, refused.status(), &input, &errors, PoolForm::AddItem, vec![]).await
        }
    }
}

/// Lends an available item for a pending loan, due back on the date given.
pub async fn lend(
    State(state): State<AppState>,
    staff: Staff,
    Path(loan_id): Path<i64>,
    CsrfForm(input): CsrfForm<LoanInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    let which = PoolForm::Lend(loan_id);
    let mut errors = FieldErrors::new();
    let item = input.item.trim().parse::<i64>().ok();
    if item.is_none() {
        errors.add("item", "admin-svc-error-item-choose");
    }
    let due = NaiveDate::parse_from_str(input.due.trim(), "%Y-%m-%d").ok();
    if due.is_none() {
        errors.add("due", "admin-svc-error-due");
    }
    let (Some(item), Some(due)) = (item, due) else {
        return loans_again(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, &input, &errors, which, vec![]).await;
    };
    match state.store().confirm_loan(&staff.actor(), loan_id, item, due, state.now()).await {
        Ok(_) => Ok(redirect_with_flash("/admin/service/loans", "admin-done")),
        Err(failure) => {
            let refused = shown(failure)?;
            let page_errors = match refused.field() {
                Some(field) => {
                    errors.add(field, refused.message());
                    Vec::new()
                }
                None => vec![page_error(refused.text(&staff.ctx.i))],
            };
            loans_again(&state, &staff, refused.status(), &input, &errors, which, page_errors).await
        }
    }
}

/// The lent item is back in the pool.
pub async fn return_loan(
    State(state): State<AppState>,
    staff: Staff,
    Path(loan_id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::Service)?;
    match state.store().return_loan(&staff.actor(), loan_id, state.now()).await {
        Ok(_) => Ok(redirect_with_flash("/admin/service/loans", "admin-done")),
        Err(failure) => {
            let refused = shown(failure)?;
            let text = refused.text(&staff.ctx.i);
            let none = FieldErrors::new();
            loans_again(
                &state,
                &staff,
                refused.status(),
                &LoanInput::default(),
                &none,
                PoolForm::None,
                vec![page_error(text)],
            )
            .await
        }
    }
}
