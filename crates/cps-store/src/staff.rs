//! Back-office staff: users with a password and a TOTP secret, their
//! sessions (which count only once the second factor is given), and the
//! append-only audit log every staff action writes in its own transaction.

use crate::{Outcome, Result, Store, StoreError, from_ms, is_unique_violation, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::staff::StaffRole;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};

#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub role: StaffRole,
    pub password_hash: String,
    pub totp_secret: Vec<u8>,
    pub disabled: bool,
}

/// The staff member doing something, as the audit log names them.
#[derive(Debug, Clone)]
pub struct StaffActor {
    pub id: i64,
    pub email: String,
}

impl From<&StaffUser> for StaffActor {
    fn from(u: &StaffUser) -> Self {
        StaffActor { id: u.id, email: u.email.clone() }
    }
}

/// A live staff session: who, and whether the second factor was given.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub user: StaffUser,
    pub second_factor: bool,
}

#[derive(Debug, Clone)]
pub struct AuditLine {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// Every action written to the audit log (each has a label, see the lang
/// tests in cps-web, which also check this list against the sources).
pub const AUDIT_ACTIONS: [&str; 27] = [
    "ticket.reply",
    "ticket.close",
    "points.adjust",
    "migration.approve",
    "invoice.mark_paid",
    "invoice.credit",
    "payment.resolve",
    "job.retry",
    "bank.import",
    "catalogue.import",
    "tiers.import",
    "serial.leave",
    "serial.move",
    "serial.remove",
    "staff.create",
    "staff.disable",
    "staff.unlock",
    "staff.reset",
    "staff.login",
    "api_token.create",
    "api_token.revoke",
    "api_token.use",
    "service.transition",
    "service.quote",
    "loan_item.add",
    "loan.confirm",
    "loan.return",
];

/// One audit entry: who did what to which thing, the state before and
/// after (JSON) and the reason given.
pub struct Audit<'a> {
    pub actor: &'a StaffActor,
    pub action: &'a str,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

pub(crate) async fn audit<C: ConnectionTrait>(conn: &C, a: Audit<'_>, now: DateTime<Utc>) -> Result<()> {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO audit_log (at, staff_id, actor, action, target, before, after, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            ms(now).into(),
            a.actor.id.into(),
            a.actor.email.clone().into(),
            a.action.into(),
            a.target.into(),
            a.before.map(|v| v.to_string()).into(),
            a.after.map(|v| v.to_string()).into(),
            a.reason.map(str::to_owned).into(),
        ],
    ))
    .await?;
    Ok(())
}

impl Store {
    /// A staff action that is one guarded UPDATE (`… WHERE <still applies>`):
    /// when it changed the row, its audit entry is written in the same
    /// transaction. Whether it changed the row is returned.
    pub(crate) async fn update_audited(
        &self,
        sql: &str,
        values: Vec<sea_orm::Value>,
        a: Audit<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let txn = self.write().await?;
        let stmt = Statement::from_sql_and_values(txn.get_database_backend(), sql, values);
        let done = txn.execute_raw(stmt).await?.rows_affected() == 1;
        if done {
            audit(&txn, a, now).await?;
        }
        txn.commit().await?;
        Ok(done)
    }
}

const STAFF_COLUMNS: &str = "id, email, role, password_hash, totp_secret, disabled_at";

/// A `staff_users` row of [`STAFF_COLUMNS`].
#[derive(FromQueryResult)]
struct StaffRow {
    id: i64,
    email: String,
    role: String,
    password_hash: String,
    /// Hex.
    totp_secret: String,
    disabled_at: Option<i64>,
}

impl TryFrom<StaffRow> for StaffUser {
    type Error = StoreError;

    fn try_from(r: StaffRow) -> Result<StaffUser> {
        Ok(StaffUser {
            id: r.id,
            email: r.email,
            role: crate::parsed("staff role", &r.role, StaffRole::parse)?,
            password_hash: r.password_hash,
            totp_secret: hex::decode(r.totp_secret).map_err(|_| StoreError::Corrupt("totp secret".into()))?,
            disabled: r.disabled_at.is_some(),
        })
    }
}

#[derive(FromQueryResult)]
struct StaffSessionRow {
    staff_id: i64,
    created_at: i64,
    last_seen_at: i64,
    second_factor_at: Option<i64>,
}

#[derive(FromQueryResult)]
struct TotpStepRow {
    last_totp_step: Option<i64>,
}

#[derive(FromQueryResult)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    target: String,
    before: Option<String>,
    after: Option<String>,
    reason: Option<String>,
}

/// The email is taken by another staff user.
#[derive(Debug)]
pub struct StaffEmailTaken;

