//! The persistent job queue. A job is inserted in the same transaction as the
//! change that causes it, so a committed change always has its job and a
//! rolled-back one never does. Workers claim due jobs with a lease: on
//! PostgreSQL with `FOR UPDATE SKIP LOCKED`, on SQLite under the single
//! writer lock. A job whose worker died is claimed again when its lease ends.

use crate::entity::job;
use crate::{Result, Store, from_ms, ms};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, Statement,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The kinds of job the worker knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    SendMail,
    /// The daily age-based decline of points (reschedules itself).
    DeclinePoints,
    /// Turn a confirmed order into its invoice.
    IssueInvoice,
    /// Charge a card invoice on its due date (and retries).
    ChargeInvoice,
    /// The daily check that suspends memberships unpaid past the grace period.
    Dunning,
    /// Check a business's VAT number with VIES (at sign-up, on a change,
    /// and again while VIES is unreachable).
    CheckVat,
    /// The nightly retention run: anonymises closed accounts past their period.
    Retention,
}

impl JobKind {
    /// Every kind, for labels and tests.
    pub const ALL: [JobKind; 7] = [
        JobKind::SendMail,
        JobKind::DeclinePoints,
        JobKind::IssueInvoice,
        JobKind::ChargeInvoice,
        JobKind::Dunning,
        JobKind::CheckVat,
        JobKind::Retention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::SendMail => "send_mail",
            JobKind::DeclinePoints => "decline_points",
            JobKind::IssueInvoice => "issue_invoice",
            JobKind::ChargeInvoice => "charge_invoice",
            JobKind::Dunning => "dunning",
            JobKind::CheckVat => "check_vat",
            JobKind::Retention => "retention",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        match s {
            "send_mail" => Some(JobKind::SendMail),
            "decline_points" => Some(JobKind::DeclinePoints),
            "issue_invoice" => Some(JobKind::IssueInvoice),
            "charge_invoice" => Some(JobKind::ChargeInvoice),
            "dunning" => Some(JobKind::Dunning),
            "check_vat" => Some(JobKind::CheckVat),
            "retention" => Some(JobKind::Retention),
            _ => None,
        }
    }

    fn max_attempts(self) -> i32 {
        match self {
            JobKind::SendMail => 10,
            JobKind::DeclinePoints => 5,
            JobKind::IssueInvoice => 20,
            JobKind::ChargeInvoice => 20,
            JobKind::Dunning => 5,
            // Backoff reaches 6 hours: about four days of VIES outage.
            JobKind::CheckVat => 25,
            JobKind::Retention => 5,
        }
    }
}

/// A job's payload: one struct per kind, written as JSON in the caller's
/// transaction and read back by the worker's handler for that kind.
pub trait BackgroundJob: Serialize + DeserializeOwned {
    const KIND: JobKind;
}

impl BackgroundJob for cps_domain::mail::Mail {
    const KIND: JobKind = JobKind::SendMail;
}

/// Turn a confirmed order into its invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueInvoice {
    pub order_id: i64,
}

impl BackgroundJob for IssueInvoice {
    const KIND: JobKind = JobKind::IssueInvoice;
}

/// Charge a card invoice (on its due date, and the retries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeInvoice {
    pub invoice_id: i64,
}

impl BackgroundJob for ChargeInvoice {
    const KIND: JobKind = JobKind::ChargeInvoice;
}

/// Check a business's VAT number with VIES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckVat {
    pub business_id: i64,
}

impl BackgroundJob for CheckVat {
    const KIND: JobKind = JobKind::CheckVat;
}

/// The nightly age-based decline of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclinePoints;

impl BackgroundJob for DeclinePoints {
    const KIND: JobKind = JobKind::DeclinePoints;
}

/// The nightly reminders and suspensions of unpaid memberships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dunning;

impl BackgroundJob for Dunning {
    const KIND: JobKind = JobKind::Dunning;
}

/// The nightly retention run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention;

impl BackgroundJob for Retention {
    const KIND: JobKind = JobKind::Retention;
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
}

impl Job {
    /// The kind, when this binary knows it (a newer one may have queued it).
    pub fn kind(&self) -> Option<JobKind> {
        JobKind::parse(&self.kind)
    }

    /// The payload as the job of its kind.
    pub fn payload<J: BackgroundJob>(&self) -> Result<J> {
        serde_json::from_str(&self.payload)
            .map_err(|e| crate::StoreError::Corrupt(format!("job {} ({}): {e}", self.id, self.kind)))
    }
}

/// Queues a job on its own (not inside another change).
pub async fn enqueue_in<J: BackgroundJob>(
    store: &Store,
    job: &J,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    enqueue(store.conn(), job, run_at, now).await
}

