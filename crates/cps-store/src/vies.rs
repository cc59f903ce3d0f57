//! The last VIES answer about each business's VAT number (one row per
//! business), and the re-checks queued when VIES could not be reached.
//! The rule that uses them is `cps_domain::vies`.

use crate::jobs::{CheckVat, enqueue};
use crate::{Result, Store, StoreError, ms};
use chrono::{DateTime, Utc};
use cps_domain::vies::ViesRecord;
use sea_orm::{ConnectionTrait, Statement};

/// What a VIES check made in a request (sign-up, changed company details)
/// came to, stored with the change it belongs to.
#[derive(Debug, Clone)]
pub enum VatCheck {
    Answered(ViesRecord),
    /// No answer: a re-check is queued.
    Unreachable,
}

pub(crate) async fn apply_check<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    check: &VatCheck,
    now: DateTime<Utc>,
) -> Result<()> {
    match check {
        VatCheck::Answered(record) => save_record(conn, business_id, record).await,
        VatCheck::Unreachable => queue_check(conn, business_id, now + chrono::Duration::minutes(10), now).await,
    }
}

async fn save_record<C: ConnectionTrait>(conn: &C, business_id: i64, record: &ViesRecord) -> Result<()> {
    let json = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO vies_checks (business_id, vat_number, valid, record, checked_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (business_id) DO UPDATE SET vat_number = excluded.vat_number, valid = excluded.valid, \
         record = excluded.record, checked_at = excluded.checked_at",
        [
            business_id.into(),
            record.vat_number.clone().into(),
            record.valid.into(),
            json.into(),
            ms(record.checked_at).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// What a VIES check is about: a business's country and VAT number.
#[derive(Debug, Clone)]
pub struct VatSubject {
    pub business_id: i64,
    pub country: cps_domain::Country,
    pub vat_number: Option<String>,
}

pub(crate) async fn last_record<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<Option<ViesRecord>> {
    let record: Option<String> = crate::scalar(
        conn,
        Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT record FROM vies_checks WHERE business_id = $1",
            [business_id.into()],
        ),
    )
    .await?;
    record
        .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("vies record: {e}"))))
        .transpose()
}

/// Whether the business's current VAT number is one VIES confirmed (the
/// last answer kept, for the same number).
pub(crate) async fn confirmed_in<C: ConnectionTrait>(conn: &C, business_id: i64, vat: Option<&str>) -> Result<bool> {
    let Some(vat) = vat else { return Ok(false) };
    Ok(cps_domain::vies::basis(vat, None, last_record(conn, business_id).await?.as_ref()).is_some())
}

/// Queues a VIES check of the business's VAT number (the worker decides
/// whether the number needs one).
pub(crate) async fn queue_check<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    enqueue(conn, &CheckVat { business_id }, run_at, now).await
}

impl Store {
    pub async fn vies_record(&self, business_id: i64) -> Result<Option<ViesRecord>> {
        last_record(self.conn(), business_id).await
    }

    /// Keeps VIES's answer as the business's last one.
    pub async fn save_vies_record(&self, business_id: i64, record: &ViesRecord) -> Result<()> {
        save_record(self.conn(), business_id, record).await
    }

    /// A re-check of the business's VAT number, for when VIES was unreachable.
    pub async fn queue_vies_check(&self, business_id: i64, run_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
        queue_check(self.conn(), business_id, run_at, now).await
    }

    /// The business whose VAT number a check is about.
    pub async fn vat_subject(&self, business_id: i64) -> Result<Option<VatSubject>> {
        Ok(self.business(business_id).await?.map(|b| VatSubject {
            business_id,
            country: b.company.country,
            vat_number: b.company.vat_number.map(|v| v.as_str().to_owned()),
        }))
    }

    /// The business an order is for.
    pub async fn order_business(&self, order_id: i64) -> Result<Option<i64>> {
        let stmt = Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT business_id FROM orders WHERE id = $1",
            [order_id.into()],
        );
        crate::scalar(self.conn(), stmt).await
    }
}
