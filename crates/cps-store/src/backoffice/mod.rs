//! What staff do to a business's data. Each action and its audit entry are
//! one transaction: there is no change without its record, and no record of
//! a change that did not happen.
//!
//! One module per aggregate staff act on: [`billing`] (invoices, credit notes,
//! bank payments), [`products`] (points, disputed serials), [`legacy`] (the
//! old CPS address), [`support`] (tickets), [`jobs`] (the queue) and
//! [`catalogue`] (uploaded catalogue and tier files). Every action writes its
//! audit entry through the one shared [`audit`] helper; statuses in its
//! before/after are the stored words of the typed statuses. Rows are read
//! into `FromQueryResult` structs and turned into the public types here.

mod billing;
mod catalogue;
mod jobs;
mod legacy;
mod products;
mod support;

pub use billing::{
    CreditRefused, InvoiceFilter, InvoiceRow, MarkPaidRefused, PaymentRefused, PaymentResolution, UnmatchedPayment,
};
pub use catalogue::{Applied, UploadKind, UploadRefused};
pub use jobs::JobRow;
pub use legacy::MigrationClaimRefused;
pub use products::{AdjustRefused, SerialRefused, SerialResolution};
pub use support::{ReplyRefused, TicketSummary};

/// The one way an action here records itself (see `crate::staff::audit`).
use crate::staff::{Audit, StaffActor, audit};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use cps_domain::mail::MailTemplate;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};

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
    pub role: cps_domain::mail::Role,
    pub active: bool,
}

#[derive(FromQueryResult)]
struct BusinessHitRow {
    id: i64,
    name: String,
    vat_number: Option<String>,
    country: String,
    closed_at: Option<i64>,
}

impl From<BusinessHitRow> for BusinessHit {
    fn from(r: BusinessHitRow) -> Self {
        BusinessHit {
            id: r.id,
            name: r.name,
            vat_number: r.vat_number,
            country: r.country,
            closed: r.closed_at.is_some(),
        }
    }
}

#[derive(FromQueryResult)]
struct BusinessUserRow {
    id: i64,
    email: String,
    role: String,
    email_verified_at: Option<i64>,
}

impl TryFrom<BusinessUserRow> for BusinessUser {
    type Error = StoreError;

    fn try_from(r: BusinessUserRow) -> Result<Self> {
        let role = crate::parsed("user role", &r.role, cps_domain::mail::Role::parse)?;
        Ok(BusinessUser { id: r.id, email: r.email, role, active: r.email_verified_at.is_some() })
    }
}

/// A row's id: a lookup, or what an `INSERT … RETURNING id` gives back.
#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

/// A list's `LIMIT` as a bound value.
fn limit_value(limit: u64) -> Value {
    Value::BigInt(Some(i64::try_from(limit).unwrap_or(100)))
}

async fn mail_business<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    template: MailTemplate,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::payments::owners_mail(conn, business_id, template, now).await
}

async fn business_exists<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<bool> {
    Ok(IdRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT id FROM businesses WHERE id = $1",
        [business_id.into()],
    ))
    .one(conn)
    .await?
    .is_some())
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
        let rows = BusinessHitRow::find_by_statement(Statement::from_sql_and_values(
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
                limit_value(limit),
            ],
        ))
        .all(self.conn())
        .await?;
        Ok(rows.into_iter().map(BusinessHit::from).collect())
    }

    /// The users of a business, owners first.
    pub async fn business_users(&self, business_id: i64) -> Result<Vec<BusinessUser>> {
        let rows = BusinessUserRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id, email, role, email_verified_at FROM users WHERE business_id = $1 ORDER BY role DESC, email",
            [business_id.into()],
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(BusinessUser::try_from).collect()
    }
}
