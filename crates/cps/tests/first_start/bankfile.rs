//! `cps import-bank-file`: the operator's import of a camt file, through the
//! binary, on the demo's bank-transfer invoice. A non-ASCII booking date and
//! arbitrary bytes get an answer, never a panic (issue 10).

use crate::cli::{base_env, cps, fresh_database, stderr, stdout, tempdir};
use cps_store::Store;

const STATEMENT: &str = include_str!("../../../cps-domain/testdata/camt/camt053_v02_se.xml");

#[tokio::test(flavor = "multi_thread")]
async fn the_command_books_a_statement_once_and_lists_the_rest() {
    let (_keep, dir) = tempdir();
    let database = fresh_database(&dir).await;
    let env = base_env(&dir, &database);
    let demo = cps(&["demo"], &dir, &env);
    assert!(demo.status.success(), "demo: {}\n{}", stdout(&demo), stderr(&demo));
    let store = Store::connect(&database, 2).await.expect("connect");
    let user = store
        .login_candidate(&cps_domain::Email::parse("studio@demo.cps.example").expect("email"))
        .await
        .expect("store")
        .expect("the studio's login");
    let business = store.user(user.user_id).await.expect("store").expect("user").business_id;
    let invoice = store.invoices(business).await.expect("invoices").remove(0);
    assert_eq!(invoice.status, cps_domain::status::InvoiceStatus::Issued);
    let reference = invoice.document.payment_reference.clone().expect("a bank-transfer reference");
    let total = invoice.document.total_minor;
    let amount = format!("<Amt Ccy=\"SEK\">{}.{:02}</Amt>", total / 100, total % 100);
    // The development seller's account (the sample in cps.example.toml); a booking date the bank garbled.
    // The pending entry and its booked twin carry the demo invoice's total.
    let file = STATEMENT
        .replacen("<Amt Ccy=\"SEK\">1437.50</Amt>", &amount, 4)
        .replace("{IBAN}", &cps_domain::billing::Seller::sample().iban)
        .replace("{OCR_A}", &reference)
        .replace("{OCR_B}", "9999999999")
        .replace("{NUMBER_C}", "CPS-2099-000001")
        .replace("{NUMBER_A}", &invoice.document.number)
        .replace("<BookgDt><Dt>2026-12-01</Dt></BookgDt>\n        <ValDt><Dt>2026-12-01</Dt></ValDt>\n        <AcctSvcrRef>5001KONT", "<BookgDt><Dt>2026-12-0\u{e9}</Dt></BookgDt>\n        <ValDt><Dt>2026-12-01</Dt></ValDt>\n        <AcctSvcrRef>5001KONT");
    assert!(file.contains("2026-12-0\u{e9}"), "the garbled date is in the file");
    let path = dir.join("camt053.xml");
    std::fs::write(&path, &file).expect("write");
    let path = path.to_str().expect("path");

    let out = cps(&["import-bank-file", path], &dir, &env);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(text.contains("1 paid an invoice") && text.contains("5 for staff to review"), "{text}");
    assert!(text.contains("1 entr(y/ies) not booked by the bank yet"), "{text}");
    for outcome in ["unknown", "no_details", "foreign_currency"] {
        assert!(text.contains(outcome), "{outcome}: {text}");
    }
    assert_eq!(store.invoices(business).await.expect("invoices")[0].status, cps_domain::status::InvoiceStatus::Paid);
    let listed = store.unmatched_payments().await.expect("list");
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(
        listed.iter().all(|p| p.outcome != cps_domain::bankfile::PaymentOutcome::Duplicate),
        "the pending twin made no duplicate: {listed:?}"
    );

    let again = cps(&["import-bank-file", path], &dir, &env);
    assert!(stdout(&again).contains("0 paid an invoice, 6 were booked before"), "{}", stdout(&again));

    // Arbitrary bytes: a clear refusal, no panic, nothing booked.
    let junk = dir.join("junk.xml");
    std::fs::write(&junk, b"\xff\xfe<\x00D\x00o\x00c\x00\xc3\x28").expect("write");
    let bad = cps(&["import-bank-file", junk.to_str().expect("path")], &dir, &env);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("reading the bank file") && !stderr(&bad).contains("panicked"), "{}", stderr(&bad));
    assert_eq!(store.unmatched_payments().await.expect("list").len(), 5);
}
