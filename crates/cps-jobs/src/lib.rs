//! The job queue's worker and the jobs it runs. The web process runs a worker
//! in-process by default; `cps worker` runs one alone when scaling out.

pub mod documents;
pub mod mail;
pub mod payments;
pub mod stripe;
pub mod vies;
pub mod worker;

pub use mail::{Links, MailConfig, Mailer, SentMail, SmtpConfig, SmtpSecurity};
pub use payments::{PaymentGateway, SandboxGateway};
pub use worker::Worker;

/// Whether a call to a counterpart (Stripe, VIES) failed because it could
/// not be reached in time — refused, unresolvable or timed out — rather
/// than because it answered: the caller retries later or asks the member to.
pub fn is_unreachable(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<reqwest::Error>().is_some_and(|r| r.is_timeout() || r.is_connect()))
}
