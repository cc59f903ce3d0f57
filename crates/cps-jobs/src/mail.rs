//! Rendering and sending the portal's emails. Each mail is a subject, a text
//! and an HTML part in the recipient's language; the words come from the
//! Fluent files, the layout from one text and one HTML template.

use anyhow::Context;
use askama::Template;
use cps_domain::mail::{Mail, MailTemplate, ServiceUpdate};
use cps_i18n::I18n;
use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Links in mails are built from the configured public URL, never from a
/// request's Host header.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    pub fn new(public_base_url: &str) -> Self {
        Self { base: public_base_url.trim_end_matches('/').to_owned() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// No encryption: only for a relay on the same host.
    None,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    pub from: Mailbox,
    pub links: Links,
    /// Development only: also log the links of activation and reset mails.
    pub log_links: bool,
}

/// A mail as sent, for tests that read it back.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Attached files: (file name, content).
    pub attachments: Vec<(String, Vec<u8>)>,
    /// The whole message as it would go over SMTP or into the outbox (RFC 5322
    /// with its MIME parts), for tests that read it with a MIME parser.
    pub raw: Vec<u8>,
}

/// A file sent with a mail (the invoice PDF).
#[derive(Debug, Clone)]
pub struct MailAttachment {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Writes each mail as an `.eml` file (development).
    Outbox(PathBuf),
    /// Keeps mails in memory (unit and integration tests).
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Outbox(p) => write!(f, "Mailer::Outbox({})", p.display()),
            Mailer::Memory(_) => f.write_str("Mailer::Memory"),
        }
    }
}

impl Mailer {
    pub fn smtp(cfg: &SmtpConfig) -> anyhow::Result<Mailer> {
        let builder = match cfg.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)?,
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)?,
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
        };
        let mut builder = builder.port(cfg.port);
        if let (Some(user), Some(pass)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.expose_secret().to_owned()));
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    pub fn memory() -> (Mailer, Arc<Mutex<Vec<SentMail>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Memory(sent.clone()), sent)
    }

    pub async fn send(&self, cfg: &MailConfig, mail: &Mail, attachments: Vec<MailAttachment>) -> anyhow::Result<()> {
        let rendered = render(cfg, mail)?;
        if cfg.log_links
            && let Some(link) = &rendered.secret_link
        {
            tracing::info!(to = %mail.to, %link, "development mode: link from the mail just sent");
        }
        match self {
            Mailer::Memory(sent) => {
                // Built exactly as for SMTP, so tests read the real message.
                let (subject, text, html) = (rendered.subject.clone(), rendered.text.clone(), rendered.html.clone());
                let files: Vec<(String, Vec<u8>)> =
                    attachments.iter().map(|a| (a.filename.clone(), a.bytes.clone())).collect();
                let raw = build_message(cfg, mail, rendered, attachments)?.formatted();
                sent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(SentMail {
                    to: mail.to.to_string(),
                    subject,
                    text,
                    html,
                    attachments: files,
                    raw,
                });
            }
            Mailer::Outbox(dir) => {
                let message = build_message(cfg, mail, rendered, attachments)?;
                tokio::fs::create_dir_all(dir).await.with_context(|| format!("creating outbox {}", dir.display()))?;
                let name =
                    format!("{}-{:08x}.eml", chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"), rand::random::<u32>());
                tokio::fs::write(dir.join(name), message.formatted()).await.context("writing to the outbox")?;
            }
            Mailer::Smtp(transport) => {
                let message = build_message(cfg, mail, rendered, attachments)?;
                transport.send(message).await.context("sending over SMTP")?;
            }
        }
        Ok(())
    }
}

