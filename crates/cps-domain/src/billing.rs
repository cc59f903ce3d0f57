//! Invoices as documents: who sells, who buys, what, for which period, at
//! which VAT, due when, and how to pay. An invoice is built once, when it is
//! issued, and stored whole; it never changes afterwards.

use crate::money::{Currency, Money};
use crate::references::{ocr, rf};
use crate::service::{LineKind, QuoteLine, QuoteTotals};
use crate::status::{InvoiceStatus, PaymentMethod, VatKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The seller: configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub org_number: String,
    pub iban: String,
    pub bic: String,
    pub bankgiro: String,
    /// The invoice number series, e.g. `CPS` → `CPS-2026-000001`.
    pub series: String,
    pub payment_terms_days: i64,
}

impl Seller {
    /// The sample seller of the built-in defaults and `cps.example.toml`:
    /// good for development, never for a real invoice.
    pub fn sample() -> Seller {
        Seller {
            name: "CPS Sample Seller AB".into(),
            street: "Exempelgatan 1".into(),
            postal_code: "111 11".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
            vat_number: "SE000000000001".into(),
            org_number: "000000-0000".into(),
            iban: "SE4550000000058398257466".into(),
            bic: "ESSESESS".into(),
            bankgiro: "5050-1055".into(),
            series: "CPS".into(),
            payment_terms_days: 30,
        }
    }

    /// The settings that still hold a sample value. Only what identifies the
    /// seller or where money goes counts: a real seller may well keep the
    /// sample's city, country, series or terms.
    pub fn sample_fields(&self) -> Vec<&'static str> {
        let sample = Seller::sample();
        [
            ("name", self.name == sample.name),
            ("street", self.street == sample.street),
            ("vat_number", self.vat_number == sample.vat_number),
            ("org_number", self.org_number == sample.org_number),
            ("iban", self.iban == sample.iban),
            ("bankgiro", self.bankgiro == sample.bankgiro),
        ]
        .into_iter()
        .filter_map(|(field, same)| same.then_some(field))
        .collect()
    }
}

/// The statement printed under the seller on every invoice PDF unless
/// configured otherwise (`billing.f_tax_statement`): Swedish invoices must
/// say that the seller is approved for F-tax, in these words, whatever the
/// buyer's language.
pub const DEFAULT_F_TAX_STATEMENT: &str = "Godkänd för F-skatt";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: Option<String>,
    pub org_number: Option<String>,
    /// Where e-invoices reach the buyer (their electronic address).
    #[serde(default)]
    pub email: Option<String>,
    /// "Er referens / Your reference" (EN 16931 BT-10): what the member
    /// gave at checkout or in the account settings, else the contact
    /// person. Documents issued before it existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The VIES check the VAT treatment rests on (reverse charge only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vies: Option<crate::vies::ViesRecord>,
}

/// Everything printed on an invoice, frozen when it is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    pub number: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub seller: Seller,
    pub buyer: Buyer,
    /// "CPS Gold, membership CPS 1000001-8".
    pub service: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub currency: Currency,
    pub net_minor: i64,
    pub vat_treatment: VatKind,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub payment_method: PaymentMethod,
    pub payment_reference: Option<String>,
    /// A credit note: the number of the invoice it credits, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<CreditOf>,
    /// An itemised invoice (a repair, a diagnosis fee): its lines at list
    /// price. Empty on a membership invoice, whose one line is `service`
    /// for the period (documents issued before lines existed have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<InvoiceLine>,
    /// What is taken off the lines (document-level allowances, EN 16931
    /// BG-20): the tier's repair discount, the free sensor clean, the
    /// maintenance allowance. `net_minor` = the lines − the allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<InvoiceAllowance>,
    /// The service request an itemised invoice is for (`SR-2026-000123`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_request: Option<String>,
}

/// What a line of an itemised invoice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceLineKind {
    Part,
    Labour,
    SensorClean,
    /// The diagnosis of a declined repair (businesses without a membership).
    DiagnosisFee,
}

impl InvoiceLineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceLineKind::Part => "part",
            InvoiceLineKind::Labour => "labour",
            InvoiceLineKind::SensorClean => "sensor_clean",
            InvoiceLineKind::DiagnosisFee => "diagnosis_fee",
        }
    }
}

impl From<LineKind> for InvoiceLineKind {
    fn from(k: LineKind) -> Self {
        match k {
            LineKind::Part => InvoiceLineKind::Part,
            LineKind::Labour => InvoiceLineKind::Labour,
            LineKind::SensorClean => InvoiceLineKind::SensorClean,
        }
    }
}

/// One line of an itemised invoice, at list price. The unit price is never
/// negative (EN 16931 BR-27): what is taken off is an allowance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub kind: InvoiceLineKind,
    pub description: String,
    pub quantity: u32,
    pub unit_minor: i64,
}

