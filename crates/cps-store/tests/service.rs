//! Service and repair requests through the store (issue 15): a Platinum
//! member's repair from request to closed with discount, allowance and loan;
//! a non-member at list price; sensor cleans per body and year; another
//! business sees nothing; every multi-step change whole or not at all.
//! SQLite by default; PostgreSQL with `CPS_TEST_DATABASE_URL`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cps_domain::catalogue::Category;
use cps_domain::membership::MembershipNumber;
use cps_domain::money::Currency;
use cps_domain::service::{LineKind, LoanRefused, LoanStatus, QuoteLine, ServiceKind, ServiceStatus, Shipping};
use cps_domain::{Country, Email, Lang};
use cps_store::Store;
use cps_store::memberships::SellerRules;
use cps_store::service::{
    DecisionRefused, EventActor, LendRefused, LoanItemRefused, LoanRequestRefused, NewRequestRefused,
    NewServiceRequest, QueueFilter, ReturnAddress, ReturnRefused, TransitionRefused,
};
use cps_store::staff::StaffActor;

struct Db {
    store: Store,
    dir: Option<std::path::PathBuf>,
}

impl Db {
    async fn new() -> Db {
        let tag =
            format!("{}_{}", std::process::id(), cps_store::tokens::Secret::generate().plain[..12].to_lowercase());
        let (url, dir) = match std::env::var("CPS_TEST_DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => {
                let admin = Store::connect(&url, 2).await.expect("PostgreSQL for tests is reachable");
                let name: String = format!("cps_t_svc_{tag}")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let (base, _) = url.rsplit_once('/').expect("URL has a database name");
                (format!("{base}/{name}"), None)
            }
            _ => {
                let dir = std::env::temp_dir().join(format!("cps-service-{tag}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                (format!("sqlite://{}/cps.db", dir.display()), Some(dir))
            }
        };
        let store = Store::connect(&url, 4).await.expect("connect").with_seller(seller());
        store.migrate().await.expect("migrations");
        let catalogue = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped()).expect("catalogue");
        store
            .import_catalogue(&catalogue, cps_store::catalogue::ImportMode::Extend, now())
            .await
            .expect("catalogue import");
        let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped()).expect("tiers");
        store.import_tiers(&tiers, now()).await.expect("tiers import");
        store
            .execute_unprepared(
                "INSERT INTO staff_users (email, password_hash, role, totp_secret, created_at) \
                 VALUES ('svc@cps.test', 'x', 'support', '00', 0)",
            )
            .await
            .expect("staff user");
        Db { store, dir }
    }

    async fn sql(&self, sql: &str) {
        self.store.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A business (ids count from 1 in a fresh database) with one user.
    async fn business(&self, id: i64, name: &str, country: &str) {
        self.sql(&format!(
            "INSERT INTO businesses (name, vat_number, org_number, country, street, postal_code, city, contact_name, created_at) \
             VALUES ('{name}', NULL, '556036-0793', '{country}', 'Gatan {id}', '111 2{id}', 'Stad', 'Anna {id}', 0)"
        ))
        .await;
        self.sql(&format!(
            "INSERT INTO users (business_id, email, password_hash, role, language, created_at) \
             VALUES ({id}, 'user{id}@example.com', NULL, 'owner', 'sv', 0)"
        ))
        .await;
    }

    /// A registered product; complete unless `complete` is false.
    async fn product(&self, business_id: i64, model: &str, serial: &str, complete: bool) {
        let completed = if complete { "1" } else { "NULL" };
        self.sql(&format!(
            "INSERT INTO products (business_id, model_code, serial, purchase_date, purchase_country, retailer, \
             points_earned, completed_at, source, created_at, updated_at) \
             VALUES ({business_id}, '{model}', '{serial}', '2024-01-10', 'SE', 'Kamerabutiken', 100, {completed}, 'form', 0, 0)"
        ))
        .await;
    }

    /// A running membership of `tier` paid in `currency`.
    async fn membership(&self, business_id: i64, seq: i64, tier: &str, currency: &str) {
        self.sql(&format!(
            "INSERT INTO orders (business_id, user_id, idempotency_key, tier_code, term_years, currency, list_price_minor, \
             credit_minor, net_minor, vat_treatment, vat_rate_bp, vat_minor, total_minor, payment_method, status, created_at) \
             VALUES ({business_id}, {business_id}, 'k{seq}', '{tier}', 1, '{currency}', 400000, 0, 400000, 'domestic', 2500, \
             100000, 500000, 'card', 'placed', 0)"
        ))
        .await;
        let number = MembershipNumber::from_sequence(seq);
        self.sql(&format!(
            "INSERT INTO memberships (business_id, order_id, tier_code, tier_name, kind, number, previous_number, term_years, \
             starts_on, ends_on, status, created_at) VALUES ({business_id}, (SELECT MAX(id) FROM orders), '{tier}', '{tier}', \
             'individual', '{}', NULL, 1, '2026-06-01', '2027-05-31', 'active', 0)",
            number.as_str()
        ))
        .await;
    }

    async fn done(self) {
        self.store.close().await.ok();
        if let Some(dir) = self.dir {
            std::fs::remove_dir_all(dir).ok();
        }
    }
}

