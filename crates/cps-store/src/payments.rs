//! Card payments: saved cards, charge attempts and the dunning that follows a
//! failed or missing payment. A charge attempt is recorded (with its
//! idempotency key) before the provider is called, so a crash or a second run
//! repeats the same key and the provider charges once.

use crate::jobs::{ChargeInvoice, enqueue};
use crate::{Result, Store, StoreError, from_ms, ms};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::money::{Currency, Money};
use cps_domain::status::{InvoiceStatus, PaymentAttemptStatus};
use cps_domain::{Email, Lang};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

/// A saved card: the provider's reference, never the number.
#[derive(Debug, Clone)]
pub struct CardToken {
    pub gateway: String,
    pub reference: String,
    /// What the member sees, e.g. "Visa •••• 4242".
    pub label: String,
}

/// A charge about to be made.
#[derive(Debug, Clone)]
pub struct ChargeAttempt {
    pub invoice_id: i64,
    pub attempt: i32,
    pub idempotency_key: String,
    pub amount: Money,
    pub gateway: String,
    pub method_ref: String,
    /// The attempt before this one was left without an answer for longer
    /// than the provider keeps idempotency keys: look for a payment already
    /// made for the invoice before charging with this attempt's new key.
    pub look_up_first: bool,
}

/// What the provider answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeResult {
    Succeeded {
        provider_ref: String,
    },
    Declined {
        code: String,
    },
    /// The card holder must confirm (3-D Secure): no more off-session tries
    /// for this attempt; `intent_id` is the PaymentIntent to confirm on-session.
    AuthenticationRequired {
        intent_id: Option<String>,
    },
}

/// When failed charges are retried and when an unpaid membership is suspended.
#[derive(Debug, Clone)]
pub struct DunningPolicy {
    /// Days after each failed attempt until the next one.
    pub retry_days: Vec<i64>,
    /// Days after the due date until the membership is suspended.
    pub grace_days: i64,
}

impl Default for DunningPolicy {
    fn default() -> Self {
        Self { retry_days: vec![1, 3, 7], grace_days: 14 }
    }
}

