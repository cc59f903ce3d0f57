//! Personal access tokens of the member API and the responses saved under an
//! `Idempotency-Key`. A token is kept only as the SHA-256 of its secret;
//! creating, revoking and every use of one write an audit entry in the same
//! transaction as the change (the use: its time of last use).

use crate::tokens::{Secret, hash};
use crate::{Result, Store, from_ms, is_unique_violation, ms};
use chrono::{DateTime, Utc};
use cps_domain::api::{Scope, TOKEN_PREFIX, parse_scopes, scopes_text};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

/// A token as listed on the tokens page (never its secret).
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// Who calls the API: the token's business and the member who made it.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_id: i64,
    pub business_id: i64,
    pub user_id: i64,
    pub scopes: Vec<Scope>,
}

/// A new token: its id and the secret, shown once.
pub struct NewToken {
    pub id: i64,
    pub plain: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewToken({}, ***)", self.id)
    }
}

/// A response saved under an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedResponse {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

/// The key of a POST: who sent it, the key, and a hash of what was sent.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyKey<'a> {
    pub token_id: i64,
    pub key: &'a str,
    pub request_hash: &'a str,
}

/// What became of a keyed POST.
#[derive(Debug)]
pub enum Keyed<T> {
    /// First time: done now.
    Fresh(T),
    /// Sent before with the same body: the saved response.
    Replay(SavedResponse),
    /// The key was used before for another request.
    KeyReused,
    /// The same key is being handled by a request running at this moment.
    InProgress,
}

#[derive(FromQueryResult)]
struct TokenRow {
    id: i64,
    name: String,
    scopes: String,
    created_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            name: r.name,
            scopes: parse_scopes(&r.scopes),
            created_at: from_ms(r.created_at),
            expires_at: from_ms(r.expires_at),
            revoked_at: r.revoked_at.map(from_ms),
            last_used_at: r.last_used_at.map(from_ms),
        }
    }
}

/// A live token's caller.
#[derive(FromQueryResult)]
struct CallerRow {
    id: i64,
    business_id: i64,
    user_id: i64,
    scopes: String,
}

/// A response saved under an idempotency key, with the hash of its request.
#[derive(FromQueryResult)]
struct SavedRow {
    request_hash: String,
    status: i32,
    body: String,
    location: Option<String>,
}

/// An audit entry of a member's doing (no staff id; the actor names the member or token).
pub(crate) async fn member_audit<C: ConnectionTrait>(
    conn: &C,
    actor: String,
    action: &str,
    target: String,
    after: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO audit_log (at, staff_id, actor, action, target, before, after, reason) \
         VALUES ($1, NULL, $2, $3, $4, NULL, $5, NULL)",
        [ms(now).into(), actor.into(), action.into(), target.into(), after.to_string().into()],
    ))
    .await?;
    Ok(())
}

async fn member_actor<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<String> {
    let stmt = Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT email FROM users WHERE id = $1",
        [user_id.into()],
    );
    let email: String = crate::scalar(conn, stmt).await?.unwrap_or_default();
    Ok(format!("member:{user_id} {email}"))
}

impl Store {
    /// Makes a token for a business; the secret is returned once and kept
    /// only as its hash.
    pub async fn create_api_token(
        &self,
        business_id: i64,
        user_id: i64,
        name: &str,
        scopes: &[Scope],
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<NewToken> {
        let secret = Secret::generate();
        let plain = format!("{TOKEN_PREFIX}{}", secret.plain);
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let id: i64 = crate::scalar(
            &txn,
            Statement::from_sql_and_values(
                backend,
                "INSERT INTO api_tokens (business_id, user_id, name, token_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                [
                    business_id.into(),
                    user_id.into(),
                    name.into(),
                    hash(&plain).into(),
                    scopes_text(scopes).into(),
                    ms(now).into(),
                    ms(expires_at).into(),
                ],
            ),
        )
        .await?
        .ok_or_else(|| crate::StoreError::Corrupt("no id for the new token".into()))?;
        let actor = member_actor(&txn, user_id).await?;
        let after = serde_json::json!({
            "name": name, "scopes": scopes_text(scopes), "expires_at": expires_at.to_rfc3339(),
        });
        member_audit(&txn, actor, "api_token.create", format!("business:{business_id} token:{id}"), after, now).await?;
        txn.commit().await?;
        Ok(NewToken { id, plain })
    }

