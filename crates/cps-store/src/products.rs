//! Registered products and the points ledger. Every change of a product and
//! the ledger entries it causes (and the invitation it may trigger) are one
//! transaction; the balance is always the sum of the ledger.

use crate::entity::{catalogue_item, ledger_entry, product};
use crate::jobs::enqueue;
use crate::{Outcome, PointsRules, Result, Store, StoreError, from_ms, is_unique_violation, ms, refuse};
use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::catalogue::{CatalogueItem, Category, Decline};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::points::{EntryKind, invitation_due, worth};
use cps_domain::product::{Missing, ProductDetails};
use cps_domain::serial::{SerialNumber, SerialPattern};
use cps_domain::{Country, Email, Lang};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};

/// Who caused a ledger entry.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Member(i64),
    Staff(i64),
    System,
}

impl Actor {
    fn as_text(self) -> String {
        match self {
            Actor::Member(id) => format!("member:{id}"),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::System => "system".into(),
        }
    }
}

/// A registered product as the member sees it.
#[derive(Debug, Clone)]
pub struct ProductView {
    pub id: i64,
    pub model_code: String,
    pub model_name: String,
    pub category: Option<Category>,
    pub details: ProductDetails,
    /// What the ledger gives this product now.
    pub points_held: i64,
    /// What the catalogue would give it if completed now.
    pub catalogue_points: i64,
    pub serial_pattern: String,
    pub from_migration: bool,
}

impl ProductView {
    pub fn missing(&self) -> Vec<Missing> {
        self.details.missing()
    }

    pub fn is_complete(&self) -> bool {
        self.details.is_complete()
    }
}

/// A product as a member picks it from a list (see [`Store::product_choices`]).
#[derive(Debug, Clone)]
pub struct ProductChoice {
    pub id: i64,
    pub model_name: String,
    pub details: ProductDetails,
}

/// The live products of a business, newest registration first.
fn live_newest_first(business_id: i64) -> sea_orm::Select<product::Entity> {
    product::Entity::find()
        .filter(product::Column::BusinessId.eq(business_id))
        .filter(product::Column::RemovedAt.is_null())
        .order_by_desc(product::Column::CreatedAt)
        .order_by_desc(product::Column::Id)
}

#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub amount: i64,
    pub reason: Option<String>,
    pub product: Option<String>,
    pub serial: Option<String>,
}

/// The serial is registered already: by this business, or by another
/// (which is never named).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerialTaken {
    pub by_us: bool,
}

/// Why a registration was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterRefused {
    /// No such model in the catalogue, or withdrawn from it.
    UnknownModel,
    SerialTaken(SerialTaken),
}

/// Why a product's details were not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateRefused {
    /// The business has no such (live) product.
    NotFound,
    SerialTaken(SerialTaken),
}

/// Why a product was not removed: the business has no such (live) product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductNotFound;

pub(crate) fn item_from(m: catalogue_item::Model) -> Result<CatalogueItem> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("catalogue item {}: {what}", m.model_code));
    Ok(CatalogueItem {
        category: Category::parse(&m.category).ok_or_else(|| corrupt("category"))?,
        release_date: NaiveDate::parse_from_str(&m.release_date, "%Y-%m-%d").map_err(|_| corrupt("date"))?,
        serial_pattern: SerialPattern::parse(&m.serial_pattern).map_err(|_| corrupt("serial pattern"))?,
        decline: Decline::parse(&m.decline, m.points).map_err(|_| corrupt("decline"))?,
        points: m.points,
        name: m.name,
        model_code: m.model_code,
    })
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn details_from(p: &product::Model) -> ProductDetails {
    details(p.serial.clone(), p.purchase_date.as_deref(), p.purchase_country.as_deref(), p.retailer.clone())
}

/// A product's details from their stored form.
fn details(
    serial: Option<String>,
    purchase_date: Option<&str>,
    purchase_country: Option<&str>,
    retailer: Option<String>,
) -> ProductDetails {
    ProductDetails {
        serial: serial.map(SerialNumber::from_stored),
        purchase_date: purchase_date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        purchase_country: purchase_country.and_then(|c| Country::parse(c).ok()),
        retailer,
    }
}

