//! Service and repair requests (issue 15): what a membership gives when a
//! product needs the service centre. The rules are `cps_domain::service`;
//! this module loads the rows, asks the rules and saves the outcome.
//!
//! - **Requests** are made by a business for one of its own registered,
//!   complete products (the green check), one open request per product. The
//!   number `SR-YYYY-NNNNNN` comes from a counter per year in the same
//!   transaction as the request, so numbers have no gaps.
//! - **Scoping**: every member-side call takes the business id; another
//!   business's request is simply not found (each operation's `NotFound`).
//! - **Status steps** follow `cps_domain::service::can_transition`; every
//!   step is written to the request's timeline (`service_events`) and, when
//!   staff take it, to the audit log, in the step's transaction. Approving
//!   or declining the quote is the member's step; entering the quote is what
//!   makes a request diagnosed.
//! - **Received** starts the clock: the promised date is the tier's repair
//!   working days (Swedish working days) from the day of receipt. The tier
//!   is the one the request was made under.
//! - **The maintenance allowance** is an account per membership year, granted
//!   the tier's net fee for one year the first time it is needed. A quote
//!   shows what it would draw; approving draws it in the approval's
//!   transaction, with the account row locked and the database's check
//!   (`balance_minor >= 0`) behind it, so it never goes below zero. What is
//!   left at the end of the membership year lapses: an account is only used
//!   while its year runs.
//! - **A declined quote** draws nothing and costs a member nothing (see
//!   `cps_domain::service::declined_charge`); the product goes back as it came.
//! - **Sensor cleans**: the free one per camera body and membership year is
//!   counted when the member approves the quote that uses it.
//! - **Loans**: a member of a tier with loan equipment asks during a repair;
//!   staff lend an available item of the pool with a due date, and take it
//!   back. Item and loan change together.

use crate::memberships::{Membership, SellerRules, current_in_pub, tiers_in};
use crate::staff::{Audit, StaffActor, audit};
use crate::{Outcome, Result, Store, StoreError, from_ms, is_unique_violation, ms, refuse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use cps_domain::catalogue::Category;
use cps_domain::mail::{MailTemplate, ServiceUpdate};
use cps_domain::money::{Currency, Money};
use cps_domain::service::{
    LineKind, LoanItemStatus, LoanRefused, LoanStatus, QuoteLine, QuoteTerms, QuoteTotals, ServiceBenefits,
    ServiceKind, ServiceStatus, Shipping, StepRefused, can_transition, check_staff_step, may_request_loan,
    membership_year, price_quote, request_number, sensor_clean_is_free, sensor_cleans_left, yearly_allowance,
};
use cps_domain::tiers::Tier;
use cps_domain::vat::VatTreatment;
use cps_domain::{Country, Email, Lang};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, Statement, Value};

/// Where the product goes back to, and who to reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnAddress {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: Country,
}

/// A new request as the member filled it in (parsed: the description by
/// `cps_domain::service::parse_description`).
#[derive(Debug, Clone)]
pub struct NewServiceRequest {
    pub product_id: i64,
    pub kind: ServiceKind,
    pub shipping: Shipping,
    pub description: String,
    pub contact_email: Email,
    pub address: ReturnAddress,
}

/// What a request form starts with: the business's address and the user's
/// name and email.
#[derive(Debug, Clone)]
pub struct ServiceDefaults {
    pub contact_email: Email,
    pub address: ReturnAddress,
}

/// Why a new request was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewRequestRefused {
    /// No such product of this business (another business's look the same).
    NotFound,
    /// The product lacks mandatory information (no green check).
    ProductIncomplete,
    /// A sensor clean of something that is not a camera body.
    NotACameraBody,
    /// The product has an open request already (its number).
    AlreadyOpen(String),
    /// The free shipping label is for members.
    LabelForMembersOnly,
}

/// Why a staff step on a request was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionRefused {
    /// No such request.
    NotFound,
    /// Not a step of the status machine from where the request is.
    IllegalTransition { from: ServiceStatus, to: ServiceStatus },
    /// Approving or declining the quote is the member's step; entering the
    /// quote is how a request becomes diagnosed.
    NotAStaffStep(ServiceStatus),
    /// A request is not closed while its loan equipment is still out.
    LoanOut,
    /// The product goes back once its invoice (this number) is paid: it is
    /// unpaid on bank transfer (`cps_domain::billing::may_ship`).
    AwaitingPayment(String),
}

/// Why entering a quote was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteRefused {
    /// No such request.
    NotFound,
    /// A quote needs at least one line.
    EmptyQuote,
    /// The request is neither received nor diagnosed (waiting for the
    /// member's decision).
    IllegalTransition { from: ServiceStatus, to: ServiceStatus },
}

/// Why the member's decision on a quote was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionRefused {
    /// No such request of this business.
    NotFound,
    /// No quote waits for the member's decision.
    NoQuote,
    /// Not a step of the status machine from where the request is.
    IllegalTransition { from: ServiceStatus, to: ServiceStatus },
}

/// Why the member's request for loan equipment was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoanRequestRefused {
    /// No such request of this business.
    NotFound,
    /// What the tier, the request's kind or its status do not allow.
    Loan(LoanRefused),
    /// The member asked for a loan for this request already.
    AlreadyRequested,
}

/// Why an item was not added to the loan pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoanItemRefused {
    /// A loan item with this serial exists already.
    SerialTaken,
    /// A loan item needs a name and a serial (each at most 200 characters).
    DetailsInvalid,
}

/// Why lending an item was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LendRefused {
    /// No such loan.
    NotFound,
    /// The loan's due date is before today.
    DueInThePast,
    /// The loan is not waiting to be lent.
    LoanNotPending,
    /// The item is not available.
    ItemUnavailable,
}

/// Why taking a loan back was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnRefused {
    /// No such loan.
    NotFound,
    /// The loan is not out.
    NotLent,
}

/// What a member's decision on a quote needs from the configuration: the
/// VAT rules, the seller printed on the invoice it issues, and the
/// diagnosis fee a business without a membership pays for a declined
/// repair (`service.diagnosis_fee_sek` / `_eur`, minor units; 0: none).
#[derive(Debug, Clone)]
pub struct ServiceBilling {
    pub seller: cps_domain::billing::Seller,
    pub diagnosis_fee_sek_minor: i64,
    pub diagnosis_fee_eur_minor: i64,
}

impl ServiceBilling {
    /// The diagnosis fee in a currency.
    pub fn diagnosis_fee(&self, currency: Currency) -> Money {
        let minor = match currency {
            Currency::SEK => self.diagnosis_fee_sek_minor,
            Currency::EUR => self.diagnosis_fee_eur_minor,
        };
        Money::new(minor.max(0), currency)
    }
}

/// Who took a step of the timeline (stored as text in `service_events.actor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventActor {
    Member,
    Staff,
    System,
}

impl EventActor {
    /// The word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EventActor::Member => "member",
            EventActor::Staff => "staff",
            EventActor::System => "system",
        }
    }

    /// The value of a stored word; `None` for any other text.
    pub fn parse(stored: &str) -> Option<EventActor> {
        match stored {
            "member" => Some(EventActor::Member),
            "staff" => Some(EventActor::Staff),
            "system" => Some(EventActor::System),
            _ => None,
        }
    }
}

