//! Inviting colleagues: an invitation lives on its own (a hashed token with
//! an expiry), its page names the inviting business and is accepted or
//! declined there; it never captures the invitee's own sign-up, looks the
//! same to the owner whether or not the address has an account, and an
//! owner can send only so many a day, with no typed text in the subject.

use crate::harness::{TestApp, signup_form};
use axum::http::StatusCode;
use chrono::Duration;

const PASSWORD: &str = "fyra ord i rad kamera";

/// The `<li>` of the owner's user list that names `email`.
fn list_line<'a>(page: &'a str, email: &str) -> &'a str {
    let at = page.find(email).unwrap_or_else(|| panic!("{email} is listed: {page}"));
    let start = page[..at].rfind("<li").expect("in a list item");
    let end = at + page[at..].find("</li>").expect("end of the item");
    &page[start..end]
}

#[tokio::test]
async fn an_invitation_never_captures_the_invitees_own_sign_up() {
    let app = TestApp::new().await;
    let mut owner = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let res = owner.post_form("/account/users", &[("invite_email", "x@studio.se")]).await;
    assert_eq!(res.location(), Some("/account"));
    app.run_jobs().await;
    // x never opens the invitation and signs up its own company.
    let mut x = app.browser();
    let res = x.post_form("/signup", &signup_form("x@studio.se", "X Studio AB")).await;
    assert_eq!(res.location(), Some("/signup/sent"));
    app.run_jobs().await;
    let link = app.link_in_last_mail("x@studio.se");
    assert!(link.starts_with("/activate/"), "an activation link for x's own sign-up: {link}");
    let res = x.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/login"));
    let res = x.post_form("/login", &[("email", "x@studio.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"));
    let account = x.get("/account").await.body;
    assert!(account.contains("value=\"X Studio AB\""), "x runs its own company: {account}");
    assert!(!account.contains("Ljus AB"), "and is not in the inviting one");
    assert!(account.contains("Ägare"), "as its owner");
    let users = app.store.business_users(1).await.expect("users");
    assert!(users.iter().all(|u| u.email != "x@studio.se"), "nobody joined Ljus AB: {users:?}");
}

#[tokio::test]
async fn the_invitee_sees_the_inviting_business_and_accepts_or_declines() {
    let app = TestApp::new().await;
    let mut owner = app.member("anna@ljusbild.se", "Ljus & Bild AB", PASSWORD).await;
    for email in ["kalle@ljusbild.se", "nej@ljusbild.se", "sen@ljusbild.se"] {
        let res = owner.post_form("/account/users", &[("invite_email", email)]).await;
        assert_eq!(res.location(), Some("/account"));
    }
    app.run_jobs().await;
    let link = app.link_in_last_mail("kalle@ljusbild.se");
    assert!(link.starts_with("/invitations/"), "{link}");
    assert!(link.len() >= "/invitations/".len() + 64, "a 256-bit token");

    let mut kalle = app.browser();
    let page = kalle.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ljus &#38; Bild AB"), "the page names the inviting business: {}", page.body);
    assert!(page.body.contains("kalle@ljusbild.se") && page.body.contains("har bjudit in"), "{}", page.body);
    kalle.lang = "en".into();
    let page = kalle.get(&link).await;
    assert!(page.body.contains("Ljus &#38; Bild AB") && page.body.contains("has invited"), "{}", page.body);
    assert_eq!(app.store.business_users(1).await.expect("users").len(), 1, "opening the page changes nothing");

    let accept = format!("{link}/accept");
    let res = kalle.post_form(&accept, &[("password", "kort"), ("password_confirm", "kort")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a weak password is refused on the page");
    assert!(res.body.contains("Ljus &#38; Bild AB"));
    let res = kalle
        .post_form(&accept, &[("password", "kollegans eget lösenord"), ("password_confirm", "kollegans eget lösenord")])
        .await;
    assert_eq!(res.location(), Some("/login"), "{}", res.body);
    let res =
        kalle.post_form("/login", &[("email", "kalle@ljusbild.se"), ("password", "kollegans eget lösenord")]).await;
    assert_eq!(res.location(), Some("/products"));
    let account = kalle.get("/account").await.body;
    assert!(account.contains("kalle@ljusbild.se") && account.contains("Member"), "{account}");
    assert_eq!(kalle.get(&link).await.status, StatusCode::GONE, "an invitation is used once");

    let link = app.link_in_last_mail("nej@ljusbild.se");
    let mut nej = app.browser();
    let res = nej.post_form(&format!("{link}/decline"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(nej.get(res.location().expect("somewhere")).await.body.contains("Ni har tackat nej"));
    assert_eq!(nej.get(&link).await.status, StatusCode::GONE);
    let res = nej.post_form(&format!("{link}/accept"), &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::GONE, "a declined invitation cannot be accepted");

    app.advance(Duration::days(7) + Duration::seconds(1));
    let link = app.link_in_last_mail("sen@ljusbild.se");
    assert_eq!(app.browser().get(&link).await.status, StatusCode::GONE, "an invitation lasts seven days");

    owner.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let page = owner.get("/account").await.body;
    assert!(list_line(&page, "kalle@ljusbild.se").contains("Medlem"), "{page}");
    assert!(list_line(&page, "nej@ljusbild.se").contains("tackade nej"), "{page}");
    assert!(list_line(&page, "sen@ljusbild.se").contains("gått ut"), "{page}");
}

#[tokio::test]
async fn inviting_an_address_that_has_an_account_looks_the_same_to_the_owner() {
    let app = TestApp::new().await;
    let mut owner = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let unknown = owner.post_form("/account/users", &[("invite_email", "ny@studio.se")]).await;
    let known = owner.post_form("/account/users", &[("invite_email", "bo@studio.se")]).await;
    assert_eq!((unknown.status, unknown.location()), (known.status, known.location()));
    let page = owner.get("/account").await.body;
    assert_eq!(
        list_line(&page, "ny@studio.se").replace("ny@studio.se", "X"),
        list_line(&page, "bo@studio.se").replace("bo@studio.se", "X"),
        "the owner's list shows both the same way"
    );
    app.run_jobs().await;
    let (to_new, to_bo) = (app.mails_to("ny@studio.se"), app.mails_to("bo@studio.se"));
    assert_eq!(to_new.len(), 1);
    assert_eq!(to_new[0].subject, to_bo.last().expect("a mail to bo").subject, "the same invitation mail");

    // Bo is told, on the page only Bo can open, that a login belongs to one business.
    let link = app.link_in_last_mail("bo@studio.se");
    let page = bo.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("redan ett konto"), "{}", page.body);
    let res = bo.post_form(&format!("{link}/accept"), &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let users = app.store.business_users(2).await.expect("users");
    assert_eq!(users.len(), 1, "Bo's business is untouched");
    assert_eq!(users[0].role, cps_domain::mail::Role::Owner);
    assert!(app.store.business_users(1).await.expect("users").iter().all(|u| u.email != "bo@studio.se"));
    let res = bo.post_form("/login", &[("email", "bo@studio.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "Bo's own login still works");
}

#[tokio::test]
async fn invitations_are_limited_per_business_and_the_subject_carries_no_typed_text() {
    let app = TestApp::new().await;
    let company = "Gratis Kameror Ring 08-123 AB";
    let mut owner = app.member("anna@ljusbild.se", company, PASSWORD).await;
    for i in 0..20 {
        let email = format!("kollega{i}@example.se");
        let res = owner.post_form("/account/users", &[("invite_email", &email)]).await;
        assert_eq!(res.location(), Some("/account"), "invitation {i}");
    }
    let res = owner.post_form("/account/users", &[("invite_email", "en-till@example.se")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("20 inbjudningar"), "{}", res.body);
    app.run_jobs().await;
    let invitations: Vec<_> = app.mails().into_iter().filter(|m| m.to.starts_with("kollega")).collect();
    assert_eq!(invitations.len(), 20);
    assert!(app.mails_to("en-till@example.se").is_empty(), "the 21st was not sent");
    for m in &invitations {
        assert!(!m.subject.contains("Gratis") && !m.subject.contains("08-123"), "{}", m.subject);
        assert!(!m.text.contains("Gratis") && !m.html.contains("Gratis"), "the mail carries no typed text");
    }
    app.advance(Duration::hours(24) + Duration::seconds(1));
    owner.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let res = owner.post_form("/account/users", &[("invite_email", "en-till@example.se")]).await;
    assert_eq!(res.location(), Some("/account"), "a day later it can be sent");
}

#[tokio::test]
async fn invitations_made_before_are_withdrawn_so_none_can_capture_a_sign_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = crate::harness::fresh_store(dir.path()).await;
    store.migrate_first(11).await.expect("the migrations of the version before");
    // What that version made for an invitation: a user without a password
    // in the inviting business, with an activation link.
    for sql in [
        "INSERT INTO businesses (id, name, country, street, postal_code, city, contact_name, created_at) \
         VALUES (1, 'Ljus AB', 'SE', 'Storgatan 1', '111 22', 'Stockholm', 'Anna Berg', 0)",
        "INSERT INTO users (id, business_id, email, password_hash, role, language, email_verified_at, created_at) \
         VALUES (1, 1, 'anna@ljusbild.se', 'x', 'owner', 'sv', 0, 0)",
        "INSERT INTO users (id, business_id, email, password_hash, role, language, email_verified_at, created_at) \
         VALUES (2, 1, 'x@studio.se', NULL, 'member', 'sv', NULL, 0)",
        "INSERT INTO users (id, business_id, email, password_hash, role, language, email_verified_at, created_at) \
         VALUES (3, 1, 'kalle@ljusbild.se', 'y', 'member', 'sv', 0, 0)",
        // The SHA-256 of the link's token "old-invitation-link".
        "INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at) \
         VALUES ('446d7330b0193daba66a3f604f91e8895798a0e252cebce0399237262986bb87', 2, 'activate', 0, 9999999999999)",
    ] {
        store.execute_unprepared(sql).await.expect(sql);
    }
    store.migrate().await.expect("this version's migrations");
    let users = store.business_users(1).await.expect("users");
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["anna@ljusbild.se", "kalle@ljusbild.se"], "the half-made user is gone, real ones stay");
    let usable =
        store.token_is_usable("old-invitation-link", cps_domain::mail::TokenPurpose::Activate, crate::harness::t0());
    assert!(!usable.await.expect("store"), "and its link with it");
}
