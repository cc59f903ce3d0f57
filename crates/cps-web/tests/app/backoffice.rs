//! The back office: staff need a password and a TOTP code, each role sees
//! only its tools, every action is in the append-only audit log, and what
//! staff do reaches the member (answers, points, invoices).

use crate::harness::{Browser, TestApp, TestResponse};
use axum::body::Body;
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::staff::StaffRole;
use cps_web::staff_routes::{self, Access, Method, ROUTES, StaffRoute};

const PASSWORD: &str = "fyra ord i rad kamera";

/// A back-office route as a browser calls it: its parameters filled in, an
/// upload as a multipart form (with the CSRF token and an empty file).
async fn hit(b: &mut Browser, r: &StaffRoute) -> TestResponse {
    let path = r.path.replace("{id}", "1").replace("{reference}", "S-100001").replace("{number}", "SR-2026-000001");
    match (r.method, r.body) {
        (Method::Get, _) => b.get(&path).await,
        (Method::Post, staff_routes::Body::Form) => b.post_form(&path, &[]).await,
        (Method::Post, staff_routes::Body::Upload) => {
            b.post_multipart(&path, &[("kind", "catalogue")], ("empty.csv", "")).await
        }
    }
}

/// Walks the router's own table of back-office routes (`cps_web::staff_routes`),
/// so a route added there is checked here without editing this test.
#[tokio::test]
async fn every_back_office_route_refuses_members_the_wrong_role_and_staff_without_the_second_factor() {
    let app = TestApp::new().await;
    // Staff user 1, whom the `/admin/staff/1/...` actions act on.
    app.create_staff("other@cps.test", StaffRole::Support).await;
    let mut member = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut support = app.staff("sam@cps.test", StaffRole::Support).await;
    let mut finance = app.staff("fia@cps.test", StaffRole::Finance).await;
    let mut admin = app.staff("ada@cps.test", StaffRole::Admin).await;
    let mut service = app.staff("svea@cps.test", StaffRole::Service).await;
    app.create_staff("half@cps.test", StaffRole::Admin).await;
    let mut half = app.staff_password_only("half@cps.test").await;
    let mut anonymous = app.browser();
    let mut walked = 0;
    for r in ROUTES.iter().filter(|r| r.access != Access::SignIn) {
        walked += 1;
        assert_eq!(hit(&mut member, r).await.status, StatusCode::FORBIDDEN, "member: {r:?}");
        assert_eq!(hit(&mut half, r).await.status, StatusCode::FORBIDDEN, "no second factor: {r:?}");
        assert_eq!(hit(&mut anonymous, r).await.location(), Some("/admin/login"), "anonymous: {r:?}");
        for (browser, who) in [
            (&mut support, StaffRole::Support),
            (&mut finance, StaffRole::Finance),
            (&mut service, StaffRole::Service),
            (&mut admin, StaffRole::Admin),
        ] {
            let may = match r.access {
                Access::Tool(tool) => who.may_use(tool),
                Access::AnyStaff | Access::SignIn => true,
            };
            let status = hit(browser, r).await.status;
            if may {
                assert!(
                    status != StatusCode::FORBIDDEN && !status.is_server_error(),
                    "{who:?} may: {r:?} answered {status}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who:?} may not: {r:?}");
            }
        }
    }
    assert!(walked >= 28, "the table holds the back office ({walked} routes walked)");
    for path in ["/admin/staff", "/admin/payments/upload", "/admin/catalogue/upload"] {
        assert!(ROUTES.iter().any(|r| r.method == Method::Post && r.path == path), "POST {path} is walked");
    }
    // The member's own pages do not open for a staff cookie either.
    assert_eq!(support.get("/products").await.location(), Some("/login"));
}

