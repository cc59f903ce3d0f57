//! Service and repair: the rules that make a membership usable.
//!
//! - **Working days** in Sweden: weekends and the Swedish public holidays
//!   (computed for any year: Easter by the Gregorian computus, midsummer and
//!   All Saints' Day by their weekday rules) are skipped.
//! - **The promised completion date**: the tier's repair working days counted
//!   from the day the product is received.
//! - **Request kinds, shipping and the status machine** (typed, stored as
//!   text): registered → received → diagnosed → approved | declined;
//!   approved → in_repair → ready → shipped → closed; declined → shipped
//!   (back, without repair) → closed. Nothing else.
//! - **Quote arithmetic** in integer minor units: parts and labour, the
//!   tier's discount on them, then the maintenance allowance drawn (never
//!   below zero, never more than is left to pay), then VAT.
//! - **Sensor cleans**: one free per camera body and membership year where
//!   the tier includes it; another in the same year at its normal price.
//! - **Request numbers** `SR-YYYY-NNNNNN`, gap-free per year (the counter is
//!   the store's).

use crate::catalogue::Category;
use crate::money::{Currency, Money, mul_div_round};
use crate::serial::SerialNumber;
use crate::tiers::Tier;
use crate::vat::VatTreatment;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- holidays

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus,
/// Meeus/Jones/Butcher). Valid for every year chrono can hold from 1583 on.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, u32::try_from(month).unwrap_or(4), u32::try_from(day).unwrap_or(1))
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

/// A Swedish public holiday, or a day off that counts as one (the eves:
/// midsummer, Christmas and New Year's Eve).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYearsDay,
    Epiphany,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    MayDay,
    AscensionDay,
    Pentecost,
    NationalDay,
    MidsummerEve,
    MidsummerDay,
    AllSaintsDay,
    ChristmasEve,
    ChristmasDay,
    BoxingDay,
    NewYearsEve,
}

/// The Swedish public holidays and eves of a year, in date order.
pub fn swedish_holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let easter = easter_sunday(year);
    // Midsummer Eve: the Friday between 19 and 25 June; Midsummer Day the
    // Saturday after (20–26 June). All Saints' Day: the Saturday between
    // 31 October and 6 November.
    let midsummer_eve = first_on_or_after(ymd(year, 6, 19), Weekday::Fri);
    let mut days = vec![
        (ymd(year, 1, 1), Holiday::NewYearsDay),
        (ymd(year, 1, 6), Holiday::Epiphany),
        (easter - Duration::days(2), Holiday::GoodFriday),
        (easter, Holiday::EasterSunday),
        (easter + Duration::days(1), Holiday::EasterMonday),
        (ymd(year, 5, 1), Holiday::MayDay),
        (easter + Duration::days(39), Holiday::AscensionDay),
        (easter + Duration::days(49), Holiday::Pentecost),
        (ymd(year, 6, 6), Holiday::NationalDay),
        (midsummer_eve, Holiday::MidsummerEve),
        (midsummer_eve + Duration::days(1), Holiday::MidsummerDay),
        (first_on_or_after(ymd(year, 10, 31), Weekday::Sat), Holiday::AllSaintsDay),
        (ymd(year, 12, 24), Holiday::ChristmasEve),
        (ymd(year, 12, 25), Holiday::ChristmasDay),
        (ymd(year, 12, 26), Holiday::BoxingDay),
        (ymd(year, 12, 31), Holiday::NewYearsEve),
    ];
    days.sort_by_key(|(d, _)| *d);
    days
}

/// The holiday on `date`, if it is one.
pub fn swedish_holiday(date: NaiveDate) -> Option<Holiday> {
    swedish_holidays(date.year()).into_iter().find(|(d, _)| *d == date).map(|(_, h)| h)
}

/// A working day: Monday to Friday and not a Swedish holiday or eve.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && swedish_holiday(date).is_none()
}

/// The date `n` working days after `date` (the day itself does not count):
/// received on Thursday 23 December 2027, one working day later is Monday
/// 27 December. `n = 0` gives `date` back unchanged.
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

// ---------------------------------------------------------------- benefits

/// The turnaround promised to someone without a membership, in working days.
pub const NON_MEMBER_REPAIR_DAYS: u32 = 10;
/// The support priority of someone without a membership (1 is served first;
/// the tiers have 1–3).
pub const NON_MEMBER_PRIORITY: u32 = 4;

/// What a membership (or none) gives for service, taken from the tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceBenefits {
    pub member: bool,
    pub repair_days: u32,
    pub discount_percent: u32,
    /// A maintenance allowance equal to the year's net fee.
    pub maintenance_allowance: bool,
    pub loan_equipment: bool,
    /// Free sensor cleans per camera body and membership year.
    pub sensor_cleans: u32,
    /// 1 is served first.
    pub priority: u32,
}

impl ServiceBenefits {
    /// The benefits of a tier; `None` for a business without a current
    /// membership: list prices, no allowance, no loan, no free clean.
    pub fn of(tier: Option<&Tier>) -> ServiceBenefits {
        match tier {
            Some(t) => ServiceBenefits {
                member: true,
                repair_days: t.benefits.repair_days,
                discount_percent: t.benefits.repair_discount_percent.min(100),
                maintenance_allowance: t.benefits.maintenance_allowance,
                loan_equipment: t.benefits.loan_equipment,
                sensor_cleans: t.benefits.sensor_cleans,
                priority: t.benefits.support_priority,
            },
            None => ServiceBenefits {
                member: false,
                repair_days: NON_MEMBER_REPAIR_DAYS,
                discount_percent: 0,
                maintenance_allowance: false,
                loan_equipment: false,
                sensor_cleans: 0,
                priority: NON_MEMBER_PRIORITY,
            },
        }
    }

    /// The promised completion date for a product received on `received`.
    pub fn promised_date(&self, received: NaiveDate) -> NaiveDate {
        promised_date(received, self.repair_days)
    }
}

/// The tier's repair working days counted from the day the product is received.
pub fn promised_date(received: NaiveDate, repair_days: u32) -> NaiveDate {
    add_working_days(received, repair_days)
}

/// The maintenance allowance of one membership year: the tier's net fee for
/// one year in the membership's currency; zero where the tier has none.
pub fn yearly_allowance(tier: &Tier, currency: Currency) -> Money {
    let minor = if tier.benefits.maintenance_allowance { tier.price(currency, 1).map_or(0, |m| m.minor) } else { 0 };
    Money::new(minor, currency)
}

/// One year of a membership: the allowance and the free sensor cleans are
/// counted per membership year (a 1-year term is one; a 3-year term three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipYear {
    /// 0 for the first year of the term.
    pub index: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The membership year `on` falls in, for a term from `starts_on` to
