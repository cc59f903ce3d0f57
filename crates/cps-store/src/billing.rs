//! Issuing invoices. Every confirmed order becomes exactly one invoice: the
//! unique index on `invoices.order_id` and the order's state make a second
//! run a no-op. Numbers come from a counter row per series and year that is
//! raised in the same transaction as the insert, so a rolled-back issue
//! leaves no gap and concurrent issuers wait for each other.
//!
//! A service request's invoice (the repair the member approved, or the
//! diagnosis fee of a declined one) is issued here too, inside the member's
//! decision's transaction ([`issue_service_invoice`]): the same series and
//! counter, an itemised document, card or bank transfer.

use crate::entity::{business, membership, order};
use crate::jobs::{ChargeInvoice, enqueue};
use crate::{Result, Store, StoreError, from_ms, ms, parsed, scalar};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use cps_domain::billing::{Buyer, InvoiceDocument, Seller, due_date, invoice_number, payment_reference};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::money::{Currency, Money};
use cps_domain::status::{InvoiceKind, InvoiceStatus, PaymentMethod};
use cps_domain::vat::VatTreatment;
use cps_domain::{Email, Lang};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    Statement,
};

/// An invoice as listed to the member.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub id: i64,
    pub order_id: Option<i64>,
    pub document: InvoiceDocument,
    pub status: InvoiceStatus,
    pub paid_at: Option<DateTime<Utc>>,
}

impl Invoice {
    pub fn total(&self) -> Money {
        self.document.total()
    }
}

pub(crate) async fn next_number<C: ConnectionTrait>(conn: &C, series: &str, year: i32) -> Result<i64> {
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        "INSERT INTO invoice_counters (series, year, value) VALUES ($1, $2, 0) ON CONFLICT (series, year) DO NOTHING",
        [series.into(), year.into()],
    ))
    .await?;
    scalar(
        conn,
        Statement::from_sql_and_values(
            backend,
            "UPDATE invoice_counters SET value = value + 1 WHERE series = $1 AND year = $2 RETURNING value",
            [series.into(), year.into()],
        ),
    )
    .await?
    .ok_or_else(|| StoreError::Corrupt("no invoice counter".into()))
}

/// "Er referens": the one given with the order, else the business's.
async fn buyer_reference<C: ConnectionTrait>(conn: &C, order_id: i64) -> Result<Option<String>> {
    #[derive(FromQueryResult)]
    struct References {
        order_ref: Option<String>,
        business_ref: Option<String>,
    }
    let refs = References::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT o.buyer_reference AS order_ref, b.buyer_reference AS business_ref \
         FROM orders o JOIN businesses b ON b.id = o.business_id WHERE o.id = $1",
        [order_id.into()],
    ))
    .one(conn)
    .await?;
    let Some(r) = refs else { return Ok(None) };
    Ok(r.order_ref.or(r.business_ref).filter(|r| !r.trim().is_empty()))
}

/// An itemised invoice for a service request: the repair the member
/// approved, or the diagnosis fee of a declined one.
pub(crate) struct ServiceInvoice {
    pub request_id: i64,
    pub request_number: String,
    pub business_id: i64,
    /// What was serviced, e.g. "EOS R5 (012345678901)".
    pub service: String,
    pub currency: Currency,
    pub vat: VatTreatment,
    pub lines: Vec<cps_domain::billing::InvoiceLine>,
    pub allowances: Vec<cps_domain::billing::InvoiceAllowance>,
    pub net_minor: i64,
    pub vat_minor: i64,
}

/// The saved card a business pays with: the one of its newest order, if
/// that order pays by card (the member's latest choice of card or bank
/// transfer, as at checkout).
pub(crate) async fn saved_card<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<Option<i64>> {
    #[derive(FromQueryResult)]
    struct NewestOrder {
        payment_method: String,
        payment_method_id: Option<i64>,
    }
    let newest = NewestOrder::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT payment_method, payment_method_id FROM orders WHERE business_id = $1 ORDER BY id DESC LIMIT 1",
        [business_id.into()],
    ))
    .one(conn)
    .await?;
    let Some(order) = newest else { return Ok(None) };
    let method = parsed("payment method", &order.payment_method, PaymentMethod::parse)?;
    Ok(order.payment_method_id.filter(|_| method == PaymentMethod::Card))
}

