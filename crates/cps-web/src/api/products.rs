//! `/api/v1/products`: the business's registered products. Registering,
//! changing and removing go through the same rules and store operations as
//! the "Mina produkter" forms (`cps_domain::product::parse_details`,
//! `Store::register_product`, `update_product`, `remove_product`).

use super::{ApiError, Problem, json_read, parse_body, path_id, require};
use crate::refusal::IntoApiError;
use crate::state::AppState;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cps_domain::api::Scope;
use cps_domain::product::{Missing, ProductInput, parse_details};
use cps_store::api::{ApiCaller, IdempotencyKey, Keyed, SavedResponse};
use cps_store::products::{Actor, ProductView, RegisterRefused};
use sha2::{Digest, Sha256};

/// A registered product.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Product {
    pub id: i64,
    /// The catalogue's model code.
    pub model: String,
    pub model_name: String,
    pub serial: Option<String>,
    /// `YYYY-MM-DD`.
    pub purchase_date: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub purchase_country: Option<String>,
    pub retailer: Option<String>,
    /// All four details are given: the product earns its points.
    pub complete: bool,
    /// The details still missing: `serial`, `purchase_date`, `purchase_country`, `retailer`.
    pub missing: Vec<String>,
    /// What the points ledger gives this product now.
    pub points_held: i64,
    /// What the catalogue gives a complete product of this model.
    pub catalogue_points: i64,
}

/// A page of products, newest registration first.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProductPage {
    pub items: Vec<Product>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A product to register: the model and whatever details are known.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NewProduct {
    /// The catalogue's model code (for example `EOS-R5`).
    #[schema(example = "EOS-R5")]
    pub model: String,
    #[serde(default)]
    #[schema(example = "0312-0456-7890")]
    pub serial: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    #[serde(default)]
    #[schema(example = "2024-03-15")]
    pub purchase_date: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    #[schema(example = "SE")]
    pub purchase_country: Option<String>,
    #[serde(default)]
    #[schema(example = "Kamerahuset")]
    pub retailer: Option<String>,
}

/// A product's details, all of them (a missing or `null` one is cleared).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ProductDetailsIn {
    #[serde(default)]
    pub serial: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    #[serde(default)]
    pub purchase_date: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub purchase_country: Option<String>,
    #[serde(default)]
    pub retailer: Option<String>,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// How many products a page holds (1–100, 50 unless given).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

fn missing_name(m: Missing) -> &'static str {
    match m {
        Missing::Serial => "serial",
        Missing::PurchaseDate => "purchase_date",
        Missing::PurchaseCountry => "purchase_country",
        Missing::Retailer => "retailer",
    }
}

pub(crate) fn product_of(p: &ProductView) -> Product {
    let d = &p.details;
    Product {
        id: p.id,
        model: p.model_code.clone(),
        model_name: p.model_name.clone(),
        serial: d.serial.as_ref().map(ToString::to_string),
        purchase_date: d.purchase_date.map(super::date),
        purchase_country: d.purchase_country.map(|c| c.code().to_owned()),
        retailer: d.retailer.clone(),
        complete: p.is_complete(),
        missing: p.missing().into_iter().map(|m| missing_name(m).to_owned()).collect(),
        points_held: p.points_held,
        catalogue_points: p.catalogue_points,
    }
}

fn input_of(model: String, d: ProductDetailsIn) -> ProductInput {
    ProductInput {
        model,
        serial: d.serial.unwrap_or_default(),
        purchase_date: d.purchase_date.unwrap_or_default(),
        purchase_country: d.purchase_country.unwrap_or_default(),
        retailer: d.retailer.unwrap_or_default(),
    }
}

