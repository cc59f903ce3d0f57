//! What staff do to a business's data. Each action and its audit entry are
//! one transaction: there is no change without its record, and no record of
//! a change that did not happen.

use crate::jobs::{JobKind, enqueue};
use crate::products::{Actor, add_entry, held_by, maybe_invite};
use crate::staff::{Audit, StaffActor, audit};
use crate::support::Ticket;
use crate::{Result, Store, StoreError, from_ms, ms};
use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::billing::{InvoiceDocument, invoice_number};
use cps_domain::mail::{Mail, MailTemplate, SerialDecision};
use cps_domain::money::{Currency, Money};
use cps_domain::points::EntryKind;
use cps_domain::{Email, Lang};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
use serde_json::json;

#[derive(Debug, Clone)]
pub struct BusinessHit {
    pub id: i64,
    pub name: String,
    pub vat_number: Option<String>,
    pub country: String,
    pub closed: bool,
}

#[derive(Debug, Clone)]
pub struct BusinessUser {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub active: bool,
}

/// A ticket as staff see it in the queue.
#[derive(Debug, Clone)]
pub struct TicketSummary {
    pub reference: String,
    pub business_id: Option<i64>,
    pub contact_name: String,
    pub contact_email: String,
    pub topic: String,
    pub priority: i32,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// An invoice or credit note in the finance lists.
#[derive(Debug, Clone)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub business_id: i64,
    pub business_name: String,
    pub issued_on: String,
    pub due_on: String,
    pub total: Money,
    pub payment_method: String,
    pub status: String,
}

/// The finance views of invoices. Unpaid invoices are split by their due
/// date: not yet due, due today, overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceFilter {
    Issued,
    Due,
    Overdue,
    Paid,
    Credited,
    CreditNotes,
}

impl InvoiceFilter {
    pub const ALL: [InvoiceFilter; 6] = [
        InvoiceFilter::Issued,
        InvoiceFilter::Due,
        InvoiceFilter::Overdue,
        InvoiceFilter::Paid,
        InvoiceFilter::Credited,
        InvoiceFilter::CreditNotes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceFilter::Issued => "issued",
            InvoiceFilter::Due => "due",
            InvoiceFilter::Overdue => "overdue",
            InvoiceFilter::Paid => "paid",
            InvoiceFilter::Credited => "credited",
            InvoiceFilter::CreditNotes => "credit-notes",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceFilter> {
        InvoiceFilter::ALL.into_iter().find(|f| f.as_str() == s)
    }

    fn condition(self) -> &'static str {
        match self {
            InvoiceFilter::Issued => "i.kind = 'invoice' AND i.status = 'issued' AND i.due_on > $1",
            InvoiceFilter::Due => "i.kind = 'invoice' AND i.status = 'issued' AND i.due_on = $1",
            InvoiceFilter::Overdue => "i.kind = 'invoice' AND i.status = 'issued' AND i.due_on < $1",
            InvoiceFilter::Paid => "i.kind = 'invoice' AND i.status = 'paid' AND $1 = $1",
            InvoiceFilter::Credited => "i.kind = 'invoice' AND i.status = 'credited' AND $1 = $1",
            InvoiceFilter::CreditNotes => "i.kind = 'credit_note' AND $1 = $1",
        }
    }
}

/// An incoming bank payment staff must look at.
#[derive(Debug, Clone)]
pub struct UnmatchedPayment {
    pub id: i64,
    pub bank_ref: String,
    /// None when the bank's amount is not one the portal books (see `detail`).
    pub amount: Option<Money>,
    /// What the bank wrote when it cannot be booked: a foreign amount, the
    /// account of a file that was not the seller's.
    pub detail: Option<String>,
    pub booked_on: Option<String>,
    pub reference: Option<String>,
    pub text: String,
    pub outcome: String,
    pub invoice_number: Option<String>,
}

/// What staff do with a payment that did not match by itself.
#[derive(Debug, Clone)]
pub enum PaymentResolution {
    /// It pays this invoice (staff found it from the text or by asking).
    PaysInvoice(String),
    /// Returned to the payer, or booked elsewhere; only the note is kept.
    Handled,
}

