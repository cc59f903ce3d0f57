//! Bank files through the back office upload, as finance uses them: realistic
//! camt.053.001.02 and camt.054.001.08 files (in `crates/cps-domain/testdata/camt/`)
//! with pending, batch, charged, foreign, detail-less, returned and wrongly
//! addressed entries. Each test checks the invoices and the review list.

use crate::harness::{Browser, TestApp, TestResponse};
use axum::body::Body;
use axum::http::StatusCode;
use chrono::Duration;
use cps_domain::staff::StaffRole;
use cps_store::memberships::PaymentMethod;

const STATEMENT: &str = include_str!("../../../cps-domain/testdata/camt/camt053_v02_se.xml");
const NOTIFICATION: &str = include_str!("../../../cps-domain/testdata/camt/camt054_v08_eur.xml");
const RETURN: &str = include_str!("../../../cps-domain/testdata/camt/camt054_v08_return.xml");
const OUR_IBAN: &str = "SE4550000000058398257466";

/// An unpaid bank-transfer invoice: (id, number, payment reference).
struct Bill {
    business: i64,
    id: i64,
    number: String,
    reference: String,
}

/// Businesses with one issued bank-transfer Silver invoice each, from the
/// given countries (SE pays 1 437,50 kr, DE 100,00 € with reverse charge).
async fn bills(app: &TestApp, countries: &[&str]) -> Vec<Bill> {
    let mut ids = Vec::new();
    for (n, country) in countries.iter().enumerate() {
        let email = format!("kund{n}@exempel.se");
        let vat = if *country == "DE" { "DE123456789" } else { "SE556036079301" };
        app.sign_up_in_store(&format!("Kund {n}"), &email, country, vat).await;
        let id = i64::try_from(n + 1).expect("small");
        app.silver_order(id, id, PaymentMethod::BankTransfer).await;
        ids.push(id);
    }
    app.advance(Duration::minutes(61));
    app.run_jobs().await;
    let mut out = Vec::new();
    for business in ids {
        let i = app.store.invoices(business).await.expect("invoices").remove(0);
        out.push(Bill {
            business,
            id: i.id,
            number: i.document.number.clone(),
            reference: i.document.payment_reference.clone().expect("bank transfer has a reference"),
        });
    }
    out
}

async fn status(app: &TestApp, b: &Bill) -> cps_domain::status::InvoiceStatus {
    app.store.invoice(b.business, b.id).await.expect("invoice").expect("found").status
}

/// The back office upload, as the browser sends it.
async fn upload(staff: &mut Browser, file: &[u8]) -> TestResponse {
    let token = staff.csrf_token().await;
    let boundary = "XBANKFILEBOUNDARYX";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"camt.xml\"\r\nContent-Type: text/xml\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = staff
        .request("POST", "/admin/payments/upload")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("request");
    staff.send(req).await
}

/// The staff's review list: (outcome, invoice number), in file order.
async fn review(app: &TestApp) -> Vec<(String, Option<String>)> {
    app.store
        .unmatched_payments()
        .await
        .expect("list")
        .into_iter()
        .map(|p| (p.outcome.as_str().to_owned(), p.invoice_number))
        .collect()
}

fn s(x: &str) -> String {
    x.to_owned()
}