#[utoipa::path(
    get, path = "/api/v1/products", tag = "products",
    summary = "List the registered products",
    params(ListQuery, ("If-None-Match" = Option<String>, Header, description = "An ETag of this page seen before")),
    responses(
        (status = 200, description = "A page of products", body = ProductPage),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:read`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:read"]))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsRead)?;
    let Ok(Query(q)) = query else { return Err(ApiError::BadRequest("api-problem-query-detail")) };
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest("api-problem-limit-detail"));
    }
    let before = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(cps_domain::api::decode_cursor(c).ok_or(ApiError::BadRequest("api-problem-cursor-detail"))?),
    };
    let limit = u64::try_from(limit).unwrap_or(50);
    // One more than asked: whether there is a next page.
    let mut rows = state.store().products_page(caller.business_id, before, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(50));
    let next_cursor = if more { rows.last().map(|p| cps_domain::api::encode_cursor(p.id)) } else { None };
    json_read(&headers, &ProductPage { items: rows.iter().map(product_of).collect(), next_cursor })
}

#[utoipa::path(
    get, path = "/api/v1/products/{id}", tag = "products",
    summary = "One registered product",
    params(("id" = i64, Path, description = "The product's id"), ("If-None-Match" = Option<String>, Header, description = "An ETag seen before")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product of this business", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:read"]))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsRead)?;
    let id = path_id(&id)?;
    let p = state.store().product(caller.business_id, id).await?.ok_or(ApiError::NotFound)?;
    json_read(&headers, &product_of(&p))
}

/// The key of a POST, if it carries one.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let key = v.to_str().map_err(|_| ApiError::BadRequest("api-problem-key-detail"))?.trim();
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::BadRequest("api-problem-key-detail"));
    }
    Ok(Some(key.to_owned()))
}

fn saved_of(p: &ProductView) -> SavedResponse {
    SavedResponse {
        status: 201,
        body: serde_json::to_string(&product_of(p)).unwrap_or_default(),
        location: Some(format!("/api/v1/products/{}", p.id)),
    }
}

fn created(saved: SavedResponse) -> Response {
    let mut res = (StatusCode::from_u16(saved.status).unwrap_or(StatusCode::CREATED), saved.body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(l) = saved.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        res.headers_mut().insert(header::LOCATION, l);
    }
    res
}

#[utoipa::path(
    post, path = "/api/v1/products", tag = "products",
    summary = "Register a product",
    description = "The same rules as the registration form. With an `Idempotency-Key`, the same key and the same \
                   body answer the first response again and register nothing twice.",
    request_body = NewProduct,
    params(("Idempotency-Key" = Option<String>, Header, description = "Up to 255 characters, unique per request")),
    responses(
        (status = 201, description = "Registered", body = Product, headers(("Location" = String, description = "The product"))),
        (status = 400, description = "The body is not a product, or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:write`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The serial is registered already, or the key is in use right now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is refused, or the key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:write"]))
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsWrite)?;
    let key = idempotency_key(&headers)?;
    let new: NewProduct = parse_body(&body)?;
    let input = input_of(
        new.model,
        ProductDetailsIn {
            serial: new.serial,
            purchase_date: new.purchase_date,
            purchase_country: new.purchase_country,
            retailer: new.retailer,
        },
    );
    // What the form does: the model, then the details by its rules.
    let Some(item) = state.store().catalogue_item(&input.model).await? else {
        return Err(RegisterRefused::UnknownModel.into_api_error());
    };
    let now = state.now();
    let details = parse_details(&input, &item, now.date_naive()).map_err(ApiError::Validation)?;
    let actor = Actor::Member(caller.user_id);
    let Some(key) = key else {
        let id = state.store().register_product(caller.business_id, &item.model_code, &details, actor, now).await?;
        let p = state.store().product(caller.business_id, id).await?.ok_or(ApiError::NotFound)?;
        return Ok(created(saved_of(&p)));
    };
    // The same request: the same JSON, whatever its spacing or key order.
    let canonical = serde_json::from_slice::<serde_json::Value>(&body).map(|v| v.to_string()).unwrap_or_default();
    let request_hash = hex::encode(Sha256::digest(format!("POST /api/v1/products\n{canonical}").as_bytes()));
    let key = IdempotencyKey { token_id: caller.token_id, key: &key, request_hash: &request_hash };
    // A refusal is answered, not saved (see `register_product_keyed`).
    let outcome = state
        .store()
        .register_product_keyed(key, caller.business_id, &item.model_code, &details, actor, now, saved_of)
        .await?;
    match outcome {
        Keyed::Fresh(saved) | Keyed::Replay(saved) => Ok(created(saved)),
        Keyed::KeyReused => Err(ApiError::KeyReused),
        Keyed::InProgress => Err(ApiError::InProgress),
    }
}

#[utoipa::path(
    put, path = "/api/v1/products/{id}", tag = "products",
    summary = "Change a product's details",
    description = "The same rules as the product form: becoming complete earns the catalogue's points, becoming \
                   incomplete gives them back.",
    request_body = ProductDetailsIn,
    params(("id" = i64, Path, description = "The product's id")),
    responses(
        (status = 200, description = "Saved", body = Product),
        (status = 400, description = "The body is not a product's details", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The serial is registered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is refused", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:write"]))
)]
pub async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsWrite)?;
    let id = path_id(&id)?;
    let p = state.store().product(caller.business_id, id).await?.ok_or(ApiError::NotFound)?;
    let input = input_of(p.model_code.clone(), parse_body(&body)?);
    // A model withdrawn from the catalogue can still be completed.
    let item = state.store().catalogue_item(&p.model_code).await?.ok_or(ApiError::NotFound)?;
    let now = state.now();
    let details = parse_details(&input, &item, now.date_naive()).map_err(ApiError::Validation)?;
    state.store().update_product(caller.business_id, id, &details, Actor::Member(caller.user_id), now).await?;
    let p = state.store().product(caller.business_id, id).await?.ok_or(ApiError::NotFound)?;
    Ok(axum::Json(product_of(&p)).into_response())
}

#[utoipa::path(
    delete, path = "/api/v1/products/{id}", tag = "products",
    summary = "Remove a product",
    description = "Its points go back and its serial is free again.",
    params(("id" = i64, Path, description = "The product's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `products:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product of this business", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["products:write"]))
)]
pub async fn remove(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&caller, Scope::ProductsWrite)?;
    let id = path_id(&id)?;
    state.store().remove_product(caller.business_id, id, Actor::Member(caller.user_id), state.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
