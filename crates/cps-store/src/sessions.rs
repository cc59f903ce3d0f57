//! Server-side sessions and login throttling data. The cookie holds a random
//! id; the table holds only its SHA-256, so a leaked database opens no session.
//! Login failures are kept per account key and source (see
//! `cps_domain::throttle`).

use crate::entity::session;
use crate::{Outcome, Result, Store, ms, refuse};
use chrono::{DateTime, Duration, Utc};
use cps_domain::throttle::{AttemptSource, Failures, LoginGate, ThrottlePolicy};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, Statement,
};

/// How long sessions live: idle and absolute limits (ASVS 5.0 V7.3).
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: Duration,
    pub absolute: Duration,
}

/// The key a member's login failures are counted under: the hash of the
/// address as typed (trimmed, lower-cased), whether or not it belongs to an
/// account.
pub fn email_key(typed: &str) -> String {
    crate::tokens::hash(&typed.trim().to_lowercase())
}

/// The key of a staff address: apart from a member's with the same address.
pub fn staff_key(typed: &str) -> String {
    email_key(&format!("staff:{}", typed.trim()))
}

/// Why an attempt was not let through: too many failures from its source;
/// the next may come at `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottled {
    pub until: DateTime<Utc>,
}

/// Only touch `last_seen_at` when it is older than this, to spare a write per request.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// What every page of a logged-in member needs: the user, and whether the
/// business is invited and holds a current membership.
#[derive(Debug, Clone)]
pub struct MemberContext {
    pub user: crate::accounts::User,
    /// The business has crossed the invitation threshold.
    pub invited: bool,
    /// The business is invited and has a current membership.
    pub member: bool,
    /// The business's country (its currency and VAT).
    pub country: cps_domain::Country,
    /// The version of the business's data when the request began (see
    /// [`crate::member_cache`]).
    pub data_version: i64,
}

/// The session, its user, the user's business and whether it holds a
/// current membership, in one statement (no transaction: a single SELECT
/// sees one snapshot on both backends). Nothing of it is cached, so a
/// logout, a password change (which deletes the sessions) or a role change
/// on any node holds on every node from the next request. The business's
/// data version comes with it, so the page's data can be taken from memory
/// when nothing of the business changed since it was read.
const MEMBER_CONTEXT: &str = "SELECT s.user_id, s.created_at, s.last_seen_at, \
       u.business_id, u.email, u.role, u.language, u.password_hash IS NOT NULL AS activated, \
       b.invited_at IS NOT NULL AS invited, b.country, b.data_version, \
       EXISTS (SELECT 1 FROM memberships m WHERE m.business_id = u.business_id AND m.status = 'active' \
               AND m.starts_on <= $2 AND m.ends_on >= $2) AS member \
     FROM sessions s JOIN users u ON u.id = s.user_id JOIN businesses b ON b.id = u.business_id \
     WHERE s.id_hash = $1";