#[derive(Debug, Clone)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub run_at: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub failed: bool,
}

/// A staff decision on a serial number two businesses claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialResolution {
    /// It stays where it is.
    Leave,
    /// It moves, points and all, to the claimant.
    MoveToClaimant,
    /// It is removed from the holder; the claimant may register it.
    Remove,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StaffRefusal {
    NotFound,
    /// The thing is not in a state this action applies to.
    NotApplicable,
}

fn invoice_row(r: &QueryResult) -> Result<InvoiceRow> {
    let currency: String = r.try_get("", "currency")?;
    Ok(InvoiceRow {
        id: r.try_get("", "id")?,
        number: r.try_get("", "number")?,
        kind: r.try_get("", "kind")?,
        business_id: r.try_get("", "business_id")?,
        business_name: r.try_get("", "name")?,
        issued_on: r.try_get("", "issued_on")?,
        due_on: r.try_get("", "due_on")?,
        total: Money::new(
            r.try_get("", "total_minor")?,
            Currency::parse(&currency).ok_or_else(|| StoreError::Corrupt("currency".into()))?,
        ),
        payment_method: r.try_get("", "payment_method")?,
        status: r.try_get("", "status")?,
    })
}

const INVOICE_ROW_SQL: &str = "SELECT i.id, i.number, i.kind, i.business_id, b.name, i.issued_on, i.due_on, i.total_minor, \
     i.currency, i.payment_method, i.status FROM invoices i JOIN businesses b ON b.id = i.business_id";

async fn mail_business<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    template: MailTemplate,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::payments::owners_mail(conn, business_id, template, now).await
}

