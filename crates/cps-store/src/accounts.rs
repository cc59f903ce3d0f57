//! Businesses and their users: sign-up, activation, password reset and
//! account settings. Each use case is one transaction that also queues the
//! mail it causes.

use crate::entity::{auth_token, business, user};
use crate::jobs::enqueue;
use crate::sessions::delete_user_sessions;
use crate::tokens::Secret;
use crate::{Outcome, Result, Store, StoreError, is_unique_violation, ms, refuse};
use chrono::{DateTime, Utc};
use cps_domain::account::{CompanyDetails, SignUp};
use cps_domain::mail::{Mail, MailTemplate, Role, TokenPurpose};
use cps_domain::organisation::{OrgNumber, VatNumber};
use cps_domain::{Country, Email, Lang};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    Statement,
};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub business_id: i64,
    pub email: Email,
    pub role: Role,
    pub language: Lang,
    pub activated: bool,
}

#[derive(Debug, Clone)]
pub struct Business {
    pub id: i64,
    pub company: CompanyDetails,
    pub old_email: Option<Email>,
    pub old_email_verified: bool,
    /// What the business asks its invoices to quote (BT-10), if anything.
    pub buyer_reference: Option<String>,
}

/// What a login needs to know about an address.
pub struct LoginCandidate {
    pub user_id: i64,
    pub password_hash: String,
}

/// Why a token was not accepted. The pages say the same for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRejected {
    UnknownUsedOrExpired,
}

pub(crate) fn user_from(m: user::Model) -> Result<User> {
    Ok(User {
        id: m.id,
        business_id: m.business_id,
        email: Email::parse(&m.email).map_err(|e| StoreError::Corrupt(e.into()))?,
        role: crate::parsed("role", &m.role, Role::parse)?,
        language: Lang::parse(&m.language).unwrap_or_default(),
        activated: m.password_hash.is_some(),
    })
}

fn business_from(m: business::Model) -> Result<Business> {
    let country = Country::parse(&m.country).map_err(|e| StoreError::Corrupt(e.into()))?;
    Ok(Business {
        id: m.id,
        company: CompanyDetails {
            name: m.name,
            vat_number: m.vat_number.map(VatNumber::from_stored),
            org_number: m.org_number.map(OrgNumber::from_stored),
            country,
            street: m.street,
            postal_code: m.postal_code,
            city: m.city,
            contact_name: m.contact_name,
        },
        old_email: m.old_email.as_deref().and_then(|e| Email::parse(e).ok()),
        old_email_verified: m.old_email_verified_at.is_some(),
        buyer_reference: m.buyer_reference,
    })
}