/// `ends_on` (inclusive); `None` outside the term.
pub fn membership_year(starts_on: NaiveDate, ends_on: NaiveDate, on: NaiveDate) -> Option<MembershipYear> {
    if on < starts_on || on > ends_on {
        return None;
    }
    let mut index = 0;
    let mut start = starts_on;
    loop {
        let end = crate::membership::term_end(start, 1).min(ends_on);
        if on <= end {
            return Some(MembershipYear { index, starts_on: start, ends_on: end });
        }
        start = end.succ_opt()?;
        index += 1;
    }
}

/// Sensor cleans are for camera bodies (stills and cinema).
pub fn is_camera_body(category: Category) -> bool {
    matches!(category, Category::Camera | Category::Cinema)
}

/// How many free sensor cleans are left this membership year for one body.
pub fn sensor_cleans_left(included_per_year: u32, used_this_year: u32) -> u32 {
    included_per_year.saturating_sub(used_this_year)
}

/// Whether the next sensor clean of this body is free.
pub fn sensor_clean_is_free(benefits: &ServiceBenefits, category: Category, used_this_year: u32) -> bool {
    benefits.member && is_camera_body(category) && sensor_cleans_left(benefits.sensor_cleans, used_this_year) > 0
}

// ---------------------------------------------------------------- requests

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Repair,
    /// Check & clean.
    Maintenance,
    SensorClean,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 3] = [ServiceKind::Repair, ServiceKind::Maintenance, ServiceKind::SensorClean];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::Repair => "repair",
            ServiceKind::Maintenance => "maintenance",
            ServiceKind::SensorClean => "sensor_clean",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How the product travels to the service centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shipping {
    /// A prepaid shipping label (members).
    FreeLabel,
    /// Brought to the service centre.
    DropOff,
}

impl Shipping {
    pub const ALL: [Shipping; 2] = [Shipping::FreeLabel, Shipping::DropOff];

    pub fn as_str(self) -> &'static str {
        match self {
            Shipping::FreeLabel => "free_label",
            Shipping::DropOff => "drop_off",
        }
    }

    pub fn parse(s: &str) -> Option<Shipping> {
        Shipping::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The free label is a member's benefit: everyone may drop off.
    pub fn allowed(self, benefits: &ServiceBenefits) -> bool {
        self == Shipping::DropOff || benefits.member
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Registered,
    /// The product is at the service centre: the promised date runs from here.
    Received,
    /// A quote is entered.
    Diagnosed,
    /// The member approved the quote.
    Approved,
    /// The member declined the quote: sent back without repair.
    Declined,
    InRepair,
    Ready,
    Shipped,
    Closed,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 9] = [
        ServiceStatus::Registered,
        ServiceStatus::Received,
        ServiceStatus::Diagnosed,
        ServiceStatus::Approved,
        ServiceStatus::Declined,
        ServiceStatus::InRepair,
        ServiceStatus::Ready,
        ServiceStatus::Shipped,
        ServiceStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Registered => "registered",
            ServiceStatus::Received => "received",
            ServiceStatus::Diagnosed => "diagnosed",
            ServiceStatus::Approved => "approved",
            ServiceStatus::Declined => "declined",
            ServiceStatus::InRepair => "in_repair",
            ServiceStatus::Ready => "ready",
            ServiceStatus::Shipped => "shipped",
            ServiceStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceStatus> {
        ServiceStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The steps that may follow this one.
    pub fn next(self) -> &'static [ServiceStatus] {
        use ServiceStatus::*;
        match self {
            Registered => &[Received],
            Received => &[Diagnosed],
            Diagnosed => &[Approved, Declined],
            Approved => &[InRepair],
            Declined => &[Shipped],
            InRepair => &[Ready],
            Ready => &[Shipped],
            Shipped => &[Closed],
            Closed => &[],
        }
    }

    /// Steps the member takes (deciding on the quote); every other step is
    /// the service staff's.
    pub fn is_members_decision(self) -> bool {
        matches!(self, ServiceStatus::Approved | ServiceStatus::Declined)
    }

    /// Still with the service centre or on its way there: not shipped back.
    pub fn is_open(self) -> bool {
        !matches!(self, ServiceStatus::Shipped | ServiceStatus::Closed)
    }

    /// The product is at the service centre (the loan may run, the promised
    /// date applies).
    pub fn is_at_service_centre(self) -> bool {
        self.is_open() && self != ServiceStatus::Registered
    }
}

/// Whether `from → to` is a step of the status machine.
pub fn can_transition(from: ServiceStatus, to: ServiceStatus) -> bool {
    from.next().contains(&to)
}

/// Why staff cannot take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefused {
    /// Not a step of the status machine from where the request is.
    Illegal,
    /// Closing while loan equipment of the request is still with the member.
    LoanOut,
}

/// Whether staff may take the step `from → to` while `loans_out` loans of
/// the request are lent and not returned: the status machine decides, and a
/// request is not closed while its loan is out (the loan would be lost from
/// sight with it).
pub fn check_staff_step(from: ServiceStatus, to: ServiceStatus, loans_out: usize) -> Result<(), StepRefused> {
    if !can_transition(from, to) {
        return Err(StepRefused::Illegal);
    }
    if to == ServiceStatus::Closed && loans_out > 0 {
        return Err(StepRefused::LoanOut);
    }
    Ok(())
}

/// The serial staff read on the product matches the request's: compared as
/// serial numbers are (trimmed, upper case, without spaces and dashes). A
/// request without a serial matches nothing.
pub fn serial_matches(read: &str, on_request: Option<&str>) -> bool {
    match (SerialNumber::normalise(read), on_request.and_then(SerialNumber::normalise)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// What a declined repair costs: nothing for a member (diagnosis and the
/// return shipping are part of the membership); a business without one pays
/// the diagnosis fee (configuration) and ships at its own cost.
pub fn declined_charge(benefits: &ServiceBenefits, diagnosis_fee: Money) -> Money {
    if benefits.member { Money::new(0, diagnosis_fee.currency) } else { diagnosis_fee }
}

/// The longest fault description kept.
pub const DESCRIPTION_MAX: usize = 5000;

/// The member's description of the fault: trimmed, not empty, at most
/// [`DESCRIPTION_MAX`] characters. A sensor clean needs no description.
pub fn parse_description(input: &str, kind: ServiceKind) -> Result<String, &'static str> {
    let d = input.trim();
    if d.is_empty() && kind == ServiceKind::Repair {
        return Err("error-service-description-required");
    }
    if d.chars().count() > DESCRIPTION_MAX {
        return Err("error-service-description-too-long");
    }
    Ok(d.to_owned())
}

/// `SR-2026-000123`: year and a number that counts up without gaps per year.
pub fn request_number(year: i32, seq: i64) -> String {
    format!("SR-{year}-{seq:06}")
}

/// The year and sequence of a request number; `None` for anything else.
pub fn parse_request_number(s: &str) -> Option<(i32, i64)> {
    let rest = s.trim().strip_prefix("SR-")?;
    let (year, seq) = rest.split_once('-')?;
    let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(year, 4) || !ok(seq, 6) {
        return None;
    }
    Some((year.parse().ok()?, seq.parse().ok()?))
}

// ---------------------------------------------------------------- quotes

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Part,
    Labour,
    /// The sensor clean itself (free once per body and year where the tier
    /// includes it; never discounted otherwise: it is not a repair).
    SensorClean,
}