impl std::fmt::Display for EventActor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEvent {
    pub from: Option<ServiceStatus>,
    pub to: ServiceStatus,
    pub actor: EventActor,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// A quote: its lines at list price and its totals. While the member has
/// not decided, the totals show what the allowance would draw today;
/// once approved they are frozen as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceQuote {
    pub lines: Vec<QuoteLine>,
    pub totals: QuoteTotals,
    /// The VAT the totals carry (for domestic VAT, at `totals.vat_rate_bp`).
    pub vat_treatment: VatTreatment,
    /// `approved` / `declined`; `None` while waiting for the member.
    pub decision: Option<ServiceStatus>,
    pub entered_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loan {
    pub id: i64,
    pub request_number: String,
    pub business_id: i64,
    pub status: LoanStatus,
    /// What the member asked for ("a body like mine", "a 70-200").
    pub wish: Option<String>,
    pub item: Option<LoanItem>,
    pub requested_at: DateTime<Utc>,
    pub lent_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub returned_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanItem {
    pub id: i64,
    pub name: String,
    pub serial: String,
    pub category: Category,
    pub status: LoanItemStatus,
}

/// A request with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    pub id: i64,
    pub number: String,
    pub business_id: i64,
    pub business_name: String,
    pub product_id: i64,
    pub model_code: String,
    pub model_name: String,
    /// `None` for a model no longer in the catalogue.
    pub category: Option<Category>,
    pub serial: Option<String>,
    pub kind: ServiceKind,
    pub shipping: Shipping,
    pub description: String,
    pub contact_email: String,
    pub address: ReturnAddress,
    pub language: Lang,
    pub status: ServiceStatus,
    /// The tier the request was made under; `None` without a membership.
    pub tier_code: Option<String>,
    pub membership_id: Option<i64>,
    pub priority: u32,
    pub repair_days: u32,
    pub currency: Currency,
    pub received_at: Option<DateTime<Utc>>,
    pub promised_on: Option<NaiveDate>,
    pub tracking: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first.
    pub timeline: Vec<ServiceEvent>,
    pub quote: Option<ServiceQuote>,
    pub loans: Vec<Loan>,
}

/// One row of a list (the member's, or the staff queue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSummary {
    pub number: String,
    pub business_id: i64,
    pub business_name: String,
    pub model_name: String,
    pub serial: Option<String>,
    pub kind: ServiceKind,
    pub status: ServiceStatus,
    pub tier_code: Option<String>,
    pub priority: u32,
    pub promised_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// The staff queue's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueFilter {
    /// Everything not closed.
    #[default]
    Open,
    Status(ServiceStatus),
    All,
}

/// The maintenance allowance of the membership year running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub granted: Money,
    pub left: Money,
    /// The last day it can be used; what is left then lapses.
    pub ends_on: NaiveDate,
}

/// What the business's membership gives for service today.
#[derive(Debug, Clone)]
pub struct ServiceStanding {
    pub membership: Option<Membership>,
    pub benefits: ServiceBenefits,
    pub currency: Currency,
    /// `None` without a membership or when the tier has none.
    pub allowance: Option<Allowance>,
    /// Without a current membership: the last one the business held, if
    /// any, to show what it would have given.
    pub lapsed: Option<Lapsed>,
}

/// A membership whose term has ended and was not renewed.
#[derive(Debug, Clone)]
pub struct Lapsed {
    pub tier: Tier,
    pub benefits: ServiceBenefits,
    pub ended_on: NaiveDate,
}

const REQUEST_COLUMNS: &str = "r.id, r.number, r.business_id, b.name AS business_name, r.product_id, p.model_code, \
     c.name AS model_name, c.category, p.serial, r.kind, r.shipping, r.description, r.contact_name, r.contact_email, \
     r.return_street, r.return_postal_code, r.return_city, r.return_country, r.language, r.status, r.membership_id, \
     r.tier_code, r.priority, r.repair_days, r.currency, r.received_at, r.promised_on, r.tracking, r.created_at, \
     r.updated_at";

const REQUEST_FROM: &str = "service_requests r JOIN businesses b ON b.id = r.business_id \
     JOIN products p ON p.id = r.product_id LEFT JOIN catalogue_items c ON c.model_code = p.model_code";

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt("date", s))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn status_of(s: &str) -> Result<ServiceStatus> {
    ServiceStatus::parse(s).ok_or_else(|| corrupt("service status", s))
}

fn currency_of(s: &str) -> Result<Currency> {
    Currency::parse(s).ok_or_else(|| corrupt("currency", s))
}

fn u32_of(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// A count or index for an `integer` column.
fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn country_of(s: &str) -> Result<Country> {
    Country::parse(s).map_err(|_| corrupt("country", s))
}

/// One row of [`REQUEST_COLUMNS`].
#[derive(FromQueryResult)]
struct RequestRow {
    id: i64,
    number: String,
    business_id: i64,
    business_name: String,
    product_id: i64,
    model_code: String,
    model_name: Option<String>,
    category: Option<String>,
    serial: Option<String>,
    kind: String,
    shipping: String,
    description: String,
    contact_name: String,
    contact_email: String,
    return_street: String,
    return_postal_code: String,
    return_city: String,
    return_country: String,
    language: String,
    status: String,
    membership_id: Option<i64>,
    tier_code: Option<String>,
    priority: i32,
    repair_days: i32,
    currency: String,
    received_at: Option<i64>,
    promised_on: Option<String>,
    tracking: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl RequestRow {
    /// The request without its timeline, quote and loans (see [`full_request`]).
    fn into_request(self) -> Result<ServiceRequest> {
        Ok(ServiceRequest {
            id: self.id,
            number: self.number,
            business_id: self.business_id,
            business_name: self.business_name,
            product_id: self.product_id,
            model_name: self.model_name.unwrap_or_else(|| self.model_code.clone()),
            model_code: self.model_code,
            category: self.category.as_deref().and_then(Category::parse),
            serial: self.serial,
            kind: ServiceKind::parse(&self.kind).ok_or_else(|| corrupt("service kind", &self.kind))?,
            shipping: Shipping::parse(&self.shipping).ok_or_else(|| corrupt("shipping", &self.shipping))?,
            description: self.description,
            contact_email: self.contact_email,
            address: ReturnAddress {
                name: self.contact_name,
                street: self.return_street,
                postal_code: self.return_postal_code,
                city: self.return_city,
                country: country_of(&self.return_country)?,
            },
            language: Lang::parse(&self.language).unwrap_or_default(),
            status: status_of(&self.status)?,
            tier_code: self.tier_code,
            membership_id: self.membership_id,
            priority: u32_of(self.priority),
            repair_days: u32_of(self.repair_days),
            currency: currency_of(&self.currency)?,
            received_at: self.received_at.map(from_ms),
            promised_on: self.promised_on.as_deref().map(date).transpose()?,
            tracking: self.tracking,
            created_at: from_ms(self.created_at),
            updated_at: from_ms(self.updated_at),
            timeline: Vec::new(),
            quote: None,
            loans: Vec::new(),
        })
    }

    fn into_summary(self) -> Result<ServiceSummary> {
        let full = self.into_request()?;
        Ok(ServiceSummary {
            number: full.number,
            business_id: full.business_id,
            business_name: full.business_name,
            model_name: full.model_name,
            serial: full.serial,
            kind: full.kind,
            status: full.status,
            tier_code: full.tier_code,
            priority: full.priority,
            promised_on: full.promised_on,
            created_at: full.created_at,
        })
    }
}

/// A step of the timeline as stored.
#[derive(FromQueryResult)]
struct EventRow {
    from_status: Option<String>,
    to_status: String,
    actor: String,
    note: Option<String>,
    at: i64,
}

impl EventRow {
    fn into_event(self) -> Result<ServiceEvent> {
        Ok(ServiceEvent {
            from: self.from_status.as_deref().map(status_of).transpose()?,
            to: status_of(&self.to_status)?,
            actor: EventActor::parse(&self.actor).ok_or_else(|| corrupt("service event actor", &self.actor))?,
            note: self.note,
            at: from_ms(self.at),
        })
    }
}

const QUOTE_COLUMNS: &str = "currency, parts_minor, labour_minor, sensor_clean_minor, free_clean_minor, \
     discount_minor, allowance_minor, net_minor, vat_rate_bp, vat_minor, total_minor, vat_treatment, decision, \
     entered_at, decided_at";

/// One row of [`QUOTE_COLUMNS`] from `service_quotes`.
#[derive(FromQueryResult)]
struct QuoteRow {
    currency: String,
    parts_minor: i64,
    labour_minor: i64,
    sensor_clean_minor: i64,
    free_clean_minor: i64,
    discount_minor: i64,
    allowance_minor: i64,
    net_minor: i64,
    vat_rate_bp: i64,
    vat_minor: i64,
    total_minor: i64,
    vat_treatment: String,
    decision: Option<String>,
    entered_at: i64,
    decided_at: Option<i64>,
}

impl QuoteRow {
    fn into_quote(self, lines: Vec<QuoteLine>) -> Result<ServiceQuote> {
        Ok(ServiceQuote {
            lines,
            totals: QuoteTotals {
                currency: currency_of(&self.currency)?,
                parts_minor: self.parts_minor,
                labour_minor: self.labour_minor,
                sensor_clean_minor: self.sensor_clean_minor,
                free_clean_minor: self.free_clean_minor,
                discount_minor: self.discount_minor,
                allowance_minor: self.allowance_minor,
                net_minor: self.net_minor,
                vat_rate_bp: self.vat_rate_bp,
                vat_minor: self.vat_minor,
                total_minor: self.total_minor,
            },
            vat_treatment: VatTreatment::from_stored(&self.vat_treatment, self.vat_rate_bp)
                .ok_or_else(|| corrupt("VAT treatment", &self.vat_treatment))?,
            decision: self.decision.as_deref().map(status_of).transpose()?,
            entered_at: from_ms(self.entered_at),
            decided_at: self.decided_at.map(from_ms),
        })
    }
}

/// A line of a quote as stored.
#[derive(FromQueryResult)]
struct QuoteLineRow {
    kind: String,
    description: String,
    quantity: i32,
    unit_minor: i64,
}

impl QuoteLineRow {
    fn into_line(self) -> Result<QuoteLine> {
        let kind = LineKind::parse(&self.kind).ok_or_else(|| corrupt("quote line kind", &self.kind))?;
        QuoteLine::new(kind, &self.description, u32_of(self.quantity), self.unit_minor)
            .map_err(|e| corrupt("quote line", e))
    }
}

/// A loan item as stored (in a loan's row, its columns prefixed `item_`).
#[derive(FromQueryResult)]
struct LoanItemRow {
    id: i64,
    name: String,
    serial: String,
    category: String,
    status: String,
}

impl LoanItemRow {
    fn into_item(self) -> Result<LoanItem> {
        Ok(LoanItem {
            id: self.id,
            name: self.name,
            serial: self.serial,
            category: Category::parse(&self.category).ok_or_else(|| corrupt("category", &self.category))?,
            status: LoanItemStatus::parse(&self.status).ok_or_else(|| corrupt("loan item status", &self.status))?,
        })
    }
}

/// One row of [`LOAN_COLUMNS`]: the item is `None` until one is lent.
#[derive(FromQueryResult)]
struct LoanRow {
    id: i64,
    number: String,
    business_id: i64,
    status: String,
    wish: Option<String>,
    requested_at: i64,
    lent_at: Option<i64>,
    due_on: Option<String>,
    returned_at: Option<i64>,
    #[sea_orm(nested(prefix = "item_"))]
    item: Option<LoanItemRow>,
}

impl LoanRow {
    fn into_loan(self) -> Result<Loan> {
        Ok(Loan {
            id: self.id,
            request_number: self.number,
            business_id: self.business_id,
            status: LoanStatus::parse(&self.status).ok_or_else(|| corrupt("loan status", &self.status))?,
            wish: self.wish,
            item: self.item.map(LoanItemRow::into_item).transpose()?,
            requested_at: from_ms(self.requested_at),
            lent_at: self.lent_at.map(from_ms),
            due_on: self.due_on.as_deref().map(date).transpose()?,
            returned_at: self.returned_at.map(from_ms),
        })
    }
}

/// A membership year's allowance account as stored.
#[derive(FromQueryResult)]
struct AccountRow {
    id: i64,
    granted_minor: i64,
    balance_minor: i64,
    ends_on: String,
    currency: String,
}

/// The last membership of a business that has lapsed.
#[derive(FromQueryResult)]
struct LapsedRow {
    tier_code: String,
    ends_on: String,
}

/// A business's country and VAT number.
#[derive(FromQueryResult)]
struct BusinessVatRow {
    country: String,
    vat_number: Option<String>,
}

/// What a new request's form starts with, as stored.
#[derive(FromQueryResult)]
struct DefaultsRow {
    contact_name: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
    email: String,
}

/// The product a request is made for.
#[derive(FromQueryResult)]
struct ProductRow {
    completed_at: Option<i64>,
    category: Option<String>,
}

#[derive(FromQueryResult)]
struct ModelCodeRow {
    model_code: String,
}

#[derive(FromQueryResult)]
struct CurrencyRow {
    currency: String,
}

#[derive(FromQueryResult)]
struct CategoryRow {
    category: String,
}

#[derive(FromQueryResult)]
struct BusinessIdRow {
    business_id: i64,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct NumberRow {
    number: String,
}

#[derive(FromQueryResult)]
struct ValueRow {
    value: i64,
}

/// The id an `INSERT … RETURNING id` gives.
#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

/// The tier of a membership, from the tiers in the database.
async fn tier_of<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<Tier>> {
    Ok(tiers_in(conn).await?.into_iter().find(|t| t.code == code))
}

/// The currency a membership was paid in.
async fn membership_currency<C: ConnectionTrait>(conn: &C, m: &Membership) -> Result<Option<Currency>> {
    let row = CurrencyRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT currency FROM orders WHERE id = $1",
        [m.order_id.into()],
    ))
    .one(conn)
    .await?;
    row.map(|r| currency_of(&r.currency)).transpose()
}

async fn business_country<C: ConnectionTrait>(conn: &C, business_id: i64) -> Result<Option<Country>> {
    let row = BusinessVatRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT country, vat_number FROM businesses WHERE id = $1",
        [business_id.into()],
    ))
    .one(conn)
    .await?;
    row.map(|r| country_of(&r.country)).transpose()
}