/// A row of [`MEMBER_CONTEXT`].
#[derive(FromQueryResult)]
struct MemberContextRow {
    user_id: i64,
    created_at: i64,
    last_seen_at: i64,
    business_id: i64,
    email: String,
    role: String,
    language: String,
    activated: bool,
    invited: bool,
    member: bool,
    country: String,
    data_version: i64,
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

/// A count of login failures and the time of the last one.
#[derive(FromQueryResult)]
struct FailuresRow {
    n: i64,
    last: Option<i64>,
}

impl Store {
    /// The member of a live session with the rest of a page's context, in
    /// one query (see [`MEMBER_CONTEXT`]); an expired session is deleted on
    /// sight.
    pub async fn member_context(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> Result<Option<MemberContext>> {
        let backend = self.conn().get_database_backend();
        let today = now.date_naive().format("%Y-%m-%d").to_string();
        let Some(row) = MemberContextRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            MEMBER_CONTEXT,
            [id_hash.into(), today.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let now_ms = ms(now);
        if now_ms - row.last_seen_at > limits.idle.num_milliseconds()
            || now_ms - row.created_at > limits.absolute.num_milliseconds()
        {
            self.delete_session(id_hash).await?;
            return Ok(None);
        }
        if now_ms - row.last_seen_at > TOUCH_EVERY.num_milliseconds() {
            session::ActiveModel { id_hash: Set(id_hash.to_owned()), last_seen_at: Set(now_ms), ..Default::default() }
                .update(self.conn())
                .await?;
        }
        let user = crate::accounts::user_from(crate::entity::user::Model {
            id: row.user_id,
            business_id: row.business_id,
            email: row.email,
            password_hash: None,
            role: row.role,
            language: row.language,
            email_verified_at: None,
            created_at: 0,
        })?;
        let user = crate::accounts::User { activated: row.activated, ..user };
        let country = crate::parsed("country", &row.country, |c| cps_domain::Country::parse(c).ok())?;
        Ok(Some(MemberContext {
            user,
            invited: row.invited,
            member: row.invited && row.member,
            country,
            data_version: row.data_version,
        }))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        session::Entity::delete_by_id(id_hash.to_owned()).exec(self.conn()).await?;
        Ok(())
    }

    pub async fn count_sessions(&self, user_id: i64) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(session::Entity::find().filter(session::Column::UserId.eq(user_id)).count(self.conn()).await?)
    }

    /// Counts an attempt before its password is checked: under a lock on
    /// the account's key (SQLite: the write lock; PostgreSQL: an advisory
    /// lock), the failures of this source (and, for a source without a
    /// device cookie, of all such sources) are weighed by the policy, and
    /// when the gate is open a failure is written at once. Concurrent
    /// attempts therefore count each other. The caller forgets it with
    /// [`Store::login_succeeded`] when the password was right. Gives the
    /// attempt's id, or refuses with the time to wait until.
    pub async fn reserve_login_attempt(
        &self,
        account_key: &str,
        source: &AttemptSource,
        policy: &ThrottlePolicy,
        now: DateTime<Utc>,
    ) -> Outcome<i64, LoginThrottled> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        if backend == DbBackend::Postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                [account_key.into()],
            ))
            .await?;
        }
        // Failures older than the window no longer count for anything.
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM login_failures WHERE email_key = $1 AND at <= $2",
            [account_key.into(), ms(now - policy.window).into()],
        ))
        .await?;
        let source_key = source.key();
        let own = failures(
            &txn,
            "SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE email_key = $1 AND source_key = $2",
            [account_key.into(), source_key.clone().into()],
        )
        .await?;
        let unknown = if source.is_known_device() {
            None
        } else {
            let sql =
                "SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE email_key = $1 AND known_device = $2";
            Some(failures(&txn, sql, [account_key.into(), false.into()]).await?)
        };
        if let LoginGate::WaitUntil(until) = policy.gate(own, unknown, now) {
            return refuse(LoginThrottled { until });
        }
        let row = IdRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "INSERT INTO login_failures (email_key, source_key, known_device, at) VALUES ($1, $2, $3, $4) RETURNING id",
            [account_key.into(), source_key.into(), source.is_known_device().into(), ms(now).into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| crate::StoreError::Corrupt("no id".into()))?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// The password of a reserved attempt was right, but the log-in is not
    /// complete yet (staff still give a code): that attempt was no failure.
    pub async fn release_login_attempt(&self, attempt_id: i64) -> Result<()> {
        self.conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "DELETE FROM login_failures WHERE id = $1",
                [attempt_id.into()],
            ))
            .await?;
        Ok(())
    }

    /// A successful log-in (or current-password check): the failures of
    /// this source against the account are forgotten; other sources' stay.
    pub async fn login_succeeded(&self, account_key: &str, source: &AttemptSource) -> Result<()> {
        self.conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "DELETE FROM login_failures WHERE email_key = $1 AND source_key = $2",
                [account_key.into(), source.key().into()],
            ))
            .await?;
        Ok(())
    }

    /// Forgets every failure against the account, from every source: the
    /// owner of the mailbox reset the password, or an admin unlocked staff.
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

    /// A successful login: a new session starts.
    pub async fn start_session(&self, id_hash: &str, user_id: i64, now: DateTime<Utc>) -> Result<()> {
        session::ActiveModel {
            id_hash: Set(id_hash.to_owned()),
            user_id: Set(user_id),
            created_at: Set(ms(now)),
            last_seen_at: Set(ms(now)),
        }
        .insert(self.conn())
        .await?;
        Ok(())
    }
}

/// Failures counted by `sql` (`n` and `last`).
async fn failures<C: ConnectionTrait, const N: usize>(
    conn: &C,
    sql: &str,
    values: [sea_orm::Value; N],
) -> Result<Failures> {
    let row = FailuresRow::find_by_statement(Statement::from_sql_and_values(conn.get_database_backend(), sql, values))
        .one(conn)
        .await?;
    let Some(FailuresRow { n, last }) = row else { return Ok(Failures::default()) };
    Ok(Failures { count: u32::try_from(n).unwrap_or(u32::MAX), last: last.map(crate::from_ms) })
}

pub(crate) async fn delete_user_sessions<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<()> {
    session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(conn).await?;
    Ok(())
}
