//! The job queue as staff see it: what waits, what failed, another try.

use super::{Audit, StaffActor, limit_value};
use crate::{Result, Store, from_ms, ms};
use chrono::{DateTime, Utc};
use sea_orm::{FromQueryResult, Statement};
use serde_json::json;

/// A job as the queue shows it. The kind stays the stored text: a kind this
/// build does not know (left by a newer version) is still listed.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub run_at: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub failed: bool,
}

#[derive(FromQueryResult)]
struct StoredJobRow {
    id: i64,
    kind: String,
    run_at: i64,
    attempts: i32,
    last_error: Option<String>,
    failed_at: Option<i64>,
}

impl From<StoredJobRow> for JobRow {
    fn from(r: StoredJobRow) -> Self {
        JobRow {
            id: r.id,
            kind: r.kind,
            run_at: from_ms(r.run_at),
            attempts: r.attempts,
            last_error: r.last_error,
            failed: r.failed_at.is_some(),
        }
    }
}

impl Store {
    /// Failed jobs (given up after their retries) and the pending queue.
    pub async fn jobs_overview(&self, failed: bool, limit: u64) -> Result<Vec<JobRow>> {
        let rows = StoredJobRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id, kind, run_at, attempts, last_error, failed_at FROM jobs \
             WHERE (failed_at IS NOT NULL) = $1 ORDER BY run_at LIMIT $2",
            [failed.into(), limit_value(limit)],
        ))
        .all(self.conn())
        .await?;
        Ok(rows.into_iter().map(JobRow::from).collect())
    }

    /// Gives a failed job another round of attempts, now.
    pub async fn retry_job(&self, job_id: i64, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let a = Audit {
            actor: by,
            action: "job.retry",
            target: format!("job:{job_id}"),
            before: Some(json!({ "failed": true })),
            after: Some(json!({ "failed": false })),
            reason: None,
        };
        self.update_audited(
            "UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = $1, locked_until = NULL WHERE id = $2 AND failed_at IS NOT NULL",
            vec![ms(now).into(), job_id.into()],
            a,
            now,
        )
        .await
    }
}
