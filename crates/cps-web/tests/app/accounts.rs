//! Sign-up, activation, login, logout, password reset and account settings.

use crate::harness::{BASE, Options, TestApp, signup_form};
use axum::http::StatusCode;
use chrono::Duration;

const PASSWORD: &str = "fyra ord i rad kamera";

#[tokio::test]
async fn sign_up_activate_and_log_in_in_swedish() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    let page = b.get("/signup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Skapa företagskonto"));
    assert!(page.body.contains("<option value=\"SE\">Sverige</option>"), "countries by Swedish name");

    let res = b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus & Bild AB")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/signup/sent"));
    let sent = b.get("/signup/sent").await;
    assert!(sent.body.contains("donotreply@cps.test"), "names the no-reply sender");

    assert_eq!(app.run_jobs().await, 1);
    let mails = app.mails_to("anna@ljusbild.se");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Ange ditt lösenord för CPS");
    let link = app.link_in_last_mail("anna@ljusbild.se");
    assert!(link.starts_with("/activate/"), "{link}");
    assert!(link.len() > "/activate/".len() + 32, "at least 128 bits of token");

    let form = b.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Ange ett nytt lösenord"));
    let res = b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/login"));
    let login = b.get("/login").await;
    assert!(login.body.contains("Ditt lösenord är sparat"), "flash after activation");

    let res = b.post_form("/login", &[("email", "Anna@LjusBild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"));
    assert_eq!(b.get("/").await.location(), Some("/products"), "members start on My products");
    let home = b.get("/products").await;
    assert!(home.body.contains("<h1>Mina produkter</h1>"), "{}", home.body);
    assert!(home.body.contains("anna@ljusbild.se"), "the account menu shows who is logged in");
    assert!(
        home.body.contains("href=\"/products\" aria-current=\"page\">Mina produkter"),
        "the current tab is marked: {}",
        home.body
    );
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn sign_up_errors_are_shown_by_field_in_the_members_language_with_values_kept() {
    let app = TestApp::new().await;
    for (lang, vat_message) in [("sv", "Momsregistreringsnumret stämmer inte"), ("en", "The VAT number does not match")]
    {
        let mut b = app.browser();
        b.lang = lang.into();
        let mut form = signup_form("not-an-email", "Ljus AB");
        form.retain(|(k, _)| *k != "vat_number" && *k != "email");
        form.push(("vat_number", "SE556036079401"));
        form.push(("email", "not-an-email"));
        let res = b.post_form("/signup", &form).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(vat_message), "{lang}: {}", res.body);
        assert!(res.body.contains("value=\"Ljus AB\""), "typed values are kept");
        assert!(res.body.contains("value=\"SE556036079401\""));
        assert!(res.body.contains("href=\"#f-vat_number\""), "the summary links to the field");
        assert!(res.body.contains("aria-describedby=\"f-vat_number-hint f-vat_number-error\""));
    }
    app.run_jobs().await;
    assert!(app.mails().is_empty(), "nothing was created");
}

#[tokio::test]
async fn sign_up_with_a_known_address_answers_the_same_and_mails_the_owner() {
    let app = TestApp::new().await;
    let _member = app.member("anna@ljusbild.se", "Ljus & Bild AB", PASSWORD).await;
    let mut fresh = app.browser();
    let known = fresh.post_form("/signup", &signup_form("anna@ljusbild.se", "Another AB")).await;
    let mut other = app.browser();
    let unknown = other.post_form("/signup", &signup_form("new@studio.se", "Another AB")).await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.location(), unknown.location());
    assert_eq!(fresh.get("/signup/sent").await.body.len(), other.get("/signup/sent").await.body.len());
    app.run_jobs().await;
    let to_owner = app.mails_to("anna@ljusbild.se");
    assert_eq!(to_owner.last().map(|m| m.subject.as_str()), Some("Du har redan ett CPS-konto"));
    assert_eq!(app.mails_to("new@studio.se").len(), 1);
}

