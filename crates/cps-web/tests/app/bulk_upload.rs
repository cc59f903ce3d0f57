//! "Ladda upp en lista": a member's product list (CSV in UTF-8 or
//! Windows-1252, `;` or `,`, or XLSX) is checked whole, previewed, and
//! registered only on confirmation, in one transaction with the points and
//! the invitation; the same list again adds nothing.

use crate::harness::{Browser, Options, TestApp, TestResponse, page_text};
use axum::body::Body;
use axum::http::{StatusCode, header};
use std::time::Instant;

const PASSWORD: &str = "fyra ord i rad kamera";
const INVITATION: &str = "Ni är inbjudna att gå med i CPS";

/// Posts `bytes` as the file of the upload form, with the page's CSRF token
/// (or `token` when given).
async fn upload(b: &mut Browser, name: &str, bytes: &[u8], token: Option<&str>) -> TestResponse {
    let token = match token {
        Some(t) => t.to_owned(),
        None => b.csrf_token().await,
    };
    let boundary = "CPSBULKBOUNDARY0a1b2c3d4e5f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = b
        .request("POST", "/products/upload")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("request");
    b.send(req).await
}

/// The confirmation form's address on a preview page.
fn confirm_path(preview: &TestResponse) -> String {
    let at = preview.body.find("action=\"/products/upload/").expect("a confirmation form") + "action=\"".len();
    preview.body[at..].chars().take_while(|c| *c != '"').collect()
}

async fn confirm(b: &mut Browser, preview: &TestResponse) -> TestResponse {
    let path = confirm_path(preview);
    b.post_form(&path, &[]).await
}

/// The text of a page without tags, for reading messages in table cells.
fn serial(n: u64) -> String {
    format!("{:012}", 400_000_000_000 + n)
}

#[tokio::test]
async fn a_list_is_previewed_then_registered_once_with_points_and_the_invitation() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let list = anna.get("/products").await.body;
    assert!(list.contains("href=\"/products/upload\"") && list.contains("Ladda upp en lista"), "linked from the list");
    let form = anna.get("/products/upload").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("name=\"csrf\""));

    let csv = format!(
        "Model,Serial number,Purchase date,Country of purchase,Retailer\n\
         EOS-R5,{},2021-03-01,SE,Foto AB\n\
         eos r5,{},2021-04,SE,Foto AB\n\
         EOS 5D Mark III,{},,,\n\
         R5,{},2021-03-01,SE,Foto AB\n",
        serial(1),
        serial(2),
        serial(3),
        serial(4)
    );
    let preview = upload(&mut anna, "lista.csv", csv.as_bytes(), None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let page = page_text(&preview.body);
    assert!(page.contains("3 produkter kan registreras och ger 560 poäng nu. 1 rad hoppas över."), "{page}");
    assert!(page.contains("EOS R5 (EOS-R5)"), "the model found by name and by code: {page}");
    assert!(page.contains("Ofullständig – inköpsdatum, inköpsland, återförsäljare"), "{page}");
    assert!(page.contains("Flera modeller passar – skriv modellkoden. Menade ni: EOS R5"), "{page}");
    assert!(preview.body.contains("Registrera 3 produkter"));
    assert_eq!(app.store.products(1).await.expect("products").len(), 0, "nothing written before confirming");
    assert_eq!(app.store.balance(1).await.expect("balance"), 0);

    let done = confirm(&mut anna, &preview).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let page = page_text(&done.body);
    assert!(page.contains("3 produkter registrerades och gav 560 poäng."), "{page}");
    assert!(page.contains("Dessa rader hoppades över") && page.contains("Flera modeller passar"), "{page}");
    assert_eq!(app.store.products(1).await.expect("products").len(), 3);
    assert_eq!(app.store.balance(1).await.expect("balance"), 560, "two complete EOS R5, one incomplete");
    assert!(app.store.invited(1).await.expect("invited"), "crossing 500 points invites");
    app.run_jobs().await;
    assert_eq!(app.mails_to("anna@ljusbild.se").iter().filter(|m| m.subject == INVITATION).count(), 1);
    let history = anna.get("/products/history").await.body;
    assert_eq!(history.matches("+280").count(), 2, "one ledger entry per complete product");

    // The same confirmation again, and the same file again: nothing more.
    let again = confirm(&mut anna, &preview).await;
    assert_eq!(again.status, StatusCode::GONE);
    let preview = upload(&mut anna, "lista.csv", csv.as_bytes(), None).await;
    let page = page_text(&preview.body);
    assert!(page.contains("Ingen rad i listan kan registreras"), "{page}");
    assert_eq!(page.matches("Ni har redan registrerat en produkt med det här serienumret.").count(), 3, "{page}");
    assert!(!preview.body.contains("Registrera 0"), "no confirmation to give");
    assert_eq!(app.store.products(1).await.expect("products").len(), 3);
    assert_eq!(app.store.balance(1).await.expect("balance"), 560);
    app.assert_no_jobs_left().await;
}