/// Friday 18 December 2026, 09:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 18, 9, 0, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

static STAFF: std::sync::LazyLock<StaffActor> =
    std::sync::LazyLock::new(|| StaffActor { id: 1, email: "svc@cps.test".into() });

fn staff() -> &'static StaffActor {
    &STAFF
}

/// The invoicing side of a decision: the sample seller, a 495,00 kr
/// diagnosis fee for businesses without a membership.
fn billing() -> cps_store::service::ServiceBilling {
    cps_store::service::ServiceBilling {
        seller: cps_domain::billing::Seller::sample(),
        diagnosis_fee_sek_minor: 49_500,
        diagnosis_fee_eur_minor: 4_500,
    }
}

fn seller() -> SellerRules {
    SellerRules {
        country: Country::parse("SE").expect("SE"),
        vat_rate_bp: 2500,
        invoice_delay: chrono::Duration::hours(3),
    }
}

fn request(product_id: i64, kind: ServiceKind, shipping: Shipping) -> NewServiceRequest {
    NewServiceRequest {
        product_id,
        kind,
        shipping,
        description: "Autofocus hunts in low light".into(),
        contact_email: Email::parse("anna@example.com").expect("an email"),
        address: ReturnAddress {
            name: "Anna".into(),
            street: "Gatan 1".into(),
            postal_code: "111 21".into(),
            city: "Stad".into(),
            country: Country::parse("SE").expect("SE"),
        },
    }
}

/// `Store::create_service_request` with an owned request (the future borrows it).
async fn create(
    s: &Store,
    business_id: i64,
    user_id: i64,
    new: NewServiceRequest,
    lang: Lang,
    at: DateTime<Utc>,
) -> cps_store::Outcome<cps_store::service::ServiceRequest, NewRequestRefused> {
    s.create_service_request(business_id, user_id, &new, lang, at).await
}

/// The reason an operation was refused (a store failure fails the test).
trait Refused<R> {
    fn refused(self) -> R;
}

impl<T: std::fmt::Debug, R> Refused<R> for cps_store::Outcome<T, R> {
    fn refused(self) -> R {
        self.expect_err("refused").refusal().expect("refused, not a store failure")
    }
}