#[tokio::test]
async fn signing_up_again_before_activating_sends_a_fresh_link() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    app.run_jobs().await;
    let mails = app.mails_to("anna@ljusbild.se");
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().all(|m| m.subject == "Ange ditt lösenord för CPS"));
}

#[tokio::test]
async fn activation_links_work_once_and_expire_after_48_hours() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    app.run_jobs().await;
    let mails = app.mails_to("anna@ljusbild.se");
    let link_of = |text: &str| {
        let start = text.find(BASE).expect("link") + BASE.len();
        text[start..].split_whitespace().next().expect("link").to_owned()
    };
    let (first, second) = (link_of(&mails[0].text), link_of(&mails[1].text));

    app.advance(Duration::hours(47));
    let res = b.post_form(&first, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/login"), "valid within 48 h");
    let reused = b.post_form(&first, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert!(reused.body.contains("Länken fungerar inte längre"));
    let other = b.get(&second).await;
    assert_eq!(other.status, StatusCode::GONE, "setting the password spends every open link");

    let app = TestApp::new().await;
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("bo@studio.se", "Bo AB")).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("bo@studio.se");
    app.advance(Duration::hours(48) + Duration::seconds(1));
    assert_eq!(b.get(&link).await.status, StatusCode::GONE);
    let res = b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::GONE);
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_reason() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.post_form("/signup", &signup_form("anna@ljusbild.se", "Ljus AB")).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    for (pw, confirm, message) in [
        ("kort-lösen", "kort-lösen", "minst 12 tecken"),
        ("1qaz2wsx3edc", "1qaz2wsx3edc", "vanligaste lösenorden"),
        (PASSWORD, "något annat helt", "inte likadana"),
    ] {
        let res = b.post_form(&link, &[("password", pw), ("password_confirm", confirm)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(message), "{pw}: {}", res.body);
        assert!(!res.body.contains(pw), "a password is never echoed");
    }
    let long = "å".repeat(128);
    let res = b.post_form(&link, &[("password", &long), ("password_confirm", &long)]).await;
    assert_eq!(res.location(), Some("/login"), "128 characters are accepted");
}

#[tokio::test]
async fn login_failures_look_the_same_for_unknown_and_known_addresses() {
    let app = TestApp::new().await;
    let _m = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut b = app.browser();
    let wrong = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "fel lösenord helt")]).await;
    let unknown = b.post_form("/login", &[("email", "nobody@ljusbild.se"), ("password", "fel lösenord helt")]).await;
    assert_eq!(wrong.status, unknown.status);
    assert!(wrong.body.contains("E-postadressen eller lösenordet stämmer inte"));
    let strip = |s: &str, email: &str| s.replace(email, "").replace(char::is_alphanumeric, "");
    assert_eq!(strip(&wrong.body, "anna@ljusbild.se").len(), strip(&unknown.body, "nobody@ljusbild.se").len());
    assert!(b.session_cookie().is_none());
}

#[tokio::test]
async fn forgot_password_answers_the_same_and_the_reset_ends_every_session() {
    let app = TestApp::new().await;
    let mut laptop = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut phone = app.browser();
    phone.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert!(phone.get("/account").await.status.is_success());

    let mut anon = app.browser();
    let known = anon.post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await;
    let unknown = anon.post_form("/password/forgot", &[("email", "nobody@ljusbild.se")]).await;
    assert_eq!(known.status, StatusCode::SEE_OTHER);
    assert_eq!(known.location(), unknown.location());
    app.run_jobs().await;
    assert_eq!(app.mails_to("nobody@ljusbild.se")[0].subject, "Återställning av lösenord för CPS");
    let link = app.link_in_last_mail("anna@ljusbild.se");
    assert!(link.starts_with("/password/reset/"));

    let new_password = "ett helt nytt lösenord";
    let res = anon.post_form(&link, &[("password", new_password), ("password_confirm", new_password)]).await;
    assert_eq!(res.location(), Some("/login"));
    for b in [&mut laptop, &mut phone] {
        let res = b.get("/account").await;
        assert_eq!(res.location(), Some("/login"), "sessions end at a reset");
    }
    let res = anon.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", new_password)]).await;
    assert_eq!(res.location(), Some("/products"));
    app.run_jobs().await;
    assert_eq!(
        app.mails_to("anna@ljusbild.se").last().map(|m| m.subject.as_str()),
        Some("Ditt lösenord för CPS har ändrats")
    );
}

