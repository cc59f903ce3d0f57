//! Password guessing, as an attacker tries it: failures count per account
//! and per client address (or per device that logged in before), so a
//! stranger slows down only themselves; an attempt is counted before its
//! password is hashed, so concurrent guesses count too; every check of a
//! current password is behind the same gate; staff are unlocked by their
//! own successful login or by an admin, who can also reset their password.

use crate::harness::{STAFF_PASSWORD, TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::staff::StaffRole;

const PASSWORD: &str = "fyra ord i rad kamera";
const WRONG: &str = "gissning nummer ett";

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let app = TestApp::new().await;
    // The owner's browser logged in from 192.0.2.1 before.
    let mut owner_device = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut stranger = app.browser();
    stranger.ip = "203.0.113.66".into();
    let mut last = StatusCode::OK;
    for _ in 0..30 {
        last = stranger.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", WRONG)]).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "the stranger is slowed down");
    let mut owner_elsewhere = app.browser();
    owner_elsewhere.ip = "198.51.100.7".into();
    let res = owner_elsewhere.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "the owner, from another address, gets in: {}", res.body);
    // Behind the stranger's own address (a shared NAT), the device that logged in before still gets in.
    owner_device.ip = stranger.ip.clone();
    let res = owner_device.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "a known device is not held back: {}", res.body);
    let res = stranger.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "the owner's logins do not free the stranger");
}

#[tokio::test]
async fn a_stranger_cannot_lock_staff_out() {
    let app = TestApp::new().await;
    let secret = app.create_staff("sam@cps.test", StaffRole::Support).await;
    let mut stranger = app.browser();
    stranger.ip = "203.0.113.66".into();
    for _ in 0..10 {
        stranger.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", WRONG)]).await;
    }
    let res = stranger.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", WRONG)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let mut sam = app.browser();
    sam.ip = "198.51.100.20".into();
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.location(), Some("/admin/totp"), "{}", res.body);
    let res = sam.post_form("/admin/totp", &[("code", &app.totp_now(&secret))]).await;
    assert_eq!(res.location(), Some("/admin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_are_counted_before_any_password_is_hashed() {
    let app = TestApp::new().await;
    let _owner = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut attacker = app.browser();
    attacker.ip = "203.0.113.66".into();
    let token = attacker.csrf_token().await;
    let guesses: Vec<_> = (0..20)
        .map(|_| {
            let mut b = attacker.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let fields = [("csrf", token.as_str()), ("email", "anna@ljusbild.se"), ("password", WRONG)];
                b.post_raw("/login", &fields, &[]).await.status
            })
        })
        .collect();
    let (mut hashed, mut refused) = (0, 0);
    for g in guesses {
        match g.await.expect("request") {
            StatusCode::OK => hashed += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(hashed + refused, 20);
    assert!(hashed <= 5, "only the five free attempts reach Argon2: {hashed} did, {refused} were refused");
}

#[tokio::test]
async fn every_current_password_check_is_behind_the_same_gate() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let change = |current: &'static str| {
        [("current_password", current), ("password", "nytt lösenord här"), ("password_confirm", "nytt lösenord här")]
    };
    for _ in 0..5 {
        let res = b.post_form("/account/password", &change(WRONG)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = b.post_form("/account/password", &change(PASSWORD)).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits after five failures");
    assert!(res.body.contains("För många"), "{}", res.body);
    app.advance(Duration::seconds(2));
    let res = b.post_form("/account/password", &change(PASSWORD)).await;
    assert_eq!(res.location(), Some("/account"), "after the delay it works: {}", res.body);

    // Closing the account asks for the password too: the same gate.
    for _ in 0..5 {
        let res = b.post_form("/account/close", &[("close_password", WRONG), ("confirm", "yes")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = b.post_form("/account/close", &[("close_password", "nytt lösenord här"), ("confirm", "yes")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(b.get("/account").await.status, StatusCode::OK, "nothing was closed");
    // ...and it counts with logins from the same place.
    let res = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "nytt lösenord här")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_staff_login_clears_its_failures() {
    let app = TestApp::new().await;
    let secret = app.create_staff("sam@cps.test", StaffRole::Support).await;
    let mut sam = app.browser();
    for _ in 0..5 {
        sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", WRONG)]).await;
    }
    app.advance(Duration::seconds(2));
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.location(), Some("/admin/totp"));
    let res = sam.post_form("/admin/totp", &[("code", &app.totp_now(&secret))]).await;
    assert_eq!(res.location(), Some("/admin"));
    sam.post_form("/admin/logout", &[]).await;
    // One slip after a successful login is a fresh start, not the sixth failure.
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", WRONG)]).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.location(), Some("/admin/totp"), "{}", res.body);
}

/// The value after `label: ` in a page that shows new credentials once.
fn shown(page: &str, label: &str) -> String {
    let at = page.find(&format!("{label}: ")).unwrap_or_else(|| panic!("{label} shown: {page}")) + label.len() + 2;
    page[at..].chars().take_while(|c| !c.is_whitespace() && *c != '<').collect()
}

#[tokio::test]
async fn an_admin_unlocks_staff_and_resets_their_password_without_a_new_account() {
    let app = TestApp::new().await;
    let mut ada = app.staff("ada@cps.test", StaffRole::Admin).await;
    let secret = app.create_staff("sam@cps.test", StaffRole::Support).await;
    let sam_id = app.store.staff_by_email("sam@cps.test").await.expect("store").expect("sam").id;
    let mut sam = app.browser();
    sam.ip = "198.51.100.20".into();
    for _ in 0..6 {
        sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", WRONG)]).await;
    }
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "Sam is held back");

    let res = ada.post_form(&format!("/admin/staff/{sam_id}/unlock"), &[]).await;
    assert_eq!(res.location(), Some("/admin/staff"), "{}", res.body);
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.location(), Some("/admin/totp"), "unlocked by the admin: {}", res.body);
    let res = sam.post_form("/admin/totp", &[("code", &app.totp_now(&secret))]).await;
    assert_eq!(res.location(), Some("/admin"));

    // Sam lost the password and the phone: new ones, the same account.
    let res = ada.post_form(&format!("/admin/staff/{sam_id}/reset"), &[("totp", "yes")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let password = shown(&res.body, "Lösenord");
    let totp = shown(&res.body, "Hemlighet för autentiseringsappen");
    assert!(password.len() >= 20 && totp.len() >= 32, "{password} {totp}");
    assert_eq!(sam.get("/admin").await.location(), Some("/admin/login"), "Sam's sessions ended");
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::OK, "the old password no longer works");
    let res = sam.post_form("/admin/login", &[("email", "sam@cps.test"), ("password", &password)]).await;
    assert_eq!(res.location(), Some("/admin/totp"));
    let new_secret = cps_domain::totp::base32_decode(&totp).expect("base32");
    app.advance(Duration::seconds(31));
    let res = sam.post_form("/admin/totp", &[("code", &app.totp_now(&secret))]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the old authenticator no longer works");
    let res = sam.post_form("/admin/totp", &[("code", &app.totp_now(&new_secret))]).await;
    assert_eq!(res.location(), Some("/admin"), "{}", res.body);

    assert_eq!(app.store.staff_users().await.expect("staff").len(), 2, "no new account");
    let log = app.store.audit_log(&format!("staff:{sam_id}"), 20).await.expect("audit");
    let actions: Vec<&str> = log.iter().map(|l| l.action.as_str()).collect();
    assert!(actions.contains(&"staff.unlock") && actions.contains(&"staff.reset"), "{actions:?}");
    assert!(log.iter().all(|l| !format!("{l:?}").contains(&password)), "the password is never in the log");
}
