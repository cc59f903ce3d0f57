//! Finance tools: invoices by status, mark paid by hand, credit notes, bank
//! files and the payments that did not match, the job queue.

use super::{AdminView, Cell, Section, form, reason_error, table};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::refusal::Refusal;
use crate::staff::Staff;
use crate::state::AppState;
use crate::view::{Field, summary};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::FieldErrors;
use cps_domain::staff::Tool;
use cps_domain::status::{may_credit, may_mark_paid};
use cps_store::Failure;
use cps_store::backoffice::{CreditRefused, InvoiceFilter, MarkPaidRefused, PaymentRefused, PaymentResolution};

/// Marking paid is answered on the invoice with a flash, whatever the
/// reason: a missing invoice is, as ever, nothing to mark paid.
impl Refusal for MarkPaidRefused {
    fn message(&self) -> &'static str {
        "admin-not-applicable"
    }

    fn status(&self) -> StatusCode {
        match self {
            MarkPaidRefused::NotFound => StatusCode::NOT_FOUND,
            MarkPaidRefused::NotPayable => StatusCode::CONFLICT,
        }
    }
}

/// A missing invoice is the 404 page; one that cannot be credited (any
/// more) is said with a flash on the invoice.
impl Refusal for CreditRefused {
    fn message(&self) -> &'static str {
        match self {
            CreditRefused::NotFound => "error-not-found-text",
            CreditRefused::NotCreditable => "admin-not-applicable",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            CreditRefused::NotFound => StatusCode::NOT_FOUND,
            CreditRefused::NotCreditable => StatusCode::CONFLICT,
        }
    }
}

/// Resolving a bank payment is answered on the payments page with a flash,
/// whatever the reason.
impl Refusal for PaymentRefused {
    fn message(&self) -> &'static str {
        "admin-not-applicable"
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            PaymentRefused::UnknownInvoice => Some("invoice"),
            PaymentRefused::NotOpen | PaymentRefused::InvoiceSettled => None,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            PaymentRefused::UnknownInvoice => StatusCode::UNPROCESSABLE_ENTITY,
            PaymentRefused::NotOpen | PaymentRefused::InvoiceSettled => StatusCode::CONFLICT,
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    status: String,
}

pub async fn invoices(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<StatusQuery>,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    let i = &staff.ctx.i;
    let filter = InvoiceFilter::parse(&q.status).unwrap_or(InvoiceFilter::Overdue);
    let mut view = AdminView::new(staff.page(i.t("admin-invoices-title"), "invoices"));
    let links = InvoiceFilter::ALL
        .iter()
        .map(|f| {
            let label = i.t(&format!("admin-filter-{}", f.as_str()));
            if *f == filter {
                Cell::text(format!("[{label}]"))
            } else {
                Cell::link(label, format!("/admin/invoices?status={}", f.as_str()))
            }
        })
        .collect();
    view.sections.push(Section { table: Some(table(&staff, &["admin-filter"], vec![links])), ..Default::default() });
    let rows = state
        .store()
        .invoices_by_status(filter, state.now().date_naive(), 500)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                Cell::link(r.number, format!("/admin/invoices/{}", r.id)),
                Cell::text(r.business_name),
                Cell::text(iso_date(i, &r.issued_on)),
                Cell::text(iso_date(i, &r.due_on)),
                Cell::text(r.total.format(i.lang)),
                Cell::text(i.t(&format!("admin-method-{}", r.payment_method.as_str()))),
            ]
        })
        .collect();
    view.sections.push(Section {
        title: i.t(&format!("admin-filter-{}", filter.as_str())),
        table: Some(table(
            &staff,
            &[
                "admin-col-number",
                "admin-col-business",
                "admin-col-date",
                "admin-col-due",
                "admin-col-amount",
                "admin-col-method",
            ],
            rows,
        )),
        ..Default::default()
    });
    view.respond()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReasonInput {
    reason: String,
    invoice: String,
    resolution: String,
}

