//! The member API (`/api/v1`): personal access tokens made under account
//! settings, every operation with the scope it needs, revoked and expired
//! tokens, another business's ids, idempotent POST, ETag/304, the per-token
//! rate limit, and that a browser's session cookie is no way in.

use crate::harness::{Browser, Options, TestApp, TestResponse, test_staff};
use axum::body::Body;
use axum::http::{StatusCode, header};
use chrono::Duration;
use cps_store::memberships::{CheckoutRequest, PaymentMethod};
use serde_json::{Value, json};

const PASSWORD: &str = "fyra ord i rad kamera";
const ALL: [&str; 4] = ["products:read", "products:write", "invoices:read", "membership:read"];

/// Makes a token on the tokens page as the owner and reads it off the page.
async fn make_token(b: &mut Browser, name: &str, scopes: &[&str], days: &str) -> String {
    let mut fields = vec![("name", name), ("expiry_days", days)];
    fields.extend(scopes.iter().map(|s| ("scope", *s)));
    let res = b.post_form("/account/tokens", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let at = res.body.find("value=\"cps_pat_").expect("the new token is shown") + "value=\"".len();
    res.body[at..].chars().take_while(|c| *c != '"').collect()
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut b = app.browser();
    if let Some((_, lang)) = headers.iter().find(|(k, _)| *k == "accept-language") {
        b.lang = (*lang).to_owned();
    }
    let mut req = b.request(method, path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    for (k, v) in headers.iter().filter(|(k, _)| *k != "accept-language") {
        req = req.header(*k, *v);
    }
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    b.send(req.body(body).expect("request")).await
}

fn json_of(res: &TestResponse) -> Value {
    serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("JSON ({e}): {}", res.body))
}

fn assert_problem(res: &TestResponse, status: StatusCode) -> Value {
    assert_eq!(res.status, status, "{}", res.body);
    assert_eq!(res.header("content-type"), Some("application/problem+json"), "{}", res.body);
    let p = json_of(res);
    assert_eq!(p["status"], status.as_u16());
    assert!(p["type"].as_str().is_some_and(|t| t.starts_with("/api/v1/docs#problem-")), "{p}");
    p
}

fn complete(model: &str, serial: &str) -> Value {
    json!({"model": model, "serial": serial, "purchase_date": "2023-05-02", "purchase_country": "SE", "retailer": "Fotohandeln"})
}

#[tokio::test]
async fn a_token_is_shown_once_listed_with_its_last_use_and_every_use_is_audited() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let settings = b.get("/account").await;
    assert!(settings.body.contains("href=\"/account/tokens\""), "owners find the tokens from the settings");

    let refused = b.post_form("/account/tokens", &[("name", ""), ("expiry_days", "7")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Ge nyckeln ett namn."));
    assert!(refused.body.contains("Välj minst en behörighet."));

    let token = make_token(&mut b, "Lagersystemet", &["products:read"], "30").await;
    assert!(token.starts_with("cps_pat_") && token.len() > 60);
    let list = b.get("/account/tokens").await;
    assert!(!list.body.contains(&token), "shown once only");
    assert!(list.body.contains("Lagersystemet") && list.body.contains("products:read"));
    assert!(list.body.contains("Aldrig"), "never used yet");

    let res = call(&app, "GET", "/api/v1/products", &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let list = b.get("/account/tokens").await;
    assert!(!list.body.contains("Aldrig"), "the last use is shown");

    let audit = app.store.audit_log("api_token", 50).await.expect("audit");
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"api_token.create"), "{actions:?}");
    let uses: Vec<_> = audit.iter().filter(|a| a.action == "api_token.use").collect();
    assert_eq!(uses.len(), 1);
    assert!(uses[0].after.as_deref().is_some_and(|a| a.contains("/api/v1/products") && a.contains("GET")));
    // The plain token is nowhere in the database's audit trail.
    assert!(audit.iter().all(|a| !a.after.as_deref().unwrap_or("").contains(&token)));
}

#[tokio::test]
async fn products_are_registered_changed_and_removed_by_the_forms_rules() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;

    // Incomplete: registered, no points — as the form does.
    let res = call(
        &app,
        "POST",
        "/api/v1/products",
        &token,
        Some(json!({"model": "EOS-5D-MK3", "serial": "0123-4567-8901"})),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let p = json_of(&res);
    let id = p["id"].as_i64().expect("id");
    assert_eq!(res.location(), Some(format!("/api/v1/products/{id}").as_str()));
    assert_eq!(p["complete"], false);
    assert_eq!(p["missing"], json!(["purchase_date", "purchase_country", "retailer"]));
    assert_eq!(p["points_held"], 0);
    let page = b.get("/products").await;
    assert!(page.body.contains("EOS 5D Mark III"), "the member sees what the API registered");

    // Completed with PUT: the catalogue's points, as the form gives.
    let res = call(&app, "PUT", &format!("/api/v1/products/{id}"), &token, Some(json!({"serial": "0123-4567-8901", "purchase_date": "2014-03", "purchase_country": "SE", "retailer": "Foto AB"})), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(json_of(&res)["complete"], true);
    assert_eq!(json_of(&res)["points_held"], 235);
    let res = call(&app, "GET", "/api/v1/points", &token, None, &[]).await;
    let points = json_of(&res);
    assert_eq!(points["balance"], 235);
    assert_eq!(points["history"][0]["kind"], "allocation");

    // The form's refusals, field by field, in the caller's language.
    let res = call(
        &app,
        "POST",
        "/api/v1/products",
        &token,
        Some(json!({"model": "EOS-5D-MK3", "serial": "x"})),
        &[("accept-language", "en")],
    )
    .await;
    let p = assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "serial");
    assert_eq!(p["errors"][0]["code"], "error-serial-format");
    assert!(p["title"].as_str().is_some_and(|t| t.starts_with("The details")), "{p}");
    let res = call(&app, "POST", "/api/v1/products", &token, Some(json!({"model": "NO-SUCH-MODEL"})), &[]).await;
    assert_eq!(assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "model");
    let res = call(
        &app,
        "POST",
        "/api/v1/products",
        &token,
        Some(json!({"model": "EOS-5D-MK3", "serial": "0123-4567-8901"})),
        &[],
    )
    .await;
    assert_eq!(assert_problem(&res, StatusCode::CONFLICT)["errors"][0]["code"], "error-serial-taken-here");
    let res = call(&app, "POST", "/api/v1/products", &token, Some(json!({"serial": 5})), &[]).await;
    assert_problem(&res, StatusCode::BAD_REQUEST);

    // Removed: the points go back, the product is gone.
    let res = call(&app, "DELETE", &format!("/api/v1/products/{id}"), &token, None, &[]).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(app.store.balance(1).await.expect("balance"), 0);
    assert_problem(
        &call(&app, "GET", &format!("/api/v1/products/{id}"), &token, None, &[]).await,
        StatusCode::NOT_FOUND,
    );
    assert_problem(&call(&app, "GET", "/api/v1/products/abc", &token, None, &[]).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lists_go_page_by_page_with_a_cursor() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;
    for n in 0..5 {
        let serial = format!("0123-4567-890{n}");
        let res =
            call(&app, "POST", "/api/v1/products", &token, Some(json!({"model": "EOS-5D-MK3", "serial": serial})), &[])
                .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/products?limit=2".to_owned();
    loop {
        let page = json_of(&call(&app, "GET", &path, &token, None, &[]).await);
        seen.extend(
            page["items"].as_array().expect("items").iter().map(|p| p["serial"].as_str().unwrap_or("").to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/products?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["012345678904", "012345678903", "012345678902", "012345678901", "012345678900"],
        "newest first, each once"
    );
    for bad in [
        "/api/v1/products?cursor=nonsense",
        "/api/v1/products?limit=0",
        "/api/v1/products?limit=101",
        "/api/v1/products?limit=x",
    ] {
        assert_problem(&call(&app, "GET", bad, &token, None, &[]).await, StatusCode::BAD_REQUEST);
    }
}

/// A confirmed bank-transfer Silver order of the business, then its invoice.
async fn invoiced(app: &TestApp, business_id: i64, user_id: i64) -> i64 {
    app.store.staff_adjust_points(business_id, 600, "test", &test_staff(), app.clock_now()).await.expect("points");
    let key = format!("{business_id:0>40}");
    let req = CheckoutRequest {
        business_id,
        user_id,
        idempotency_key: &key,
        tier_code: "SILVER",
        years: 1,
        method: PaymentMethod::BankTransfer,
        card: None,
        buyer_reference: None,
    };
    app.store.checkout(&req, app.clock_now()).await.expect("checkout qualifies");
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    app.store.invoices(business_id).await.expect("invoices").remove(0).id
}

#[tokio::test]
async fn each_operation_needs_its_scope_and_another_businesss_ids_are_not_found() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut olle = app.member("olle@fotograf.se", "Olle Foto AB", PASSWORD).await;
    let full = make_token(&mut anna, "Allt", &ALL, "90").await;
    let olles = make_token(&mut olle, "Olle", &ALL, "30").await;
    let mut tokens = std::collections::BTreeMap::new();
    for scope in ALL {
        tokens.insert(scope, make_token(&mut anna, scope, &[scope], "30").await);
    }
    // An hour on: the browsers log in again.
    let invoice = invoiced(&app, 1, 1).await;
    let res = anna.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"));
    let res = call(&app, "POST", "/api/v1/products", &full, Some(complete("EOS-5D-MK3", "0123-4567-8901")), &[]).await;
    let product = json_of(&res)["id"].as_i64().expect("id");

    // Every operation: with its scope it answers, with every other scope 403.
    let ops: Vec<(&str, String, &str, Option<Value>)> = vec![
        ("GET", "/api/v1/products".into(), "products:read", None),
        ("GET", format!("/api/v1/products/{product}"), "products:read", None),
        ("GET", "/api/v1/points".into(), "products:read", None),
        ("POST", "/api/v1/products".into(), "products:write", Some(json!({"model": "EOS-R5"}))),
        (
            "PUT",
            format!("/api/v1/products/{product}"),
            "products:write",
            Some(complete("EOS-5D-MK3", "0123-4567-8901")),
        ),
        ("GET", "/api/v1/tiers".into(), "membership:read", None),
        ("GET", "/api/v1/membership".into(), "membership:read", None),
        ("GET", "/api/v1/invoices".into(), "invoices:read", None),
        ("GET", format!("/api/v1/invoices/{invoice}"), "invoices:read", None),
        ("GET", format!("/api/v1/invoices/{invoice}/ubl"), "invoices:read", None),
        ("GET", format!("/api/v1/invoices/{invoice}/pdf"), "invoices:read", None),
        ("DELETE", format!("/api/v1/products/{product}"), "products:write", None),
    ];
    for (method, path, scope, body) in &ops {
        for (other, token) in &tokens {
            let res = call(&app, method, path, token, body.clone(), &[]).await;
            if other == scope {
                assert!(res.status.is_success(), "{method} {path} with {scope}: {} {}", res.status, res.body);
            } else {
                let p = assert_problem(&res, StatusCode::FORBIDDEN);
                assert!(res.header("www-authenticate").is_some_and(|w| w.contains(scope)), "{method} {path}: {p}");
            }
        }
    }

    // What each read says.
    let tiers = json_of(&call(&app, "GET", "/api/v1/tiers", &full, None, &[]).await);
    let gold = tiers["tiers"].as_array().expect("tiers").iter().find(|t| t["code"] == "GOLD").expect("gold").clone();
    assert_eq!(gold["open"], false);
    assert!(gold["missing_points"].as_i64().is_some_and(|m| m > 0), "what is missing: {gold}");
    let silver =
        tiers["tiers"].as_array().expect("tiers").iter().find(|t| t["code"] == "SILVER").expect("silver").clone();
    assert_eq!(silver["current"], true);
    let membership = json_of(&call(&app, "GET", "/api/v1/membership", &full, None, &[]).await);
    assert_eq!(membership["current"]["tier_code"], "SILVER");
    let invoices = json_of(&call(&app, "GET", "/api/v1/invoices", &full, None, &[]).await);
    assert_eq!(invoices["items"][0]["id"], invoice);
    assert_eq!(invoices["items"][0]["status"], "issued");
    let pdf = call(&app, "GET", &format!("/api/v1/invoices/{invoice}/pdf"), &full, None, &[]).await;
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let page_pdf = anna.get(&format!("/invoices/{invoice}/invoice.pdf")).await;
    assert_eq!(pdf.bytes, page_pdf.bytes, "the same document the member pages serve");
    let ubl = call(&app, "GET", &format!("/api/v1/invoices/{invoice}/ubl"), &full, None, &[]).await;
    assert!(ubl.body.contains("<Invoice") || ubl.body.contains(":Invoice"), "{}", ubl.body);

    // Another business's token: anna's ids do not exist for it.
    let product2 = json_of(&call(&app, "POST", "/api/v1/products", &full, Some(json!({"model": "EOS-R5"})), &[]).await)
        ["id"]
        .as_i64()
        .expect("id");
    for (method, path, body) in [
        ("GET", format!("/api/v1/products/{product2}"), None),
        ("PUT", format!("/api/v1/products/{product2}"), Some(json!({"serial": null}))),
        ("DELETE", format!("/api/v1/products/{product2}"), None),
        ("GET", format!("/api/v1/invoices/{invoice}"), None),
        ("GET", format!("/api/v1/invoices/{invoice}/pdf"), None),
        ("GET", format!("/api/v1/invoices/{invoice}/ubl"), None),
    ] {
        assert_problem(&call(&app, method, &path, &olles, body, &[]).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(json_of(&call(&app, "GET", "/api/v1/products", &olles, None, &[]).await)["items"], json!([]));
    assert!(app.store.product(1, product2).await.expect("product").is_some(), "still there");
}

#[tokio::test]
async fn revoked_and_expired_tokens_and_session_cookies_get_401() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Kort", &ALL, "30").await;
    let other = make_token(&mut b, "Återkallas", &ALL, "365").await;
    assert_eq!(call(&app, "GET", "/api/v1/products", &other, None, &[]).await.status, StatusCode::OK);

    // A logged-in browser: its session cookie is no token, CSRF token or not.
    let res = b.get("/api/v1/products").await;
    assert_problem(&res, StatusCode::UNAUTHORIZED);
    assert!(res.header("www-authenticate").is_some_and(|w| w.starts_with("Bearer")));
    let csrf = b.csrf_token().await;
    let res = b.post_raw("/api/v1/products", &[("csrf", &csrf), ("model", "EOS-R5")], &[]).await;
    assert_problem(&res, StatusCode::UNAUTHORIZED);
    assert!(app.store.products(1).await.expect("products").is_empty(), "nothing registered by a cookie");

    // Revoked on the tokens page.
    let page = b.get("/account/tokens").await;
    let at = page.body.find("/revoke\"").expect("a revoke form");
    let id: String =
        page.body[..at].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let res = b.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(res.location(), Some("/account/tokens"));
    let res = call(&app, "GET", "/api/v1/products", &other, None, &[]).await;
    assert_problem(&res, StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(&app, "GET", "/api/v1/products", &token, None, &[]).await.status,
        StatusCode::OK,
        "the other one still works"
    );
    assert!(b.get("/account/tokens").await.body.contains("Återkallad"));

    // Expired after its 30 days.
    app.advance(Duration::days(31));
    let mut b = app.browser();
    let res = b
        .send(
            b.request("GET", "/api/v1/points")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_problem(&res, StatusCode::UNAUTHORIZED);
    assert_problem(&call(&app, "GET", "/api/v1/points", "cps_pat_nonsense", None, &[]).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn csrf_does_not_apply_to_bearer_calls_and_the_api_sets_no_cookie() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;
    let res = call(
        &app,
        "POST",
        "/api/v1/products",
        &token,
        Some(json!({"model": "EOS-R5"})),
        &[("sec-fetch-site", "cross-site"), ("origin", "https://elsewhere.example")],
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(res.headers.get(header::SET_COOKIE).is_none(), "no CSRF or session cookie from the API");
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_answer_the_same_and_register_once() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;
    let body = complete("EOS-5D-MK3", "0123-4567-8901");
    let key = [("idempotency-key", "import-2026-12-07-row-1")];
    let first = call(&app, "POST", "/api/v1/products", &token, Some(body.clone()), &key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = call(&app, "POST", "/api/v1/products", &token, Some(body.clone()), &key).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body, "the same response");
    assert_eq!(again.location(), first.location());
    assert_eq!(app.store.products(1).await.expect("products").len(), 1, "registered once");
    assert_eq!(app.store.balance(1).await.expect("balance"), 235, "points given once");

    let other = call(&app, "POST", "/api/v1/products", &token, Some(json!({"model": "EOS-R5"})), &key).await;
    assert_problem(&other, StatusCode::UNPROCESSABLE_ENTITY);
    // Without a key the same body is a second registration: refused for its serial.
    let res = call(&app, "POST", "/api/v1/products", &token, Some(body), &[]).await;
    assert_problem(&res, StatusCode::CONFLICT);
    assert_problem(
        &call(&app, "POST", "/api/v1/products", &token, Some(json!({"model": "EOS-R5"})), &[("idempotency-key", "")])
            .await,
        StatusCode::BAD_REQUEST,
    );
}

#[tokio::test]
async fn reads_carry_an_etag_and_answer_304_while_unchanged() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;
    let first = call(&app, "GET", "/api/v1/products", &token, None, &[]).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    let same = call(&app, "GET", "/api/v1/products", &token, None, &[("if-none-match", &etag)]).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
    assert!(same.body.is_empty());
    call(&app, "POST", "/api/v1/products", &token, Some(json!({"model": "EOS-R5"})), &[]).await;
    let changed = call(&app, "GET", "/api/v1/products", &token, None, &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
}

#[tokio::test]
async fn each_token_has_a_window_of_requests_with_ratelimit_headers() {
    let app = TestApp::with(Options { api_per_token_per_minute: 3, ..Options::default() }).await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let token = make_token(&mut b, "Lager", &ALL, "90").await;
    let other = make_token(&mut b, "Annan", &ALL, "90").await;
    for left in [2, 1, 0] {
        let res = call(&app, "GET", "/api/v1/points", &token, None, &[]).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("ratelimit-policy"), Some("\"per-token\";q=3;w=60"));
        assert_eq!(res.header("ratelimit"), Some(format!("\"per-token\";r={left};t=60").as_str()));
    }
    app.advance(Duration::seconds(15));
    let res = call(&app, "GET", "/api/v1/points", &token, None, &[]).await;
    assert_problem(&res, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.header("retry-after"), Some("45"));
    assert_eq!(res.header("ratelimit"), Some("\"per-token\";r=0;t=45"));
    assert_eq!(call(&app, "GET", "/api/v1/points", &other, None, &[]).await.status, StatusCode::OK, "per token");
    app.advance(Duration::seconds(45));
    assert_eq!(call(&app, "GET", "/api/v1/points", &token, None, &[]).await.status, StatusCode::OK, "a new window");
}

#[tokio::test]
async fn the_openapi_document_and_its_reference_page_are_served() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let res = b.get("/api/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = json_of(&res);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    for path in [
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/points",
        "/api/v1/tiers",
        "/api/v1/membership",
        "/api/v1/invoices",
        "/api/v1/invoices/{id}",
        "/api/v1/invoices/{id}/pdf",
        "/api/v1/invoices/{id}/ubl",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let page = b.get("/api/v1/docs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(page.body.contains("POST /api/v1/products") && page.body.contains("id=\"problem-validation\""));
    assert!(!page.body.contains("<script") && !page.body.contains("https://cdn"), "served by the binary alone");
    let res = b.get("/api/v1/nothing-here").await;
    assert_problem(&res, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_owners_make_and_revoke_tokens() {
    let app = TestApp::new().await;
    let mut owner = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    make_token(&mut owner, "Lager", &ALL, "90").await;
    let res = owner.post_form("/account/users", &[("invite_email", "kalle@ljusbild.se")]).await;
    assert_eq!(res.location(), Some("/account"));
    app.run_jobs().await;
    let link = app.link_in_last_mail("kalle@ljusbild.se");
    let mut colleague = app.browser();
    let pw = "kollegans eget lösenord";
    let res = colleague.post_form(&format!("{link}/accept"), &[("password", pw), ("password_confirm", pw)]).await;
    assert_eq!(res.location(), Some("/login"), "{}", res.body);
    let res = colleague.post_form("/login", &[("email", "kalle@ljusbild.se"), ("password", pw)]).await;
    assert_eq!(res.location(), Some("/products"));

    assert!(!colleague.get("/account").await.body.contains("/account/tokens"), "no link for a member");
    assert_eq!(colleague.get("/account/tokens").await.status, StatusCode::FORBIDDEN);
    let res = colleague
        .post_form("/account/tokens", &[("name", "Mitt"), ("scope", "products:write"), ("expiry_days", "30")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let id = app.store.api_tokens(1).await.expect("tokens")[0].id;
    assert_eq!(colleague.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.api_tokens(1).await.expect("tokens").len(), 1);
    assert!(app.store.api_tokens(1).await.expect("tokens")[0].revoked_at.is_none());
}
