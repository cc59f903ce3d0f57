//! Languages: nothing shown untranslated, stored values only through their
//! labels, and notices only while they can matter.

use crate::harness::{TestApp, page_text};
use chrono::Duration;
use cps_domain::staff::StaffRole;

const PASSWORD: &str = "fyra ord i rad kamera";

#[tokio::test]
async fn the_back_office_shows_a_membership_standing_not_its_stored_status() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.store
        .staff_adjust_points(1, 600, "test standing", &crate::harness::test_staff(), app.clock_now())
        .await
        .expect("adjust");
    let page = b.get("/checkout/review?tier=SILVER&term=1&method=card&card=sandbox_card_ok").await.body;
    let field = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let at = page.find(&marker).unwrap_or_else(|| panic!("{name} in {page}")) + marker.len();
        page[at..].chars().take_while(|c| *c != '"').collect::<String>()
    };
    let form: Vec<(String, String)> =
        ["tier", "term", "method", "card", "key"].iter().map(|n| ((*n).to_owned(), field(n))).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post_form("/checkout/confirm", &form).await;
    assert_eq!(app.store.order_count(1).await.expect("orders"), 1);

    let mut staff = app.staff("sam@cps.test", StaffRole::Support).await;
    let page = staff.get("/admin/businesses/1").await.body;
    let text = page_text(&page);
    assert!(text.contains("Aktivt"), "the standing's Swedish label: {text}");
    assert!(!text.split_whitespace().any(|w| w == "active"), "no raw status: {text}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_missing_button_notice_is_shown_only_while_the_business_is_new() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let products = b.get("/products").await.body;
    assert!(products.contains("Ser ni inte den blå knappen"), "a new business is told: {products}");
    app.advance(Duration::days(31));
    // A new session: the old one has run out.
    let mut b = app.browser();
    let res = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
    let products = b.get("/products").await.body;
    assert!(products.contains("Mina produkter"), "{products}");
    assert!(!products.contains("Ser ni inte den blå knappen"), "not a month later: {products}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_street_field_asks_the_browser_for_an_address_line() {
    let app = TestApp::new().await;
    let signup = app.browser().get("/signup").await.body;
    assert!(signup.contains("autocomplete=\"address-line1\""), "{signup}");
    assert!(!signup.contains("street-address"), "street-address belongs on a textarea");
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let settings = b.get("/account").await.body;
    assert!(settings.contains("autocomplete=\"address-line1\"") || !settings.contains("name=\"street\""));
    assert!(!settings.contains("street-address"));
    let service = b.get("/service/new").await.body;
    assert!(service.contains("autocomplete=\"address-line1\""), "{service}");
    assert!(!service.contains("street-address"), "the service form's return address too");
    app.run_jobs().await;
}

/// The ids of the source language (every other language has the same, see
/// the tests in cps-i18n).
fn source_ids() -> std::collections::BTreeSet<String> {
    cps_i18n::message_ids(cps_domain::Lang::Sv).into_iter().collect()
}

/// Literals in the code that look like message ids but are something else.
const NOT_MESSAGE_IDS: &[&str] = &[
    // An FAQ anchor.
    "bank-fees",
    // Catalogue line errors are written out in English for the file's author.
    "error-serial-pattern-invalid",
];

fn is_id_like(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts.next().is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()));
    first_ok
        && s.contains('-')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Every quoted literal of a source text.