async fn invoice_view(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ReasonInput,
    errors: &FieldErrors,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let (row, invoice) = state.store().staff_invoice(id).await?.ok_or(AppError::NotFound)?;
    let d = &invoice.document;
    let mut view = AdminView::new(staff.page(format!("{} {}", i.t("admin-invoice-title"), row.number), "invoices"));
    view.errors = summary(i, errors);
    let mut facts = vec![format!(
        "{}: {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}",
        i.t("admin-col-business"),
        row.business_name,
        i.t("admin-col-date"),
        i.date(d.issued_on),
        i.t("admin-col-due"),
        i.date(d.due_on),
        i.t("admin-col-amount"),
        d.total().format(i.lang),
        i.t("admin-col-method"),
        i.t(&format!("admin-method-{}", d.payment_method)),
        i.t("admin-col-status"),
        i.t(&format!("admin-invoice-status-{}", row.status.as_str())),
    )];
    if let Some(reference) = &d.payment_reference {
        facts.push(format!("{}: {reference}", i.t("admin-col-reference")));
    }
    if let Some(c) = &d.credits {
        facts.push(format!("{}: {} ({})", i.t("admin-credits"), c.invoice_number, c.reason));
    }
    let mut section = Section { title: i.t("admin-invoice-details"), text: facts, ..Default::default() };
    if staff.user.role.may_use(Tool::Businesses) {
        section.table = Some(table(
            staff,
            &["admin-col-show"],
            vec![vec![Cell::link(i.t("admin-business-open"), format!("/admin/businesses/{}", row.business_id))]],
        ));
    }
    view.sections.push(section);
    view.sections.push(Section {
        title: i.t("admin-invoice-pdf"),
        table: Some(table(
            staff,
            &["admin-col-show"],
            vec![vec![Cell::link(i.t("admin-invoice-pdf-open"), format!("/admin/invoices/{id}/invoice.pdf"))]],
        )),
        ..Default::default()
    });
    let mut forms = Vec::new();
    if may_mark_paid(row.kind, row.status) {
        forms.push(form(
            staff,
            format!("/admin/invoices/{id}/paid"),
            "admin-mark-paid-title",
            "admin-mark-paid",
            vec![Field::new(i, "reason", "admin-reason", &input.reason, errors).hint(i, "admin-mark-paid-hint")],
        ));
    }
    if may_credit(row.kind, row.status) {
        let mut credit = form(
            staff,
            format!("/admin/invoices/{id}/credit"),
            "admin-credit-title",
            "admin-credit",
            vec![Field::new(i, "reason", "admin-reason", &input.reason, errors).hint(i, "admin-credit-hint")],
        );
        credit.secondary = true;
        forms.push(credit);
    }
    if !forms.is_empty() {
        view.sections.push(Section { title: i.t("admin-actions"), forms, ..Default::default() });
    }
    Ok(view)
}

pub async fn invoice(State(state): State<AppState>, staff: Staff, Path(id): Path<i64>) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    invoice_view(&state, &staff, id, &ReasonInput::default(), &FieldErrors::new()).await?.respond()
}

/// The invoice's PDF as the business received it (the kept bytes).
pub async fn invoice_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    let (_, invoice) = state.store().staff_invoice(id).await?.ok_or(AppError::NotFound)?;
    crate::pages::invoices::pdf_response(&state, &invoice).await
}

async fn reason_or_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ReasonInput,
) -> Result<Option<Response>, AppError> {
    let Some(e) = reason_error(&input.reason) else { return Ok(None) };
    let mut errors = FieldErrors::new();
    errors.add("reason", e);
    let view = invoice_view(state, staff, id, input, &errors).await?;
    Ok(Some((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response()))
}

pub async fn mark_paid(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ReasonInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    if let Some(page) = reason_or_page(&state, &staff, id, &input).await? {
        return Ok(page);
    }
    let flash = match state.store().mark_invoice_paid(id, input.reason.trim(), &staff.actor(), state.now()).await {
        Ok(()) => "admin-done",
        Err(f) => f.refusal()?.message(),
    };
    Ok(redirect_with_flash(&format!("/admin/invoices/{id}"), flash))
}

pub async fn credit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ReasonInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    if let Some(page) = reason_or_page(&state, &staff, id, &input).await? {
        return Ok(page);
    }
    match state.store().credit_invoice(id, input.reason.trim(), &staff.actor(), state.now()).await {
        Ok(credit_id) => Ok(redirect_with_flash(&format!("/admin/invoices/{credit_id}"), "admin-done")),
        Err(Failure::Refused(r @ CreditRefused::NotCreditable)) => {
            Ok(redirect_with_flash(&format!("/admin/invoices/{id}"), r.message()))
        }
        Err(f) => Err(f.into()),
    }
}

