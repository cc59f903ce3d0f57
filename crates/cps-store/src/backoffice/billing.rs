//! Finance: invoices by status, one invoice, marking it paid by hand,
//! crediting it, and the bank payments that did not match by themselves.

use super::{Audit, IdRow, StaffActor, audit, limit_value, mail_business};
use crate::parsed;
use crate::{Outcome, Result, Store, StoreError, ms, refuse};
use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::bankfile::PaymentOutcome;
use cps_domain::billing::{InvoiceDocument, invoice_number};
use cps_domain::mail::MailTemplate;
use cps_domain::money::{Currency, Money};
use cps_domain::status::{InvoiceKind, InvoiceStatus, PaymentMethod, may_credit, may_mark_paid};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde_json::json;

/// An invoice or credit note in the finance lists.
#[derive(Debug, Clone)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub kind: InvoiceKind,
    pub business_id: i64,
    pub business_name: String,
    pub issued_on: String,
    pub due_on: String,
    pub total: Money,
    pub payment_method: PaymentMethod,
    pub status: InvoiceStatus,
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
    pub outcome: PaymentOutcome,
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

/// Why an invoice is not marked paid by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkPaidRefused {
    /// No invoice has that id.
    NotFound,
    /// It is not an issued, unpaid invoice ([`may_mark_paid`]), or a payment
    /// settled it meanwhile.
    NotPayable,
}

/// Why an invoice is not credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditRefused {
    /// No invoice has that id.
    NotFound,
    /// A credit note, or an invoice credited already ([`may_credit`]) —
    /// perhaps by another click, or changed by a payment, meanwhile.
    NotCreditable,
}

/// Why an unmatched bank payment is not resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentRefused {
    /// No invoice has the number staff gave.
    UnknownInvoice,
    /// The payment is not an open, unmatched one: no such payment, it paid
    /// its invoice by itself, or it was resolved already.
    NotOpen,
    /// The invoice it should pay is paid or credited already: nothing is
    /// booked twice.
    InvoiceSettled,
}

/// An invoice row as stored, with its business's name.
#[derive(FromQueryResult)]
struct StoredInvoiceRow {
    id: i64,
    number: String,
    kind: String,
    business_id: i64,
    name: String,
    issued_on: String,
    due_on: String,
    total_minor: i64,
    currency: String,
    payment_method: String,
    status: String,
}

impl StoredInvoiceRow {
    const SQL: &'static str = "SELECT i.id, i.number, i.kind, i.business_id, b.name, i.issued_on, i.due_on, i.total_minor, \
         i.currency, i.payment_method, i.status FROM invoices i JOIN businesses b ON b.id = i.business_id";

    fn row(self) -> Result<InvoiceRow> {
        let (kind, status) = stored_state(&self.kind, &self.status)?;
        Ok(InvoiceRow {
            id: self.id,
            number: self.number,
            kind,
            business_id: self.business_id,
            business_name: self.name,
            issued_on: self.issued_on,
            due_on: self.due_on,
            total: Money::new(self.total_minor, parsed("currency", &self.currency, Currency::parse)?),
            payment_method: parsed("payment method", &self.payment_method, PaymentMethod::parse)?,
            status,
        })
    }
}

/// An invoice's stored kind and status, as types.
fn stored_state(kind: &str, status: &str) -> Result<(InvoiceKind, InvoiceStatus)> {
    Ok((parsed("invoice kind", kind, InvoiceKind::parse)?, parsed("invoice status", status, InvoiceStatus::parse)?))
}

/// What deciding on a credit note needs of the invoice.
#[derive(FromQueryResult)]
struct CreditedRow {
    business_id: i64,
    series: String,
    status: String,
    kind: String,
    document: String,
}

/// What deciding on a payment by hand needs of the invoice.
#[derive(FromQueryResult)]
struct StateRow {
    kind: String,
    status: String,
}

#[derive(FromQueryResult)]
struct BankPaymentRow {
    id: i64,
    bank_ref: String,
    amount_minor: i64,
    currency: String,
    booked_on: Option<String>,
    reference: Option<String>,
    text: String,
    outcome: String,
    detail: Option<String>,
    number: Option<String>,
}

impl TryFrom<BankPaymentRow> for UnmatchedPayment {
    type Error = StoreError;

    fn try_from(r: BankPaymentRow) -> Result<Self> {
        Ok(UnmatchedPayment {
            id: r.id,
            bank_ref: r.bank_ref,
            amount: Currency::parse(&r.currency).map(|c| Money::new(r.amount_minor, c)),
            detail: r.detail,
            booked_on: r.booked_on,
            reference: r.reference,
            text: r.text,
            outcome: parsed("bank payment outcome", &r.outcome, PaymentOutcome::parse)?,
            invoice_number: r.number,
        })
    }
}

impl Store {
    /// Invoices and credit notes in one finance view, newest first.
    pub async fn invoices_by_status(
        &self,
        filter: InvoiceFilter,
        today: NaiveDate,
        limit: u64,
    ) -> Result<Vec<InvoiceRow>> {
        let rows = StoredInvoiceRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("{} WHERE {} ORDER BY i.id DESC LIMIT $2", StoredInvoiceRow::SQL, filter.condition()),
            [today.format("%Y-%m-%d").to_string().into(), limit_value(limit)],
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(StoredInvoiceRow::row).collect()
    }

