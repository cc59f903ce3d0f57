//! Invitations to a business account (the rules: `cps_domain::invitation`).
//! An invitation is its own row with a hashed token; a user is made only
//! when the invitee accepts, so a sign-up never lands in a business that
//! invited the same address.

use crate::accounts::{User, find_user_by_email, queue_mail, user_from};
use crate::entity::user;
use crate::tokens::Secret;
use crate::{Failure, Outcome, Result, Store, from_ms, is_unique_violation, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::invitation::{
    AcceptRefused, InvitationPolicy, InvitationState, InvitationStatus, InviteRefused, SHOWN_FOR, SentInvitation,
    may_accept, owner_list,
};
use cps_domain::mail::{MailTemplate, Role};
use cps_domain::{Email, Lang};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbBackend, FromQueryResult, Statement};

/// An open invitation, as its page shows it to the invitee.
#[derive(Debug, Clone)]
pub struct OpenInvitation {
    pub id: i64,
    pub business_id: i64,
    pub business_name: String,
    pub email: Email,
    pub expires_at: DateTime<Utc>,
    /// The address has a login of its own (and so cannot join).
    pub address_has_login: bool,
}

/// An invitation of a link with its business's name.
#[derive(FromQueryResult)]
struct OpenInvitationRow {
    id: i64,
    business_id: i64,
    email: String,
    status: String,
    expires_at: i64,
    name: String,
}

/// An invitation on the owner's list.
/// A business's users and the invitations it sent, as read (see
/// [`Store::team_rows`]).
#[derive(Debug, Clone)]
pub struct TeamRows {
    users: Vec<crate::backoffice::BusinessUser>,
    sent: Vec<SentRow>,
}

