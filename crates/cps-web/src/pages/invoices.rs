//! "Fakturor": the business's invoices, each readable in full. Every lookup
//! takes the business id, so one business never opens another's invoice.

use crate::ctx::Member;
use crate::error::AppError;
use crate::state::AppState;
use crate::view::{Page, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use cps_domain::billing::InvoiceDocument;
use cps_domain::card_payment::{HolderStep, holder_step};
use cps_domain::money::Money;
use cps_domain::status::{InvoiceStatus, PaymentMethod, VatKind};
use cps_domain::{Country, Lang};
use cps_i18n::{Arg, I18n};

#[derive(Template)]
#[template(path = "invoices.html")]
struct ListPage {
    page: Page,
    rows: Vec<(i64, String, String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "invoice.html")]
struct InvoicePage<'a> {
    page: Page,
    id: i64,
    d: &'a InvoiceDocument,
    seller_country: String,
    buyer_country: String,
    issued: String,
    due: String,
    period: String,
    net: String,
    vat_label: String,
    vat: String,
    total: String,
    bank: bool,
    status: String,
    /// The last card charge failed: the member can pay here with another card.
    failure: Option<String>,
    /// The card holder must confirm the charge: "Betala nu" links to the page that does.
    confirm: bool,
    card_input: crate::pages::membership::CardInput,
    /// A repair invoice's lines and allowances.
    items: Option<cps_billing::InvoiceItems>,
}

fn status(i: &I18n, s: InvoiceStatus) -> String {
    i.t(match s {
        InvoiceStatus::Paid => "invoice-status-paid",
        InvoiceStatus::Credited => "invoice-status-credited",
        InvoiceStatus::Credit => "invoice-status-credit-note",
        InvoiceStatus::Issued => "invoice-status-issued",
    })
}

pub async fn list(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let rows = state
        .store()
        .member_reads(m.seen)
        .invoices()
        .await?
        .iter()
        .map(|inv| {
            let d = &inv.document;
            (
                inv.id,
                d.number.clone(),
                i.date(d.issued_on),
                i.date(d.due_on),
                inv.total().format(i.lang),
                status(&i, inv.status),
            )
        })
        .collect();
    Ok(render(&ListPage { page: Page::new(&m.ctx, "invoices-title", "invoices"), rows })?.into_response())
}

fn country_name(code: &str, lang: Lang) -> String {
    Country::parse(code).map_or_else(|_| code.to_owned(), |c| c.name(lang).to_owned())
}