pub(crate) async fn insert_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Secret> {
    let secret = Secret::generate();
    auth_token::ActiveModel {
        token_hash: Set(secret.hash.clone()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        created_at: Set(ms(now)),
        expires_at: Set(ms(now + purpose.lifetime())),
        used_at: Set(None),
        detail: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(secret)
}

/// Spends a one-time token: a conditional update, so of two concurrent uses
/// one wins. Gives the token's user and detail, or nothing when the token is
/// unknown, used or expired.
pub(crate) async fn spend_token<C: ConnectionTrait>(
    conn: &C,
    plain: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<(i64, Option<String>)>> {
    #[derive(FromQueryResult)]
    struct Spent {
        user_id: i64,
        detail: Option<String>,
    }
    let spent = Spent::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING user_id, detail",
        [ms(now).into(), crate::tokens::hash(plain).into(), purpose.as_str().into()],
    ))
    .one(conn)
    .await?;
    Ok(spent.map(|s| (s.user_id, s.detail)))
}

/// A new password spends every open link of the user: a reset link asked
/// for before (perhaps by someone else) must not outlive it.
async fn spend_open_links<C: ConnectionTrait>(conn: &C, user_id: i64, now: DateTime<Utc>) -> Result<()> {
    auth_token::Entity::update_many()
        .col_expr(auth_token::Column::UsedAt, sea_orm::sea_query::Expr::value(ms(now)))
        .filter(auth_token::Column::UserId.eq(user_id))
        .filter(auth_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

pub(crate) async fn queue_mail<C: ConnectionTrait>(
    conn: &C,
    to: &Email,
    lang: Lang,
    template: MailTemplate,
    now: DateTime<Utc>,
) -> Result<()> {
    enqueue(conn, &Mail { to: to.clone(), lang, template }, now, now).await
}

pub(crate) async fn find_user_by_email<C: ConnectionTrait>(conn: &C, email: &Email) -> Result<Option<user::Model>> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(conn).await?)
}

fn company_columns(mut m: business::ActiveModel, c: &CompanyDetails) -> business::ActiveModel {
    m.name = Set(c.name.clone());
    m.vat_number = Set(c.vat_number.as_ref().map(|v| v.as_str().to_owned()));
    m.org_number = Set(c.org_number.as_ref().map(|v| v.as_str().to_owned()));
    m.country = Set(c.country.code().to_owned());
    m.street = Set(c.street.clone());
    m.postal_code = Set(c.postal_code.clone());
    m.city = Set(c.city.clone());
    m.contact_name = Set(c.contact_name.clone());
    m
}

impl Store {
    /// Signs a business up, or — for an address that already has an account —
    /// mails its owner instead. Both answer the same to the caller, so
    /// sign-up does not tell which addresses are registered.
    pub async fn sign_up(&self, s: &SignUp, now: DateTime<Utc>) -> Result<()> {
        self.sign_up_checked(s, None, now).await
    }

    /// [`Store::sign_up`] with the VIES check of the VAT number made for it,
    /// kept with the new business (or its re-check queued).
    pub async fn sign_up_checked(
        &self,
        s: &SignUp,
        vat: Option<&crate::vies::VatCheck>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let txn = self.write().await?;
        match find_user_by_email(&txn, &s.email).await? {
            Some(existing) if existing.password_hash.is_some() => {
                let lang = Lang::parse(&existing.language).unwrap_or_default();
                queue_mail(&txn, &s.email, lang, MailTemplate::AccountExists, now).await?;
            }
            Some(pending) => {
                // Signed up before but never activated: a fresh link.
                let lang = Lang::parse(&pending.language).unwrap_or_default();
                let token = insert_token(&txn, pending.id, TokenPurpose::Activate, now).await?;
                queue_mail(&txn, &s.email, lang, MailTemplate::Activation { token: token.plain }, now).await?;
            }
            None => {
                let mut b = company_columns(<business::ActiveModel as Default>::default(), &s.company);
                b.old_email = Set(s.old_email.as_ref().map(|e| e.as_str().to_owned()));
                b.old_email_verified_at = Set(None);
                b.created_at = Set(ms(now));
                let b = b.insert(&txn).await?;
                let inserted = user::ActiveModel {
                    business_id: Set(b.id),
                    email: Set(s.email.as_str().to_owned()),
                    password_hash: Set(None),
                    role: Set(Role::Owner.as_str().to_owned()),
                    language: Set(s.language.code().to_owned()),
                    email_verified_at: Set(None),
                    created_at: Set(ms(now)),
                    ..Default::default()
                }
                .insert(&txn)
                .await;
                let u = match inserted {
                    // A concurrent sign-up with the same address won: it sends the mail.
                    Err(e) if is_unique_violation(&e) => return Ok(()),
                    other => other?,
                };
                let token = insert_token(&txn, u.id, TokenPurpose::Activate, now).await?;
                queue_mail(&txn, &s.email, s.language, MailTemplate::Activation { token: token.plain }, now).await?;
                if let Some(check) = vat {
                    crate::vies::apply_check(&txn, b.id, check, now).await?;
                }
            }
        }
        txn.commit().await?;
        Ok(())
    }

    /// Sends a reset link to an activated account, a fresh activation link
    /// to one never activated, and a "no account here" note otherwise. The
    /// same work is done in every case.
    pub async fn request_password_reset(&self, email: &Email, page_lang: Lang, now: DateTime<Utc>) -> Result<()> {
        let txn = self.write().await?;
        match find_user_by_email(&txn, email).await? {
            Some(u) => {
                let lang = Lang::parse(&u.language).unwrap_or_default();
                let (purpose, activated) = if u.password_hash.is_some() {
                    (TokenPurpose::Reset, true)
                } else {
                    (TokenPurpose::Activate, false)
                };
                let token = insert_token(&txn, u.id, purpose, now).await?.plain;
                let template =
                    if activated { MailTemplate::PasswordReset { token } } else { MailTemplate::Activation { token } };
                queue_mail(&txn, email, lang, template, now).await?;
            }
            None => queue_mail(&txn, email, page_lang, MailTemplate::ResetUnknownAccount, now).await?,
        }
        txn.commit().await?;
        Ok(())
    }

    /// Whether a token can still be used (to show the form, or say it cannot).
    pub async fn token_is_usable(&self, plain: &str, purpose: TokenPurpose, now: DateTime<Utc>) -> Result<bool> {
        let found = auth_token::Entity::find_by_id(crate::tokens::hash(plain))
            .filter(auth_token::Column::Purpose.eq(purpose.as_str()))
            .filter(auth_token::Column::UsedAt.is_null())
            .filter(auth_token::Column::ExpiresAt.gt(ms(now)))
            .one(self.conn())
            .await?;
        Ok(found.is_some())
    }

    /// Uses a one-time token to set the password: the token is spent, the
    /// address counts as verified, every session of the user ends, other
    /// open links of the same kind die, and a notice is mailed.
    pub async fn set_password_with_token(
        &self,
        plain: &str,
        purpose: TokenPurpose,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Outcome<User, TokenRejected> {
        let txn = self.write().await?;
        let Some((user_id, _)) = spend_token(&txn, plain, purpose, now).await? else {
            return refuse(TokenRejected::UnknownUsedOrExpired);
        };
        let Some(u) = user::Entity::find_by_id(user_id).one(&txn).await? else {
            return refuse(TokenRejected::UnknownUsedOrExpired);
        };
        let was_activated = u.password_hash.is_some();
        let mut active: user::ActiveModel = u.into();
        active.password_hash = Set(Some(password_hash.to_owned()));
        if active.email_verified_at.as_ref().is_none() {
            active.email_verified_at = Set(Some(ms(now)));
        }
        let u = active.update(&txn).await?;
        spend_open_links(&txn, user_id, now).await?;
        delete_user_sessions(&txn, user_id).await?;
        Store::clear_login_failures(&txn, &crate::sessions::email_key(&u.email)).await?;
        let user = user_from(u)?;
        if was_activated {
            queue_mail(&txn, &user.email, user.language, MailTemplate::PasswordChanged, now).await?;
        }
        txn.commit().await?;
        Ok(user)
    }

    /// The password hash of an activated account, for login.
    pub async fn login_candidate(&self, email: &Email) -> Result<Option<LoginCandidate>> {
        Ok(find_user_by_email(self.conn(), email)
            .await?
            .and_then(|u| u.password_hash.map(|password_hash| LoginCandidate { user_id: u.id, password_hash })))
    }

    pub async fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        Ok(user::Entity::find_by_id(user_id).one(self.conn()).await?.and_then(|u| u.password_hash))
    }

    /// Changes the password of a logged-in user: every open reset or
    /// activation link dies, every session ends (the caller starts a new one
    /// for this browser) and a notice is mailed.
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        new_session_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let txn = self.write().await?;
        let Some(u) = user::Entity::find_by_id(user_id).one(&txn).await? else {
            return Err(StoreError::Corrupt("user vanished".into()));
        };
        let mut active: user::ActiveModel = u.into();
        active.password_hash = Set(Some(password_hash.to_owned()));
        let u = user_from(active.update(&txn).await?)?;
        spend_open_links(&txn, user_id, now).await?;
        delete_user_sessions(&txn, user_id).await?;
        crate::entity::session::ActiveModel {
            id_hash: Set(new_session_hash.to_owned()),
            user_id: Set(user_id),
            created_at: Set(ms(now)),
            last_seen_at: Set(ms(now)),
        }
        .insert(&txn)
        .await?;
        queue_mail(&txn, &u.email, u.language, MailTemplate::PasswordChanged, now).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn user(&self, user_id: i64) -> Result<Option<User>> {
        user::Entity::find_by_id(user_id).one(self.conn()).await?.map(user_from).transpose()
    }

    /// The business of a user. Taking the user's own business id is what
    /// keeps one business from reading another's.
    pub async fn business(&self, business_id: i64) -> Result<Option<Business>> {
        business::Entity::find_by_id(business_id).one(self.conn()).await?.map(business_from).transpose()
    }

    /// Saves changed company details with the VIES check of the VAT number
    /// made for them (if one was needed), in one transaction.
    pub async fn update_company(
        &self,
        business_id: i64,
        company: &CompanyDetails,
        vat: Option<&crate::vies::VatCheck>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let txn = self.write().await?;
        let mut m = company_columns(<business::ActiveModel as Default>::default(), company);
        m.id = Set(business_id);
        m.update(&txn).await?;
        if let Some(check) = vat {
            crate::vies::apply_check(&txn, business_id, check, now).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Sets or clears the old CPS email; a changed address must be proven again.
    pub async fn update_old_email(&self, business_id: i64, old_email: Option<&Email>) -> Result<()> {
        let txn = self.write().await?;
        let Some(b) = business::Entity::find_by_id(business_id).one(&txn).await? else {
            return Err(StoreError::Corrupt("business vanished".into()));
        };
        let new = old_email.map(|e| e.as_str().to_owned());
        if b.old_email != new {
            business::ActiveModel {
                id: Set(business_id),
                old_email: Set(new),
                old_email_verified_at: Set(None),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub async fn update_language(&self, user_id: i64, lang: Lang) -> Result<()> {
        user::ActiveModel { id: Set(user_id), language: Set(lang.code().to_owned()), ..Default::default() }
            .update(self.conn())
            .await?;
        Ok(())
    }
}