/// A stored word read back as its type; any other text is corrupt data.
/// A money amount as stored: minor units and a currency code.
fn stored_money(minor: i64, currency: &str) -> Result<Money> {
    Ok(Money::new(minor, crate::parsed("currency", currency, Currency::parse)?))
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

/// A row whose only column is a text id (a Stripe object's).
#[derive(FromQueryResult)]
struct TextIdRow {
    id: String,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct OwnerRow {
    email: String,
    language: String,
}

/// An invoice to charge with the card it is charged to.
#[derive(FromQueryResult)]
struct ChargeSourceRow {
    status: String,
    total_minor: i64,
    currency: String,
    payment_method_id: i64,
    gateway: String,
    reference: String,
}

#[derive(FromQueryResult)]
struct PendingAttemptRow {
    id: i64,
    attempt: i32,
    idempotency_key: String,
    created_at: i64,
}

#[derive(FromQueryResult)]
struct InvoiceOwnerRow {
    business_id: i64,
    number: String,
}

#[derive(FromQueryResult)]
struct OutcomeRow {
    outcome: String,
}

#[derive(FromQueryResult)]
struct OrderRefRow {
    order_id: Option<i64>,
}

#[derive(FromQueryResult)]
struct OverdueRow {
    id: i64,
    business_id: i64,
    number: String,
}

#[derive(FromQueryResult)]
struct AttemptFailureRow {
    status: String,
    failure: Option<String>,
}

#[derive(FromQueryResult)]
struct ReminderRow {
    id: i64,
    business_id: i64,
    number: String,
    due_on: String,
}

#[derive(FromQueryResult)]
struct CustomerRow {
    customer: String,
}

#[derive(FromQueryResult)]
struct ReportedAttemptRow {
    id: i64,
    invoice_id: i64,
    status: String,
}

#[derive(FromQueryResult)]
struct InvoiceDueRow {
    status: String,
    total_minor: i64,
    currency: String,
}

#[derive(FromQueryResult)]
struct IntentRow {
    intent_id: String,
}

#[derive(FromQueryResult)]
struct StripeReviewRow {
    id: i64,
    intent_id: String,
    number: Option<String>,
    amount_minor: i64,
    currency: String,
    reason: String,
    created_at: i64,
}

#[derive(FromQueryResult)]
struct AttemptStatusRow {
    status: String,
    intent_id: Option<String>,
}

/// What the sandbox gateway answers, as `sandbox_charges.outcome` stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SandboxOutcome {
    Succeeded,
    AuthenticationRequired,
    Declined,
}

impl SandboxOutcome {
    /// The test card's outcome.
    fn of_card(method_ref: &str) -> SandboxOutcome {
        match method_ref {
            "sandbox_card_ok" => SandboxOutcome::Succeeded,
            "sandbox_card_auth" => SandboxOutcome::AuthenticationRequired,
            _ => SandboxOutcome::Declined,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SandboxOutcome::Succeeded => "succeeded",
            SandboxOutcome::AuthenticationRequired => "authentication_required",
            SandboxOutcome::Declined => "declined",
        }
    }

    /// A stored outcome; any other word counts as a decline, as it always did.
    fn parse(stored: &str) -> SandboxOutcome {
        match stored {
            "succeeded" => SandboxOutcome::Succeeded,
            "authentication_required" => SandboxOutcome::AuthenticationRequired,
            _ => SandboxOutcome::Declined,
        }
    }
}

pub(crate) async fn insert_payment_method<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    card: &CardToken,
    now: DateTime<Utc>,
) -> Result<i64> {
    let row = IdRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO payment_methods (business_id, gateway, reference, label, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        [business_id.into(), card.gateway.clone().into(), card.reference.clone().into(), card.label.clone().into(), ms(now).into()],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
    Ok(row.id)
}

/// 06:00 UTC on a date: when due-date charges run.
pub fn charge_time(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(6, 0, 0).map_or_else(Utc::now, |t| t.and_utc())
}

pub(crate) async fn owners_mail<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    template: MailTemplate,
    now: DateTime<Utc>,
) -> Result<()> {
    let owners = OwnerRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT email, language FROM users WHERE business_id = $1 AND role = 'owner'",
        [business_id.into()],
    ))
    .all(conn)
    .await?;
    for o in owners {
        let to = Email::parse(&o.email).map_err(|e| StoreError::Corrupt(e.into()))?;
        enqueue(
            conn,
            &Mail { to, lang: Lang::parse(&o.language).unwrap_or_default(), template: template.clone() },
            now,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Marks an invoice paid and lifts a suspension its non-payment caused.
pub(crate) async fn settle<C: ConnectionTrait>(conn: &C, invoice_id: i64, now: DateTime<Utc>) -> Result<bool> {
    let backend = conn.get_database_backend();
    let paid = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE invoices SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'issued'",
            [ms(now).into(), invoice_id.into()],
        ))
        .await?;
    if paid.rows_affected() != 1 {
        return Ok(false);
    }
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        "UPDATE memberships SET status = 'active' WHERE status = 'suspended' AND order_id = (SELECT order_id FROM invoices WHERE id = $1)",
        [invoice_id.into()],
    ))
    .await?;
    Ok(true)
}

