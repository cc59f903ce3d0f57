//! Registering a list of products (issue 16, "Ladda upp en lista"). The rows
//! are judged by `cps_domain::bulk_upload::check_rows` — the form's rules —
//! and registered by the same `insert_product` and invitation rule as one
//! product from the form, all rows in one transaction.
//!
//! Between the preview and the confirmation the rows wait server-side in
//! `product_uploads`, keyed by business and expiring after [`UPLOAD_TTL`]:
//! the confirmation names only the staged id, so nothing the browser sends
//! back can change what is registered, and no file has to travel twice
//! (a 5 000-row file would otherwise be uploaded again, or its rows put in
//! hidden fields the client could edit). The rows are checked again at
//! confirmation, against the catalogue and serials of that moment.

use crate::entity::product;
use crate::products::{Actor, SerialTaken, insert_product, item_from, maybe_invite};
use crate::{Result, Store, StoreError, ms};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use cps_domain::bulk_upload::{CheckedRow, Holder, UploadRow, check_rows, serials};
use cps_domain::catalogue::CatalogueItem;
use cps_domain::serial::SerialNumber;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement};
use std::collections::HashMap;

/// How long a previewed list can be confirmed.
pub const UPLOAD_TTL: Duration = Duration::hours(2);

/// A confirmed list: every row as judged at confirmation, with the id of the
/// product it registered (`None`: skipped, its problems say why).
#[derive(Debug, Clone)]
pub struct BulkOutcome {
    pub rows: Vec<(CheckedRow, Option<i64>)>,
}

impl BulkOutcome {
    pub fn registered(&self) -> usize {
        self.rows.iter().filter(|(_, id)| id.is_some()).count()
    }

    pub fn points(&self) -> i64 {
        self.rows.iter().filter(|(_, id)| id.is_some()).map(|(r, _)| r.points).sum()
    }
}

async fn active_catalogue_in<C: ConnectionTrait>(conn: &C) -> Result<Vec<CatalogueItem>> {
    crate::entity::catalogue_item::Entity::find()
        .filter(crate::entity::catalogue_item::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(item_from)
        .collect()
}

/// Who holds each of `serials` now (removed products hold none).
async fn holders_in<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    serials: &[SerialNumber],
) -> Result<HashMap<SerialNumber, Holder>> {
    let mut out = HashMap::new();
    for chunk in serials.chunks(500) {
        let found: Vec<(Option<String>, i64)> = product::Entity::find()
            .select_only()
            .column(product::Column::Serial)
            .column(product::Column::BusinessId)
            .filter(product::Column::Serial.is_in(chunk.iter().map(SerialNumber::as_str)))
            .into_tuple()
            .all(conn)
            .await?;
        for (serial, holder) in found {
            if let Some(s) = serial {
                let who = if holder == business_id { Holder::Us } else { Holder::Other };
                out.insert(SerialNumber::from_stored(s), who);
            }
        }
    }
    Ok(out)
}

async fn check_in<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    rows: &[UploadRow],
    today: NaiveDate,
    decline_on: bool,
) -> Result<Vec<CheckedRow>> {
    let catalogue = active_catalogue_in(conn).await?;
    let holders = holders_in(conn, business_id, &serials(rows)).await?;
    Ok(check_rows(rows, &catalogue, &holders, today, decline_on))
}

impl Store {
    /// Judges the rows of a list for the preview; writes nothing.
    pub async fn check_upload(
        &self,
        business_id: i64,
        rows: &[UploadRow],
        today: NaiveDate,
    ) -> Result<Vec<CheckedRow>> {
        check_in(self.conn(), business_id, rows, today, self.points_rules().decline).await
    }

    /// Keeps the rows of a previewed list for the business until confirmed
    /// or expired; expired lists of every business are dropped on the way.
    pub async fn stage_product_upload(
        &self,
        business_id: i64,
        user_id: i64,
        file_name: &str,
        rows: &[UploadRow],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let json = serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM product_uploads WHERE expires_at <= $1",
            [ms(now).into()],
        ))
        .await?;
        let id = crate::scalar(
            &txn,
            Statement::from_sql_and_values(
                backend,
                "INSERT INTO product_uploads (business_id, user_id, file_name, rows, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                [
                    business_id.into(),
                    user_id.into(),
                    file_name.into(),
                    json.into(),
                    ms(now).into(),
                    ms(now + UPLOAD_TTL).into(),
                ],
            ),
        )
        .await?
        .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        txn.commit().await?;
        Ok(id)
    }

    /// Registers every row of a staged list that is still valid, in one
    /// transaction with the ledger entries and the invitation rule; the list
    /// is used once. `None` when there is no such list for this business (or
    /// it expired, or was confirmed already).
    pub async fn register_upload(
        &self,
        business_id: i64,
        upload_id: i64,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<BulkOutcome>> {
        // A serial taken by another business between our check and our
        // insert (a race) aborts the transaction (PostgreSQL cannot go on
        // after the violation): start again, and the check then sees it.
        for _ in 0..3 {
            if let Some(done) = self.try_register_upload(business_id, upload_id, actor, now).await? {
                return Ok(done);
            }
        }
        Err(StoreError::Corrupt("a list kept meeting concurrent registrations of its serials".into()))
    }

    async fn try_register_upload(
        &self,
        business_id: i64,
        upload_id: i64,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<BulkOutcome>>> {
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let staged: Option<String> = crate::scalar(
            &txn,
            Statement::from_sql_and_values(
                backend,
                "SELECT rows FROM product_uploads WHERE id = $1 AND business_id = $2 AND expires_at > $3",
                [upload_id.into(), business_id.into(), ms(now).into()],
            ),
        )
        .await?;
        let Some(json) = staged else {
            return Ok(Some(None));
        };
        // Used once: of two concurrent confirmations, the one that deletes it goes on.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "DELETE FROM product_uploads WHERE id = $1 AND business_id = $2",
                [upload_id.into(), business_id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Some(None));
        }
        let rows: Vec<UploadRow> = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let checked = check_in(&txn, business_id, &rows, now.date_naive(), self.points_rules().decline).await?;
        let mut out = Vec::with_capacity(checked.len());
        for row in checked {
            let id = match (&row.item, &row.details) {
                (Some(item), Some(details)) if row.is_valid() => {
                    match insert_product(
                        &txn,
                        business_id,
                        item,
                        details,
                        "member",
                        None,
                        actor,
                        self.points_rules(),
                        now,
                    )
                    .await
                    {
                        Ok(inserted) => Some(inserted.id),
                        Err(f) => {
                            // Taken since the check (a race): start again.
                            let SerialTaken { .. } = f.refusal()?;
                            return Ok(None);
                        }
                    }
                }
                _ => None,
            };
            out.push((row, id));
        }
        maybe_invite(&txn, business_id, self.points_rules().invitation_threshold, now).await?;
        txn.commit().await?;
        Ok(Some(Some(BulkOutcome { rows: out })))
    }
}