async fn payments_view(state: &AppState, staff: &Staff, report: Option<String>) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-payments-title"), "payments"));
    view.lead = report;
    let mut upload =
        form(staff, "/admin/payments/upload".into(), "admin-bank-upload-title", "admin-bank-upload", Vec::new());
    upload.multipart = true;
    upload.accept = ".xml,text/xml,application/xml";
    view.sections.push(Section {
        text: vec![i.t("admin-bank-upload-hint"), i.t("bank-upload-rules")],
        forms: vec![upload],
        ..Default::default()
    });
    let unmatched = state.store().unmatched_payments().await?;
    let mut section = Section { title: i.t("admin-unmatched-title"), ..Default::default() };
    section.table = Some(table(
        staff,
        &[
            "admin-col-reference",
            "admin-col-date",
            "admin-col-amount",
            "admin-col-message",
            "admin-col-status",
            "admin-col-number",
        ],
        unmatched
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.bank_ref.clone()),
                    Cell::text(p.booked_on.as_deref().map(|d| iso_date(i, d)).unwrap_or_default()),
                    Cell::text(amount_shown(p, i.lang)),
                    Cell::text(format!("{}\n{}", p.reference.clone().unwrap_or_default(), p.text)),
                    Cell::text(i.t(&format!("admin-outcome-{}", p.outcome.as_str()))),
                    Cell::text(p.invoice_number.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    ));
    for p in &unmatched {
        let options = vec![
            (String::new(), i.t("admin-choose")),
            ("invoice".into(), i.t("admin-resolution-invoice")),
            ("handled".into(), i.t("admin-resolution-handled")),
        ];
        let mut f = form(
            staff,
            format!("/admin/payments/{}/resolve", p.id),
            "",
            "admin-resolve",
            vec![
                Field::new(i, "resolution", "admin-resolution", "", &FieldErrors::new()).options(options),
                Field::new(
                    i,
                    "invoice",
                    "admin-col-number",
                    p.invoice_number.as_deref().unwrap_or(""),
                    &FieldErrors::new(),
                )
                .optional(),
                Field::new(i, "reason", "admin-reason", "", &FieldErrors::new()),
            ],
        );
        f.title = format!("{} {} ({})", i.t("admin-resolve-title"), p.bank_ref, amount_shown(p, i.lang));
        section.forms.push(f);
    }
    view.sections.push(section);
    view.sections.push(stripe_review_section(state, staff).await?);
    Ok(view)
}