impl InvoiceLine {
    /// Quantity × unit price (EN 16931 BT-131).
    pub fn amount_minor(&self) -> i64 {
        i64::from(self.quantity) * self.unit_minor
    }
}

/// Why an amount is taken off an itemised invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowanceKind {
    /// The tier's discount on parts and labour.
    RepairDiscount,
    /// The body's free sensor clean of the membership year.
    FreeSensorClean,
    /// Drawn from the maintenance allowance of the membership year.
    MaintenanceAllowance,
}

impl AllowanceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AllowanceKind::RepairDiscount => "repair_discount",
            AllowanceKind::FreeSensorClean => "free_sensor_clean",
            AllowanceKind::MaintenanceAllowance => "maintenance_allowance",
        }
    }
}

/// An amount taken off the whole invoice (positive; a document-level
/// allowance, UBL `AllowanceCharge` with `ChargeIndicator` false). The
/// discount also keeps what it is a percentage of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceAllowance {
    pub kind: AllowanceKind,
    pub amount_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_minor: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u32>,
}

/// The lines and allowances of a repair invoice: the quote's lines at list
/// price, then what its totals took off — the tier's discount (as a
/// percentage of parts and labour), the free sensor clean, the maintenance
/// allowance — each only when it is more than zero. The lines less the
/// allowances are the totals' net amount.
pub fn repair_items(
    lines: &[QuoteLine],
    totals: &QuoteTotals,
    discount_percent: u32,
) -> (Vec<InvoiceLine>, Vec<InvoiceAllowance>) {
    let items = lines
        .iter()
        .map(|l| InvoiceLine {
            kind: l.kind().into(),
            description: l.description().to_owned(),
            quantity: l.quantity(),
            unit_minor: l.unit_minor(),
        })
        .collect();
    let mut allowances = Vec::new();
    if totals.discount_minor > 0 {
        allowances.push(InvoiceAllowance {
            kind: AllowanceKind::RepairDiscount,
            amount_minor: totals.discount_minor,
            base_minor: Some(totals.parts_minor + totals.labour_minor),
            percent: Some(discount_percent),
        });
    }
    for (kind, amount_minor) in [
        (AllowanceKind::FreeSensorClean, totals.free_clean_minor),
        (AllowanceKind::MaintenanceAllowance, totals.allowance_minor),
    ] {
        if amount_minor > 0 {
            allowances.push(InvoiceAllowance { kind, amount_minor, base_minor: None, percent: None });
        }
    }
    (items, allowances)
}

/// The one line of a diagnosis-fee invoice.
pub fn diagnosis_line(fee_minor: i64) -> InvoiceLine {
    InvoiceLine { kind: InvoiceLineKind::DiagnosisFee, description: String::new(), quantity: 1, unit_minor: fee_minor }
}

/// Where an invoice stands, for what may happen before it is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    Paid,
    /// Credited in full: nothing left to pay.
    Credited,
    /// Unpaid; a saved card is charged on the due date.
    OpenOnCard,
    /// Unpaid; the member pays by bank transfer.
    OpenOnBankTransfer,
}

impl Settlement {
    /// From an invoice's status and payment method.
    pub fn of(status: InvoiceStatus, payment_method: PaymentMethod) -> Settlement {
        match (status, payment_method) {
            (InvoiceStatus::Paid, _) => Settlement::Paid,
            (InvoiceStatus::Credited | InvoiceStatus::Credit, _) => Settlement::Credited,
            (InvoiceStatus::Issued, PaymentMethod::BankTransfer) => Settlement::OpenOnBankTransfer,
            (InvoiceStatus::Issued, PaymentMethod::Card) => Settlement::OpenOnCard,
        }
    }
}