#[tokio::test]
async fn the_second_factor_is_a_fresh_totp_code_used_once() {
    let app = TestApp::new().await;
    let secret = app.create_staff("fia@cps.test", StaffRole::Finance).await;
    let mut b = app.browser();
    let res = b.post_form("/admin/login", &[("email", "fia@cps.test"), ("password", "wrong password here")]).await;
    assert!(res.location().is_none() && res.body.contains("stämmer inte"), "{}", res.body);
    let mut b = app.staff_password_only("fia@cps.test").await;
    let res = b.post_form("/admin/totp", &[("code", "000000")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b.get("/admin/invoices").await.status, StatusCode::FORBIDDEN, "still no way in");
    // A code from ten minutes ago is no good.
    let old = cps_domain::totp::code_at(&secret, (app.clock_now() - Duration::minutes(10)).timestamp());
    assert_eq!(b.post_form("/admin/totp", &[("code", &old)]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = app.totp_now(&secret);
    let res = b.post_form("/admin/totp", &[("code", &code)]).await;
    assert_eq!(res.location(), Some("/admin"));
    assert_eq!(b.get("/admin").await.location(), Some("/admin/invoices"), "finance starts at invoices");
    assert_eq!(b.get("/admin/invoices").await.status, StatusCode::OK);
    // The same code cannot open a second session.
    let mut thief = app.staff_password_only("fia@cps.test").await;
    assert_eq!(thief.post_form("/admin/totp", &[("code", &code)]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Logging in with both factors is in the audit log; logging out ends the session.
    let log = app.store.audit_log("staff.login", 10).await.expect("audit");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "fia@cps.test");
    let res = b.post_form("/admin/logout", &[]).await;
    assert_eq!(res.location(), Some("/admin/login"));
    assert_eq!(b.get("/admin/invoices").await.location(), Some("/admin/login"));
}

#[tokio::test]
async fn support_answers_a_case_adjusts_points_and_every_action_is_audited() {
    let app = TestApp::new().await;
    let mut member = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let res = member
        .post_form("/support", &[("topic", "points"), ("message", "Var är mina poäng för EOS R5?"), ("product", "")])
        .await;
    let case = res.location().expect("case").to_owned();
    let reference = case.trim_start_matches("/support/").to_owned();
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let queue = sam.get("/admin/tickets").await.body;
    assert!(queue.contains(&reference), "the case is in the queue");
    let found = sam.get("/admin/businesses?q=anna%40ljusbild.se").await.body;
    assert!(found.contains("href=\"/admin/businesses/1\""), "found by a user's email");
    assert!(sam.get("/admin/businesses?q=ljus").await.body.contains("Ljus AB"), "and by name");

    let res = sam.post_form(&format!("/admin/tickets/{reference}/reply"), &[("body", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty answer is refused");
    let res = sam
        .post_form(&format!("/admin/tickets/{reference}/reply"), &[("body", "Vi har lagt till 150 poäng för kameran.")])
        .await;
    assert_eq!(res.location(), Some(format!("/admin/tickets/{reference}").as_str()));
    let res = sam.post_form("/admin/businesses/1/points", &[("amount", "150"), ("reason", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    // The error summary links to the reason field of this form, which shows the error.
    let target = res.body.split("<a href=\"#").nth(1).and_then(|r| r.split('"').next()).expect("a summary link");
    assert!(target.ends_with("-reason"), "{target}");
    assert!(res.body.contains(&format!("id=\"{target}\"")), "{target} on the page");
    assert!(res.body.contains(&format!("id=\"{target}-error\"")), "{target} shows the error");
    assert_eq!(app.store.balance(1).await.expect("balance"), 0, "and nothing changed");
    let res = sam
        .post_form("/admin/businesses/1/points", &[("amount", "150"), ("reason", "EOS R5 registrerad i gamla CPS")])
        .await;
    assert_eq!(res.location(), Some("/admin/businesses/1"));

    app.run_jobs().await;
    let mail = app
        .mails_to("anna@ljusbild.se")
        .into_iter()
        .find(|m| m.subject.starts_with("CPS Priority Support har svarat"))
        .expect("the member is told");
    assert!(mail.text.contains(&case), "with a link to the case: {}", mail.text);
    let page = member.get(&case).await.body;
    assert!(page.contains("Vi har lagt till 150 poäng") && page.contains("CPS Priority Support"), "{page}");
    let history = member.get("/products/history").await.body;
    assert!(history.contains("EOS R5 registrerad i gamla CPS") && history.contains("150"), "{history}");

    let log = app.store.audit_log("", 50).await.expect("audit");
    let actions: Vec<_> = log.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"ticket.reply") && actions.contains(&"points.adjust"), "{actions:?}");
    let points = log.iter().find(|a| a.action == "points.adjust").expect("entry");
    assert_eq!(points.actor, "sam@cps.test");
    assert_eq!(points.target, "business:1");
    assert_eq!(points.before.as_deref(), Some(r#"{"balance":0}"#));
    assert!(points.after.as_deref().is_some_and(|a| a.contains("\"balance\":150")));
    assert_eq!(points.reason.as_deref(), Some("EOS R5 registrerad i gamla CPS"));
    // An admin searches the log; support may not read it.
    assert_eq!(sam.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
    let mut admin = app.staff("ada@cps.test", StaffRole::Admin).await;
    let page = admin.get("/admin/audit?q=gamla+cps").await.body;
    assert!(
        page.contains("Poäng justerade") && !page.contains("Svar på supportärende"),
        "the search narrows the log (actions by their labels): {page}"
    );
    // Before/after by their labels; the stored JSON folded away as technical detail.
    assert!(page.contains("<dt>Poängsaldo</dt><dd>0</dd>"), "{page}");
    assert!(
        page.contains(r#"<details><summary>Teknisk detalj (JSON)</summary><span class="pre">{&quot;balance&quot;:0}"#)
            || page.contains(
                r#"<details><summary>Teknisk detalj (JSON)</summary><span class="pre">{&#34;balance&#34;:0}"#
            ),
        "{page}"
    );
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_emptied() {
    let app = TestApp::new().await;
    app.create_staff("ada@cps.test", StaffRole::Admin).await;
    assert_eq!(app.store.audit_log("", 10).await.expect("audit").len(), 1, "creating staff is audited");
    for sql in ["UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"] {
        assert!(app.store.execute_unprepared(sql).await.is_err(), "{sql} must fail");
    }
    assert_eq!(app.store.audit_log("", 10).await.expect("audit").len(), 1);
}

#[tokio::test]
async fn a_disputed_serial_moves_with_its_points_and_both_businesses_are_told() {
    let app = TestApp::new().await;
    let mut holder = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let res = holder
        .post_form(
            "/products",
            &[
                ("model", "EOS-5D-MK3"),
                ("serial", "0123-4567-8901"),
                ("purchase_date", "2014-03-01"),
                ("purchase_country", "SE"),
                ("retailer", "Kamerahuset"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let held = app.store.balance(1).await.expect("balance");
    assert!(held > 0);
    let _claimant = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    assert!(sam.get("/admin/businesses?q=0123-4567-8901").await.body.contains("Ljus AB"), "found by serial");
    let res = sam
        .post_form(
            "/admin/businesses/2/serial",
            &[("serial", "0123-4567-8901"), ("decision", "move"), ("reason", "Kvitto visat")],
        )
        .await;
    assert_eq!(res.location(), Some("/admin/businesses/2"), "{}", res.body);
    assert_eq!(app.store.balance(1).await.expect("balance"), 0);
    assert_eq!(app.store.balance(2).await.expect("balance"), held, "the points moved with it");
    assert_eq!(app.store.products(2).await.expect("products").len(), 1);
    app.run_jobs().await;
    assert!(app.mails_to("anna@ljusbild.se").iter().any(|m| m.subject.contains("har flyttats")));
    assert!(app.mails_to("bo@studio.se").iter().any(|m| m.subject.contains("är nu ert")));
    assert!(app.store.audit_log("serial.move", 5).await.expect("audit").len() == 1);
}

#[tokio::test]
async fn finance_marks_paid_credits_and_works_through_a_bank_file() {
    let app = TestApp::new().await;
    app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    for id in [1, 2] {
        app.silver_order(id, id, cps_store::memberships::PaymentMethod::BankTransfer).await;
        app.advance(Duration::minutes(61));
        app.run_jobs().await;
    }
    let mut member = app.browser();
    let res = member.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"));
    let second = app.store.invoices(1).await.expect("invoices").remove(0);
    let first = app.store.invoices(2).await.expect("invoices").remove(0);
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    // Support finds the business by its invoice number and its membership number.
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let by_invoice = sam.get(&format!("/admin/businesses?q={}", second.document.number)).await.body;
    assert!(by_invoice.contains("Ljus AB") && !by_invoice.contains("Bo AB"), "{by_invoice}");
    let number = app.store.memberships(1).await.expect("m")[0].number.display();
    let by_membership = sam.get(&format!("/admin/businesses?q={}", number.replace(' ', "+"))).await.body;
    assert!(by_membership.contains("Ljus AB") && !by_membership.contains("Bo AB"), "{number}: {by_membership}");
    let list = fia.get("/admin/invoices?status=issued").await.body;
    assert!(list.contains(&first.document.number) && list.contains(&second.document.number));

    // Mark the first paid by hand, with a reason.
    let res = fia.post_form(&format!("/admin/invoices/{}/paid", first.id), &[("reason", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = fia
        .post_form(&format!("/admin/invoices/{}/paid", first.id), &[("reason", "Kontant på mässan, kvitto 17")])
        .await;
    assert_eq!(res.location(), Some(format!("/admin/invoices/{}", first.id).as_str()));
    assert_eq!(
        app.store.invoice(2, first.id).await.expect("i").expect("found").status,
        cps_domain::status::InvoiceStatus::Paid
    );
    assert!(fia.get("/admin/invoices?status=paid").await.body.contains(&first.document.number));

    // Credit the second: a credit note with its own number; the invoice itself is unchanged.
    let res = fia.post_form(&format!("/admin/invoices/{}/credit", second.id), &[("reason", "Dubbelbeställning")]).await;
    let credit_page = res.location().expect("to the credit note").to_owned();
    let credit_id: i64 = credit_page.rsplit('/').next().expect("id").parse().expect("number");
    let credit = app.store.invoice(1, credit_id).await.expect("i").expect("found");
    assert_eq!(credit.document.number, "CPSK-2026-000001");
    assert_eq!(credit.document.total_minor, -second.document.total_minor);
    assert_eq!(
        credit.document.credits.as_ref().map(|c| c.invoice_number.as_str()),
        Some(second.document.number.as_str())
    );
    let after = app.store.invoice(1, second.id).await.expect("i").expect("found");
    assert_eq!(after.status, cps_domain::status::InvoiceStatus::Credited);
    assert_eq!(after.document, second.document, "an issued invoice never changes");
    let xml = member.get(&format!("/invoices/{credit_id}/ubl.xml")).await.body;
    assert!(xml.contains("<CreditNote") && xml.contains("<cbc:CreditNoteTypeCode>381"), "{xml}");
    assert!(member.get("/invoices").await.body.contains("CPSK-2026-000001"), "the member sees the credit note");
    let page = member.get(&format!("/invoices/{credit_id}")).await.body;
    assert!(page.contains("Kreditfaktura CPSK-2026-000001") && page.contains("Dubbelbeställning"), "{page}");
    assert!(
        page.contains(&second.document.number) && !page.contains("Förfallodatum"),
        "refers to the invoice, nothing due"
    );
    app.run_jobs().await;
    assert!(
        app.mails_to("anna@ljusbild.se")
            .iter()
            .any(|m| m.subject == "Kreditfaktura CPSK-2026-000001 för faktura CPS-2026-000001"),
        "the member is told"
    );
    let res = fia.post_form(&format!("/admin/invoices/{}/credit", second.id), &[("reason", "igen")]).await;
    assert!(res.location().is_some_and(|l| l.ends_with(&second.id.to_string())), "credited once only");

    // A bank file with a payment nobody can place; finance settles it by hand.
    let file = crate::billing::camt054(&[("TX-9", "99.00", "SEK", None, "Betalning utan referens")]);
    let token = fia.csrf_token().await;
    let boundary = "XBOUNDARYX";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank.xml\"\r\nContent-Type: text/xml\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    let req = fia
        .request("POST", "/admin/payments/upload")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body.clone()))
        .expect("request");
    let res = fia.send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Att granska: 1") && res.body.contains("TX-9"), "{}", res.body);
    let forged = body.replace(&token, &"0".repeat(token.len()));
    let req = fia
        .request("POST", "/admin/payments/upload")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(forged))
        .expect("request");
    assert_eq!(fia.send(req).await.status, StatusCode::FORBIDDEN, "the upload checks CSRF too");
    let unmatched = app.store.unmatched_payments().await.expect("list");
    assert_eq!(unmatched.len(), 1);
    let res = fia
        .post_form(
            &format!("/admin/payments/{}/resolve", unmatched[0].id),
            &[("resolution", "handled"), ("invoice", ""), ("reason", "Återbetald till avsändaren")],
        )
        .await;
    assert_eq!(res.location(), Some("/admin/payments"));
    assert!(app.store.unmatched_payments().await.expect("list").is_empty());
    let actions: Vec<_> = app.store.audit_log("", 50).await.expect("audit").into_iter().map(|a| a.action).collect();
    for a in ["invoice.mark_paid", "invoice.credit", "bank.import", "payment.resolve"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited: {actions:?}");
    }
}

#[tokio::test]
async fn support_approves_a_migration_claim_the_mail_cannot_prove() {
    let app = TestApp::new().await;
    let mut member = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let res = member.post_form("/account/old-email", &[("old_email", "anna@nedlagd.se")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let page = sam.get("/admin/businesses/1").await.body;
    assert!(page.contains("anna@nedlagd.se") && page.contains("/admin/businesses/1/migration"), "{page}");
    let res = sam.post_form("/admin/businesses/1/migration", &[("reason", "Gammal faktura från 2019 visad")]).await;
    assert_eq!(res.location(), Some("/admin/businesses/1"));
    let state = app.store.migration_state(1).await.expect("state");
    assert!(!matches!(state, cps_store::legacy::MigrationState::NotProven { .. }), "{state:?}");
    let again = sam.post_form("/admin/businesses/1/migration", &[("reason", "igen igen")]).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "once only");
    assert_eq!(app.store.audit_log("migration.approve", 5).await.expect("audit").len(), 1);
}

#[tokio::test]
async fn an_invited_colleague_sees_the_business_but_only_owners_manage_users_and_payment() {
    let app = TestApp::new().await;
    let mut owner = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut stranger = app.member("bo@studio.se", "Bo AB", PASSWORD).await;
    let res = owner
        .post_form(
            "/products",
            &[
                ("model", "EOS-5D-MK3"),
                ("serial", "0123-4567-8901"),
                ("purchase_date", "2014-03"),
                ("purchase_country", "SE"),
                ("retailer", "Kamerahuset"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = owner.post_form("/account/users", &[("invite_email", "kalle@ljusbild.se")]).await;
    assert_eq!(res.location(), Some("/account"));
    // Inviting someone who has an account elsewhere looks the same and moves nobody.
    let res = owner.post_form("/account/users", &[("invite_email", "bo@studio.se")]).await;
    assert_eq!(res.location(), Some("/account"));
    app.run_jobs().await;
    let link = app.link_in_last_mail("kalle@ljusbild.se");
    let mut colleague = app.browser();
    assert!(colleague.get(&link).await.body.contains("Ljus AB"), "the invitation names the business");
    let res = colleague
        .post_form(
            &format!("{link}/accept"),
            &[("password", "kollegans eget lösenord"), ("password_confirm", "kollegans eget lösenord")],
        )
        .await;
    assert_eq!(res.location(), Some("/login"), "{}", res.body);
    let res =
        colleague.post_form("/login", &[("email", "kalle@ljusbild.se"), ("password", "kollegans eget lösenord")]).await;
    assert_eq!(res.location(), Some("/products"));
    let product = app.store.products(1).await.expect("products")[0].id;
    assert!(colleague.get("/products").await.body.contains(&format!("/products/{product}")), "the same products");
    assert_eq!(colleague.get(&format!("/products/{product}")).await.status, StatusCode::OK);
    assert!(owner.get("/account").await.body.contains("kalle@ljusbild.se"), "the owner sees the user");
    assert_eq!(app.store.business_users(2).await.expect("users").len(), 1, "the other business is untouched");
    // A member of the business does not manage users or pay.
    assert_eq!(
        colleague.post_form("/account/users", &[("invite_email", "x@ljusbild.se")]).await.status,
        StatusCode::FORBIDDEN
    );
    let res = colleague.post_form("/account/old-email", &[("old_email", "x@gamla.se")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "the legacy claim is the owner's");
    let res = colleague
        .post_form(
            "/checkout/confirm",
            &[("tier", "SILVER"), ("years", "1"), ("method", "bank_transfer"), ("key", &"k".repeat(40))],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Another business's data stays out of reach.
    let theirs = app.store.products(1).await.expect("products")[0].id;
    assert_eq!(stranger.get(&format!("/products/{theirs}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_previews_a_catalogue_and_tiers_upload_before_applying_it() {
    let app = TestApp::new().await;
    let mut ada = app.staff("ada@cps.test", StaffRole::Admin).await;
    let before = app.store.catalogue_item("EOS-5D-MK3").await.expect("item").expect("known").points;
    assert_eq!(before, 235);
    let shipped = cps_domain::catalogue::shipped();
    let mut lines: Vec<String> = shipped.lines().map(str::to_owned).collect();
    let at = lines.iter().position(|l| l.starts_with("EOS-5D-MK3,")).expect("5D in the shipped file");
    lines[at] = lines[at].replacen(",235,", ",300,", 1);
    lines.push("EOS-R99,EOS R99,camera,2026-11-01,400,############,".into());
    let csv = lines.join("\n");

    let res = ada
        .post_multipart(
            "/admin/catalogue/upload",
            &[("kind", "catalogue")],
            ("catalogue.csv", "model_code,name\nbroken"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an invalid file is refused whole");
    let res = ada.post_multipart("/admin/catalogue/upload", &[("kind", "catalogue")], ("catalogue.csv", &csv)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Tillagda: 1. Ändrade: 1."), "{}", res.body);
    assert!(res.body.contains("EOS-R99") && res.body.contains("300"), "the changes are listed");
    assert_eq!(
        app.store.catalogue_item("EOS-5D-MK3").await.expect("item").expect("known").points,
        235,
        "a preview changes nothing"
    );
    let at = res.body.find("action=\"/admin/catalogue/apply/").expect("an apply form") + "action=\"".len();
    let apply: String = res.body[at..].chars().take_while(|c| *c != '"').collect();
    let res = ada.post_form(&apply, &[]).await;
    assert_eq!(res.location(), Some("/admin/catalogue"));
    assert_eq!(app.store.catalogue_item("EOS-5D-MK3").await.expect("item").expect("known").points, 300);
    assert!(app.store.catalogue_item("EOS-R99").await.expect("item").is_some());
    let res = ada.post_form(&apply, &[]).await;
    assert_eq!(res.location(), Some("/admin/catalogue"), "applied once only");
    let log = app.store.audit_log("catalogue.import", 5).await.expect("audit");
    assert_eq!(log.len(), 1);
    assert!(log[0].after.as_deref().is_some_and(|a| a.contains("\"changed\":1") && a.contains("sha256")));

    let tiers = cps_domain::tiers::shipped().replacen("min_points = 500", "min_points = 600", 1);
    let res = ada.post_multipart("/admin/catalogue/upload", &[("kind", "tiers")], ("tiers.toml", &tiers)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Ändrad"), "{}", res.body);
    let at = res.body.find("action=\"/admin/catalogue/apply/").expect("an apply form") + "action=\"".len();
    let apply: String = res.body[at..].chars().take_while(|c| *c != '"').collect();
    ada.post_form(&apply, &[]).await;
    assert!(app.store.tiers().await.expect("tiers").iter().any(|t| t.min_points == 600));
    assert_eq!(app.store.audit_log("tiers.import", 5).await.expect("audit").len(), 1);
}

#[tokio::test]
async fn the_service_queue_lists_open_requests_for_support() {
    use cps_domain::service::{ServiceKind, Shipping};
    use cps_store::service::{NewServiceRequest, ReturnAddress};
    let app = TestApp::new().await;
    let _anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.store
        .execute_unprepared(
            "INSERT INTO products (business_id, model_code, serial, purchase_date, purchase_country, retailer, \
             points_earned, completed_at, source, created_at, updated_at) \
             VALUES (1, 'EOS-R5', '061234567890', '2024-01-10', 'SE', 'Kamerabutiken', 280, 1, 'form', 0, 0)",
        )
        .await
        .expect("a complete product");
    let new = NewServiceRequest {
        product_id: 1,
        kind: ServiceKind::Repair,
        shipping: Shipping::DropOff,
        description: "Slutaren fastnar".into(),
        contact_email: cps_domain::Email::parse("anna@ljusbild.se").expect("email"),
        address: ReturnAddress {
            name: "Anna".into(),
            street: "Gatan 1".into(),
            postal_code: "111 21".into(),
            city: "Stockholm".into(),
            country: cps_domain::Country::parse("SE").expect("SE"),
        },
    };
    let r = app.store.create_service_request(1, 1, &new, cps_domain::Lang::Sv, app.clock_now()).await.expect("created");
    let mut sam = app.staff("sam@cps.test", StaffRole::Support).await;
    let page = sam.get("/admin/service").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&r.number), "the request is in the queue");
    assert!(page.body.contains("EOS R5") && page.body.contains("061234567890"));
    assert!(!page.body.contains("service-status-") && !page.body.contains("admin-service-"), "labels, not ids");
    let mut fin = app.staff("fin@cps.test", StaffRole::Finance).await;
    assert_eq!(fin.get("/admin/service").await.status, StatusCode::FORBIDDEN, "not finance's tool");
}
