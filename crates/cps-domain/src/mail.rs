//! The emails the portal sends, as data. A mail is queued as a job in the
//! same transaction as the change that causes it, and rendered by the worker
//! in the recipient's language.

use crate::{Email, Lang};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum MailTemplate {
    /// After sign-up: set a password to activate the account.
    Activation { token: String },
    /// Someone tried to sign up with an address that already has an account.
    AccountExists,
    /// A password reset link.
    PasswordReset { token: String },
    /// A reset was asked for an address without an account.
    ResetUnknownAccount,
    /// The password was changed or reset: a warning if it was not the member.
    PasswordChanged,
    /// The balance reached the invitation threshold: join CPS.
    Invitation { points: i64 },
    /// Sent to the old CPS address: prove it is yours to migrate its products.
    ConfirmOldEmail { token: String },
    /// A membership was taken: its number (and the one it replaces).
    MembershipConfirmed { tier: String, number: String, previous_number: Option<String>, ends_on: chrono::NaiveDate },
    /// An invoice was issued.
    /// `service_request`: the request a repair invoice is for; `None` for a
    /// membership's invoice (and in mails queued before it was added).
    InvoiceIssued {
        invoice_id: i64,
        number: String,
        total: crate::money::Money,
        due_on: chrono::NaiveDate,
        card: bool,
        #[serde(default)]
        service_request: Option<String>,
    },
    /// An invoice was credited: the credit note and the invoice it cancels,
    /// with the credit note's total (negative, as on the document) and date.
    /// Both are absent from mails queued before they were added.
    CreditNoteIssued {
        invoice_id: i64,
        number: String,
        credits: String,
        #[serde(default)]
        total: Option<crate::money::Money>,
        #[serde(default)]
        issued_on: Option<chrono::NaiveDate>,
    },
    /// A card charge failed: pay on the invoice page.
    PaymentFailed { invoice_id: i64, number: String },
    /// The card issuer wants the card holder to confirm the charge (3-D
    /// Secure): no more automatic tries; the link confirms it on-session.
    PaymentNeedsConfirmation { invoice_id: i64, number: String },
    /// Unpaid past the grace period: the membership is suspended until paid.
    MembershipSuspended { number: String },
    /// A message to CPS Priority Support was received.
    TicketReceived { reference: String, member: bool },
    /// A bank-transfer invoice is due soon, today, or overdue.
    PaymentReminder { invoice_id: i64, number: String, due_on: chrono::NaiveDate, stage: ReminderStage },
    /// CPS Priority Support answered a case.
    /// A visitor cannot log in to read the answer, so it travels in the mail.
    TicketAnswered { reference: String, member: bool, answer: Option<String> },
    /// Staff decided on a serial number two businesses registered.
    SerialDecision { serial: String, decision: SerialDecision },
    /// An owner invited a colleague to the business account. The mail holds
    /// no text a member typed (not even the company name): the page of the
    /// link names the business.
    ColleagueInvitation { token: String },
    /// A step of a service request (issue 15), to the request's contact
    /// address in the language it was made in. `product` is the catalogue's
    /// model name; nothing the member typed travels in it.
    ServiceUpdate { number: String, product: String, update: ServiceUpdate },
}

/// What happened to a service request, with the facts its mail gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ServiceUpdate {
    /// The request is registered: print the free label, or drop the product off.
    Registered { free_label: bool },
    /// The service centre has the product; the clock runs to the promised date.
    Received { promised_on: chrono::NaiveDate },
    /// A quote waits for the member's decision (entered, or replaced before
    /// the decision); `total` is what the member would pay.
    Quoted { total: crate::money::Money },
    /// The member approved the quote; `total` is what they pay.
    Approved { total: crate::money::Money },
    /// The member declined: the product goes back without repair.
    Declined,
    /// The repair started.
    InRepair { promised_on: Option<chrono::NaiveDate> },
    /// The work is done; the product goes back soon.
    Ready,
    /// Shipped back, with the carrier's tracking number when staff gave one.
    Shipped { tracking: Option<String> },
    /// The request is closed.
    Closed,
    /// Loan equipment is lent (the pool item's name, as staff wrote it), due back on `due_on`.
    LoanLent { item: String, due_on: chrono::NaiveDate },
    /// The loan equipment is back.
    LoanReturned { item: String },
}

