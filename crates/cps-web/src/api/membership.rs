//! `/api/v1/points`, `/api/v1/tiers` and `/api/v1/membership`: the balance
//! and its history, each tier with what is missing to reach it (the same
//! `Tier::shortfall` the tiers page shows), and the memberships.

use super::{ApiError, Problem, date, instant, json_read, require};
use crate::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use cps_domain::api::Scope;
use cps_domain::money::Currency;
use cps_store::api::ApiCaller;
use cps_store::memberships::Membership as StoredMembership;

/// The points balance and every ledger entry behind it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Points {
    pub balance: i64,
    /// Newest first.
    pub history: Vec<LedgerEntry>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LedgerEntry {
    /// RFC 3339.
    pub at: String,
    /// `allocation`, `reversal`, `adjustment` or `decline`.
    pub kind: String,
    pub amount: i64,
    pub reason: Option<String>,
    /// The product's model name.
    pub product: Option<String>,
    pub serial: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Tiers {
    pub points: i64,
    pub complete_products: u32,
    pub tiers: Vec<TierStatus>,
}

/// A tier, and what this business still lacks for it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TierStatus {
    pub code: String,
    /// `individual` or `business`.
    pub kind: String,
    pub name: String,
    pub points_needed: i64,
    pub products_needed: Option<u32>,
    /// The yearly net price in the business's currency, in minor units (öre, cent).
    pub price_per_year_minor: Option<i64>,
    pub currency: String,
    /// Nothing is missing: the tier can be bought.
    pub open: bool,
    pub missing_points: i64,
    pub missing_products: u32,
    /// The business's current membership is of this tier.
    pub current: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Memberships {
    pub current: Option<MembershipOut>,
    /// Every membership, newest first (the current one included).
    pub all: Vec<MembershipOut>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MembershipOut {
    pub id: i64,
    /// `CPS 1000001-8`.
    pub number: String,
    pub tier_code: String,
    pub tier_name: String,
    pub kind: String,
    pub term_years: u32,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
}

#[utoipa::path(
    get, path = "/api/v1/points", tag = "points",
    summary = "The points balance and its history",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "Balance and ledger", body = Points),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:read"]))
)]
pub async fn points(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsRead)?;
    let b = caller.business_id;
    let (lines, balance) = state.store().ledger(b).await?;
    let history = lines
        .into_iter()
        .map(|l| LedgerEntry {
            at: instant(l.at),
            kind: l.kind.as_str().to_owned(),
            amount: l.amount,
            reason: l.reason,
            product: l.product,
            serial: l.serial,
        })
        .collect();
    json_read(&headers, &Points { balance, history })
}

#[utoipa::path(
    get, path = "/api/v1/tiers", tag = "membership",
    summary = "The tiers, each with what is missing to reach it",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "The tiers", body = Tiers),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `membership:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["membership:read"]))
)]
pub async fn tiers(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require(&caller, Scope::MembershipRead)?;
    let b = caller.business_id;
    let standing = state.store().standing(b, state.now().date_naive()).await?.ok_or(ApiError::NotFound)?;
    let currency = Currency::for_country(standing.country);
    let (points, products, current) = (standing.points, standing.complete_products, standing.current);
    let tiers = state
        .store()
        .tiers()
        .await?
        .iter()
        .map(|t| {
            let short = t.shortfall(points, products);
            TierStatus {
                code: t.code.clone(),
                kind: t.kind.as_str().to_owned(),
                name: t.name.clone(),
                points_needed: t.points_needed(),
                products_needed: t.min_products,
                price_per_year_minor: t.price(currency, 1).map(|m| m.minor),
                currency: currency.code().to_owned(),
                open: short.is_open(),
                missing_points: short.points,
                missing_products: short.products,
                current: current.as_ref().is_some_and(|c| c.tier_code == t.code),
            }
        })
        .collect();
    json_read(&headers, &Tiers { points, complete_products: products, tiers })
}

fn membership_of(m: &StoredMembership) -> MembershipOut {
    MembershipOut {
        id: m.id,
        number: m.number.display(),
        tier_code: m.tier_code.clone(),
        tier_name: m.tier_name.clone(),
        kind: m.kind.clone(),
        term_years: m.term_years,
        starts_on: date(m.starts_on),
        ends_on: date(m.ends_on),
        status: m.status.as_str().to_owned(),
    }
}

#[utoipa::path(
    get, path = "/api/v1/membership", tag = "membership",
    summary = "The current membership and every earlier one",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "Memberships", body = Memberships),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `membership:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["membership:read"]))
)]
pub async fn membership(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require(&caller, Scope::MembershipRead)?;
    let today = state.now().date_naive();
    let all = state.store().memberships(caller.business_id).await?;
    let current = all.iter().find(|m| m.is_current(today)).map(membership_of);
    json_read(&headers, &Memberships { current, all: all.iter().map(membership_of).collect() })
}