#[tokio::test]
async fn reset_links_expire_after_an_hour() {
    let app = TestApp::new().await;
    let _m = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut b = app.browser();
    b.post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    app.advance(Duration::minutes(61));
    let res = b
        .post_form(&link, &[("password", "ett helt nytt lösenord"), ("password_confirm", "ett helt nytt lösenord")])
        .await;
    assert_eq!(res.status, StatusCode::GONE);
}

#[tokio::test]
async fn login_gives_a_new_session_id_and_logout_ends_it() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let first = b.session_cookie().expect("logged in");
    let stolen = b.clone();
    let res = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "logging in again while logged in works");
    let second = b.session_cookie().expect("still logged in");
    assert_ne!(first, second, "a new id at login");
    let mut old = stolen;
    assert_eq!(old.get("/account").await.location(), Some("/login"), "the old id no longer works");

    let mut copy = b.clone();
    let res = b.post_form("/logout", &[]).await;
    assert_eq!(res.location(), Some("/login"));
    assert!(b.session_cookie().is_none());
    assert_eq!(copy.get("/account").await.location(), Some("/login"), "logout destroys the session on the server");
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_and_after_12_hours() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.advance(Duration::minutes(29));
    assert_eq!(b.get("/account").await.status, StatusCode::OK);
    app.advance(Duration::minutes(31));
    let res = b.get("/account").await;
    assert_eq!(res.location(), Some("/login"));
    assert!(b.get("/login").await.body.contains("inaktiv"), "says why");

    let mut b = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    for _ in 0..40 {
        app.advance(Duration::minutes(20));
        if b.get("/account").await.status != StatusCode::OK {
            break;
        }
    }
    assert_eq!(b.get("/account").await.location(), Some("/login"), "ended by the absolute limit");
}

#[tokio::test]
async fn login_is_throttled_per_account_and_place_without_locking_the_reset_path() {
    let app = TestApp::new().await;
    let _m = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut attacker = app.browser();
    for _ in 0..5 {
        let res =
            attacker.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "gissning nummer ett")]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let res = attacker.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "a delay after five failures from one place");
    assert!(res.body.contains("För många misslyckade inloggningar"));
    let unknown = attacker.post_form("/login", &[("email", "nobody@ljusbild.se"), ("password", "gissning")]).await;
    assert_eq!(unknown.status, StatusCode::OK, "other addresses are not affected");
    let mut owner = app.browser();
    owner.ip = "198.51.100.7".into();
    let res = owner.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "another place is not held back");

    app.advance(Duration::seconds(2));
    let res = attacker.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "the delay passes");

    // The reset path stays open while logins are throttled, and a reset clears the failures of every place.
    let mut attacker = app.browser();
    for _ in 0..12 {
        attacker.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "gissning")]).await;
    }
    let res = owner.post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await;
    assert_eq!(res.location(), Some("/password/forgot/sent"));
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    let res = owner
        .post_form(&link, &[("password", "ett helt nytt lösenord"), ("password_confirm", "ett helt nytt lösenord")])
        .await;
    assert_eq!(res.location(), Some("/login"));
    let res =
        attacker.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "ett helt nytt lösenord")]).await;
    assert_eq!(res.location(), Some("/products"), "a reset clears the failures");
}

