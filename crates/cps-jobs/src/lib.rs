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