/// The message: `multipart/alternative` (text, HTML), inside
/// `multipart/mixed` with the attachments when there are any. The
/// top-level `Content-Type` is the multipart's own — the only one: a second
/// (`text/plain`) made strict parsers read the whole mail as plain text and
/// lose the attachment.
fn build_message(
    cfg: &MailConfig,
    mail: &Mail,
    r: Rendered,
    attachments: Vec<MailAttachment>,
) -> anyhow::Result<Message> {
    let builder =
        Message::builder().from(cfg.from.clone()).to(Mailbox::new(None, mail.to.as_str().parse()?)).subject(r.subject);
    let body = MultiPart::alternative_plain_html(r.text, r.html);
    if attachments.is_empty() {
        return Ok(builder.multipart(body)?);
    }
    let mut mixed = MultiPart::mixed().multipart(body);
    for a in attachments {
        let content_type = ContentType::parse(a.content_type)?;
        mixed = mixed.singlepart(lettre::message::Attachment::new(a.filename).body(a.bytes, content_type));
    }
    Ok(builder.multipart(mixed)?)
}

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The link when it carries a one-time token.
    secret_link: Option<String>,
}

#[derive(Template)]
#[template(path = "mail.txt")]
struct TextMail<'a> {
    m: &'a MailParts,
}

#[derive(Template)]
#[template(path = "mail.html")]
struct HtmlMail<'a> {
    m: &'a MailParts,
    lang: &'a str,
}

struct MailParts {
    subject: String,
    greeting: String,
    body: String,
    action_label: String,
    action_url: String,
    ignore: String,
    signature: Vec<String>,
    automatic: String,
}

fn decision_key(d: cps_domain::mail::SerialDecision) -> &'static str {
    use cps_domain::mail::SerialDecision::*;
    match d {
        Kept => "serial-kept",
        NotYours => "serial-not-yours",
        MovedToYou => "serial-moved-to-you",
        MovedAway => "serial-moved-away",
        Removed => "serial-removed",
        Freed => "serial-freed",
    }
}

fn stage_key(stage: cps_domain::mail::ReminderStage) -> &'static str {
    match stage {
        cps_domain::mail::ReminderStage::Before => "reminder-before",
        cps_domain::mail::ReminderStage::Due => "reminder-due",
        cps_domain::mail::ReminderStage::After => "reminder-after",
    }
}

/// The facts a service mail gives: the request number and product at every
/// step, the dates (in the locale's format) and amounts (the locale's money
/// format) of the step.
fn service_args<'a>(i: &I18n, number: &str, product: &str, update: &ServiceUpdate) -> Vec<(&'a str, cps_i18n::Arg)> {
    let mut args = vec![("number", cps_i18n::Arg::from(number)), ("product", cps_i18n::Arg::from(product))];
    match update {
        ServiceUpdate::Received { promised_on } => args.push(("promised", cps_i18n::Arg::Str(i.date(*promised_on)))),
        ServiceUpdate::Quoted { total } | ServiceUpdate::Approved { total } => {
            args.push(("total", cps_i18n::Arg::Str(total.format(i.lang))));
        }
        ServiceUpdate::Shipped { tracking: Some(tracking) } => {
            args.push(("tracking", cps_i18n::Arg::from(tracking.as_str())))
        }
        ServiceUpdate::LoanLent { item, due_on } => {
            args.push(("item", cps_i18n::Arg::from(item.as_str())));
            args.push(("due", cps_i18n::Arg::Str(i.date(*due_on))));
        }
        ServiceUpdate::LoanReturned { item } => args.push(("item", cps_i18n::Arg::from(item.as_str()))),
        ServiceUpdate::Registered { .. }
        | ServiceUpdate::Declined
        | ServiceUpdate::InRepair { .. }
        | ServiceUpdate::Ready
        | ServiceUpdate::Shipped { tracking: None }
        | ServiceUpdate::Closed => {}
    }
    args
}