fn line(kind: LineKind, what: &str, qty: u32, unit: i64) -> QuoteLine {
    QuoteLine::new(kind, what, qty, unit).expect("a quote line")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_platinum_repair_from_request_to_closed_with_discount_allowance_and_loan() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Ljus AB", "SE").await;
    db.business(2, "Annan AB", "SE").await;
    db.product(1, "EOS-R5", "012345678901", true).await;
    db.product(1, "EF-11-24-F4L", "1234567890", true).await;
    db.membership(1, 1_000_001, "PLATINUM", "SEK").await;

    let standing = s.service_standing(1, now().date_naive()).await.unwrap();
    assert!(standing.benefits.member);
    assert_eq!(standing.benefits.discount_percent, 20);
    assert_eq!(standing.currency, Currency::SEK);
    let allowance = standing.allowance.expect("Platinum has an allowance");
    assert_eq!((allowance.granted.minor, allowance.left.minor), (400_000, 400_000), "the year's net fee");
    assert_eq!(allowance.ends_on, d(2027, 5, 31), "it lapses with the membership year");

    let defaults = s.service_defaults(1, 1).await.unwrap().expect("defaults");
    assert_eq!(defaults.contact_email.as_str(), "user1@example.com");
    assert_eq!(defaults.address.street, "Gatan 1");
    assert!(s.service_defaults(1, 2).await.unwrap().is_none(), "another business's user");

    let r = create(s, 1, 1, request(1, ServiceKind::Repair, Shipping::FreeLabel), Lang::Sv, now());
    let r = r.await.expect("created");
    assert_eq!(r.number, "SR-2026-000001");
    assert_eq!(r.status, ServiceStatus::Registered);
    assert_eq!((r.tier_code.as_deref(), r.priority, r.repair_days), (Some("PLATINUM"), 1, 2));
    assert_eq!(r.model_name, "EOS R5");
    assert_eq!(r.timeline.len(), 1);

    // One open request per product.
    let again = create(s, 1, 1, request(1, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
    assert_eq!(again.await.refused(), NewRequestRefused::AlreadyOpen("SR-2026-000001".into()));

    // Another business sees nothing and can do nothing.
    assert!(s.service_request(2, &r.number).await.unwrap().is_none());
    assert!(s.service_requests(2).await.unwrap().is_empty());
    let theirs = create(s, 2, 2, request(1, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
    assert_eq!(theirs.await.refused(), NewRequestRefused::NotFound, "not their product");
    assert_eq!(s.request_loan(2, &r.number, "", now()).await.refused(), LoanRequestRefused::NotFound);

    // Illegal and member-only steps are refused; nothing is written.
    let refused = s.transition_service_request(staff(), &r.number, ServiceStatus::InRepair, None, None, now());
    assert_eq!(
        refused.await.refused(),
        TransitionRefused::IllegalTransition { from: ServiceStatus::Registered, to: ServiceStatus::InRepair }
    );
    let refused = s.transition_service_request(staff(), &r.number, ServiceStatus::Approved, None, None, now());
    assert_eq!(refused.await.refused(), TransitionRefused::NotAStaffStep(ServiceStatus::Approved));
    assert_eq!(s.service_request(1, &r.number).await.unwrap().unwrap().timeline.len(), 1);

    // Received on Friday 18 December: Platinum's 2 working days → Tuesday 22nd.
    let received = s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now());
    let received = received.await.expect("received");
    assert_eq!(received.promised_on, Some(d(2026, 12, 22)));
    assert_eq!(received.received_at, Some(now()));

    // A loan while the repair runs.
    let loan = s.request_loan(1, &r.number, "A body like mine", now()).await.expect("loan asked");
    assert_eq!(loan.status, LoanStatus::Requested);
    assert_eq!(s.request_loan(1, &r.number, "", now()).await.refused(), LoanRequestRefused::AlreadyRequested);
    let item = s.add_loan_item(staff(), "EOS R5 loan body", "LOAN-0001", Category::Camera, now()).await.unwrap();
    let other = s.add_loan_item(staff(), "EOS R6", "LOAN-0002", Category::Camera, now()).await.unwrap();
    assert_eq!(
        s.add_loan_item(staff(), "Dup", "LOAN-0001", Category::Camera, now()).await.refused(),
        LoanItemRefused::SerialTaken
    );
    assert_eq!(
        s.add_loan_item(staff(), " ", "LOAN-0003", Category::Camera, now()).await.refused(),
        LoanItemRefused::DetailsInvalid
    );
    assert_eq!(s.pending_loans().await.unwrap().len(), 1);
    let due = cps_domain::service::loan_due_date(d(2026, 12, 22));
    assert_eq!(
        s.confirm_loan(staff(), loan.id, item.id, d(2026, 12, 1), now()).await.refused(),
        LendRefused::DueInThePast
    );
    let lent = s.confirm_loan(staff(), loan.id, item.id, due, now()).await.expect("lent");
    assert_eq!((lent.status, lent.due_on), (LoanStatus::Lent, Some(d(2027, 1, 4))));
    assert_eq!(s.confirm_loan(staff(), loan.id, other.id, due, now()).await.refused(), LendRefused::LoanNotPending);
    let items = s.loan_items().await.unwrap();
    assert_eq!(items.iter().filter(|i| i.status == cps_domain::service::LoanItemStatus::Lent).count(), 1);
    assert_eq!(s.overdue_loans(d(2027, 1, 4)).await.unwrap().len(), 0);
    assert_eq!(s.overdue_loans(d(2027, 1, 5)).await.unwrap().len(), 1);

    // The quote: parts 2 × 3 000 + labour 2 000 = 8 000 kr, 20 % off = 6 400,
    // 4 000 from the allowance, 2 400 net + 600 VAT = 3 000 kr to pay.
    let lines = [line(LineKind::Part, "Shutter unit", 2, 300_000), line(LineKind::Labour, "Bench work", 1, 200_000)];
    assert_eq!(s.decide_service_quote(1, &r.number, true, &billing(), now()).await.refused(), DecisionRefused::NoQuote);
    let quoted = s.enter_service_quote(staff(), &r.number, &lines, now()).await.expect("quoted");
    assert_eq!(quoted.status, ServiceStatus::Diagnosed);
    let q = quoted.quote.expect("quote");
    assert_eq!(q.lines, lines);
    assert_eq!((q.totals.discount_minor, q.totals.allowance_minor), (160_000, 400_000));
    assert_eq!((q.totals.net_minor, q.totals.vat_minor, q.totals.total_minor), (240_000, 60_000, 300_000));
    assert_eq!(q.decision, None);
    // Showing the quote draws nothing.
    assert_eq!(s.service_standing(1, now().date_naive()).await.unwrap().allowance.unwrap().left.minor, 400_000);
    // Another business cannot decide it.
    assert_eq!(
        s.decide_service_quote(2, &r.number, true, &billing(), now()).await.refused(),
        DecisionRefused::NotFound
    );
    let approved = s.decide_service_quote(1, &r.number, true, &billing(), now()).await.expect("approved");
    assert_eq!(approved.status, ServiceStatus::Approved);
    let q = approved.quote.unwrap();
    assert_eq!(
        (q.decision, q.totals.allowance_minor, q.totals.total_minor),
        (Some(ServiceStatus::Approved), 400_000, 300_000)
    );
    assert_eq!(s.service_standing(1, now().date_naive()).await.unwrap().allowance.unwrap().left.minor, 0);
    assert_eq!(
        s.decide_service_quote(1, &r.number, false, &billing(), now()).await.refused(),
        DecisionRefused::NoQuote,
        "decided once"
    );

    // A second repair the same year: the allowance is used up, never negative.
    let lens = create(s, 1, 1, request(2, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
    let lens = lens.await.expect("second request");
    assert_eq!(lens.number, "SR-2026-000002");
    s.transition_service_request(staff(), &lens.number, ServiceStatus::Received, None, None, now()).await.unwrap();
    let labour = [line(LineKind::Labour, "Focus calibration", 1, 100_000)];
    s.enter_service_quote(staff(), &lens.number, &labour, now()).await.unwrap();
    let lens = s.decide_service_quote(1, &lens.number, true, &billing(), now()).await.unwrap();
    let t = lens.quote.unwrap().totals;
    assert_eq!((t.discount_minor, t.allowance_minor, t.net_minor, t.total_minor), (20_000, 0, 80_000, 100_000));
    assert_eq!(s.service_standing(1, now().date_naive()).await.unwrap().allowance.unwrap().left.minor, 0);

    // Each approval issued its invoice, in the series' order: 3 000 kr and
    // 1 000 kr by bank transfer (no saved card), with an OCR reference.
    let repair = s.service_request_invoice(1, &r.number).await.unwrap().expect("the repair invoice");
    let d1 = &repair.document;
    assert_eq!(
        (d1.number.as_str(), d1.net_minor, d1.vat_minor, d1.total_minor),
        ("CPS-2026-000001", 240_000, 60_000, 300_000)
    );
    assert_eq!(d1.payment_method, cps_domain::status::PaymentMethod::BankTransfer);
    assert_eq!(d1.payment_reference, cps_domain::billing::payment_reference(true, Currency::SEK, 2026, 1));
    assert_eq!(d1.service_request.as_deref(), Some("SR-2026-000001"));
    let lens_invoice = s.service_request_invoice(1, "SR-2026-000002").await.unwrap().expect("the lens invoice");
    assert_eq!((lens_invoice.document.number.as_str(), lens_invoice.total().minor), ("CPS-2026-000002", 100_000));
    assert!(s.service_request_invoice(2, &r.number).await.unwrap().is_none(), "another business's");

    // The rest of the way; the product waits for the bank transfer; the loan comes back.
    for to in [ServiceStatus::InRepair, ServiceStatus::Ready] {
        s.transition_service_request(staff(), &r.number, to, None, None, now()).await.expect("step");
    }
    let unpaid = s.transition_service_request(staff(), &r.number, ServiceStatus::Shipped, None, None, now());
    assert_eq!(unpaid.await.refused(), TransitionRefused::AwaitingPayment("CPS-2026-000001".into()));
    assert_eq!(s.service_request(1, &r.number).await.unwrap().unwrap().status, ServiceStatus::Ready, "nothing written");
    db.sql(&format!("UPDATE invoices SET status = 'paid', paid_at = 1 WHERE id = {}", repair.id)).await;
    let tracking = Some(" 00340434161234567890 ");
    s.transition_service_request(staff(), &r.number, ServiceStatus::Shipped, tracking, None, now())
        .await
        .expect("paid: shipped");
    let back = s.return_loan(staff(), loan.id, now()).await.expect("returned");
    assert_eq!(back.status, LoanStatus::Returned);
    assert_eq!(s.return_loan(staff(), loan.id, now()).await.refused(), ReturnRefused::NotLent);
    assert!(s.loan_items().await.unwrap().iter().all(|i| i.status == cps_domain::service::LoanItemStatus::Available));
    let closed = s.transition_service_request(staff(), &r.number, ServiceStatus::Closed, None, Some("All done"), now());
    let closed = closed.await.expect("closed");
    assert_eq!(closed.tracking.as_deref(), Some("00340434161234567890"));
    let steps: Vec<ServiceStatus> = closed.timeline.iter().map(|e| e.to).collect();
    use ServiceStatus::*;
    assert_eq!(steps, [Registered, Received, Diagnosed, Approved, InRepair, Ready, Shipped, Closed]);
    assert_eq!(closed.timeline[3].actor, EventActor::Member);
    assert_eq!(closed.timeline[4].actor, EventActor::Staff);
    assert_eq!(closed.timeline.last().unwrap().note.as_deref(), Some("All done"));
    assert_eq!(closed.loans.len(), 1);
    // A closed request takes no more steps, and the product may come again.
    let after = s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now());
    assert!(matches!(after.await.refused(), TransitionRefused::IllegalTransition { .. }));

    // Every staff step is in the audit log.
    let log = s.audit_log("SR-2026-000001", 100).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "service.transition").count(), 5, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "service.quote").count(), 1);
    assert!(actions.contains(&"loan.confirm") && actions.contains(&"loan.return"));
    assert!(log.iter().all(|l| l.actor == "svc@cps.test"));
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_non_member_pays_list_price_and_a_declined_quote_draws_nothing() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Bild GmbH", "DE").await;
    db.product(1, "EOS-R5", "022345678901", true).await;
    db.product(1, "EF-11-24-F4L", "2234567890", false).await;

    let standing = s.service_standing(1, now().date_naive()).await.unwrap();
    assert!(!standing.benefits.member && standing.allowance.is_none());
    assert_eq!(standing.currency, Currency::EUR);

    let label = create(s, 1, 1, request(1, ServiceKind::Repair, Shipping::FreeLabel), Lang::De, now());
    assert_eq!(label.await.refused(), NewRequestRefused::LabelForMembersOnly);
    let incomplete = create(s, 1, 1, request(2, ServiceKind::Repair, Shipping::DropOff), Lang::De, now());
    assert_eq!(incomplete.await.refused(), NewRequestRefused::ProductIncomplete);
    let lens_clean = create(s, 1, 1, request(2, ServiceKind::SensorClean, Shipping::DropOff), Lang::De, now());
    assert_eq!(lens_clean.await.refused(), NewRequestRefused::ProductIncomplete);

    let r = create(s, 1, 1, request(1, ServiceKind::Repair, Shipping::DropOff), Lang::De, now());
    let r = r.await.expect("created");
    assert_eq!((r.tier_code, r.priority, r.repair_days, r.currency), (None, 4, 10, Currency::EUR));
    assert_eq!(
        s.request_loan(1, &r.number, "", now()).await.refused(),
        LoanRequestRefused::Loan(LoanRefused::NotIncluded)
    );
    let received = s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now());
    assert_eq!(received.await.unwrap().promised_on, Some(d(2027, 1, 8)), "10 working days over Christmas");
    let lines = [line(LineKind::Part, "Mainboard", 1, 40_000), line(LineKind::Labour, "Bench", 2, 9_000)];
    let quoted = s.enter_service_quote(staff(), &r.number, &lines, now()).await.unwrap();
    let t = quoted.quote.unwrap().totals;
    assert_eq!((t.discount_minor, t.allowance_minor, t.net_minor), (0, 0, 58_000), "list price");
    assert_eq!((t.vat_minor, t.total_minor), (14_500, 72_500), "Swedish VAT: no VAT number confirmed");

    // Staff may replace the quote before the member decides.
    let cheaper = [line(LineKind::Labour, "Bench", 1, 9_000)];
    let requoted = s.enter_service_quote(staff(), &r.number, &cheaper, now()).await.unwrap();
    assert_eq!(requoted.quote.as_ref().unwrap().lines, cheaper);
    assert_eq!(requoted.status, ServiceStatus::Diagnosed);

    let declined = s.decide_service_quote(1, &r.number, false, &billing(), now()).await.unwrap();
    assert_eq!(declined.status, ServiceStatus::Declined);
    assert_eq!(declined.quote.unwrap().decision, Some(ServiceStatus::Declined));
    // Without a membership the diagnosis fee is invoiced: 45,00 € (the
    // business's currency) with Swedish VAT (no VAT number confirmed).
    let fee = s.service_request_invoice(1, &r.number).await.unwrap().expect("the diagnosis-fee invoice");
    let doc = &fee.document;
    assert_eq!((doc.currency, doc.net_minor, doc.vat_minor, doc.total_minor), (Currency::EUR, 4_500, 1_125, 5_625));
    assert_eq!(doc.lines, [cps_domain::billing::diagnosis_line(4_500)]);
    assert!(doc.allowances.is_empty());
    assert_eq!(doc.payment_reference, cps_domain::billing::payment_reference(true, Currency::EUR, 2026, 1));
    // Declined goes back without repair, once the fee is paid (bank transfer).
    let refused = s.transition_service_request(staff(), &r.number, ServiceStatus::InRepair, None, None, now());
    assert!(matches!(refused.await.refused(), TransitionRefused::IllegalTransition { .. }));
    let unpaid = s.transition_service_request(staff(), &r.number, ServiceStatus::Shipped, None, None, now());
    assert_eq!(unpaid.await.refused(), TransitionRefused::AwaitingPayment(doc.number.clone()));
    db.sql(&format!("UPDATE invoices SET status = 'paid', paid_at = 1 WHERE id = {}", fee.id)).await;
    s.transition_service_request(staff(), &r.number, ServiceStatus::Shipped, None, None, now()).await.unwrap();
    let closed = s.transition_service_request(staff(), &r.number, ServiceStatus::Closed, None, None, now());
    assert_eq!(closed.await.unwrap().status, ServiceStatus::Closed);
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_free_sensor_clean_per_body_and_membership_year() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Ljus AB", "SE").await;
    db.product(1, "EOS-R5", "032345678901", true).await;
    db.product(1, "EF-11-24-F4L", "3234567890", true).await;
    db.membership(1, 1_000_001, "GOLD", "SEK").await;
    let today = now().date_naive();
    assert_eq!(s.sensor_cleans_left(1, 1, today).await.unwrap(), 1);
    assert_eq!(s.sensor_cleans_left(1, 2, today).await.unwrap(), 0, "a lens has no sensor");
    let lens = create(s, 1, 1, request(2, ServiceKind::SensorClean, Shipping::FreeLabel), Lang::Sv, now());
    assert_eq!(lens.await.refused(), NewRequestRefused::NotACameraBody);

    let clean = [line(LineKind::SensorClean, "Sensor clean", 1, 79_000)];
    let mut totals = Vec::new();
    for round in 0..2 {
        let r = create(s, 1, 1, request(1, ServiceKind::SensorClean, Shipping::FreeLabel), Lang::Sv, now());
        let r = r.await.expect("created");
        assert_eq!(
            s.request_loan(1, &r.number, "", now()).await.refused(),
            LoanRequestRefused::Loan(LoanRefused::NotARepair)
        );
        let received = s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now());
        received.await.unwrap();
        s.enter_service_quote(staff(), &r.number, &clean, now()).await.unwrap();
        let approved = s.decide_service_quote(1, &r.number, true, &billing(), now()).await.unwrap();
        totals.push(approved.quote.unwrap().totals);
        for to in [ServiceStatus::InRepair, ServiceStatus::Ready, ServiceStatus::Shipped] {
            s.transition_service_request(staff(), &r.number, to, None, None, now()).await.unwrap();
        }
        assert_eq!(s.sensor_cleans_left(1, 1, today).await.unwrap(), 0, "round {round}");
    }
    assert_eq!((totals[0].free_clean_minor, totals[0].allowance_minor, totals[0].total_minor), (79_000, 0, 0));
    // The second in the same year is priced normally (the allowance may pay it).
    assert_eq!((totals[1].free_clean_minor, totals[1].allowance_minor, totals[1].total_minor), (0, 79_000, 0));
    assert_eq!(s.service_standing(1, today).await.unwrap().allowance.unwrap().left.minor, 230_000 - 79_000);
    // The next membership year has a free clean again (and a new allowance).
    db.sql("UPDATE memberships SET ends_on = '2028-05-31'").await;
    assert_eq!(s.sensor_cleans_left(1, 1, d(2027, 6, 1)).await.unwrap(), 1);
    assert_eq!(s.service_standing(1, d(2027, 6, 1)).await.unwrap().allowance.unwrap().left.minor, 230_000);
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_count_per_year_without_gaps_and_the_queue_puts_priority_first() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Platina AB", "SE").await;
    db.business(2, "Silver AB", "SE").await;
    db.business(3, "Ingen AB", "SE").await;
    db.membership(1, 1_000_001, "PLATINUM", "SEK").await;
    db.membership(2, 1_000_002, "SILVER", "SEK").await;
    for (b, serial) in [(3, "042345678901"), (2, "042345678902"), (1, "042345678903"), (1, "042345678904")] {
        db.product(b, "EOS-R5", serial, true).await;
    }
    // A refused request takes no number.
    let bad = create(s, 3, 3, request(1, ServiceKind::Repair, Shipping::FreeLabel), Lang::Sv, now());
    assert!(bad.await.is_err());
    let mut numbers = Vec::new();
    for (b, product) in [(3, 1), (2, 2), (1, 3)] {
        let r = create(s, b, b, request(product, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
        numbers.push(r.await.unwrap().number);
    }
    let next_year = Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap();
    let r = create(s, 1, 1, request(4, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, next_year);
    numbers.push(r.await.unwrap().number);
    assert_eq!(numbers, ["SR-2026-000001", "SR-2026-000002", "SR-2026-000003", "SR-2027-000001"]);

    // Silver's received earlier than Platinum's: Platinum still comes first.
    let monday = Utc.with_ymd_and_hms(2026, 12, 14, 9, 0, 0).unwrap();
    for n in ["SR-2026-000002", "SR-2026-000003", "SR-2026-000001"] {
        s.transition_service_request(staff(), n, ServiceStatus::Received, None, None, monday).await.unwrap();
    }
    let queue: Vec<String> = s.service_queue(QueueFilter::Open).await.unwrap().into_iter().map(|r| r.number).collect();
    assert_eq!(queue, ["SR-2026-000003", "SR-2027-000001", "SR-2026-000002", "SR-2026-000001"]);
    let received = s.service_queue(QueueFilter::Status(ServiceStatus::Received)).await.unwrap();
    assert_eq!(received.len(), 3);
    assert_eq!(s.service_requests(1).await.unwrap().len(), 2);
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_approvals_never_draw_the_allowance_below_zero() {
    let db = Db::new().await;
    db.business(1, "Ljus AB", "SE").await;
    db.membership(1, 1_000_001, "SILVER", "SEK").await; // 1 150,00 kr allowance
    let mut numbers = Vec::new();
    for i in 0..4 {
        db.product(1, "EOS-R5", &format!("05234567890{i}"), true).await;
        let s = &db.store;
        let r = create(s, 1, 1, request(i + 1, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
        let r = r.await.unwrap();
        s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now()).await.unwrap();
        // 500,00 kr each after Silver's 10 %: four of them want 2 000,00 kr.
        let lines = [line(LineKind::Labour, "Bench", 1, 55_556)];
        s.enter_service_quote(staff(), &r.number, &lines, now()).await.unwrap();
        numbers.push(r.number);
    }
    let tasks: Vec<_> = numbers
        .iter()
        .map(|n| {
            let (s, n) = (db.store.clone(), n.clone());
            tokio::spawn(async move { s.decide_service_quote(1, &n, true, &billing(), now()).await })
        })
        .collect();
    let mut drawn = 0;
    for t in tasks {
        let r = t.await.unwrap().unwrap();
        drawn += r.quote.unwrap().totals.allowance_minor;
    }
    assert_eq!(drawn, 115_000, "exactly the allowance, whatever the order");
    // The two approvals with something left to pay were invoiced (35,00 and
    // 500,00 kr net + 25 %), each once.
    let invoices = db.store.invoices(1).await.unwrap();
    assert_eq!(invoices.len(), 2);
    assert_eq!(invoices.iter().map(|i| i.total().minor).sum::<i64>(), 106_250);
    let mut seqs: Vec<String> = invoices.iter().map(|i| i.document.number.clone()).collect();
    seqs.sort();
    assert_eq!(seqs, ["CPS-2026-000001", "CPS-2026-000002"], "gap-free");
    let left = db.store.service_standing(1, now().date_naive()).await.unwrap().allowance.unwrap().left.minor;
    assert_eq!(left, 0);
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_is_not_closed_while_its_loan_is_out() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Ljus AB", "SE").await;
    db.product(1, "EOS-R5", "012345678901", true).await;
    db.product(1, "EF-11-24-F4L", "1234567890", true).await;
    db.membership(1, 1_000_001, "PLATINUM", "SEK").await;
    let step = |number: String, to: ServiceStatus, tracking: Option<&'static str>| async move {
        s.transition_service_request(staff(), &number, to, tracking, None, now()).await
    };
    let r = create(s, 1, 1, request(1, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
    let r = r.await.expect("request");
    step(r.number.clone(), ServiceStatus::Received, None).await.expect("received");
    let parts = [line(LineKind::Part, "Shutter", 1, 100_000)];
    s.enter_service_quote(staff(), &r.number, &parts, now()).await.expect("quote");
    s.decide_service_quote(1, &r.number, true, &billing(), now()).await.expect("approved");
    let loan = s.request_loan(1, &r.number, "A body", now()).await.expect("loan asked for");
    let item = s.add_loan_item(staff(), "EOS R6 (loan)", "LN-1", Category::Camera, now()).await.unwrap();
    s.confirm_loan(staff(), loan.id, item.id, d(2027, 1, 15), now()).await.expect("lent");
    let running = s.running_loans().await.unwrap();
    assert_eq!(running.iter().map(|l| l.id).collect::<Vec<_>>(), [loan.id]);
    for to in [ServiceStatus::InRepair, ServiceStatus::Ready] {
        step(r.number.clone(), to, None).await.expect("a loan out holds up no other step");
    }
    step(r.number.clone(), ServiceStatus::Shipped, Some("RR123456785SE")).await.expect("shipped");
    let audits = s.audit_log("service.transition", 50).await.unwrap().len();

    // Closing is refused while the body is out, and nothing changes.
    assert_eq!(step(r.number.clone(), ServiceStatus::Closed, None).await.refused(), TransitionRefused::LoanOut);
    let still = s.service_request_for_staff(&r.number).await.unwrap().unwrap();
    assert_eq!(still.status, ServiceStatus::Shipped);
    assert_eq!(still.timeline.len(), 7, "no timeline entry for a refused step");
    assert_eq!(s.audit_log("service.transition", 50).await.unwrap().len(), audits, "nor an audit entry");
    assert_eq!(still.loans[0].status, LoanStatus::Lent);

    // Back in the pool: the request closes.
    s.return_loan(staff(), loan.id, now()).await.expect("returned");
    assert!(s.running_loans().await.unwrap().is_empty());
    let closed = step(r.number.clone(), ServiceStatus::Closed, None).await.expect("closed");
    assert_eq!(closed.status, ServiceStatus::Closed);

    // A loan only asked for does not hold a request open: it ends with it.
    let lens = create(s, 1, 1, request(2, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
    let lens = lens.await.expect("second request");
    step(lens.number.clone(), ServiceStatus::Received, None).await.expect("received");
    let labour = [line(LineKind::Labour, "Calibration", 1, 50_000)];
    s.enter_service_quote(staff(), &lens.number, &labour, now()).await.expect("quote");
    s.decide_service_quote(1, &lens.number, true, &billing(), now()).await.expect("approved");
    let asked = s.request_loan(1, &lens.number, "", now()).await.expect("asked");
    for (to, tracking) in [
        (ServiceStatus::InRepair, None),
        (ServiceStatus::Ready, None),
        (ServiceStatus::Shipped, Some("RR123456785SE")),
        (ServiceStatus::Closed, None),
    ] {
        step(lens.number.clone(), to, tracking).await.expect("step");
    }
    let closed = s.service_request_for_staff(&lens.number).await.unwrap().unwrap();
    assert_eq!(closed.loans.iter().map(|l| (l.id, l.status)).collect::<Vec<_>>(), [(asked.id, LoanStatus::Refused)]);
    assert!(s.pending_loans().await.unwrap().is_empty(), "nothing left to lend for a closed request");
    assert_eq!(
        s.confirm_loan(staff(), asked.id, item.id, d(2027, 1, 15), now()).await.refused(),
        LendRefused::LoanNotPending
    );
    db.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_on_card_is_charged_for_the_repair_and_the_product_goes_back_before() {
    let db = Db::new().await;
    let s = &db.store;
    db.business(1, "Ljus AB", "SE").await;
    db.membership(1, 1_000_001, "GOLD", "SEK").await;
    // The membership is paid with a saved card.
    db.sql(
        "INSERT INTO payment_methods (business_id, gateway, reference, label, created_at) \
         VALUES (1, 'sandbox', 'sandbox_card_ok', 'Visa 4242', 0)",
    )
    .await;
    db.sql("UPDATE orders SET payment_method_id = (SELECT MAX(id) FROM payment_methods)").await;
    db.product(1, "EOS-R5", "062345678901", true).await;
    db.product(1, "EOS-R5", "062345678902", true).await;
    let mut numbers = Vec::new();
    for product in [1, 2] {
        let r = create(s, 1, 1, request(product, ServiceKind::Repair, Shipping::DropOff), Lang::Sv, now());
        let r = r.await.unwrap();
        s.transition_service_request(staff(), &r.number, ServiceStatus::Received, None, None, now()).await.unwrap();
        // 4 000 kr, Gold's 15 % off = 3 400, 2 300 from the allowance: 1 100 + 275 VAT.
        let lines = [line(LineKind::Part, "Shutter unit", 1, 400_000)];
        s.enter_service_quote(staff(), &r.number, &lines, now()).await.unwrap();
        numbers.push(r.number);
    }
    let approved = s.decide_service_quote(1, &numbers[0], true, &billing(), now()).await.unwrap();
    assert_eq!(approved.quote.unwrap().totals.total_minor, 137_500);
    assert_eq!(
        s.decide_service_quote(1, &numbers[0], true, &billing(), now()).await.refused(),
        DecisionRefused::NoQuote,
        "approving twice issues nothing"
    );
    // A member's decline costs nothing: no invoice.
    s.decide_service_quote(1, &numbers[1], false, &billing(), now()).await.unwrap();
    assert!(s.service_request_invoice(1, &numbers[1]).await.unwrap().is_none());
    let invoices = s.invoices(1).await.unwrap();
    assert_eq!(invoices.len(), 1, "one invoice for the two decisions");
    let inv = &invoices[0];
    let doc = &inv.document;
    assert_eq!((doc.payment_method.as_str(), doc.payment_reference.as_ref()), ("card", None));
    assert_eq!((doc.net_minor, doc.vat_minor, doc.total_minor), (110_000, 27_500, 137_500));
    let kinds: Vec<_> = doc.allowances.iter().map(|a| (a.kind, a.amount_minor)).collect();
    use cps_domain::billing::AllowanceKind;
    assert_eq!(kinds, [(AllowanceKind::RepairDiscount, 60_000), (AllowanceKind::MaintenanceAllowance, 230_000)]);
    // The saved card is charged (the charge job runs on the due date).
    let attempt = s.begin_charge(inv.id, now()).await.unwrap().expect("a charge of the saved card");
    assert_eq!((attempt.amount.minor, attempt.method_ref.as_str()), (137_500, "sandbox_card_ok"));
    // On card the product goes back before the charge.
    for to in [ServiceStatus::InRepair, ServiceStatus::Ready, ServiceStatus::Shipped] {
        s.transition_service_request(staff(), &numbers[0], to, None, None, now()).await.expect("step");
    }
    // A declined repair goes back at once: nothing to pay.
    s.transition_service_request(staff(), &numbers[1], ServiceStatus::Shipped, None, None, now())
        .await
        .expect("shipped");
    db.done().await;
}
