//! "Tillgängliga CPS-nivåer", checkout and "Medlemskap". Which tier is open
//! is decided by the domain rules; the server checks again at confirmation,
//! whatever the form says.

use crate::csrf::CsrfForm;
use crate::ctx::Member;
use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::view::{Page, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::membership::Standing as MembershipStanding;
use cps_domain::money::Currency;
use cps_domain::status::InvoiceStatus;
use cps_domain::tiers::{Tier, TierKind, switch_visible};
use cps_domain::vat::VatTreatment;
use cps_i18n::{Arg, I18n};
use cps_store::Failure;
use cps_store::billing::Invoice;
use cps_store::memberships::{CheckoutRefused, CheckoutRequest, Membership, PaymentMethod, Quote};

pub struct TierCard {
    pub code: String,
    pub name: String,
    pub price: String,
    pub benefits: Vec<String>,
    pub open: bool,
    pub missing: Vec<String>,
    pub current: bool,
    pub choose: String,
    /// The current tier in the last days of its term: it can be renewed.
    pub renew: Option<String>,
}

#[derive(Template)]
#[template(path = "tiers.html")]
struct TiersPage {
    page: Page,
    summary: String,
    below: Option<String>,
    switch: bool,
    business_view: bool,
    kind_heading: String,
    cards: Vec<TierCard>,
    current: Option<String>,
}

#[derive(Template)]
#[template(path = "checkout.html")]
struct CheckoutPage {
    page: Page,
    tier: TierCard,
    terms: Vec<(u32, String, bool)>,
    method: String,
    card_input: CardInput,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    page: Page,
    tier_code: String,
    tier_name: String,
    years: u32,
    term: String,
    period: String,
    method: String,
    method_label: String,
    card: String,
    card_label: Option<String>,
    bank: bool,
    lines: Vec<(String, String)>,
    total: String,
    key: String,
    /// "Er referens" for this order's invoice, the business's standing one to start with.
    buyer_reference: String,
}

#[derive(Template)]
#[template(path = "checkout_done.html")]
struct DonePage {
    page: Page,
    number: String,
    changed: Option<String>,
    period: String,
}

#[derive(Template)]
#[template(path = "membership.html")]
struct MembershipPage {
    page: Page,
    current: Option<MembershipView>,
    history: Vec<MembershipView>,
}

pub struct MembershipView {
    pub tier: String,
    pub number: String,
    pub status: String,
    pub period: String,
    pub benefits: Vec<String>,
    pub renewal: String,
}

fn benefits(i: &I18n, t: &Tier, price: &str) -> Vec<String> {
    let b = &t.benefits;
    let mut out = vec![
        i.t_args("benefit-repair-days", &[("days", Arg::Num(i64::from(b.repair_days)))]),
        i.t_args("benefit-repair-discount", &[("percent", Arg::Num(i64::from(b.repair_discount_percent)))]),
    ];
    if b.maintenance_allowance {
        out.push(format!("{} ({price})", i.t("benefit-maintenance")));
    }
    if b.loan_equipment {
        out.push(i.t("benefit-loan"));
    }
    if b.sensor_cleans > 0 {
        out.push(i.t_args("benefit-sensor", &[("count", Arg::Num(i64::from(b.sensor_cleans)))]));
    }
    out.push(i.t_args("benefit-support", &[("priority", Arg::Num(i64::from(b.support_priority)))]));
    out
}

struct Standing {
    points: i64,
    products: u32,
    currency: Currency,
    current: Option<Membership>,
    renewed: bool,
    today: chrono::NaiveDate,
}

async fn standing(state: &AppState, m: &Member) -> Result<Standing, AppError> {
    let today = state.now().date_naive();
    let held = state.store().member_reads(m.seen).standing(today).await?;
    let s = held.as_ref().as_ref().ok_or(AppError::NotFound)?;
    Ok(Standing {
        points: s.points,
        products: s.complete_products,
        currency: Currency::for_country(s.country),
        current: s.current.clone(),
        renewed: s.renewed,
        today,
    })
}

fn card(i: &I18n, t: &Tier, s: &Standing) -> TierCard {
    let yearly = t.price(s.currency, 1).map(|p| p.format(i.lang)).unwrap_or_default();
    let short = t.shortfall(s.points, s.products);
    let mut missing = Vec::new();
    if short.points > 0 {
        missing.push(i.t_args("tiers-missing-points", &[("points", Arg::Str(i.number(short.points)))]));
    }
    if short.products > 0 {
        missing.push(i.t_args("tiers-missing-products", &[("products", Arg::Num(i64::from(short.products)))]));
    }
    TierCard {
        code: t.code.clone(),
        name: t.name.clone(),
        price: i.t_args("tiers-per-year", &[("price", Arg::Str(yearly.clone()))]),
        benefits: benefits(i, t, &yearly),
        open: short.is_open(),
        missing,
        current: s.current.as_ref().is_some_and(|c| c.tier_code == t.code),
        choose: i.t_args("tiers-choose", &[("tier", Arg::Str(t.name.clone()))]),
        renew: s
            .current
            .as_ref()
            .filter(|c| c.tier_code == t.code && !s.renewed && cps_domain::membership::renewal_open(c.ends_on, s.today))
            .map(|c| {
                let starts = c.ends_on + chrono::Duration::days(1);
                i.t_args("tiers-renew", &[("tier", Arg::Str(t.name.clone())), ("starts", Arg::Str(i.date(starts)))])
            }),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TiersQuery {
    typ: String,
}

pub async fn tiers(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<TiersQuery>,
) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let s = standing(&state, &m).await?;
    let switch = switch_visible(s.points);
    let business_view = switch && q.typ == "foretag";
    let kind = if business_view { TierKind::Business } else { TierKind::Individual };
    let all = state.store().tiers().await?;
    let cards = all.iter().filter(|t| t.kind == kind).map(|t| card(&i, t, &s)).collect();
    let threshold = state.store().points_rules().invitation_threshold;
    let below = (s.points < threshold).then(|| {
        i.t_args(
            "tiers-below",
            &[("threshold", Arg::Str(i.number(threshold))), ("missing", Arg::Str(i.number(threshold - s.points)))],
        )
    });
    Ok(render(&TiersPage {
        page: Page::new(&m.ctx, "tiers-title", "tiers"),
        summary: i.t_args(
            "tiers-points",
            &[("points", Arg::Str(i.number(s.points))), ("products", Arg::Num(i64::from(s.products)))],
        ),
        below,
        switch,
        business_view,
        kind_heading: i.t(if business_view { "tiers-kind-business" } else { "tiers-kind-individual" }),
        cards,
        current: s.current.map(|c| {
            i.t_args("tiers-current", &[("tier", Arg::Str(c.tier_name)), ("ends", Arg::Str(i.date(c.ends_on)))])
        }),
    })?
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CheckoutQuery {
    tier: String,
    term: u32,
    method: String,
    /// The sandbox test card chosen (card payments).
    card: String,
}

/// A refused checkout (or quote) is shown on the checkout page; a tier
/// that does not exist is not found.
impl Refusal for CheckoutRefused {
    fn message(&self) -> &'static str {
        match self {
            CheckoutRefused::UnknownTier | CheckoutRefused::NoPrice => "checkout-refused-unknown",
            CheckoutRefused::NotQualified => "checkout-refused-not-qualified",
            CheckoutRefused::AlreadyMember => "checkout-refused-already",
            CheckoutRefused::Downgrade => "checkout-refused-downgrade",
            CheckoutRefused::CardMissing => "checkout-refused-card",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            CheckoutRefused::UnknownTier => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }
}

async fn find_tier(state: &AppState, code: &str) -> Result<Option<Tier>, AppError> {
    Ok(state.store().tiers().await?.into_iter().find(|t| t.code == code))
}

async fn checkout_page(
    state: &AppState,
    m: &Member,
    q: &CheckoutQuery,
    error: Option<String>,
) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let Some(tier) = find_tier(state, &q.tier).await? else { return Err(AppError::NotFound) };
    let s = standing(state, m).await?;
    let terms = cps_domain::tiers::TERMS
        .iter()
        .filter_map(|&years| {
            let price = tier.price(s.currency, years)?;
            let mut label = i.t_args(
                "checkout-term-option",
                &[("years", Arg::Num(i64::from(years))), ("price", Arg::Str(price.format(i.lang)))],
            );
            let discount = tier.discount_percent(years);
            if discount > 0 {
                label = format!("{label} {}", i.t_args("checkout-discount", &[("percent", Arg::Num(discount))]));
            }
            Some((years, label, years == q.term.max(1)))
        })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = CheckoutPage {
        page: Page::new(&m.ctx, "checkout-title", "tiers"),
        tier: card(&i, &tier, &s),
        terms,
        method: if q.method.is_empty() { PaymentMethod::Card.as_str().into() } else { q.method.clone() },
        card_input: card_input(state, m, &q.card).await?,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn checkout(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<CheckoutQuery>,
) -> Result<Response, AppError> {
    checkout_page(&state, &m, &q, None).await
}

/// How a card is given on a page: Stripe.js (publishable key, script
/// address) when Stripe is configured, else a choice of the sandbox's test
/// cards. Showing it calls nobody: the SetupIntent is asked for
/// ([`card_setup`]) when the member submits the card.
pub struct CardInput {
    pub stripe: Option<(String, String)>,
    pub cards: Vec<(&'static str, &'static str)>,
    pub selected: String,
}

pub async fn card_input(state: &AppState, _m: &Member, selected: &str) -> Result<CardInput, AppError> {
    if let Some(s) = &state.config().stripe {
        let stripe = Some((s.config.publishable_key.clone(), s.config.js_url.clone()));
        return Ok(CardInput { stripe, cards: Vec::new(), selected: String::new() });
    }
    Ok(CardInput { stripe: None, cards: cps_jobs::payments::SANDBOX_CARDS.to_vec(), selected: selected.to_owned() })
}

/// `POST /cards/setup`, from the card step's script (same origin, with the
/// CSRF token) when the owner submits a card: the client secret of a
/// SetupIntent for the business — the one made last if it still waits for
/// a card, else a new one.
pub async fn card_setup(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let Some(stripe) = &state.config().stripe else { return Err(AppError::NotFound) };
    // Only owners commit the business to a payment.
    if m.user.role != cps_domain::mail::Role::Owner {
        return Err(AppError::Forbidden);
    }
    let business = m.user.business_id;
    let mut reusable = None;
    if let Some(id) = state.store().newest_setup_intent(business).await? {
        reusable = stripe
            .setup_intent_state(&id)
            .await
            .map_err(AppError::Internal)?
            .filter(|(status, _)| cps_domain::card_setup::reusable(status))
            .map(|(_, secret)| secret);
    }
    let client_secret = match reusable {
        Some(secret) => secret,
        None => {
            let customer = state.store().stripe_customer(business).await?;
            let si = stripe
                .create_setup_intent(m.user.email.as_str(), business, customer)
                .await
                .map_err(AppError::Internal)?;
            state.store().remember_setup_intent(&si.id, business, &si.customer, state.now()).await?;
            si.client_secret
        }
    };
    Ok(axum::Json(serde_json::json!({ "client_secret": client_secret })).into_response())
}

/// The saved card a form names: a SetupIntent made for this business and
/// confirmed with Stripe, or a sandbox test card.
pub async fn card_token(
    state: &AppState,
    business_id: i64,
    reference: &str,
) -> Result<Option<cps_store::payments::CardToken>, AppError> {
    match &state.config().stripe {
        Some(s) => {
            if !state.store().setup_intent_is_ours(reference, business_id).await? {
                return Ok(None);
            }
            s.saved_card(reference).await.map_err(AppError::Internal)
        }
        None => Ok(sandbox_card(reference)),
    }
}

/// A sandbox test card by its reference.
pub fn sandbox_card(reference: &str) -> Option<cps_store::payments::CardToken> {
    cps_jobs::payments::SANDBOX_CARDS.iter().find(|(r, _)| *r == reference).map(|(r, label)| {
        cps_store::payments::CardToken {
            gateway: "sandbox".into(),
            reference: (*r).to_owned(),
            label: format!("{label} (sandbox)"),
        }
    })
}

fn quote_lines(i: &I18n, q: &Quote) -> Vec<(String, String)> {
    let mut lines = vec![(i.t("checkout-list-price"), q.list_price.format(i.lang))];
    if q.credit.minor > 0 {
        lines.push((
            i.t("checkout-credit"),
            cps_domain::money::Money::new(-q.credit.minor, q.credit.currency).format(i.lang),
        ));
    }
    lines.push((i.t("checkout-net"), q.net.format(i.lang)));
    let vat_label = match q.vat {
        VatTreatment::Domestic { rate_bp } => i.t_args("checkout-vat", &[("rate", Arg::Num(rate_bp / 100))]),
        VatTreatment::ReverseCharge => i.t("checkout-vat-reverse"),
        VatTreatment::OutsideEu => i.t("checkout-vat-outside"),
    };
    lines.push((vat_label, q.vat_amount.format(i.lang)));
    lines
}

pub async fn review(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<CheckoutQuery>,
) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let Some(tier) = find_tier(&state, &q.tier).await? else { return Err(AppError::NotFound) };
    let Some(method) = PaymentMethod::parse(&q.method) else {
        return checkout_page(&state, &m, &q, Some(i.t("checkout-method-legend"))).await;
    };
    let s = standing(&state, &m).await?;
    if !tier.shortfall(s.points, s.products).is_open() {
        return checkout_page(&state, &m, &q, Some(i.t(CheckoutRefused::NotQualified.message()))).await;
    }
    let today = state.now().date_naive();
    let quote = match state.store().quote(m.user.business_id, &tier, q.term, today).await {
        Ok(quote) => quote,
        Err(f) => return checkout_page(&state, &m, &q, Some(i.t(f.refusal()?.message()))).await,
    };
    let method_label = i.t(if method == PaymentMethod::Card { "checkout-method-card" } else { "checkout-method-bank" });
    let card =
        if method == PaymentMethod::Card { card_token(&state, m.user.business_id, &q.card).await? } else { None };
    if method == PaymentMethod::Card && card.is_none() {
        return checkout_page(&state, &m, &q, Some(i.t(CheckoutRefused::CardMissing.message()))).await;
    }
    Ok(render(&ReviewPage {
        page: Page::new(&m.ctx, "checkout-review-title", "tiers"),
        tier_code: tier.code.clone(),
        tier_name: tier.name.clone(),
        years: q.term,
        term: i.t_args(
            "checkout-term-option",
            &[("years", Arg::Num(i64::from(q.term))), ("price", Arg::Str(quote.list_price.format(i.lang)))],
        ),
        period: i.t_args(
            "checkout-period",
            &[("start", Arg::Str(i.date(quote.starts_on))), ("end", Arg::Str(i.date(quote.ends_on)))],
        ),
        method: method.as_str().to_owned(),
        method_label,
        card: q.card.clone(),
        card_label: card.filter(|_| method == PaymentMethod::Card).map(|c| c.label),
        bank: method == PaymentMethod::BankTransfer,
        lines: quote_lines(&i, &quote),
        total: quote.total.format(i.lang),
        // One key per review page: a resubmission of this page is the same order.
        key: cps_store::tokens::Secret::generate().plain,
        buyer_reference: state.store().buyer_reference(m.user.business_id).await?.unwrap_or_default(),
    })?
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    tier: String,
    term: u32,
    method: String,
    card: String,
    key: String,
    buyer_reference: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    m: Member,
    CsrfForm(f): CsrfForm<ConfirmForm>,
) -> Result<Response, AppError> {
    // Only owners commit the business to a payment.
    if m.user.role != cps_domain::mail::Role::Owner {
        return Err(AppError::Forbidden);
    }
    let i = m.ctx.i;
    let method = PaymentMethod::parse(&f.method).ok_or(AppError::BadRequest)?;
    if f.key.len() < 32 || f.key.len() > 128 {
        return Err(AppError::BadRequest);
    }
    let buyer_reference = match cps_domain::billing::parse_buyer_reference(&f.buyer_reference) {
        Ok(r) => r,
        Err(message) => {
            let q = CheckoutQuery { tier: f.tier, term: f.term, method: f.method, card: f.card };
            let mut res = checkout_page(&state, &m, &q, Some(i.t(message))).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    };
    let req = CheckoutRequest {
        business_id: m.user.business_id,
        user_id: m.user.id,
        idempotency_key: &f.key,
        tier_code: &f.tier,
        years: f.term,
        method,
        card: if method == PaymentMethod::Card { card_token(&state, m.user.business_id, &f.card).await? } else { None },
        buyer_reference: buyer_reference.as_deref(),
    };
    match state.store().checkout(&req, state.now()).await {
        Ok(done) => Ok(Redirect::to(&format!("/checkout/done/{}", done.order_id)).into_response()),
        // Shown on the checkout page; an unknown tier is not found (the default).
        Err(Failure::Refused(refused)) if refused.status() != StatusCode::NOT_FOUND => {
            let q = CheckoutQuery { tier: f.tier, term: f.term, method: f.method, card: f.card };
            let mut res = checkout_page(&state, &m, &q, Some(i.t(refused.message()))).await?;
            *res.status_mut() = refused.status();
            Ok(res)
        }
        Err(failure) => Err(failure.into()),
    }
}

pub async fn done(State(state): State<AppState>, m: Member, Path(order): Path<i64>) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let ms = state.store().membership_by_order(m.user.business_id, order).await?.ok_or(AppError::NotFound)?;
    let number = ms.number.display();
    let mut page = Page::new(&m.ctx, "checkout-done-title", "membership");
    page.title = i.t_args("checkout-done-title", &[("tier", Arg::Str(ms.tier_name.clone()))]);
    Ok(render(&DonePage {
        page,
        changed: ms.previous_number.as_ref().map(|old| {
            i.t_args("membership-number-changed", &[("old", Arg::Str(old.clone())), ("new", Arg::Str(number.clone()))])
        }),
        number,
        period: i.t_args(
            "checkout-period",
            &[("start", Arg::Str(i.date(ms.starts_on))), ("end", Arg::Str(i.date(ms.ends_on)))],
        ),
    })?
    .into_response())
}

/// A membership's standing as shown to members and staff (the stored status
/// is never shown): an unpaid invoice of its order decides "payment due" and
/// "overdue".
pub fn membership_standing(ms: &Membership, invoices: &[Invoice], today: chrono::NaiveDate) -> MembershipStanding {
    let unpaid = invoices.iter().find(|inv| inv.order_id == Some(ms.order_id) && inv.status == InvoiceStatus::Issued);
    MembershipStanding::of(ms.status, (ms.starts_on, ms.ends_on), unpaid.map(|inv| inv.document.due_on), today)
}

fn view(
    i: &I18n,
    ms: &Membership,
    tiers: &[Tier],
    currency: Currency,
    today: chrono::NaiveDate,
    invoices: &[Invoice],
) -> MembershipView {
    let status = membership_standing(ms, invoices, today).message_id();
    let tier = tiers.iter().find(|t| t.code == ms.tier_code);
    let yearly = tier.and_then(|t| t.price(currency, 1)).map(|p| p.format(i.lang)).unwrap_or_default();
    MembershipView {
        tier: ms.tier_name.clone(),
        number: ms.number.display(),
        status: i.t(status),
        period: i.t_args(
            "checkout-period",
            &[("start", Arg::Str(i.date(ms.starts_on))), ("end", Arg::Str(i.date(ms.ends_on)))],
        ),
        benefits: tier.map(|t| benefits(i, t, &yearly)).unwrap_or_default(),
        renewal: i.t_args("membership-renewal", &[("ends", Arg::Str(i.date(ms.ends_on)))]),
    }
}

pub async fn show(State(state): State<AppState>, m: Member) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let today = state.now().date_naive();
    let currency = Currency::for_country(m.country);
    let tiers = state.store().tiers().await?;
    let reads = state.store().member_reads(m.seen);
    let all = reads.memberships().await?;
    let invoices = reads.invoices().await?;
    let current_id = all.iter().find(|x| x.is_current(today)).map(|x| x.id);
    let current =
        all.iter().find(|x| Some(x.id) == current_id).map(|x| view(&i, x, &tiers, currency, today, &invoices));
    let history = all
        .iter()
        .filter(|x| Some(x.id) != current_id)
        .map(|x| view(&i, x, &tiers, currency, today, &invoices))
        .collect();
    Ok(render(&MembershipPage { page: Page::new(&m.ctx, "membership-title", "membership"), current, history })?
        .into_response())
}