impl Store {
    /// Creates a staff user. The creator is `None` for the command line
    /// (the operator of the machine), else the admin doing it.
    pub async fn create_staff(
        &self,
        email: &str,
        role: StaffRole,
        password_hash: &str,
        totp_secret: &[u8],
        creator: Option<&StaffActor>,
        now: DateTime<Utc>,
    ) -> Outcome<i64, StaffEmailTaken> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let id = crate::scalar::<i64, _>(
            &txn,
            Statement::from_sql_and_values(
                backend,
            "INSERT INTO staff_users (email, password_hash, role, totp_secret, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [
                email.trim().to_lowercase().into(),
                password_hash.into(),
                role.as_str().into(),
                hex::encode(totp_secret).into(),
                ms(now).into(),
            ],
            ),
        )
        .await;
        let id = match id {
            Ok(Some(id)) => id,
            Ok(None) => return Err(StoreError::Corrupt("no id".into()).into()),
            Err(StoreError::Db(e)) if is_unique_violation(&e) => return refuse(StaffEmailTaken),
            Err(e) => return Err(e.into()),
        };
        let cli = StaffActor { id: 0, email: "command line".into() };
        audit(
            &txn,
            Audit {
                actor: creator.unwrap_or(&cli),
                action: "staff.create",
                target: format!("staff:{id}"),
                before: None,
                after: Some(serde_json::json!({ "email": email.trim().to_lowercase(), "role": role.as_str() })),
                reason: None,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    pub async fn staff_by_email(&self, email: &str) -> Result<Option<StaffUser>> {
        let row = StaffRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("SELECT {STAFF_COLUMNS} FROM staff_users WHERE email = $1"),
            [email.trim().to_lowercase().into()],
        ))
        .one(self.conn())
        .await?;
        row.map(StaffUser::try_from).transpose()
    }

    pub async fn staff_users(&self) -> Result<Vec<StaffUser>> {
        let rows = StaffRow::find_by_statement(Statement::from_string(
            self.conn().get_database_backend(),
            format!("SELECT {STAFF_COLUMNS} FROM staff_users ORDER BY email"),
        ))
        .all(self.conn())
        .await?;
        rows.into_iter().map(StaffUser::try_from).collect()
    }

    /// Disables a staff user and ends their sessions.
    pub async fn disable_staff(&self, staff_id: i64, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE staff_users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
                [ms(now).into(), staff_id.into()],
            ))
            .await?
            .rows_affected()
            == 1;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM staff_sessions WHERE staff_id = $1",
            [staff_id.into()],
        ))
        .await?;
        if done {
            let a = Audit {
                actor: by,
                action: "staff.disable",
                target: format!("staff:{staff_id}"),
                before: Some(serde_json::json!({ "disabled": false })),
                after: Some(serde_json::json!({ "disabled": true })),
                reason: None,
            };
            audit(&txn, a, now).await?;
        }
        txn.commit().await?;
        Ok(done)
    }

    /// The address of a staff user, in a transaction.
    async fn staff_email<C: ConnectionTrait>(conn: &C, staff_id: i64) -> Result<Option<String>> {
        let stmt = Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT email FROM staff_users WHERE id = $1",
            [staff_id.into()],
        );
        crate::scalar(conn, stmt).await
    }

    /// An admin unlocks a staff member held back by failed log-ins: their
    /// failures from every source are forgotten. Audited.
    pub async fn unlock_staff(&self, staff_id: i64, by: &StaffActor, now: DateTime<Utc>) -> Result<bool> {
        let txn = self.write().await?;
        let Some(email) = Self::staff_email(&txn, staff_id).await? else { return Ok(false) };
        Store::clear_login_failures(&txn, &crate::sessions::staff_key(&email)).await?;
        let a = Audit {
            actor: by,
            action: "staff.unlock",
            target: format!("staff:{staff_id}"),
            before: None,
            after: None,
            reason: None,
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// An admin gives a staff member a new password, and a new TOTP secret
    /// when `totp_secret` is given (a lost phone), on the same account: their
    /// sessions end and their failed log-ins are forgotten. Audited, without
    /// the secrets.
    pub async fn reset_staff_credentials(
        &self,
        staff_id: i64,
        password_hash: &str,
        totp_secret: Option<&[u8]>,
        by: &StaffActor,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some(email) = Self::staff_email(&txn, staff_id).await? else { return Ok(false) };
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE staff_users SET password_hash = $1 WHERE id = $2",
            [password_hash.into(), staff_id.into()],
        ))
        .await?;
        if let Some(secret) = totp_secret {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE staff_users SET totp_secret = $1, last_totp_step = NULL WHERE id = $2",
                [hex::encode(secret).into(), staff_id.into()],
            ))
            .await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM staff_sessions WHERE staff_id = $1",
            [staff_id.into()],
        ))
        .await?;
        Store::clear_login_failures(&txn, &crate::sessions::staff_key(&email)).await?;
        let a = Audit {
            actor: by,
            action: "staff.reset",
            target: format!("staff:{staff_id}"),
            before: None,
            after: Some(
                serde_json::json!({ "password": "new", "totp_secret": if totp_secret.is_some() { "new" } else { "kept" } }),
            ),
            reason: None,
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The password was right: a session starts, without the second factor yet.
    pub async fn start_staff_session(&self, id_hash: &str, staff_id: i64, now: DateTime<Utc>) -> Result<()> {
        let txn = self.write().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO staff_sessions (id_hash, staff_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
            [id_hash.into(), staff_id.into(), ms(now).into()],
        ))
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The staff session of a cookie, if alive; an expired one is deleted.
    pub async fn staff_session(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
        limits: crate::sessions::SessionLimits,
    ) -> Result<Option<StaffSession>> {
        let backend = self.conn().get_database_backend();
        let Some(s) = StaffSessionRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT staff_id, created_at, last_seen_at, second_factor_at FROM staff_sessions WHERE id_hash = $1",
            [id_hash.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let (created, seen) = (s.created_at, s.last_seen_at);
        let now_ms = ms(now);
        if now_ms - seen > limits.idle.num_milliseconds() || now_ms - created > limits.absolute.num_milliseconds() {
            self.delete_staff_session(id_hash).await?;
            return Ok(None);
        }
        let Some(u) = StaffRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            format!("SELECT {STAFF_COLUMNS} FROM staff_users WHERE id = $1"),
            [s.staff_id.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let user = StaffUser::try_from(u)?;
        if user.disabled {
            self.delete_staff_session(id_hash).await?;
            return Ok(None);
        }
        if now_ms - seen > 60_000 {
            self.conn()
                .execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE staff_sessions SET last_seen_at = $1 WHERE id_hash = $2",
                    [now_ms.into(), id_hash.into()],
                ))
                .await?;
        }
        let second_factor = s.second_factor_at.is_some();
        Ok(Some(StaffSession { user, second_factor }))
    }

    /// The second factor was right for `step`: the session counts from now.
    /// The step is claimed atomically, so one code opens one session only.
    pub async fn complete_second_factor(
        &self,
        id_hash: &str,
        staff: &StaffActor,
        step: i64,
        new_id_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE staff_users SET last_totp_step = $1 WHERE id = $2 AND (last_totp_step IS NULL OR last_totp_step < $1)",
                [step.into(), staff.id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(false);
        }
        // A new session id once the privilege rises (ASVS V7.2.4).
        let moved = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE staff_sessions SET id_hash = $1, second_factor_at = $2, last_seen_at = $2 WHERE id_hash = $3 AND staff_id = $4",
                [new_id_hash.into(), ms(now).into(), id_hash.into(), staff.id.into()],
            ))
            .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        let a = Audit {
            actor: staff,
            action: "staff.login",
            target: format!("staff:{}", staff.id),
            before: None,
            after: None,
            reason: None,
        };
        audit(&txn, a, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The last step a code was used for (a code works once).
    pub async fn last_totp_step(&self, staff_id: i64) -> Result<Option<i64>> {
        let row = TotpStepRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT last_totp_step FROM staff_users WHERE id = $1",
            [staff_id.into()],
        ))
        .one(self.conn())
        .await?;
        Ok(row.and_then(|r| r.last_totp_step))
    }

    pub async fn delete_staff_session(&self, id_hash: &str) -> Result<()> {
        self.conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "DELETE FROM staff_sessions WHERE id_hash = $1",
                [id_hash.into()],
            ))
            .await?;
        Ok(())
    }

    /// Audit entries, newest first, whose actor, action, target or reason
    /// contains `query` (all when empty).
    pub async fn audit_log(&self, query: &str, limit: u64) -> Result<Vec<AuditLine>> {
        let pattern = format!("%{}%", like_escape(&query.trim().to_lowercase()));
        let rows = AuditRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id, at, actor, action, target, before, after, reason FROM audit_log \
             WHERE LOWER(actor) LIKE $1 ESCAPE '\\' OR LOWER(action) LIKE $1 ESCAPE '\\' \
                OR LOWER(target) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(reason, '')) LIKE $1 ESCAPE '\\' \
             ORDER BY id DESC LIMIT $2",
            [pattern.into(), Value::BigInt(Some(i64::try_from(limit).unwrap_or(i64::MAX)))],
        ))
        .all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditLine {
                id: r.id,
                at: from_ms(r.at),
                actor: r.actor,
                action: r.action,
                target: r.target,
                before: r.before,
                after: r.after,
                reason: r.reason,
            })
            .collect())
    }
}

/// `%` and `_` typed by a person are meant literally.
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
