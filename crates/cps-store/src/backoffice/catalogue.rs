//! Catalogue and tier files uploaded by staff: checked, staged, shown, then
//! applied from the same staged bytes with their audit entry.

use super::{Audit, IdRow, StaffActor, audit};
use crate::{Outcome, Result, Store, StoreError, ms, refuse};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde_json::json;

/// What an uploaded file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    Catalogue(crate::catalogue::ImportMode),
    Tiers,
}

impl UploadKind {
    fn as_str(self) -> &'static str {
        match self {
            UploadKind::Catalogue(crate::catalogue::ImportMode::Extend) => "catalogue",
            UploadKind::Catalogue(crate::catalogue::ImportMode::Replace) => "catalogue-replace",
            UploadKind::Tiers => "tiers",
        }
    }

    fn parse(s: &str) -> Option<UploadKind> {
        match s {
            "catalogue" => Some(UploadKind::Catalogue(crate::catalogue::ImportMode::Extend)),
            "catalogue-replace" => Some(UploadKind::Catalogue(crate::catalogue::ImportMode::Replace)),
            "tiers" => Some(UploadKind::Tiers),
            _ => None,
        }
    }
}

/// What applying an upload did.
#[derive(Debug, Clone)]
pub enum Applied {
    Catalogue(crate::catalogue::CatalogueReport),
    Tiers { before: Vec<String>, after: Vec<String> },
}

/// Why a staged upload is not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefused {
    /// Nothing is staged under that id: never staged, or applied already
    /// (a staged file is used once; of two concurrent applies one wins).
    NotStaged,
    /// The staged file is for nothing this version knows.
    UnknownKind,
    /// The staged file no longer reads as the catalogue or tier file it was
    /// checked as.
    Unreadable,
}

/// A staged file as kept.
#[derive(FromQueryResult)]
struct StagedRow {
    kind: String,
    content: String,
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

impl Store {
    /// Keeps a validated upload until it is applied (or forgotten).
    pub async fn stage_upload(
        &self,
        kind: UploadKind,
        content: &str,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let txn = self.write().await?;
        let row = IdRow::find_by_statement(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO staged_uploads (kind, content, staff_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            [kind.as_str().into(), content.into(), by.id.into(), ms(now).into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("no id".into()))?;
        txn.commit().await?;
        Ok(row.id)
    }

    pub async fn staged_upload(&self, id: i64) -> Result<Option<(UploadKind, String)>> {
        let row = StagedRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT kind, content FROM staged_uploads WHERE id = $1",
            [id.into()],
        ))
        .one(self.conn())
        .await?;
        Ok(row.and_then(|r| UploadKind::parse(&r.kind).map(|k| (k, r.content))))
    }

    /// Applies a staged upload in one transaction with its audit entry; the
    /// staged file is used once.
    pub async fn apply_upload(&self, id: i64, by: &StaffActor, now: DateTime<Utc>) -> Outcome<Applied, UploadRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(StagedRow { kind, content }) = StagedRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT kind, content FROM staged_uploads WHERE id = $1",
            [id.into()],
        ))
        .one(&txn)
        .await?
        else {
            return refuse(UploadRefused::NotStaged);
        };
        let Some(kind) = UploadKind::parse(&kind) else { return refuse(UploadRefused::UnknownKind) };
        // Used once: of two concurrent applies, the one that deletes it goes on.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "DELETE FROM staged_uploads WHERE id = $1",
                [id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return refuse(UploadRefused::NotStaged);
        }
        let (applied, action) = match kind {
            UploadKind::Catalogue(mode) => {
                let Ok(items) = cps_domain::catalogue::parse_catalogue(&content) else {
                    return refuse(UploadRefused::Unreadable);
                };
                let report = crate::catalogue::import_catalogue_in(&txn, &items, mode, now).await?;
                (Applied::Catalogue(report), "catalogue.import")
            }
            UploadKind::Tiers => {
                let Ok(tiers) = cps_domain::tiers::parse_tiers(&content) else {
                    return refuse(UploadRefused::Unreadable);
                };
                let before = crate::memberships::tiers_in(&txn).await?.into_iter().map(|t| t.code).collect();
                crate::memberships::import_tiers_in(&txn, &tiers, now).await?;
                (Applied::Tiers { before, after: tiers.into_iter().map(|t| t.code).collect() }, "tiers.import")
            }
        };
        let summary = match &applied {
            Applied::Catalogue(r) => json!({
                "added": r.added, "changed": r.changed, "withdrawn": r.withdrawn, "unchanged": r.unchanged,
                "mode": kind.as_str(),
            }),
            Applied::Tiers { after, .. } => json!({ "tiers": after }),
        };
        let before = match &applied {
            Applied::Tiers { before, .. } => Some(json!({ "tiers": before })),
            Applied::Catalogue(_) => None,
        };
        let mut after = summary;
        after["sha256"] = json!(sha256_hex(&content));
        let a = Audit { actor: by, action, target: format!("upload:{id}"), before, after: Some(after), reason: None };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        // This node sees the new file at once; the others within reference::CHECK_EVERY.
        self.cache.forget();
        Ok(applied)
    }
}