/// Issues the invoice of a service request inside the caller's transaction
/// (the member's decision): the next number of the seller's series (the
/// same gap-free counter as membership invoices), the frozen document with
/// its lines and allowances, card (a charge queued for the due date) when
/// the business has a saved card, else bank transfer with an OCR/RF
/// reference, and the "invoice issued" mail to the owners. The unique
/// index on `invoices.service_request_id` refuses a second one.
pub(crate) async fn issue_service_invoice<C: ConnectionTrait>(
    conn: &C,
    seller: &Seller,
    inv: ServiceInvoice,
    now: DateTime<Utc>,
) -> Result<i64> {
    let b = business::Entity::find_by_id(inv.business_id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("business".into()))?;
    let issued_on = now.date_naive();
    let year = issued_on.year();
    let seq = next_number(conn, &seller.series, year).await?;
    let number = invoice_number(&seller.series, year, seq);
    let card = saved_card(conn, b.id).await?;
    let bank = card.is_none();
    let payment_method = if bank { PaymentMethod::BankTransfer } else { PaymentMethod::Card };
    let owner_email = crate::entity::user::Entity::find()
        .filter(crate::entity::user::Column::BusinessId.eq(b.id))
        .filter(crate::entity::user::Column::Role.eq(cps_domain::mail::Role::Owner.as_str()))
        .one(conn)
        .await?
        .map(|u| u.email);
    let vies = if inv.vat == VatTreatment::ReverseCharge {
        let last = crate::vies::last_record(conn, b.id).await?;
        b.vat_number.as_deref().and_then(|v| cps_domain::vies::basis(v, None, last.as_ref()))
    } else {
        None
    };
    // "Er referens": the business's standing one, else the contact person.
    let standing: Option<String> = scalar::<Option<String>, _>(
        conn,
        Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT buyer_reference FROM businesses WHERE id = $1",
            [b.id.into()],
        ),
    )
    .await?
    .flatten();
    let reference = standing.filter(|r| !r.trim().is_empty()).unwrap_or_else(|| b.contact_name.clone());
    let total_minor = inv.net_minor + inv.vat_minor;
    let doc = InvoiceDocument {
        number: number.clone(),
        issued_on,
        due_on: due_date(issued_on, seller.payment_terms_days),
        seller: seller.clone(),
        buyer: buyer_of(b, owner_email, reference, vies),
        service: inv.service,
        period_start: issued_on,
        period_end: issued_on,
        currency: inv.currency,
        net_minor: inv.net_minor,
        vat_treatment: inv.vat.kind(),
        vat_rate_bp: inv.vat.rate_bp(),
        vat_minor: inv.vat_minor,
        total_minor,
        payment_method,
        payment_reference: payment_reference(bank, inv.currency, year, seq),
        credits: None,
        lines: inv.lines,
        allowances: inv.allowances,
        service_request: Some(inv.request_number),
    };
    let document = serde_json::to_string(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let inserted = crate::entity::invoice::ActiveModel {
        number: Set(number.clone()),
        series: Set(seller.series.clone()),
        year: Set(year),
        seq: Set(seq),
        business_id: Set(inv.business_id),
        order_id: Set(None),
        kind: Set(InvoiceKind::Invoice.as_str().to_owned()),
        credits_invoice_id: Set(None),
        issued_on: Set(issued_on.format("%Y-%m-%d").to_string()),
        due_on: Set(doc.due_on.format("%Y-%m-%d").to_string()),
        currency: Set(inv.currency.code().to_owned()),
        net_minor: Set(doc.net_minor),
        vat_treatment: Set(doc.vat_treatment.as_str().to_owned()),
        vat_rate_bp: Set(doc.vat_rate_bp),
        vat_minor: Set(doc.vat_minor),
        total_minor: Set(total_minor),
        payment_method: Set(payment_method.as_str().to_owned()),
        payment_reference: Set(doc.payment_reference.clone()),
        document: Set(document),
        status: Set(InvoiceStatus::Issued.as_str().to_owned()),
        paid_at: Set(None),
        created_at: Set(ms(now)),
        service_request_id: Set(Some(inv.request_id)),
        payment_method_id: Set(card),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    if !bank {
        let charge = ChargeInvoice { invoice_id: inserted.id };
        enqueue(conn, &charge, crate::payments::charge_time(doc.due_on), now).await?;
    }
    let template = MailTemplate::InvoiceIssued {
        invoice_id: inserted.id,
        number,
        total: doc.total(),
        due_on: doc.due_on,
        card: !bank,
        service_request: doc.service_request.clone(),
    };
    crate::payments::owners_mail(conn, inv.business_id, template, now).await?;
    Ok(inserted.id)
}

/// The invoice of a service request (not its credit note), if it has one:
/// id, number, status and payment method.
pub(crate) async fn request_invoice<C: ConnectionTrait>(
    conn: &C,
    request_id: i64,
) -> Result<Option<(i64, String, InvoiceStatus, PaymentMethod)>> {
    #[derive(FromQueryResult)]
    struct RequestInvoice {
        id: i64,
        number: String,
        status: String,
        payment_method: String,
    }
    let row = RequestInvoice::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT id, number, status, payment_method FROM invoices WHERE service_request_id = $1 AND kind = 'invoice'",
        [request_id.into()],
    ))
    .one(conn)
    .await?;
    row.map(|r| {
        let method = parsed("payment method", &r.payment_method, PaymentMethod::parse)?;
        Ok((r.id, r.number, parse_status(&r.status)?, method))
    })
    .transpose()
}

