//! Every kind of mail the portal sends, read back the way mail clients read
//! it: with Python's standard MIME parser under `policy.default` (the strict
//! reading that once saw the activation mail as plain text with broken
//! links and the invoice mail without its PDF) and with the `mail-parser`
//! crate. Each mail must have one `Content-Type`, a `multipart/alternative`
//! of text and HTML that decode to exactly what was written, and the invoice
//! and credit-note mails the kept PDF as an attachment.

use crate::harness::{TestApp, signup_form};
use base64::Engine;
use chrono::Duration;
use cps_jobs::SentMail;
use cps_store::memberships::PaymentMethod;
use serde_json::Value;

const PASSWORD: &str = "fyra ord i rad kamera";

/// What Python's `email` package (policy.default) makes of each mail.
pub(crate) fn python_reading(mails: &[SentMail]) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tmp");
    let script = dir.path().join("mime_summary.py");
    std::fs::write(&script, include_str!("mime_summary.py")).expect("script");
    let mut files = Vec::new();
    for (n, mail) in mails.iter().enumerate() {
        let path = dir.path().join(format!("{n:03}.eml"));
        std::fs::write(&path, &mail.raw).expect("eml");
        files.push(path);
    }
    let out = std::process::Command::new("python3")
        .arg(&script)
        .args(&files)
        .output()
        .expect("python3 (the test command installs it) reads the mails");
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from the script")
}

/// Line ends as a reader sees them, without the final newline.
pub(crate) fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").trim_end().to_owned()
}

fn tree(v: &Value) -> String {
    match v["parts"].as_array() {
        Some(parts) => {
            format!("{}[{}]", v["type"].as_str().unwrap_or("?"), parts.iter().map(tree).collect::<Vec<_>>().join(","))
        }
        None => v["type"].as_str().unwrap_or("?").to_owned(),
    }
}