impl Store {
    /// The next charge of an unpaid card invoice, recorded before the call.
    /// A pending attempt (a crash mid-call) is returned again, key and all,
    /// while its key is inside the idempotency window; after it the pending
    /// attempt is closed as `expired` and a new one looks up first. None when
    /// nothing is to be charged off-session: the invoice is not open, the card
    /// holder must confirm the last attempt, or a payment is with staff.
    pub async fn begin_charge(&self, invoice_id: i64, now: DateTime<Utc>) -> Result<Option<ChargeAttempt>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let row = ChargeSourceRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT i.status, i.total_minor, i.currency, p.id AS payment_method_id, p.gateway, p.reference \
             FROM invoices i LEFT JOIN orders o ON o.id = i.order_id \
             JOIN payment_methods p ON p.id = COALESCE(i.payment_method_id, o.payment_method_id) \
             WHERE i.id = $1",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?;
        let Some(row) = row else { return Ok(None) };
        if crate::parsed("invoice status", &row.status, InvoiceStatus::parse)? != InvoiceStatus::Issued {
            return Ok(None);
        }
        let amount = stored_money(row.total_minor, &row.currency)?;
        let method_id = row.payment_method_id;
        let (gateway, method_ref) = (row.gateway, row.reference);
        let waiting = IdRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id FROM payment_attempts WHERE invoice_id = $1 AND status IN ('requires_action', 'review')",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?;
        if waiting.is_some() {
            // The card holder confirms on the invoice page, or staff decide: no off-session retry.
            return Ok(None);
        }
        let pending = PendingAttemptRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, attempt, idempotency_key, created_at FROM payment_attempts WHERE invoice_id = $1 AND status = 'pending'",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?;
        let mut look_up_first = false;
        let mut reuse = None;
        if let Some(p) = pending {
            if cps_domain::card_payment::key_still_valid(from_ms(p.created_at), now) {
                reuse = Some((p.attempt, p.idempotency_key));
            } else {
                // Stripe may have forgotten this key: never repeat it, and look before charging again.
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE payment_attempts SET status = 'expired' WHERE id = $1",
                    [p.id.into()],
                ))
                .await?;
                look_up_first = true;
            }
        }
        let (attempt, key) = if let Some(found) = reuse {
            found
        } else {
            let n = CountRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM payment_attempts WHERE invoice_id = $1",
                [invoice_id.into()],
            ))
            .one(&txn)
            .await?
            .map_or(0, |r| r.n);
            let attempt = i32::try_from(n + 1).unwrap_or(i32::MAX);
            let key = format!("cps-invoice-{invoice_id}-attempt-{attempt}");
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO payment_attempts (invoice_id, attempt, idempotency_key, payment_method_id, status, created_at) \
                 VALUES ($1, $2, $3, $4, 'pending', $5)",
                [invoice_id.into(), attempt.into(), key.clone().into(), method_id.into(), ms(now).into()],
            ))
            .await?;
            (attempt, key)
        };
        txn.commit().await?;
        Ok(Some(ChargeAttempt {
            invoice_id,
            attempt,
            idempotency_key: key,
            amount,
            gateway,
            method_ref,
            look_up_first,
        }))
    }

    /// Records the provider's answer: paid, or a failure that mails the
    /// owners with the way to pay and queues the next retry.
    pub async fn finish_charge(
        &self,
        a: &ChargeAttempt,
        result: &ChargeResult,
        policy: &DunningPolicy,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let (status, provider_ref, failure) = match result {
            ChargeResult::Succeeded { provider_ref } => {
                (PaymentAttemptStatus::Succeeded, Some(provider_ref.clone()), None)
            }
            ChargeResult::Declined { code } => (PaymentAttemptStatus::Failed, None, Some(code.clone())),
            ChargeResult::AuthenticationRequired { .. } => {
                (PaymentAttemptStatus::RequiresAction, None, Some("authentication_required".to_owned()))
            }
        };
        let intent_id = match result {
            ChargeResult::Succeeded { provider_ref } => Some(provider_ref.clone()),
            ChargeResult::AuthenticationRequired { intent_id } => intent_id.clone(),
            ChargeResult::Declined { .. } => None,
        };
        // Only a pending attempt takes the answer: a webhook that came first has settled it already.
        let updated = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE payment_attempts SET status = $1, provider_ref = $2, failure = $3, intent_id = COALESCE($4, intent_id) \
                 WHERE idempotency_key = $5 AND status = 'pending'",
                [
                    status.as_str().into(),
                    provider_ref.into(),
                    failure.into(),
                    intent_id.into(),
                    a.idempotency_key.clone().into(),
                ],
            ))
            .await?;
        if updated.rows_affected() == 1 {
            if status == PaymentAttemptStatus::Succeeded {
                settle(&txn, a.invoice_id, now).await?;
            } else {
                let InvoiceOwnerRow { business_id, number } =
                    InvoiceOwnerRow::find_by_statement(Statement::from_sql_and_values(
                        backend,
                        "SELECT business_id, number FROM invoices WHERE id = $1",
                        [a.invoice_id.into()],
                    ))
                    .one(&txn)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("invoice".into()))?;
                if status == PaymentAttemptStatus::RequiresAction {
                    // Retrying off-session fails the same way: the card holder confirms this
                    // same PaymentIntent on the page the mail links to; nothing is queued.
                    let template = MailTemplate::PaymentNeedsConfirmation { invoice_id: a.invoice_id, number };
                    owners_mail(&txn, business_id, template, now).await?;
                } else {
                    owners_mail(
                        &txn,
                        business_id,
                        MailTemplate::PaymentFailed { invoice_id: a.invoice_id, number },
                        now,
                    )
                    .await?;
                    if let Some(days) = policy.retry_days.get(usize::try_from(a.attempt - 1).unwrap_or(usize::MAX)) {
                        let charge = ChargeInvoice { invoice_id: a.invoice_id };
                        enqueue(&txn, &charge, now + Duration::days(*days), now).await?;
                    }
                }
            }
        }
        txn.commit().await?;
        Ok(())
    }

    /// The sandbox gateway's charge: the outcome follows the test card, and a
    /// repeated idempotency key returns the first answer without charging again.
    pub async fn sandbox_charge(
        &self,
        key: &str,
        method_ref: &str,
        amount: Money,
        now: DateTime<Utc>,
    ) -> Result<(ChargeResult, bool)> {
        let outcome = SandboxOutcome::of_card(method_ref);
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let new = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO sandbox_charges (idempotency_key, outcome, amount_minor, currency, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (idempotency_key) DO NOTHING",
                [key.into(), outcome.as_str().into(), amount.minor.into(), amount.currency.code().into(), ms(now).into()],
            ))
            .await?
            .rows_affected()
            == 1;
        let stored = OutcomeRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT outcome FROM sandbox_charges WHERE idempotency_key = $1",
            [key.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("sandbox charge".into()))?;
        txn.commit().await?;
        let result = match SandboxOutcome::parse(&stored.outcome) {
            SandboxOutcome::Succeeded => ChargeResult::Succeeded { provider_ref: format!("sandbox_{key}") },
            SandboxOutcome::AuthenticationRequired => ChargeResult::AuthenticationRequired { intent_id: None },
            SandboxOutcome::Declined => ChargeResult::Declined { code: "card_declined".into() },
        };
        Ok((result, new))
    }

    /// How many successful charges the sandbox made (tests: never twice).
    pub async fn sandbox_successful_charges(&self) -> Result<i64> {
        let row = CountRow::find_by_statement(Statement::from_string(
            self.conn().get_database_backend(),
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM sandbox_charges WHERE outcome = 'succeeded'",
        ))
        .one(self.conn())
        .await?;
        Ok(row.map_or(0, |r| r.n))
    }

    /// Pays an unpaid invoice on the page: the card of its order is replaced
    /// and a charge is queued at once. False when the invoice is not payable.
    pub async fn pay_invoice_with_card(
        &self,
        business_id: i64,
        invoice_id: i64,
        card: &CardToken,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let order = OrderRefRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT order_id FROM invoices WHERE id = $1 AND business_id = $2 AND status = 'issued'",
            [invoice_id.into(), business_id.into()],
        ))
        .one(&txn)
        .await?;
        let Some(OrderRefRow { order_id }) = order else { return Ok(false) };
        let method_id = insert_payment_method(&txn, business_id, card, now).await?;
        // A membership's card is its order's; an invoice without an order
        // (a repair) keeps its own.
        let (sql, target) = match order_id {
            Some(o) => ("UPDATE orders SET payment_method_id = $1, payment_method = 'card' WHERE id = $2", o),
            None => ("UPDATE invoices SET payment_method_id = $1 WHERE id = $2", invoice_id),
        };
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, [method_id.into(), target.into()])).await?;
        // Another card replaces the one waiting for the card holder's confirmation.
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE payment_attempts SET status = 'closed' WHERE invoice_id = $1 AND status = 'requires_action'",
            [invoice_id.into()],
        ))
        .await?;
        enqueue(&txn, &ChargeInvoice { invoice_id }, now, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The daily dunning: memberships whose invoice is unpaid past the grace
    /// period are suspended, and their owners told. Returns how many.
    pub async fn suspend_overdue(&self, today: NaiveDate, policy: &DunningPolicy, now: DateTime<Utc>) -> Result<usize> {
        let backend = self.conn().get_database_backend();
        let cutoff = (today - Duration::days(policy.grace_days)).format("%Y-%m-%d").to_string();
        let txn = self.write().await?;
        let rows = OverdueRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT m.id, m.business_id, i.number FROM memberships m JOIN invoices i ON i.order_id = m.order_id \
             WHERE m.status = 'active' AND i.status = 'issued' AND i.due_on < $1",
            [cutoff.into()],
        ))
        .all(&txn)
        .await?;
        let suspended = rows.len();
        for OverdueRow { id, business_id, number } in rows {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE memberships SET status = 'suspended' WHERE id = $1",
                [id.into()],
            ))
            .await?;
            owners_mail(&txn, business_id, MailTemplate::MembershipSuspended { number }, now).await?;
        }
        txn.commit().await?;
        Ok(suspended)
    }
}