/// Which of a business's live products [`Store::product_views`] reads.
enum Which {
    All,
    One(i64),
    /// The API's pages: newest id first, below `before`.
    Page {
        before: Option<i64>,
        limit: u64,
    },
}

/// The live products of a business, each with what the ledger gives it,
/// and on every row the business's whole balance (those plus the entries of
/// no product: staff adjustments). $1 is the business.
/// (A join on the grouped ledger made SQLite build a temporary index for
/// every page: twice as slow as the per-product sums on the product index.)
const PRODUCT_VIEWS: &str = "SELECT p.id, p.model_code, p.serial, p.purchase_date, p.purchase_country, \
       p.retailer, p.source, \
       CAST(COALESCE((SELECT SUM(l.amount) FROM points_ledger l WHERE l.product_id = p.id), 0) AS BIGINT) AS held, \
       CAST(COALESCE((SELECT SUM(amount) FROM points_ledger WHERE business_id = $1), 0) AS BIGINT) AS balance \
     FROM products p WHERE p.business_id = $1 AND p.removed_at IS NULL";

/// A row of [`PRODUCT_VIEWS`].
#[derive(FromQueryResult)]
struct ProductViewRow {
    id: i64,
    model_code: String,
    serial: Option<String>,
    purchase_date: Option<String>,
    purchase_country: Option<String>,
    retailer: Option<String>,
    source: String,
    held: i64,
    balance: i64,
}

#[expect(clippy::too_many_arguments, reason = "one ledger entry's fields and its transaction")]
pub(crate) async fn add_entry<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    product_id: Option<i64>,
    kind: EntryKind,
    amount: i64,
    reason: Option<String>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    ledger_entry::ActiveModel {
        business_id: Set(business_id),
        product_id: Set(product_id),
        kind: Set(kind.as_str().to_owned()),
        amount: Set(amount),
        reason: Set(reason),
        actor: Set(actor.as_text()),
        created_at: Set(ms(now)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn sum<C: ConnectionTrait>(conn: &C, column: &str, id: i64) -> Result<i64> {
    let sql =
        format!("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM points_ledger WHERE {column} = $1");
    let total =
        crate::scalar(conn, Statement::from_sql_and_values(conn.get_database_backend(), sql, [id.into()])).await?;
    Ok(total.unwrap_or(0))
}

pub(crate) async fn balance_of<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<i64> {
    sum(conn, "business_id", business_id).await
}

pub(crate) async fn held_by<C: ConnectionTrait>(conn: &C, product_id: i64) -> Result<i64> {
    sum(conn, "product_id", product_id).await
}

/// After a change that may raise the balance: the first time it reaches the
/// threshold, mark the business invited and queue the mail. The mark is a
/// conditional update, so concurrent changes send one invitation.
pub(crate) async fn maybe_invite<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    threshold: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let balance = balance_of(conn, business_id).await?;
    if !invitation_due(balance, threshold, false) {
        return Ok(());
    }
    let backend = conn.get_database_backend();
    let marked = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE businesses SET invited_at = $1 WHERE id = $2 AND invited_at IS NULL",
            [ms(now).into(), business_id.into()],
        ))
        .await?;
    if marked.rows_affected() == 1 {
        let owners = crate::entity::user::Entity::find()
            .filter(crate::entity::user::Column::BusinessId.eq(business_id))
            .filter(crate::entity::user::Column::Role.eq(cps_domain::mail::Role::Owner.as_str()))
            .all(conn)
            .await?;
        for u in owners {
            let to = Email::parse(&u.email).map_err(|e| StoreError::Corrupt(e.into()))?;
            let mail = Mail {
                to,
                lang: Lang::parse(&u.language).unwrap_or_default(),
                template: MailTemplate::Invitation { points: balance },
            };
            enqueue(conn, &mail, now, now).await?;
        }
    }
    Ok(())
}

/// Which business holds a serial now, if any.
async fn serial_holder<C: ConnectionTrait>(
    conn: &C,
    serial: &SerialNumber,
    except_product: Option<i64>,
) -> Result<Option<i64>> {
    let mut q = product::Entity::find().filter(product::Column::Serial.eq(serial.as_str()));
    if let Some(id) = except_product {
        q = q.filter(product::Column::Id.ne(id));
    }
    Ok(q.one(conn).await?.map(|p| p.business_id))
}