fn literals(src: &str) -> Vec<String> {
    src.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn every_message_id_the_templates_and_the_code_use_exists() {
    let ids = source_ids();
    let firsts: std::collections::BTreeSet<&str> = ids.iter().filter_map(|id| id.split('-').next()).collect();
    let known = |lit: &str| {
        ids.contains(lit)
            || ids.iter().any(|id| id.starts_with(&format!("{lit}-")))
            || ids.iter().any(|id| id.starts_with(&format!("mail-{lit}-")))
            || NOT_MESSAGE_IDS.contains(&lit)
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut unknown = Vec::new();
    let mut checked = 0;
    let mut walk = vec![
        root.join("cps-web/src"),
        root.join("cps-web/templates"),
        root.join("cps-jobs/src"),
        root.join("cps-jobs/templates"),
        root.join("cps-billing/src"),
        root.join("cps-domain/src"),
        root.join("cps-store/src"),
    ];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk.push(path);
                continue;
            }
            let Ok(src) = std::fs::read_to_string(&path) else { continue };
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let used: Vec<String> = match ext {
                // In a template only what is looked up is an id (the rest are CSS classes).
                "html" | "txt" => ["t(\"", "t_args(\"", "hint(i, \""]
                    .iter()
                    .flat_map(|call| {
                        src.split(call).skip(1).map(|rest| rest.split('"').next().unwrap_or("").to_owned())
                    })
                    .collect(),
                "rs" => literals(&src)
                    .into_iter()
                    .map(|lit| {
                        // `format!("admin-method-{}", …)`: the prefix must name messages.
                        lit.split('{').next().unwrap_or("").trim_end_matches('-').to_owned()
                    })
                    .filter(|lit| is_id_like(lit) && lit.split('-').next().is_some_and(|f| firsts.contains(f)))
                    .collect(),
                _ => Vec::new(),
            };
            for lit in used {
                checked += 1;
                if !known(&lit) {
                    unknown.push(format!("{}: {lit}", path.display()));
                }
            }
        }
    }
    assert!(checked > 500, "the sources are read ({checked} uses)");
    assert!(unknown.is_empty(), "message ids used but not defined: {unknown:#?}");
}

/// Every stored value that is shown to anyone, with the prefix of its label.
fn labels() -> Vec<String> {
    use cps_domain::membership::Standing;
    let mut out = Vec::new();
    let mut add = |prefix: &str, values: &[&str]| out.extend(values.iter().map(|v| format!("{prefix}-{v}")));
    add(
        "admin-method",
        &[
            cps_store::memberships::PaymentMethod::Card.as_str(),
            cps_store::memberships::PaymentMethod::BankTransfer.as_str(),
        ],
    );
    // Invoice statuses as the store writes them (`invoices.status`).
    add("admin-invoice-status", &["issued", "paid", "credited", "credit"]);
    add("invoice-status", &["issued", "paid", "credited", "credit-note"]);
    // Ticket statuses (`tickets.status`).
    add("support-status", &["open", "answered", "closed"]);
    let staff: Vec<&str> = cps_domain::staff::StaffRole::ALL.iter().map(|r| r.as_str()).collect();
    add("admin-role", &staff);
    let members = [cps_domain::mail::Role::Owner.as_str(), cps_domain::mail::Role::Member.as_str()];
    add("admin-role", &members);
    add("role", &members);
    let topics: Vec<&str> = cps_domain::support::Topic::ALL.iter().map(|t| t.as_str()).collect();
    add("support-topic", &topics);
    let filters: Vec<&str> = cps_store::backoffice::InvoiceFilter::ALL.iter().map(|f| f.as_str()).collect();
    add("admin-filter", &filters);
    let jobs: Vec<&str> = cps_store::jobs::JobKind::ALL.iter().map(|k| k.as_str()).collect();
    add("admin-job-kind", &jobs);
    let actions: Vec<String> = cps_store::staff::AUDIT_ACTIONS.iter().map(|a| a.replace('.', "-")).collect();
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    add("admin-audit-action", &actions);
    for standing in [
        Standing::Active,
        Standing::PaymentDue,
        Standing::Overdue,
        Standing::Suspended,
        Standing::Expired,
        Standing::Upgraded,
        Standing::Upcoming,
    ] {
        out.push(standing.message_id().to_owned());
    }
    out
}

#[test]
fn every_status_role_and_method_shown_has_a_label_in_every_language() {
    let ids = source_ids();
    let missing: Vec<String> = labels().into_iter().filter(|id| !ids.contains(id)).collect();
    assert!(missing.is_empty(), "stored values without a label: {missing:?}");
    for lang in cps_domain::Lang::ALL {
        let i = cps_i18n::I18n::new(lang);
        let raw: Vec<String> = labels().into_iter().filter(|id| i.t(id) == *id).collect();
        assert!(raw.is_empty(), "{lang:?}: {raw:?}");
    }
}