/// The links into the portal in a text.
fn links(text: &str) -> Vec<String> {
    text.match_indices("http://cps.test/")
        .map(|(at, _)| text[at..].chars().take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<').collect())
        .collect()
}

/// The same mail as the `mail-parser` crate reads it.
pub(crate) fn check_with_mail_parser(mail: &SentMail, pdf: Option<&[u8]>) {
    use mail_parser::{HeaderName, MessageParser, MimeHeaders};
    let m = MessageParser::default().parse(&mail.raw).expect("mail-parser reads the mail");
    let root = m.root_part();
    let content_types = root.headers.iter().filter(|h| h.name == HeaderName::ContentType).count();
    assert_eq!(content_types, 1, "{}: one Content-Type in the top-level header block", mail.subject);
    let ct = m.content_type().expect("a Content-Type");
    let expected = if pdf.is_some() { "mixed" } else { "alternative" };
    assert_eq!(
        (ct.ctype(), ct.subtype()),
        ("multipart", Some(expected)),
        "{}: the top level is multipart/{expected}",
        mail.subject
    );
    assert_eq!(lines(&m.body_text(0).expect("a text body")), lines(&mail.text), "{}: text", mail.subject);
    assert_eq!(lines(&m.body_html(0).expect("an HTML body")), lines(&mail.html), "{}: HTML", mail.subject);
    let attachments: Vec<_> = m.attachments().collect();
    match pdf {
        Some(pdf) => {
            assert_eq!(attachments.len(), 1, "{}: the PDF is attached", mail.subject);
            let a = attachments[0];
            let act = a.content_type().expect("attachment type");
            assert_eq!((act.ctype(), act.subtype()), ("application", Some("pdf")));
            assert_eq!(a.contents(), pdf, "{}: the kept PDF, byte for byte", mail.subject);
        }
        None => assert!(attachments.is_empty(), "{}: nothing attached", mail.subject),
    }
}

#[tokio::test]
async fn every_mail_reads_as_text_and_html_with_its_links_intact_and_the_pdf_attached() {
    let app = TestApp::new().await;
    // Activation (Swedish), then an English member's activation.
    let mut anna = app.member("anna@ljusbild.se", "Ljus AB", PASSWORD).await;
    let mut form = signup_form("bo@studio.example", "Bo Studio AB");
    form.retain(|(k, _)| *k != "language");
    form.push(("language", "en"));
    app.browser().post_form("/signup", &form).await;
    // Password reset.
    app.browser().post_form("/password/forgot", &[("email", "anna@ljusbild.se")]).await;
    // A colleague's invitation.
    anna.post_form("/account/users", &[("invite_email", "kalle@ljusbild.se")]).await;
    // The invitation to join CPS at 500 points.
    app.give_points(1, 600).await;
    app.run_jobs().await;
    // A bank-transfer invoice with its PDF, then its reminders.
    app.silver_checkout(1, 1, PaymentMethod::BankTransfer).await;
    let invoice = app.invoice_after_delay(1).await;
    for _ in 0..38 {
        app.advance(Duration::days(1));
        let now = app.clock_now();
        app.store.send_reminders(now.date_naive(), now).await.expect("reminders");
        app.run_jobs().await;
    }
    // A credit note with its PDF.
    let credit_id = app.credit(invoice.id, "Dubbelbeställning").await;
    app.run_jobs().await;

    let mails = app.mails();
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    for kind in [
        "Ange ditt lösenord för CPS",
        "Set your password for CPS",
        "Återställ ditt lösenord för CPS",
        "Inbjudan till ett företagskonto i CPS",
        "Ni är inbjudna att gå med i CPS",
        "Faktura CPS-2026-000001 från CPS",
        "Påminnelse: faktura CPS-2026-000001 förfaller 2026-12-25",
        "Faktura CPS-2026-000001 förfaller i dag",
        "Faktura CPS-2026-000001 är förfallen",
        // Issued after the reminders, in the new year.
        "Kreditfaktura CPSK-2027-000001 för faktura CPS-2026-000001",
    ] {
        assert!(subjects.contains(&kind), "a mail {kind:?} was sent: {subjects:?}");
    }
    let invoice_pdf = app.store.stored_invoice_pdf(invoice.id).await.expect("read").expect("the invoice PDF is kept");
    let credit_pdf = app.store.stored_invoice_pdf(credit_id).await.expect("read").expect("the credit PDF is kept");

    let readings = python_reading(&mails);
    assert_eq!(readings.len(), mails.len());
    for (mail, r) in mails.iter().zip(&readings) {
        let pdf: Option<&[u8]> = if mail.subject.starts_with("Faktura CPS-2026-000001 från") {
            Some(&invoice_pdf)
        } else if mail.subject.starts_with("Kreditfaktura") {
            Some(&credit_pdf)
        } else {
            None
        };
        let what = &mail.subject;
        assert_eq!(r["content_types"].as_array().map(Vec::len), Some(1), "{what}: one Content-Type: {r}");
        assert_eq!(r["mime_version"], "1.0", "{what}");
        assert_eq!(r["defects"].as_array().map(Vec::len), Some(0), "{what}: no defects: {}", r["defects"]);
        assert_eq!(r["subject"], mail.subject.as_str(), "{what}: the subject decodes");
        let alternative = "multipart/alternative[text/plain,text/html]";
        let expected = if pdf.is_some() {
            format!("multipart/mixed[{alternative},application/pdf]")
        } else {
            alternative.to_owned()
        };
        assert_eq!(tree(&r["tree"]), expected, "{what}: the MIME tree");
        let text = r["text"].as_str().unwrap_or_else(|| panic!("{what}: a text part"));
        assert_eq!(lines(text), lines(&mail.text), "{what}: the text part decodes to what was written");
        let html = r["html"].as_str().unwrap_or_else(|| panic!("{what}: an HTML part"));
        assert_eq!(lines(html), lines(&mail.html), "{what}: the HTML part decodes to what was written");
        let written = links(&mail.text);
        assert!(!written.is_empty(), "{what}: the mail has a link");
        for link in written {
            assert!(
                lines(text).split_whitespace().any(|word| word == link),
                "{what}: the link {link} reads whole in the text part: {text}"
            );
            assert!(html.contains(&link), "{what}: the link {link} in the HTML part");
        }
        let attachments = r["attachments"].as_array().expect("a list");
        match pdf {
            Some(pdf) => {
                assert_eq!(attachments.len(), 1, "{what}: the PDF is attached: {r}");
                let a = &attachments[0];
                assert_eq!(a["type"], "application/pdf");
                assert_eq!(a["disposition"], "attachment");
                let name = a["filename"].as_str().expect("a file name");
                assert!(mail.subject.contains(name.trim_end_matches(".pdf")), "{what}: named {name}");
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(a["base64"].as_str().expect("content"))
                    .expect("base64");
                assert!(bytes.starts_with(b"%PDF-"), "{what}: a PDF");
                assert_eq!(bytes, pdf, "{what}: the kept PDF, byte for byte");
            }
            None => assert!(attachments.is_empty(), "{what}: nothing attached"),
        }
        check_with_mail_parser(mail, pdf);
    }
}
