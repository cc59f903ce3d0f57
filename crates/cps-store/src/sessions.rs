//! Server-side sessions and login throttling data. The cookie holds a random
//! id; the table holds only its SHA-256, so a leaked database opens no session.

use crate::entity::session;
use crate::{Result, Store, ms};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

/// How long sessions live: idle and absolute limits (ASVS 5.0 V7.3).
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: Duration,
    pub absolute: Duration,
}

/// The key login failures are counted under: the hash of the address as
/// typed (trimmed, lower-cased), whether or not it belongs to an account.
pub fn email_key(typed: &str) -> String {
    crate::tokens::hash(&typed.trim().to_lowercase())
}

/// Only touch `last_seen_at` when it is older than this, to spare a write per request.
const TOUCH_EVERY: Duration = Duration::seconds(60);

impl Store {
    /// The user of a live session; an expired one is deleted on sight.
    pub async fn session_user(&self, id_hash: &str, now: DateTime<Utc>, limits: SessionLimits) -> Result<Option<i64>> {
        let Some(s) = session::Entity::find_by_id(id_hash.to_owned()).one(self.conn()).await? else {
            return Ok(None);
        };
        let now_ms = ms(now);
        if now_ms - s.last_seen_at > limits.idle.num_milliseconds()
            || now_ms - s.created_at > limits.absolute.num_milliseconds()
        {
            self.delete_session(id_hash).await?;
            return Ok(None);
        }
        if now_ms - s.last_seen_at > TOUCH_EVERY.num_milliseconds() {
            session::ActiveModel { id_hash: Set(s.id_hash), last_seen_at: Set(now_ms), ..Default::default() }
                .update(self.conn())
                .await?;
        }
        Ok(Some(s.user_id))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        session::Entity::delete_by_id(id_hash.to_owned()).exec(self.conn()).await?;
        Ok(())
    }

    pub async fn count_sessions(&self, user_id: i64) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(session::Entity::find().filter(session::Column::UserId.eq(user_id)).count(self.conn()).await?)
    }

    /// Failed logins for a (hashed, normalised) email within the window:
    /// how many, and when the newest was.
    pub async fn login_failures(&self, email_key: &str, since: DateTime<Utc>) -> Result<(u32, Option<DateTime<Utc>>)> {
        let backend = self.conn().get_database_backend();
        let row = self
            .conn()
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE email_key = $1 AND at > $2",
                [email_key.into(), ms(since).into()],
            ))
            .await?;
        let Some(row) = row else { return Ok((0, None)) };
        let n: i64 = row.try_get("", "n")?;
        let last: Option<i64> = row.try_get("", "last")?;
        Ok((u32::try_from(n).unwrap_or(u32::MAX), last.map(crate::from_ms)))
    }

    pub async fn record_login_failure(&self, email_key: &str, now: DateTime<Utc>, keep: Duration) -> Result<()> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO login_failures (email_key, at) VALUES ($1, $2)",
            [email_key.into(), ms(now).into()],
        ))
        .await?;
        // Old failures no longer count for anything.
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM login_failures WHERE email_key = $1 AND at <= $2",
            [email_key.into(), ms(now - keep).into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub(crate) async fn clear_login_failures<C: ConnectionTrait>(conn: &C, email_key: &str) -> Result<()> {
        let backend = conn.get_database_backend();
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM login_failures WHERE email_key = $1",
            [email_key.into()],
        ))
        .await?;
        Ok(())
    }

    /// A successful login: failures are forgotten and a new session starts.
    pub async fn start_session(&self, email_key: &str, id_hash: &str, user_id: i64, now: DateTime<Utc>) -> Result<()> {
        let txn = self.write().await?;
        Store::clear_login_failures(&txn, email_key).await?;
        session::ActiveModel {
            id_hash: Set(id_hash.to_owned()),
            user_id: Set(user_id),
            created_at: Set(ms(now)),
            last_seen_at: Set(ms(now)),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

pub(crate) async fn delete_user_sessions<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<()> {
    session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(conn).await?;
    Ok(())
}
