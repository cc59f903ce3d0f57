//! Tiers, checkout and memberships. A checkout is one transaction: the order
//! (which billing turns into an invoice), the membership (active at once),
//! its new number and the confirmation mail. The same idempotency key, or a
//! second tab, never makes a second membership.

use crate::entity::{business, membership, order, product};
use crate::jobs::{IssueInvoice, enqueue};
use crate::{Failure, Outcome, Result, Store, StoreError, is_unique_violation, ms, refuse};
use chrono::{DateTime, NaiveDate, Utc};
use cps_domain::checkout::{Buyer, Running, SellerVat, eligibility};
use cps_domain::mail::{Mail, MailTemplate};
use cps_domain::membership::MembershipNumber;
use cps_domain::tiers::Tier;
use cps_domain::{Country, Email, Lang};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, Statement,
};

use cps_domain::status::{InvoiceKind, InvoiceStatus};
/// How the member pays.
pub use cps_domain::status::{MembershipStatus, PaymentMethod};

/// The seller's side of the VAT rules (configuration).
#[derive(Debug, Clone, Copy)]
pub struct SellerRules {
    pub country: Country,
    pub vat_rate_bp: i64,
    /// How long after the order its invoice is issued ("within a few hours").
    pub invoice_delay: chrono::Duration,
}

/// See [`Store::standing`].
#[derive(Debug, Clone)]
pub struct Standing {
    pub country: Country,
    pub points: i64,
    pub complete_products: u32,
    pub current: Option<Membership>,
    pub renewed: bool,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub tier_code: String,
    pub tier_name: String,
    pub kind: String,
    pub number: MembershipNumber,
    pub previous_number: Option<String>,
    pub term_years: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: MembershipStatus,
    pub order_id: i64,
}

impl Membership {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.status == MembershipStatus::Active && self.starts_on <= today && today <= self.ends_on
    }

    /// A term already taken that starts after today (an early renewal).
    pub fn is_renewal(&self, today: NaiveDate) -> bool {
        self.status == MembershipStatus::Active && self.starts_on > today
    }
}

// The checkout's decisions (eligibility, price) are rules in the domain.
pub use cps_domain::checkout::{CheckoutRefused, Quote};

#[derive(Debug, Clone)]
pub struct CheckoutDone {
    pub order_id: i64,
    pub membership: Membership,
}

pub struct CheckoutRequest<'a> {
    pub business_id: i64,
    pub user_id: i64,
    pub idempotency_key: &'a str,
    pub tier_code: &'a str,
    pub years: u32,
    pub method: PaymentMethod,
    /// The card saved at the provider, for card payments.
    pub card: Option<crate::payments::CardToken>,
    /// "Er referens / Your reference" for this order's invoice (else the
    /// business's own, from the account settings).
    pub buyer_reference: Option<&'a str>,
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("date {s}")))
}

fn membership_from(m: membership::Model) -> Result<Membership> {
    Ok(Membership {
        id: m.id,
        number: crate::parsed("membership number", &m.number, MembershipNumber::parse)?,
        starts_on: date(&m.starts_on)?,
        ends_on: date(&m.ends_on)?,
        term_years: u32::try_from(m.term_years).unwrap_or(1),
        tier_code: m.tier_code,
        tier_name: m.tier_name,
        kind: m.kind,
        previous_number: m.previous_number,
        status: crate::parsed("membership status", &m.status, MembershipStatus::parse)?,
        order_id: m.order_id,
    })
}

pub(crate) async fn tiers_in<C: ConnectionTrait>(conn: &C) -> Result<Vec<Tier>> {
    #[derive(FromQueryResult)]
    struct TierRow {
        definition: String,
    }
    let rows = TierRow::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        "SELECT definition FROM tiers WHERE active = TRUE ORDER BY sort, code",
    ))
    .all(conn)
    .await?;
    rows.into_iter()
        .map(|r| serde_json::from_str(&r.definition).map_err(|e| StoreError::Corrupt(format!("tier: {e}"))))
        .collect()
}

async fn complete_products_in<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<u32> {
    let n = product::Entity::find()
        .filter(product::Column::BusinessId.eq(business_id))
        .filter(product::Column::RemovedAt.is_null())
        .filter(product::Column::CompletedAt.is_not_null())
        .count(conn)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A membership by id (any business: callers scope it).
pub(crate) async fn membership_by_id_in<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<Membership>> {
    membership::Entity::find_by_id(id).one(conn).await?.map(membership_from).transpose()
}

pub(crate) async fn current_in_pub<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    today: NaiveDate,
) -> Result<Option<Membership>> {
    current_in(conn, business_id, today).await
}