/// The business's membership today, its tier's benefits and currency.
async fn standing_in<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    today: NaiveDate,
) -> Result<(Option<Membership>, Option<Tier>, ServiceBenefits, Currency)> {
    let country = business_country(conn, business_id).await?.ok_or_else(|| corrupt("business", "missing"))?;
    let fallback = Currency::for_country(country);
    let Some(m) = current_in_pub(conn, business_id, today).await? else {
        return Ok((None, None, ServiceBenefits::of(None), fallback));
    };
    let tier = tier_of(conn, &m.tier_code).await?;
    let currency = membership_currency(conn, &m).await?.unwrap_or(fallback);
    let benefits = ServiceBenefits::of(tier.as_ref());
    Ok((Some(m), tier, benefits, currency))
}

async fn standing_with<C: ConnectionTrait>(
    conn: &C,
    business_id: i64,
    membership: Option<Membership>,
    tier: Option<Tier>,
    benefits: ServiceBenefits,
    currency: Currency,
    today: NaiveDate,
) -> Result<ServiceStanding> {
    let allowance = match (&membership, &tier) {
        (Some(m), Some(t)) => allowance_account(conn, m, t, currency, today, false).await?.map(|(_, a)| a),
        _ => None,
    };
    // A request made without a membership by a business that has one now
    // is at list price, but the business has not lapsed.
    let lapsed = match membership {
        None if current_in_pub(conn, business_id, today).await?.is_none() => {
            lapsed_in(conn, business_id, today).await?
        }
        _ => None,
    };
    Ok(ServiceStanding { membership, benefits, currency, allowance, lapsed })
}

/// The business's last membership, when its term has ended without a
/// renewal. (A suspended one is not lapsed: paying the invoice restores it.
/// A closed account's memberships do not count.)
async fn lapsed_in<C: ConnectionTrait>(conn: &C, business_id: i64, today: NaiveDate) -> Result<Option<Lapsed>> {
    let row = LapsedRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT tier_code, ends_on FROM memberships WHERE business_id = $1 \
         AND status = 'active' AND ends_on < $2 ORDER BY ends_on DESC, id DESC LIMIT 1",
        [business_id.into(), day(today).into()],
    ))
    .one(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let ended_on =
        NaiveDate::parse_from_str(&row.ends_on, "%Y-%m-%d").map_err(|_| corrupt("membership end", &row.ends_on))?;
    let Some(tier) = tier_of(conn, &row.tier_code).await? else { return Ok(None) };
    let benefits = ServiceBenefits::of(Some(&tier));
    Ok(Some(Lapsed { tier, benefits, ended_on }))
}

/// The allowance account of the membership year `today` is in, created
/// (granted the year's net fee) the first time it is needed. `None` when
/// the tier has no allowance or `today` is outside the term.
async fn allowance_account<C: ConnectionTrait>(
    conn: &C,
    m: &Membership,
    tier: &Tier,
    currency: Currency,
    today: NaiveDate,
    create: bool,
) -> Result<Option<(i64, Allowance)>> {
    let Some(year) = membership_year(m.starts_on, m.ends_on, today) else { return Ok(None) };
    let granted = yearly_allowance(tier, currency);
    if granted.minor <= 0 {
        return Ok(None);
    }
    let backend = conn.get_database_backend();
    let find = || {
        Statement::from_sql_and_values(
            backend,
            "SELECT id, granted_minor, balance_minor, ends_on, currency FROM allowance_accounts \
             WHERE membership_id = $1 AND year_index = $2",
            [m.id.into(), int(year.index).into()],
        )
    };
    let mut row = AccountRow::find_by_statement(find()).one(conn).await?;
    if row.is_none() {
        if !create {
            return Ok(Some((0, Allowance { granted, left: granted, ends_on: year.ends_on })));
        }
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO allowance_accounts (membership_id, business_id, year_index, starts_on, ends_on, currency, \
             granted_minor, balance_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (membership_id, year_index) DO NOTHING",
            [
                m.id.into(),
                business_of_membership(conn, m.id).await?.into(),
                int(year.index).into(),
                day(year.starts_on).into(),
                day(year.ends_on).into(),
                currency.code().into(),
                granted.minor.into(),
            ],
        ))
        .await?;
        row = AccountRow::find_by_statement(find()).one(conn).await?;
    }
    let r = row.ok_or_else(|| corrupt("allowance account", "missing"))?;
    let currency = currency_of(&r.currency)?;
    Ok(Some((
        r.id,
        Allowance {
            granted: Money::new(r.granted_minor, currency),
            left: Money::new(r.balance_minor, currency),
            ends_on: date(&r.ends_on)?,
        },
    )))
}