/// "The product is shipped back when it is paid or the member is on card":
/// the invoice of a service request (repair, or diagnosis fee) holds the
/// product back only while it is unpaid on bank transfer. Without an
/// invoice there is nothing to pay.
pub fn may_ship(invoice: Option<Settlement>) -> bool {
    invoice != Some(Settlement::OpenOnBankTransfer)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditOf {
    pub invoice_number: String,
    pub invoice_issued_on: NaiveDate,
    pub reason: String,
}

impl InvoiceDocument {
    pub fn total(&self) -> Money {
        Money::new(self.total_minor, self.currency)
    }

    /// The credit note of this invoice in full: the same parties, service
    /// and VAT treatment with every amount negated, nothing left to pay.
    pub fn credit_note(&self, number: String, issued_on: NaiveDate, reason: &str) -> InvoiceDocument {
        InvoiceDocument {
            number,
            issued_on,
            due_on: issued_on,
            net_minor: -self.net_minor,
            vat_minor: -self.vat_minor,
            total_minor: -self.total_minor,
            payment_reference: None,
            credits: Some(CreditOf {
                invoice_number: self.number.clone(),
                invoice_issued_on: self.issued_on,
                reason: reason.to_owned(),
            }),
            ..self.clone()
        }
    }

    /// An itemised invoice (lines and allowances) rather than a membership's
    /// one line for a period.
    pub fn is_itemised(&self) -> bool {
        !self.lines.is_empty()
    }

    /// The itemised lines at list price (EN 16931 BT-106), positive as on
    /// the lines (also on a credit note); 0 on a membership invoice.
    pub fn lines_minor(&self) -> i64 {
        self.lines.iter().map(InvoiceLine::amount_minor).sum()
    }

    /// What the allowances take off (BT-107).
    pub fn allowances_minor(&self) -> i64 {
        self.allowances.iter().map(|a| a.amount_minor).sum()
    }

    pub fn is_credit_note(&self) -> bool {
        self.credits.is_some()
    }

    pub fn is_reverse_charge(&self) -> bool {
        self.vat_treatment == VatKind::ReverseCharge
    }

    /// Whether the invoice carries VAT identifiers (the seller's and the
    /// buyer's VAT numbers). Not on "outside the scope of VAT" invoices
    /// (EN 16931 BR-O-02): the e-invoice drops them, and the printed invoice
    /// must say the same as the e-invoice.
    pub fn shows_vat_identifiers(&self) -> bool {
        self.vat_treatment != VatKind::OutsideEu
    }
}

/// "Er referens / Your reference" as the member typed it: trimmed, at most
/// 100 characters, no control characters; empty means none.
pub fn parse_buyer_reference(input: &str) -> Result<Option<String>, &'static str> {
    let r = input.trim();
    if r.is_empty() {
        return Ok(None);
    }
    if r.chars().count() > 100 || r.chars().any(char::is_control) {
        return Err("error-reference-invalid");
    }
    Ok(Some(r.to_owned()))
}

/// `CPS-2026-000001`: series, year, and a number that counts up without gaps.
pub fn invoice_number(series: &str, year: i32, seq: i64) -> String {
    format!("{series}-{year}-{seq:06}")
}

pub fn due_date(issued: NaiveDate, terms_days: i64) -> NaiveDate {
    issued + chrono::Duration::days(terms_days)
}

