//! Staff on a business's move from the old CPS: its claim to the old
//! address, approved when the confirmation mail cannot reach it.

use super::{Audit, StaffActor, audit};
use crate::{Outcome, Store, ms, refuse};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde_json::json;

/// Why a claim to an old CPS address is not approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationClaimRefused {
    NoSuchBusiness,
    /// The business names no old CPS address.
    NoOldAddress,
    /// The address is proven already (by its link or by staff).
    AlreadyProven,
}

/// A business's old CPS address and whether it was proven.
#[derive(FromQueryResult)]
struct OldEmailRow {
    old_email: Option<String>,
    old_email_verified_at: Option<i64>,
}

impl Store {
    /// Staff accept a business's claim to its old CPS address when the
    /// confirmation mail cannot reach it (the address no longer exists):
    /// the blue button appears as if the link had been followed.
    pub async fn approve_migration_claim(
        &self,
        business_id: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Outcome<(), MigrationClaimRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(b) = OldEmailRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT old_email, old_email_verified_at FROM businesses WHERE id = $1",
            [business_id.into()],
        ))
        .one(&txn)
        .await?
        else {
            return refuse(MigrationClaimRefused::NoSuchBusiness);
        };
        let Some(old_email) = b.old_email else { return refuse(MigrationClaimRefused::NoOldAddress) };
        if b.old_email_verified_at.is_some() {
            return refuse(MigrationClaimRefused::AlreadyProven);
        }
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
        Ok(())
    }
}