impl Store {
    /// Businesses by the start of their name or of a user's email, or by a
    /// whole VAT number, organisation number, serial number, membership
    /// number (current or previous) or invoice number. Every way is an
    /// index lookup (migration m0036), so the search stays fast with a
    /// hundred thousand businesses (`bench/scale.sh`). Letter case is
    /// ignored (on SQLite for A–Z only, as its `LOWER` does). A prefix that
    /// many names or addresses share gives the first `limit` of each in
    /// alphabetical order (a longer prefix narrows it), so a one- or
    /// two-letter search costs no more than a precise one.
    pub async fn find_businesses(&self, query: &str, limit: u64) -> Result<Vec<BusinessHit>> {
        use crate::migration::m0036_search_indexes::{ORG_COMPACT, VAT_COMPACT};
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.conn().get_database_backend();
        let (prefix, c) = if backend == DbBackend::Postgres {
            (q.to_lowercase(), " COLLATE \"C\"")
        } else {
            (q.to_ascii_lowercase(), "")
        };
        // Every text starting with `prefix` sorts (byte-wise) from it to it + U+10FFFF.
        let upto = format!("{prefix}\u{10FFFF}");
        let compact: String = q.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
        let serial = cps_domain::serial::SerialNumber::normalise(q).map(|s| s.as_str().to_owned()).unwrap_or_default();
        let membership = cps_domain::membership::MembershipNumber::parse(q);
        // A renewal keeps the number it follows as shown ("CPS 1000001-8").
        let (number, shown) = membership.map(|n| (n.as_str().to_owned(), n.display())).unwrap_or_default();
        let rows = self
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT b.id, b.name, b.vat_number, b.country, b.closed_at FROM businesses b WHERE b.id IN ( \
                       SELECT id FROM (SELECT id FROM businesses WHERE LOWER(name){c} >= $1 AND LOWER(name){c} < $2 \
                         ORDER BY LOWER(name){c}, id LIMIT $8) AS by_name \
                       UNION SELECT id FROM businesses WHERE {VAT_COMPACT} = $3 AND $3 <> '' \
                       UNION SELECT id FROM businesses WHERE {ORG_COMPACT} = $3 AND $3 <> '' \
                       UNION SELECT business_id FROM (SELECT business_id FROM users WHERE email{c} >= $1 AND email{c} < $2 \
                         ORDER BY email{c} LIMIT $8) AS by_email \
                       UNION SELECT business_id FROM products WHERE serial = $4 \
                       UNION SELECT business_id FROM memberships WHERE number = $5 \
                       UNION SELECT business_id FROM memberships WHERE previous_number IN ($5, $6) \
                       UNION SELECT business_id FROM invoices WHERE number = $7) \
                     ORDER BY b.name, b.id LIMIT $8"
                ),
                [
                    prefix.into(),
                    upto.into(),
                    compact.into(),
                    serial.into(),
                    number.into(),
                    shown.into(),
                    q.to_uppercase().into(),
                    Value::BigInt(Some(i64::try_from(limit).unwrap_or(100))),
                ],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(BusinessHit {
                    id: r.try_get("", "id")?,
                    name: r.try_get("", "name")?,
                    vat_number: r.try_get("", "vat_number")?,
                    country: r.try_get("", "country")?,
                    closed: r.try_get::<Option<i64>>("", "closed_at")?.is_some(),
                })
            })
            .collect()
    }

    /// The users of a business, owners first.
    pub async fn business_users(&self, business_id: i64) -> Result<Vec<BusinessUser>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT id, email, role, email_verified_at FROM users WHERE business_id = $1 ORDER BY role DESC, email",
                [business_id.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(BusinessUser {
                    id: r.try_get("", "id")?,
                    email: r.try_get("", "email")?,
                    role: r.try_get("", "role")?,
                    active: r.try_get::<Option<i64>>("", "email_verified_at")?.is_some(),
                })
            })
            .collect()
    }

    /// The support queue: open cases first, by priority then age.
    pub async fn staff_tickets(&self, include_closed: bool, limit: u64) -> Result<Vec<TicketSummary>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT reference, business_id, contact_name, contact_email, topic, priority, status, created_at FROM tickets \
                 WHERE $1 OR status = 'open' \
                 ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, priority, created_at LIMIT $2",
                [include_closed.into(), Value::BigInt(Some(i64::try_from(limit).unwrap_or(100)))],
            ))
            .await?;
        rows.iter().map(ticket_summary).collect()
    }

    /// One case with its messages, whoever wrote it.
    pub async fn staff_ticket(&self, reference: &str) -> Result<Option<(TicketSummary, Ticket)>> {
        let Some(r) = self
            .conn()
            .query_one_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT id, reference, business_id, contact_name, contact_email, topic, priority, status, created_at \
                 FROM tickets WHERE reference = $1",
                [reference.into()],
            ))
            .await?
        else {
            return Ok(None);
        };
        let summary = ticket_summary(&r)?;
        let id: i64 = r.try_get("", "id")?;
        Ok(self.ticket_by_id(None, id).await?.map(|t| (summary, t)))
    }

    /// Staff answer a case: the message, the status, the mail to whoever
    /// wrote, and the audit entry.
    pub async fn reply_as_staff(
        &self,
        reference: &str,
        body: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(t) = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id, business_id, contact_email, language, status FROM tickets WHERE reference = $1",
                [reference.into()],
            ))
            .await?
        else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let id: i64 = t.try_get("", "id")?;
        let business_id: Option<i64> = t.try_get("", "business_id")?;
        let status: String = t.try_get("", "status")?;
        crate::support::add_message(&txn, id, "staff", body, now).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE tickets SET status = 'answered', updated_at = $1 WHERE id = $2",
            [ms(now).into(), id.into()],
        ))
        .await?;
        let email: String = t.try_get("", "contact_email")?;
        let lang: String = t.try_get("", "language")?;
        let member = business_id.is_some();
        let mail = Mail {
            to: Email::parse(&email).map_err(|e| StoreError::Corrupt(e.into()))?,
            lang: Lang::parse(&lang).unwrap_or_default(),
            template: MailTemplate::TicketAnswered {
                reference: reference.to_owned(),
                member,
                answer: (!member).then(|| body.to_owned()),
            },
        };
        enqueue(&txn, JobKind::SendMail, &mail, now, now).await?;
        let a = Audit {
            actor: by,
            action: "ticket.reply",
            target: format!("ticket:{reference}"),
            before: Some(json!({ "status": status })),
            after: Some(json!({ "status": "answered", "message": body })),
            reason: None,
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Closes a case (no mail: the member was answered already).
    pub async fn close_ticket(&self, reference: &str, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let txn = self.write().await?;
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE tickets SET status = 'closed', updated_at = $1 WHERE reference = $2 AND status <> 'closed'",
                [ms(now).into(), reference.into()],
            ))
            .await?
            .rows_affected()
            == 1;
        if done {
            let a = Audit {
                actor: by,
                action: "ticket.close",
                target: format!("ticket:{reference}"),
                before: None,
                after: Some(json!({ "status": "closed" })),
                reason: None,
            };
            audit(&txn, a, now).await?;
        }
        txn.commit().await?;
        Ok(done)
    }

    /// A points adjustment with its reason: a ledger entry the member sees
    /// in their history, and an audit entry with the balance before and after.
    pub async fn staff_adjust_points(
        &self,
        business_id: i64,
        amount: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let txn = self.write().await?;
        if !business_exists(&txn, business_id).await? {
            return Ok(Err(StaffRefusal::NotFound));
        }
        let before = crate::products::balance_of(&txn, business_id).await?;
        add_entry(
            &txn,
            business_id,
            None,
            EntryKind::Adjustment,
            amount,
            Some(reason.to_owned()),
            Actor::Staff(by.id),
            now,
        )
        .await?;
        if amount > 0 {
            maybe_invite(&txn, business_id, self.points.invitation_threshold, now).await?;
        }
        let a = Audit {
            actor: by,
            action: "points.adjust",
            target: format!("business:{business_id}"),
            before: Some(json!({ "balance": before })),
            after: Some(json!({ "balance": before + amount, "amount": amount })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Staff accept a business's claim to its old CPS address when the
    /// confirmation mail cannot reach it (the address no longer exists):
    /// the blue button appears as if the link had been followed.
    pub async fn approve_migration_claim(
        &self,
        business_id: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(b) = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT old_email, old_email_verified_at FROM businesses WHERE id = $1",
                [business_id.into()],
            ))
            .await?
        else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let old_email: Option<String> = b.try_get("", "old_email")?;
        let verified: Option<i64> = b.try_get("", "old_email_verified_at")?;
        let (Some(old_email), None) = (old_email, verified) else { return Ok(Err(StaffRefusal::NotApplicable)) };
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE businesses SET old_email_verified_at = $1 WHERE id = $2",
            [ms(now).into(), business_id.into()],
        ))
        .await?;
        let a = Audit {
            actor: by,
            action: "migration.approve",
            target: format!("business:{business_id}"),
            before: Some(json!({ "old_email": old_email, "proven": false })),
            after: Some(json!({ "old_email": old_email, "proven": true })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Decides a serial number that `claimant` says is theirs; both
    /// businesses are told. Moving keeps the points with the product.
    pub async fn resolve_serial(
        &self,
        serial: &str,
        claimant: i64,
        resolution: SerialResolution,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let Some(serial) = cps_domain::serial::SerialNumber::normalise(serial) else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let txn = self.write().await?;
        let Some(p) = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id, business_id FROM products WHERE serial = $1 AND removed_at IS NULL",
                [serial.as_str().into()],
            ))
            .await?
        else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let (product_id, holder): (i64, i64) = (p.try_get("", "id")?, p.try_get("", "business_id")?);
        if holder == claimant || !business_exists(&txn, claimant).await? {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        // Claim the product row before reading its points: a second decision
        // on the same serial waits here, then finds it moved or removed.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE products SET updated_at = $1 WHERE id = $2 AND business_id = $3 AND removed_at IS NULL",
                [ms(now).into(), product_id.into(), holder.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        let held = held_by(&txn, product_id).await?;
        // The staff decision's ledger entries carry its reason.
        let entry = |business, kind, amount| {
            add_entry(&txn, business, Some(product_id), kind, amount, Some(reason.to_owned()), Actor::Staff(by.id), now)
        };
        if resolution != SerialResolution::Leave && held != 0 {
            entry(holder, EntryKind::Reversal, -held).await?;
        }
        let (to_holder, to_claimant, action) = match resolution {
            SerialResolution::Leave => (SerialDecision::Kept, SerialDecision::NotYours, "serial.leave"),
            SerialResolution::MoveToClaimant => {
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE products SET business_id = $1, updated_at = $2 WHERE id = $3",
                    [claimant.into(), ms(now).into(), product_id.into()],
                ))
                .await?;
                if held != 0 {
                    entry(claimant, EntryKind::Allocation, held).await?;
                }
                (SerialDecision::MovedAway, SerialDecision::MovedToYou, "serial.move")
            }
            SerialResolution::Remove => {
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE products SET serial = NULL, removed_at = $1, updated_at = $1 WHERE id = $2",
                    [ms(now).into(), product_id.into()],
                ))
                .await?;
                (SerialDecision::Removed, SerialDecision::Freed, "serial.remove")
            }
        };
        let shown = serial.as_str().to_owned();
        mail_business(&txn, holder, MailTemplate::SerialDecision { serial: shown.clone(), decision: to_holder }, now)
            .await?;
        mail_business(
            &txn,
            claimant,
            MailTemplate::SerialDecision { serial: shown.clone(), decision: to_claimant },
            now,
        )
        .await?;
        let a = Audit {
            actor: by,
            action,
            target: format!("product:{product_id}"),
            before: Some(json!({ "serial": shown, "business_id": holder, "points": held })),
            after: Some(json!({
                "business_id": if resolution == SerialResolution::MoveToClaimant { claimant } else { holder },
                "removed": resolution == SerialResolution::Remove,
                "claimant": claimant,
            })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Invoices and credit notes in one finance view, newest first.
    pub async fn invoices_by_status(
        &self,
        filter: InvoiceFilter,
        today: NaiveDate,
        limit: u64,
    ) -> Result<Vec<InvoiceRow>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                format!("{INVOICE_ROW_SQL} WHERE {} ORDER BY i.id DESC LIMIT $2", filter.condition()),
                [today.format("%Y-%m-%d").to_string().into(), Value::BigInt(Some(i64::try_from(limit).unwrap_or(100)))],
            ))
            .await?;
        rows.iter().map(invoice_row).collect()
    }

    /// One invoice for finance, with the business it belongs to.
    pub async fn staff_invoice(&self, invoice_id: i64) -> Result<Option<(InvoiceRow, crate::billing::Invoice)>> {
        let Some(r) = self
            .conn()
            .query_one_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                format!("{INVOICE_ROW_SQL} WHERE i.id = $1"),
                [invoice_id.into()],
            ))
            .await?
        else {
            return Ok(None);
        };
        let row = invoice_row(&r)?;
        Ok(self.invoice(row.business_id, invoice_id).await?.map(|i| (row, i)))
    }

    /// Finance marks an unpaid invoice paid (money that came another way).
    pub async fn mark_invoice_paid(
        &self,
        invoice_id: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let txn = self.write().await?;
        if !crate::payments::settle(&txn, invoice_id, now).await? {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        let a = Audit {
            actor: by,
            action: "invoice.mark_paid",
            target: format!("invoice:{invoice_id}"),
            before: Some(json!({ "status": "issued" })),
            after: Some(json!({ "status": "paid" })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Credits an invoice in full: a credit note with its own gap-free
    /// number in the series `<series>K`, negative amounts, and a reference to
    /// the invoice, which itself never changes (only its status does). An
    /// unpaid invoice is then no longer charged or reminded; a paid one is
    /// owed back to the member (finance refunds it outside the portal).
    pub async fn credit_invoice(
        &self,
        invoice_id: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<i64, StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(r) = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT business_id, series, status, kind, document FROM invoices WHERE id = $1",
                [invoice_id.into()],
            ))
            .await?
        else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let (status, kind): (String, String) = (r.try_get("", "status")?, r.try_get("", "kind")?);
        if kind != "invoice" || !(status == "issued" || status == "paid") {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        // Claimed first, guarded by the status just read: of two clicks (or a
        // credit racing a payment), one wins and the other changes nothing.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE invoices SET status = 'credited' WHERE id = $1 AND status = $2",
                [invoice_id.into(), status.clone().into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        let business_id: i64 = r.try_get("", "business_id")?;
        let series = format!("{}K", r.try_get::<String>("", "series")?);
        let original: InvoiceDocument = serde_json::from_str(&r.try_get::<String>("", "document")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let issued_on = now.date_naive();
        let year = chrono::Datelike::year(&issued_on);
        let seq = crate::billing::next_number(&txn, &series, year).await?;
        let number = invoice_number(&series, year, seq);
        let doc = original.credit_note(number.clone(), issued_on, reason);
        let document = serde_json::to_string(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let inserted = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO invoices (number, series, year, seq, business_id, order_id, kind, credits_invoice_id, issued_on, due_on, \
                 currency, net_minor, vat_treatment, vat_rate_bp, vat_minor, total_minor, payment_method, payment_reference, document, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, 'credit_note', $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, 'credit', $16) RETURNING id",
                [
                    number.clone().into(),
                    series.into(),
                    year.into(),
                    seq.into(),
                    business_id.into(),
                    invoice_id.into(),
                    issued_on.format("%Y-%m-%d").to_string().into(),
                    doc.currency.code().into(),
                    doc.net_minor.into(),
                    doc.vat_treatment.clone().into(),
                    doc.vat_rate_bp.into(),
                    doc.vat_minor.into(),
                    doc.total_minor.into(),
                    doc.payment_method.clone().into(),
                    document.into(),
                    ms(now).into(),
                ],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        let credit_id: i64 = inserted.try_get("", "id")?;
        let mail = MailTemplate::CreditNoteIssued {
            invoice_id: credit_id,
            number: number.clone(),
            credits: original.number.clone(),
            total: Some(doc.total()),
            issued_on: Some(issued_on),
        };
        mail_business(&txn, business_id, mail, now).await?;
        let a = Audit {
            actor: by,
            action: "invoice.credit",
            target: format!("invoice:{invoice_id}"),
            before: Some(json!({ "status": status })),
            after: Some(json!({ "status": "credited", "credit_note": number, "credit_note_id": credit_id })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(credit_id))
    }

    /// Bank payments that did not pay an invoice by themselves and that
    /// staff have not yet handled.
    pub async fn unmatched_payments(&self) -> Result<Vec<UnmatchedPayment>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_string(
                self.conn().get_database_backend(),
                "SELECT p.id, p.bank_ref, p.amount_minor, p.currency, p.booked_on, p.reference, p.text, p.outcome, p.detail, i.number \
                 FROM bank_payments p LEFT JOIN invoices i ON i.id = p.invoice_id \
                 WHERE p.outcome <> 'paid' AND p.resolved_at IS NULL ORDER BY p.id",
            ))
            .await?;
        rows.iter()
            .map(|r| {
                let currency: String = r.try_get("", "currency")?;
                let minor: i64 = r.try_get("", "amount_minor")?;
                Ok(UnmatchedPayment {
                    id: r.try_get("", "id")?,
                    bank_ref: r.try_get("", "bank_ref")?,
                    amount: Currency::parse(&currency).map(|c| Money::new(minor, c)),
                    detail: r.try_get("", "detail")?,
                    booked_on: r.try_get("", "booked_on")?,
                    reference: r.try_get("", "reference")?,
                    text: r.try_get("", "text")?,
                    outcome: r.try_get("", "outcome")?,
                    invoice_number: r.try_get("", "number")?,
                })
            })
            .collect()
    }

    /// Staff settle an unmatched payment: it pays an invoice, or it was
    /// handled outside (refunded, booked elsewhere). Once only.
    pub async fn resolve_payment(
        &self,
        payment_id: i64,
        resolution: &PaymentResolution,
        note: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<(), StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let invoice_id = match resolution {
            PaymentResolution::PaysInvoice(number) => {
                let Some(r) = txn
                    .query_one_raw(Statement::from_sql_and_values(
                        backend,
                        "SELECT id FROM invoices WHERE number = $1 AND kind = 'invoice'",
                        [number.trim().to_uppercase().into()],
                    ))
                    .await?
                else {
                    return Ok(Err(StaffRefusal::NotFound));
                };
                Some(r.try_get::<i64>("", "id")?)
            }
            PaymentResolution::Handled => None,
        };
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE bank_payments SET resolved_at = $1, resolution = $2, invoice_id = COALESCE($3, invoice_id) \
                 WHERE id = $4 AND resolved_at IS NULL AND outcome <> 'paid'",
                [ms(now).into(), note.into(), invoice_id.into(), payment_id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        if let Some(id) = invoice_id
            && !crate::payments::settle(&txn, id, now).await?
        {
            // Already paid or credited: nothing is booked twice.
            return Ok(Err(StaffRefusal::NotApplicable));
        }
        let a = Audit {
            actor: by,
            action: "payment.resolve",
            target: format!("bank_payment:{payment_id}"),
            before: Some(json!({ "resolved": false })),
            after: Some(json!({ "resolved": true, "invoice_id": invoice_id })),
            reason: Some(note),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Failed jobs (given up after their retries) and the pending queue.
    pub async fn jobs_overview(&self, failed: bool, limit: u64) -> Result<Vec<JobRow>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT id, kind, run_at, attempts, last_error, failed_at FROM jobs \
                 WHERE (failed_at IS NOT NULL) = $1 ORDER BY run_at LIMIT $2",
                [failed.into(), Value::BigInt(Some(i64::try_from(limit).unwrap_or(100)))],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(JobRow {
                    id: r.try_get("", "id")?,
                    kind: r.try_get("", "kind")?,
                    run_at: from_ms(r.try_get("", "run_at")?),
                    attempts: r.try_get("", "attempts")?,
                    last_error: r.try_get("", "last_error")?,
                    failed: r.try_get::<Option<i64>>("", "failed_at")?.is_some(),
                })
            })
            .collect()
    }

    /// Gives a failed job another round of attempts, now.
    pub async fn retry_job(&self, job_id: i64, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let txn = self.write().await?;
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = $1, locked_until = NULL WHERE id = $2 AND failed_at IS NOT NULL",
                [ms(now).into(), job_id.into()],
            ))
            .await?
            .rows_affected()
            == 1;
        if done {
            let a = Audit {
                actor: by,
                action: "job.retry",
                target: format!("job:{job_id}"),
                before: Some(json!({ "failed": true })),
                after: Some(json!({ "failed": false })),
                reason: None,
            };
            audit(&txn, a, now).await?;
        }
        txn.commit().await?;
        Ok(done)
    }
}

fn ticket_summary(r: &QueryResult) -> Result<TicketSummary> {
    Ok(TicketSummary {
        reference: r.try_get("", "reference")?,
        business_id: r.try_get("", "business_id")?,
        contact_name: r.try_get("", "contact_name")?,
        contact_email: r.try_get("", "contact_email")?,
        topic: r.try_get("", "topic")?,
        priority: r.try_get("", "priority")?,
        status: r.try_get("", "status")?,
        created_at: from_ms(r.try_get("", "created_at")?),
    })
}

async fn business_exists<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<bool> {
    Ok(conn
        .query_one_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT id FROM businesses WHERE id = $1",
            [business_id.into()],
        ))
        .await?
        .is_some())
}