impl LineKind {
    pub const ALL: [LineKind; 3] = [LineKind::Part, LineKind::Labour, LineKind::SensorClean];

    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Part => "part",
            LineKind::Labour => "labour",
            LineKind::SensorClean => "sensor_clean",
        }
    }

    pub fn parse(s: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Parts and labour are the repair the tier's discount applies to.
    pub fn is_repair(self) -> bool {
        matches!(self, LineKind::Part | LineKind::Labour)
    }
}

/// The most of one item on a line.
pub const QUANTITY_MAX: u32 = 1000;
/// The highest unit price accepted, in minor units (10 000 000,00).
pub const UNIT_MAX_MINOR: i64 = 1_000_000_000;

/// One line of a quote, at list price. A line that exists is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    kind: LineKind,
    description: String,
    quantity: u32,
    unit_minor: i64,
}

impl QuoteLine {
    /// A line: a description of 1–200 characters, 1–[`QUANTITY_MAX`] items,
    /// a unit price of 0–[`UNIT_MAX_MINOR`] minor units.
    pub fn new(kind: LineKind, description: &str, quantity: u32, unit_minor: i64) -> Result<QuoteLine, &'static str> {
        let description = description.trim();
        if description.is_empty() || description.chars().count() > 200 {
            return Err("error-quote-line-description");
        }
        if quantity == 0 || quantity > QUANTITY_MAX {
            return Err("error-quote-line-quantity");
        }
        if !(0..=UNIT_MAX_MINOR).contains(&unit_minor) {
            return Err("error-quote-line-price");
        }
        Ok(QuoteLine { kind, description: description.to_owned(), quantity, unit_minor })
    }

    pub fn kind(&self) -> LineKind {
        self.kind
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn quantity(&self) -> u32 {
        self.quantity
    }

    pub fn unit_minor(&self) -> i64 {
        self.unit_minor
    }

    /// Quantity × unit price.
    pub fn amount_minor(&self) -> i64 {
        i64::from(self.quantity) * self.unit_minor
    }
}

/// What the member's membership brings to one quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteTerms {
    /// The tier's discount on parts and labour (0 without a membership).
    pub discount_percent: u32,
    /// What is left on the maintenance allowance of the membership year
    /// (0 without one). A negative value counts as zero.
    pub allowance_left_minor: i64,
    /// Whether this body's sensor clean is free (see [`sensor_clean_is_free`]).
    pub free_sensor_clean: bool,
}

impl QuoteTerms {
    /// List price, no benefits.
    pub const NONE: QuoteTerms = QuoteTerms { discount_percent: 0, allowance_left_minor: 0, free_sensor_clean: false };
}

/// What a tier would bring to a quote that has a full year ahead of it: the
/// tier's discount, a whole year's maintenance allowance and, for a camera
/// body's sensor clean, the free one. Shown to a business whose membership
/// has lapsed: what the quote would have come to had it renewed.
pub fn full_year_terms(tier: &Tier, currency: Currency, kind: ServiceKind, category: Option<Category>) -> QuoteTerms {
    let benefits = ServiceBenefits::of(Some(tier));
    QuoteTerms {
        discount_percent: benefits.discount_percent,
        allowance_left_minor: yearly_allowance(tier, currency).minor,
        free_sensor_clean: kind == ServiceKind::SensorClean
            && category.is_some_and(|c| sensor_clean_is_free(&benefits, c, 0)),
    }
}

/// A quote worked out: every amount in minor units of `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteTotals {
    pub currency: Currency,
    pub parts_minor: i64,
    pub labour_minor: i64,
    pub sensor_clean_minor: i64,
    /// The sensor clean taken off when it is the body's free one.
    pub free_clean_minor: i64,
    /// The tier's discount on parts and labour.
    pub discount_minor: i64,
    /// Drawn from the maintenance allowance.
    pub allowance_minor: i64,
    /// Net to pay, after discount and allowance.
    pub net_minor: i64,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    /// What the member pays.
    pub total_minor: i64,
}

impl QuoteTotals {
    /// The lines at list price.
    pub fn list_minor(&self) -> i64 {
        self.parts_minor + self.labour_minor + self.sensor_clean_minor
    }

    pub fn total(&self) -> Money {
        Money::new(self.total_minor, self.currency)
    }
}

/// Works out a quote: the lines at list price; the tier's discount on parts
/// and labour (rounded half away from zero); the free sensor clean taken
/// off; then the maintenance allowance drawn on what is left — never below
/// zero, never more than that amount or than the allowance left; then VAT
/// on the rest, and the total to pay.
pub fn price_quote(lines: &[QuoteLine], currency: Currency, terms: QuoteTerms, vat: VatTreatment) -> QuoteTotals {
    let sum = |f: fn(LineKind) -> bool| lines.iter().filter(|l| f(l.kind)).map(QuoteLine::amount_minor).sum::<i64>();
    let parts_minor = sum(|k| k == LineKind::Part);
    let labour_minor = sum(|k| k == LineKind::Labour);
    let sensor_clean_minor = sum(|k| k == LineKind::SensorClean);
    let discount_minor = mul_div_round(parts_minor + labour_minor, i64::from(terms.discount_percent.min(100)), 100);
    // One clean is free: the dearest sensor-clean line's unit price.
    let free_clean_minor = if terms.free_sensor_clean {
        lines.iter().filter(|l| l.kind == LineKind::SensorClean).map(|l| l.unit_minor).max().unwrap_or(0)
    } else {
        0
    };
    let after_discount = parts_minor + labour_minor - discount_minor + sensor_clean_minor - free_clean_minor;
    let allowance_minor = terms.allowance_left_minor.max(0).min(after_discount.max(0));
    let net_minor = after_discount - allowance_minor;
    let vat_minor = vat.vat_on(net_minor);
    QuoteTotals {
        currency,
        parts_minor,
        labour_minor,
        sensor_clean_minor,
        free_clean_minor,
        discount_minor,
        allowance_minor,
        net_minor,
        vat_rate_bp: vat.rate_bp(),
        vat_minor,
        total_minor: net_minor + vat_minor,
    }
}