/// Queues a job inside the caller's transaction.
pub(crate) async fn enqueue<C: ConnectionTrait, J: BackgroundJob>(
    conn: &C,
    job: &J,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let kind = J::KIND;
    let payload = serde_json::to_string(job).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    job::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        payload: Set(payload),
        run_at: Set(ms(run_at)),
        attempts: Set(0),
        max_attempts: Set(kind.max_attempts()),
        locked_until: Set(None),
        last_error: Set(None),
        failed_at: Set(None),
        created_at: Set(ms(now)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Counts of the queue, for staff and for tests that check nothing is left behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueCounts {
    pub pending: u64,
    pub failed: u64,
}

impl Store {
    /// Queues `job` unless one of its kind is already pending (for recurring jobs).
    pub async fn ensure_job<J: BackgroundJob>(
        &self,
        job: &J,
        run_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let txn = self.write().await?;
        let pending = job::Entity::find()
            .filter(job::Column::Kind.eq(J::KIND.as_str()))
            .filter(job::Column::FailedAt.is_null())
            .count(&txn)
            .await?;
        if pending == 0 {
            enqueue(&txn, job, run_at, now).await?;
        }
        txn.commit().await?;
        Ok(pending == 0)
    }

    /// Queues the next daily decline run (called by the running one).
    pub async fn schedule_next_decline(&self, run_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
        enqueue(self.conn(), &DeclinePoints, run_at, now).await
    }

    /// Claims up to `limit` due jobs for `lease`; each claim counts as an attempt.
    pub async fn claim_jobs(&self, now: DateTime<Utc>, lease: Duration, limit: u32) -> Result<Vec<Job>> {
        let backend = self.conn().get_database_backend();
        let lock = if backend == DbBackend::Postgres { "FOR UPDATE SKIP LOCKED" } else { "" };
        let sql = format!(
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= $2 \
               AND (locked_until IS NULL OR locked_until <= $2) ORDER BY run_at, id LIMIT $3 {lock}) \
             RETURNING id, kind, payload, attempts, max_attempts, run_at"
        );
        let txn = self.write().await?;
        #[derive(FromQueryResult)]
        struct Claimed {
            id: i64,
            kind: String,
            payload: String,
            attempts: i32,
            max_attempts: i32,
            run_at: i64,
        }
        let rows = Claimed::find_by_statement(Statement::from_sql_and_values(
            backend,
            sql,
            [ms(now + lease).into(), ms(now).into(), i64::from(limit).into()],
        ))
        .all(&txn)
        .await?;
        txn.commit().await?;
        let mut jobs = Vec::with_capacity(rows.len());
        for row in rows {
            jobs.push(Job {
                id: row.id,
                kind: row.kind,
                payload: row.payload,
                attempts: row.attempts,
                max_attempts: row.max_attempts,
                run_at: from_ms(row.run_at),
            });
        }
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }

    /// A finished job is deleted: its payload (which may hold a one-time
    /// token) does not outlive it.
    pub async fn complete_job(&self, id: i64) -> Result<()> {
        job::Entity::delete_by_id(id).exec(self.conn()).await?;
        Ok(())
    }

    /// Records a failure: the job runs again at `retry_at`, or is parked as
    /// failed for staff when it has no attempts left.
    pub async fn fail_job(&self, job: &Job, error: &str, now: DateTime<Utc>, retry_at: DateTime<Utc>) -> Result<()> {
        let give_up = job.attempts >= job.max_attempts;
        let error: String = error.chars().take(2000).collect();
        job::ActiveModel {
            id: Set(job.id),
            locked_until: Set(None),
            last_error: Set(Some(error)),
            run_at: Set(ms(retry_at)),
            failed_at: Set(give_up.then_some(ms(now))),
            ..Default::default()
        }
        .update(self.conn())
        .await?;
        Ok(())
    }

    pub async fn queue_counts(&self) -> Result<QueueCounts> {
        let pending = job::Entity::find().filter(job::Column::FailedAt.is_null()).count(self.conn()).await?;
        let failed = job::Entity::find().filter(job::Column::FailedAt.is_not_null()).count(self.conn()).await?;
        Ok(QueueCounts { pending, failed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(kind: JobKind, payload: &str) -> Job {
        let (kind, payload) = (kind.as_str().to_owned(), payload.to_owned());
        Job { id: 1, kind, payload, attempts: 1, max_attempts: 5, run_at: DateTime::UNIX_EPOCH }
    }

    /// Jobs queued by an earlier binary (as `json!({...})` payloads) read
    /// back as the typed jobs, and the typed jobs are written the same way.
    #[test]
    fn payloads_read_as_their_kind_as_they_were_stored_before() {
        let charge: ChargeInvoice = job(JobKind::ChargeInvoice, r#"{"invoice_id":7}"#).payload().unwrap();
        assert_eq!(charge, ChargeInvoice { invoice_id: 7 });
        let issue: IssueInvoice = job(JobKind::IssueInvoice, r#"{"order_id":3}"#).payload().unwrap();
        assert_eq!(issue, IssueInvoice { order_id: 3 });
        let vat: CheckVat = job(JobKind::CheckVat, r#"{"business_id":9}"#).payload().unwrap();
        assert_eq!(vat, CheckVat { business_id: 9 });
        let _: DeclinePoints = job(JobKind::DeclinePoints, "null").payload().unwrap();
        assert_eq!(serde_json::to_string(&Dunning).unwrap(), "null");
        assert_eq!(serde_json::to_string(&ChargeInvoice { invoice_id: 7 }).unwrap(), r#"{"invoice_id":7}"#);
        assert!(job(JobKind::ChargeInvoice, r#"{"order_id":7}"#).payload::<ChargeInvoice>().is_err());
        assert_eq!(job(JobKind::Retention, "null").kind(), Some(JobKind::Retention));
        assert_eq!(Job { kind: "from_a_newer_binary".into(), ..job(JobKind::Dunning, "null") }.kind(), None);
    }
}
