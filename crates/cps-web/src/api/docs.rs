//! The API described: the OpenAPI 3.1 document generated from the handlers
//! and types (utoipa), at `/api/v1/openapi.json`, and a reference page made
//! from that same document at `/api/v1/docs` — plain HTML with the portal's
//! stylesheet, no script, nothing from elsewhere.

use super::{invoices, membership, products};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;
use std::fmt::Write;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CPS Member API",
        version = "1",
        description = "The member portal's products, points, tiers, membership and invoices for programs. \
                       Authenticate with a personal access token (account settings → API tokens) as \
                       `Authorization: Bearer <token>`. Errors are RFC 9457 problem details."
    ),
    paths(
        products::list,
        products::create,
        products::show,
        products::update,
        products::remove,
        membership::points,
        membership::tiers,
        membership::membership,
        invoices::list,
        invoices::show,
        invoices::pdf,
        invoices::ubl,
    ),
    components(schemas(super::Problem, super::FieldError)),
    modifiers(&BearerScheme),
    tags(
        (name = "products", description = "Registered products (`products:read`, `products:write`)"),
        (name = "points", description = "The points balance and ledger (`products:read`)"),
        (name = "membership", description = "Tiers and memberships (`membership:read`)"),
        (name = "invoices", description = "Invoices and their documents (`invoices:read`)"),
    )
)]
pub struct ApiDoc;

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cps_pat_…")
                    .description(Some("A personal access token made under account settings."))
                    .build(),
            ),
        );
    }
}

/// The document as served (built once).
fn document() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default())
}

/// `GET /api/v1/openapi.json`: public, like the reference page.
pub async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], document()).into_response()
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` with `code` spans (between backticks) marked up.
fn prose(text: &str) -> String {
    esc(text)
        .split('`')
        .enumerate()
        .map(|(n, part)| if n % 2 == 1 { format!("<code>{part}</code>") } else { part.to_owned() })
        .collect()
}

fn schema_name(v: &Value) -> String {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(items) = v.get("items") {
        return format!("array of {}", schema_name(items));
    }
    if let Some(one) = v.get("oneOf").and_then(Value::as_array) {
        return one.iter().map(schema_name).collect::<Vec<_>>().join(" or ");
    }
    match v.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" or "),
        Some(Value::String(t)) => {
            let format = v.get("format").and_then(Value::as_str).map(|f| format!(" ({f})")).unwrap_or_default();
            format!("{t}{format}")
        }
        _ => "any".to_owned(),
    }
}

/// What the guide says before the operations: how to authenticate, the
/// scopes, errors, pagination, rate limits and idempotency.
const GUIDE: &str = r#"
<section class="card" id="authentication"><h2>Authentication</h2>
<p>Make a personal access token under <a href="/account/tokens">Account settings → API tokens</a> (owners only). It is shown once; the portal keeps only a hash of it. Send it on every request as <code>Authorization: Bearer cps_pat_…</code>. A missing, unknown, revoked or expired token gets <code>401</code>. Session cookies are not accepted: a browser logged in to the portal cannot call the API, and the API sets no cookies.</p>
<h3 id="scopes">Scopes</h3>
<ul><li><code>products:read</code> — list and read products, the points balance and history</li>
<li><code>products:write</code> — register, change and remove products</li>
<li><code>invoices:read</code> — invoices, their PDF and UBL</li>
<li><code>membership:read</code> — tiers with what is missing, memberships</li></ul>
<p>A token without the scope an operation needs gets <code>403</code>. Another business's ids answer <code>404</code>.</p></section>
<section class="card" id="errors"><h2>Errors</h2>
<p>Every error is <code>application/problem+json</code> (RFC 9457): <code>type</code>, <code>title</code> (in the language of <code>Accept-Language</code>), <code>status</code>, <code>detail</code> and <code>errors</code>, a list of <code>{field, code, message}</code> for refused fields.</p>
<dl>
<dt id="problem-bad-request"><code>bad-request</code> (400)</dt><dd>The body is not JSON of the documented shape, or a query parameter or header is malformed.</dd>
<dt id="problem-unauthorized"><code>unauthorized</code> (401)</dt><dd>No valid bearer token.</dd>
<dt id="problem-forbidden"><code>forbidden</code> (403)</dt><dd>The token lacks the scope; <code>WWW-Authenticate</code> names it.</dd>
<dt id="problem-not-found"><code>not-found</code> (404)</dt><dd>No such thing of this business.</dd>
<dt id="problem-method-not-allowed"><code>method-not-allowed</code> (405)</dt><dd>The path does not take this method.</dd>
<dt id="problem-conflict"><code>conflict</code> (409)</dt><dd>The serial is registered already (by this business or another, which is never named).</dd>
<dt id="problem-idempotency-key-in-progress"><code>idempotency-key-in-progress</code> (409)</dt><dd>A request with the same key is being handled; try again.</dd>
<dt id="problem-too-large"><code>too-large</code> (413)</dt><dd>The body is larger than 64 KiB.</dd>
<dt id="problem-validation"><code>validation</code> (422)</dt><dd>A field is refused by the registration rules; see <code>errors</code>.</dd>
<dt id="problem-idempotency-key-reused"><code>idempotency-key-reused</code> (422)</dt><dd>The key was used before with another request.</dd>
<dt id="problem-rate-limited"><code>rate-limited</code> (429)</dt><dd>The token's requests per minute are used up; wait <code>Retry-After</code> seconds.</dd>
<dt id="problem-server-error"><code>server-error</code> (500)</dt><dd>Something went wrong on our side; it is logged.</dd>
</dl></section>
<section class="card" id="conventions"><h2>Pagination, caching, idempotency, rate limits</h2>
<p><strong>Pagination.</strong> <code>GET /api/v1/products</code> returns <code>items</code> and <code>next_cursor</code>; pass it as <code>?cursor=</code> for the next page (<code>limit</code> 1–100, default 50). <code>null</code> means the last page.</p>
<p><strong>Caching.</strong> Every read carries an <code>ETag</code>; send it back as <code>If-None-Match</code> and an unchanged resource answers <code>304 Not Modified</code> with no body.</p>
<p><strong>Idempotency.</strong> A <code>POST</code> may carry <code>Idempotency-Key</code> (up to 255 characters). The same key with the same JSON body answers the first response again and registers nothing twice; the same key with another body gets <code>422</code>. Keys are kept per token.</p>
<p><strong>Rate limits.</strong> Each token has a window of requests per minute (600 unless the operator set another). Every authenticated response carries <code>RateLimit-Policy: "per-token";q=600;w=60</code> and <code>RateLimit: "per-token";r=&lt;left&gt;;t=&lt;seconds to reset&gt;</code>; past the limit the answer is <code>429</code> with <code>Retry-After</code>.</p>
<p><strong>Document.</strong> The OpenAPI 3.1 document this page is made from: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></section>
"#;

