//! The invoice benchmark (run by `bench/invoices.sh`, ignored by the normal
//! suite): BENCH_INVOICES orders (default 10 000) are made, then their
//! invoices are issued one after another as the worker does, each with its
//! e-invoice XML and its PDF/A-3 (typst) rendered. Prints the rate.

use crate::harness::{TestApp, seller};
use cps_store::memberships::PaymentMethod;
use std::time::Instant;

#[tokio::test]
#[ignore = "a benchmark: bench/invoices.sh runs it"]
async fn bench_issue_invoices() {
    let n: i64 = std::env::var("BENCH_INVOICES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let app = TestApp::new().await;
    // No invitation mails in the measurement: a threshold no business reaches.
    let no_invitations = app
        .store
        .clone()
        .with_points(cps_store::PointsRules { invitation_threshold: 1_000_000, ..app.store.points_rules() });
    let setup = Instant::now();
    let mut orders = Vec::new();
    for b in 1..=n {
        app.sign_up_in_store(&format!("Studio {b} AB"), &format!("studio{b}@bench.se"), "SE", "SE556036079301").await;
        no_invitations
            .staff_adjust_points(b, 600, "bench", &crate::harness::test_staff(), app.clock_now())
            .await
            .expect("points");
        let method = if b % 2 == 0 { PaymentMethod::BankTransfer } else { PaymentMethod::Card };
        orders.push(app.silver_checkout(b, b, method).await);
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