impl Store {
    /// Why the newest charge of an invoice failed, if it did.
    pub async fn last_charge_failure(&self, business_id: i64, invoice_id: i64) -> Result<Option<String>> {
        let row = AttemptFailureRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT a.status, a.failure FROM payment_attempts a JOIN invoices i ON i.id = a.invoice_id \
             WHERE a.invoice_id = $1 AND i.business_id = $2 ORDER BY a.attempt DESC LIMIT 1",
            [invoice_id.into(), business_id.into()],
        ))
        .one(self.conn())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let status = crate::parsed("payment attempt status", &row.status, PaymentAttemptStatus::parse)?;
        Ok(match status {
            PaymentAttemptStatus::Failed | PaymentAttemptStatus::RequiresAction => row.failure,
            _ => None,
        })
    }
}

impl Store {
    /// The daily reminders for unpaid bank-transfer invoices: a week before
    /// the due date, on it, and a week after; each at most once, and only the
    /// latest stage reached when a day was missed. Returns how many were queued.
    pub async fn send_reminders(&self, today: NaiveDate, now: DateTime<Utc>) -> Result<usize> {
        use cps_domain::mail::ReminderStage;
        let backend = self.conn().get_database_backend();
        let horizon = (today + Duration::days(7)).format("%Y-%m-%d").to_string();
        let txn = self.write().await?;
        let rows = ReminderRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, business_id, number, due_on FROM invoices \
             WHERE status = 'issued' AND payment_method = 'bank_transfer' AND due_on <= $1",
            [horizon.into()],
        ))
        .all(&txn)
        .await?;
        let mut sent = 0;
        for r in rows {
            let id = r.id;
            let due_on =
                NaiveDate::parse_from_str(&r.due_on, "%Y-%m-%d").map_err(|_| StoreError::Corrupt("due date".into()))?;
            let Some(stage) = ReminderStage::reached(due_on, today) else { continue };
            // Earlier stages count as done: a member gets the current one only.
            let mut fresh = false;
            for s in ReminderStage::ALL.into_iter().filter(|s| s.offset_days() <= stage.offset_days()) {
                let inserted = txn
                    .execute_raw(Statement::from_sql_and_values(
                        backend,
                        "INSERT INTO invoice_reminders (invoice_id, kind, sent_at) VALUES ($1, $2, $3) ON CONFLICT (invoice_id, kind) DO NOTHING",
                        [id.into(), s.as_str().into(), ms(now).into()],
                    ))
                    .await?;
                fresh |= s == stage && inserted.rows_affected() == 1;
            }
            if fresh {
                let template = MailTemplate::PaymentReminder { invoice_id: id, number: r.number, due_on, stage };
                owners_mail(&txn, r.business_id, template, now).await?;
                sent += 1;
            }
        }
        txn.commit().await?;
        Ok(sent)
    }
}