/// What an uploaded file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    Catalogue(crate::catalogue::ImportMode),
    Tiers,
}

impl UploadKind {
    fn as_str(self) -> &'static str {
        match self {
            UploadKind::Catalogue(crate::catalogue::ImportMode::Extend) => "catalogue",
            UploadKind::Catalogue(crate::catalogue::ImportMode::Replace) => "catalogue-replace",
            UploadKind::Tiers => "tiers",
        }
    }

    fn parse(s: &str) -> Option<UploadKind> {
        match s {
            "catalogue" => Some(UploadKind::Catalogue(crate::catalogue::ImportMode::Extend)),
            "catalogue-replace" => Some(UploadKind::Catalogue(crate::catalogue::ImportMode::Replace)),
            "tiers" => Some(UploadKind::Tiers),
            _ => None,
        }
    }
}

/// What applying an upload did.
#[derive(Debug, Clone)]
pub enum Applied {
    Catalogue(crate::catalogue::CatalogueReport),
    Tiers { before: Vec<String>, after: Vec<String> },
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

impl Store {
    /// Keeps a validated upload until it is applied (or forgotten).
    pub async fn stage_upload(
        &self,
        kind: UploadKind,
        content: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let txn = self.write().await?;
        let row = txn
            .query_one_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "INSERT INTO staged_uploads (kind, content, staff_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                [kind.as_str().into(), content.into(), by.id.into(), ms(now).into()],
            ))
            .await?
            .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        txn.commit().await?;
        Ok(row.try_get("", "id")?)
    }

    pub async fn staged_upload(&self, id: i64) -> Result<Option<(UploadKind, String)>> {
        let row = self
            .conn()
            .query_one_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT kind, content FROM staged_uploads WHERE id = $1",
                [id.into()],
            ))
            .await?;
        let Some(r) = row else { return Ok(None) };
        let kind: String = r.try_get("", "kind")?;
        UploadKind::parse(&kind).map(|k| Ok::<_, StoreError>((k, r.try_get("", "content")?))).transpose()
    }

    /// Applies a staged upload in one transaction with its audit entry; the
    /// staged file is used once.
    pub async fn apply_upload(
        &self,
        id: i64,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<Result<Applied, StaffRefusal>> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(r) = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT kind, content FROM staged_uploads WHERE id = $1",
                [id.into()],
            ))
            .await?
        else {
            return Ok(Err(StaffRefusal::NotFound));
        };
        let (kind, content): (String, String) = (r.try_get("", "kind")?, r.try_get("", "content")?);
        let Some(kind) = UploadKind::parse(&kind) else { return Ok(Err(StaffRefusal::NotApplicable)) };
        // Used once: of two concurrent applies, the one that deletes it goes on.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "DELETE FROM staged_uploads WHERE id = $1",
                [id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(StaffRefusal::NotFound));
        }
        let (applied, action) = match kind {
            UploadKind::Catalogue(mode) => {
                let Ok(items) = cps_domain::catalogue::parse_catalogue(&content) else {
                    return Ok(Err(StaffRefusal::NotApplicable));
                };
                let report = crate::catalogue::import_catalogue_in(&txn, &items, mode, now).await?;
                (Applied::Catalogue(report), "catalogue.import")
            }
            UploadKind::Tiers => {
                let Ok(tiers) = cps_domain::tiers::parse_tiers(&content) else {
                    return Ok(Err(StaffRefusal::NotApplicable));
                };
                let before = crate::memberships::tiers_in(&txn).await?.into_iter().map(|t| t.code).collect();
                crate::memberships::import_tiers_in(&txn, &tiers, now).await?;
                (Applied::Tiers { before, after: tiers.into_iter().map(|t| t.code).collect() }, "tiers.import")
            }
        };
        let summary = match &applied {
            Applied::Catalogue(r) => json!({
                "added": r.added, "changed": r.changed, "withdrawn": r.withdrawn, "unchanged": r.unchanged,
                "mode": kind.as_str(),
            }),
            Applied::Tiers { after, .. } => json!({ "tiers": after }),
        };
        let before = match &applied {
            Applied::Tiers { before, .. } => Some(json!({ "tiers": before })),
            Applied::Catalogue(_) => None,
        };
        let mut after = summary;
        after["sha256"] = json!(sha256_hex(&content));
        let a = Audit { actor: by, action, target: format!("upload:{id}"), before, after: Some(after), reason: None };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        // This node sees the new file at once; the others within reference::CHECK_EVERY.
        self.cache.forget();
        Ok(Ok(applied))
    }
}
