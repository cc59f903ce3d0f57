//! What the member's service pages say the membership gives (issue 15): the
//! terms of the membership a request was made under, what a lapsed
//! membership would have given, and what declining a quote costs.

use crate::harness::{TestApp, page_text};
use crate::service::{membership, platinum, product, repair_quoted, request_form};
use cps_domain::service::{LineKind, QuoteLine};

const PASSWORD: &str = "fyra ord i rad kamera";

#[tokio::test]
async fn a_lapsed_member_sees_what_the_membership_would_have_given() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    // Gold ran until 31 May 2026; today is 25 November 2026.
    membership(&app, "GOLD", "Gold", "2025-06-01", "2026-05-31").await;
    product(&app, 1, "EOS-R5", "012345678901", true).await;

    let list = page_text(&b.get("/service").await.body);
    assert!(list.contains("Utan medlemskap gäller listpris och 10 arbetsdagars handläggning"), "{list}");
    assert!(
        list.contains("Ert medlemskap CPS Gold gällde till och med 2026-05-31. Med det hade ni fått:"),
        "the lapsed tier: {list}"
    );
    assert!(
        list.contains("Klart inom 3 arbetsdagar") && list.contains("15 % rabatt på reservdelar och arbete"),
        "{list}"
    );
    assert!(list.contains("Underhållsbelopp på 2\u{a0}300,00\u{a0}kr per medlemsår"), "Gold's yearly fee: {list}");

    let res = b.post_form("/service/new", &request_form("1", "drop_off")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    let lines = [
        QuoteLine::new(LineKind::Part, "Slutare", 1, 400_000).expect("a line"),
        QuoteLine::new(LineKind::Labour, "Byte av slutare", 1, 50_000).expect("a line"),
    ];
    repair_quoted(&app, "SR-2026-000001", &lines).await;
    let page = page_text(&b.get("/service/SR-2026-000001").await.body);
    // At list price: 4 500,00 + 25 % VAT.
    assert!(page.contains("Att betala 5\u{a0}625,00\u{a0}kr"), "{page}");
    // Under Gold: 15 % off 4 500,00 = 3 825,00; a year's allowance of 2 300,00 leaves 1 525,00; + 25 % VAT.
    assert!(page.contains("Med CPS Gold hade ni betalat 1\u{a0}906,25\u{a0}kr för den här offerten."), "{page}");
    assert!(page.contains("Ert medlemskap CPS Gold gällde till och med 2026-05-31."), "{page}");
    assert!(!page.contains("utan kostnad: felsökning och returfrakt ingår"), "not a member: {page}");
}

#[tokio::test]
async fn a_request_keeps_the_terms_it_was_made_under_and_a_member_declines_at_no_cost() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    product(&app, 1, "EOS-R5", "012345678901", true).await;
    product(&app, 1, "EOS-R6", "012345678902", true).await;
    // Made without a membership: priced at list price even after joining Platinum.
    let res = b.post_form("/service/new", &request_form("1", "drop_off")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000001"), "{}", res.body);
    platinum(&app).await;
    let res = b.post_form("/service/new", &request_form("2", "free_label")).await;
    assert_eq!(res.location(), Some("/service/SR-2026-000002"), "{}", res.body);

    let list = page_text(&b.get("/service").await.body);
    assert!(list.contains("20 % rabatt på reservdelar och arbete"), "today's membership on the list: {list}");
    let before = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(before.contains("Utan medlemskap gäller listpris"), "the request's own terms: {before}");
    assert!(!before.contains("20 % rabatt"), "{before}");
    assert!(!before.contains("Be om lånutrustning"), "no loan on a non-member's request: {before}");

    let line = [QuoteLine::new(LineKind::Part, "AF-motor", 1, 100_000).expect("a line")];
    repair_quoted(&app, "SR-2026-000001", &line).await;
    repair_quoted(&app, "SR-2026-000002", &line).await;
    let before = page_text(&b.get("/service/SR-2026-000001").await.body);
    assert!(before.contains("Att betala 1\u{a0}250,00\u{a0}kr") && !before.contains("Medlemsrabatt"), "{before}");
    let member = page_text(&b.get("/service/SR-2026-000002").await.body);
    // 20 % off 1 000,00, the rest from Platinum's allowance: nothing to pay.
    assert!(member.contains("Medlemsrabatt −200,00\u{a0}kr") && member.contains("Att betala 0,00\u{a0}kr"), "{member}");
    assert!(
        member.contains("Avböjer du offerten skickar vi tillbaka produkten utan reparation, utan kostnad"),
        "what declining costs a member: {member}"
    );
    assert!(!member.contains("Med CPS"), "a member sees no lapsed tier: {member}");
}