#[test]
fn every_audit_action_the_store_writes_is_listed_for_its_label() {
    // The store writes each action as a literal `noun.verb`.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cps-store/src");
    let mut written = std::collections::BTreeSet::new();
    let mut walk = vec![dir];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(&dir).expect("read").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&path).expect("source");
                written.extend(literals(&src).into_iter().filter(|l| {
                    l.split_once('.').is_some_and(|(a, b)| {
                        !a.is_empty()
                            && !b.is_empty()
                            && l.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                            && !b.contains('.')
                            // A Stripe event name, not an audit action.
                            && *l != "payment_intent.succeeded"
                    })
                }));
            }
        }
    }
    let listed: std::collections::BTreeSet<String> =
        cps_store::staff::AUDIT_ACTIONS.iter().map(|a| (*a).to_owned()).collect();
    assert!(written.len() >= 19, "the sources are read: {written:?}");
    let unlisted: Vec<&String> = written.difference(&listed).collect();
    assert!(unlisted.is_empty(), "audit actions without a label: {unlisted:?}");
}

/// Words that must never be a page's text: message ids and stored values
/// (the stored values are English words, so they are looked for on the pages
/// in the other languages).
fn raw_values_in(text: &str, ids: &std::collections::BTreeSet<String>, lang: cps_domain::Lang) -> Vec<String> {
    const RAW: &[&str] = &[
        "active",
        "suspended",
        "upgraded",
        "awaiting_invoice",
        "bank_transfer",
        "issued",
        "credited",
        "answered",
        "reverse_charge",
        "outside_eu",
        "domestic",
    ];
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';' | '(' | ')' | '"' | '”' | '“'))
        .filter(|w| {
            ids.contains(*w)
                || (lang != cps_domain::Lang::En
                    && (RAW.contains(w) || cps_store::jobs::JobKind::ALL.iter().any(|k| k.as_str() == *w)))
        })
        // Audit actions (`staff.login`) hold a dot: looked for whole, in every language.
        .chain(text.split_whitespace().filter(|w| cps_store::staff::AUDIT_ACTIONS.contains(w)))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn no_page_shows_a_message_id_or_a_stored_value_in_any_language() {
    let app = TestApp::new().await;
    let mut b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    app.store
        .staff_adjust_points(1, 2_600, "test standing", &crate::harness::test_staff(), app.clock_now())
        .await
        .expect("adjust");
    let page = b.get("/checkout/review?tier=SILVER&term=1&method=bank_transfer").await.body;
    let field = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        page.find(&marker).map(|at| page[at + marker.len()..].chars().take_while(|c| *c != '"').collect::<String>())
    };
    let form: Vec<(String, String)> =
        ["tier", "term", "method", "key"].iter().filter_map(|n| Some(((*n).to_owned(), field(n)?))).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post_form("/checkout/confirm", &form).await;
    app.advance(Duration::hours(2));
    app.run_jobs().await;
    // A new session: the first has idled out while the invoice was made.
    let res = b.post_form("/login", &[("email", "anna@ljusbild.se"), ("password", PASSWORD)]).await;
    assert_eq!(res.location(), Some("/products"), "{}", res.body);
    // A service request with its quote, for the service pages.
    app.store
        .execute_unprepared(
            "INSERT INTO products (business_id, model_code, serial, purchase_date, purchase_country, retailer, \
             points_earned, completed_at, source, created_at, updated_at) \
             VALUES (1, 'EOS-R5', '012345678901', '2024-01-10', 'SE', 'Kamerabutiken', 100, 1, 'form', 0, 0)",
        )
        .await
        .expect("a complete product");
    let product_id = app.store.products(1).await.expect("products").last().expect("the product").id;
    let new = cps_store::service::NewServiceRequest {
        product_id,
        kind: cps_domain::service::ServiceKind::Repair,
        shipping: cps_domain::service::Shipping::FreeLabel,
        description: "AF".into(),
        contact_email: cps_domain::Email::parse("anna@ljusbild.se").expect("email"),
        address: cps_store::service::ReturnAddress {
            name: "Anna".into(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country: cps_domain::Country::parse("SE").expect("SE"),
        },
    };
    let now = app.clock_now();
    let sr = app.store.create_service_request(1, 1, &new, cps_domain::Lang::Sv, now).await.expect("made");
    let staff_actor = crate::harness::test_staff();
    let received = cps_domain::service::ServiceStatus::Received;
    app.store.transition_service_request(&staff_actor, &sr.number, received, None, None, now).await.expect("r");
    let line = cps_domain::service::QuoteLine::new(cps_domain::service::LineKind::Labour, "Justering", 1, 50_000);
    let lines = [line.expect("a line")];
    app.store.enter_service_quote(&staff_actor, &sr.number, &lines, now).await.expect("quote");
    let request_page = format!("/service/{}", sr.number);
    let ids = source_ids();
    let pages = [
        "/service",
        "/service/new",
        request_page.as_str(),
        "/products",
        "/products/new",
        "/products/history",
        "/tiers",
        "/checkout?tier=SILVER",
        "/membership",
        "/invoices",
        "/invoices/1",
        "/support",
        "/faq",
        "/account",
        "/account/tokens",
        "/products/upload",
        "/no-such-page",
    ];
    for lang in cps_domain::Lang::ALL {
        let res = b.post_form("/language", &[("lang", lang.code()), ("next", "/products")]).await;
        assert_eq!(res.location(), Some("/products"), "{}", res.body);
        for path in pages {
            let res = b.get(path).await;
            assert!(
                res.body.contains(&format!("<html lang=\"{}\"", lang.code())),
                "{lang:?} {path}: {} {}",
                res.status,
                res.body
            );
            let raw = raw_values_in(&page_text(&res.body), &ids, lang);
            assert!(raw.is_empty(), "{lang:?} {path} shows {raw:?}");
        }
        let mut anonymous = app.browser();
        anonymous.lang = format!("{}, en;q=0.5", lang.code());
        for path in ["/", "/signup", "/login", "/faq", "/password/forgot"] {
            let res = anonymous.get(path).await;
            assert!(
                res.body.contains(&format!("<html lang=\"{}\"", lang.code())),
                "{lang:?} {path} from Accept-Language"
            );
            let raw = raw_values_in(&page_text(&res.body), &ids, lang);
            assert!(raw.is_empty(), "{lang:?} {path} shows {raw:?}");
        }
    }
    let mut staff = app.staff("sam@cps.test", StaffRole::Admin).await;
    for lang in cps_domain::Lang::ALL {
        staff.post_form("/language", &[("lang", lang.code()), ("next", "/admin")]).await;
        for path in [
            "/admin/businesses?q=Ljus",
            "/admin/businesses/1",
            "/admin/invoices?status=issued",
            "/admin/invoices/1",
            "/admin/payments",
            "/admin/staff",
            "/admin/jobs",
            "/admin/audit",
            "/admin/service",
        ] {
            let res = staff.get(path).await;
            assert_eq!(res.status, axum::http::StatusCode::OK, "{lang:?} {path}");
            let raw = raw_values_in(&page_text(&res.body), &ids, lang);
            assert!(raw.is_empty(), "{lang:?} {path} shows {raw:?}");
        }
    }
}