pub async fn show(State(state): State<AppState>, m: Member, Path(id): Path<i64>) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let held = state.store().member_reads(m.seen).invoice(id).await?;
    let inv = held.as_ref().as_ref().ok_or(AppError::NotFound)?;
    let failure = if inv.status == InvoiceStatus::Issued {
        state.store().last_charge_failure(m.user.business_id, id).await?
    } else {
        None
    };
    let failure_shown = failure.is_some();
    let confirm = state.config().stripe.is_some()
        && inv.status == InvoiceStatus::Issued
        && state.store().awaiting_confirmation(m.user.business_id, id).await?.is_some();
    let d = &inv.document;
    let items = cps_billing::invoice_items(d, i.lang);
    let money = |minor| Money::new(minor, d.currency).format(i.lang);
    let vat_label = match d.vat_treatment {
        VatKind::ReverseCharge => i.t("invoice-vat-reverse"),
        VatKind::OutsideEu => i.t("invoice-vat-outside"),
        VatKind::Domestic => i.t_args("invoice-vat", &[("rate", Arg::Num(d.vat_rate_bp / 100))]),
    };
    let mut page = Page::new(&m.ctx, "invoices-title", "invoices");
    page.title = if d.is_credit_note() {
        format!("{} {}", i.t("invoice-status-credit-note"), d.number)
    } else {
        i.t_args("invoice-title", &[("number", Arg::Str(d.number.clone()))])
    };
    Ok(render(&InvoicePage {
        page,
        id,
        seller_country: country_name(&d.seller.country, i.lang),
        buyer_country: country_name(&d.buyer.country, i.lang),
        issued: i.date(d.issued_on),
        due: i.date(d.due_on),
        period: format!("{} – {}", i.date(d.period_start), i.date(d.period_end)),
        net: money(d.net_minor),
        vat_label,
        vat: money(d.vat_minor),
        total: money(d.total_minor),
        bank: d.payment_method == PaymentMethod::BankTransfer,
        status: status(&i, inv.status),
        confirm,
        failure: failure.map(|code| {
            i.t(if code == "authentication_required" { "invoice-charge-auth" } else { "invoice-charge-declined" })
        }),
        // A SetupIntent only when there is something to pay with it.
        card_input: if failure_shown {
            crate::pages::membership::card_input(&state, &m, "").await?
        } else {
            crate::pages::membership::CardInput { stripe: None, cards: Vec::new(), selected: String::new() }
        },
        items,
        d,
    })?
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PayForm {
    card: String,
}

/// Pays an unpaid invoice with another card; the charge runs in the worker at once.
pub async fn pay(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
    crate::csrf::CsrfForm(f): crate::csrf::CsrfForm<PayForm>,
) -> Result<Response, AppError> {
    if m.user.role != cps_domain::mail::Role::Owner {
        return Err(AppError::Forbidden);
    }
    let card =
        crate::pages::membership::card_token(&state, m.user.business_id, &f.card).await?.ok_or(AppError::BadRequest)?;
    if !state.store().pay_invoice_with_card(m.user.business_id, id, &card, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(crate::pages::redirect_with_flash(&format!("/invoices/{id}"), "invoice-paying"))
}

/// The PDF/A-3 of the invoice, the UBL inside: the one kept when it was
/// issued, the same bytes whoever downloads it in whichever language.
pub async fn pdf(State(state): State<AppState>, m: Member, Path(id): Path<i64>) -> Result<Response, AppError> {
    let inv = state.store().invoice(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    pdf_response(&state, &inv).await
}

/// The kept PDF of an invoice as a download (members and staff).
pub(crate) async fn pdf_response(state: &AppState, inv: &cps_store::billing::Invoice) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{}.pdf\"", inv.document.number);
    let bytes = state.documents().invoice_pdf(inv).await.map_err(AppError::Internal)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// The e-invoice (EN 16931, Peppol BIS Billing 3.0 UBL) of an invoice.
pub async fn ubl(State(state): State<AppState>, m: Member, Path(id): Path<i64>) -> Result<Response, AppError> {
    let inv = state.store().invoice(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"{}.xml\"", inv.document.number);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        cps_domain::ubl::to_ubl(&inv.document),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "confirm_payment.html")]
struct ConfirmPage {
    page: Page,
    id: i64,
    number: String,
    amount: String,
    confirm: Option<Confirm>,
}

struct Confirm {
    key: String,
    js_url: String,
    client_secret: String,
    payment_method: String,
}

/// The PaymentIntent of an invoice that waits for the card holder, read
/// from Stripe: the one the last attempt recorded, and only if Stripe says
/// it belongs to this invoice.
async fn waiting_intent(
    state: &AppState,
    m: &Member,
    id: i64,
) -> Result<Option<cps_jobs::stripe::IntentState>, AppError> {
    let Some(stripe) = &state.config().stripe else { return Err(AppError::NotFound) };
    let Some(intent) = state.store().awaiting_confirmation(m.user.business_id, id).await? else { return Ok(None) };
    let read = stripe.payment_intent(&intent).await.map_err(AppError::Internal)?;
    Ok(read.filter(|pi| pi.invoice_id == Some(id)))
}

/// `GET /invoices/{id}/confirm-payment`, the link of the "confirm the
/// payment" mail: confirms the same PaymentIntent on-session with Stripe.js.
pub async fn confirm_payment(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if m.user.role != cps_domain::mail::Role::Owner {
        return Err(AppError::Forbidden);
    }
    let i = m.ctx.i;
    let inv = state.store().invoice(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    if state.config().stripe.is_none() {
        // The sandbox has no 3-D Secure to go through: the invoice page offers another card.
        return Ok(axum::response::Redirect::to(&format!("/invoices/{id}")).into_response());
    }
    let intent = waiting_intent(&state, &m, id).await?;
    let step = intent.as_ref().map(|pi| holder_step(&pi.status));
    if step == Some(HolderStep::Paid) {
        return Ok(axum::response::Redirect::to(&format!("/invoices/{id}/confirm-payment/done")).into_response());
    }
    let stripe = state.config().stripe.as_ref().ok_or(AppError::NotFound)?;
    let confirm = intent.filter(|_| step == Some(HolderStep::Confirm)).map(|pi| Confirm {
        key: stripe.config.publishable_key.clone(),
        js_url: stripe.config.js_url.clone(),
        client_secret: pi.client_secret,
        payment_method: pi.payment_method.unwrap_or_default(),
    });
    let mut page = Page::new(&m.ctx, "invoices-title", "invoices");
    page.title = i.t_args("invoice-confirm-title", &[("number", Arg::Str(inv.document.number.clone()))]);
    Ok(render(&ConfirmPage {
        page,
        id,
        amount: i.t_args("invoice-confirm-amount", &[("total", Arg::Str(inv.total().format(i.lang)))]),
        number: inv.document.number,
        confirm,
    })?
    .into_response())
}

/// Where Stripe.js sends the card holder after confirming: the
/// PaymentIntent is read back from Stripe (the browser's word counts for
/// nothing) and booked like its webhook would be.
pub async fn confirm_payment_done(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.store().invoice(m.user.business_id, id).await?.ok_or(AppError::NotFound)?;
    let Some(pi) = waiting_intent(&state, &m, id).await? else {
        return Ok(crate::pages::redirect_with_flash(&format!("/invoices/{id}"), "invoice-confirm-nothing"));
    };
    if holder_step(&pi.status) != HolderStep::Paid {
        return Ok(crate::pages::redirect_with_flash(&format!("/invoices/{id}"), "invoice-confirm-pending"));
    }
    let report = cps_store::payments::ReportedPayment {
        event_id: format!("confirmed:{}", pi.id),
        kind: "payment_intent.succeeded".into(),
        intent_id: pi.id,
        attempt_key: pi.attempt_key,
        amount_minor: pi.amount_minor,
        currency: pi.currency,
    };
    let outcome = state.store().apply_payment_webhook(&report, state.now()).await?;
    tracing::info!(invoice = id, ?outcome, "PaymentIntent confirmed on-session");
    let flash = match outcome {
        cps_store::payments::WebhookOutcome::Paid | cps_store::payments::WebhookOutcome::Noted => {
            "invoice-confirm-paid"
        }
        _ => "invoice-paying",
    };
    Ok(crate::pages::redirect_with_flash(&format!("/invoices/{id}"), flash))
}

/// Stripe's webhook: the signature is checked on the raw body, each event
/// is handled once, and a success is tied to the attempt that made its
/// PaymentIntent and checked (amount, currency, an open invoice) before it
/// settles anything; what does not fit goes to staff review. Events of the
/// other mode (live/test) are ignored. Anything unsigned or stale gets 400
/// and changes nothing.
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    use secrecy::ExposeSecret;
    let Some(stripe) = &state.config().stripe else { return Err(AppError::NotFound) };
    let secret = stripe.config.webhook_secret.expose_secret();
    if secret.trim().is_empty() {
        // The gateway refuses to be built without one; never verify against "".
        tracing::error!("Stripe webhook refused: payments.stripe.webhook_secret is empty");
        return Ok(axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response());
    }
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let event = match cps_jobs::stripe::verify_webhook(secret, signature, &body, state.now().timestamp()) {
        Ok(event) => event,
        Err(refused) => {
            tracing::warn!(?refused, "Stripe webhook refused");
            return Ok(axum::http::StatusCode::BAD_REQUEST.into_response());
        }
    };
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return Ok(axum::http::StatusCode::BAD_REQUEST.into_response());
    };
    if !cps_domain::card_payment::same_mode(stripe.live(), event["livemode"].as_bool()) {
        tracing::warn!(event = id, kind, livemode = ?event["livemode"], "Stripe event of the other mode ignored");
        return Ok(axum::http::StatusCode::OK.into_response());
    }
    let object = &event["data"]["object"];
    let report = if kind.starts_with("payment_intent.") {
        let Ok(pi) = cps_jobs::stripe::intent_state(object) else {
            return Ok(axum::http::StatusCode::BAD_REQUEST.into_response());
        };
        cps_store::payments::ReportedPayment {
            event_id: id.to_owned(),
            kind: kind.to_owned(),
            intent_id: pi.id,
            attempt_key: pi.attempt_key,
            amount_minor: pi.amount_minor,
            currency: pi.currency,
        }
    } else {
        cps_store::payments::ReportedPayment {
            event_id: id.to_owned(),
            kind: kind.to_owned(),
            intent_id: String::new(),
            attempt_key: None,
            amount_minor: 0,
            currency: String::new(),
        }
    };
    let outcome = state.store().apply_payment_webhook(&report, state.now()).await?;
    tracing::info!(event = id, kind, ?outcome, "Stripe webhook");
    Ok(axum::http::StatusCode::OK.into_response())
}
