//! The support queue as staff see it: every ticket, the answer, closing.

use super::{Audit, StaffActor, audit, limit_value};
use crate::jobs::enqueue;
use crate::parsed;
use crate::support::Ticket;
use crate::{Outcome, Result, Store, StoreError, from_ms, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::status::TicketStatus;
use cps_domain::{Email, Lang};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde_json::json;

/// A ticket as a list shows it (the staff's queue, a business's tickets).
#[derive(Debug, Clone)]
pub struct TicketSummary {
    pub reference: String,
    pub business_id: Option<i64>,
    pub contact_name: String,
    pub contact_email: String,
    pub topic: String,
    pub priority: i32,
    pub status: TicketStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct TicketSummaryRow {
    id: i64,
    reference: String,
    business_id: Option<i64>,
    contact_name: String,
    contact_email: String,
    topic: String,
    priority: i32,
    status: String,
    created_at: i64,
}

impl TicketSummaryRow {
    const COLUMNS: &'static str =
        "id, reference, business_id, contact_name, contact_email, topic, priority, status, created_at";

    fn summary(self) -> Result<TicketSummary> {
        Ok(TicketSummary {
            reference: self.reference,
            business_id: self.business_id,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            topic: self.topic,
            priority: self.priority,
            status: parsed("ticket status", &self.status, TicketStatus::parse)?,
            created_at: from_ms(self.created_at),
        })
    }
}

/// Why a staff answer is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyRefused {
    /// No ticket has that reference.
    NoSuchTicket,
}

/// What answering a ticket needs to know of it.
#[derive(FromQueryResult)]
struct ReplyRow {
    id: i64,
    business_id: Option<i64>,
    contact_email: String,
    language: String,
    status: String,
}

impl Store {
    /// The support queue: open cases first, by priority then age.
    pub async fn staff_tickets(&self, include_closed: bool, limit: u64) -> Result<Vec<TicketSummary>> {
        let rows = TicketSummaryRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!(
                "SELECT {} FROM tickets \
                 WHERE $1 OR status = 'open' \
                 ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, priority, created_at LIMIT $2",
                TicketSummaryRow::COLUMNS
            ),
            [include_closed.into(), limit_value(limit)],
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(TicketSummaryRow::summary).collect()
    }

    /// The tickets of a business, newest first (its support page and the
    /// staff's business page), in one statement.
    pub async fn tickets(&self, business_id: i64) -> Result<Vec<TicketSummary>> {
        let rows = TicketSummaryRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("SELECT {} FROM tickets WHERE business_id = $1 ORDER BY id DESC", TicketSummaryRow::COLUMNS),
            [business_id.into()],
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(TicketSummaryRow::summary).collect()
    }

    /// One case with its messages, whoever wrote it.
    pub async fn staff_ticket(&self, reference: &str) -> Result<Option<(TicketSummary, Ticket)>> {
        let Some(r) = TicketSummaryRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("SELECT {} FROM tickets WHERE reference = $1", TicketSummaryRow::COLUMNS),
            [reference.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let id = r.id;
        let summary = r.summary()?;
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
    ) -> Outcome<(), ReplyRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(t) = ReplyRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, business_id, contact_email, language, status FROM tickets WHERE reference = $1",
            [reference.into()],
        ))
        .one(&txn)
        .await?
        else {
            return refuse(ReplyRefused::NoSuchTicket);
        };
        let status = parsed("ticket status", &t.status, TicketStatus::parse)?;
        crate::support::add_message(&txn, t.id, "staff", body, now).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE tickets SET status = 'answered', updated_at = $1 WHERE id = $2",
            [ms(now).into(), t.id.into()],
        ))
        .await?;
        let member = t.business_id.is_some();
        let mail = Mail {
            to: Email::parse(&t.contact_email).map_err(|e| StoreError::Corrupt(e.into()))?,
            lang: Lang::parse(&t.language).unwrap_or_default(),
            template: MailTemplate::TicketAnswered {
                reference: reference.to_owned(),
                member,
                answer: (!member).then(|| body.to_owned()),
            },
        };
        enqueue(&txn, &mail, now, now).await?;
        let a = Audit {
            actor: by,
            action: "ticket.reply",
            target: format!("ticket:{reference}"),
            before: Some(json!({ "status": status.as_str() })),
            after: Some(json!({ "status": TicketStatus::Answered.as_str(), "message": body })),
            reason: None,
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Closes a case (no mail: the member was answered already).
    pub async fn close_ticket(&self, reference: &str, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let a = Audit {
            actor: by,
            action: "ticket.close",
            target: format!("ticket:{reference}"),
            before: None,
            after: Some(json!({ "status": TicketStatus::Closed.as_str() })),
            reason: None,
        };
        self.update_audited(
            "UPDATE tickets SET status = 'closed', updated_at = $1 WHERE reference = $2 AND status <> 'closed'",
            vec![ms(now).into(), reference.into()],
            a,
            now,
        )
        .await
    }
}