pub fn render(cfg: &MailConfig, mail: &Mail) -> anyhow::Result<Rendered> {
    let i = I18n::new(mail.lang);
    let (key, path, secret) = match &mail.template {
        MailTemplate::Activation { token } => ("activation", format!("/activate/{token}"), true),
        MailTemplate::AccountExists => ("account-exists", "/password/forgot".to_owned(), false),
        MailTemplate::PasswordReset { token } => ("reset", format!("/password/reset/{token}"), true),
        MailTemplate::ResetUnknownAccount => ("reset-unknown", "/signup".to_owned(), false),
        MailTemplate::PasswordChanged => ("password-changed", "/login".to_owned(), false),
        MailTemplate::Invitation { .. } => ("invitation", "/tiers".to_owned(), false),
        MailTemplate::ConfirmOldEmail { token } => ("confirm-old-email", format!("/migration/confirm/{token}"), true),
        MailTemplate::MembershipConfirmed { .. } => ("membership", "/membership".to_owned(), false),
        MailTemplate::InvoiceIssued { invoice_id, card: true, .. } => {
            ("invoice-card", format!("/invoices/{invoice_id}"), false)
        }
        MailTemplate::InvoiceIssued { invoice_id, card: false, .. } => {
            ("invoice-bank", format!("/invoices/{invoice_id}"), false)
        }
        MailTemplate::PaymentFailed { invoice_id, .. } => ("payment-failed", format!("/invoices/{invoice_id}"), false),
        MailTemplate::PaymentNeedsConfirmation { invoice_id, .. } => {
            ("payment-confirm", format!("/invoices/{invoice_id}/confirm-payment"), false)
        }
        MailTemplate::CreditNoteIssued { invoice_id, .. } => ("credit-note", format!("/invoices/{invoice_id}"), false),
        MailTemplate::MembershipSuspended { .. } => ("suspended", "/invoices".to_owned(), false),
        MailTemplate::TicketReceived { member: true, .. } => ("ticket-member", "/support".to_owned(), false),
        MailTemplate::TicketReceived { member: false, .. } => ("ticket-visitor", "/faq".to_owned(), false),
        MailTemplate::PaymentReminder { invoice_id, stage, .. } => {
            (stage_key(*stage), format!("/invoices/{invoice_id}"), false)
        }
        MailTemplate::TicketAnswered { reference, member: true, .. } => {
            ("ticket-answered", format!("/support/{reference}"), false)
        }
        MailTemplate::TicketAnswered { member: false, .. } => ("ticket-answered-visitor", "/faq".to_owned(), false),
        MailTemplate::SerialDecision { decision, .. } => (decision_key(*decision), "/products".to_owned(), false),
        MailTemplate::ColleagueInvitation { token } => ("colleague", format!("/invitations/{token}"), true),
        MailTemplate::ServiceUpdate { number, update, .. } => (update.key(), format!("/service/{number}"), false),
    };
    let args: Vec<(&str, cps_i18n::Arg)> = match &mail.template {
        MailTemplate::Invitation { points } => vec![("points", cps_i18n::Arg::Str(i.number(*points)))],
        MailTemplate::MembershipConfirmed { tier, number, ends_on, .. } => vec![
            ("tier", cps_i18n::Arg::from(tier.as_str())),
            ("number", cps_i18n::Arg::from(number.as_str())),
            ("ends", cps_i18n::Arg::Str(i.date(*ends_on))),
        ],
        MailTemplate::InvoiceIssued { number, total, due_on, service_request, .. } => vec![
            ("number", cps_i18n::Arg::from(number.as_str())),
            ("total", cps_i18n::Arg::Str(total.format(mail.lang))),
            ("due", cps_i18n::Arg::Str(i.date(*due_on))),
            // The body's selector: "membership", or the request's number.
            ("service", cps_i18n::Arg::from(service_request.as_deref().unwrap_or("membership"))),
        ],
        MailTemplate::TicketReceived { reference, .. } | MailTemplate::TicketAnswered { reference, .. } => {
            vec![("reference", cps_i18n::Arg::from(reference.as_str()))]
        }
        MailTemplate::CreditNoteIssued { number, credits, .. } => {
            vec![("number", cps_i18n::Arg::from(number.as_str())), ("credits", cps_i18n::Arg::from(credits.as_str()))]
        }
        MailTemplate::SerialDecision { serial, .. } => vec![("serial", cps_i18n::Arg::from(serial.as_str()))],
        MailTemplate::PaymentReminder { number, due_on, .. } => {
            vec![("number", cps_i18n::Arg::from(number.as_str())), ("due", cps_i18n::Arg::Str(i.date(*due_on)))]
        }
        MailTemplate::PaymentFailed { number, .. }
        | MailTemplate::PaymentNeedsConfirmation { number, .. }
        | MailTemplate::MembershipSuspended { number } => {
            vec![("number", cps_i18n::Arg::from(number.as_str()))]
        }
        MailTemplate::ServiceUpdate { number, product, update } => service_args(&i, number, product, update),
        _ => Vec::new(),
    };
    let mut body = i.t_args(&format!("mail-{key}-body"), &args);
    if let MailTemplate::MembershipConfirmed { previous_number: Some(previous), number, .. } = &mail.template {
        let changed = [("old", cps_i18n::Arg::from(previous.as_str())), ("new", cps_i18n::Arg::from(number.as_str()))];
        body = format!("{body} {}", i.t_args("membership-number-changed", &changed));
    }
    if let MailTemplate::CreditNoteIssued { total: Some(total), issued_on: Some(issued_on), .. } = &mail.template {
        // The amount credited, written without the document's minus sign.
        let credited = cps_domain::money::Money::new(total.minor.abs(), total.currency);
        let amount = [
            ("issued", cps_i18n::Arg::Str(i.date(*issued_on))),
            ("total", cps_i18n::Arg::Str(credited.format(mail.lang))),
        ];
        body = format!("{body} {}", i.t_args("mail-credit-note-amount", &amount));
    }
    if let MailTemplate::TicketAnswered { answer: Some(answer), .. } = &mail.template {
        body = format!("{body}\n\n{answer}");
    }
    if let MailTemplate::ServiceUpdate { update: ServiceUpdate::InRepair { promised_on: Some(promised) }, .. } =
        &mail.template
    {
        let promised = [("promised", cps_i18n::Arg::Str(i.date(*promised)))];
        body = format!("{body} {}", i.t_args("mail-svc-promised", &promised));
    }
    // A service mail's link and closing line are the same at every step,
    // except the quote's, which asks for the member's decision.
    let (action_id, ignore_id) = match &mail.template {
        MailTemplate::ServiceUpdate { update: ServiceUpdate::Quoted { .. }, .. } => {
            ("mail-svc-quoted-action".to_owned(), "mail-svc-ignore".to_owned())
        }
        MailTemplate::ServiceUpdate { .. } => ("mail-svc-action".to_owned(), "mail-svc-ignore".to_owned()),
        _ => (format!("mail-{key}-action"), format!("mail-{key}-ignore")),
    };
    let action_url = cfg.links.url(&path);
    let parts = MailParts {
        subject: i.t_args(&format!("mail-{key}-subject"), &args),
        greeting: i.t("mail-greeting"),
        body,
        action_label: i.t_args(&action_id, &args),
        action_url: action_url.clone(),
        ignore: i.t_args(&ignore_id, &args),
        signature: i.t("mail-signature").lines().map(str::to_owned).collect(),
        automatic: i.t("mail-automatic"),
    };
    Ok(Rendered {
        text: TextMail { m: &parts }.render()?,
        html: HtmlMail { m: &parts, lang: mail.lang.code() }.render()?,
        subject: parts.subject,
        secret_link: secret.then_some(action_url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cps_domain::{Email, Lang};

    fn cfg() -> MailConfig {
        MailConfig {
            from: "CPS <donotreply@cps.example>".parse().unwrap(),
            links: Links::new("https://cps.example/"),
            log_links: false,
        }
    }

    #[test]
    fn activation_mail_in_both_languages_carries_the_link() {
        for (lang, subject) in [(Lang::Sv, "Ange ditt lösenord för CPS"), (Lang::En, "Set your password for CPS")] {
            let mail = Mail {
                to: Email::parse("a@b.se").unwrap(),
                lang,
                template: MailTemplate::Activation { token: "abc123".into() },
            };
            let r = render(&cfg(), &mail).unwrap();
            assert_eq!(r.subject, subject);
            assert!(r.text.contains("https://cps.example/activate/abc123"), "{}", r.text);
            assert!(r.html.contains("href=\"https://cps.example/activate/abc123\""), "{}", r.html);
            assert!(r.html.contains(&format!("lang=\"{}\"", lang.code())));
            assert!(!r.text.contains("mail-"), "every message id resolves: {}", r.text);
        }
    }

    /// The header block of a formatted message (up to the first empty line).
    fn top_headers(raw: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
        let head = text.split("\n\n").next().unwrap_or_default().to_owned();
        head.lines().filter(|l| !l.starts_with([' ', '\t'])).map(str::to_owned).collect()
    }

    #[test]
    fn a_message_has_one_content_type_the_multiparts_own() {
        let mail = Mail {
            to: Email::parse("a@b.se").unwrap(),
            lang: Lang::Sv,
            template: MailTemplate::Activation { token: "abc123".into() },
        };
        let plain = build_message(&cfg(), &mail, render(&cfg(), &mail).unwrap(), Vec::new()).unwrap().formatted();
        let pdf =
            MailAttachment { filename: "F.pdf".into(), content_type: "application/pdf", bytes: b"%PDF-1.7".to_vec() };
        let with_pdf = build_message(&cfg(), &mail, render(&cfg(), &mail).unwrap(), vec![pdf]).unwrap().formatted();
        for (raw, kind) in [(plain, "multipart/alternative"), (with_pdf, "multipart/mixed")] {
            let types: Vec<_> =
                top_headers(&raw).into_iter().filter(|h| h.to_ascii_lowercase().starts_with("content-type:")).collect();
            assert_eq!(types.len(), 1, "one Content-Type: {types:?}");
            assert!(types[0].contains(kind), "{types:?}");
        }
    }

    #[test]
    fn every_template_renders_without_missing_texts() {
        let templates = [
            MailTemplate::Activation { token: "t".into() },
            MailTemplate::AccountExists,
            MailTemplate::PasswordReset { token: "t".into() },
            MailTemplate::ResetUnknownAccount,
            MailTemplate::PasswordChanged,
            MailTemplate::Invitation { points: 1234 },
            MailTemplate::ConfirmOldEmail { token: "t".into() },
            MailTemplate::MembershipConfirmed {
                tier: "Gold".into(),
                number: "CPS 1000001-8".into(),
                previous_number: Some("CPS-100200".into()),
                ends_on: chrono::NaiveDate::from_ymd_opt(2027, 11, 24).unwrap(),
            },
            MailTemplate::InvoiceIssued {
                invoice_id: 1,
                number: "CPS-2026-000001".into(),
                total: cps_domain::money::Money::new(143_750, cps_domain::money::Currency::SEK),
                due_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                card: true,
                service_request: None,
            },
            MailTemplate::PaymentFailed { invoice_id: 1, number: "CPS-2026-000001".into() },
            MailTemplate::MembershipSuspended { number: "CPS-2026-000001".into() },
            MailTemplate::TicketReceived { reference: "S-100001".into(), member: true },
            MailTemplate::TicketReceived { reference: "S-100002".into(), member: false },
            MailTemplate::TicketAnswered { reference: "S-100001".into(), member: true, answer: None },
            MailTemplate::TicketAnswered { reference: "S-100002".into(), member: false, answer: Some("Svar".into()) },
            MailTemplate::ColleagueInvitation { token: "tok".into() },
            MailTemplate::CreditNoteIssued {
                invoice_id: 2,
                number: "CPSK-2026-000001".into(),
                credits: "CPS-2026-000001".into(),
                total: Some(cps_domain::money::Money::new(-143_750, cps_domain::money::Currency::SEK)),
                issued_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 2),
            },
            MailTemplate::PaymentReminder {
                invoice_id: 1,
                number: "CPS-2026-000001".into(),
                due_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                stage: cps_domain::mail::ReminderStage::After,
            },
        ];
        let decisions = [
            cps_domain::mail::SerialDecision::Kept,
            cps_domain::mail::SerialDecision::NotYours,
            cps_domain::mail::SerialDecision::MovedToYou,
            cps_domain::mail::SerialDecision::MovedAway,
            cps_domain::mail::SerialDecision::Removed,
            cps_domain::mail::SerialDecision::Freed,
        ];
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let sek = cps_domain::money::Money::new(120_000, cps_domain::money::Currency::SEK);
        let steps = [
            ServiceUpdate::Registered { free_label: true },
            ServiceUpdate::Registered { free_label: false },
            ServiceUpdate::Received { promised_on: day(4) },
            ServiceUpdate::Quoted { total: sek },
            ServiceUpdate::Approved { total: sek },
            ServiceUpdate::Declined,
            ServiceUpdate::InRepair { promised_on: Some(day(4)) },
            ServiceUpdate::InRepair { promised_on: None },
            ServiceUpdate::Ready,
            ServiceUpdate::Shipped { tracking: Some("00340434161094000001".into()) },
            ServiceUpdate::Shipped { tracking: None },
            ServiceUpdate::Closed,
            ServiceUpdate::LoanLent { item: "EOS R6".into(), due_on: day(11) },
            ServiceUpdate::LoanReturned { item: "EOS R6".into() },
        ];
        let templates: Vec<_> = templates
            .into_iter()
            .chain(decisions.map(|decision| MailTemplate::SerialDecision { serial: "123456".into(), decision }))
            .chain(steps.map(|update| MailTemplate::ServiceUpdate {
                number: "SR-2026-000001".into(),
                product: "EOS R5".into(),
                update,
            }))
            .collect();
        for lang in Lang::ALL {
            for template in templates.clone() {
                let mail = Mail { to: Email::parse("a@b.se").unwrap(), lang, template };
                let r = render(&cfg(), &mail).unwrap();
                for part in [&r.subject, &r.text, &r.html] {
                    assert!(!part.contains("mail-"), "{lang:?}: {part}");
                }
            }
        }
    }

    #[test]
    fn a_service_mail_links_to_its_request_and_gives_the_steps_facts() {
        let mail = Mail {
            to: Email::parse("a@b.se").unwrap(),
            lang: Lang::Sv,
            template: MailTemplate::ServiceUpdate {
                number: "SR-2026-000007".into(),
                product: "EOS R5".into(),
                update: ServiceUpdate::InRepair { promised_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 4) },
            },
        };
        let r = render(&cfg(), &mail).unwrap();
        assert_eq!(r.subject, "Serviceärende SR-2026-000007 är under reparation");
        assert!(
            r.text.contains("Verkstaden har börjat reparera EOS R5. Vi räknar med att vara klara senast 2026-12-04.\n"),
            "{}",
            r.text
        );
        assert!(r.text.contains("Visa serviceärendet:\nhttps://cps.example/service/SR-2026-000007\n"), "{}", r.text);
        assert!(r.html.contains("href=\"https://cps.example/service/SR-2026-000007\""), "{}", r.html);
        assert!(r.text.contains("Ange ärendenumret SR-2026-000007 om du kontaktar"), "{}", r.text);
        assert!(r.secret_link.is_none(), "no token in the link");
    }

    #[test]
    fn a_credit_note_mail_queued_before_it_carried_its_amount_still_renders() {
        let old = r#"{"template":"credit_note_issued","invoice_id":2,"number":"CPSK-2026-000001","credits":"CPS-2026-000001"}"#;
        let template: MailTemplate = serde_json::from_str(old).expect("an old queued mail reads");
        let mail = Mail { to: Email::parse("a@b.se").unwrap(), lang: Lang::De, template };
        let r = render(&cfg(), &mail).unwrap();
        assert!(r.text.contains("Gutschrift CPSK-2026-000001"), "{}", r.text);
        assert!(!r.text.contains("insgesamt"), "no amount sentence without an amount: {}", r.text);
    }
}
