//! "Vanliga frågor": topics, search, and the links from where members get stuck.

use crate::harness::TestApp;
use axum::http::StatusCode;

#[tokio::test]
async fn the_faq_is_searchable_in_both_languages_and_linked_from_every_page() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let page = b.get("/faq").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Vanliga frågor</h1>"));
    assert!(page.body.contains("id=\"green-check\""), "questions have anchors the pages link to");
    let hits = b.get("/faq?q=gr%C3%B6n+bock").await.body;
    let first = hits.find("class=\"faq-item\"").expect("a result");
    assert!(hits[first..].contains("href=\"/faq#green-check\""), "the green check answer comes first: {hits}");
    let none = b.get("/faq?q=xyzzy").await.body;
    assert!(none.contains("Inga frågor matchar ”xyzzy”"));
    b.lang = "en".into();
    assert!(b.get("/faq").await.body.contains("<h1>FAQ</h1>"));
    assert!(b.get("/login").await.body.contains("href=\"/faq\""), "the footer links to the FAQ");
}