#[tokio::test]
async fn login_is_limited_per_ip() {
    let app = TestApp::with(Options { login_per_ip_per_minute: 3, ..Options::default() }).await;
    let mut b = app.browser();
    for i in 0..3 {
        let email = format!("user{i}@x.se");
        let res = b.post_form("/login", &[("email", &email), ("password", "gissning")]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let res = b.post_form("/login", &[("email", "user9@x.se"), ("password", "gissning")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let mut elsewhere = app.browser();
    elsewhere.ip = "203.0.113.9".into();
    let res = elsewhere.post_form("/login", &[("email", "user9@x.se"), ("password", "gissning")]).await;
    assert_eq!(res.status, StatusCode::OK, "another address is not limited");
}

#[tokio::test]
async fn account_settings_change_company_language_old_email_and_password() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let page = b.get("/account").await;
    assert!(page.body.contains("value=\"Ljus AB\""));

    let mut company = signup_form("", "Ljus & Bild Studio AB");
    company.retain(|(k, _)| !["email", "language", "old_email"].contains(k));
    let res = b.post_form("/account/company", &company).await;
    assert_eq!(res.location(), Some("/account"));
    let page = b.get("/account").await;
    assert!(page.body.contains("value=\"Ljus &#38; Bild Studio AB\""));
    assert!(page.body.contains("Ändringarna är sparade"));

    let mut bad = company.clone();
    bad.retain(|(k, _)| *k != "city");
    bad.push(("city", ""));
    let res = b.post_form("/account/company", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Ange ort."));

    let res = b.post_form("/account/old-email", &[("old_email", "anna@gamla.se")]).await;
    assert_eq!(res.location(), Some("/account"));
    assert!(b.get("/account").await.body.contains("value=\"anna@gamla.se\""));

    let res = b.post_form("/account/language", &[("language", "en")]).await;
    assert_eq!(res.location(), Some("/account"));
    assert!(b.get("/account").await.body.contains("Account settings"), "the portal speaks English now");

    let mut other_device = app.browser();
    other_device.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    let wrong = b
        .post_form(
            "/account/password",
            &[
                ("current_password", "inte rätt alls"),
                ("password", "nytt lösenord här"),
                ("password_confirm", "nytt lösenord här"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The current password is not right"));
    let res = b
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "nytt lösenord här"),
                ("password_confirm", "nytt lösenord här"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/account"));
    assert_eq!(b.get("/account").await.status, StatusCode::OK, "this browser stays logged in");
    assert_eq!(other_device.get("/account").await.location(), Some("/login"), "other sessions end");
}

#[tokio::test]
async fn a_business_sees_only_its_own_account() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@studio.se", "Bo Studio AB", PASSWORD).await;
    let a = anna.get("/account").await.body;
    let b = bo.get("/account").await.body;
    assert!(a.contains("Ljus AB") && !a.contains("Bo Studio AB"));
    assert!(b.contains("Bo Studio AB") && !b.contains("Ljus AB"));
}

#[tokio::test]
async fn the_language_follows_the_browser_until_the_member_chooses() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.lang = "en-GB,en;q=0.9".into();
    assert!(b.get("/login").await.body.contains("<html lang=\"en\">"));
    let res = b.post_form("/language", &[("lang", "sv"), ("next", "/login")]).await;
    assert_eq!(res.location(), Some("/login"));
    let page = b.get("/login").await;
    assert!(page.body.contains("<html lang=\"sv\">") && page.body.contains("Logga in"));
    let res = b.post_form("/language", &[("lang", "en"), ("next", "https://evil.example/")]).await;
    assert_eq!(res.location(), Some("/"), "no open redirect");
}

#[tokio::test]
async fn changing_the_password_spends_open_reset_and_activation_links() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut other = app.browser();
    other.post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await;
    app.run_jobs().await;
    let link = app.link_in_last_mail("anna@ljusbild.se");
    assert!(link.starts_with("/password/reset/"));
    let res = b
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "nytt lösenord här"),
                ("password_confirm", "nytt lösenord här"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/account"));
    assert_eq!(other.get(&link).await.status, StatusCode::GONE, "the reset link died with the change");
    let res = other
        .post_form(&link, &[("password", "angriparens lösenord"), ("password_confirm", "angriparens lösenord")])
        .await;
    assert_eq!(res.status, StatusCode::GONE);
    let res = other.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", "nytt lösenord här")]).await;
    assert_eq!(res.location(), Some("/products"), "the new password stands");
}