    /// One invoice for finance, with the business it belongs to.
    pub async fn staff_invoice(&self, invoice_id: i64) -> Result<Option<(InvoiceRow, crate::billing::Invoice)>> {
        let Some(r) = StoredInvoiceRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("{} WHERE i.id = $1", StoredInvoiceRow::SQL),
            [invoice_id.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let row = r.row()?;
        Ok(self.invoice(row.business_id, invoice_id).await?.map(|i| (row, i)))
    }

    /// Finance marks an unpaid invoice paid (money that came another way).
    pub async fn mark_invoice_paid(
        &self,
        invoice_id: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Outcome<(), MarkPaidRefused> {
        let txn = self.write().await?;
        let state = StateRow::find_by_statement(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "SELECT kind, status FROM invoices WHERE id = $1",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?;
        let Some(state) = state else { return refuse(MarkPaidRefused::NotFound) };
        let (kind, status) = stored_state(&state.kind, &state.status)?;
        // The rule decides; the guarded update below loses a race with a
        // payment that came in meanwhile.
        if !may_mark_paid(kind, status) || !crate::payments::settle(&txn, invoice_id, now).await? {
            return refuse(MarkPaidRefused::NotPayable);
        }
        let a = Audit {
            actor: by,
            action: "invoice.mark_paid",
            target: format!("invoice:{invoice_id}"),
            before: Some(json!({ "status": status.as_str() })),
            after: Some(json!({ "status": InvoiceStatus::Paid.as_str() })),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(())
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
    ) -> Outcome<i64, CreditRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(r) = CreditedRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT business_id, series, status, kind, document FROM invoices WHERE id = $1",
            [invoice_id.into()],
        ))
        .one(&txn)
        .await?
        else {
            return refuse(CreditRefused::NotFound);
        };
        let (kind, status) = stored_state(&r.kind, &r.status)?;
        if !may_credit(kind, status) {
            return refuse(CreditRefused::NotCreditable);
        }
        // Claimed first, guarded by the status just read: of two clicks (or a
        // credit racing a payment), one wins and the other changes nothing.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE invoices SET status = 'credited' WHERE id = $1 AND status = $2",
                [invoice_id.into(), status.as_str().into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return refuse(CreditRefused::NotCreditable);
        }
        let business_id = r.business_id;
        let series = format!("{}K", r.series);
        let original: InvoiceDocument =
            serde_json::from_str(&r.document).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let issued_on = now.date_naive();
        let year = chrono::Datelike::year(&issued_on);
        let seq = crate::billing::next_number(&txn, &series, year).await?;
        let number = invoice_number(&series, year, seq);
        let doc = original.credit_note(number.clone(), issued_on, reason);
        let document = serde_json::to_string(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let inserted = IdRow::find_by_statement(Statement::from_sql_and_values(
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
                    doc.vat_treatment.to_string().into(),
                    doc.vat_rate_bp.into(),
                    doc.vat_minor.into(),
                    doc.total_minor.into(),
                    doc.payment_method.to_string().into(),
                    document.into(),
                    ms(now).into(),
                ],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        let credit_id = inserted.id;
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
            before: Some(json!({ "status": status.as_str() })),
            after: Some(
                json!({ "status": InvoiceStatus::Credited.as_str(), "credit_note": number, "credit_note_id": credit_id }),
            ),
            reason: Some(reason),
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(credit_id)
    }

    /// Bank payments that did not pay an invoice by themselves and that
    /// staff have not yet handled.
    pub async fn unmatched_payments(&self) -> Result<Vec<UnmatchedPayment>> {
        let rows = BankPaymentRow::find_by_statement(Statement::from_string(
            self.conn().get_database_backend(),
            "SELECT p.id, p.bank_ref, p.amount_minor, p.currency, p.booked_on, p.reference, p.text, p.outcome, p.detail, i.number \
             FROM bank_payments p LEFT JOIN invoices i ON i.id = p.invoice_id \
             WHERE p.outcome <> 'paid' AND p.resolved_at IS NULL ORDER BY p.id",
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(UnmatchedPayment::try_from).collect()
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
    ) -> Outcome<(), PaymentRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let invoice_id = match resolution {
            PaymentResolution::PaysInvoice(number) => {
                let Some(r) = IdRow::find_by_statement(Statement::from_sql_and_values(
                    backend,
                    "SELECT id FROM invoices WHERE number = $1 AND kind = 'invoice'",
                    [number.trim().to_uppercase().into()],
                ))
                .one(&txn)
                .await?
                else {
                    return refuse(PaymentRefused::UnknownInvoice);
                };
                Some(r.id)
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
            return refuse(PaymentRefused::NotOpen);
        }
        if let Some(id) = invoice_id
            && !crate::payments::settle(&txn, id, now).await?
        {
            // Already paid or credited: nothing is booked twice.
            return refuse(PaymentRefused::InvoiceSettled);
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
        Ok(())
    }
}
