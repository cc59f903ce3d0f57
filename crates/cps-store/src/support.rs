//! CPS Priority Support tickets. A ticket and its first message, its
//! reference from a counter and the confirmation mail are one transaction.

use crate::jobs::enqueue;
use crate::{Result, Store, StoreError, from_ms, ms};
use chrono::{DateTime, Utc};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::status::TicketStatus;
use cps_domain::support::{NewTicket, Topic, priority};
use cps_domain::{Email, Lang};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

#[derive(Debug, Clone)]
pub struct Ticket {
    pub id: i64,
    pub reference: String,
    pub topic: Topic,
    pub status: TicketStatus,
    pub priority: i32,
    pub created_at: DateTime<Utc>,
    pub messages: Vec<(String, String, DateTime<Utc>)>,
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

#[derive(FromQueryResult)]
struct CounterRow {
    value: i64,
}

#[derive(FromQueryResult)]
struct TicketRow {
    reference: String,
    topic: String,
    status: String,
    priority: i32,
    created_at: i64,
}

#[derive(FromQueryResult)]
struct MessageRow {
    author: String,
    body: String,
    created_at: i64,
}

/// Who writes: a logged-in member of a business, or a visitor.
pub enum Sender<'a> {
    Member { business_id: i64, user_id: i64, name: &'a str, email: &'a Email },
    Visitor,
}

impl Store {
    pub async fn create_ticket(
        &self,
        t: &NewTicket,
        sender: &Sender<'_>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let (business_id, user_id, name, email, prio) = match sender {
            Sender::Member { business_id, user_id, name, email } => {
                let tier = crate::memberships::current_in_pub(&txn, *business_id, now.date_naive())
                    .await?
                    .map(|m| m.tier_code);
                (
                    Some(*business_id),
                    Some(*user_id),
                    (*name).to_owned(),
                    (*email).clone(),
                    priority(tier.as_deref(), true),
                )
            }
            Sender::Visitor => {
                let (name, email) =
                    t.contact.clone().ok_or_else(|| StoreError::Corrupt("visitor without contact".into()))?;
                (None, None, name, email, priority(None, false))
            }
        };
        // A product named must be the member's own.
        let product_id = match (t.product_id, business_id) {
            (Some(p), Some(b)) => IdRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "SELECT id FROM products WHERE id = $1 AND business_id = $2",
                [p.into(), b.into()],
            ))
            .one(&txn)
            .await?
            .map(|_| p),
            _ => None,
        };
        let seq = CounterRow::find_by_statement(Statement::from_string(
            backend,
            "UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value",
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("no ticket counter".into()))?
        .value;
        let reference = format!("S-{seq}");
        let row = IdRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "INSERT INTO tickets (reference, business_id, user_id, contact_name, contact_email, language, topic, product_id, priority, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10) RETURNING id",
                [
                    reference.clone().into(),
                    business_id.into(),
                    user_id.into(),
                    name.into(),
                    email.as_str().into(),
                    lang.code().into(),
                    t.topic.as_str().into(),
                    product_id.into(),
                    prio.into(),
                    ms(now).into(),
                ],
            ))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        let id = row.id;
        let author = if business_id.is_some() { "member" } else { "visitor" };
        add_message(&txn, id, author, &t.message, now).await?;
        let mail = Mail {
            to: email,
            lang,
            template: MailTemplate::TicketReceived { reference: reference.clone(), member: business_id.is_some() },
        };
        enqueue(&txn, &mail, now, now).await?;
        txn.commit().await?;
        Ok(reference)
    }

    /// One ticket of a business, by its reference.
    pub async fn ticket(&self, business_id: i64, reference: &str) -> Result<Option<Ticket>> {
        let row = IdRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id FROM tickets WHERE business_id = $1 AND reference = $2",
            [business_id.into(), reference.into()],
        ))
        .one(self.conn())
        .await?;
        match row {
            Some(r) => self.ticket_by_id(Some(business_id), r.id).await,
            None => Ok(None),
        }
    }

    /// A ticket by id; with a business, only if it is that business's.
    pub(crate) async fn ticket_by_id(&self, business_id: Option<i64>, id: i64) -> Result<Option<Ticket>> {
        let backend = self.conn().get_database_backend();
        let Some(t) = TicketRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, reference, topic, status, priority, created_at FROM tickets WHERE id = $1 AND (business_id = $2 OR $3)",
            [id.into(), business_id.into(), business_id.is_none().into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let messages = MessageRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT author, body, created_at FROM ticket_messages WHERE ticket_id = $1 ORDER BY id",
            [id.into()],
        ))
        .all(self.conn())
        .await?
        .into_iter()
        .map(|m| (m.author, m.body, from_ms(m.created_at)))
        .collect();
        let status = crate::parsed("ticket status", &t.status, TicketStatus::parse)?;
        Ok(Some(Ticket {
            id,
            reference: t.reference,
            topic: Topic::parse(&t.topic).unwrap_or(Topic::Other),
            status,
            priority: t.priority,
            created_at: from_ms(t.created_at),
            messages,
        }))
    }

    /// A member answers on their own ticket; it is open again for staff.
    pub async fn reply_as_member(
        &self,
        business_id: i64,
        reference: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let row = IdRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id FROM tickets WHERE business_id = $1 AND reference = $2",
            [business_id.into(), reference.into()],
        ))
        .one(&txn)
        .await?;
        let Some(IdRow { id }) = row else { return Ok(false) };
        add_message(&txn, id, "member", body, now).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE tickets SET status = 'open', updated_at = $1 WHERE id = $2",
            [ms(now).into(), id.into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(true)
    }
}

pub(crate) async fn add_message<C: ConnectionTrait>(
    conn: &C,
    ticket_id: i64,
    author: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO ticket_messages (ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4)",
        [ticket_id.into(), author.into(), body.into(), ms(now).into()],
    ))
    .await?;
    Ok(())
}