impl ServiceUpdate {
    /// Its Fluent ids are `mail-<key>-subject` and `mail-<key>-body`.
    pub fn key(&self) -> &'static str {
        match self {
            ServiceUpdate::Registered { free_label: true } => "svc-registered-label",
            ServiceUpdate::Registered { free_label: false } => "svc-registered-drop-off",
            ServiceUpdate::Received { .. } => "svc-received",
            ServiceUpdate::Quoted { .. } => "svc-quoted",
            ServiceUpdate::Approved { .. } => "svc-approved",
            ServiceUpdate::Declined => "svc-declined",
            ServiceUpdate::InRepair { .. } => "svc-in-repair",
            ServiceUpdate::Ready => "svc-ready",
            ServiceUpdate::Shipped { tracking: Some(_) } => "svc-shipped",
            ServiceUpdate::Shipped { tracking: None } => "svc-shipped-untracked",
            ServiceUpdate::Closed => "svc-closed",
            ServiceUpdate::LoanLent { .. } => "svc-loan-lent",
            ServiceUpdate::LoanReturned { .. } => "svc-loan-returned",
        }
    }
}

/// What staff decided about a disputed serial number, as each business is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SerialDecision {
    /// It stays with the business that holds it.
    Kept,
    /// It was not yours: it stays with the other business.
    NotYours,
    /// It moved to you.
    MovedToYou,
    /// It moved to the other business.
    MovedAway,
    /// It was removed from your products.
    Removed,
    /// It was removed from the other business: you may register it now.
    Freed,
}

/// When a payment reminder is sent, relative to the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderStage {
    /// A week before.
    Before,
    /// On the due date.
    Due,
    /// A week after.
    After,
}

impl ReminderStage {
    pub const ALL: [ReminderStage; 3] = [ReminderStage::Before, ReminderStage::Due, ReminderStage::After];

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderStage::Before => "before",
            ReminderStage::Due => "due",
            ReminderStage::After => "after",
        }
    }

    /// Days from the due date on which this stage starts.
    pub fn offset_days(self) -> i64 {
        match self {
            ReminderStage::Before => -7,
            ReminderStage::Due => 0,
            ReminderStage::After => 7,
        }
    }

    /// The latest stage reached on `today`, if any.
    pub fn reached(due_on: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<ReminderStage> {
        Self::ALL.into_iter().rev().find(|s| today >= due_on + chrono::Duration::days(s.offset_days()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: Email,
    pub lang: Lang,
    #[serde(flatten)]
    pub template: MailTemplate,
}

/// A business user's role: owners manage users and payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

/// What a one-time token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Activate,
    Reset,
    /// Proves the claim to an old CPS address (for migration).
    ConfirmOldEmail,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Activate => "activate",
            TokenPurpose::Reset => "reset",
            TokenPurpose::ConfirmOldEmail => "old_email",
        }
    }

    /// Activation and old-address links live 48 hours, reset links one
    /// hour (ASVS 5.0 V6.4).
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            TokenPurpose::Activate => chrono::Duration::hours(48),
            TokenPurpose::Reset => chrono::Duration::hours(1),
            TokenPurpose::ConfirmOldEmail => chrono::Duration::hours(48),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_round_trips_through_json() {
        let m = Mail {
            to: Email::parse("a@b.se").unwrap(),
            lang: Lang::En,
            template: MailTemplate::Activation { token: "t".into() },
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"template\":\"activation\""));
        assert_eq!(serde_json::from_str::<Mail>(&json).unwrap(), m);
    }

    #[test]
    fn a_service_update_round_trips_and_names_its_step() {
        let m = Mail {
            to: Email::parse("a@b.se").unwrap(),
            lang: Lang::De,
            template: MailTemplate::ServiceUpdate {
                number: "SR-2026-000001".into(),
                product: "EOS R5".into(),
                update: ServiceUpdate::Shipped { tracking: Some("00340434161094000001".into()) },
            },
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"template\":\"service_update\""), "{json}");
        assert!(json.contains("\"step\":\"shipped\""), "{json}");
        assert_eq!(serde_json::from_str::<Mail>(&json).unwrap(), m);
        assert_eq!(ServiceUpdate::Shipped { tracking: None }.key(), "svc-shipped-untracked");
        assert_eq!(ServiceUpdate::Registered { free_label: true }.key(), "svc-registered-label");
    }
}