#[tokio::test]
async fn with_the_age_decline_on_the_preview_promises_what_the_ledger_gives() {
    let app = TestApp::with(Options { points_decline: true, ..Options::default() }).await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    // EOS-1Ds Mark III: 340 points, 140 from 10 years after purchase; bought 2010.
    let csv = "Model,Serial number,Purchase date,Country of purchase,Retailer\n\
               EOS-1DS-MK3,012345678901,2010-06-01,SE,Foto AB\n";
    let preview = upload(&mut anna, "lista.csv", csv.as_bytes(), None).await;
    let page = page_text(&preview.body);
    assert!(page.contains("1 produkt kan registreras och ger 140 poäng nu."), "{page}");
    assert!(!page.contains("340"), "not the undeclined value: {page}");
    let done = page_text(&confirm(&mut anna, &preview).await.body);
    assert!(done.contains("gav 140 poäng"), "{done}");
    assert_eq!(app.store.balance(1).await.expect("balance"), 140);
}

#[tokio::test]
async fn a_swedish_excel_csv_in_windows_1252_with_semicolons_is_registered() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    // What Excel (Swedish) saves as "CSV (semikolonavgränsad)": Windows-1252, CRLF,
    // the separator row of blank lines at the end.
    let mut bytes = b"Modell;Serienummer;Ink\xF6psdatum;Ink\xF6psland;\xC5terf\xF6rs\xE4ljare\r\n".to_vec();
    bytes.extend_from_slice(format!("EOS-5D-MK3;{};2014-03-01;SE;", serial(10)).as_bytes());
    bytes.extend_from_slice(b"G\xF6teborgs Foto & B\xE5t\r\n;;;;\r\n;;;;\r\n");
    let preview = upload(&mut anna, "produkter.csv", &bytes, None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        page_text(&preview.body).contains("1 produkt kan registreras och ger 235 poäng nu. Inga rader hoppas över.")
    );
    confirm(&mut anna, &preview).await;
    let list = anna.get("/products").await.body;
    assert!(page_text(&list).contains("Göteborgs Foto &#38; Båt"), "the Windows-1252 letters arrive intact: {list}");
    assert_eq!(app.store.balance(1).await.expect("balance"), 235);
}

#[tokio::test]
async fn an_xlsx_workbook_is_registered() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, heading) in ["Modell", "Serienummer", "Inköpsdatum", "Inköpsland", "Återförsäljare"].iter().enumerate()
    {
        sheet.write_string(0, u16::try_from(col).expect("col"), *heading).expect("cell");
    }
    // A serial typed as a number (Excel keeps it as one), a date as a date cell.
    sheet.write_string(1, 0, "EOS R6").expect("cell");
    sheet.write_number(1, 1, 412_345_678_901_f64).expect("cell");
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2021, 5, 14).expect("date"), &date).expect("cell");
    sheet.write_string(1, 3, "SE").expect("cell");
    sheet.write_string(1, 4, "Kameraboden").expect("cell");
    sheet.write_string(2, 0, "EOS-R5").expect("cell");
    sheet.write_string(2, 1, serial(21)).expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");

    let preview = upload(&mut anna, "produkter.xlsx", &bytes, None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let page = page_text(&preview.body);
    assert!(page.contains("2 produkter kan registreras och ger 210 poäng nu."), "{page}");
    assert!(page.contains("412345678901"), "the numeric serial without decimals: {page}");
    confirm(&mut anna, &preview).await;
    let list = anna.get("/products").await.body;
    assert!(list.contains("2021-05-14") && list.contains("Kameraboden"), "{list}");
    assert_eq!(app.store.balance(1).await.expect("balance"), 210);
}