/// The business's active memberships, newest first: the current one and a
/// renewal are picked from them ([`Membership::is_current`],
/// [`Membership::is_renewal`]).
async fn active_in<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<Vec<Membership>> {
    membership::Entity::find()
        .filter(membership::Column::BusinessId.eq(business_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .order_by_desc(membership::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(membership_from)
        .collect()
}

async fn current_in<C: ConnectionTrait>(conn: &C, business_id: i64, today: NaiveDate) -> Result<Option<Membership>> {
    Ok(active_in(conn, business_id).await?.into_iter().find(|m| m.is_current(today)))
}

/// Whether the business has a membership that starts after today (a renewal).
async fn renewed_in<C: ConnectionTrait>(conn: &C, business_id: i64, today: NaiveDate) -> Result<bool> {
    Ok(active_in(conn, business_id).await?.iter().any(|m| m.is_renewal(today)))
}

/// The price of `tier` for `years` for this business today: loads the
/// buyer, its running membership and the tiers, and asks the rule
/// (`cps_domain::checkout::quote`).
async fn quote_in<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    tier: &Tier,
    years: u32,
    seller: SellerRules,
    today: NaiveDate,
) -> Outcome<Quote, CheckoutRefused> {
    let Some(b) = business::Entity::find_by_id(business_id).one(conn).await? else {
        return refuse(CheckoutRefused::NotQualified);
    };
    let country = Country::parse(&b.country).map_err(|e| StoreError::Corrupt(e.into()))?;
    let running = match current_in(conn, business_id, today).await? {
        Some(current) => Some(running_in(conn, business_id, &current, today).await?),
        None => None,
    };
    let tiers = if running.is_some() { tiers_in(conn).await? } else { Vec::new() };
    // Reverse charge only for a VAT number VIES confirmed (cps_domain::vies).
    let confirmed = crate::vies::confirmed_in(conn, business_id, b.vat_number.as_deref()).await?;
    let buyer = Buyer { country, vat_number_confirmed: confirmed };
    let seller = SellerVat { country: seller.country, vat_rate_bp: seller.vat_rate_bp };
    cps_domain::checkout::quote(tier, &tiers, years, buyer, seller, running.as_ref(), today).map_err(Failure::Refused)
}

/// The running membership as the quote needs it: whether the next term is
/// taken, what its order cost and whether its invoice is paid.
async fn running_in<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    current: &Membership,
    today: NaiveDate,
) -> Result<Running> {
    let renewed = renewed_in(conn, business_id, today).await?;
    let paid_net_minor = order::Entity::find_by_id(current.order_id).one(conn).await?.map_or(0, |o| o.net_minor);
    let invoice_paid = crate::entity::invoice::Entity::find()
        .filter(crate::entity::invoice::Column::OrderId.eq(current.order_id))
        .filter(crate::entity::invoice::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
        .filter(crate::entity::invoice::Column::Status.eq(InvoiceStatus::Paid.as_str()))
        .one(conn)
        .await?
        .is_some();
    Ok(Running {
        tier_code: current.tier_code.clone(),
        starts_on: current.starts_on,
        ends_on: current.ends_on,
        paid_net_minor,
        invoice_paid,
        renewed,
    })
}

impl Store {
    /// Loads tiers (a validated file) in one transaction, in file order.
    pub async fn import_tiers(&self, tiers: &[Tier], now: DateTime<Utc>) -> Result<()> {
        let txn = self.write().await?;
        import_tiers_in(&txn, tiers, now).await?;
        txn.commit().await?;
        self.cache.forget();
        Ok(())
    }

    /// The active tiers (from memory: see [`crate::reference`]).
    pub async fn tiers(&self) -> Result<Vec<Tier>> {
        Ok(self.reference().await?.tiers.clone())
    }

    /// Where a business stands for choosing a tier (the tiers page and the
    /// checkout): its country, balance, complete products, current
    /// membership and whether a renewal is booked, in two statements.
    pub async fn standing(&self, business_id: i64, today: NaiveDate) -> Result<Option<Standing>> {
        #[derive(FromQueryResult)]
        struct Counts {
            country: String,
            points: i64,
            complete: i64,
        }
        let backend = self.conn().get_database_backend();
        let Some(counts) = Counts::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT b.country, \
               CAST(COALESCE((SELECT SUM(amount) FROM points_ledger WHERE business_id = $1), 0) AS BIGINT) AS points, \
               (SELECT COUNT(*) FROM products WHERE business_id = $1 AND removed_at IS NULL \
                  AND completed_at IS NOT NULL) AS complete \
             FROM businesses b WHERE b.id = $1",
            [business_id.into()],
        ))
        .one(self.conn())
        .await?
        else {
            return Ok(None);
        };
        let active = active_in(self.conn(), business_id).await?;
        let renewed = active.iter().any(|m| m.is_renewal(today));
        let current = active.into_iter().find(|m| m.is_current(today));
        Ok(Some(Standing {
            country: crate::parsed("country", &counts.country, |c| Country::parse(c).ok())?,
            points: counts.points,
            complete_products: u32::try_from(counts.complete).unwrap_or(u32::MAX),
            current,
            renewed,
        }))
    }

    pub async fn current_membership(&self, business_id: i64, today: NaiveDate) -> Result<Option<Membership>> {
        current_in(self.conn(), business_id, today).await
    }

    /// Every membership of a business, newest first.
    pub async fn memberships(&self, business_id: i64) -> Result<Vec<Membership>> {
        membership::Entity::find()
            .filter(membership::Column::BusinessId.eq(business_id))
            .order_by_desc(membership::Column::Id)
            .all(self.conn())
            .await?
            .into_iter()
            .map(membership_from)
            .collect()
    }

    pub async fn membership_by_order(&self, business_id: i64, order_id: i64) -> Result<Option<Membership>> {
        membership::Entity::find()
            .filter(membership::Column::BusinessId.eq(business_id))
            .filter(membership::Column::OrderId.eq(order_id))
            .one(self.conn())
            .await?
            .map(membership_from)
            .transpose()
    }

    pub async fn quote(
        &self,
        business_id: i64,
        tier: &Tier,
        years: u32,
        today: NaiveDate,
    ) -> Outcome<Quote, CheckoutRefused> {
        quote_in(self.conn(), business_id, tier, years, self.seller_rules()?, today).await
    }

    /// Confirms a checkout (see the module documentation).
    pub async fn checkout(
        &self,
        req: &CheckoutRequest<'_>,
        now: DateTime<Utc>,
    ) -> Outcome<CheckoutDone, CheckoutRefused> {
        let seller = self.seller_rules()?;
        let backend = self.conn().get_database_backend();
        let today = now.date_naive();
        let txn = self.write().await?;
        // One checkout at a time per business (SQLite: the write lock already).
        if backend == DbBackend::Postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id FROM businesses WHERE id = $1 FOR UPDATE",
                [req.business_id.into()],
            ))
            .await?;
        }
        let existing = order::Entity::find()
            .filter(order::Column::BusinessId.eq(req.business_id))
            .filter(order::Column::IdempotencyKey.eq(req.idempotency_key))
            .one(&txn)
            .await?;
        if let Some(o) = existing {
            let m = membership::Entity::find().filter(membership::Column::OrderId.eq(o.id)).one(&txn).await?;
            let m = m.ok_or_else(|| StoreError::Corrupt("order without membership".into()))?;
            return Ok(CheckoutDone { order_id: o.id, membership: membership_from(m)? });
        }
        let tiers = tiers_in(&txn).await?;
        let Some(tier) = tiers.iter().find(|t| t.code == req.tier_code) else {
            return refuse(CheckoutRefused::UnknownTier);
        };
        let balance = crate::products::balance_of(&txn, req.business_id).await?;
        let products = complete_products_in(&txn, req.business_id).await?;
        let pays_by_card = req.method == PaymentMethod::Card;
        eligibility(tier, balance, products, pays_by_card, req.card.is_some()).map_err(Failure::Refused)?;
        let current = current_in(&txn, req.business_id, today).await?;
        let quote = quote_in(&txn, req.business_id, tier, req.years, seller, today).await?;
        let payment_method_id = match &req.card {
            Some(card) if req.method == PaymentMethod::Card => {
                Some(crate::payments::insert_payment_method(&txn, req.business_id, card, now).await?)
            }
            _ => None,
        };
        let o = order::ActiveModel {
            payment_method_id: Set(payment_method_id),
            business_id: Set(req.business_id),
            user_id: Set(req.user_id),
            idempotency_key: Set(req.idempotency_key.to_owned()),
            tier_code: Set(tier.code.clone()),
            term_years: Set(i32::try_from(req.years).unwrap_or(1)),
            currency: Set(quote.net.currency.code().to_owned()),
            list_price_minor: Set(quote.list_price.minor),
            credit_minor: Set(quote.credit.minor),
            net_minor: Set(quote.net.minor),
            vat_treatment: Set(quote.vat.as_str().to_owned()),
            vat_rate_bp: Set(quote.vat.rate_bp()),
            vat_minor: Set(quote.vat_amount.minor),
            total_minor: Set(quote.total.minor),
            payment_method: Set(req.method.as_str().to_owned()),
            // Billing turns every order in this state into one invoice.
            status: Set("awaiting_invoice".into()),
            created_at: Set(ms(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let o = match o {
            Err(e) if is_unique_violation(&e) => return Err(StoreError::Db(e).into()),
            other => other?,
        };
        if let Some(r) = req.buyer_reference.map(str::trim).filter(|r| !r.is_empty()) {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE orders SET buyer_reference = $1 WHERE id = $2",
                [r.to_owned().into(), o.id.into()],
            ))
            .await?;
        }
        let previous = match &current {
            Some(c) => Some(c.number.display()),
            None => self.previous_number_in(&txn, req.business_id).await?,
        };
        // An upgrade ends the running membership today; a renewal follows it.
        if let Some(c) = current.as_ref().filter(|_| quote.starts_on <= today) {
            membership::ActiveModel {
                id: Set(c.id),
                status: Set(MembershipStatus::Upgraded.as_str().to_owned()),
                ends_on: Set(today.format("%Y-%m-%d").to_string()),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        let seq: i64 = crate::scalar(
            &txn,
            Statement::from_string(
                backend,
                "UPDATE counters SET value = value + 1 WHERE name = 'membership_number' RETURNING value",
            ),
        )
        .await?
        .ok_or_else(|| StoreError::Corrupt("no membership counter".into()))?;
        let number = MembershipNumber::from_sequence(seq);
        let m = membership::ActiveModel {
            business_id: Set(req.business_id),
            order_id: Set(o.id),
            tier_code: Set(tier.code.clone()),
            tier_name: Set(tier.name.clone()),
            kind: Set(tier.kind.as_str().to_owned()),
            number: Set(number.as_str().to_owned()),
            previous_number: Set(previous.clone()),
            term_years: Set(i32::try_from(req.years).unwrap_or(1)),
            starts_on: Set(quote.starts_on.format("%Y-%m-%d").to_string()),
            ends_on: Set(quote.ends_on.format("%Y-%m-%d").to_string()),
            status: Set(MembershipStatus::Active.as_str().to_owned()),
            created_at: Set(ms(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(u) = crate::entity::user::Entity::find_by_id(req.user_id).one(&txn).await? {
            let to = Email::parse(&u.email).map_err(|e| StoreError::Corrupt(e.into()))?;
            let mail = Mail {
                to,
                lang: Lang::parse(&u.language).unwrap_or_default(),
                template: MailTemplate::MembershipConfirmed {
                    tier: tier.name.clone(),
                    number: number.display(),
                    previous_number: previous,
                    ends_on: quote.ends_on,
                },
            };
            enqueue(&txn, &mail, now, now).await?;
        }
        // Billing: the invoice follows within the configured delay.
        enqueue(&txn, &IssueInvoice { order_id: o.id }, now + seller.invoice_delay, now).await?;
        let done = CheckoutDone { order_id: o.id, membership: membership_from(m)? };
        txn.commit().await?;
        Ok(done)
    }

    /// The number a business had before: its latest membership's, else the
    /// old system's.
    async fn previous_number_in<C: ConnectionTrait>(&self, conn: &C, business_id: i64) -> Result<Option<String>> {
        let last = membership::Entity::find()
            .filter(membership::Column::BusinessId.eq(business_id))
            .order_by_desc(membership::Column::Id)
            .one(conn)
            .await?;
        if let Some(m) = last {
            return Ok(MembershipNumber::parse(&m.number).map(|n| n.display()));
        }
        Ok(crate::entity::legacy_account::Entity::find()
            .filter(crate::entity::legacy_account::Column::MigratedBusinessId.eq(business_id))
            .one(conn)
            .await?
            .map(|a| a.legacy_number))
    }

    /// Every order of a business for a tier kind (tests and staff views).
    pub async fn order_count(&self, business_id: i64) -> Result<u64> {
        Ok(order::Entity::find().filter(order::Column::BusinessId.eq(business_id)).count(self.conn()).await?)
    }
}

/// Loads tiers in the caller's transaction: the file is the whole list.
pub(crate) async fn import_tiers_in<C: ConnectionTrait>(txn: &C, tiers: &[Tier], now: DateTime<Utc>) -> Result<()> {
    let backend = txn.get_database_backend();
    txn.execute_unprepared("UPDATE tiers SET active = FALSE").await?;
    for (sort, t) in tiers.iter().enumerate() {
        let json = serde_json::to_string(t).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let values = [
            t.code.clone().into(),
            t.kind.as_str().into(),
            json.into(),
            i32::try_from(sort).unwrap_or(0).into(),
            ms(now).into(),
        ];
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO tiers (code, kind, definition, sort, active, updated_at) VALUES ($1, $2, $3, $4, TRUE, $5) \
                 ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, definition = EXCLUDED.definition, \
                 sort = EXCLUDED.sort, active = TRUE, updated_at = EXCLUDED.updated_at",
            values,
        ))
        .await?;
    }
    crate::reference::bump_in(txn).await?;
    Ok(())
}
