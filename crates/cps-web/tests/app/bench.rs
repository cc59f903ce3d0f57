//! The invoice benchmark (run by `bench/invoices.sh`, ignored by the normal
//! suite): BENCH_INVOICES orders (default 10 000) are made, then their
//! invoices are issued one after another as the worker does, each with its
//! e-invoice XML and its PDF/A-3 (typst) rendered. Prints the rate.

use crate::harness::{TestApp, seller};
use chrono::Duration;
use cps_store::memberships::{CheckoutRequest, PaymentMethod, SellerRules};
use std::time::Instant;

#[tokio::test]
#[ignore = "a benchmark: bench/invoices.sh runs it"]
async fn bench_issue_invoices() {
    let n: i64 = std::env::var("BENCH_INVOICES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let app = TestApp::new().await;
    let rules = SellerRules {
        country: cps_domain::Country::parse("SE").expect("SE"),
        vat_rate_bp: 2500,
        invoice_delay: Duration::minutes(60),
    };
    // No invitation mails in the measurement: a threshold no business reaches.
    let no_invitations = app
        .store
        .clone()
        .with_points(cps_store::PointsRules { invitation_threshold: 1_000_000, ..app.store.points_rules() });
    let setup = Instant::now();
    let mut orders = Vec::new();
    for b in 1..=n {
        let signup = cps_domain::account::SignUp::parse(&cps_domain::account::SignUpInput {
            company_name: format!("Studio {b} AB"),
            vat_number: "SE556036079301".into(),
            country: "SE".into(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            contact_name: "Anna".into(),
            email: format!("studio{b}@bench.se"),
            language: "sv".into(),
            ..Default::default()
        })
        .expect("valid");
        app.store.sign_up(&signup, app.clock_now()).await.expect("sign up");
        no_invitations
            .staff_adjust_points(b, 600, "bench", &crate::harness::test_staff(), app.clock_now())
            .await
            .expect("points")
            .expect("business");
        let key = format!("{b:0>40}");
        let method = if b % 2 == 0 { PaymentMethod::BankTransfer } else { PaymentMethod::Card };
        let card = (method == PaymentMethod::Card).then(|| cps_store::payments::CardToken {
            gateway: "sandbox".into(),
            reference: "sandbox_card_ok".into(),
            label: "bench".into(),
        });
        let req = CheckoutRequest {
            business_id: b,
            user_id: b,
            idempotency_key: &key,
            tier_code: "SILVER",
            years: 1,
            method,
            card,
            buyer_reference: None,
        };
        orders.push(app.store.checkout(&req, rules, app.clock_now()).await.expect("checkout").expect("ok").order_id);
    }
    let setup = setup.elapsed();
    let seller = seller();
    let started = Instant::now();
    let (mut xml_bytes, mut pdf_bytes, mut pdf_seconds) = (0, 0, 0.0);
    for (i, order) in orders.iter().enumerate() {
        let id = app.store.issue_invoice(*order, &seller, None, app.clock_now()).await.expect("issue").expect("new");
        let invoice = app.store.invoice(i64::try_from(i).expect("fits") + 1, id).await.expect("read").expect("found");
        let xml = cps_domain::ubl::to_ubl(&invoice.document);
        xml_bytes += xml.len();
        let pdf_started = Instant::now();
        pdf_bytes += cps_billing::invoice_pdf(
            &invoice.document,
            cps_domain::Lang::Sv,
            &xml,
            cps_domain::billing::DEFAULT_F_TAX_STATEMENT,
        )
        .expect("pdf")
        .len();
        pdf_seconds += pdf_started.elapsed().as_secs_f64();
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "BENCH backend={} invoices={n} seconds={took:.2} per_second={:.0} pdf_seconds={pdf_seconds:.2} xml_bytes={xml_bytes} pdf_bytes={pdf_bytes} setup_seconds={:.1}",
        app.store.backend_name(),
        n as f64 / took,
        setup.as_secs_f64()
    );
}