impl TeamRows {
    /// The owner's view at `now` (not before the moment they were read for).
    pub fn at(&self, now: DateTime<Utc>) -> Result<(Vec<crate::backoffice::BusinessUser>, Vec<SentInvitation>)> {
        let sent = self
            .sent
            .iter()
            .map(|r| {
                Ok(SentInvitation {
                    state: state_of(&r.status, r.expires_at, now)?,
                    email: r.email.clone(),
                    sent_at: from_ms(r.created_at),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let emails: Vec<&str> = self.users.iter().map(|u| u.email.as_str()).collect();
        Ok((self.users.clone(), owner_list(sent, &emails, now)))
    }
}

#[derive(FromQueryResult, Debug, Clone)]
struct SentRow {
    email: String,
    status: String,
    expires_at: i64,
    created_at: i64,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

/// The state of an invitation stored with `status`, expiring at `expires_at` (ms).
fn state_of(status: &str, expires_at: i64, now: DateTime<Utc>) -> Result<InvitationState> {
    let status =
        InvitationStatus::parse(status).ok_or_else(|| crate::StoreError::Corrupt(format!("invitation {status}")))?;
    Ok(InvitationState::of(status, from_ms(expires_at), now))
}

/// The invitation of a token, if open, its business not closed.
async fn open_invitation<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<OpenInvitation>> {
    let row = OpenInvitationRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT i.id, i.business_id, i.email, i.status, i.expires_at, b.name FROM invitations i \
         JOIN businesses b ON b.id = i.business_id WHERE i.token_hash = $1 AND b.closed_at IS NULL",
        [crate::tokens::hash(token).into()],
    ))
    .one(conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    if !matches!(state_of(&r.status, r.expires_at, now)?, InvitationState::Open { .. }) {
        return Ok(None);
    }
    let email = Email::parse(&r.email).map_err(|e| crate::StoreError::Corrupt(e.into()))?;
    let address_has_login = find_user_by_email(conn, &email).await?.is_some();
    Ok(Some(OpenInvitation {
        id: r.id,
        business_id: r.business_id,
        business_name: r.name,
        email,
        expires_at: from_ms(r.expires_at),
        address_has_login,
    }))
}

impl Store {
    /// An owner invites a colleague: an invitation with a fresh link is
    /// mailed to the address, whatever account it has or not, so the owner
    /// learns nothing about other businesses' users. An earlier open
    /// invitation of the same address is replaced. At most the policy's
    /// number a day per business; on PostgreSQL the business row is locked
    /// so concurrent invitations cannot pass the count together.
    pub async fn invite_colleague(
        &self,
        business_id: i64,
        invited_by: i64,
        email: &Email,
        lang: Lang,
        policy: &InvitationPolicy,
        now: DateTime<Utc>,
    ) -> Outcome<(), InviteRefused> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        if backend == DbBackend::Postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id FROM businesses WHERE id = $1 FOR UPDATE",
                [business_id.into()],
            ))
            .await?;
        }
        if find_user_by_email(&txn, email).await?.is_some_and(|u| u.business_id == business_id) {
            return refuse(InviteRefused::AlreadyInBusiness);
        }
        let sent = CountRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT COUNT(*) AS n FROM invitations WHERE business_id = $1 AND created_at > $2",
            [business_id.into(), ms(now - policy.window()).into()],
        ))
        .one(&txn)
        .await?
        .map_or(0, |r| r.n);
        policy.may_send(u32::try_from(sent).unwrap_or(u32::MAX)).map_err(Failure::Refused)?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE invitations SET status = $1, answered_at = $2 WHERE business_id = $3 AND email = $4 AND status = $5",
            [
                InvitationStatus::Replaced.as_str().into(),
                ms(now).into(),
                business_id.into(),
                email.as_str().into(),
                InvitationStatus::Open.as_str().into(),
            ],
        ))
        .await?;
        let secret = Secret::generate();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO invitations (business_id, email, token_hash, invited_by, language, status, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [
                business_id.into(),
                email.as_str().into(),
                secret.hash.clone().into(),
                invited_by.into(),
                lang.code().into(),
                InvitationStatus::Open.as_str().into(),
                ms(now).into(),
                ms(policy.expires_at(now)).into(),
            ],
        ))
        .await?;
        queue_mail(&txn, email, lang, MailTemplate::ColleagueInvitation { token: secret.plain }, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The open invitation of a link, for its page.
    pub async fn invitation(&self, token: &str, now: DateTime<Utc>) -> Result<Option<OpenInvitation>> {
        open_invitation(self.conn(), token, now).await
    }

    /// The invitee accepts with a password: the invitation is spent (a
    /// conditional update, so it is used once) and a user of the inviting
    /// business is made, its address verified by the link. An address with
    /// a login of its own cannot accept.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password_hash: &str,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Outcome<User, AcceptRefused> {
        let txn = self.write().await?;
        let Some(inv) = open_invitation(&txn, token, now).await? else {
            return refuse(AcceptRefused::Gone);
        };
        may_accept(InvitationState::Open { until: inv.expires_at }, inv.address_has_login).map_err(Failure::Refused)?;
        let spent = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE invitations SET status = $1, answered_at = $2 WHERE id = $3 AND status = $4",
                [
                    InvitationStatus::Accepted.as_str().into(),
                    ms(now).into(),
                    inv.id.into(),
                    InvitationStatus::Open.as_str().into(),
                ],
            ))
            .await?;
        if spent.rows_affected() != 1 {
            return refuse(AcceptRefused::Gone);
        }
        let inserted = user::ActiveModel {
            business_id: Set(inv.business_id),
            email: Set(inv.email.as_str().to_owned()),
            password_hash: Set(Some(password_hash.to_owned())),
            role: Set(Role::Member.as_str().to_owned()),
            language: Set(lang.code().to_owned()),
            email_verified_at: Set(Some(ms(now))),
            created_at: Set(ms(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let u = match inserted {
            // A sign-up with the same address got there first.
            Err(e) if is_unique_violation(&e) => return refuse(AcceptRefused::AddressHasLogin),
            other => other?,
        };
        txn.commit().await?;
        Ok(user_from(u)?)
    }

    /// The invitee declines; the link is spent. False when it was not open.
    pub async fn decline_invitation(&self, token: &str, now: DateTime<Utc>) -> Result<bool> {
        let declined = self
            .conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "UPDATE invitations SET status = $1, answered_at = $2 \
                 WHERE token_hash = $3 AND status = $4 AND expires_at > $2",
                [
                    InvitationStatus::Declined.as_str().into(),
                    ms(now).into(),
                    crate::tokens::hash(token).into(),
                    InvitationStatus::Open.as_str().into(),
                ],
            ))
            .await?;
        Ok(declined.rows_affected() == 1)
    }

    /// The owner's view of the team at `now`: the business's users, and
    /// the invitations it sent (see `cps_domain::invitation::owner_list`).
    pub async fn team(
        &self,
        business_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(Vec<crate::backoffice::BusinessUser>, Vec<SentInvitation>)> {
        self.team_rows(business_id, now).await?.at(now)
    }

    /// What [`Store::team`] is made of, for any moment from `since` on:
    /// the users, and the invitations still open or recent at `since`.
    pub(crate) async fn team_rows(&self, business_id: i64, since: DateTime<Utc>) -> Result<TeamRows> {
        let sent = SentRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT email, status, expires_at, created_at FROM invitations \
             WHERE business_id = $1 AND (expires_at > $2 OR created_at > $3) ORDER BY created_at DESC, id DESC",
            [business_id.into(), ms(since).into(), ms(since - SHOWN_FOR).into()],
        ))
        .all(self.conn())
        .await?;
        Ok(TeamRows { users: self.business_users(business_id).await?, sent })
    }
}