#[tokio::test]
async fn the_invoice_mail_and_pdf_speak_the_members_language() {
    use cps_domain::Lang;
    // Subject, due-date label and amount as each language's file and CLDR write them.
    let expected = [
        (Lang::Sv, "Faktura {} från CPS", "Förfallodatum", "1 437,50 kr", "2026-11-25"),
        (Lang::En, "Invoice {} from CPS", "Due date", "SEK 1,437.50", "25 Nov 2026"),
        (Lang::Nb, "Faktura {} fra CPS", "Forfallsdato", "1 437,50 SEK", "25.11.2026"),
        (Lang::Da, "Faktura {} fra CPS", "Forfaldsdato", "1.437,50 SEK", "25.11.2026"),
        (Lang::Fi, "Lasku {} CPS:ltä", "Eräpäivä", "1 437,50 SEK", "25.11.2026"),
        (Lang::De, "Rechnung {} von CPS", "Fälligkeitsdatum", "1.437,50 SEK", "25.11.2026"),
    ];
    let app = TestApp::new().await;
    let langs: Vec<Lang> = expected.iter().map(|e| e.0).collect();
    one_order_per_language(&app, &langs).await;
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    for (n, (lang, subject, due_label, total, issued)) in expected.iter().enumerate() {
        let email = format!("owner{n}@bild.se");
        let id = i64::try_from(n).expect("small") + 1;
        let invoice = app.store.invoices(id).await.expect("invoices").remove(0);
        let number = invoice.document.number.clone();
        let due = cps_i18n::I18n::new(*lang).date(invoice.document.due_on);
        let mails = app.mails_to(&email);
        let mail =
            mails.iter().find(|m| !m.attachments.is_empty()).unwrap_or_else(|| panic!("{lang:?}: the invoice mail"));
        // Read back with a MIME parser, as a mail client would.
        let parsed = mail_parser::MessageParser::default().parse(&mail.raw).expect("a MIME message");
        assert_eq!(parsed.subject(), Some(subject.replace("{}", &number).as_str()), "{lang:?}");
        let body = parsed.body_text(0).expect("a text part").replace('\u{a0}', " ");
        assert!(body.contains(total), "{lang:?}: the amount {total} in {body}");
        assert!(body.contains(&due.replace('\u{a0}', " ")), "{lang:?}: the due date {due} in {body}");
        let pdf = crate::documents::pdf_text(&mail.attachments[0].1);
        assert!(pdf.contains(due_label), "{lang:?}: {due_label} in {pdf}");
        assert!(pdf.contains(total), "{lang:?}: {total} in {pdf}");
        assert!(pdf.contains(issued), "{lang:?}: the date {issued} in {pdf}");
        assert!(pdf.contains(&due), "{lang:?}: the due date {due} in {pdf}");
        if *lang != Lang::Sv {
            assert!(!pdf.contains("Förfallodatum"), "{lang:?}: no Swedish in the PDF");
        }
    }
}

