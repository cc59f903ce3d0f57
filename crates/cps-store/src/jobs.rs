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
use serde::Serialize;

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

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
}

/// Queues a job inside the caller's transaction.
pub async fn enqueue_in<P: Serialize>(
    store: &Store,
    kind: JobKind,
    payload: &P,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    enqueue(store.conn(), kind, payload, run_at, now).await
}

pub(crate) async fn enqueue<C: ConnectionTrait, P: Serialize>(
    conn: &C,
    kind: JobKind,
    payload: &P,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let payload = serde_json::to_string(payload).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
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
    /// Queues a job of `kind` unless one is already pending (for recurring jobs).
    pub async fn ensure_job(&self, kind: JobKind, run_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool> {
        let txn = self.write().await?;
        let pending = job::Entity::find()
            .filter(job::Column::Kind.eq(kind.as_str()))
            .filter(job::Column::FailedAt.is_null())
            .count(&txn)
            .await?;
        if pending == 0 {
            enqueue(&txn, kind, &serde_json::Value::Null, run_at, now).await?;
        }
        txn.commit().await?;
        Ok(pending == 0)
    }

    /// Queues the next daily decline run (called by the running one).
    pub async fn schedule_next_decline(&self, run_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
        enqueue(self.conn(), JobKind::DeclinePoints, &serde_json::Value::Null, run_at, now).await
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