#[tokio::test]
async fn every_kind_of_bad_row_is_skipped_with_its_reason_and_another_business_is_not_named() {
    let app = TestApp::new().await;
    let mut bo = app.member("bo@grannstudion.se", "Grannstudion AB", PASSWORD).await;
    let taken = serial(99);
    let res = bo
        .post_form(
            "/products",
            &[
                ("model", "EOS-R5"),
                ("serial", taken.as_str()),
                ("purchase_date", "2021-01-01"),
                ("purchase_country", "SE"),
                ("retailer", "Foto AB"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/products"));
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let own = serial(50);
    anna.post_form(
        "/products",
        &[
            ("model", "EOS-R6"),
            ("serial", own.as_str()),
            ("purchase_date", ""),
            ("purchase_country", ""),
            ("retailer", ""),
        ],
    )
    .await;
    let csv = format!(
        "Modell;Serienummer;Inköpsdatum;Inköpsland;Återförsäljare\n\
         EOS-R5;{ok};2021-03-01;SE;Foto AB\n\
         Nikon Z9;{s2};2021-03-01;SE;Foto AB\n\
         Mark III;{s3};2021-03-01;SE;Foto AB\n\
         EOS-R5;ABC-123;2021-03-01;SE;Foto AB\n\
         EOS-R5;{s5};2019-01-01;SE;Foto AB\n\
         EOS-R5;{s6};2027-01-01;SE;Foto AB\n\
         EOS-R5;{s7};14/3/2021;SE;Foto AB\n\
         EOS-R5;{s8};2021-03-01;Sverige;Foto AB\n\
         EOS-R5;;2021-03-01;SE;Foto AB\n\
         ;{s10};2021-03-01;SE;Foto AB\n\
         EOS-R5;{ok};2021-03-01;SE;Foto AB\n\
         EOS-R6;{own};2021-03-01;SE;Foto AB\n\
         EOS-R5;{taken};2021-03-01;SE;Foto AB\n",
        ok = serial(1),
        s2 = serial(2),
        s3 = serial(3),
        s5 = serial(5),
        s6 = serial(6),
        s7 = serial(7),
        s8 = serial(8),
        s10 = serial(10),
    );
    let preview = upload(&mut anna, "lista.csv", csv.as_bytes(), None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let page = page_text(&preview.body);
    assert!(page.contains("1 produkt kan registreras och ger 280 poäng nu. 12 rader hoppas över."), "{page}");
    for reason in [
        "3 Nikon Z9 ",
        "Modellen finns inte i katalogen.",
        "Flera modeller passar – skriv modellkoden.",
        "Serienumret ser inte ut som ett serienummer för den här modellen.",
        "Inköpsdatumet ligger före modellens lansering.",
        "Inköpsdatumet kan inte ligga i framtiden.",
        "Skriv inköpsdatumet som ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM.",
        "Välj ett land i listan.",
        "Serienummer saknas.",
        "Modell saknas.",
        "Samma serienummer finns redan på rad 2 i filen.",
        "Ni har redan registrerat en produkt med det här serienumret.",
        "Serienumret är redan registrerat av ett annat företag.",
    ] {
        assert!(page.contains(reason), "{reason:?} in {page}");
    }
    assert!(!preview.body.contains("Grannstudion") && !preview.body.contains("bo@grannstudion.se"));

    // In English for a member who reads English.
    anna.post_form("/account/language", &[("language", "en")]).await;
    let preview_en = upload(&mut anna, "list.csv", csv.as_bytes(), None).await;
    let page_en = page_text(&preview_en.body);
    assert!(
        page_en.contains("The model is not in the catalogue.")
            && page_en.contains("already registered by another business"),
        "{page_en}"
    );

    let done = confirm(&mut anna, &preview_en).await;
    let page = page_text(&done.body);
    assert!(page.contains("1 product was registered and gave 280 points."), "{page}");
    assert!(page.contains("These rows were skipped") && !done.body.contains("Grannstudion"), "{page}");
    assert_eq!(app.store.products(2).await.expect("products").len(), 2, "the earlier one and the one good row");
    assert_eq!(app.store.products(1).await.expect("products").len(), 1, "the other business keeps its serial");
    // The first list is kept on its own and is checked again when confirmed.
    let stale = confirm(&mut anna, &preview).await;
    assert_eq!(stale.status, StatusCode::OK, "the first preview is still there: it checks again");
    assert!(page_text(&stale.body).contains("No products were registered."), "{}", stale.body);
}

#[tokio::test]
async fn a_list_of_another_business_cannot_be_confirmed_and_the_form_is_protected() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut bo = app.member("bo@grannstudion.se", "Grannstudion AB", PASSWORD).await;
    let csv = format!("Model,Serial number\nEOS-R5,{}\n", serial(1));
    let preview = upload(&mut anna, "lista.csv", csv.as_bytes(), None).await;
    let res = bo.post_form(&confirm_path(&preview), &[]).await;
    assert_eq!(res.status, StatusCode::GONE, "another business's list is not found");
    assert_eq!(app.store.products(2).await.expect("products").len(), 0);
    assert_eq!(app.store.products(1).await.expect("products").len(), 0);

    let forged = upload(&mut anna, "lista.csv", csv.as_bytes(), Some(&"0".repeat(64))).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "a multipart form needs the CSRF token too");
    let too_big = upload(&mut anna, "lista.csv", &vec![b'a'; 5 * 1024 * 1024], None).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let not_a_list = upload(&mut anna, "bild.png", b"\x89PNG\r\n\x1a\n\0\0\0", None).await;
    assert_eq!(not_a_list.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_list.body.contains("Filen gick inte att läsa."), "{}", not_a_list.body);

    let mut logged_out = app.browser();
    let res = upload(&mut logged_out, "lista.csv", csv.as_bytes(), None).await;
    assert!(res.status.is_redirection(), "members only: {}", res.status);
    assert_eq!(app.store.products(1).await.expect("products").len(), 0);
}

#[tokio::test]
async fn the_templates_have_the_form_columns_in_swedish_and_english() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let sv = anna.get("/products/upload/template/sv").await;
    assert_eq!(sv.status, StatusCode::OK);
    assert!(sv.header("content-disposition").is_some_and(|d| d.contains("attachment")));
    assert_eq!(sv.body, "\u{feff}Modell;Serienummer;Inköpsdatum;Inköpsland;Återförsäljare\r\n");
    let en = anna.get("/products/upload/template/en").await;
    assert_eq!(en.body, "Model,Serial number,Purchase date,Country of purchase,Retailer\r\n");
    // A template filled in is a valid list.
    let filled = format!("{}EOS-R5,{},2021-03-01,SE,Foto AB\r\n", en.body, serial(1));
    let preview = upload(&mut anna, "product-list.csv", filled.as_bytes(), None).await;
    assert!(page_text(&preview.body).contains("1 produkt kan registreras"), "{}", preview.body);
}

/// A list of `n` complete EOS R5 (280 points each).
fn big_list(n: u64) -> String {
    let mut csv = String::from("Modell;Serienummer;Inköpsdatum;Inköpsland;Återförsäljare\r\n");
    for i in 0..n {
        csv.push_str(&format!("EOS-R5;{};2021-03-01;SE;Kamerahuset\r\n", serial(i)));
    }
    csv
}

/// Uploads and confirms a list of `n` rows; returns the seconds of the check
/// (upload and preview) and of the confirmation.
async fn upload_big(app: &TestApp, b: &mut Browser, n: u64) -> (f64, f64) {
    let csv = big_list(n);
    let started = Instant::now();
    let preview = upload(b, "stor-lista.csv", csv.as_bytes(), None).await;
    let checked = started.elapsed().as_secs_f64();
    assert_eq!(preview.status, StatusCode::OK);
    let started = Instant::now();
    let done = confirm(b, &preview).await;
    let confirmed = started.elapsed().as_secs_f64();
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(app.store.products(1).await.expect("products").len(), usize::try_from(n).expect("n"));
    (checked, confirmed)
}

#[tokio::test]
async fn a_list_of_5000_rows_is_checked_and_registered_and_5001_are_refused() {
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let too_many = upload(&mut anna, "lista.csv", big_list(5_001).as_bytes(), None).await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_many.body.contains("Filen har 5\u{a0}001 rader. Dela upp den i filer med högst 5\u{a0}000 rader."),
        "{}",
        too_many.body
    );
    let preview = upload(&mut anna, "lista.csv", big_list(5_000).as_bytes(), None).await;
    assert!(
        page_text(&preview.body).contains("5\u{a0}000 produkter kan registreras och ger 1\u{a0}400\u{a0}000 poäng nu.")
    );
    let done = confirm(&mut anna, &preview).await;
    assert!(page_text(&done.body).contains("5\u{a0}000 produkter registrerades"), "{}", done.body);
    assert_eq!(app.store.products(1).await.expect("products").len(), 5_000);
    assert_eq!(app.store.balance(1).await.expect("balance"), 1_400_000);
    app.run_jobs().await;
    assert_eq!(app.mails_to("anna@ljusbild.se").iter().filter(|m| m.subject == INVITATION).count(), 1);
    let again = upload(&mut anna, "lista.csv", big_list(5_000).as_bytes(), None).await;
    assert!(page_text(&again.body).contains("Ingen rad i listan kan registreras"));
}

/// The bulk-upload benchmark (run by `bench/bulk_upload.sh`, ignored by the
/// normal suite): BENCH_ROWS rows (default 5 000) checked and confirmed.
#[tokio::test]
#[ignore = "a benchmark: bench/bulk_upload.sh runs it"]
async fn bench_bulk_upload() {
    let n: u64 = std::env::var("BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let app = TestApp::new().await;
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let (checked, confirmed) = upload_big(&app, &mut anna, n).await;
    println!("BENCH rows={n} check_s={checked:.2} confirm_s={confirmed:.2} total_s={:.2}", checked + confirmed);
}
