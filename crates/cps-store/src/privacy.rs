//! A business's own data: everything the portal holds about it as one
//! machine-readable archive, and closing the account, which removes the
//! personal data and keeps what bookkeeping law requires (invoices, orders,
//! payments; Swedish Bokföringslagen 7 kap.: seven years).

use crate::{Outcome, Result, Store, from_ms, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::retention::{ClosedAccountStep, RetentionPolicy, closed_account_step};
use sea_orm::{ConnectionTrait, FromQueryResult, QueryResult, Statement};
use serde_json::{Map, Value, json};

#[derive(Clone, Copy)]
enum Kind {
    Int,
    Text,
    Time,
}

/// One column of the data export. The export lists each table's columns
/// by name (the one place columns are read by name rather than through a
/// `FromQueryResult` row: the export is generic over the tables).
fn value(r: &QueryResult, col: &str, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Int => r.try_get::<Option<i64>>("", col)?.map_or(Value::Null, Value::from),
        Kind::Text => r.try_get::<Option<String>>("", col)?.map_or(Value::Null, Value::from),
        Kind::Time => r.try_get::<Option<i64>>("", col)?.map_or(Value::Null, |t| Value::from(from_ms(t).to_rfc3339())),
    })
}

/// The rows of one query as JSON objects.
async fn rows<C: ConnectionTrait>(conn: &C, sql: &str, business_id: i64, cols: &[(&str, Kind)]) -> Result<Value> {
    let found = conn
        .query_all_raw(Statement::from_sql_and_values(conn.get_database_backend(), sql, [business_id.into()]))
        .await?;
    let mut out = Vec::new();
    for r in &found {
        let mut o = Map::new();
        for (col, kind) in cols {
            o.insert((*col).to_owned(), value(r, col, *kind)?);
        }
        out.push(Value::Object(o));
    }
    Ok(Value::Array(out))
}

/// Why an account cannot be closed now.
#[derive(Debug, PartialEq, Eq)]
pub enum CloseRefused {
    /// Unpaid invoices: pay them (or ask finance) first.
    UnpaidInvoices,
}

impl Store {
    /// Everything about a business, as one JSON document.
    pub async fn export_business(&self, business_id: i64, now: DateTime<Utc>) -> Result<Value> {
        use Kind::{Int, Text, Time};
        let c = self.conn();
        let business = rows(
            c,
            "SELECT id, name, vat_number, org_number, country, street, postal_code, city, contact_name, old_email, created_at FROM businesses WHERE id = $1",
            business_id,
            &[("id", Int), ("name", Text), ("vat_number", Text), ("org_number", Text), ("country", Text), ("street", Text), ("postal_code", Text), ("city", Text), ("contact_name", Text), ("old_email", Text), ("created_at", Time)],
        )
        .await?;
        let users = rows(
            c,
            "SELECT email, role, language, email_verified_at, created_at FROM users WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("email", Text), ("role", Text), ("language", Text), ("email_verified_at", Time), ("created_at", Time)],
        )
        .await?;
        let invitations = rows(
            c,
            "SELECT email, status, created_at, expires_at, answered_at FROM invitations WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("email", Text), ("status", Text), ("created_at", Time), ("expires_at", Time), ("answered_at", Time)],
        )
        .await?;
        let products = rows(
            c,
            "SELECT id, model_code, serial, purchase_date, purchase_country, retailer, points_earned, completed_at, source, created_at, removed_at FROM products WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("id", Int), ("model_code", Text), ("serial", Text), ("purchase_date", Text), ("purchase_country", Text), ("retailer", Text), ("points_earned", Int), ("completed_at", Time), ("source", Text), ("created_at", Time), ("removed_at", Time)],
        )
        .await?;
        let ledger = rows(
            c,
            "SELECT product_id, kind, amount, reason, created_at FROM points_ledger WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("product_id", Int), ("kind", Text), ("amount", Int), ("reason", Text), ("created_at", Time)],
        )
        .await?;
        let memberships = rows(
            c,
            "SELECT number, previous_number, tier_code, tier_name, CAST(term_years AS BIGINT) AS term_years, starts_on, ends_on, status FROM memberships WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("number", Text), ("previous_number", Text), ("tier_code", Text), ("tier_name", Text), ("term_years", Int), ("starts_on", Text), ("ends_on", Text), ("status", Text)],
        )
        .await?;
        let invoices = rows(
            c,
            "SELECT number, kind, status, document, paid_at FROM invoices WHERE business_id = $1 ORDER BY id",
            business_id,
            &[("number", Text), ("kind", Text), ("status", Text), ("document", Text), ("paid_at", Time)],
        )
        .await?;
        // The frozen documents are JSON themselves: embed them as such.
        let invoices = match invoices {
            Value::Array(list) => Value::Array(
                list.into_iter()
                    .map(|mut inv| {
                        if let Some(doc) = inv
                            .get("document")
                            .and_then(Value::as_str)
                            .and_then(|d| serde_json::from_str::<Value>(d).ok())
                        {
                            inv["document"] = doc;
                        }
                        inv
                    })
                    .collect(),
            ),
            other => other,
        };
        let tickets = rows(
            c,
            "SELECT t.reference, t.topic, t.status, m.author, m.body, m.created_at FROM tickets t JOIN ticket_messages m ON m.ticket_id = t.id WHERE t.business_id = $1 ORDER BY m.id",
            business_id,
            &[("reference", Text), ("topic", Text), ("status", Text), ("author", Text), ("body", Text), ("created_at", Time)],
        )
        .await?;
        Ok(json!({
            "format": "cps-business-export/1",
            "exported_at": now.to_rfc3339(),
            "business": business.get(0).cloned().unwrap_or(Value::Null),
            "users": users,
            "invitations": invitations,
            "products": products,
            "points_ledger": ledger,
            "memberships": memberships,
            "invoices": invoices,
            "support_messages": tickets,
        }))
    }

