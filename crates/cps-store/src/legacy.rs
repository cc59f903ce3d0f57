//! The old CPS system's accounts and products, and their migration into a
//! business account. An import is idempotent (each product row has a key);
//! a legacy account migrates into one business only, once.

use crate::accounts::{insert_token, queue_mail, spend_token};
use crate::entity::{auth_token, business, legacy_account, legacy_product, user};
use crate::products::{Actor, SerialTaken, catalogue_item_in, insert_product, item_from, maybe_invite};
use crate::{Result, Store, StoreError, from_ms, ms};
use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::Country;
use cps_domain::catalogue::CatalogueItem;
use cps_domain::legacy::LegacyAccount;
use cps_domain::mail::{MailTemplate, TokenPurpose};
use cps_domain::product::ProductDetails;
use cps_domain::serial::SerialNumber;
use cps_domain::{Email, Lang};
use sea_orm::sea_query::ExprTrait;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LegacyReport {
    pub accounts_added: usize,
    pub accounts_known: usize,
    pub products_added: usize,
    /// Rows already imported by an earlier run, or repeated in the file.
    pub products_skipped: usize,
}

/// What a migrated legacy product became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Complete,
    Incomplete,
    /// The serial is registered by another business: listed, not copied.
    SerialElsewhere,
    /// This business had registered the serial itself already.
    AlreadyRegistered,
    /// The old model is not in the catalogue.
    UnknownModel,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Complete => "complete",
            Outcome::Incomplete => "incomplete",
            Outcome::SerialElsewhere => "serial_elsewhere",
            Outcome::AlreadyRegistered => "already_registered",
            Outcome::UnknownModel => "unknown_model",
        }
    }

    fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Complete,
            Outcome::Incomplete,
            Outcome::SerialElsewhere,
            Outcome::AlreadyRegistered,
            Outcome::UnknownModel,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct MigratedItem {
    pub model: String,
    pub serial: Option<String>,
    pub outcome: Outcome,
}

/// Where a business stands with the migration from the old system.
#[derive(Debug, Clone)]
pub enum MigrationState {
    /// No old CPS email was given; the business registered at `since`.
    NoOldEmail {
        since: DateTime<Utc>,
    },
    /// An old email is given but not yet proven to be the business's.
    NotProven {
        old_email: Email,
    },
    /// Proven, but the old system had no account with that address.
    NoLegacyAccount {
        old_email: Email,
    },
    /// Proven, and the legacy account went to another business already.
    TakenElsewhere {
        old_email: Email,
    },
    /// The blue button: ready to migrate.
    Available {
        old_email: Email,
        legacy_number: String,
        products: usize,
    },
    Migrated {
        at: DateTime<Utc>,
        legacy_number: String,
        items: Vec<MigratedItem>,
    },
}