/// One business per language (the owner `owner{n}@bild.se` reads the portal
/// in `langs[n]`; business and user `n + 1`), each with a bank-transfer
/// Silver order of SEK 1 437.50 confirmed, not yet invoiced.
async fn one_order_per_language(app: &TestApp, langs: &[cps_domain::Lang]) {
    for (n, lang) in langs.iter().enumerate() {
        let email = format!("owner{n}@bild.se");
        let company = format!("Bild {n} AB");
        let mut form = crate::harness::signup_form(&email, &company);
        form.retain(|(k, _)| *k != "language");
        form.push(("language", lang.code()));
        let mut b = app.browser();
        let res = b.post_form("/signup", &form).await;
        assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
        app.run_jobs().await;
        let link = app.link_in_last_mail(&email);
        b.post_form(&link, &[("password", PASSWORD), ("password_confirm", PASSWORD)]).await;
        let id = i64::try_from(n).expect("small") + 1;
        app.silver_order(id, id, cps_store::memberships::PaymentMethod::BankTransfer).await;
    }
}

/// What a credit note says in one language, written out by hand as the
/// language's file and CLDR write it (the test also computes each with the
/// portal's own formatting, so both must be wrong the same way to pass).
struct CreditNoteWords {
    lang: cps_domain::Lang,
    /// `{n}` the credit note's number, `{i}` the invoice's.
    subject: &'static str,
    /// 2 December 2026, the credit note's date.
    date: &'static str,
    /// 25 November 2026, the credited invoice's date.
    invoice_date: &'static str,
    /// The amount credited, as the mail writes it (no sign).
    credited: &'static str,
    /// The credit note's total, as the PDF writes it (signed).
    total: &'static str,
    /// The PDF's heading, date label and total label.
    pdf_labels: [&'static str; 3],
}

#[tokio::test]
async fn the_credit_note_mail_and_pdf_speak_the_members_language() {
    use cps_domain::Lang;
    use cps_domain::money::Money;
    let words = [
        CreditNoteWords {
            lang: Lang::Sv,
            subject: "Kreditfaktura {n} för faktura {i}",
            date: "2026-12-02",
            invoice_date: "2026-11-25",
            credited: "1 437,50 kr",
            total: "\u{2212}1 437,50 kr",
            pdf_labels: ["Kreditfaktura", "Kreditfakturadatum", "Krediterat belopp"],
        },
        CreditNoteWords {
            lang: Lang::En,
            subject: "Credit note {n} for invoice {i}",
            date: "2 Dec 2026",
            invoice_date: "25 Nov 2026",
            credited: "SEK 1,437.50",
            total: "-SEK 1,437.50",
            pdf_labels: ["Credit note", "Credit note date", "Amount credited"],
        },
        CreditNoteWords {
            lang: Lang::Nb,
            subject: "Kreditnota {n} for faktura {i}",
            date: "02.12.2026",
            invoice_date: "25.11.2026",
            credited: "1 437,50 SEK",
            total: "\u{2212}1 437,50 SEK",
            pdf_labels: ["Kreditnota", "Kreditnotadato", "Kreditert beløp"],
        },
        CreditNoteWords {
            lang: Lang::Da,
            subject: "Kreditnota {n} for faktura {i}",
            date: "02.12.2026",
            invoice_date: "25.11.2026",
            credited: "1.437,50 SEK",
            total: "-1.437,50 SEK",
            pdf_labels: ["Kreditnota", "Kreditnotadato", "Krediteret beløb"],
        },
        CreditNoteWords {
            lang: Lang::Fi,
            subject: "Hyvityslasku {n} laskusta {i}",
            date: "2.12.2026",
            invoice_date: "25.11.2026",
            credited: "1 437,50 SEK",
            total: "\u{2212}1 437,50 SEK",
            pdf_labels: ["Hyvityslasku", "Hyvityslaskun päivämäärä", "Hyvitetty summa"],
        },
        CreditNoteWords {
            lang: Lang::De,
            subject: "Gutschrift {n} zu Rechnung {i}",
            date: "02.12.2026",
            invoice_date: "25.11.2026",
            credited: "1.437,50 SEK",
            total: "-1.437,50 SEK",
            pdf_labels: ["Gutschrift", "Gutschriftsdatum", "Gutgeschriebener Betrag"],
        },
    ];
    let spaces = |s: &str| s.replace('\u{a0}', " ");
    let app = TestApp::new().await;
    let langs: Vec<Lang> = words.iter().map(|w| w.lang).collect();
    one_order_per_language(&app, &langs).await;
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    // A week later every invoice is credited in full.
    app.advance(Duration::days(7));
    let mut credits = Vec::new();
    for n in 0..words.len() {
        let id = i64::try_from(n).expect("small") + 1;
        let invoice = app.store.invoices(id).await.expect("invoices").remove(0);
        let credit_id = app.credit(invoice.id, "Dubbelbeställning").await;
        credits.push((invoice, credit_id));
    }
    app.run_jobs().await;

    let mut mails = Vec::new();
    for (n, w) in words.iter().enumerate() {
        let (invoice, credit_id) = &credits[n];
        let business_id = i64::try_from(n).expect("small") + 1;
        let credit = app
            .store
            .invoices(business_id)
            .await
            .expect("invoices")
            .into_iter()
            .find(|i| i.id == *credit_id)
            .expect("the credit note");
        let (number, credits_number) = (&credit.document.number, &invoice.document.number);
        let i = cps_i18n::I18n::new(w.lang);
        let lang = w.lang;
        // The portal's own formatting agrees with the hand-written words.
        let subject = w.subject.replace("{n}", number).replace("{i}", credits_number);
        let args = [
            ("number", cps_i18n::Arg::from(number.as_str())),
            ("credits", cps_i18n::Arg::from(credits_number.as_str())),
        ];
        assert_eq!(i.t_args("mail-credit-note-subject", &args), subject, "{lang:?}");
        assert_eq!(spaces(&i.date(credit.document.issued_on)), w.date, "{lang:?}");
        assert_eq!(spaces(&i.date(invoice.document.issued_on)), w.invoice_date, "{lang:?}");
        let total = credit.document.total();
        assert_eq!(spaces(&total.format(lang)), w.total, "{lang:?}");
        assert_eq!(spaces(&Money::new(-total.minor, total.currency).format(lang)), w.credited, "{lang:?}");

        let email = format!("owner{n}@bild.se");
        let mail = app
            .mails_to(&email)
            .into_iter()
            .find(|m| m.subject == subject)
            .unwrap_or_else(|| panic!("{lang:?}: a mail {subject:?}: {:?}", app.mails_to(&email)));
        let kept = app.store.stored_invoice_pdf(*credit_id).await.expect("read").expect("the credit note PDF is kept");
        // Read back with the mail-parser crate, as a mail client would.
        crate::mime::check_with_mail_parser(&mail, Some(&kept));
        let parsed = mail_parser::MessageParser::default().parse(&mail.raw).expect("a MIME message");
        assert_eq!(parsed.subject(), Some(subject.as_str()), "{lang:?}");
        let text = spaces(&parsed.body_text(0).expect("a text part"));
        let html = spaces(&parsed.body_html(0).expect("an HTML part"));
        for part in [&text, &html] {
            assert!(part.contains(w.date), "{lang:?}: the date {} in {part}", w.date);
            assert!(part.contains(w.credited), "{lang:?}: the amount {} in {part}", w.credited);
            assert!(part.contains(number.as_str()) && part.contains(credits_number.as_str()), "{lang:?}: {part}");
        }
        if lang != Lang::Sv {
            let kronor = text.split_whitespace().any(|w| w.trim_end_matches(['.', ',']) == "kr");
            assert!(!text.contains("Kreditfaktura") && !kronor, "{lang:?}: no Swedish: {text}");
        }
        // The PDF as a reader gets it.
        let pdf = crate::documents::pdf_text(&kept);
        for must in w.pdf_labels.iter().chain(&[w.date, w.invoice_date, w.total, number.as_str()]) {
            assert!(pdf.contains(must), "{lang:?}: {must:?} in the PDF:\n{pdf}");
        }
        if lang != Lang::Sv {
            assert!(!pdf.contains("Kreditfakturadatum") && !pdf.contains("Krediterat"), "{lang:?}: no Swedish:\n{pdf}");
        }
        mails.push((w, subject, mail));
    }
    // And with Python's standard MIME parser (policy.default).
    let sent: Vec<cps_jobs::SentMail> = mails.iter().map(|(_, _, m)| m.clone()).collect();
    let readings = crate::mime::python_reading(&sent);
    for ((w, subject, mail), r) in mails.iter().zip(&readings) {
        let lang = w.lang;
        assert_eq!(r["defects"].as_array().map(Vec::len), Some(0), "{lang:?}: no defects: {}", r["defects"]);
        assert_eq!(r["subject"], subject.as_str(), "{lang:?}: the subject decodes");
        let text = spaces(r["text"].as_str().unwrap_or_else(|| panic!("{lang:?}: a text part")));
        assert_eq!(crate::mime::lines(&text), crate::mime::lines(&spaces(&mail.text)), "{lang:?}");
        assert!(text.contains(w.date) && text.contains(w.credited), "{lang:?}: {text}");
        let attachments = r["attachments"].as_array().expect("a list");
        assert_eq!(attachments.len(), 1, "{lang:?}: the PDF is attached: {r}");
        assert_eq!(attachments[0]["type"], "application/pdf", "{lang:?}");
    }
}

/// The page without its folded technical detail (`<details>…</details>`).
fn without_folds(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<details") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("</details>").map_or("", |end| &rest[at + end + "</details>".len()..]);
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_audit_log_shows_before_and_after_by_label_in_the_clerks_language() {
    use cps_domain::Lang;
    let app = TestApp::new().await;
    let langs = [Lang::Sv];
    one_order_per_language(&app, &langs).await;
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    // A points adjustment, an invoice status change and a new staff user with a role.
    app.store
        .staff_adjust_points(1, 1_500, "Mässa i Malmö", &crate::harness::test_staff(), app.clock_now())
        .await
        .expect("adjust");
    let invoice = app.store.invoices(1).await.expect("invoices").remove(0);
    app.credit(invoice.id, "Dubbelbeställning").await;
    app.run_jobs().await;
    let mut ada = app.staff("ada@cps.test", StaffRole::Admin).await;
    // (label, value) as each language writes them: before and after of the
    // points (600 given at sign-up, then 1 500 more), the invoice's status,
    // the credit note and the new staff user's role.
    let expected = [
        (
            Lang::Sv,
            [
                ("Poängsaldo", "600"),
                ("Poängändring", "1\u{a0}500"),
                ("Poängsaldo", "2\u{a0}100"),
                ("Status", "Obetald"),
                ("Status", "Krediterad"),
                ("Kreditfaktura", "CPSK-2026-000001"),
                ("Roll", "Administratör"),
            ],
            "Teknisk detalj (JSON)",
        ),
        (
            Lang::De,
            [
                ("Punktestand", "600"),
                ("Punkteänderung", "1.500"),
                ("Punktestand", "2.100"),
                ("Status", "Unbezahlt"),
                ("Status", "Storniert"),
                ("Gutschrift", "CPSK-2026-000001"),
                ("Rolle", "Administrator"),
            ],
            "Technisches Detail (JSON)",
        ),
        (
            Lang::Fi,
            [
                ("Pistesaldo", "600"),
                ("Pisteiden muutos", "1\u{a0}500"),
                ("Pistesaldo", "2\u{a0}100"),
                ("Tila", "Maksamatta"),
                ("Tila", "Hyvitetty"),
                ("Hyvityslasku", "CPSK-2026-000001"),
                ("Rooli", "Ylläpitäjä"),
            ],
            "Tekninen tieto (JSON)",
        ),
    ];
    let ids = source_ids();
    for (lang, fields, fold) in expected {
        let res = ada.post_form("/language", &[("lang", lang.code()), ("next", "/admin/audit")]).await;
        assert_eq!(res.status, axum::http::StatusCode::SEE_OTHER, "{}", res.body);
        let page = ada.get("/admin/audit").await.body;
        assert!(page.contains(&format!("<html lang=\"{}\"", lang.code())), "{lang:?}: {page}");
        for (label, value) in fields {
            let shown = format!("<dt>{label}</dt><dd>{value}</dd>");
            assert!(page.contains(&shown), "{lang:?}: {shown} in {page}");
        }
        // The stored JSON stays available as technical detail, folded.
        assert!(page.contains(&format!("<details><summary>{fold}</summary>")), "{lang:?}: {page}");
        // Outside the folds: no stored key or value, no message id.
        let text = page_text(&without_folds(&page));
        let raw = raw_values_in(&text, &ids, lang);
        assert!(raw.is_empty(), "{lang:?}: the audit page shows {raw:?}");
        let stored: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ')' | '{' | '}' | '"'))
            .filter(|w| {
                [
                    "issued",
                    "credited",
                    "balance",
                    "amount",
                    "status",
                    "credit_note",
                    "credit_note_id",
                    "role",
                    "admin",
                    "true",
                    "false",
                ]
                .contains(w)
            })
            .collect();
        assert!(stored.is_empty(), "{lang:?}: stored keys or values shown: {stored:?}");
    }
}

#[tokio::test]
async fn a_back_office_page_with_several_forms_gives_each_field_its_own_id() {
    let app = TestApp::new().await;
    let _b = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut staff = app.staff("sam@cps.test", StaffRole::Admin).await;
    let page = staff.get("/admin/businesses/1").await.body;
    let ids: Vec<&str> = page.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    let mut seen = std::collections::BTreeSet::new();
    let repeated: Vec<&str> = ids.iter().copied().filter(|id| !seen.insert(*id)).collect();
    assert!(ids.iter().filter(|id| id.ends_with("-reason")).count() > 1, "several forms with a reason: {page}");
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
    // Each label still names its own field.
    for id in ids.iter().filter(|id| id.ends_with("-reason")) {
        assert!(page.contains(&format!("for=\"{id}\"")), "a label for {id}");
    }
    app.run_jobs().await;
}