    /// Closes a business account: users can no longer log in and lose their
    /// addresses, sessions and links; invitations go; products are removed
    /// (their serials free); support messages are emptied; the company's contact details
    /// go. Invoices, orders, memberships and payments stay for bookkeeping,
    /// with the buyer as printed on the frozen invoices.
    pub async fn close_business(&self, business_id: i64, now: DateTime<Utc>) -> Outcome<(), CloseRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let unpaid = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id FROM invoices WHERE business_id = $1 AND status = 'issued' AND kind = 'invoice' \
                 UNION ALL SELECT id FROM orders WHERE business_id = $1 AND status = 'awaiting_invoice'",
                [business_id.into()],
            ))
            .await?;
        if unpaid.is_some() {
            return refuse(CloseRefused::UnpaidInvoices);
        }
        let statements: [&str; 10] = [
            "DELETE FROM invitations WHERE business_id = $1",
            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE business_id = $1)",
            "DELETE FROM auth_tokens WHERE user_id IN (SELECT id FROM users WHERE business_id = $1)",
            "UPDATE users SET email = 'closed-' || CAST(id AS TEXT) || '@closed.invalid', password_hash = NULL WHERE business_id = $1",
            "UPDATE products SET serial = NULL, retailer = NULL, removed_at = COALESCE(removed_at, $2), updated_at = $2 WHERE business_id = $1",
            "UPDATE ticket_messages SET body = '' WHERE ticket_id IN (SELECT id FROM tickets WHERE business_id = $1)",
            "UPDATE tickets SET contact_name = '', contact_email = 'closed@closed.invalid', status = 'closed' WHERE business_id = $1",
            "UPDATE payment_methods SET label = '' WHERE business_id = $1",
            "UPDATE memberships SET status = 'closed' WHERE business_id = $1 AND status IN ('active', 'suspended')",
            "UPDATE businesses SET contact_name = '', old_email = NULL, old_email_verified_at = NULL, closed_at = $2 WHERE id = $1",
        ];
        for sql in statements {
            let values: Vec<sea_orm::Value> =
                if sql.contains("$2") { vec![business_id.into(), ms(now).into()] } else { vec![business_id.into()] };
            txn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
        }
        txn.commit().await?;
        Ok(())
    }
    /// The nightly retention run: the closed accounts whose period has passed
    /// (the rule is `cps_domain::retention::closed_account_step`) lose what
    /// closing kept of them: the company's name, numbers and address. Their
    /// invoices, with the buyer as printed on the frozen documents, orders,
    /// memberships and payments stay for the bookkeeping period. Returns how
    /// many accounts were anonymised.
    pub async fn apply_retention(&self, policy: RetentionPolicy, now: DateTime<Utc>) -> Result<usize> {
        let backend = self.conn().get_database_backend();
        #[derive(FromQueryResult)]
        struct Closed {
            id: i64,
            closed_at: i64,
        }
        let closed = Closed::find_by_statement(Statement::from_string(
            backend,
            "SELECT id, closed_at FROM businesses WHERE closed_at IS NOT NULL AND anonymised_at IS NULL ORDER BY id",
        ))
        .all(self.conn())
        .await?;
        let mut anonymised = 0;
        for &Closed { id, closed_at } in &closed {
            if closed_account_step(from_ms(closed_at).date_naive(), false, now.date_naive(), policy)
                != ClosedAccountStep::Anonymise
            {
                continue;
            }
            let txn = self.write().await?;
            // Guarded, so a second worker (or a re-run) changes nothing twice.
            let done = txn
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE businesses SET name = '', vat_number = NULL, org_number = NULL, street = '', \
                     postal_code = '', city = '', contact_name = '', old_email = NULL, old_email_verified_at = NULL, \
                     anonymised_at = $2 WHERE id = $1 AND closed_at IS NOT NULL AND anonymised_at IS NULL",
                    [id.into(), ms(now).into()],
                ))
                .await?
                .rows_affected();
            if done == 1 {
                // Anything that closing left behind by accident goes too.
                for sql in [
                    "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE business_id = $1)",
                    "DELETE FROM auth_tokens WHERE user_id IN (SELECT id FROM users WHERE business_id = $1)",
                    "DELETE FROM invitations WHERE business_id = $1",
                ] {
                    txn.execute_raw(Statement::from_sql_and_values(backend, sql, [id.into()])).await?;
                }
                anonymised += 1;
            }
            txn.commit().await?;
        }
        Ok(anonymised)
    }
}
