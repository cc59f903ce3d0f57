//! `/api/v1/invoices`: the business's invoices and credit notes, and their
//! documents — the kept PDF/A-3 and the UBL e-invoice, the same bytes the
//! member pages serve.

use super::{ApiError, Problem, date, instant, json_read, path_id, read_response, require};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use cps_domain::api::Scope;
use cps_domain::status::InvoiceKind;
use cps_store::api::ApiCaller;
use cps_store::billing::Invoice as StoredInvoice;

/// An invoice or credit note.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    /// `invoice` or `credit_note`.
    pub kind: String,
    /// `issued`, `paid`, `credited` (an invoice) or `credit` (a credit note).
    pub status: String,
    pub issued_on: String,
    pub due_on: String,
    pub period_start: String,
    pub period_end: String,
    /// ISO 4217.
    pub currency: String,
    /// Amounts in minor units (öre, cent).
    pub net_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    /// RFC 3339, when paid.
    pub paid_at: Option<String>,
    /// The PDF/A-3 (the UBL inside).
    pub pdf_url: String,
    /// The UBL e-invoice (EN 16931, Peppol BIS Billing 3.0).
    pub ubl_url: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InvoiceList {
    /// Newest first.
    pub items: Vec<Invoice>,
}

fn invoice_of(inv: &StoredInvoice) -> Invoice {
    let d = &inv.document;
    Invoice {
        id: inv.id,
        number: d.number.clone(),
        kind: if d.is_credit_note() { InvoiceKind::CreditNote } else { InvoiceKind::Invoice }.as_str().to_owned(),
        status: inv.status.as_str().to_owned(),
        issued_on: date(d.issued_on),
        due_on: date(d.due_on),
        period_start: date(d.period_start),
        period_end: date(d.period_end),
        currency: d.currency.code().to_owned(),
        net_minor: d.net_minor,
        vat_minor: d.vat_minor,
        total_minor: d.total_minor,
        paid_at: inv.paid_at.map(instant),
        pdf_url: format!("/api/v1/invoices/{}/pdf", inv.id),
        ubl_url: format!("/api/v1/invoices/{}/ubl", inv.id),
    }
}

#[utoipa::path(
    get, path = "/api/v1/invoices", tag = "invoices",
    summary = "The invoices and credit notes",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "Invoices", body = InvoiceList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `invoices:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["invoices:read"]))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require(&caller, Scope::InvoicesRead)?;
    let mut all = state.store().invoices(caller.business_id).await?;
    all.sort_by_key(|b| std::cmp::Reverse(b.id));
    json_read(&headers, &InvoiceList { items: all.iter().map(invoice_of).collect() })
}

async fn find(state: &AppState, caller: &ApiCaller, id: &str) -> Result<StoredInvoice, ApiError> {
    require(caller, Scope::InvoicesRead)?;
    let id = path_id(id)?;
    state.store().invoice(caller.business_id, id).await?.ok_or(ApiError::NotFound)
}

#[utoipa::path(
    get, path = "/api/v1/invoices/{id}", tag = "invoices",
    summary = "One invoice or credit note",
    params(("id" = i64, Path, description = "The invoice's id"), ("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "The invoice", body = Invoice),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `invoices:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice of this business", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["invoices:read"]))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inv = find(&state, &caller, &id).await?;
    json_read(&headers, &invoice_of(&inv))
}

fn attachment(mut res: Response, name: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[utoipa::path(
    get, path = "/api/v1/invoices/{id}/pdf", tag = "invoices",
    summary = "The invoice as PDF/A-3 (the UBL inside)",
    params(("id" = i64, Path, description = "The invoice's id"), ("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "The PDF kept when the invoice was issued", content_type = "application/pdf", body = String),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `invoices:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice of this business", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["invoices:read"]))
)]
pub async fn pdf(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inv = find(&state, &caller, &id).await?;
    let bytes = state.documents().invoice_pdf(&inv).await.map_err(ApiError::Internal)?;
    Ok(attachment(read_response(&headers, "application/pdf", bytes), &format!("{}.pdf", inv.document.number)))
}

#[utoipa::path(
    get, path = "/api/v1/invoices/{id}/ubl", tag = "invoices",
    summary = "The invoice as a UBL e-invoice (EN 16931, Peppol BIS Billing 3.0)",
    params(("id" = i64, Path, description = "The invoice's id"), ("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "The UBL XML", content_type = "application/xml", body = String),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `invoices:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice of this business", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["invoices:read"]))
)]
pub async fn ubl(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inv = find(&state, &caller, &id).await?;
    let xml = cps_domain::ubl::to_ubl(&inv.document).into_bytes();
    Ok(attachment(read_response(&headers, "application/xml", xml), &format!("{}.xml", inv.document.number)))
}