#[tokio::test]
async fn a_statement_pays_booked_entries_once_and_lists_everything_else() {
    let app = TestApp::new().await;
    let b = bills(&app, &["SE", "SE", "SE"]).await;
    // The third invoice is credited before its payment arrives.
    app.credit(b[2].id, "Dubbelbeställning").await;
    let file = STATEMENT
        .replace("{IBAN}", OUR_IBAN)
        .replace("{OCR_A}", &b[0].reference)
        .replace("{OCR_B}", &b[1].reference)
        .replace("{NUMBER_C}", &b[2].number)
        .replace("{NUMBER_A}", &b[0].number);
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    let res = upload(&mut fia, file.as_bytes()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Bokade: 2") && res.body.contains("Att granska: 4"), "{}", res.body);
    assert!(res.body.contains("Ej bokade hos banken ännu: 1"), "the pending entry is named: {}", res.body);
    assert_eq!(
        status(&app, &b[0]).await,
        cps_domain::status::InvoiceStatus::Paid,
        "the booked entry pays; its pending twin did not"
    );
    assert_eq!(
        status(&app, &b[1]).await,
        cps_domain::status::InvoiceStatus::Paid,
        "the first payment of the Bankgiro batch"
    );
    assert_eq!(status(&app, &b[2]).await, cps_domain::status::InvoiceStatus::Credited);
    assert_eq!(
        review(&app).await,
        vec![
            (s("credited"), Some(b[2].number.clone())),
            (s("unknown"), None),
            (s("no_details"), None),
            (s("foreign_currency"), None),
        ],
        "no \"duplicate\" for the only real payment; the credited invoice's money, the unknown payment, \
         the entry without details and the dollars are listed"
    );
    let page = fia.get("/admin/payments").await.body;
    for label in ["Fakturan är krediterad", "Utan transaktionsdetaljer", "Annan valuta", "150.00 USD"] {
        assert!(page.contains(label), "{label}: {page}");
    }
    // The same file again books nothing and lists nothing twice.
    let again = upload(&mut fia, file.as_bytes()).await;
    assert!(again.body.contains("Bokade: 0") && again.body.contains("Redan inlästa tidigare: 6"), "{}", again.body);
    assert_eq!(review(&app).await.len(), 4);
}

#[tokio::test]
async fn sepa_notifications_with_charges_shared_end_to_end_ids_and_lower_case_rf_all_pay() {
    let app = TestApp::new().await;
    let b = bills(&app, &["DE", "DE", "DE", "DE"]).await;
    let file = NOTIFICATION
        .replace("{IBAN}", OUR_IBAN)
        .replace("{RF_D}", &b[0].reference)
        .replace("{RF_E_LOWER}", &b[1].reference.to_lowercase())
        .replace("{NUMBER_F}", &b[2].number)
        .replace("{RF_G}", &b[3].reference);
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    let res = upload(&mut fia, file.as_bytes()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        status(&app, &b[0]).await,
        cps_domain::status::InvoiceStatus::Paid,
        "a payment with bank charges reported is the payment"
    );
    assert_eq!(
        status(&app, &b[1]).await,
        cps_domain::status::InvoiceStatus::Paid,
        "an RF reference in lower case is the same reference"
    );
    assert_eq!(
        status(&app, &b[2]).await,
        cps_domain::status::InvoiceStatus::Paid,
        "a second payer saying \"Rechnung\" is a second payment"
    );
    assert_eq!(status(&app, &b[3]).await, cps_domain::status::InvoiceStatus::Issued, "a pending entry pays nothing");
    assert_eq!(review(&app).await, vec![], "{}", res.body);

    // The first payment comes back: the invoice is open again and finance is told.
    let returned = RETURN.replace("{IBAN}", OUR_IBAN).replace("{RF_D}", &b[0].reference);
    let res = upload(&mut fia, returned.as_bytes()).await;
    assert!(res.body.contains("Återförda betalningar: 1"), "{}", res.body);
    assert_eq!(
        status(&app, &b[0]).await,
        cps_domain::status::InvoiceStatus::Issued,
        "a returned payment reopens its invoice"
    );
    assert_eq!(review(&app).await, vec![(s("returned"), Some(b[0].number.clone()))]);
    let page = fia.get("/admin/payments").await.body;
    assert!(page.contains("Återförd betalning – pengarna gick tillbaka till betalaren"), "{page}");
    upload(&mut fia, returned.as_bytes()).await;
    assert_eq!(review(&app).await.len(), 1, "the same return once");
    assert_eq!(status(&app, &b[0]).await, cps_domain::status::InvoiceStatus::Issued);
}

#[tokio::test]
async fn money_on_another_account_is_listed_not_booked() {
    let app = TestApp::new().await;
    let b = bills(&app, &["DE", "DE", "DE", "DE"]).await;
    let file = NOTIFICATION
        .replace("{IBAN}", "DE89370400440532013000")
        .replace("{RF_D}", &b[0].reference)
        .replace("{RF_E_LOWER}", &b[1].reference)
        .replace("{NUMBER_F}", &b[2].number)
        .replace("{RF_G}", &b[3].reference);
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    let res = upload(&mut fia, file.as_bytes()).await;
    assert!(res.body.contains("Bokade: 0"), "{}", res.body);
    for bill in &b {
        assert_eq!(status(&app, bill).await, cps_domain::status::InvoiceStatus::Issued);
    }
    assert_eq!(review(&app).await, vec![(s("wrong_account"), None); 3]);
    assert!(fia.get("/admin/payments").await.body.contains("Annat konto än säljarens"));
}

#[tokio::test]
async fn any_bytes_uploaded_get_an_answer_never_a_crash() {
    let app = TestApp::new().await;
    let b = bills(&app, &["SE"]).await;
    let mut fia = app.staff("fia@cps.test", StaffRole::Finance).await;
    // The date of issue 10: non-ASCII where the booking date goes.
    let file = STATEMENT
        .replace("{IBAN}", OUR_IBAN)
        .replace("{OCR_A}", &b[0].reference)
        .replace("<BookgDt><Dt>2026-12-01</Dt>", "<BookgDt><Dt>2026-12-0\u{e9}</Dt>");
    let res = upload(&mut fia, file.as_bytes()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(status(&app, &b[0]).await, cps_domain::status::InvoiceStatus::Paid);
    for junk in [
        &b"\xff\xfe<\x00D\x00"[..],
        b"<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"\xc3\xa9\">\xe2\x82\xac</Amt>",
        b"",
    ] {
        let res = upload(&mut fia, junk).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.body.contains("Ingenting bokades"), "{}", res.body);
    }
}