async fn business_of_membership<C: ConnectionTrait>(conn: &C, membership_id: i64) -> Result<i64> {
    let row = BusinessIdRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT business_id FROM memberships WHERE id = $1",
        [membership_id.into()],
    ))
    .one(conn)
    .await?;
    Ok(row.ok_or_else(|| corrupt("membership", "missing"))?.business_id)
}

/// Free sensor cleans of one body used in a membership year.
async fn cleans_used<C: ConnectionTrait>(conn: &C, product_id: i64, membership_id: i64, year: u32) -> Result<u32> {
    let row = CountRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT COUNT(*) AS n FROM sensor_cleans WHERE product_id = $1 AND membership_id = $2 AND year_index = $3",
        [product_id.into(), membership_id.into(), int(year).into()],
    ))
    .one(conn)
    .await?;
    let n = row.map_or(0, |r| r.n);
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Appends a step to the timeline.
async fn add_event<C: ConnectionTrait>(
    conn: &C,
    request_id: i64,
    from: Option<ServiceStatus>,
    to: ServiceStatus,
    actor: EventActor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "INSERT INTO service_events (request_id, from_status, to_status, actor, note, at) VALUES ($1, $2, $3, $4, $5, $6)",
        [
            request_id.into(),
            from.map(|s| s.as_str().to_owned()).into(),
            to.as_str().into(),
            actor.as_str().into(),
            note.map(str::to_owned).into(),
            ms(now).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Moves a request from `from` to `to` if it is still at `from` (a
/// concurrent step loses here): the status, the timeline entry.
async fn step<C: ConnectionTrait>(
    conn: &C,
    request_id: i64,
    from: ServiceStatus,
    to: ServiceStatus,
    actor: EventActor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = conn
        .execute_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "UPDATE service_requests SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
            [to.as_str().into(), ms(now).into(), request_id.into(), from.as_str().into()],
        ))
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    add_event(conn, request_id, Some(from), to, actor, note, now).await?;
    mail_step(conn, request_id, to, now).await?;
    Ok(true)
}

/// Queues the mail of a step to the member, in the step's transaction: to
/// the request's email for updates, in the language the request was made
/// in. The facts (promised date, amount, tracking number) are read from the
/// request as the step left it.
async fn mail_step<C: ConnectionTrait>(conn: &C, request_id: i64, to: ServiceStatus, now: DateTime<Utc>) -> Result<()> {
    let r = RequestRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        format!("SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = $1"),
        [request_id.into()],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| corrupt("request", &request_id.to_string()))?
    .into_request()?;
    let total = match to {
        ServiceStatus::Diagnosed | ServiceStatus::Approved => Some(
            quote_in(conn, request_id).await?.map(|q| q.totals.total()).ok_or_else(|| corrupt("quote", &r.number))?,
        ),
        _ => None,
    };
    let total = || total.ok_or_else(|| corrupt("quote", &r.number));
    let update = match to {
        ServiceStatus::Registered => ServiceUpdate::Registered { free_label: r.shipping == Shipping::FreeLabel },
        ServiceStatus::Received => ServiceUpdate::Received {
            promised_on: r.promised_on.ok_or_else(|| corrupt("promised date of", &r.number))?,
        },
        ServiceStatus::Diagnosed => ServiceUpdate::Quoted { total: total()? },
        ServiceStatus::Approved => ServiceUpdate::Approved { total: total()? },
        ServiceStatus::Declined => ServiceUpdate::Declined,
        ServiceStatus::InRepair => ServiceUpdate::InRepair { promised_on: r.promised_on },
        ServiceStatus::Ready => ServiceUpdate::Ready,
        ServiceStatus::Shipped => ServiceUpdate::Shipped { tracking: r.tracking.clone() },
        ServiceStatus::Closed => ServiceUpdate::Closed,
    };
    mail_member(conn, &r, update, now).await
}

/// Queues a service mail to the request's email for updates.
async fn mail_member<C: ConnectionTrait>(
    conn: &C,
    r: &ServiceRequest,
    update: ServiceUpdate,
    now: DateTime<Utc>,
) -> Result<()> {
    let to = Email::parse(&r.contact_email).map_err(|_| corrupt("contact email of", &r.number))?;
    let template = MailTemplate::ServiceUpdate { number: r.number.clone(), product: r.model_name.clone(), update };
    crate::accounts::queue_mail(conn, &to, r.language, template, now).await
}

/// Queues the mail of a loan's step to the member of its request.
async fn mail_loan<C: ConnectionTrait>(conn: &C, loan: &Loan, now: DateTime<Utc>) -> Result<()> {
    let r = request_in(conn, None, &loan.request_number, false)
        .await?
        .ok_or_else(|| corrupt("request of loan", &loan.request_number))?;
    let item = loan.item.as_ref().map(|i| i.name.clone()).ok_or_else(|| corrupt("loan item of", &r.number))?;
    let update = match loan.status {
        LoanStatus::Lent => {
            ServiceUpdate::LoanLent { item, due_on: loan.due_on.ok_or_else(|| corrupt("loan due date of", &r.number))? }
        }
        _ => ServiceUpdate::LoanReturned { item },
    };
    mail_member(conn, &r, update, now).await
}

/// A request by number; with a business, only that business's.
async fn request_in<C: ConnectionTrait>(
    conn: &C,
    business_id: Option<i64>,
    number: &str,
    lock: bool,
) -> Result<Option<ServiceRequest>> {
    let backend = conn.get_database_backend();
    let for_update = if lock && backend == DbBackend::Postgres { " FOR UPDATE OF r" } else { "" };
    let row = RequestRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.number = $1 AND (r.business_id = $2 OR $3){for_update}"
        ),
        [number.trim().into(), business_id.into(), business_id.is_none().into()],
    ))
    .one(conn)
    .await?;
    row.map(RequestRow::into_request).transpose()
}

async fn quote_in<C: ConnectionTrait>(conn: &C, request_id: i64) -> Result<Option<ServiceQuote>> {
    let backend = conn.get_database_backend();
    let Some(q) = QuoteRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        format!("SELECT {QUOTE_COLUMNS} FROM service_quotes WHERE request_id = $1"),
        [request_id.into()],
    ))
    .one(conn)
    .await?
    else {
        return Ok(None);
    };
    let lines = QuoteLineRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        "SELECT kind, description, quantity, unit_minor FROM service_quote_lines WHERE request_id = $1 ORDER BY position",
        [request_id.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(QuoteLineRow::into_line)
    .collect::<Result<Vec<_>>>()?;
    q.into_quote(lines).map(Some)
}

async fn save_totals<C: ConnectionTrait>(conn: &C, request_id: i64, t: &QuoteTotals) -> Result<()> {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "UPDATE service_quotes SET parts_minor = $1, labour_minor = $2, sensor_clean_minor = $3, free_clean_minor = $4, \
         discount_minor = $5, allowance_minor = $6, net_minor = $7, vat_rate_bp = $8, vat_minor = $9, total_minor = $10 \
         WHERE request_id = $11",
        [
            t.parts_minor.into(),
            t.labour_minor.into(),
            t.sensor_clean_minor.into(),
            t.free_clean_minor.into(),
            t.discount_minor.into(),
            t.allowance_minor.into(),
            t.net_minor.into(),
            t.vat_rate_bp.into(),
            t.vat_minor.into(),
            t.total_minor.into(),
            request_id.into(),
        ],
    ))
    .await?;
    Ok(())
}

const LOAN_COLUMNS: &str = "l.id, r.number, l.business_id, l.status, l.wish, l.requested_at, l.lent_at, l.due_on, \
     l.returned_at, i.id AS item_id, i.name AS item_name, i.serial AS item_serial, i.category AS item_category, \
     i.status AS item_status";