/// Card payments Stripe reported that settled nothing: the wrong amount or
/// currency, a credited or already paid invoice, or no known charge.
async fn stripe_review_section(state: &AppState, staff: &Staff) -> Result<Section, AppError> {
    let i = &staff.ctx.i;
    let reviews = state.store().stripe_reviews().await?;
    let mut section = Section { title: i.t("admin-stripe-review-title"), ..Default::default() };
    if reviews.is_empty() {
        section.text = vec![i.t("admin-stripe-review-empty")];
        return Ok(section);
    }
    section.table = Some(table(
        staff,
        &["admin-col-date", "admin-col-payment-intent", "admin-col-amount", "admin-col-status", "admin-col-number"],
        reviews
            .iter()
            .map(|r| {
                let amount = cps_domain::money::Currency::parse(&r.currency.to_ascii_uppercase()).map_or_else(
                    || format!("{} {}", r.amount_minor, r.currency),
                    |c| cps_domain::money::Money::new(r.amount_minor, c).format(i.lang),
                );
                vec![
                    Cell::text(i.date(r.created_at.date_naive())),
                    Cell::text(r.intent_id.clone()),
                    Cell::text(amount),
                    Cell::text(i.t(&format!("admin-stripe-reason-{}", r.reason))),
                    Cell::text(r.invoice_number.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    ));
    Ok(section)
}

/// A stored ISO date in the reader's convention (as stored if it is not one).
fn iso_date(i: &cps_i18n::I18n, stored: &str) -> String {
    chrono::NaiveDate::parse_from_str(stored, "%Y-%m-%d").map_or_else(|_| stored.to_owned(), |d| i.date(d))
}

/// The amount of a payment to review: formatted when the portal books its
/// currency, else as the bank wrote it (with the account, for another account's).
fn amount_shown(p: &cps_store::backoffice::UnmatchedPayment, lang: cps_domain::Lang) -> String {
    match (&p.amount, &p.detail) {
        (_, Some(detail)) => detail.clone(),
        (Some(m), None) => m.format(lang),
        (None, None) => String::new(),
    }
}

pub async fn payments(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    payments_view(&state, &staff, None).await?.respond()
}

/// A bank file from the back office: the same import as the command line,
/// recorded in the audit log.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    let mut csrf = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(|_| AppError::BadRequest)?),
            Some("file") => file = Some(field.bytes().await.map_err(|_| AppError::TooLarge)?),
            _ => {}
        }
    }
    if !crate::csrf::multipart_token_ok(&staff.ctx, csrf.as_deref()) {
        return Err(AppError::Csrf);
    }
    let i = &staff.ctx.i;
    let report = match cps_domain::bankfile::parse_camt_bytes(file.as_deref().unwrap_or_default()) {
        Ok(lines) => {
            let ours = &state.config().bank_accounts;
            let r = state.store().import_bank_payments(&lines, ours, Some(&staff.actor()), state.now()).await?;
            let n = |x: usize| cps_i18n::Arg::Str(i.number(i64::try_from(x).unwrap_or(i64::MAX)));
            i.t_args(
                "bank-import-report",
                &[
                    ("paid", n(r.paid)),
                    ("review", n(r.to_review.len())),
                    ("again", n(r.already_imported)),
                    ("pending", n(r.not_booked)),
                    ("returned", n(r.returned)),
                    ("reopened", n(r.reopened)),
                ],
            )
        }
        Err(_) => i.t("admin-bank-unreadable"),
    };
    payments_view(&state, &staff, Some(report)).await?.respond()
}

pub async fn resolve_payment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ReasonInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Finance)?;
    let resolution = match input.resolution.as_str() {
        "invoice" if !input.invoice.trim().is_empty() => PaymentResolution::PaysInvoice(input.invoice.clone()),
        "handled" => PaymentResolution::Handled,
        _ => return Ok(redirect_with_flash("/admin/payments", "admin-error-choose")),
    };
    if reason_error(&input.reason).is_some() {
        return Ok(redirect_with_flash("/admin/payments", "admin-error-reason"));
    }
    let flash =
        match state.store().resolve_payment(id, &resolution, input.reason.trim(), &staff.actor(), state.now()).await {
            Ok(()) => "admin-done",
            Err(f) => f.refusal()?.message(),
        };
    Ok(redirect_with_flash("/admin/payments", flash))
}

pub async fn jobs(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::Jobs)?;
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-jobs-title"), "jobs"));
    for failed in [true, false] {
        let jobs = state.store().jobs_overview(failed, 200).await?;
        let mut section = Section {
            title: i.t(if failed { "admin-jobs-failed" } else { "admin-jobs-pending" }),
            ..Default::default()
        };
        section.table = Some(table(
            &staff,
            &["admin-col-number", "admin-col-kind", "admin-col-date", "admin-col-attempts", "admin-col-message"],
            jobs.iter()
                .map(|j| {
                    vec![
                        Cell::text(j.id.to_string()),
                        Cell::text(job_kind_label(i, &j.kind)),
                        Cell::text(i.datetime(j.run_at)),
                        Cell::text(j.attempts.to_string()),
                        Cell::text(j.last_error.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        ));
        if failed {
            for j in &jobs {
                let mut f = form(&staff, format!("/admin/jobs/{}/retry", j.id), "", "admin-job-retry", Vec::new());
                f.title = format!("{} {} ({})", i.t("admin-job"), j.id, job_kind_label(i, &j.kind));
                f.secondary = true;
                section.forms.push(f);
            }
        }
        view.sections.push(section);
    }
    view.respond()
}

/// A job kind's label; a kind this build does not know (left by a newer
/// version) is shown as stored rather than as a message id.
fn job_kind_label(i: &cps_i18n::I18n, kind: &str) -> String {
    match cps_store::jobs::JobKind::parse(kind) {
        Some(k) => i.t(&format!("admin-job-kind-{}", k.as_str())),
        None => kind.to_owned(),
    }
}

pub async fn retry_job(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::Jobs)?;
    let done = state.store().retry_job(id, &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash("/admin/jobs", if done { "admin-done" } else { "admin-not-applicable" }))
}