fn row_key(email: &Email, p: &cps_domain::legacy::LegacyProduct) -> String {
    let mut h = Sha256::new();
    for part in [
        email.as_str(),
        &p.model,
        p.serial.as_deref().unwrap_or(""),
        p.purchase_date.as_deref().unwrap_or(""),
        p.purchase_country.as_deref().unwrap_or(""),
        p.retailer.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

const BATCH: usize = 1000;

impl Store {
    /// Imports a validated export in one transaction; importing the same
    /// file again adds nothing.
    pub async fn import_legacy(&self, accounts: &[LegacyAccount], now: DateTime<Utc>) -> Result<LegacyReport> {
        let txn = self.write().await?;
        let mut report = LegacyReport::default();
        for chunk in accounts.chunks(BATCH) {
            let mut insert = Query::insert();
            insert
                .into_table(legacy_account::Entity)
                .columns([
                    legacy_account::Column::Email,
                    legacy_account::Column::Name,
                    legacy_account::Column::Country,
                    legacy_account::Column::LegacyNumber,
                    legacy_account::Column::ImportedAt,
                ])
                .on_conflict(OnConflict::column(legacy_account::Column::Email).do_nothing().to_owned());
            for a in chunk {
                insert.values_panic([
                    a.email.as_str().into(),
                    a.name.clone().into(),
                    a.country.clone().into(),
                    a.legacy_number.clone().into(),
                    ms(now).into(),
                ]);
            }
            let added = txn.execute(&insert).await?.rows_affected();
            let added = usize::try_from(added).unwrap_or(0);
            report.accounts_added += added;
            report.accounts_known += chunk.len() - added;
        }
        let mut ids = std::collections::HashMap::with_capacity(accounts.len());
        for chunk in accounts.chunks(BATCH) {
            let emails: Vec<String> = chunk.iter().map(|a| a.email.as_str().to_owned()).collect();
            let rows: Vec<(i64, String)> = legacy_account::Entity::find()
                .select_only()
                .column(legacy_account::Column::Id)
                .column(legacy_account::Column::Email)
                .filter(legacy_account::Column::Email.is_in(emails))
                .into_tuple()
                .all(&txn)
                .await?;
            ids.extend(rows.into_iter().map(|(id, email)| (email, id)));
        }
        let rows = accounts.iter().flat_map(|a| a.products.iter().map(move |p| (a, p)));
        let mut batch = Vec::with_capacity(BATCH);
        let flush = async |batch: &mut Vec<(i64, String, &cps_domain::legacy::LegacyProduct)>,
                           report: &mut LegacyReport|
               -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let mut insert = Query::insert();
            insert
                .into_table(legacy_product::Entity)
                .columns([
                    legacy_product::Column::LegacyAccountId,
                    legacy_product::Column::RowKey,
                    legacy_product::Column::Model,
                    legacy_product::Column::Serial,
                    legacy_product::Column::PurchaseDate,
                    legacy_product::Column::PurchaseCountry,
                    legacy_product::Column::Retailer,
                ])
                .on_conflict(OnConflict::column(legacy_product::Column::RowKey).do_nothing().to_owned());
            for (account_id, key, p) in batch.iter() {
                insert.values_panic([
                    (*account_id).into(),
                    key.clone().into(),
                    p.model.clone().into(),
                    p.serial.clone().into(),
                    p.purchase_date.clone().into(),
                    p.purchase_country.clone().into(),
                    p.retailer.clone().into(),
                ]);
            }
            let added = usize::try_from(txn.execute(&insert).await?.rows_affected()).unwrap_or(0);
            report.products_added += added;
            report.products_skipped += batch.len() - added;
            batch.clear();
            Ok(())
        };
        for (a, p) in rows {
            let id = *ids.get(a.email.as_str()).ok_or_else(|| StoreError::Corrupt("legacy account vanished".into()))?;
            batch.push((id, row_key(&a.email, p), p));
            if batch.len() == BATCH {
                flush(&mut batch, &mut report).await?;
            }
        }
        flush(&mut batch, &mut report).await?;
        txn.commit().await?;
        Ok(report)
    }

    /// The migration state of a business (see [`MigrationState`]).
    pub async fn migration_state(&self, business_id: i64) -> Result<MigrationState> {
        migration_state_in(self.conn(), business_id).await
    }

    /// Sends a confirmation link to the business's old CPS email.
    pub async fn request_old_email_confirmation(
        &self,
        business_id: i64,
        user_id: i64,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let txn = self.write().await?;
        let Some(b) = business::Entity::find_by_id(business_id).one(&txn).await? else { return Ok(false) };
        let Some(old) = b.old_email.as_deref().and_then(|e| Email::parse(e).ok()) else { return Ok(false) };
        let token = insert_token(&txn, user_id, TokenPurpose::ConfirmOldEmail, now).await?;
        auth_token::ActiveModel {
            token_hash: Set(token.hash.clone()),
            detail: Set(Some(old.as_str().to_owned())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        queue_mail(&txn, &old, lang, MailTemplate::ConfirmOldEmail { token: token.plain }, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Follows a confirmation link: the business's claim to the address it
    /// was sent to is proven, if that is still its old email.
    pub async fn confirm_old_email(&self, plain: &str, now: DateTime<Utc>) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let Some((user_id, address)) = spend_token(&txn, plain, TokenPurpose::ConfirmOldEmail, now).await? else {
            return Ok(false);
        };
        let Some(u) = user::Entity::find_by_id(user_id).one(&txn).await? else { return Ok(false) };
        let updated = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE businesses SET old_email_verified_at = $1 WHERE id = $2 AND old_email = $3",
                [ms(now).into(), u.business_id.into(), address.into()],
            ))
            .await?;
        txn.commit().await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Copies the legacy products into the business, once. Returns false when
    /// there was nothing to migrate (already done, or not allowed).
    pub async fn migrate_legacy(
        &self,
        business_id: i64,
        actor: Actor,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        let MigrationState::Available { old_email, .. } = migration_state_in(&txn, business_id).await? else {
            return Ok(false);
        };
        let Some(account) = legacy_account::Entity::find()
            .filter(legacy_account::Column::Email.eq(old_email.as_str()))
            .one(&txn)
            .await?
        else {
            return Ok(false);
        };
        // The claim: of two presses (or two businesses), one wins.
        let claimed = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE legacy_accounts SET migrated_business_id = $1, migrated_at = $2 WHERE id = $3 AND migrated_business_id IS NULL",
                [business_id.into(), ms(now).into(), account.id.into()],
            ))
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(false);
        }
        let products = legacy_product::Entity::find()
            .filter(legacy_product::Column::LegacyAccountId.eq(account.id))
            .order_by_asc(legacy_product::Column::Id)
            .all(&txn)
            .await?;
        for lp in products {
            let (outcome, product_id) = migrate_one(&txn, business_id, &lp, actor, self.points, today, now).await?;
            legacy_product::ActiveModel {
                id: Set(lp.id),
                outcome: Set(Some(outcome.as_str().to_owned())),
                product_id: Set(product_id),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        maybe_invite(&txn, business_id, self.points.invitation_threshold, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The legacy membership number of a business's migrated account, if any.
    pub async fn legacy_number(&self, business_id: i64) -> Result<Option<String>> {
        Ok(legacy_account::Entity::find()
            .filter(legacy_account::Column::MigratedBusinessId.eq(business_id))
            .one(self.conn())
            .await?
            .map(|a| a.legacy_number))
    }
}

async fn resolve_model<C: ConnectionTrait>(conn: &C, model: &str) -> Result<Option<CatalogueItem>> {
    if let Some(item) = catalogue_item_in(conn, &model.trim().to_uppercase()).await? {
        return Ok(Some(item));
    }
    use crate::catalogue::lower_of;
    use crate::entity::catalogue_item;
    let by_name = catalogue_item::Entity::find()
        .filter(lower_of(catalogue_item::Column::Name).eq(model.trim().to_lowercase()))
        .one(conn)
        .await?;
    by_name.map(item_from).transpose()
}

/// The old system's details, taken where they make sense; the rest is left
/// blank for the member to complete.
fn legacy_details(lp: &legacy_product::Model, item: &CatalogueItem, today: NaiveDate) -> ProductDetails {
    use chrono::Datelike;
    let purchase_date = lp
        .purchase_date
        .as_deref()
        .and_then(|d| cps_domain::product::parse_purchase_date(d).ok().flatten())
        .filter(|d| *d <= today && *d >= item.release_date.with_day(1).unwrap_or(item.release_date));
    ProductDetails {
        serial: lp.serial.as_deref().and_then(SerialNumber::normalise),
        purchase_date,
        purchase_country: lp.purchase_country.as_deref().and_then(|c| Country::parse(c).ok()),
        retailer: lp.retailer.clone().filter(|r| !r.trim().is_empty()),
    }
}

async fn migrate_one(
    conn: &sea_orm::DatabaseTransaction,
    business_id: i64,
    lp: &legacy_product::Model,
    actor: Actor,
    rules: crate::PointsRules,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Outcome, Option<i64>)> {
    let Some(item) = resolve_model(conn, &lp.model).await? else {
        return Ok((Outcome::UnknownModel, None));
    };
    let details = legacy_details(lp, &item, today);
    if let Some(serial) = &details.serial {
        let holder = crate::entity::product::Entity::find()
            .filter(crate::entity::product::Column::Serial.eq(serial.as_str()))
            .one(conn)
            .await?;
        if let Some(h) = holder {
            let outcome =
                if h.business_id == business_id { Outcome::AlreadyRegistered } else { Outcome::SerialElsewhere };
            return Ok((outcome, None));
        }
    }
    // A savepoint: a serial registered elsewhere in the meantime (the unique
    // index) lists this product without aborting the whole migration.
    let savepoint = conn.begin().await?;
    match insert_product(&savepoint, business_id, &item, &details, "migration", Some(lp.id), actor, rules, now).await {
        Ok(inserted) => {
            savepoint.commit().await?;
            Ok((if details.is_complete() { Outcome::Complete } else { Outcome::Incomplete }, Some(inserted.id)))
        }
        Err(f) => {
            let SerialTaken { .. } = f.refusal()?;
            savepoint.rollback().await?;
            Ok((Outcome::SerialElsewhere, None))
        }
    }
}

async fn migration_state_in<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<MigrationState> {
    // The business and the legacy account migrated into it, in one
    // statement: "Mina produkter" asks on every visit, and most businesses
    // never had an old account.
    #[derive(FromQueryResult)]
    struct BusinessAndAccount {
        created_at: i64,
        old_email: Option<String>,
        old_email_verified_at: Option<i64>,
        account_id: Option<i64>,
        legacy_number: Option<String>,
        migrated_at: Option<i64>,
    }
    let row = BusinessAndAccount::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT b.created_at, b.old_email, b.old_email_verified_at, \
                    la.id AS account_id, la.legacy_number, la.migrated_at \
             FROM businesses b LEFT JOIN legacy_accounts la ON la.migrated_business_id = b.id \
             WHERE b.id = $1 ORDER BY la.id LIMIT 1",
        [business_id.into()],
    ))
    .one(conn)
    .await?;
    let Some(row) = row else {
        return Ok(MigrationState::NoOldEmail { since: DateTime::UNIX_EPOCH });
    };
    if let Some(account_id) = row.account_id {
        let rows = legacy_product::Entity::find()
            .filter(legacy_product::Column::LegacyAccountId.eq(account_id))
            .order_by_asc(legacy_product::Column::Id)
            .all(conn)
            .await?;
        let items = rows
            .into_iter()
            .map(|r| MigratedItem {
                model: r.model,
                serial: r.serial,
                outcome: r.outcome.as_deref().and_then(Outcome::parse).unwrap_or(Outcome::Incomplete),
            })
            .collect();
        return Ok(MigrationState::Migrated {
            at: from_ms(row.migrated_at.unwrap_or(0)),
            legacy_number: row.legacy_number.unwrap_or_default(),
            items,
        });
    }
    let (created_at, old_email_verified_at) = (row.created_at, row.old_email_verified_at);
    let Some(old_email) = row.old_email.as_deref().and_then(|e| Email::parse(e).ok()) else {
        return Ok(MigrationState::NoOldEmail { since: from_ms(created_at) });
    };
    let is_verified_login = user::Entity::find()
        .filter(user::Column::BusinessId.eq(business_id))
        .filter(user::Column::Email.eq(old_email.as_str()))
        .filter(user::Column::EmailVerifiedAt.is_not_null())
        .one(conn)
        .await?
        .is_some();
    if !is_verified_login && old_email_verified_at.is_none() {
        return Ok(MigrationState::NotProven { old_email });
    }
    let Some(account) =
        legacy_account::Entity::find().filter(legacy_account::Column::Email.eq(old_email.as_str())).one(conn).await?
    else {
        return Ok(MigrationState::NoLegacyAccount { old_email });
    };
    if account.migrated_business_id.is_some() {
        return Ok(MigrationState::TakenElsewhere { old_email });
    }
    let products = legacy_product::Entity::find()
        .filter(legacy_product::Column::LegacyAccountId.eq(account.id))
        .all(conn)
        .await?
        .len();
    Ok(MigrationState::Available { old_email, legacy_number: account.legacy_number, products })
}