const LOAN_FROM: &str =
    "loans l JOIN service_requests r ON r.id = l.request_id LEFT JOIN loan_items i ON i.id = l.item_id";

async fn loans_where<C: ConnectionTrait>(conn: &C, filter: &str, values: Vec<Value>) -> Result<Vec<Loan>> {
    LoanRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        format!("SELECT {LOAN_COLUMNS} FROM {LOAN_FROM} WHERE {filter} ORDER BY l.id"),
        values,
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(LoanRow::into_loan)
    .collect()
}

/// A request with its timeline, quote and loans.
async fn full_request<C: ConnectionTrait>(conn: &C, mut r: ServiceRequest) -> Result<ServiceRequest> {
    let backend = conn.get_database_backend();
    r.timeline = EventRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        "SELECT from_status, to_status, actor, note, at FROM service_events WHERE request_id = $1 ORDER BY id",
        [r.id.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(EventRow::into_event)
    .collect::<Result<Vec<_>>>()?;
    r.quote = quote_in(conn, r.id).await?;
    r.loans = loans_where(conn, "l.request_id = $1", vec![r.id.into()]).await?;
    Ok(r)
}

/// Serializes the decisions of one membership (PostgreSQL; SQLite's write
/// transaction holds the whole database already).
async fn lock_membership(txn: &DatabaseTransaction, membership_id: i64) -> Result<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM memberships WHERE id = $1 FOR UPDATE",
            [membership_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// What the quote of `r` comes to today: the tier's discount, the
/// allowance left this membership year, the free sensor clean.
async fn terms_for<C: ConnectionTrait>(
    conn: &C,
    r: &ServiceRequest,
    category: Option<Category>,
    today: NaiveDate,
    create_account: bool,
) -> Result<(QuoteTerms, Option<i64>, Option<u32>)> {
    let membership = match r.membership_id {
        Some(id) => crate::memberships::membership_by_id_in(conn, id).await?.filter(|m| m.is_current(today)),
        None => None,
    };
    let (Some(m), Some(code)) = (membership, r.tier_code.as_deref()) else {
        return Ok((QuoteTerms::NONE, None, None));
    };
    let Some(tier) = tier_of(conn, code).await? else { return Ok((QuoteTerms::NONE, None, None)) };
    let benefits = ServiceBenefits::of(Some(&tier));
    let account = allowance_account(conn, &m, &tier, r.currency, today, create_account).await?;
    let year = membership_year(m.starts_on, m.ends_on, today).map(|y| y.index);
    let free_sensor_clean = match (r.kind, category, year) {
        (ServiceKind::SensorClean, Some(c), Some(y)) => {
            sensor_clean_is_free(&benefits, c, cleans_used(conn, r.product_id, m.id, y).await?)
        }
        _ => false,
    };
    Ok((
        QuoteTerms {
            discount_percent: benefits.discount_percent,
            allowance_left_minor: account.as_ref().map_or(0, |(_, a)| a.left.minor),
            free_sensor_clean,
        },
        account.map(|(id, _)| id).filter(|id| *id != 0),
        year,
    ))
}

async fn category_of<C: ConnectionTrait>(conn: &C, model_code: &str) -> Result<Option<Category>> {
    let row = CategoryRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT category FROM catalogue_items WHERE model_code = $1",
        [model_code.into()],
    ))
    .one(conn)
    .await?;
    Ok(row.and_then(|r| Category::parse(&r.category)))
}

/// The VAT a quote for this business carries.
async fn vat_for<C: ConnectionTrait>(conn: &C, business_id: i64, seller: SellerRules) -> Result<VatTreatment> {
    let row = BusinessVatRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        "SELECT country, vat_number FROM businesses WHERE id = $1",
        [business_id.into()],
    ))
    .one(conn)
    .await?
    .ok_or_else(|| corrupt("business", "missing"))?;
    let country = country_of(&row.country)?;
    let confirmed = crate::vies::confirmed_in(conn, business_id, row.vat_number.as_deref()).await?;
    Ok(VatTreatment::decide(seller.country, seller.vat_rate_bp, country, confirmed))
}