pub(crate) async fn catalogue_item_in<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<CatalogueItem>> {
    catalogue_item::Entity::find_by_id(code.to_owned()).one(conn).await?.map(item_from).transpose()
}

/// What a product of `item` with these details is worth when it completes
/// `now` (the age decline applied when it is on).
fn worth_at_completion(item: &CatalogueItem, details: &ProductDetails, decline_on: bool, now: DateTime<Utc>) -> i64 {
    worth(item.points, &item.decline, details.purchase_date, now.date_naive(), decline_on)
}

/// Inserts a product in the caller's transaction, allocating its points when
/// complete. The serial must have been checked free by the caller.
#[expect(clippy::too_many_arguments, reason = "the product's fields and the caller's context")]
pub(crate) async fn insert_product<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    item: &CatalogueItem,
    details: &ProductDetails,
    source: &str,
    legacy_product_id: Option<i64>,
    actor: Actor,
    rules: PointsRules,
    now: DateTime<Utc>,
) -> Outcome<Inserted, SerialTaken> {
    let complete = details.is_complete();
    let inserted = product::ActiveModel {
        business_id: Set(business_id),
        model_code: Set(item.model_code.clone()),
        serial: Set(details.serial.as_ref().map(|s| s.as_str().to_owned())),
        purchase_date: Set(date_text(details.purchase_date)),
        purchase_country: Set(details.purchase_country.map(|c| c.code().to_owned())),
        retailer: Set(details.retailer.clone()),
        points_earned: Set(complete.then_some(item.points)),
        completed_at: Set(complete.then_some(ms(now))),
        source: Set(source.to_owned()),
        legacy_product_id: Set(legacy_product_id),
        created_at: Set(ms(now)),
        updated_at: Set(ms(now)),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await;
    let p = match inserted {
        Err(e) if is_unique_violation(&e) => return refuse(SerialTaken { by_us: false }),
        other => other?,
    };
    let mut points = 0;
    if complete {
        points = worth_at_completion(item, details, rules.decline, now);
        add_entry(conn, business_id, Some(p.id), EntryKind::Allocation, points, None, actor, now).await?;
    }
    Ok(Inserted { id: p.id, points })
}

/// A product [`insert_product`] saved, and the points allocated to it.
pub(crate) struct Inserted {
    pub id: i64,
    pub points: i64,
}

impl Store {
    /// Registers a product for a business.
    pub async fn register_product(
        &self,
        business_id: i64,
        model_code: &str,
        details: &ProductDetails,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Outcome<i64, RegisterRefused> {
        let txn = self.write().await?;
        let registered = self.register_in(&txn, business_id, model_code, details, actor, now).await?;
        txn.commit().await?;
        Ok(registered.id)
    }

    /// [`Store::register_product`] under an idempotency key (the member
    /// API's POST): the registration and the response `respond` makes of it
    /// are saved in one transaction, so the same key with the same request
    /// answers the saved response and registers nothing twice. A refusal is
    /// not saved (nothing was written; the caller may retry).
    #[expect(clippy::too_many_arguments, reason = "the product's fields, the key and the caller's context")]
    pub async fn register_product_keyed(
        &self,
        key: crate::api::IdempotencyKey<'_>,
        business_id: i64,
        model_code: &str,
        details: &ProductDetails,
        actor: Actor,
        now: DateTime<Utc>,
        respond: impl FnOnce(&ProductView) -> crate::api::SavedResponse,
    ) -> Outcome<crate::api::Keyed<crate::api::SavedResponse>, RegisterRefused> {
        use crate::api::Keyed;
        let txn = self.write().await?;
        match Store::saved_response(&txn, key).await? {
            Some(Keyed::Replay(saved)) => return Ok(Keyed::Replay(saved)),
            Some(_) => return Ok(Keyed::KeyReused),
            None => {}
        }
        let registered = self.register_in(&txn, business_id, model_code, details, actor, now).await?;
        let response = respond(&registered);
        if !Store::save_response(&txn, key, &response, now).await? {
            // Another request with this key got there first; this one's
            // registration rolls back with the transaction.
            return Ok(Keyed::InProgress);
        }
        txn.commit().await?;
        Ok(Keyed::Fresh(response))
    }

    async fn register_in<C: ConnectionTrait>(
        &self,
        txn: &C,
        business_id: i64,
        model_code: &str,
        details: &ProductDetails,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Outcome<ProductView, RegisterRefused> {
        let active = catalogue_item::Entity::find_by_id(model_code.to_owned())
            .filter(catalogue_item::Column::Active.eq(true))
            .one(txn)
            .await?;
        let Some(item) = active.map(item_from).transpose()? else {
            return refuse(RegisterRefused::UnknownModel);
        };
        if let Some(serial) = &details.serial
            && let Some(holder) = serial_holder(txn, serial, None).await?
        {
            return refuse(RegisterRefused::SerialTaken(SerialTaken { by_us: holder == business_id }));
        }
        let inserted =
            match insert_product(txn, business_id, &item, details, "member", None, actor, self.points, now).await {
                Ok(inserted) => inserted,
                Err(f) => return refuse(RegisterRefused::SerialTaken(f.refusal()?)),
            };
        maybe_invite(txn, business_id, self.points.invitation_threshold, now).await?;
        Ok(ProductView {
            id: inserted.id,
            model_code: item.model_code.clone(),
            model_name: item.name.clone(),
            category: Some(item.category),
            details: details.clone(),
            // Nothing else can have written to a product made in this
            // transaction: it holds what was allocated.
            points_held: inserted.points,
            catalogue_points: item.points,
            serial_pattern: item.serial_pattern.as_str().to_owned(),
            from_migration: false,
        })
    }

    /// Changes the details of a product. Becoming complete allocates the
    /// catalogue's current value; becoming incomplete reverses what it holds.
    pub async fn update_product(
        &self,
        business_id: i64,
        product_id: i64,
        details: &ProductDetails,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Outcome<(), UpdateRefused> {
        let txn = self.write().await?;
        let Some(p) = live_product(&txn, business_id, product_id).await? else {
            return refuse(UpdateRefused::NotFound);
        };
        if let Some(serial) = &details.serial
            && let Some(holder) = serial_holder(&txn, serial, Some(product_id)).await?
        {
            return refuse(UpdateRefused::SerialTaken(SerialTaken { by_us: holder == business_id }));
        }
        let was_complete = p.completed_at.is_some();
        let now_complete = details.is_complete();
        let item = catalogue_item_in(&txn, &p.model_code).await?.ok_or(StoreError::Corrupt("model vanished".into()))?;
        let mut m: product::ActiveModel = p.into();
        m.serial = Set(details.serial.as_ref().map(|s| s.as_str().to_owned()));
        m.purchase_date = Set(date_text(details.purchase_date));
        m.purchase_country = Set(details.purchase_country.map(|c| c.code().to_owned()));
        m.retailer = Set(details.retailer.clone());
        m.updated_at = Set(ms(now));
        if !was_complete && now_complete {
            m.points_earned = Set(Some(item.points));
            m.completed_at = Set(Some(ms(now)));
        } else if was_complete && !now_complete {
            m.points_earned = Set(None);
            m.completed_at = Set(None);
        }
        match m.update(&txn).await {
            Err(e) if is_unique_violation(&e) => {
                return refuse(UpdateRefused::SerialTaken(SerialTaken { by_us: false }));
            }
            other => other?,
        };
        if !was_complete && now_complete {
            let amount = worth_at_completion(&item, details, self.points.decline, now);
            add_entry(&txn, business_id, Some(product_id), EntryKind::Allocation, amount, None, actor, now).await?;
            maybe_invite(&txn, business_id, self.points.invitation_threshold, now).await?;
        } else if was_complete && !now_complete {
            let held = held_by(&txn, product_id).await?;
            if held != 0 {
                add_entry(&txn, business_id, Some(product_id), EntryKind::Reversal, -held, None, actor, now).await?;
            }
        }
        txn.commit().await?;
        Ok(())
    }

    /// Removes a product: its points go back and its serial is free again.
    /// The row stays (marked removed) so the ledger keeps its history.
    pub async fn remove_product(
        &self,
        business_id: i64,
        product_id: i64,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Outcome<(), ProductNotFound> {
        let txn = self.write().await?;
        let Some(p) = live_product(&txn, business_id, product_id).await? else {
            return refuse(ProductNotFound);
        };
        let held = held_by(&txn, product_id).await?;
        if held != 0 {
            add_entry(&txn, business_id, Some(product_id), EntryKind::Reversal, -held, None, actor, now).await?;
        }
        let mut m: product::ActiveModel = p.into();
        m.serial = Set(None);
        m.removed_at = Set(Some(ms(now)));
        m.updated_at = Set(ms(now));
        m.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The live products of a business, newest first.
    pub async fn products(&self, business_id: i64) -> Result<Vec<ProductView>> {
        Ok(self.product_views(business_id, Which::All).await?.0)
    }

    /// The business's products (newest first) and its points balance:
    /// "Mina produkter" needs both, and reads them with one statement.
    pub async fn products_and_balance(&self, business_id: i64) -> Result<(Vec<ProductView>, i64)> {
        let (views, balance) = self.product_views(business_id, Which::All).await?;
        // Without a live product the statement gave no row to carry it.
        let balance = match balance {
            Some(b) => b,
            None => balance_of(self.conn(), business_id).await?,
        };
        Ok((views, balance))
    }

    pub async fn product(&self, business_id: i64, product_id: i64) -> Result<Option<ProductView>> {
        Ok(self.product_views(business_id, Which::One(product_id)).await?.0.pop())
    }

    /// A page of the live products of a business for the member API,
    /// newest registration first: at most `limit` with an id below `before`.
    pub async fn products_page(&self, business_id: i64, before: Option<i64>, limit: u64) -> Result<Vec<ProductView>> {
        Ok(self.product_views(business_id, Which::Page { before, limit }).await?.0)
    }

    /// The business's live products as a member picks one of them (the
    /// support and service request forms), newest first: without their
    /// points, so the ledger is not read.
    pub async fn product_choices(&self, business_id: i64) -> Result<Vec<ProductChoice>> {
        let rows = live_newest_first(business_id).all(self.conn()).await?;
        let reference = self.reference().await?;
        Ok(rows
            .into_iter()
            .map(|p| ProductChoice {
                id: p.id,
                model_name: reference
                    .catalogue
                    .get(&p.model_code)
                    .map_or_else(|| p.model_code.clone(), |i| i.name.clone()),
                details: details_from(&p),
            })
            .collect())
    }

    /// The chosen live products with what the ledger gives each, in one
    /// statement (see [`PRODUCT_VIEWS`]), and the business's balance when
    /// at least one row carried it.
    async fn product_views(&self, business_id: i64, which: Which) -> Result<(Vec<ProductView>, Option<i64>)> {
        let mut values: Vec<sea_orm::Value> = vec![business_id.into()];
        let sql = match which {
            Which::All => format!("{PRODUCT_VIEWS} ORDER BY p.created_at DESC, p.id DESC"),
            Which::One(id) => {
                values.push(id.into());
                format!("{PRODUCT_VIEWS} AND p.id = $2")
            }
            Which::Page { before: Some(id), limit } => {
                values.push(id.into());
                format!("{PRODUCT_VIEWS} AND p.id < $2 ORDER BY p.id DESC LIMIT {limit}")
            }
            Which::Page { before: None, limit } => format!("{PRODUCT_VIEWS} ORDER BY p.id DESC LIMIT {limit}"),
        };
        let rows = ProductViewRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            sql,
            values,
        ))
        .all(self.conn())
        .await?;
        // The models from memory (see crate::reference).
        let reference = self.reference().await?;
        let balance = rows.first().map(|r| r.balance);
        let views = rows
            .into_iter()
            .map(|p| {
                let item = reference.catalogue.get(&p.model_code);
                ProductView {
                    id: p.id,
                    model_name: item.map_or_else(|| p.model_code.clone(), |i| i.name.clone()),
                    category: item.and_then(|i| Category::parse(&i.category)),
                    details: details(p.serial, p.purchase_date.as_deref(), p.purchase_country.as_deref(), p.retailer),
                    points_held: p.held,
                    catalogue_points: item.map_or(0, |i| i.points),
                    serial_pattern: item.map(|i| i.serial_pattern.clone()).unwrap_or_default(),
                    from_migration: p.source == "migration",
                    model_code: p.model_code,
                }
            })
            .collect();
        Ok((views, balance))
    }

    pub async fn balance(&self, business_id: i64) -> Result<i64> {
        balance_of(self.conn(), business_id).await
    }

    /// Whether the business has been invited to join (crossed the threshold).
    pub async fn invited(&self, business_id: i64) -> Result<bool> {
        Ok(crate::entity::business::Entity::find_by_id(business_id)
            .one(self.conn())
            .await?
            .is_some_and(|b| b.invited_at.is_some()))
    }

    /// The ledger of a business, newest first, and its balance (the sum of
    /// all of it), in one statement.
    pub async fn ledger(&self, business_id: i64) -> Result<(Vec<LedgerLine>, i64)> {
        #[derive(FromQueryResult)]
        struct LedgerRow {
            created_at: i64,
            kind: String,
            amount: i64,
            reason: Option<String>,
            model_code: Option<String>,
            serial: Option<String>,
        }
        let rows = LedgerRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT l.created_at, l.kind, l.amount, l.reason, p.model_code, p.serial \
             FROM points_ledger l LEFT JOIN products p ON p.id = l.product_id \
             WHERE l.business_id = $1 ORDER BY l.created_at DESC, l.id DESC",
            [business_id.into()],
        ))
        .all(self.conn())
        .await?;
        // The models' names from memory (see crate::reference).
        let reference = self.reference().await?;
        let balance = rows.iter().map(|r| r.amount).sum();
        let lines = rows
            .into_iter()
            .map(|e| LedgerLine {
                at: from_ms(e.created_at),
                kind: EntryKind::parse(&e.kind).unwrap_or(EntryKind::Adjustment),
                amount: e.amount,
                reason: e.reason,
                product: e
                    .model_code
                    .map(|code| reference.catalogue.get(&code).map_or(code.clone(), |i| i.name.clone())),
                serial: e.serial,
            })
            .collect();
        Ok((lines, balance))
    }

    /// Retailers this business has named before, for suggestions.
    pub async fn retailers(&self, business_id: i64) -> Result<Vec<String>> {
        let rows: Vec<Option<String>> = product::Entity::find()
            .select_only()
            .column(product::Column::Retailer)
            .filter(product::Column::BusinessId.eq(business_id))
            .filter(product::Column::Retailer.is_not_null())
            .distinct()
            .into_tuple()
            .all(self.conn())
            .await?;
        let mut names: Vec<String> = rows.into_iter().flatten().collect();
        names.sort();
        Ok(names)
    }
}

async fn live_product<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    product_id: i64,
) -> Result<Option<product::Model>> {
    Ok(product::Entity::find_by_id(product_id)
        .filter(product::Column::BusinessId.eq(business_id))
        .filter(product::Column::RemovedAt.is_null())
        .one(conn)
        .await?)
}

/// Products read per query by the decline (by id range, no lock held).
const DECLINE_SCAN: i64 = 20_000;
/// Decline entries written per write transaction: short, so member
/// requests never wait long for the write lock.
const DECLINE_WRITE: usize = 500;

/// A product the decline looks at: what it earned, when it was bought and
/// what the ledger gives it now.
#[derive(FromQueryResult)]
struct DeclineRow {
    id: i64,
    business_id: i64,
    model_code: String,
    earned: i64,
    purchase_date: Option<String>,
    held: i64,
}

impl DeclineRow {
    fn purchase(&self) -> Option<NaiveDate> {
        self.purchase_date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }
}

const DECLINE_ROW_SQL: &str = "SELECT p.id, p.business_id, p.model_code, p.points_earned AS earned, p.purchase_date, \
     (SELECT CAST(COALESCE(SUM(l.amount), 0) AS BIGINT) FROM points_ledger l WHERE l.product_id = p.id) AS held \
     FROM products p WHERE p.completed_at IS NOT NULL AND p.removed_at IS NULL AND p.points_earned IS NOT NULL \
     AND p.purchase_date IS NOT NULL AND p.model_code IN (SELECT model_code FROM catalogue_items WHERE decline <> '')";

/// The decline entry `row` needs today, if any (the domain's rule).
fn decline_of(
    items: &std::collections::HashMap<String, CatalogueItem>,
    row: &DeclineRow,
    today: NaiveDate,
) -> Option<i64> {
    let item = items.get(&row.model_code)?;
    let purchase = row.purchase()?;
    // The job runs only when the decline is on.
    let worth = worth(row.earned, &item.decline, Some(purchase), today, true);
    cps_domain::points::decline_needed(row.held, worth)
}

impl Store {
    /// The daily age-based decline: every complete product whose model has
    /// a decline and whose points exceed what its age allows gets a decline
    /// entry. Running it twice on a day changes nothing the second time.
    ///
    /// Built for millions of products: the products are read by id range
    /// without a lock; only those needing an entry are read again inside a
    /// short write transaction (at most [`DECLINE_WRITE`] of them), which
    /// re-checks them against the ledger as it is then and writes their
    /// entries in one statement. A product changed in between is judged on
    /// its state at the write.
    pub async fn apply_decline(&self, today: NaiveDate, now: DateTime<Utc>) -> Result<usize> {
        let items: std::collections::HashMap<String, CatalogueItem> = catalogue_item::Entity::find()
            .filter(catalogue_item::Column::Decline.ne(""))
            .all(self.conn())
            .await?
            .into_iter()
            .map(|m| item_from(m).map(|i| (i.model_code.clone(), i)))
            .collect::<Result<_>>()?;
        if items.is_empty() {
            return Ok(0);
        }
        let backend = self.conn().get_database_backend();
        let last = crate::scalar(
            self.conn(),
            Statement::from_string(backend, "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS last FROM products"),
        )
        .await?
        .unwrap_or(0);
        let mut applied = 0;
        let mut candidates: Vec<i64> = Vec::new();
        let mut from = 0_i64;
        while from < last {
            let to = from + DECLINE_SCAN;
            let rows = DeclineRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                format!("{DECLINE_ROW_SQL} AND p.id > $1 AND p.id <= $2"),
                [from.into(), to.into()],
            ))
            .all(self.conn())
            .await?;
            candidates.extend(rows.iter().filter(|r| decline_of(&items, r, today).is_some()).map(|r| r.id));
            while candidates.len() >= DECLINE_WRITE {
                let batch: Vec<i64> = candidates.drain(..DECLINE_WRITE).collect();
                applied += self.write_declines(&items, &batch, today, now).await?;
            }
            from = to;
        }
        if !candidates.is_empty() {
            applied += self.write_declines(&items, &candidates, today, now).await?;
        }
        Ok(applied)
    }

    /// One short write transaction: `ids` read again under the write lock,
    /// and the decline entries they still need written in one statement.
    async fn write_declines(
        &self,
        items: &std::collections::HashMap<String, CatalogueItem>,
        ids: &[i64],
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let backend = self.conn().get_database_backend();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let txn = self.write().await?;
        let rows = DeclineRow::find_by_statement(Statement::from_string(
            backend,
            format!("{DECLINE_ROW_SQL} AND p.id IN ({list})"),
        ))
        .all(&txn)
        .await?;
        let entries: Vec<(i64, i64, i64)> = rows
            .iter()
            .filter_map(|r| decline_of(items, r, today).map(|amount| (r.business_id, r.id, amount)))
            .collect();
        if !entries.is_empty() {
            let mut values = Vec::with_capacity(entries.len() * 3);
            let mut placeholders = Vec::with_capacity(entries.len());
            for (k, (business, product, amount)) in entries.iter().enumerate() {
                placeholders.push(format!(
                    "(${}, ${}, '{}', ${}, NULL, '{}', {})",
                    3 * k + 1,
                    3 * k + 2,
                    EntryKind::Decline.as_str(),
                    3 * k + 3,
                    Actor::System.as_text(),
                    ms(now)
                ));
                values.extend([sea_orm::Value::from(*business), (*product).into(), (*amount).into()]);
            }
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO points_ledger (business_id, product_id, kind, amount, reason, actor, created_at) VALUES {}",
                    placeholders.join(", ")
                ),
                values,
            ))
            .await?;
        }
        // SQLite's ledger trigger leaves decline entries to this (see
        // migration m0038): each business of the batch changed once.
        // PostgreSQL's statement trigger has done so already.
        if !entries.is_empty() && backend == DbBackend::Sqlite {
            let mut businesses: Vec<i64> = entries.iter().map(|(business, _, _)| *business).collect();
            businesses.sort_unstable();
            businesses.dedup();
            let list = businesses.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            txn.execute_unprepared(&format!(
                "UPDATE businesses SET data_version = data_version + 1 WHERE id IN ({list})"
            ))
            .await?;
        }
        txn.commit().await?;
        Ok(entries.len())
    }
}