/// The reference a bank transfer must carry: an OCR number for kronor (to
/// Bankgiro), an RF reference for euro. Card payments need none.
pub fn payment_reference(bank_transfer: bool, currency: Currency, year: i32, seq: i64) -> Option<String> {
    if !bank_transfer {
        return None;
    }
    let base = i64::from(year) * 1_000_000 + seq;
    Some(match currency {
        Currency::SEK => ocr(u64::try_from(base).unwrap_or(0)),
        Currency::EUR => rf(&base.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::{ocr_valid, rf_valid};

    #[test]
    fn the_sample_seller_is_recognised_field_by_field() {
        let sample = Seller::sample();
        assert_eq!(sample.sample_fields(), ["name", "street", "vat_number", "org_number", "iban", "bankgiro"]);
        let real = Seller {
            name: "Kameraservice Norden AB".into(),
            street: "Verkstadsgatan 4".into(),
            vat_number: "SE556036079301".into(),
            org_number: "556036-0793".into(),
            iban: "SE3550000000054910000003".into(),
            bankgiro: "123-4567".into(),
            ..sample.clone()
        };
        assert!(real.sample_fields().is_empty(), "city, country, BIC, series and terms may stay");
        let half = Seller { iban: sample.iban.clone(), ..real };
        assert_eq!(half.sample_fields(), ["iban"], "one sample value left is found");
    }

    #[test]
    fn buyer_references_are_short_plain_text() {
        assert_eq!(parse_buyer_reference("  Anna Berg, PO 4711 "), Ok(Some("Anna Berg, PO 4711".into())));
        assert_eq!(parse_buyer_reference("   "), Ok(None));
        assert_eq!(parse_buyer_reference(&"x".repeat(101)), Err("error-reference-invalid"));
        assert_eq!(parse_buyer_reference("a\nb"), Err("error-reference-invalid"));
    }

    fn quote_line(kind: LineKind, what: &str, quantity: u32, unit: i64) -> QuoteLine {
        QuoteLine::new(kind, what, quantity, unit).unwrap()
    }

    #[test]
    fn a_repair_invoice_lists_the_lines_at_list_price_and_takes_off_discount_clean_and_allowance() {
        use crate::service::{QuoteTerms, price_quote};
        use crate::vat::VatTreatment;
        let lines = [
            quote_line(LineKind::Part, "Slutarenhet", 1, 250_000),
            quote_line(LineKind::Labour, "Arbete", 2, 60_000),
            quote_line(LineKind::SensorClean, "Sensorrengöring", 1, 49_500),
        ];
        let terms = QuoteTerms { discount_percent: 20, allowance_left_minor: 100_000, free_sensor_clean: true };
        let totals = price_quote(&lines, Currency::SEK, terms, VatTreatment::Domestic { rate_bp: 2500 });
        let (items, allowances) = repair_items(&lines, &totals, 20);
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1],
            InvoiceLine {
                kind: InvoiceLineKind::Labour,
                description: "Arbete".into(),
                quantity: 2,
                unit_minor: 60_000
            }
        );
        assert_eq!(
            allowances,
            [
                InvoiceAllowance {
                    kind: AllowanceKind::RepairDiscount,
                    amount_minor: 74_000,
                    base_minor: Some(370_000),
                    percent: Some(20)
                },
                InvoiceAllowance {
                    kind: AllowanceKind::FreeSensorClean,
                    amount_minor: 49_500,
                    base_minor: None,
                    percent: None
                },
                InvoiceAllowance {
                    kind: AllowanceKind::MaintenanceAllowance,
                    amount_minor: 100_000,
                    base_minor: None,
                    percent: None
                },
            ]
        );
        let lines_minor: i64 = items.iter().map(InvoiceLine::amount_minor).sum();
        let off: i64 = allowances.iter().map(|a| a.amount_minor).sum();
        assert_eq!(lines_minor, 419_500);
        assert_eq!(lines_minor - off, totals.net_minor, "the lines less the allowances are the net");
        assert_eq!(totals.net_minor, 196_000);
        // List price: no allowances at all.
        let list = price_quote(&lines[..2], Currency::SEK, QuoteTerms::NONE, VatTreatment::Domestic { rate_bp: 2500 });
        let (items, allowances) = repair_items(&lines[..2], &list, 0);
        assert_eq!((items.len(), allowances.len()), (2, 0));
        assert!(items.iter().all(|l| l.unit_minor >= 0), "BR-27");
    }

    #[test]
    fn a_membership_invoice_stored_before_lines_existed_reads_and_writes_the_same() {
        let stored = r#"{"number":"CPS-2026-000001","issued_on":"2026-11-25","due_on":"2026-12-25","seller":{"name":"S","street":"s","postal_code":"1","city":"c","country":"SE","vat_number":"SE1","org_number":"1","iban":"I","bic":"B","bankgiro":"1","series":"CPS","payment_terms_days":30},"buyer":{"name":"B","street":"s","postal_code":"1","city":"c","country":"SE","vat_number":null,"org_number":null,"email":null},"service":"CPS Gold","period_start":"2026-11-25","period_end":"2027-11-24","currency":"SEK","net_minor":100,"vat_treatment":"domestic","vat_rate_bp":2500,"vat_minor":25,"total_minor":125,"payment_method":"card","payment_reference":null}"#;
        let d: InvoiceDocument = serde_json::from_str(stored).unwrap();
        assert!(!d.is_itemised() && d.allowances.is_empty() && d.service_request.is_none());
        assert_eq!(serde_json::to_string(&d).unwrap(), stored, "no new keys on an old document");
    }

    #[test]
    fn the_product_waits_only_for_an_unpaid_bank_transfer() {
        assert!(may_ship(None), "nothing to pay");
        assert!(may_ship(Some(Settlement::Paid)));
        assert!(may_ship(Some(Settlement::Credited)));
        assert!(may_ship(Some(Settlement::OpenOnCard)), "the card is charged on the due date");
        assert!(!may_ship(Some(Settlement::OpenOnBankTransfer)));
        use InvoiceStatus::*;
        use PaymentMethod::*;
        assert_eq!(Settlement::of(Issued, BankTransfer), Settlement::OpenOnBankTransfer);
        assert_eq!(Settlement::of(Issued, Card), Settlement::OpenOnCard);
        assert_eq!(Settlement::of(Paid, BankTransfer), Settlement::Paid);
        assert_eq!(Settlement::of(Credited, BankTransfer), Settlement::Credited);
    }

    #[test]
    fn numbers_dates_and_references() {
        assert_eq!(invoice_number("CPS", 2026, 42), "CPS-2026-000042");
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(due_date(d, 30), NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(payment_reference(false, Currency::SEK, 2026, 1), None);
        assert!(ocr_valid(&payment_reference(true, Currency::SEK, 2026, 1).unwrap()));
        assert!(rf_valid(&payment_reference(true, Currency::EUR, 2026, 1).unwrap()));
        assert_ne!(payment_reference(true, Currency::SEK, 2026, 1), payment_reference(true, Currency::SEK, 2026, 2));
    }
}
