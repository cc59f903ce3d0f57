//! CSRF, headers, body limits, health and metrics.

use crate::harness::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn forms_without_a_valid_csrf_token_change_nothing() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.get("/").await;
    let form = crate::harness::signup_form("anna@ljusbild.se", "Ljus AB");
    let missing = b.post_raw("/signup", &form, &[]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("Formuläret hade gått ut"), "a page in the member's language");
    let mut forged = form.clone();
    forged.push(("csrf", "00".repeat(32).leak()));
    assert_eq!(b.post_raw("/signup", &forged, &[]).await.status, StatusCode::FORBIDDEN);
    // A token from another browser does not fit this browser's cookie.
    let mut other = app.browser();
    let token = other.csrf_token().await;
    let mut stolen = form.clone();
    stolen.push(("csrf", token.as_str()));
    assert_eq!(b.post_raw("/signup", &stolen, &[]).await.status, StatusCode::FORBIDDEN);
    // The login form is protected as well.
    let res = b.post_raw("/login", &[("email", "a@b.se"), ("password", "x")], &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    app.run_jobs().await;
    assert!(app.mails().is_empty());
}

#[tokio::test]
async fn cross_site_requests_are_refused_even_with_a_token() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let token = b.csrf_token().await;
    let fields = [("csrf", token.as_str()), ("email", "a@b.se"), ("password", "whatever it is")];
    let res = b.post_raw("/login", &fields, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = b.post_raw("/login", &fields, &[("origin", "https://evil.example")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res =
        b.post_raw("/login", &fields, &[("origin", crate::harness::BASE), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(res.status, StatusCode::OK, "same origin passes");
    // What Chromium sends with `Referrer-Policy: no-referrer`.
    let res = b.post_raw("/login", &fields, &[("origin", "null"), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(res.status, StatusCode::OK, "a same-origin post with Origin: null passes");
    let res = b.post_raw("/login", &fields, &[("origin", "null"), ("sec-fetch-site", "same-site")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a sibling site is refused");
}

#[tokio::test]
async fn nothing_changes_on_get() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    assert_eq!(b.get("/logout").await.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(b.get("/language?lang=en").await.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn too_large_bodies_get_413() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let token = b.csrf_token().await;
    let big = "x".repeat(200 * 1024);
    let res = b.post_raw("/login", &[("csrf", token.as_str()), ("email", big.as_str())], &[]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let res = b.get("/login").await;
    let csp = res.header("content-security-policy").expect("CSP");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(res.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert!(res.header("x-request-id").is_some());
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!res.body.contains("<script>") && !res.body.contains("style=\""), "no inline script or style");
}

#[tokio::test]
async fn unknown_pages_get_a_localised_404() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.lang = "en".into();
    let res = b.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("Page not found"));
    b.lang = "sv".into();
    assert!(b.get("/no/such/page").await.body.contains("Sidan finns inte"));
}

#[tokio::test]
async fn health_readiness_and_static_files() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    assert_eq!(b.get("/healthz").await.body, "ok");
    assert_eq!(b.get("/readyz").await.status, StatusCode::OK);
    let css = b.get("/static/app.css").await;
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("--primary: #0b5cd5"));
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::new().await;
    app.store.clone().close().await.expect("close");
    let mut b = app.browser();
    assert_eq!(b.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(b.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_host_prefixed() {
    let app = crate::harness::TestApp::with(crate::harness::Options { https: true, ..Default::default() }).await;
    let mut b = app.browser();
    b.post_form("/signup", &crate::harness::signup_form("anna@ljusbild.se", "Ljus AB")).await;
    app.run_jobs().await;
    let mail = app.mails_to("anna@ljusbild.se").pop().expect("mail");
    assert!(mail.text.contains("https://cps.test/activate/"), "links use the configured https address");
    let link =
        mail.text[mail.text.find("/activate/").expect("link")..].split_whitespace().next().expect("link").to_owned();
    b.post_form(&link, &[("password", "fyra ord i rad kamera"), ("password_confirm", "fyra ord i rad kamera")]).await;
    let token = b.csrf_token().await;
    let res = b
        .post_raw(
            "/login",
            &[("csrf", token.as_str()), ("email", "anna@ljusbild.se"), ("password", "fyra ord i rad kamera")],
            &[],
        )
        .await;
    let cookies: Vec<String> =
        res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap_or("").to_owned()).collect();
    let session = cookies.iter().find(|c| c.starts_with("__Host-cps_session=")).expect("a __Host- session cookie");
    assert!(session.contains("Secure") && session.contains("HttpOnly") && session.contains("Path=/"), "{session}");
    assert!(!session.contains("Domain="), "__Host- cookies have no domain");
    assert!(b.cookies.contains_key("__Host-cps_csrf"));
    assert!(res.header("strict-transport-security").is_some());
}

/// What the nginx example in docs/SECURITY.md sends on: nginx runs on the
/// same host (the portal sees 127.0.0.1) and appends the address it saw to
/// whatever X-Forwarded-For the client sent (`$proxy_add_x_forwarded_for`).
#[tokio::test]
async fn behind_nginx_the_client_is_the_address_nginx_saw_not_what_the_client_wrote() {
    let app = crate::harness::TestApp::with(crate::harness::Options {
        login_per_ip_per_minute: 3,
        forms_per_ip_per_minute: 3,
        ..Default::default()
    })
    .await;
    let mut client = app.browser();
    let nginx = [("host", "cps.test"), ("x-forwarded-proto", "https")];
    let mut statuses = Vec::new();
    for i in 0..5 {
        // The client writes a new address of its choosing each time.
        client.ip = format!("10.1.2.{i}, 203.0.113.50");
        let token = client.csrf_token().await;
        let fields = [("csrf", token.as_str()), ("email", "anna@ljusbild.se"), ("password", "gissning")];
        statuses.push(client.post_raw("/login", &fields, &nginx).await.status);
    }
    assert_eq!(statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[3..], [StatusCode::TOO_MANY_REQUESTS; 2], "one client, one limit, whatever it writes");
    let mut resets = Vec::new();
    for i in 0..4 {
        client.ip = format!("198.18.0.{i}, 203.0.113.50");
        resets.push(client.post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await.status);
    }
    assert_eq!(resets[3], StatusCode::TOO_MANY_REQUESTS, "the per-address form limit holds too: {resets:?}");
    let mut other = app.browser();
    other.ip = "198.51.100.4".into();
    let token = other.csrf_token().await;
    let fields = [("csrf", token.as_str()), ("email", "anna@ljusbild.se"), ("password", "gissning")];
    assert_eq!(other.post_raw("/login", &fields, &nginx).await.status, StatusCode::OK, "another client is not held");
    // A client that reaches the portal around the proxy is not believed: it is its own address.
    let mut around = app.browser();
    around.peer = std::net::SocketAddr::from(([198, 51, 100, 9], 50_000));
    around.ip = "203.0.113.50".into();
    let token = around.csrf_token().await;
    let fields = [("csrf", token.as_str()), ("email", "anna@ljusbild.se"), ("password", "gissning")];
    assert_eq!(around.post_raw("/login", &fields, &[]).await.status, StatusCode::OK, "not the limited 203.0.113.50");
}

#[tokio::test]
async fn metrics_are_not_served_on_the_members_listener() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.get("/login").await;
    let res = b.get("/metrics").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.body.contains("http_requests_total"));
    // The metrics listener's router serves them (`server.metrics_bind`; the binary's test binds it).
    let req = axum::http::Request::get("/metrics").body(axum::body::Body::empty()).expect("request");
    let res = tower::ServiceExt::oneshot(cps_web::metrics_router(), req).await.expect("answer");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.expect("body").to_bytes();
    let metrics = String::from_utf8_lossy(&bytes);
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(metrics.contains("route=\"/login\""), "by route");
    assert!(metrics.contains("http_request_duration_seconds"), "latencies");
}

#[tokio::test]
async fn the_language_switch_returns_only_to_plain_local_paths() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    for (next, to) in [
        ("/account", "/account"),
        ("/products?q=eos", "/products?q=eos"),
        ("/", "/"),
        ("", "/"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/account\r\nSet-Cookie: x=1", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/ /evil.example", "/"),
        ("/.//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let res = b.post_form("/language", &[("lang", "sv"), ("next", next)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location(), Some(to), "{next:?}");
    }
}