    /// The business's tokens, newest first.
    pub async fn api_tokens(&self, business_id: i64) -> Result<Vec<ApiToken>> {
        let rows = TokenRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT id, name, scopes, created_at, expires_at, revoked_at, last_used_at FROM api_tokens \
             WHERE business_id = $1 ORDER BY id DESC",
            [business_id.into()],
        ))
        .all(self.conn())
        .await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// Revokes a token of the business; false when there is none to revoke.
    pub async fn revoke_api_token(
        &self,
        business_id: i64,
        token_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let txn = self.write().await?;
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND business_id = $3 AND revoked_at IS NULL",
                [ms(now).into(), token_id.into(), business_id.into()],
            ))
            .await?
            .rows_affected();
        if done == 1 {
            let actor = member_actor(&txn, user_id).await?;
            let target = format!("business:{business_id} token:{token_id}");
            member_audit(&txn, actor, "api_token.revoke", target, serde_json::json!({}), now).await?;
        }
        txn.commit().await?;
        Ok(done == 1)
    }

    /// The caller of a bearer token that is live (not revoked, not expired,
    /// its business open). The use is written down: the time of last use and
    /// an audit entry with the method and path.
    pub async fn authenticate_api_token(
        &self,
        plain: &str,
        method: &str,
        path: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ApiCaller>> {
        let backend = self.conn().get_database_backend();
        let row = CallerRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT t.id, t.business_id, t.user_id, t.scopes FROM api_tokens t \
             JOIN businesses b ON b.id = t.business_id JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND b.closed_at IS NULL",
            [hash(plain).into(), ms(now).into()],
        ))
        .one(self.conn())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let caller = ApiCaller {
            token_id: r.id,
            business_id: r.business_id,
            user_id: r.user_id,
            scopes: parse_scopes(&r.scopes),
        };
        let txn = self.write().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2",
            [ms(now).into(), caller.token_id.into()],
        ))
        .await?;
        let target = format!("business:{} token:{}", caller.business_id, caller.token_id);
        let after = serde_json::json!({ "method": method, "path": path });
        member_audit(&txn, format!("token:{}", caller.token_id), "api_token.use", target, after, now).await?;
        txn.commit().await?;
        Ok(Some(caller))
    }

    /// A response saved earlier under this key, if any.
    pub(crate) async fn saved_response<C: ConnectionTrait>(
        conn: &C,
        key: IdempotencyKey<'_>,
    ) -> Result<Option<Keyed<()>>> {
        let row = SavedRow::find_by_statement(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT request_hash, status, body, location FROM api_idempotency \
             WHERE token_id = $1 AND idempotency_key = $2",
            [key.token_id.into(), key.key.into()],
        ))
        .one(conn)
        .await?;
        let Some(r) = row else { return Ok(None) };
        if r.request_hash != key.request_hash {
            return Ok(Some(Keyed::KeyReused));
        }
        Ok(Some(Keyed::Replay(SavedResponse {
            status: u16::try_from(r.status).unwrap_or(500),
            body: r.body,
            location: r.location,
        })))
    }

    /// Saves the response of a keyed request in the caller's transaction;
    /// `false` when another request saved one under the key meanwhile.
    pub(crate) async fn save_response<C: ConnectionTrait>(
        conn: &C,
        key: IdempotencyKey<'_>,
        saved: &SavedResponse,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let res = conn
            .execute_raw(Statement::from_sql_and_values(
                conn.get_database_backend(),
                "INSERT INTO api_idempotency (token_id, idempotency_key, request_hash, status, body, location, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [
                    key.token_id.into(),
                    key.key.into(),
                    key.request_hash.into(),
                    i32::from(saved.status).into(),
                    saved.body.clone().into(),
                    saved.location.clone().into(),
                    ms(now).into(),
                ],
            ))
            .await;
        match res {
            Err(e) if is_unique_violation(&e) => Ok(false),
            other => {
                other?;
                Ok(true)
            }
        }
    }
}