/// What a payment webhook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// Seen before (by event id): nothing done again.
    Duplicate,
    /// The invoice is now paid.
    Paid,
    /// Money that settles nothing by itself: on the staff review list.
    Review(cps_domain::card_payment::ReviewReason),
    /// Recorded; nothing to change (the same payment seen before, a failure
    /// the charge job handles, or an event we do not act on).
    Noted,
}

/// A payment the provider reports: a webhook's PaymentIntent, or one read
/// back after the card holder confirmed it on the invoice page.
#[derive(Debug, Clone)]
pub struct ReportedPayment {
    /// The event id (webhooks) or another once-only key.
    pub event_id: String,
    pub kind: String,
    pub intent_id: String,
    /// The idempotency key of the attempt that made it (PaymentIntent metadata),
    /// so a webhook that arrives before the charge's answer finds its attempt.
    pub attempt_key: Option<String>,
    pub amount_minor: i64,
    /// Stripe's lower-case currency code.
    pub currency: String,
}

/// A Stripe payment on the staff review list.
#[derive(Debug, Clone)]
pub struct StripeReview {
    pub id: i64,
    pub intent_id: String,
    pub invoice_number: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Remembers which business (and Stripe customer) a SetupIntent was made for.
    pub async fn remember_setup_intent(
        &self,
        id: &str,
        business_id: i64,
        customer: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let txn = self.write().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO stripe_setup_intents (id, business_id, customer, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
            [id.into(), business_id.into(), customer.into(), ms(now).into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The business's Stripe customer, made with its first SetupIntent.
    pub async fn stripe_customer(&self, business_id: i64) -> Result<Option<String>> {
        let row = CustomerRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT customer FROM stripe_setup_intents WHERE business_id = $1 ORDER BY created_at LIMIT 1",
            [business_id.into()],
        ))
        .one(self.conn())
        .await?;
        Ok(row.map(|r| r.customer))
    }

    /// The SetupIntent made last for the business, if any.
    pub async fn newest_setup_intent(&self, business_id: i64) -> Result<Option<String>> {
        let row = TextIdRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id FROM stripe_setup_intents WHERE business_id = $1 ORDER BY created_at DESC, id LIMIT 1",
            [business_id.into()],
        ))
        .one(self.conn())
        .await?;
        Ok(row.map(|r| r.id))
    }

    /// Whether a SetupIntent was made for this business.
    pub async fn setup_intent_is_ours(&self, id: &str, business_id: i64) -> Result<bool> {
        Ok(TextIdRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id FROM stripe_setup_intents WHERE id = $1 AND business_id = $2",
            [id.into(), business_id.into()],
        ))
        .one(self.conn())
        .await?
        .is_some())
    }

    /// A verified payment report, once per event id. A success is tied to the
    /// attempt that made its PaymentIntent (by intent id, or by the attempt's
    /// key in the metadata when the webhook came before the charge's answer);
    /// it settles the invoice only with the invoice's amount and currency while
    /// the invoice is open, else it goes to staff review. Other pending
    /// attempts of a paid invoice are closed. Nothing moves a paid invoice back.
    pub async fn apply_payment_webhook(&self, p: &ReportedPayment, now: DateTime<Utc>) -> Result<WebhookOutcome> {
        use cps_domain::card_payment::{PaymentVerdict, ReviewReason, judge_payment};
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let fresh = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO webhook_events (id, kind, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                [p.event_id.clone().into(), p.kind.clone().into(), ms(now).into()],
            ))
            .await?
            .rows_affected()
            == 1;
        if !fresh {
            return Ok(WebhookOutcome::Duplicate);
        }
        if p.kind != "payment_intent.succeeded" {
            txn.commit().await?;
            return Ok(WebhookOutcome::Noted);
        }
        let mut attempt = ReportedAttemptRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, invoice_id, status FROM payment_attempts WHERE intent_id = $1",
            [p.intent_id.clone().into()],
        ))
        .one(&txn)
        .await?;
        if attempt.is_none()
            && let Some(key) = &p.attempt_key
        {
            attempt = ReportedAttemptRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "SELECT id, invoice_id, status FROM payment_attempts WHERE idempotency_key = $1 AND intent_id IS NULL",
                [key.clone().into()],
            ))
            .one(&txn)
            .await?;
        }
        let review = |reason: ReviewReason, invoice_id: Option<i64>| {
            Statement::from_sql_and_values(
                backend,
                "INSERT INTO stripe_reviews (event_id, intent_id, invoice_id, amount_minor, currency, reason, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING",
                [
                    p.event_id.clone().into(),
                    p.intent_id.clone().into(),
                    invoice_id.into(),
                    p.amount_minor.into(),
                    p.currency.clone().into(),
                    reason.as_str().into(),
                    ms(now).into(),
                ],
            )
        };
        let Some(attempt) = attempt else {
            tracing::warn!(event = %p.event_id, intent = %p.intent_id, "Stripe payment for no recorded attempt");
            txn.execute_raw(review(ReviewReason::UnknownAttempt, None)).await?;
            txn.commit().await?;
            return Ok(WebhookOutcome::Review(ReviewReason::UnknownAttempt));
        };
        let (attempt_id, invoice_id) = (attempt.id, attempt.invoice_id);
        if crate::parsed("payment attempt status", &attempt.status, PaymentAttemptStatus::parse)?
            == PaymentAttemptStatus::Succeeded
        {
            // The same payment, already recorded (the charge's answer, or the other report).
            txn.commit().await?;
            return Ok(WebhookOutcome::Noted);
        }
        let inv = InvoiceDueRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT status, total_minor, currency FROM invoices WHERE id = $1",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("invoice".into()))?;
        let expected = stored_money(inv.total_minor, &inv.currency)?;
        let invoice_status = crate::parsed("invoice status", &inv.status, InvoiceStatus::parse)?;
        let verdict = judge_payment(expected, invoice_status, p.amount_minor, &p.currency);
        let (attempt_status, outcome) = match verdict {
            PaymentVerdict::Settle => {
                settle(&txn, invoice_id, now).await?;
                // Any other attempt left pending or waiting is over: the invoice is paid.
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE payment_attempts SET status = 'closed' \
                     WHERE invoice_id = $1 AND id <> $2 AND status IN ('pending', 'requires_action')",
                    [invoice_id.into(), attempt_id.into()],
                ))
                .await?;
                (PaymentAttemptStatus::Succeeded, WebhookOutcome::Paid)
            }
            PaymentVerdict::Review(reason) => {
                tracing::warn!(event = %p.event_id, invoice_id, reason = reason.as_str(), "Stripe payment to review");
                txn.execute_raw(review(reason, Some(invoice_id))).await?;
                (PaymentAttemptStatus::Review, WebhookOutcome::Review(reason))
            }
        };
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE payment_attempts SET status = $1, intent_id = $2, provider_ref = $2 WHERE id = $3",
            [attempt_status.as_str().into(), p.intent_id.clone().into(), attempt_id.into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(outcome)
    }

    /// The PaymentIntent the card holder must confirm for an open invoice of
    /// the business (its last attempt asked for authentication), if any.
    pub async fn awaiting_confirmation(&self, business_id: i64, invoice_id: i64) -> Result<Option<String>> {
        let row = IntentRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT a.intent_id FROM payment_attempts a JOIN invoices i ON i.id = a.invoice_id \
             WHERE a.invoice_id = $1 AND i.business_id = $2 AND i.status = 'issued' \
             AND a.status = 'requires_action' AND a.intent_id IS NOT NULL ORDER BY a.attempt DESC LIMIT 1",
            [invoice_id.into(), business_id.into()],
        ))
        .one(self.conn())
        .await?;
        Ok(row.map(|r| r.intent_id))
    }

    /// The Stripe payments on the staff review list, oldest first.
    pub async fn stripe_reviews(&self) -> Result<Vec<StripeReview>> {
        let rows = StripeReviewRow::find_by_statement(Statement::from_string(
            self.conn().get_database_backend(),
            "SELECT r.id, r.intent_id, i.number, r.amount_minor, r.currency, r.reason, r.created_at \
             FROM stripe_reviews r LEFT JOIN invoices i ON i.id = r.invoice_id \
             WHERE r.resolved_at IS NULL ORDER BY r.id",
        ))
        .all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| StripeReview {
                id: r.id,
                intent_id: r.intent_id,
                invoice_number: r.number,
                amount_minor: r.amount_minor,
                currency: r.currency,
                reason: r.reason,
                created_at: from_ms(r.created_at),
            })
            .collect())
    }

    /// The charge attempts of an invoice in order: (status, whether a
    /// PaymentIntent is recorded for it).
    pub async fn charge_attempts(&self, invoice_id: i64) -> Result<Vec<(PaymentAttemptStatus, bool)>> {
        let rows = AttemptStatusRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT status, intent_id FROM payment_attempts WHERE invoice_id = $1 ORDER BY attempt",
            [invoice_id.into()],
        ))
        .all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let status = crate::parsed("payment attempt status", &r.status, PaymentAttemptStatus::parse)?;
                Ok((status, r.intent_id.is_some()))
            })
            .collect()
    }
}