// ---------------------------------------------------------------- loans

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// The member asked; staff have not picked an item yet.
    Requested,
    /// An item is with the member.
    Lent,
    Returned,
    /// Staff could not lend (nothing available, or the request ended).
    Refused,
}

impl LoanStatus {
    pub const ALL: [LoanStatus; 4] =
        [LoanStatus::Requested, LoanStatus::Lent, LoanStatus::Returned, LoanStatus::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            LoanStatus::Requested => "requested",
            LoanStatus::Lent => "lent",
            LoanStatus::Returned => "returned",
            LoanStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<LoanStatus> {
        LoanStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An item of the loan pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanItemStatus {
    Available,
    Lent,
    /// Out of the pool for good.
    Retired,
}

impl LoanItemStatus {
    pub const ALL: [LoanItemStatus; 3] = [LoanItemStatus::Available, LoanItemStatus::Lent, LoanItemStatus::Retired];

    pub fn as_str(self) -> &'static str {
        match self {
            LoanItemStatus::Available => "available",
            LoanItemStatus::Lent => "lent",
            LoanItemStatus::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Option<LoanItemStatus> {
        LoanItemStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a loan cannot be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanRefused {
    /// The tier does not include loan equipment (or there is no membership).
    NotIncluded,
    /// Only while a repair is under way.
    NotARepair,
    /// The product is shipped back already.
    RequestEnded,
}

/// Whether the member may ask for a loan for a request of this kind in this
/// status: tiers with loan equipment, repairs, until the product is shipped.
pub fn may_request_loan(
    benefits: &ServiceBenefits,
    kind: ServiceKind,
    status: ServiceStatus,
) -> Result<(), LoanRefused> {
    if !benefits.loan_equipment {
        return Err(LoanRefused::NotIncluded);
    }
    if kind != ServiceKind::Repair {
        return Err(LoanRefused::NotARepair);
    }
    if !status.is_open() || status == ServiceStatus::Declined {
        return Err(LoanRefused::RequestEnded);
    }
    Ok(())
}

/// Working days after the promised date a loan is due back: time for the
/// repaired product to reach the member.
pub const LOAN_GRACE_WORKING_DAYS: u32 = 5;

/// When a loan is due back by default.
pub fn loan_due_date(promised: NaiveDate) -> NaiveDate {
    add_working_days(promised, LOAN_GRACE_WORKING_DAYS)
}

/// Overdue: still out after its due date.
pub fn loan_is_overdue(due_on: NaiveDate, today: NaiveDate) -> bool {
    today > due_on
}

/// Whether the promised date is missed (`today` after it, not ready yet) or
/// at risk (due within `warn_days` working days and not ready).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    OnTrack,
    AtRisk,
    Missed,
}

pub fn deadline(promised: Option<NaiveDate>, status: ServiceStatus, today: NaiveDate, warn_days: u32) -> Deadline {
    let done = matches!(status, ServiceStatus::Ready | ServiceStatus::Shipped | ServiceStatus::Closed)
        || status == ServiceStatus::Declined;
    match promised {
        Some(p) if !done && today > p => Deadline::Missed,
        Some(p) if !done && add_working_days(today, warn_days) >= p => Deadline::AtRisk,
        _ => Deadline::OnTrack,
    }
}

/// The most integer digits of a typed amount (below [`UNIT_MAX_MINOR`] is
/// checked by the quote line).
const AMOUNT_DIGITS_MAX: usize = 12;

/// An amount typed in major units (`1 500,00`, `1500`, `1.500,50`,
/// `1,500.50`, `99,9`) as minor units; `None` for anything else. Spaces
/// group digits; the last `,` or `.` is the decimal separator when one or
/// two digits follow it, and every other `,` or `.` groups thousands (three
/// digits after it). No sign: prices are never negative.
pub fn parse_amount_minor(input: &str) -> Option<i64> {
    let s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    let (int_part, cents) = match s.rfind([',', '.']) {
        Some(at) if (1..=2).contains(&(s.len() - at - 1)) => {
            let frac = &s[at + 1..];
            let cents: i64 = frac.parse().ok()?;
            (&s[..at], if frac.len() == 1 { cents * 10 } else { cents })
        }
        _ => (s.as_str(), 0),
    };
    let groups: Vec<&str> = int_part.split([',', '.']).collect();
    let first_ok = groups.first().is_some_and(|g| !g.is_empty() && (groups.len() == 1 || g.len() <= 3));
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits: String = groups.concat();
    if digits.len() > AMOUNT_DIGITS_MAX {
        return None;
    }
    digits.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tiers::{parse_tiers, shipped};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn tier(code: &str) -> Tier {
        parse_tiers(shipped()).unwrap().into_iter().find(|t| t.code == code).unwrap()
    }

    #[test]
    fn easter_by_the_computus() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25), "the latest possible date");
        assert_eq!(easter_sunday(2285), d(2285, 3, 22), "the earliest possible date");
        assert_eq!(easter_sunday(2000), d(2000, 4, 23));
        assert_eq!(easter_sunday(1818), d(1818, 3, 22));
    }

    #[test]
    fn easter_dependent_holidays() {
        for (year, good_friday, easter_monday, ascension) in [
            (2024, d(2024, 3, 29), d(2024, 4, 1), d(2024, 5, 9)),
            (2025, d(2025, 4, 18), d(2025, 4, 21), d(2025, 5, 29)),
            (2026, d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 14)),
            (2027, d(2027, 3, 26), d(2027, 3, 29), d(2027, 5, 6)),
            (2038, d(2038, 4, 23), d(2038, 4, 26), d(2038, 6, 3)),
        ] {
            assert_eq!(swedish_holiday(good_friday), Some(Holiday::GoodFriday), "{year}");
            assert_eq!(swedish_holiday(easter_monday), Some(Holiday::EasterMonday), "{year}");
            assert_eq!(swedish_holiday(ascension), Some(Holiday::AscensionDay), "{year}");
            assert!(!is_working_day(good_friday) && !is_working_day(easter_monday) && !is_working_day(ascension));
            assert!(is_working_day(easter_monday + Duration::days(1)), "{year}: the Tuesday after Easter works");
        }
    }

    #[test]
    fn midsummer_and_all_saints_move_with_the_weekday() {
        // Midsummer Eve is the Friday 19–25 June, Midsummer Day the Saturday after.
        assert_eq!(swedish_holiday(d(2024, 6, 21)), Some(Holiday::MidsummerEve));
        assert_eq!(swedish_holiday(d(2024, 6, 22)), Some(Holiday::MidsummerDay));
        assert_eq!(swedish_holiday(d(2025, 6, 20)), Some(Holiday::MidsummerEve));
        assert_eq!(swedish_holiday(d(2026, 6, 19)), Some(Holiday::MidsummerEve), "the earliest");
        assert_eq!(swedish_holiday(d(2026, 6, 20)), Some(Holiday::MidsummerDay));
        assert_eq!(swedish_holiday(d(2027, 6, 25)), Some(Holiday::MidsummerEve), "the latest");
        assert_eq!(swedish_holiday(d(2027, 6, 26)), Some(Holiday::MidsummerDay));
        assert!(is_working_day(d(2027, 6, 18)), "a Friday a week before midsummer works");
        assert!(!is_working_day(d(2026, 6, 19)));
        // All Saints' Day: the Saturday 31 October – 6 November.
        assert_eq!(swedish_holiday(d(2026, 10, 31)), Some(Holiday::AllSaintsDay));
        assert_eq!(swedish_holiday(d(2027, 11, 6)), Some(Holiday::AllSaintsDay));
        assert_eq!(swedish_holiday(d(2024, 11, 2)), Some(Holiday::AllSaintsDay));
        for year in 1990..2100 {
            let holidays = swedish_holidays(year);
            let eve = holidays.iter().find(|(_, h)| *h == Holiday::MidsummerEve).unwrap().0;
            assert_eq!(eve.weekday(), Weekday::Fri);
            assert!((19..=25).contains(&eve.day()) && eve.month() == 6, "{eve}");
            let saints = holidays.iter().find(|(_, h)| *h == Holiday::AllSaintsDay).unwrap().0;
            assert_eq!(saints.weekday(), Weekday::Sat);
            assert!(saints >= d(year, 10, 31) && saints <= d(year, 11, 6), "{saints}");
            assert_eq!(holidays.len(), 16);
        }
    }

    #[test]
    fn fixed_holidays_and_eves() {
        for year in [2024, 2025, 2026, 2027, 2038] {
            for (m, day) in [(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)] {
                assert!(!is_working_day(d(year, m, day)), "{year}-{m}-{day}");
            }
        }
        assert_eq!(swedish_holiday(d(2026, 12, 24)), Some(Holiday::ChristmasEve));
        assert_eq!(swedish_holiday(d(2026, 12, 31)), Some(Holiday::NewYearsEve));
        assert!(is_working_day(d(2026, 12, 23)), "a Wednesday");
        assert!(is_working_day(d(2026, 12, 30)), "a Wednesday between the holidays");
        assert!(!is_working_day(d(2026, 12, 12)), "a Saturday");
        assert!(!is_working_day(d(2026, 12, 13)), "a Sunday");
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        assert_eq!(add_working_days(d(2026, 12, 7), 0), d(2026, 12, 7));
        assert_eq!(add_working_days(d(2026, 12, 7), 2), d(2026, 12, 9), "Monday + 2 = Wednesday");
        assert_eq!(add_working_days(d(2026, 12, 11), 1), d(2026, 12, 14), "Friday + 1 = Monday");
        assert_eq!(add_working_days(d(2026, 12, 12), 1), d(2026, 12, 14), "received on a Saturday");
        // 23 Dec 2026 (Wed): 24, 25, 26, 27 off, 28–30 work, 31 and 1 Jan off, 2–3 weekend.
        assert_eq!(add_working_days(d(2026, 12, 23), 1), d(2026, 12, 28));
        assert_eq!(add_working_days(d(2026, 12, 23), 3), d(2026, 12, 30));
        assert_eq!(add_working_days(d(2026, 12, 23), 4), d(2027, 1, 4));
        assert_eq!(add_working_days(d(2026, 12, 23), 5), d(2027, 1, 5));
        assert_eq!(add_working_days(d(2027, 1, 5), 1), d(2027, 1, 7), "Epiphany is a Wednesday in 2027");
        // Easter 2025: Thursday 17 April + 1 skips Good Friday, the weekend and Easter Monday.
        assert_eq!(add_working_days(d(2025, 4, 17), 1), d(2025, 4, 22));
        // Midsummer 2026: Thursday 18 June + 1 = Monday 22 June.
        assert_eq!(add_working_days(d(2026, 6, 18), 1), d(2026, 6, 22));
        // Ascension Day 2027 is Thursday 6 May.
        assert_eq!(add_working_days(d(2027, 5, 5), 2), d(2027, 5, 10));
        // National Day on a Wednesday (2029) and 1 May on a Friday (2026).
        assert_eq!(add_working_days(d(2029, 6, 5), 1), d(2029, 6, 7));
        assert_eq!(add_working_days(d(2026, 4, 30), 1), d(2026, 5, 4));
    }

    proptest! {
        #[test]
        fn working_days_land_on_a_working_day_and_count_exactly(
            offset in 0i64..20_000, n in 1u32..40
        ) {
            let start = d(2000, 1, 1) + Duration::days(offset);
            let end = add_working_days(start, n);
            prop_assert!(is_working_day(end));
            let mut counted = 0;
            let mut x = start;
            while x < end {
                x = x.succ_opt().unwrap();
                if is_working_day(x) { counted += 1; }
            }
            prop_assert_eq!(counted, n);
        }
    }

    #[test]
    fn the_promised_date_is_the_tiers_working_days_from_receipt() {
        let received = d(2026, 12, 18); // a Friday
        assert_eq!(ServiceBenefits::of(Some(&tier("SILVER"))).promised_date(received), d(2026, 12, 29), "5 days");
        assert_eq!(ServiceBenefits::of(Some(&tier("GOLD"))).promised_date(received), d(2026, 12, 23), "3 days");
        assert_eq!(ServiceBenefits::of(Some(&tier("PLATINUM"))).promised_date(received), d(2026, 12, 22), "2 days");
        let none = ServiceBenefits::of(None);
        assert_eq!(none.repair_days, NON_MEMBER_REPAIR_DAYS);
        assert_eq!(none.promised_date(received), d(2027, 1, 8));
    }

    #[test]
    fn benefits_come_from_the_tier() {
        let silver = ServiceBenefits::of(Some(&tier("SILVER")));
        let gold = ServiceBenefits::of(Some(&tier("GOLD")));
        let platinum = ServiceBenefits::of(Some(&tier("PLATINUM")));
        assert_eq!((silver.discount_percent, gold.discount_percent, platinum.discount_percent), (10, 15, 20));
        assert_eq!((silver.loan_equipment, gold.loan_equipment, platinum.loan_equipment), (false, true, true));
        assert_eq!((silver.sensor_cleans, gold.sensor_cleans, platinum.sensor_cleans), (0, 1, 1));
        assert!(silver.maintenance_allowance && platinum.maintenance_allowance);
        assert!(platinum.priority < gold.priority && gold.priority < silver.priority);
        let none = ServiceBenefits::of(None);
        assert!(!none.member && none.discount_percent == 0 && !none.maintenance_allowance && !none.loan_equipment);
        assert!(none.priority > silver.priority);
        assert_eq!(yearly_allowance(&tier("PLATINUM"), Currency::EUR), Money::new(35_000, Currency::EUR));
        assert_eq!(yearly_allowance(&tier("SILVER"), Currency::SEK), Money::new(115_000, Currency::SEK));
        let mut t = tier("GOLD");
        t.benefits.maintenance_allowance = false;
        assert_eq!(yearly_allowance(&t, Currency::EUR).minor, 0);
    }

    #[test]
    fn membership_years_split_a_term() {
        let (start, end) = (d(2026, 3, 15), d(2029, 3, 14));
        assert_eq!(membership_year(start, end, d(2026, 3, 14)), None);
        assert_eq!(
            membership_year(start, end, start),
            Some(MembershipYear { index: 0, starts_on: start, ends_on: d(2027, 3, 14) })
        );
        assert_eq!(membership_year(start, end, d(2027, 3, 14)).unwrap().index, 0);
        assert_eq!(
            membership_year(start, end, d(2027, 3, 15)),
            Some(MembershipYear { index: 1, starts_on: d(2027, 3, 15), ends_on: d(2028, 3, 14) })
        );
        assert_eq!(membership_year(start, end, end).unwrap().index, 2);
        assert_eq!(membership_year(start, end, d(2029, 3, 15)), None);
        // A term from 29 February.
        let leap = membership_year(d(2028, 2, 29), d(2029, 2, 27), d(2029, 1, 1)).unwrap();
        assert_eq!((leap.index, leap.ends_on), (0, d(2029, 2, 27)));
    }

    #[test]
    fn status_names_round_trip() {
        for s in ServiceStatus::ALL {
            assert_eq!(ServiceStatus::parse(s.as_str()), Some(s));
        }
        for k in ServiceKind::ALL {
            assert_eq!(ServiceKind::parse(k.as_str()), Some(k));
        }
        for s in Shipping::ALL {
            assert_eq!(Shipping::parse(s.as_str()), Some(s));
        }
        for k in LineKind::ALL {
            assert_eq!(LineKind::parse(k.as_str()), Some(k));
        }
        for s in LoanStatus::ALL {
            assert_eq!(LoanStatus::parse(s.as_str()), Some(s));
        }
        for s in LoanItemStatus::ALL {
            assert_eq!(LoanItemStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ServiceStatus::parse("Received"), None);
        assert_eq!(ServiceStatus::parse(""), None);
        assert_eq!(ServiceKind::parse("clean"), None);
    }

    #[test]
    fn the_full_transition_matrix() {
        use ServiceStatus::*;
        let allowed = [
            (Registered, Received),
            (Received, Diagnosed),
            (Diagnosed, Approved),
            (Diagnosed, Declined),
            (Approved, InRepair),
            (InRepair, Ready),
            (Ready, Shipped),
            (Declined, Shipped),
            (Shipped, Closed),
        ];
        let mut legal = 0;
        for from in ServiceStatus::ALL {
            for to in ServiceStatus::ALL {
                let expected = allowed.contains(&(from, to));
                assert_eq!(can_transition(from, to), expected, "{} → {}", from.as_str(), to.as_str());
                legal += usize::from(expected);
            }
        }
        assert_eq!(legal, allowed.len());
        assert_eq!(ServiceStatus::ALL.len() * ServiceStatus::ALL.len() - legal, 72, "every other pair is refused");
        // Every status is reachable from registered, and closed is the end.
        let mut seen = vec![Registered];
        let mut i = 0;
        while i < seen.len() {
            for n in seen[i].next() {
                if !seen.contains(n) {
                    seen.push(*n);
                }
            }
            i += 1;
        }
        assert_eq!(seen.len(), ServiceStatus::ALL.len());
        assert!(Closed.next().is_empty());
        assert!(Approved.is_members_decision() && Declined.is_members_decision() && !Shipped.is_members_decision());
    }

    #[test]
    fn request_numbers() {
        assert_eq!(request_number(2026, 123), "SR-2026-000123");
        assert_eq!(request_number(2027, 1), "SR-2027-000001");
        assert_eq!(parse_request_number("SR-2026-000123"), Some((2026, 123)));
        assert_eq!(parse_request_number(" SR-2026-000123 "), Some((2026, 123)));
        for bad in ["SR-2026-123", "SR-26-000123", "S-2026-000123", "SR-2026-00012a", "SR-2026-+00123", ""] {
            assert_eq!(parse_request_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn descriptions() {
        assert_eq!(parse_description("  AF hunts  ", ServiceKind::Repair), Ok("AF hunts".into()));
        assert_eq!(parse_description("  ", ServiceKind::Repair), Err("error-service-description-required"));
        assert_eq!(parse_description("", ServiceKind::SensorClean), Ok(String::new()));
        assert!(parse_description(&"x".repeat(DESCRIPTION_MAX + 1), ServiceKind::Maintenance).is_err());
    }

    fn line(kind: LineKind, qty: u32, unit: i64) -> QuoteLine {
        QuoteLine::new(kind, "x", qty, unit).unwrap()
    }

    const VAT25: VatTreatment = VatTreatment::Domestic { rate_bp: 2500 };

    #[test]
    fn a_lapsed_tier_brings_its_discount_a_full_allowance_and_the_free_clean() {
        let gold = tier("GOLD");
        let silver = tier("SILVER");
        let t = full_year_terms(&gold, Currency::SEK, ServiceKind::Repair, Some(Category::Camera));
        assert_eq!(t.discount_percent, 15);
        assert_eq!(t.allowance_left_minor, yearly_allowance(&gold, Currency::SEK).minor);
        assert!(t.allowance_left_minor > 0);
        assert!(!t.free_sensor_clean, "a repair is not a clean");
        let clean = full_year_terms(&gold, Currency::SEK, ServiceKind::SensorClean, Some(Category::Camera));
        assert!(clean.free_sensor_clean);
        let lens = full_year_terms(&gold, Currency::SEK, ServiceKind::SensorClean, Some(Category::Lens));
        assert!(!lens.free_sensor_clean, "a lens has no sensor");
        let s = full_year_terms(&silver, Currency::SEK, ServiceKind::SensorClean, Some(Category::Camera));
        assert_eq!(s.discount_percent, 10);
        assert!(!s.free_sensor_clean, "Silver has no free clean");
        assert_eq!(s.allowance_left_minor, yearly_allowance(&silver, Currency::SEK).minor);
        assert!(s.allowance_left_minor < t.allowance_left_minor, "Silver's fee is lower than Gold's");
    }

    #[test]
    fn quote_lines_are_checked() {
        assert_eq!(QuoteLine::new(LineKind::Part, " ", 1, 100), Err("error-quote-line-description"));
        assert_eq!(QuoteLine::new(LineKind::Part, "Shutter", 0, 100), Err("error-quote-line-quantity"));
        assert_eq!(QuoteLine::new(LineKind::Part, "Shutter", QUANTITY_MAX + 1, 100), Err("error-quote-line-quantity"));
        assert_eq!(QuoteLine::new(LineKind::Part, "Shutter", 1, -1), Err("error-quote-line-price"));
        assert_eq!(QuoteLine::new(LineKind::Part, "Shutter", 1, UNIT_MAX_MINOR + 1), Err("error-quote-line-price"));
        let l = QuoteLine::new(LineKind::Labour, " Bench hour ", 3, 95_000).unwrap();
        assert_eq!((l.description(), l.amount_minor()), ("Bench hour", 285_000));
    }

    #[test]
    fn a_platinum_repair_with_discount_allowance_and_vat() {
        // Parts 2 × 1 500,00 + labour 2 000,00 = 5 000,00 kr; 20 % off = 4 000,00;
        // 1 000,00 allowance left → 3 000,00 net, 750,00 VAT, 3 750,00 to pay.
        let lines = [line(LineKind::Part, 2, 150_000), line(LineKind::Labour, 1, 200_000)];
        let terms = QuoteTerms { discount_percent: 20, allowance_left_minor: 100_000, free_sensor_clean: false };
        let q = price_quote(&lines, Currency::SEK, terms, VAT25);
        assert_eq!((q.parts_minor, q.labour_minor, q.list_minor()), (300_000, 200_000, 500_000));
        assert_eq!(q.discount_minor, 100_000);
        assert_eq!(q.allowance_minor, 100_000);
        assert_eq!((q.net_minor, q.vat_minor, q.total_minor), (300_000, 75_000, 375_000));
        assert_eq!(q.vat_rate_bp, 2500);
    }

    #[test]
    fn the_allowance_never_pays_more_than_the_amount_and_never_goes_negative() {
        let lines = [line(LineKind::Labour, 1, 40_000)];
        let big = QuoteTerms { discount_percent: 15, allowance_left_minor: 400_000, free_sensor_clean: false };
        let q = price_quote(&lines, Currency::EUR, big, VAT25);
        assert_eq!((q.discount_minor, q.allowance_minor, q.net_minor, q.total_minor), (6_000, 34_000, 0, 0));
        let negative = QuoteTerms { allowance_left_minor: -500, ..big };
        let q = price_quote(&lines, Currency::EUR, negative, VAT25);
        assert_eq!((q.allowance_minor, q.net_minor), (0, 34_000));
        let q = price_quote(&[], Currency::EUR, big, VAT25);
        assert_eq!((q.allowance_minor, q.total_minor), (0, 0), "nothing to pay draws nothing");
    }

    #[test]
    fn discounts_round_half_away_from_zero_in_minor_units() {
        // 15 % of 333,33 € = 49,9995 → 50,00 €.
        let q = price_quote(
            &[line(LineKind::Part, 1, 33_333)],
            Currency::EUR,
            QuoteTerms { discount_percent: 15, ..QuoteTerms::NONE },
            VAT25,
        );
        assert_eq!(q.discount_minor, 5_000);
        assert_eq!(q.net_minor, 28_333);
        assert_eq!(q.vat_minor, 7_083, "25 % of 283,33 = 70,8325");
        assert_eq!(q.total_minor, 35_416);
    }

    #[test]
    fn a_non_member_pays_list_price() {
        let lines = [line(LineKind::Part, 1, 120_000), line(LineKind::Labour, 2, 80_000)];
        let q = price_quote(&lines, Currency::SEK, QuoteTerms::NONE, VAT25);
        assert_eq!((q.discount_minor, q.allowance_minor, q.net_minor), (0, 0, 280_000));
        assert_eq!(q.total_minor, 350_000);
        let reverse = price_quote(&lines, Currency::EUR, QuoteTerms::NONE, VatTreatment::ReverseCharge);
        assert_eq!((reverse.vat_minor, reverse.total_minor), (0, 280_000));
    }

    #[test]
    fn sensor_cleans_one_free_per_body_and_year() {
        let gold = ServiceBenefits::of(Some(&tier("GOLD")));
        let silver = ServiceBenefits::of(Some(&tier("SILVER")));
        assert!(sensor_clean_is_free(&gold, Category::Camera, 0));
        assert!(sensor_clean_is_free(&gold, Category::Cinema, 0));
        assert!(!sensor_clean_is_free(&gold, Category::Camera, 1), "the second in the same year is paid");
        assert!(!sensor_clean_is_free(&gold, Category::Lens, 0), "lenses have no sensor");
        assert!(!sensor_clean_is_free(&silver, Category::Camera, 0), "Silver does not include it");
        assert!(!sensor_clean_is_free(&ServiceBenefits::of(None), Category::Camera, 0));
        assert_eq!(sensor_cleans_left(1, 0), 1);
        assert_eq!(sensor_cleans_left(1, 3), 0);
        assert_eq!(sensor_cleans_left(2, 1), 1);

        let clean = [line(LineKind::SensorClean, 1, 79_000)];
        let free = QuoteTerms { discount_percent: 15, allowance_left_minor: 0, free_sensor_clean: true };
        let q = price_quote(&clean, Currency::SEK, free, VAT25);
        assert_eq!((q.free_clean_minor, q.discount_minor, q.total_minor), (79_000, 0, 0));
        let paid = QuoteTerms { free_sensor_clean: false, ..free };
        let q = price_quote(&clean, Currency::SEK, paid, VAT25);
        assert_eq!((q.free_clean_minor, q.discount_minor, q.net_minor), (0, 0, 79_000), "priced normally");
        let with_allowance = QuoteTerms { allowance_left_minor: 50_000, ..paid };
        assert_eq!(price_quote(&clean, Currency::SEK, with_allowance, VAT25).net_minor, 29_000);
    }

    proptest! {
        #[test]
        fn quote_amounts_are_never_negative_and_add_up(
            parts in 0i64..5_000_000, labour in 0i64..5_000_000, clean in 0i64..200_000,
            discount in 0u32..=100, allowance in -1_000_000i64..10_000_000, free in any::<bool>(),
        ) {
            let lines = [line(LineKind::Part, 1, parts), line(LineKind::Labour, 1, labour),
                line(LineKind::SensorClean, 1, clean)];
            let terms = QuoteTerms { discount_percent: discount, allowance_left_minor: allowance, free_sensor_clean: free };
            let q = price_quote(&lines, Currency::SEK, terms, VAT25);
            prop_assert!(q.allowance_minor >= 0);
            prop_assert!(q.allowance_minor <= allowance.max(0));
            prop_assert!(q.net_minor >= 0 && q.vat_minor >= 0 && q.total_minor >= q.net_minor);
            prop_assert_eq!(
                q.list_minor() - q.discount_minor - q.free_clean_minor - q.allowance_minor,
                q.net_minor
            );
            prop_assert_eq!(q.total_minor, q.net_minor + q.vat_minor);
        }
    }

    #[test]
    fn a_declined_repair_costs_a_member_nothing() {
        let fee = Money::new(49_500, Currency::SEK);
        assert_eq!(declined_charge(&ServiceBenefits::of(Some(&tier("SILVER"))), fee).minor, 0);
        assert_eq!(declined_charge(&ServiceBenefits::of(None), fee), fee);
    }

    #[test]
    fn shipping_labels_are_for_members() {
        let none = ServiceBenefits::of(None);
        assert!(!Shipping::FreeLabel.allowed(&none));
        assert!(Shipping::DropOff.allowed(&none));
        assert!(Shipping::FreeLabel.allowed(&ServiceBenefits::of(Some(&tier("SILVER")))));
    }

    #[test]
    fn loans_for_repairs_of_tiers_that_include_them() {
        let gold = ServiceBenefits::of(Some(&tier("GOLD")));
        let silver = ServiceBenefits::of(Some(&tier("SILVER")));
        assert_eq!(may_request_loan(&gold, ServiceKind::Repair, ServiceStatus::Received), Ok(()));
        assert_eq!(may_request_loan(&gold, ServiceKind::Repair, ServiceStatus::Registered), Ok(()));
        assert_eq!(
            may_request_loan(&silver, ServiceKind::Repair, ServiceStatus::Received),
            Err(LoanRefused::NotIncluded)
        );
        assert_eq!(
            may_request_loan(&gold, ServiceKind::SensorClean, ServiceStatus::Received),
            Err(LoanRefused::NotARepair)
        );
        for ended in [ServiceStatus::Shipped, ServiceStatus::Closed, ServiceStatus::Declined] {
            assert_eq!(may_request_loan(&gold, ServiceKind::Repair, ended), Err(LoanRefused::RequestEnded));
        }
        assert_eq!(loan_due_date(d(2026, 12, 22)), d(2027, 1, 4));
        assert!(!loan_is_overdue(d(2027, 1, 4), d(2027, 1, 4)));
        assert!(loan_is_overdue(d(2027, 1, 4), d(2027, 1, 5)));
    }

    #[test]
    fn deadlines_at_risk_and_missed() {
        let promised = Some(d(2026, 12, 10)); // Thursday
        let s = ServiceStatus::InRepair;
        assert_eq!(deadline(promised, s, d(2026, 12, 7), 1), Deadline::OnTrack);
        assert_eq!(deadline(promised, s, d(2026, 12, 9), 1), Deadline::AtRisk);
        assert_eq!(deadline(promised, s, d(2026, 12, 10), 1), Deadline::AtRisk);
        assert_eq!(deadline(promised, s, d(2026, 12, 11), 1), Deadline::Missed);
        assert_eq!(deadline(promised, ServiceStatus::Ready, d(2026, 12, 11), 1), Deadline::OnTrack);
        assert_eq!(deadline(None, ServiceStatus::Registered, d(2026, 12, 11), 1), Deadline::OnTrack);
    }

    #[test]
    fn closing_is_refused_while_a_loan_is_out() {
        use ServiceStatus::*;
        assert_eq!(check_staff_step(Shipped, Closed, 0), Ok(()));
        assert_eq!(check_staff_step(Shipped, Closed, 1), Err(StepRefused::LoanOut));
        assert_eq!(check_staff_step(Shipped, Closed, 2), Err(StepRefused::LoanOut));
        // A loan out does not hold up the other steps, and the machine comes first.
        assert_eq!(check_staff_step(Ready, Shipped, 1), Ok(()));
        assert_eq!(check_staff_step(InRepair, Ready, 1), Ok(()));
        assert_eq!(check_staff_step(Ready, Closed, 1), Err(StepRefused::Illegal));
        assert_eq!(check_staff_step(Registered, Closed, 0), Err(StepRefused::Illegal));
        for from in ServiceStatus::ALL {
            for to in ServiceStatus::ALL {
                assert_eq!(check_staff_step(from, to, 0).is_ok(), can_transition(from, to), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn the_serial_read_is_compared_as_serials_are() {
        assert!(serial_matches("012345678901", Some("012345678901")));
        assert!(serial_matches(" 0123-4567 8901 ", Some("012345678901")));
        assert!(serial_matches("ab-12", Some("AB12")));
        assert!(!serial_matches("012345678900", Some("012345678901")));
        assert!(!serial_matches("", Some("012345678901")));
        assert!(!serial_matches(" - ", Some("")));
        assert!(!serial_matches("012345678901", None));
    }

    #[test]
    fn amounts_in_major_units_become_minor_units() {
        for (typed, minor) in [
            ("1500", 150_000),
            ("1 500,00", 150_000),
            ("1\u{a0}500,00", 150_000),
            ("1\u{202f}500,5", 150_050),
            ("1.500,50", 150_050),
            ("1,500.50", 150_050),
            ("1.500", 150_000),
            ("1,500", 150_000),
            ("1.234.567,89", 123_456_789),
            ("99,9", 9_990),
            ("0,05", 5),
            ("0", 0),
            (" 12 ", 1_200),
        ] {
            assert_eq!(parse_amount_minor(typed), Some(minor), "{typed:?}");
        }
        for typed in [
            "",
            " ",
            "-5",
            "1,5,0",
            "12,3456",
            ",50",
            "1500,",
            "1 500 kr",
            "1.50.000",
            "12.34.567",
            "1e3",
            "1234567890123",
        ] {
            assert_eq!(parse_amount_minor(typed), None, "{typed:?}");
        }
    }

    proptest! {
        #[test]
        fn amounts_written_in_any_language_read_back(minor in 0i64..100_000_000_000) {
            for lang in crate::Lang::ALL {
                let written = crate::money::Money::new(minor, crate::money::Currency::SEK).format(lang);
                let number: String = written.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}')).collect();
                prop_assert_eq!(parse_amount_minor(&number), Some(minor), "{:?} {}", lang, written);
            }
        }

        #[test]
        fn any_text_never_panics(s in ".{0,40}") {
            let _ = parse_amount_minor(&s);
        }
    }
}