impl Store {
    /// What a new request's form starts with: the business's address, the
    /// user's email and the contact person. `None` for an unknown user of
    /// this business.
    pub async fn service_defaults(&self, business_id: i64, user_id: i64) -> Result<Option<ServiceDefaults>> {
        let row = DefaultsRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT b.contact_name, b.street, b.postal_code, b.city, b.country, u.email FROM businesses b \
             JOIN users u ON u.business_id = b.id WHERE b.id = $1 AND u.id = $2",
            [business_id.into(), user_id.into()],
        ))
        .one(self.conn())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(ServiceDefaults {
            contact_email: Email::parse(&r.email).map_err(|_| corrupt("email", &r.email))?,
            address: ReturnAddress {
                name: r.contact_name,
                street: r.street,
                postal_code: r.postal_code,
                city: r.city,
                country: country_of(&r.country)?,
            },
        }))
    }

    /// What the business's membership gives for service today: the tier's
    /// benefits (list prices without one), the currency, and the allowance
    /// left this membership year.
    pub async fn service_standing(&self, business_id: i64, today: NaiveDate) -> Result<ServiceStanding> {
        let conn = self.conn();
        let (membership, tier, benefits, currency) = standing_in(conn, business_id, today).await?;
        standing_with(conn, business_id, membership, tier, benefits, currency, today).await
    }

    /// What the membership a request was made under gives it today: the
    /// terms its quote is priced on. A request made without a membership,
    /// or whose membership has ended since, gets list prices (and the
    /// lapsed tier, to show what it would have given).
    pub async fn request_standing(&self, r: &ServiceRequest, today: NaiveDate) -> Result<ServiceStanding> {
        let conn = self.conn();
        let membership = match r.membership_id {
            Some(id) => crate::memberships::membership_by_id_in(conn, id).await?.filter(|m| m.is_current(today)),
            None => None,
        };
        let tier = match (&membership, r.tier_code.as_deref()) {
            (Some(_), Some(code)) => tier_of(conn, code).await?,
            _ => None,
        };
        let membership = membership.filter(|_| tier.is_some());
        let benefits = ServiceBenefits::of(tier.as_ref());
        standing_with(conn, r.business_id, membership, tier, benefits, r.currency, today).await
    }

    /// Free sensor cleans left this membership year for one of the
    /// business's products (0 for a lens, without a membership, or where
    /// the tier has none).
    pub async fn sensor_cleans_left(&self, business_id: i64, product_id: i64, today: NaiveDate) -> Result<u32> {
        let conn = self.conn();
        let (membership, _, benefits, _) = standing_in(conn, business_id, today).await?;
        let Some(m) = membership else { return Ok(0) };
        let row = ModelCodeRow::find_by_statement(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT model_code FROM products WHERE id = $1 AND business_id = $2 AND removed_at IS NULL",
            [product_id.into(), business_id.into()],
        ))
        .one(conn)
        .await?;
        let Some(row) = row else { return Ok(0) };
        let Some(category) = category_of(conn, &row.model_code).await? else { return Ok(0) };
        let Some(year) = membership_year(m.starts_on, m.ends_on, today) else { return Ok(0) };
        if !cps_domain::service::is_camera_body(category) {
            return Ok(0);
        }
        Ok(sensor_cleans_left(benefits.sensor_cleans, cleans_used(conn, product_id, m.id, year.index).await?))
    }

    /// Starts a request for one of the business's own registered, complete
    /// products, under the membership it has today (if any). The number,
    /// the request and its first timeline entry are one transaction.
    pub async fn create_service_request(
        &self,
        business_id: i64,
        user_id: i64,
        new: &NewServiceRequest,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Outcome<ServiceRequest, NewRequestRefused> {
        let backend = self.conn().get_database_backend();
        let today = now.date_naive();
        let txn = self.write().await?;
        if backend == DbBackend::Postgres {
            // One request at a time per business: "one open per product" holds.
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id FROM businesses WHERE id = $1 FOR UPDATE",
                [business_id.into()],
            ))
            .await?;
        }
        let Some(p) = ProductRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT p.completed_at, c.category FROM products p \
             LEFT JOIN catalogue_items c ON c.model_code = p.model_code \
             WHERE p.id = $1 AND p.business_id = $2 AND p.removed_at IS NULL",
            [new.product_id.into(), business_id.into()],
        ))
        .one(&txn)
        .await?
        else {
            return refuse(NewRequestRefused::NotFound);
        };
        if p.completed_at.is_none() {
            return refuse(NewRequestRefused::ProductIncomplete);
        }
        let category = p.category.as_deref().and_then(Category::parse);
        if new.kind == ServiceKind::SensorClean && !category.is_some_and(cps_domain::service::is_camera_body) {
            return refuse(NewRequestRefused::NotACameraBody);
        }
        let open = NumberRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT number FROM service_requests WHERE product_id = $1 AND status NOT IN ('shipped', 'closed')",
            [new.product_id.into()],
        ))
        .one(&txn)
        .await?;
        if let Some(open) = open {
            return refuse(NewRequestRefused::AlreadyOpen(open.number));
        }
        let (membership, _, benefits, currency) = standing_in(&txn, business_id, today).await?;
        if !new.shipping.allowed(&benefits) {
            return refuse(NewRequestRefused::LabelForMembersOnly);
        }
        let year = today.year();
        let counter = format!("service_request_{year}");
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING",
            [counter.clone().into()],
        ))
        .await?;
        let seq = ValueRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
            [counter.into()],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| corrupt("counter", "service_request"))?
        .value;
        let number = request_number(year, seq);
        let a = &new.address;
        let id = IdRow::find_by_statement(Statement::from_sql_and_values(
                backend,
                "INSERT INTO service_requests (number, business_id, product_id, user_id, kind, shipping, description, \
                 contact_name, contact_email, return_street, return_postal_code, return_city, return_country, language, \
                 status, membership_id, tier_code, priority, repair_days, currency, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) \
                 RETURNING id",
                [
                    number.clone().into(),
                    business_id.into(),
                    new.product_id.into(),
                    user_id.into(),
                    new.kind.as_str().into(),
                    new.shipping.as_str().into(),
                    new.description.clone().into(),
                    a.name.clone().into(),
                    new.contact_email.as_str().into(),
                    a.street.clone().into(),
                    a.postal_code.clone().into(),
                    a.city.clone().into(),
                    a.country.code().into(),
                    lang.code().into(),
                    ServiceStatus::Registered.as_str().into(),
                    membership.as_ref().map(|m| m.id).into(),
                    membership.as_ref().map(|m| m.tier_code.clone()).into(),
                    int(benefits.priority).into(),
                    int(benefits.repair_days).into(),
                    currency.code().into(),
                    ms(now).into(),
                ],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| corrupt("service request", "no id"))?
        .id;
        add_event(&txn, id, None, ServiceStatus::Registered, EventActor::Member, None, now).await?;
        mail_step(&txn, id, ServiceStatus::Registered, now).await?;
        let r =
            request_in(&txn, Some(business_id), &number, false).await?.ok_or_else(|| corrupt("request", &number))?;
        let r = full_request(&txn, r).await?;
        txn.commit().await?;
        Ok(r)
    }

    /// The business's requests, newest first.
    pub async fn service_requests(&self, business_id: i64) -> Result<Vec<ServiceSummary>> {
        RequestRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!("SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.business_id = $1 ORDER BY r.id DESC"),
            [business_id.into()],
        ))
        .all(self.conn())
        .await?
        .into_iter()
        .map(RequestRow::into_summary)
        .collect()
    }

    /// One of the business's requests, by number, with its timeline, quote
    /// and loans; `None` for another business's.
    pub async fn service_request(&self, business_id: i64, number: &str) -> Result<Option<ServiceRequest>> {
        match request_in(self.conn(), Some(business_id), number, false).await? {
            Some(r) => Ok(Some(full_request(self.conn(), r).await?)),
            None => Ok(None),
        }
    }

    /// Any request, by number (the back office).
    pub async fn service_request_for_staff(&self, number: &str) -> Result<Option<ServiceRequest>> {
        match request_in(self.conn(), None, number, false).await? {
            Some(r) => Ok(Some(full_request(self.conn(), r).await?)),
            None => Ok(None),
        }
    }

    /// The staff queue: the tier's support priority first (1 first), then
    /// the promised date (requests not received yet after those that are),
    /// then the oldest.
    pub async fn service_queue(&self, filter: QueueFilter) -> Result<Vec<ServiceSummary>> {
        let (cond, values): (&str, Vec<Value>) = match filter {
            QueueFilter::Open => ("r.status <> 'closed'", vec![]),
            QueueFilter::Status(s) => ("r.status = $1", vec![s.as_str().into()]),
            QueueFilter::All => ("1 = 1", vec![]),
        };
        RequestRow::find_by_statement(Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            format!(
                "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE {cond} \
                 ORDER BY r.priority, CASE WHEN r.promised_on IS NULL THEN 1 ELSE 0 END, r.promised_on, r.id"
            ),
            values,
        ))
        .all(self.conn())
        .await?
        .into_iter()
        .map(RequestRow::into_summary)
        .collect()
    }

    /// A staff step on a request: received (the promised date is set from
    /// the day of receipt), in repair, ready, shipped (with the tracking
    /// number, if any), closed. Refuses a step the status machine does not
    /// have, and the steps that are not staff's. The step, its timeline
    /// entry and its audit entry are one transaction.
    pub async fn transition_service_request(
        &self,
        by: &StaffActor,
        number: &str,
        to: ServiceStatus,
        tracking: Option<&str>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Outcome<ServiceRequest, TransitionRefused> {
        if matches!(to, ServiceStatus::Diagnosed | ServiceStatus::Approved | ServiceStatus::Declined) {
            return refuse(TransitionRefused::NotAStaffStep(to));
        }
        let txn = self.write().await?;
        let Some(r) = request_in(&txn, None, number, true).await? else {
            return refuse(TransitionRefused::NotFound);
        };
        let from = r.status;
        if !can_transition(from, to) {
            return refuse(TransitionRefused::IllegalTransition { from, to });
        }
        let backend = txn.get_database_backend();
        if to == ServiceStatus::Closed {
            // A loan still only asked for ends with the request. This comes
            // before counting the loans out: a loan lent meanwhile is then
            // counted, and one not lent yet can no longer be.
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE loans SET status = 'refused' WHERE request_id = $1 AND status = 'requested'",
                [r.id.into()],
            ))
            .await?;
        }
        let out = loans_where(&txn, "l.request_id = $1 AND l.status = 'lent'", vec![r.id.into()]).await?.len();
        match check_staff_step(from, to, out) {
            Ok(()) => {}
            Err(StepRefused::LoanOut) => return refuse(TransitionRefused::LoanOut),
            Err(StepRefused::Illegal) => return refuse(TransitionRefused::IllegalTransition { from, to }),
        }
        if to == ServiceStatus::Shipped
            && let Some((_, invoice, status, method)) = crate::billing::request_invoice(&txn, r.id).await?
            && !cps_domain::billing::may_ship(Some(cps_domain::billing::Settlement::of(status, method)))
        {
            return refuse(TransitionRefused::AwaitingPayment(invoice));
        }
        // The promised date and the tracking number are written before the
        // step, so that its mail gives them (a refused step rolls them back).
        let mut after = serde_json::json!({ "status": to.as_str() });
        match to {
            ServiceStatus::Received => {
                let promised = cps_domain::service::promised_date(now.date_naive(), r.repair_days);
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE service_requests SET received_at = $1, promised_on = $2 WHERE id = $3",
                    [ms(now).into(), day(promised).into(), r.id.into()],
                ))
                .await?;
                after["promised_on"] = day(promised).into();
            }
            ServiceStatus::Shipped => {
                let tracking = tracking.map(str::trim).filter(|t| !t.is_empty());
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "UPDATE service_requests SET tracking = $1 WHERE id = $2",
                    [tracking.map(str::to_owned).into(), r.id.into()],
                ))
                .await?;
                after["tracking"] = tracking.into();
            }
            _ => {}
        }
        if !step(&txn, r.id, from, to, EventActor::Staff, note, now).await? {
            return refuse(TransitionRefused::IllegalTransition { from, to });
        }
        audit(
            &txn,
            Audit {
                actor: by,
                action: "service.transition",
                target: r.number.clone(),
                before: Some(serde_json::json!({ "status": from.as_str() })),
                after: Some(after),
                reason: note,
            },
            now,
        )
        .await?;
        let r = request_in(&txn, None, number, false).await?.ok_or_else(|| corrupt("request", number))?;
        let r = full_request(&txn, r).await?;
        txn.commit().await?;
        Ok(r)
    }

    /// Staff enter (or, before the member decides, replace) the quote of a
    /// received request: the lines at list price, the totals worked out with
    /// the membership's terms of today. The request becomes diagnosed; the
    /// quote, the step and the audit entry are one transaction.
    pub async fn enter_service_quote(
        &self,
        by: &StaffActor,
        number: &str,
        lines: &[QuoteLine],
        now: DateTime<Utc>,
    ) -> Outcome<ServiceRequest, QuoteRefused> {
        if lines.is_empty() {
            return refuse(QuoteRefused::EmptyQuote);
        }
        let seller = self.seller_rules()?;
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let Some(r) = request_in(&txn, None, number, true).await? else {
            return refuse(QuoteRefused::NotFound);
        };
        let replacing = r.status == ServiceStatus::Diagnosed;
        if !replacing && !can_transition(r.status, ServiceStatus::Diagnosed) {
            return refuse(QuoteRefused::IllegalTransition { from: r.status, to: ServiceStatus::Diagnosed });
        }
        let category = category_of(&txn, &r.model_code).await?;
        let (terms, _, _) = terms_for(&txn, &r, category, now.date_naive(), false).await?;
        let vat = vat_for(&txn, r.business_id, seller).await?;
        let totals = price_quote(lines, r.currency, terms, vat);
        let before = quote_in(&txn, r.id).await?.map(|q| serde_json::json!({ "total_minor": q.totals.total_minor }));
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM service_quote_lines WHERE request_id = $1",
            [r.id.into()],
        ))
        .await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM service_quotes WHERE request_id = $1",
            [r.id.into()],
        ))
        .await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO service_quotes (request_id, currency, vat_treatment, vat_rate_bp, parts_minor, labour_minor, \
             sensor_clean_minor, free_clean_minor, discount_minor, allowance_minor, net_minor, vat_minor, total_minor, \
             entered_by, entered_at) VALUES ($1, $2, $3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, $4, $5)",
            [r.id.into(), r.currency.code().into(), vat.as_str().into(), by.id.into(), ms(now).into()],
        ))
        .await?;
        save_totals(&txn, r.id, &totals).await?;
        for (position, l) in lines.iter().enumerate() {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO service_quote_lines (request_id, position, kind, description, quantity, unit_minor) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    r.id.into(),
                    i32::try_from(position).unwrap_or(i32::MAX).into(),
                    l.kind().as_str().into(),
                    l.description().into(),
                    int(l.quantity()).into(),
                    l.unit_minor().into(),
                ],
            ))
            .await?;
        }
        if replacing {
            add_event(
                &txn,
                r.id,
                Some(r.status),
                ServiceStatus::Diagnosed,
                EventActor::Staff,
                Some("quote replaced"),
                now,
            )
            .await?;
            mail_step(&txn, r.id, ServiceStatus::Diagnosed, now).await?;
        } else if !step(&txn, r.id, r.status, ServiceStatus::Diagnosed, EventActor::Staff, None, now).await? {
            return refuse(QuoteRefused::IllegalTransition { from: r.status, to: ServiceStatus::Diagnosed });
        }
        audit(
            &txn,
            Audit {
                actor: by,
                action: "service.quote",
                target: r.number.clone(),
                before,
                after: Some(serde_json::json!({
                    "lines": lines.len(),
                    "list_minor": totals.list_minor(),
                    "total_minor": totals.total_minor,
                    "currency": totals.currency.code(),
                })),
                reason: None,
            },
            now,
        )
        .await?;
        let r = request_in(&txn, None, number, false).await?.ok_or_else(|| corrupt("request", number))?;
        let r = full_request(&txn, r).await?;
        txn.commit().await?;
        Ok(r)
    }

    /// The member approves or declines the quote of their diagnosed request.
    /// Approving works the totals out again with today's terms and, in the
    /// same transaction, draws the allowance (never below zero), counts the
    /// free sensor clean and, when something is left to pay, issues the
    /// repair invoice (its lines, the discount and allowance, VAT, card or
    /// bank transfer); the totals are frozen as drawn. Declining draws
    /// nothing; a business without a membership is invoiced the diagnosis
    /// fee (if one is configured). One invoice per request: the status step
    /// and the unique index on `invoices.service_request_id` both guard.
    pub async fn decide_service_quote(
        &self,
        business_id: i64,
        number: &str,
        approve: bool,
        billing: &ServiceBilling,
        now: DateTime<Utc>,
    ) -> Outcome<ServiceRequest, DecisionRefused> {
        let seller = self.seller_rules()?;
        let to = if approve { ServiceStatus::Approved } else { ServiceStatus::Declined };
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let Some(r) = request_in(&txn, Some(business_id), number, true).await? else {
            return refuse(DecisionRefused::NotFound);
        };
        let Some(quote) = quote_in(&txn, r.id).await?.filter(|q| q.decision.is_none()) else {
            return refuse(DecisionRefused::NoQuote);
        };
        if !can_transition(r.status, to) {
            return refuse(DecisionRefused::IllegalTransition { from: r.status, to });
        }
        // What the decision invoices: lines, allowances, VAT, net and VAT amounts.
        let mut invoice = None;
        if !approve {
            let today = now.date_naive();
            let member = match r.membership_id {
                Some(id) => {
                    crate::memberships::membership_by_id_in(&txn, id).await?.is_some_and(|m| m.is_current(today))
                }
                None => false,
            };
            let tier = match r.tier_code.as_deref() {
                Some(code) if member => tier_of(&txn, code).await?,
                _ => None,
            };
            let fee = cps_domain::service::declined_charge(
                &ServiceBenefits::of(tier.as_ref()),
                billing.diagnosis_fee(r.currency),
            );
            if fee.minor > 0 {
                let vat = vat_for(&txn, r.business_id, seller).await?;
                let line = vec![cps_domain::billing::diagnosis_line(fee.minor)];
                invoice = Some((line, Vec::new(), vat, fee.minor, vat.vat_on(fee.minor)));
            }
        }
        if approve {
            if let Some(m) = r.membership_id {
                lock_membership(&txn, m).await?;
            }
            let today = now.date_naive();
            let category = category_of(&txn, &r.model_code).await?;
            let (terms, account, year) = terms_for(&txn, &r, category, today, true).await?;
            let vat = vat_for(&txn, r.business_id, seller).await?;
            let totals = price_quote(&quote.lines, r.currency, terms, vat);
            if totals.total_minor > 0 {
                let (lines, allowances) =
                    cps_domain::billing::repair_items(&quote.lines, &totals, terms.discount_percent);
                invoice = Some((lines, allowances, vat, totals.net_minor, totals.vat_minor));
            }
            if totals.allowance_minor > 0 {
                let account = account.ok_or_else(|| corrupt("allowance account", "missing"))?;
                let drawn = txn
                    .execute_raw(Statement::from_sql_and_values(
                        backend,
                        "UPDATE allowance_accounts SET balance_minor = balance_minor - $1 \
                         WHERE id = $2 AND balance_minor >= $1",
                        [totals.allowance_minor.into(), account.into()],
                    ))
                    .await?;
                if drawn.rows_affected() != 1 {
                    return Err(StoreError::Corrupt("the allowance changed under a locked membership".into()).into());
                }
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT INTO allowance_draws (account_id, request_id, amount_minor, at) VALUES ($1, $2, $3, $4)",
                    [account.into(), r.id.into(), totals.allowance_minor.into(), ms(now).into()],
                ))
                .await?;
            }
            if totals.free_clean_minor > 0
                && let (Some(m), Some(y)) = (r.membership_id, year)
            {
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT INTO sensor_cleans (product_id, membership_id, year_index, request_id, at) VALUES ($1, $2, $3, $4, $5)",
                    [r.product_id.into(), m.into(), int(y).into(), r.id.into(), ms(now).into()],
                ))
                .await?;
            }
            save_totals(&txn, r.id, &totals).await?;
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE service_quotes SET vat_treatment = $1 WHERE request_id = $2",
                [vat.as_str().into(), r.id.into()],
            ))
            .await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE service_quotes SET decision = $1, decided_at = $2 WHERE request_id = $3",
            [to.as_str().into(), ms(now).into(), r.id.into()],
        ))
        .await?;
        if !step(&txn, r.id, r.status, to, EventActor::Member, None, now).await? {
            return refuse(DecisionRefused::IllegalTransition { from: r.status, to });
        }
        if let Some((lines, allowances, vat, net_minor, vat_minor)) = invoice {
            let service = match &r.serial {
                Some(serial) => format!("{} ({serial})", r.model_name),
                None => r.model_name.clone(),
            };
            let inv = crate::billing::ServiceInvoice {
                request_id: r.id,
                request_number: r.number.clone(),
                business_id: r.business_id,
                service,
                currency: r.currency,
                vat,
                lines,
                allowances,
                net_minor,
                vat_minor,
            };
            crate::billing::issue_service_invoice(&txn, &billing.seller, inv, now).await?;
        }
        let r = request_in(&txn, Some(business_id), number, false).await?.ok_or_else(|| corrupt("request", number))?;
        let r = full_request(&txn, r).await?;
        txn.commit().await?;
        Ok(r)
    }

    /// The member asks for loan equipment for a repair (tiers that include
    /// it; one pending or running loan per request).
    pub async fn request_loan(
        &self,
        business_id: i64,
        number: &str,
        wish: &str,
        now: DateTime<Utc>,
    ) -> Outcome<Loan, LoanRequestRefused> {
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let Some(r) = request_in(&txn, Some(business_id), number, true).await? else {
            return refuse(LoanRequestRefused::NotFound);
        };
        let tier = match r.tier_code.as_deref() {
            Some(code) => tier_of(&txn, code).await?,
            None => None,
        };
        // The membership the request was made under must still run.
        let current = match r.membership_id {
            Some(id) => {
                crate::memberships::membership_by_id_in(&txn, id).await?.is_some_and(|m| m.is_current(now.date_naive()))
            }
            None => false,
        };
        let benefits = ServiceBenefits::of(tier.as_ref().filter(|_| current));
        if let Err(e) = may_request_loan(&benefits, r.kind, r.status) {
            return refuse(LoanRequestRefused::Loan(e));
        }
        let running =
            loans_where(&txn, "l.request_id = $1 AND l.status IN ('requested', 'lent')", vec![r.id.into()]).await?;
        if !running.is_empty() {
            return refuse(LoanRequestRefused::AlreadyRequested);
        }
        let wish = wish.trim().chars().take(500).collect::<String>();
        let id = IdRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "INSERT INTO loans (request_id, business_id, status, wish, requested_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [
                r.id.into(),
                business_id.into(),
                LoanStatus::Requested.as_str().into(),
                (!wish.is_empty()).then_some(wish).into(),
                ms(now).into(),
            ],
        ))
        .one(&txn)
        .await?
        .ok_or_else(|| corrupt("loan", "no id"))?
        .id;
        let loan =
            loans_where(&txn, "l.id = $1", vec![id.into()]).await?.pop().ok_or_else(|| corrupt("loan", "gone"))?;
        txn.commit().await?;
        Ok(loan)
    }

    /// Adds an item to the loan pool.
    pub async fn add_loan_item(
        &self,
        by: &StaffActor,
        name: &str,
        serial: &str,
        category: Category,
        now: DateTime<Utc>,
    ) -> Outcome<LoanItem, LoanItemRefused> {
        let (name, serial) = (name.trim(), serial.trim());
        let fits = |v: &str| !v.is_empty() && v.chars().count() <= 200 && !v.chars().any(char::is_control);
        if !fits(name) || !fits(serial) {
            return refuse(LoanItemRefused::DetailsInvalid);
        }
        let txn = self.write().await?;
        let inserted = IdRow::find_by_statement(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO loan_items (name, serial, category, status, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [
                name.into(),
                serial.into(),
                category.as_str().into(),
                LoanItemStatus::Available.as_str().into(),
                ms(now).into(),
            ],
        ))
        .one(&txn)
        .await;
        let id = match inserted {
            Ok(row) => row.ok_or_else(|| corrupt("loan item", "no id"))?.id,
            Err(e) if is_unique_violation(&e) => return refuse(LoanItemRefused::SerialTaken),
            Err(e) => return Err(e.into()),
        };
        audit(
            &txn,
            Audit {
                actor: by,
                action: "loan_item.add",
                target: serial.to_owned(),
                before: None,
                after: Some(serde_json::json!({ "name": name, "category": category.as_str() })),
                reason: None,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(LoanItem {
            id,
            name: name.to_owned(),
            serial: serial.to_owned(),
            category,
            status: LoanItemStatus::Available,
        })
    }

    /// The loan pool, by name.
    pub async fn loan_items(&self) -> Result<Vec<LoanItem>> {
        LoanItemRow::find_by_statement(Statement::from_string(
            self.conn().get_database_backend(),
            "SELECT id, name, serial, category, status FROM loan_items ORDER BY name, serial",
        ))
        .all(self.conn())
        .await?
        .into_iter()
        .map(LoanItemRow::into_item)
        .collect()
    }

    /// Loans waiting for staff, oldest first.
    pub async fn pending_loans(&self) -> Result<Vec<Loan>> {
        loans_where(self.conn(), "l.status = 'requested'", vec![]).await
    }

    /// Loans out (lent, not returned), the earliest due first.
    pub async fn running_loans(&self) -> Result<Vec<Loan>> {
        let mut loans = loans_where(self.conn(), "l.status = 'lent'", vec![]).await?;
        loans.sort_by_key(|l| (l.due_on, l.id));
        Ok(loans)
    }

    /// Loans out after their due date.
    pub async fn overdue_loans(&self, today: NaiveDate) -> Result<Vec<Loan>> {
        loans_where(self.conn(), "l.status = 'lent' AND l.due_on < $1", vec![day(today).into()]).await
    }

    /// Staff lend an available item for a requested loan, due back on
    /// `due_on` (see `cps_domain::service::loan_due_date`). Item and loan
    /// change in one transaction; an item already lent is refused.
    pub async fn confirm_loan(
        &self,
        by: &StaffActor,
        loan_id: i64,
        item_id: i64,
        due_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Outcome<Loan, LendRefused> {
        if due_on < now.date_naive() {
            return refuse(LendRefused::DueInThePast);
        }
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let Some(loan) = loans_where(&txn, "l.id = $1", vec![loan_id.into()]).await?.pop() else {
            return refuse(LendRefused::NotFound);
        };
        if loan.status != LoanStatus::Requested {
            return refuse(LendRefused::LoanNotPending);
        }
        let taken = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE loan_items SET status = 'lent' WHERE id = $1 AND status = 'available'",
                [item_id.into()],
            ))
            .await?;
        if taken.rows_affected() != 1 {
            return refuse(LendRefused::ItemUnavailable);
        }
        let lent = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE loans SET status = 'lent', item_id = $1, lent_at = $2, due_on = $3 WHERE id = $4 AND status = 'requested'",
                [item_id.into(), ms(now).into(), day(due_on).into(), loan_id.into()],
            ))
            .await?;
        if lent.rows_affected() != 1 {
            return refuse(LendRefused::LoanNotPending);
        }
        audit(
            &txn,
            Audit {
                actor: by,
                action: "loan.confirm",
                target: loan.request_number.clone(),
                before: Some(serde_json::json!({ "loan": loan_id, "status": "requested" })),
                after: Some(serde_json::json!({ "loan": loan_id, "item": item_id, "due_on": day(due_on) })),
                reason: None,
            },
            now,
        )
        .await?;
        let loan =
            loans_where(&txn, "l.id = $1", vec![loan_id.into()]).await?.pop().ok_or_else(|| corrupt("loan", "gone"))?;
        mail_loan(&txn, &loan, now).await?;
        txn.commit().await?;
        Ok(loan)
    }

    /// The lent item is back: the loan is returned and the item available.
    pub async fn return_loan(&self, by: &StaffActor, loan_id: i64, now: DateTime<Utc>) -> Outcome<Loan, ReturnRefused> {
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let Some(loan) = loans_where(&txn, "l.id = $1", vec![loan_id.into()]).await?.pop() else {
            return refuse(ReturnRefused::NotFound);
        };
        let (LoanStatus::Lent, Some(item)) = (loan.status, loan.item.as_ref()) else {
            return refuse(ReturnRefused::NotLent);
        };
        let back = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE loans SET status = 'returned', returned_at = $1 WHERE id = $2 AND status = 'lent'",
                [ms(now).into(), loan_id.into()],
            ))
            .await?;
        if back.rows_affected() != 1 {
            return refuse(ReturnRefused::NotLent);
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE loan_items SET status = 'available' WHERE id = $1 AND status = 'lent'",
            [item.id.into()],
        ))
        .await?;
        audit(
            &txn,
            Audit {
                actor: by,
                action: "loan.return",
                target: loan.request_number.clone(),
                before: Some(serde_json::json!({ "loan": loan_id, "item": item.id, "status": "lent" })),
                after: Some(serde_json::json!({ "loan": loan_id, "status": "returned" })),
                reason: None,
            },
            now,
        )
        .await?;
        let loan =
            loans_where(&txn, "l.id = $1", vec![loan_id.into()]).await?.pop().ok_or_else(|| corrupt("loan", "gone"))?;
        mail_loan(&txn, &loan, now).await?;
        txn.commit().await?;
        Ok(loan)
    }
}