fn render(doc: &Value) -> String {
    let mut h = String::new();
    let title = doc.pointer("/info/title").and_then(Value::as_str).unwrap_or("API");
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{t}</title><link rel=\"stylesheet\" \
         href=\"/static/app.css\"></head><body><main class=\"container\"><h1>{t}</h1><p>{d}</p>{GUIDE}",
        t = esc(title),
        d = prose(doc.pointer("/info/description").and_then(Value::as_str).unwrap_or("")),
    );
    h.push_str("<section class=\"card\" id=\"operations\"><h2>Operations</h2>");
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(ops) = item.as_object() else { continue };
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(op) = ops.get(method) else { continue };
                operation(&mut h, method, path, op);
            }
        }
    }
    h.push_str("</section><section class=\"card\" id=\"schemas\"><h2>Schemas</h2>");
    if let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, s) in schemas {
            let _ = write!(h, "<h3 id=\"schema-{0}\">{0}</h3>", esc(name));
            if let Some(d) = s.get("description").and_then(Value::as_str) {
                let _ = write!(h, "<p>{}</p>", prose(d));
            }
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                h.push_str("<table><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>");
                for (field, p) in props {
                    let req = if required.contains(&field.as_str()) { " (required)" } else { "" };
                    let _ = write!(
                        h,
                        "<tr><td><code>{}</code>{req}</td><td>{}</td><td>{}</td></tr>",
                        esc(field),
                        schema_name(p),
                        prose(p.get("description").and_then(Value::as_str).unwrap_or(""))
                    );
                }
                h.push_str("</tbody></table>");
            }
        }
    }
    h.push_str("</section></main></body></html>");
    h
}

fn operation(h: &mut String, method: &str, path: &str, op: &Value) {
    let text = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("");
    let _ = write!(
        h,
        "<h3 id=\"{id}\"><code>{m} {p}</code> — {s}</h3>",
        id = esc(text("operationId")),
        m = method.to_uppercase(),
        p = esc(path),
        s = esc(text("summary")),
    );
    if !text("description").is_empty() {
        let _ = write!(h, "<p>{}</p>", prose(text("description")));
    }
    let scopes: Vec<String> = op
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("bearer").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(|s| format!("<code>{}</code>", esc(s)))
        .collect();
    if !scopes.is_empty() {
        let _ = write!(h, "<p>Scope: {}</p>", scopes.join(", "));
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        h.push_str("<p>Parameters:</p><ul>");
        for p in params {
            let _ = write!(
                h,
                "<li><code>{}</code> ({}, {}) {}</li>",
                esc(p.get("name").and_then(Value::as_str).unwrap_or("")),
                esc(p.get("in").and_then(Value::as_str).unwrap_or("")),
                p.get("schema").map(schema_name).unwrap_or_default(),
                prose(p.get("description").and_then(Value::as_str).unwrap_or("")),
            );
        }
        h.push_str("</ul>");
    }
    if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
        let _ = write!(h, "<p>Body (<code>application/json</code>): {}</p>", schema_name(schema));
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        h.push_str("<p>Responses:</p><ul>");
        for (status, r) in responses {
            let body = r
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .map(|(ct, m)| {
                    let schema = m.get("schema").map(schema_name).unwrap_or_default();
                    format!(" — <code>{}</code> {schema}", esc(ct))
                })
                .unwrap_or_default();
            let _ = write!(
                h,
                "<li><code>{}</code> {}{body}</li>",
                esc(status),
                prose(r.get("description").and_then(Value::as_str).unwrap_or(""))
            );
        }
        h.push_str("</ul>");
    }
}

/// `GET /api/v1/docs`: the reference, made from the OpenAPI document.
pub async fn reference() -> Response {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let page = PAGE.get_or_init(|| render(&serde_json::from_str(document()).unwrap_or(Value::Null)));
    Html(page.as_str()).into_response()
}
