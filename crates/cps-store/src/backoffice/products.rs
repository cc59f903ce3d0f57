//! Staff on a business's products and points: a points adjustment, and the
//! decision on a serial number two businesses claim.

use super::{Audit, StaffActor, audit, business_exists, mail_business};
use crate::products::{Actor, add_entry, held_by, maybe_invite};
use crate::{Outcome, Store, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::mail::{MailTemplate, SerialDecision};
use cps_domain::points::EntryKind;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde_json::json;

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

/// Why a points adjustment is not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustRefused {
    NoSuchBusiness,
}

/// Why a decision on a disputed serial number is not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialRefused {
    /// No registered product has that serial number (or it is not one).
    UnknownSerial,
    /// The claimant holds it already: there is no dispute.
    HeldByClaimant,
    /// The claimant business does not exist.
    NoSuchClaimant,
    /// Another decision on the same serial moved or removed it meanwhile.
    DecidedMeanwhile,
}

/// A registered product and the business that holds it.
#[derive(FromQueryResult)]
struct HolderRow {
    id: i64,
    business_id: i64,
}

impl Store {
    /// A points adjustment with its reason: a ledger entry the member sees
    /// in their history, and an audit entry with the balance before and after.
    pub async fn staff_adjust_points(
        &self,
        business_id: i64,
        amount: i64,
        reason: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Outcome<(), AdjustRefused> {
        let txn = self.write().await?;
        if !business_exists(&txn, business_id).await? {
            return refuse(AdjustRefused::NoSuchBusiness);
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
        Ok(())
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
    ) -> Outcome<(), SerialRefused> {
        let backend = self.conn().get_database_backend();
        let Some(serial) = cps_domain::serial::SerialNumber::normalise(serial) else {
            return refuse(SerialRefused::UnknownSerial);
        };
        let txn = self.write().await?;
        let Some(HolderRow { id: product_id, business_id: holder }) =
            HolderRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "SELECT id, business_id FROM products WHERE serial = $1 AND removed_at IS NULL",
                [serial.as_str().into()],
            ))
            .one(&txn)
            .await?
        else {
            return refuse(SerialRefused::UnknownSerial);
        };
        if holder == claimant {
            return refuse(SerialRefused::HeldByClaimant);
        }
        if !business_exists(&txn, claimant).await? {
            return refuse(SerialRefused::NoSuchClaimant);
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
            return refuse(SerialRefused::DecidedMeanwhile);
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
        Ok(())
    }
}