/// The business as an invoice names it, with the reference and the VIES
/// check its VAT treatment rests on.
fn buyer_of(
    b: business::Model,
    email: Option<String>,
    reference: String,
    vies: Option<cps_domain::vies::ViesRecord>,
) -> Buyer {
    Buyer {
        name: b.name,
        street: b.street,
        postal_code: b.postal_code,
        city: b.city,
        country: b.country,
        vat_number: b.vat_number,
        org_number: b.org_number,
        email,
        reference: Some(reference),
        vies,
    }
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("date {s}")))
}

impl Store {
    /// Issues the invoice of an order, once. Returns the invoice id, or
    /// `None` when the order was invoiced already. With the seller's VAT
    /// `rules`, the VAT treatment is decided again on the VIES answer kept
    /// for the buyer's VAT number (`cps_domain::vies`): reverse charge only
    /// on a confirmed number, whose consultation number the invoice keeps.
    pub async fn issue_invoice(
        &self,
        order_id: i64,
        seller: &Seller,
        rules: Option<crate::memberships::SellerRules>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let txn = self.write().await?;
        let Some(o) = order::Entity::find_by_id(order_id).one(&txn).await? else {
            return Err(StoreError::Corrupt(format!("order {order_id} not found")));
        };
        // A second run (or a worker that died after committing) finds it done.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE orders SET status = 'invoiced' WHERE id = $1 AND status = 'awaiting_invoice'",
                [order_id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        let b = business::Entity::find_by_id(o.business_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::Corrupt("business".into()))?;
        let m = membership::Entity::find()
            .filter(membership::Column::OrderId.eq(order_id))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::Corrupt("order without membership".into()))?;
        let currency = crate::parsed("currency", &o.currency, Currency::parse)?;
        let issued_on = now.date_naive();
        let year = issued_on.year();
        let seq = next_number(&txn, &seller.series, year).await?;
        let number = invoice_number(&seller.series, year, seq);
        let method = parsed("payment method", &o.payment_method, PaymentMethod::parse)?;
        let bank = method == PaymentMethod::BankTransfer;
        let owner_email = crate::entity::user::Entity::find()
            .filter(crate::entity::user::Column::BusinessId.eq(o.business_id))
            .filter(crate::entity::user::Column::Role.eq(cps_domain::mail::Role::Owner.as_str()))
            .one(&txn)
            .await?
            .map(|u| u.email);
        let membership_number =
            cps_domain::membership::MembershipNumber::parse(&m.number).map(|n| n.display()).unwrap_or(m.number.clone());
        let last_vies = crate::vies::last_record(&txn, b.id).await?;
        let basis = b.vat_number.as_deref().and_then(|v| cps_domain::vies::basis(v, None, last_vies.as_ref()));
        let (treatment, vat_minor) = match rules {
            Some(r) => {
                let country = cps_domain::Country::parse(&b.country).map_err(|e| StoreError::Corrupt(e.into()))?;
                let t = VatTreatment::decide(r.country, r.vat_rate_bp, country, basis.is_some());
                (t, t.vat_on(o.net_minor))
            }
            None => (
                crate::parsed("VAT treatment", &o.vat_treatment, |t| VatTreatment::from_stored(t, o.vat_rate_bp))?,
                o.vat_minor,
            ),
        };
        let (rate_bp, total_minor) = (treatment.rate_bp(), o.net_minor + vat_minor);
        let vies = basis.filter(|_| treatment == VatTreatment::ReverseCharge);
        let reference = buyer_reference(&txn, order_id).await?.unwrap_or_else(|| b.contact_name.clone());
        let doc = InvoiceDocument {
            number: number.clone(),
            issued_on,
            due_on: due_date(issued_on, seller.payment_terms_days),
            seller: seller.clone(),
            buyer: buyer_of(b, owner_email, reference, vies),
            service: format!("CPS {} ({membership_number})", m.tier_name),
            period_start: date(&m.starts_on)?,
            period_end: date(&m.ends_on)?,
            currency,
            net_minor: o.net_minor,
            vat_treatment: treatment.kind(),
            vat_rate_bp: rate_bp,
            vat_minor,
            total_minor,
            payment_method: method,
            payment_reference: payment_reference(bank, currency, year, seq),
            credits: None,
            lines: Vec::new(),
            allowances: Vec::new(),
            service_request: None,
        };
        let document = serde_json::to_string(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let inserted = crate::entity::invoice::ActiveModel {
            number: Set(number.clone()),
            series: Set(seller.series.clone()),
            year: Set(year),
            seq: Set(seq),
            business_id: Set(o.business_id),
            order_id: Set(Some(order_id)),
            kind: Set(InvoiceKind::Invoice.as_str().to_owned()),
            credits_invoice_id: Set(None),
            issued_on: Set(issued_on.format("%Y-%m-%d").to_string()),
            due_on: Set(doc.due_on.format("%Y-%m-%d").to_string()),
            currency: Set(currency.code().to_owned()),
            net_minor: Set(o.net_minor),
            vat_treatment: Set(treatment.as_str().to_owned()),
            vat_rate_bp: Set(rate_bp),
            vat_minor: Set(vat_minor),
            total_minor: Set(total_minor),
            payment_method: Set(o.payment_method),
            payment_reference: Set(doc.payment_reference.clone()),
            document: Set(document),
            status: Set(InvoiceStatus::Issued.as_str().to_owned()),
            paid_at: Set(None),
            created_at: Set(ms(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if !bank {
            let charge = ChargeInvoice { invoice_id: inserted.id };
            enqueue(&txn, &charge, crate::payments::charge_time(doc.due_on), now).await?;
        }
        let owners = crate::entity::user::Entity::find()
            .filter(crate::entity::user::Column::BusinessId.eq(o.business_id))
            .filter(crate::entity::user::Column::Role.eq(cps_domain::mail::Role::Owner.as_str()))
            .all(&txn)
            .await?;
        for u in owners {
            let to = Email::parse(&u.email).map_err(|e| StoreError::Corrupt(e.into()))?;
            let template = MailTemplate::InvoiceIssued {
                invoice_id: inserted.id,
                number: number.clone(),
                total: doc.total(),
                due_on: doc.due_on,
                card: !bank,
                service_request: None,
            };
            enqueue(&txn, &Mail { to, lang: Lang::parse(&u.language).unwrap_or_default(), template }, now, now).await?;
        }
        txn.commit().await?;
        Ok(Some(inserted.id))
    }

    /// The invoice of one of the business's service requests (by the
    /// request's number), if it has one.
    pub async fn service_request_invoice(&self, business_id: i64, number: &str) -> Result<Option<Invoice>> {
        let id = scalar(
            self.conn(),
            Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "SELECT i.id FROM invoices i JOIN service_requests r ON r.id = i.service_request_id \
                 WHERE r.number = $1 AND r.business_id = $2 AND i.kind = 'invoice'",
                [number.trim().into(), business_id.into()],
            ),
        )
        .await?;
        match id {
            Some(id) => self.invoice(business_id, id).await,
            None => Ok(None),
        }
    }

    /// An invoice by id alone, for the worker that mails it.
    pub async fn invoice_by_id(&self, id: i64) -> Result<Option<Invoice>> {
        crate::entity::invoice::Entity::find_by_id(id).one(self.conn()).await?.map(invoice_from).transpose()
    }

    /// The invoices of a business, newest first.
    pub async fn invoices(&self, business_id: i64) -> Result<Vec<Invoice>> {
        use sea_orm::QueryOrder;
        crate::entity::invoice::Entity::find()
            .filter(crate::entity::invoice::Column::BusinessId.eq(business_id))
            .order_by_desc(crate::entity::invoice::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(invoice_from)
            .collect()
    }

    /// One invoice, only if it belongs to the business.
    pub async fn invoice(&self, business_id: i64, id: i64) -> Result<Option<Invoice>> {
        crate::entity::invoice::Entity::find_by_id(id)
            .filter(crate::entity::invoice::Column::BusinessId.eq(business_id))
            .one(self.conn())
            .await?
            .map(invoice_from)
            .transpose()
    }
}

fn parse_status(stored: &str) -> Result<InvoiceStatus> {
    parsed("invoice status", stored, InvoiceStatus::parse)
}

fn invoice_from(m: crate::entity::invoice::Model) -> Result<Invoice> {
    Ok(Invoice {
        id: m.id,
        order_id: m.order_id,
        document: serde_json::from_str(&m.document)
            .map_err(|e| StoreError::Corrupt(format!("invoice {}: {e}", m.number)))?,
        status: parse_status(&m.status)?,
        paid_at: m.paid_at.map(from_ms),
    })
}

/// What an import of a bank file did.
#[derive(Debug, Clone, Default)]
pub struct BankReport {
    /// Payments that paid an open invoice exactly.
    pub paid: usize,
    /// Lines booked by an earlier import (a file read twice, or a statement
    /// after the day's notifications).
    pub already_imported: usize,
    /// Entries the bank has not booked yet (pending): they pay nothing.
    pub not_booked: usize,
    /// Returned payments; `reopened` of them made their invoice unpaid again.
    pub returned: usize,
    pub reopened: usize,
    /// Lines for staff, in file order.
    pub to_review: Vec<ReviewLine>,
}

/// A line of a bank file that staff must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    pub bank_ref: String,
    /// The amount as the bank wrote it, e.g. `1437.50 SEK`.
    pub amount: String,
    pub outcome: cps_domain::bankfile::PaymentOutcome,
    pub invoice_number: Option<String>,
}

/// The invoice (not a credit note) a line names: by its structured
/// reference, else by an invoice number in the payer's text.
async fn invoice_for_line<C: ConnectionTrait>(
    conn: &C,
    line: &cps_domain::bankfile::BankLine,
) -> Result<Option<crate::entity::invoice::Model>> {
    use crate::entity::invoice;
    if let Some(r) = &line.reference {
        let found = invoice::Entity::find()
            .filter(invoice::Column::PaymentReference.eq(r.as_str()))
            .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
            .one(conn)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let numbers = cps_domain::bankfile::invoice_numbers_in(&line.text);
    if numbers.is_empty() {
        return Ok(None);
    }
    Ok(invoice::Entity::find()
        .filter(invoice::Column::Number.is_in(numbers))
        .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
        .one(conn)
        .await?)
}

impl Store {
    /// Books a bank file in one transaction. Each line once (by the bank's
    /// references); a credit is matched to an invoice by structured
    /// reference, else by an invoice number in the free text, and pays it
    /// only when the invoice is open and the amount exact. Everything else —
    /// money for a paid or credited invoice, lines on another account,
    /// without details, in another currency, returned payments — is listed
    /// for staff. A returned payment reopens the invoice it had paid.
    pub async fn import_bank_payments(
        &self,
        file: &cps_domain::bankfile::BankFile,
        ours: &cps_domain::bankfile::OwnAccounts,
        by: Option<&crate::staff::StaffActor>,
        now: DateTime<Utc>,
    ) -> Result<BankReport> {
        use cps_domain::bankfile::{InvoiceState, LineKind, PaymentOutcome, first_look, judge, reversal_reopens};
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let mut report = BankReport { not_booked: file.not_booked, ..BankReport::default() };
        for line in &file.lines {
            // Money the portal cannot book is kept as the bank wrote it.
            let (minor, currency) = line.amount.map_or((0, String::new()), |m| (m.minor, m.currency.code().to_owned()));
            let detail = match first_look(line, ours) {
                Err(PaymentOutcome::WrongAccount) => Some(format!("{} ({})", line.amount_text, line.account)),
                _ if line.amount.is_none() => Some(line.amount_text.clone()),
                _ => None,
            };
            let inserted = txn
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT INTO bank_payments (bank_ref, amount_minor, currency, booked_on, reference, text, outcome, imported_at, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'unknown', $7, $8) ON CONFLICT (bank_ref) DO NOTHING",
                    [
                        line.bank_ref.clone().into(),
                        minor.into(),
                        currency.into(),
                        line.booked_on.map(|d| d.format("%Y-%m-%d").to_string()).into(),
                        line.reference.clone().into(),
                        line.text.clone().into(),
                        ms(now).into(),
                        detail.into(),
                    ],
                ))
                .await?;
            if inserted.rows_affected() == 0 {
                report.already_imported += 1;
                continue;
            }
            let (outcome, found) = match (first_look(line, ours), line.amount) {
                (Ok(LineKind::Credit), Some(paid)) => {
                    let found = invoice_for_line(&txn, line).await?;
                    let outcome = match &found {
                        None => PaymentOutcome::Unknown,
                        Some(inv) => {
                            let currency = crate::parsed("currency", &inv.currency, Currency::parse)?;
                            judge(
                                paid,
                                Money::new(inv.total_minor, currency),
                                InvoiceState::of(parse_status(&inv.status)?),
                            )
                        }
                    };
                    (outcome, found)
                }
                (Ok(LineKind::Reversal), Some(returned)) => {
                    report.returned += 1;
                    let found = invoice_for_line(&txn, line).await?;
                    if let Some(inv) = &found {
                        let currency = crate::parsed("currency", &inv.currency, Currency::parse)?;
                        let paid_by_bank = txn
                            .query_one_raw(Statement::from_sql_and_values(
                                backend,
                                "SELECT id FROM bank_payments WHERE invoice_id = $1 AND outcome = 'paid'",
                                [inv.id.into()],
                            ))
                            .await?
                            .is_some();
                        if reversal_reopens(
                            returned,
                            Money::new(inv.total_minor, currency),
                            InvoiceState::of(parse_status(&inv.status)?),
                            paid_by_bank,
                        ) && reopen(&txn, inv.id).await?
                        {
                            report.reopened += 1;
                        }
                    }
                    tracing::warn!(bank_ref = %line.bank_ref, invoice = ?found.as_ref().map(|i| &i.number), "a payment was returned by the bank");
                    (PaymentOutcome::Returned, found)
                }
                (Ok(_), _) => (PaymentOutcome::UnreadableAmount, None),
                (Err(outcome), _) => (outcome, None),
            };
            let settled = match (outcome, &found) {
                (PaymentOutcome::Paid, Some(inv)) => crate::payments::settle(&txn, inv.id, now).await?,
                _ => false,
            };
            // Settling fails only when the invoice changed under us: staff look.
            let outcome = if outcome == PaymentOutcome::Paid && !settled { PaymentOutcome::Duplicate } else { outcome };
            if outcome == PaymentOutcome::Paid {
                report.paid += 1;
            } else {
                report.to_review.push(ReviewLine {
                    bank_ref: line.bank_ref.clone(),
                    amount: line.amount_text.clone(),
                    outcome,
                    invoice_number: found.as_ref().map(|i| i.number.clone()),
                });
            }
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE bank_payments SET outcome = $1, invoice_id = $2 WHERE bank_ref = $3",
                [outcome.as_str().into(), found.as_ref().map(|i| i.id).into(), line.bank_ref.clone().into()],
            ))
            .await?;
        }
        // An upload in the back office is a staff action; the command line is the operator's.
        if let Some(by) = by {
            let a = crate::staff::Audit {
                actor: by,
                action: "bank.import",
                target: "bank_file".into(),
                before: None,
                after: Some(serde_json::json!({
                    "lines": file.lines.len(),
                    "paid": report.paid,
                    "to_review": report.to_review.len(),
                    "already_imported": report.already_imported,
                    "not_booked": report.not_booked,
                    "returned": report.returned,
                    "reopened": report.reopened,
                })),
                reason: None,
            };
            crate::staff::audit(&txn, a, now).await?;
        }
        txn.commit().await?;
        Ok(report)
    }
}

impl Store {
    /// The business's standing "Er referens" for its invoices.
    pub async fn buyer_reference(&self, business_id: i64) -> Result<Option<String>> {
        let stmt = Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT buyer_reference FROM businesses WHERE id = $1",
            [business_id.into()],
        );
        Ok(scalar::<Option<String>, _>(self.conn(), stmt).await?.flatten())
    }

    pub async fn set_buyer_reference(&self, business_id: i64, reference: Option<&str>) -> Result<()> {
        self.conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "UPDATE businesses SET buyer_reference = $1 WHERE id = $2",
                [reference.map(str::to_owned).into(), business_id.into()],
            ))
            .await?;
        Ok(())
    }
}

/// A paid invoice whose payment came back is unpaid again (its document
/// never changes; only its status).
async fn reopen<C: ConnectionTrait>(conn: &C, invoice_id: i64) -> Result<bool> {
    let r = conn
        .execute_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "UPDATE invoices SET status = 'issued', paid_at = NULL WHERE id = $1 AND status = 'paid'",
            [invoice_id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}
