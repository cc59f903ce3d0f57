//! CPS Priority Support: the form (filled in from where the member got stuck),
//! tickets with a reference and a priority from the tier, confirmation mail,
//! replies, and visitors.

use crate::harness::TestApp;
use axum::http::StatusCode;

const PASSWORD: &str = "fyra ord i rad kamera";

fn decode(s: &str) -> String {
    s.replace("&#38;", "&").replace("&amp;", "&")
}

#[tokio::test]
async fn a_member_writes_from_the_no_migrate_button_page_and_follows_the_case() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let products = b.get("/products").await.body;
    let at = products.find("href=\"/support?topic=migration").expect("the page offers support") + "href=\"".len();
    let link = decode(&products[at..].chars().take_while(|c| *c != '"').collect::<String>());
    let form = b.get(&link).await.body;
    assert!(form.contains("<option value=\"migration\" selected>"), "the topic is filled in");
    assert!(form.contains("Jag ser inte knappen MIGRERA PRODUKTER.</textarea>"), "and the context: {form}");

    let res = b
        .post_form(
            "/support",
            &[("topic", "migration"), ("message", "Jag ser inte knappen MIGRERA PRODUKTER."), ("product", "")],
        )
        .await;
    let case = res.location().expect("to the case").to_owned();
    assert!(case.starts_with("/support/S-"), "{case}");
    let page = b.get(&case).await.body;
    assert!(page.contains("Väntar på svar") && page.contains("Jag ser inte knappen"));
    let res = b.post_form(&format!("{case}/reply"), &[("message", "Min gamla adress var anna@gamla.se")]).await;
    assert_eq!(res.location(), Some(case.as_str()));
    assert!(b.get(&case).await.body.contains("anna@gamla.se"));
    assert!(b.get("/support").await.body.contains(&case[9..]), "listed under the member's cases");
    app.run_jobs().await;
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject.starts_with("Vi har fått ert meddelande"))
        .expect("confirmation");
    assert!(mail.subject.contains(&case[9..]), "with the reference");

    let mut other = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    assert_eq!(other.get(&case).await.status, StatusCode::NOT_FOUND, "another business cannot read it");
    let res = other.post_form(&format!("{case}/reply"), &[("message", "hej")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn platinum_members_come_first_and_visitors_last() {
    let app = TestApp::new().await;
    let mut platinum = app.member("p@x.se", "P AB", PASSWORD).await;
    let mut plain = app.member("n@x.se", "N AB", PASSWORD).await;
    app.give_points(1, 2000).await;
    let key = "p".repeat(40);
    let req = cps_store::memberships::CheckoutRequest {
        business_id: 1,
        user_id: 1,
        idempotency_key: &key,
        tier_code: "PLATINUM",
        years: 1,
        method: cps_store::memberships::PaymentMethod::BankTransfer,
        card: None,
        buyer_reference: None,
    };
    app.store.checkout(&req, app.clock_now()).await.expect("checkout");
    platinum.post_form("/support", &[("topic", "repair"), ("message", "Kameran är trasig")]).await;
    plain.post_form("/support", &[("topic", "points"), ("message", "Fråga om poäng")]).await;
    assert_eq!(app.store.tickets(1).await.expect("tickets")[0].priority, 1);
    assert_eq!(app.store.tickets(2).await.expect("tickets")[0].priority, 4);

    let mut visitor = app.browser();
    let form = visitor.get("/support").await.body;
    assert!(form.contains("id=\"f-name\"") && form.contains("id=\"f-email\""), "visitors say who to answer");
    let res = visitor.post_form("/support", &[("topic", "other"), ("message", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Skriv ett meddelande.") && res.body.contains("Ange din e-postadress."));
    let res = visitor
        .post_form(
            "/support",
            &[("name", "Eva"), ("email", "eva@foto.se"), ("topic", "other"), ("message", "Hur blir jag medlem?")],
        )
        .await;
    assert_eq!(res.location(), Some("/support/sent"));
    app.run_jobs().await;
    assert!(app.mails_to("eva@foto.se").iter().any(|m| m.subject.starts_with("Vi har fått ditt meddelande")));
}
