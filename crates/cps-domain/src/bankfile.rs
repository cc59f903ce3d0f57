//! Incoming payments from ISO 20022 bank files: camt.054 (debit/credit
//! notification) and camt.053 (statement), versions .02 to .08. Both carry
//! entries (`Ntry`) with transaction details (`TxDtls`).
//!
//! What the parser decides, and why:
//! - Only **booked** entries (`Sts` `BOOK`, or `<Sts><Cd>BOOK</Cd></Sts>` from
//!   version .08 on) become lines; pending and information entries are counted
//!   and skipped — the booked entry that follows is the payment.
//! - A transaction's amount is `TxDtls/Amt` (.08), else `TxDtls/AmtDtls/TxAmt/Amt`,
//!   else (one transaction in the entry) the entry's `Amt`. Charges (`Chrgs`),
//!   the instructed amount and every other `Amt` below are never read.
//! - A line's key is built from the bank's references: the account, then the
//!   transaction's `AcctSvcrRef`, else the entry's `AcctSvcrRef` or `NtryRef`
//!   with the transaction's place in the entry, else the booking date, amount
//!   and place. The payer's `EndToEndId` is never the key: payers repeat it.
//! - A credit entry without details, with an amount that cannot be read or in
//!   a currency the portal does not invoice in becomes a line for staff; the
//!   rest of the file is booked.
//! - A debit with `RvslInd` true is a payment to us coming back: a reversal.
//! - Payment references lose their spaces and are upper-cased (RF references
//!   are case-insensitive by ISO 11649; OCR numbers are digits).
//!
//! The parser never panics, whatever the bytes (a property test holds it to that).

use crate::money::{Currency, Money};
use crate::status::InvoiceStatus;
use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

/// One booked line of a bank file that concerns us: a credit, a returned
/// credit, or something staff must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLine {
    /// The key that keeps a line booked once, made of the bank's references
    /// (see the module's notes).
    pub bank_ref: String,
    /// The account of the statement or notification (IBAN, or the other id
    /// such as a Bankgiro number), without spaces.
    pub account: String,
    /// The amount, when it is readable and in a currency the portal knows.
    pub amount: Option<Money>,
    /// The amount and currency as the bank wrote them, e.g. `100.00 USD`.
    pub amount_text: String,
    pub booked_on: Option<NaiveDate>,
    /// The structured creditor reference (OCR or RF), if the payer gave one.
    pub reference: Option<String>,
    /// Free text from the payer.
    pub text: String,
    pub kind: LineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Money in: a payment to match to an invoice.
    Credit,
    /// A credit coming back (a debit with the reversal indicator).
    Reversal,
    /// Listed for staff as it is.
    Review(ReviewReason),
}

/// Why a line goes to staff without being matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewReason {
    /// A booked credit entry without transaction details.
    NoDetails,
    /// A currency the portal does not invoice in.
    ForeignCurrency,
    /// An amount that is not a number with at most two decimals.
    UnreadableAmount,
    /// A credit with the reversal indicator: a debit of ours undone, not a payment.
    ReversedDebit,
}

/// What a bank file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BankFile {
    pub lines: Vec<BankLine>,
    /// Entries that are not booked (pending, information only): not lines.
    pub not_booked: usize,
}

/// The seller's own accounts: money on any other account is not ours to book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnAccounts {
    iban: String,
    bankgiro: String,
}

impl OwnAccounts {
    pub fn new(iban: &str, bankgiro: &str) -> OwnAccounts {
        OwnAccounts { iban: compact(iban), bankgiro: bankgiro.chars().filter(char::is_ascii_digit).collect() }
    }

    pub fn of(seller: &crate::billing::Seller) -> OwnAccounts {
        OwnAccounts::new(&seller.iban, &seller.bankgiro)
    }

    /// Whether a file's account (IBAN, or a Bankgiro number) is the seller's.
    pub fn owns(&self, account: &str) -> bool {
        let account = compact(account);
        if account.is_empty() {
            return false;
        }
        if !self.iban.is_empty() && account == self.iban {
            return true;
        }
        let digits: String = account.chars().filter(char::is_ascii_digit).collect();
        !self.bankgiro.is_empty() && digits == self.bankgiro && account.chars().all(|c| c.is_ascii_digit() || c == '-')
    }
}

/// Upper case without whitespace: how IBANs and references are compared.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BankFileError {
    #[error("not XML: {0}")]
    Xml(String),
    #[error("neither a camt.053 nor a camt.054 document")]
    NotCamt,
}

fn minor_units(s: &str) -> Option<i64> {
    let s = s.trim();
    let (units, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 2
        || units.is_empty()
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    units.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac.parse::<i64>().ok()?)
}

/// An amount and its `Ccy` attribute.
#[derive(Debug, Clone, Default)]
struct Amount {
    value: String,
    currency: String,
}

#[derive(Debug, Default)]
struct Tx {
    amount: Option<Amount>,
    tx_amount: Option<Amount>,
    credit: Option<String>,
    bank_ref: Option<String>,
    reference: Option<String>,
    text: Vec<String>,
}

#[derive(Debug, Default)]
struct Entry {
    amount: Option<Amount>,
    credit: Option<String>,
    reversal: Option<String>,
    status: Option<String>,
    booked: Option<String>,
    bank_ref: Option<String>,
    entry_ref: Option<String>,
    txs: Vec<Tx>,
}

/// The booking date of `2026-12-01` or `2026-12-01T10:00:00+01:00`.
fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// Parses a camt.053 or camt.054 file given as bytes (not UTF-8 is read lossily).
pub fn parse_camt_bytes(bytes: &[u8]) -> Result<BankFile, BankFileError> {
    parse_camt(&String::from_utf8_lossy(bytes))
}

/// Parses a camt.053 or camt.054 file into its booked lines.
pub fn parse_camt(xml: &str) -> Result<BankFile, BankFileError> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut kind_seen = false;
    let mut file = BankFile::default();
    let mut account = String::new();
    let mut entry: Option<Entry> = None;
    let mut tx: Option<Tx> = None;
    // The text of the element open now, and its `Ccy` attribute.
    let mut text = String::new();
    let mut ccy = String::new();
    let mut leaf = false;
    loop {
        let event = reader.read_event().map_err(|e| BankFileError::Xml(e.to_string()))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.len() <= 1 {
                    kind_seen |= name == "BkToCstmrDbtCdtNtfctn" || name == "BkToCstmrStmt";
                }
                match name.as_str() {
                    "Stmt" | "Ntfctn" if entry.is_none() => account.clear(),
                    "Ntry" => entry = Some(Entry::default()),
                    "TxDtls" if entry.is_some() => tx = Some(Tx::default()),
                    _ => {}
                }
                ccy = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "Ccy")
                    .map(|a| a.value.trim().to_owned())
                    .unwrap_or_default();
                text.clear();
                leaf = true;
                path.push(name);
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                let c = resolved.ok_or_else(|| BankFileError::Xml("unknown entity".into()))?;
                text.push(c);
            }
            Event::End(_) => {
                if leaf {
                    element(&path, text.trim(), &ccy, &mut account, entry.as_mut(), tx.as_mut());
                }
                leaf = false;
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "TxDtls" => {
                        if let (Some(e), Some(t)) = (entry.as_mut(), tx.take()) {
                            e.txs.push(t);
                        }
                    }
                    "Ntry" => {
                        if let Some(e) = entry.take() {
                            finish_entry(e, &account, &mut file);
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(_) => leaf = false,
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(BankFileError::Xml(format!("the file ends inside <{}>", path.join("/"))));
    }
    if kind_seen { Ok(file) } else { Err(BankFileError::NotCamt) }
}

/// `path` below the last element named `name`, joined with `/`.
fn below<'a>(path: &'a [String], name: &str) -> Option<&'a [String]> {
    path.iter().rposition(|p| p == name).and_then(|i| path.get(i + 1..))
}

fn is(rel: &[String], want: &[&str]) -> bool {
    rel.len() == want.len() && rel.iter().zip(want).all(|(a, b)| a == b)
}

/// A leaf element's text, put where it belongs.
fn element(
    path: &[String],
    text: &str,
    ccy: &str,
    account: &mut String,
    entry: Option<&mut Entry>,
    tx: Option<&mut Tx>,
) {
    let amount = || Some(Amount { value: text.to_owned(), currency: ccy.to_owned() });
    if let Some(t) = tx {
        let Some(rel) = below(path, "TxDtls") else { return };
        if is(rel, &["Amt"]) {
            t.amount = amount();
        } else if is(rel, &["AmtDtls", "TxAmt", "Amt"]) {
            t.tx_amount = amount();
        } else if is(rel, &["CdtDbtInd"]) {
            t.credit = Some(text.to_owned());
        } else if is(rel, &["Refs", "AcctSvcrRef"]) && !text.is_empty() && text != "NOTPROVIDED" {
            t.bank_ref = Some(text.to_owned());
        } else if is(rel, &["RmtInf", "Strd", "CdtrRefInf", "Ref"]) {
            t.reference = Some(compact(text));
        } else if is(rel, &["RmtInf", "Ustrd"]) {
            t.text.push(text.to_owned());
        }
    } else if let Some(e) = entry {
        let Some(rel) = below(path, "Ntry") else { return };
        if is(rel, &["Amt"]) {
            e.amount = amount();
        } else if is(rel, &["CdtDbtInd"]) {
            e.credit = Some(text.to_owned());
        } else if is(rel, &["RvslInd"]) {
            e.reversal = Some(text.to_owned());
        } else if is(rel, &["Sts"]) || is(rel, &["Sts", "Cd"]) {
            e.status = Some(text.to_owned());
        } else if is(rel, &["BookgDt", "Dt"]) || is(rel, &["BookgDt", "DtTm"]) {
            e.booked = Some(text.to_owned());
        } else if is(rel, &["AcctSvcrRef"]) && !text.is_empty() {
            e.bank_ref = Some(text.to_owned());
        } else if is(rel, &["NtryRef"]) && !text.is_empty() {
            e.entry_ref = Some(text.to_owned());
        }
    } else {
        let rel = below(path, "Stmt").or_else(|| below(path, "Ntfctn"));
        if let Some(rel) = rel
            && (is(rel, &["Acct", "Id", "IBAN"]) || is(rel, &["Acct", "Id", "Othr", "Id"]))
        {
            *account = compact(text);
        }
    }
}

/// The lines of one entry.
fn finish_entry(e: Entry, account: &str, file: &mut BankFile) {
    if e.status.as_deref().map(str::to_uppercase).as_deref() != Some("BOOK") {
        file.not_booked += 1;
        return;
    }
    let entry_credit = e.credit.as_deref() == Some("CRDT");
    let reversal = e.reversal.as_deref().is_some_and(|r| r.eq_ignore_ascii_case("true") || r == "1");
    let booked_on = e.booked.as_deref().and_then(date);
    let single = e.txs.len() == 1;
    let no_details = e.txs.is_empty();
    let txs = if no_details { vec![Tx::default()] } else { e.txs };
    for (i, t) in txs.into_iter().enumerate() {
        let credit = t.credit.as_deref().map_or(entry_credit, |c| c == "CRDT");
        // Money out is not ours to book, unless it is a payment to us coming back.
        let kind = match (credit, reversal) {
            (true, false) => LineKind::Credit,
            (false, true) => LineKind::Reversal,
            (true, true) => LineKind::Review(ReviewReason::ReversedDebit),
            (false, false) => continue,
        };
        // A batch entry's own amount is the sum: each transaction has its own.
        let amount = t.amount.or(t.tx_amount).or_else(|| if single || no_details { e.amount.clone() } else { None });
        let amount = amount.unwrap_or_default();
        let amount_text = format!("{} {}", amount.value, amount.currency).trim().to_owned();
        let money = match (minor_units(&amount.value), Currency::parse(&amount.currency)) {
            (Some(minor), Some(c)) => Some(Money::new(minor, c)),
            _ => None,
        };
        let kind = match (kind, &money) {
            (LineKind::Review(_), _) => kind,
            (_, None) if minor_units(&amount.value).is_some() && !amount.currency.is_empty() => {
                LineKind::Review(ReviewReason::ForeignCurrency)
            }
            (_, None) => LineKind::Review(ReviewReason::UnreadableAmount),
            _ if no_details => LineKind::Review(ReviewReason::NoDetails),
            _ => kind,
        };
        let bank_ref = match (&t.bank_ref, &e.bank_ref, &e.entry_ref) {
            (Some(r), _, _) => format!("{account}|tx|{r}"),
            (None, Some(r), _) => format!("{account}|entry|{r}|{i}"),
            (None, None, Some(r)) => format!("{account}|ntryref|{r}|{i}"),
            (None, None, None) => format!(
                "{account}|{}|{amount_text}|{}|{i}",
                booked_on.map(|d| d.to_string()).unwrap_or_default(),
                if reversal { "reversal" } else { "credit" }
            ),
        };
        file.lines.push(BankLine {
            bank_ref,
            account: account.to_owned(),
            amount: money,
            amount_text,
            booked_on,
            reference: t.reference.filter(|r| !r.is_empty()),
            text: t.text.join(" "),
            kind,
        });
    }
}

/// What a line of a bank file did, as stored and shown to staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The exact amount of an open invoice: the invoice is paid.
    Paid,
    /// Less than the invoice: staff decide.
    Partial,
    /// More than the invoice: staff refund or credit the rest.
    Excess,
    /// The invoice was paid already: staff refund.
    Duplicate,
    /// The invoice was credited: the money is owed back.
    Credited,
    /// Another currency than the invoice's.
    WrongCurrency,
    /// No invoice could be found for it.
    Unknown,
    /// Booked on an account that is not the seller's.
    WrongAccount,
    /// A booked entry without transaction details.
    NoDetails,
    /// A currency the portal does not invoice in.
    ForeignCurrency,
    /// An amount that could not be read.
    UnreadableAmount,
    /// A payment to us that came back: its invoice is open again.
    Returned,
    /// A debit of ours reversed: money in that pays no invoice.
    ReversedDebit,
}

impl PaymentOutcome {
    pub const ALL: [PaymentOutcome; 13] = [
        PaymentOutcome::Paid,
        PaymentOutcome::Partial,
        PaymentOutcome::Excess,
        PaymentOutcome::Duplicate,
        PaymentOutcome::Credited,
        PaymentOutcome::WrongCurrency,
        PaymentOutcome::Unknown,
        PaymentOutcome::WrongAccount,
        PaymentOutcome::NoDetails,
        PaymentOutcome::ForeignCurrency,
        PaymentOutcome::UnreadableAmount,
        PaymentOutcome::Returned,
        PaymentOutcome::ReversedDebit,
    ];

    /// The outcome of its stored word.
    pub fn parse(stored: &str) -> Option<PaymentOutcome> {
        PaymentOutcome::ALL.into_iter().find(|o| o.as_str() == stored)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentOutcome::Paid => "paid",
            PaymentOutcome::Partial => "partial",
            PaymentOutcome::Excess => "excess",
            PaymentOutcome::Duplicate => "duplicate",
            PaymentOutcome::Credited => "credited",
            PaymentOutcome::WrongCurrency => "wrong_currency",
            PaymentOutcome::Unknown => "unknown",
            PaymentOutcome::WrongAccount => "wrong_account",
            PaymentOutcome::NoDetails => "no_details",
            PaymentOutcome::ForeignCurrency => "foreign_currency",
            PaymentOutcome::UnreadableAmount => "unreadable_amount",
            PaymentOutcome::Returned => "returned",
            PaymentOutcome::ReversedDebit => "reversed_debit",
        }
    }

    /// Everything but an exact payment of an open invoice goes to the staff's list.
    pub fn needs_staff(self) -> bool {
        self != PaymentOutcome::Paid
    }
}

impl From<ReviewReason> for PaymentOutcome {
    fn from(r: ReviewReason) -> Self {
        match r {
            ReviewReason::NoDetails => PaymentOutcome::NoDetails,
            ReviewReason::ForeignCurrency => PaymentOutcome::ForeignCurrency,
            ReviewReason::UnreadableAmount => PaymentOutcome::UnreadableAmount,
            ReviewReason::ReversedDebit => PaymentOutcome::ReversedDebit,
        }
    }
}

/// Where an invoice stands, as far as a payment is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceState {
    /// Issued and unpaid.
    Open,
    Paid,
    Credited,
}

impl InvoiceState {
    pub fn of(status: InvoiceStatus) -> InvoiceState {
        match status {
            InvoiceStatus::Issued => InvoiceState::Open,
            InvoiceStatus::Paid => InvoiceState::Paid,
            InvoiceStatus::Credited | InvoiceStatus::Credit => InvoiceState::Credited,
        }
    }
}

/// What to do with a line, before any invoice is looked up: lines on another
/// account and lines the parser set aside go straight to staff.
pub fn first_look(line: &BankLine, ours: &OwnAccounts) -> Result<LineKind, PaymentOutcome> {
    if !ours.owns(&line.account) {
        return Err(PaymentOutcome::WrongAccount);
    }
    match line.kind {
        LineKind::Review(r) => Err(r.into()),
        k => Ok(k),
    }
}

/// Judges a payment against the invoice it was matched to.
pub fn judge(paid: Money, invoice_total: Money, state: InvoiceState) -> PaymentOutcome {
    if paid.currency != invoice_total.currency {
        PaymentOutcome::WrongCurrency
    } else if state == InvoiceState::Paid {
        PaymentOutcome::Duplicate
    } else if state == InvoiceState::Credited {
        PaymentOutcome::Credited
    } else if paid.minor == invoice_total.minor {
        PaymentOutcome::Paid
    } else if paid.minor < invoice_total.minor {
        PaymentOutcome::Partial
    } else {
        PaymentOutcome::Excess
    }
}

/// Whether a returned payment reopens its invoice: the invoice was paid by
/// a bank payment of exactly this amount. Staff are told either way.
pub fn reversal_reopens(returned: Money, invoice_total: Money, state: InvoiceState, paid_by_bank: bool) -> bool {
    state == InvoiceState::Paid && paid_by_bank && returned == invoice_total
}

/// Invoice numbers (`CPS-2026-000001`) written in a payer's free text.
pub fn invoice_numbers_in(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '/'))
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_uppercase())
        .filter(|w| {
            let parts: Vec<&str> = w.split('-').collect();
            parts.len() == 3
                && !parts[0].is_empty()
                && parts[1].len() == 4
                && parts[2].len() == 6
                && parts[1].bytes().chain(parts[2].bytes()).all(|b| b.is_ascii_digit())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payment_outcome_reads_back_as_it_was_stored() {
        for o in PaymentOutcome::ALL {
            assert_eq!(PaymentOutcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(PaymentOutcome::parse("Paid"), None);
    }
    use proptest::prelude::*;

    const IBAN: &str = "SE4550000000058398257466";
    const STATEMENT: &str = include_str!("../testdata/camt/camt053_v02_se.xml");
    const NOTIFICATION: &str = include_str!("../testdata/camt/camt054_v08_eur.xml");
    const RETURN: &str = include_str!("../testdata/camt/camt054_v08_return.xml");

    fn fill(xml: &str) -> String {
        xml.replace("{IBAN}", IBAN)
            .replace("{OCR_A}", "2026000001 48")
            .replace("{OCR_B}", "202600000246")
            .replace("{NUMBER_C}", "CPS-2026-000003")
            .replace("{NUMBER_A}", "CPS-2026-000001")
            .replace("{RF_D}", "RF18 5390 0754 7034")
            .replace("{RF_E_LOWER}", "rf71cps2026000005")
            .replace("{NUMBER_F}", "CPS-2026-000006")
            .replace("{RF_G}", "RF43CPS2026000007")
    }

    fn sek(minor: i64) -> Option<Money> {
        Some(Money::new(minor, Currency::SEK))
    }

    #[test]
    fn a_statement_books_only_booked_entries_and_lists_what_it_cannot_place() {
        let f = parse_camt(&fill(STATEMENT)).expect("a valid camt.053.001.02");
        assert_eq!(f.not_booked, 1, "the pending entry is no line");
        let got: Vec<_> = f.lines.iter().map(|l| (l.amount, l.kind, l.reference.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (sek(143_750), LineKind::Credit, Some("202600000148")),
                (sek(143_750), LineKind::Credit, Some("202600000246")),
                (sek(143_750), LineKind::Credit, None),
                (sek(100_000), LineKind::Credit, None),
                (sek(25_000), LineKind::Review(ReviewReason::NoDetails), None),
                (None, LineKind::Review(ReviewReason::ForeignCurrency), None),
            ],
            "each transaction of the batch by its own amount; the debit is no line"
        );
        assert_eq!(f.lines[5].amount_text, "150.00 USD");
        assert_eq!(f.lines[2].text, "Faktura CPS-2026-000003 medlemskap");
        assert!(f.lines.iter().all(|l| l.account == IBAN && l.booked_on == NaiveDate::from_ymd_opt(2026, 12, 1)));
        let keys: Vec<_> = f.lines.iter().map(|l| l.bank_ref.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "SE4550000000058398257466|entry|5001BOOK000018|0",
                "SE4550000000058398257466|tx|BG0019-1",
                "SE4550000000058398257466|tx|BG0019-2",
                "SE4550000000058398257466|tx|BG0019-3",
                "SE4550000000058398257466|entry|5001KONT000020|0",
                "SE4550000000058398257466|entry|5001UTL0000021|0",
            ]
        );
    }

    #[test]
    fn charges_never_replace_the_amount_and_payers_references_are_no_key() {
        let f = parse_camt(&fill(NOTIFICATION)).expect("a valid camt.054.001.08");
        assert_eq!(f.not_booked, 1);
        assert_eq!(f.lines.len(), 3, "{:#?}", f.lines);
        let eur = Some(Money::new(10_000, Currency::EUR));
        assert!(f.lines.iter().all(|l| l.amount == eur && l.kind == LineKind::Credit), "{:#?}", f.lines);
        assert_eq!(f.lines[0].reference.as_deref(), Some("RF18539007547034"));
        assert_eq!(f.lines[1].reference.as_deref(), Some("RF71CPS2026000005"), "RF references upper-cased");
        assert_ne!(f.lines[1].bank_ref, f.lines[2].bank_ref, "two payers saying \"Rechnung\" are two payments");
        assert_eq!(f.lines[1].bank_ref, "SE4550000000058398257466|entry|2026120200041202|0");
    }

    #[test]
    fn a_returned_credit_is_a_reversal() {
        let f = parse_camt(&fill(RETURN)).expect("valid");
        assert_eq!(f.lines.len(), 1);
        assert_eq!(f.lines[0].kind, LineKind::Reversal);
        assert_eq!(f.lines[0].amount, Some(Money::new(10_000, Currency::EUR)));
        assert_eq!(f.lines[0].reference.as_deref(), Some("RF18539007547034"));
        // A credit that reverses a debit of ours pays nothing.
        let undone = fill(RETURN).replace("DBIT", "CRDT");
        assert_eq!(parse_camt(&undone).expect("valid").lines[0].kind, LineKind::Review(ReviewReason::ReversedDebit));
    }

    #[test]
    fn a_statement_version_08_and_other_files() {
        let v08 = fill(NOTIFICATION)
            .replace("BkToCstmrDbtCdtNtfctn", "BkToCstmrStmt")
            .replace("Ntfctn>", "Stmt>")
            .replace("camt.054.001.08", "camt.053.001.08");
        assert_eq!(parse_camt(&v08).expect("valid").lines.len(), 3);
        assert_eq!(parse_camt("<Document><Other/></Document>"), Err(BankFileError::NotCamt));
        assert!(matches!(parse_camt("<a><b></a>"), Err(BankFileError::Xml(_))));
        let comma = fill(NOTIFICATION).replacen(
            "<Amt Ccy=\"EUR\">100.00</Amt>\n          <CdtDbtInd>",
            "<Amt Ccy=\"EUR\">100,00</Amt>\n          <CdtDbtInd>",
            1,
        );
        let f = parse_camt(&comma).expect("the rest of the file is read");
        assert_eq!(f.lines[0].kind, LineKind::Review(ReviewReason::UnreadableAmount));
        assert_eq!(f.lines[0].amount_text, "100,00 EUR");
        assert_eq!(f.lines[1].kind, LineKind::Credit);
    }

    #[test]
    fn only_the_sellers_own_account_counts() {
        let ours = OwnAccounts::new("SE45 5000 0000 0583 9825 7466", "5050-1055");
        assert!(ours.owns("se4550000000058398257466"));
        assert!(ours.owns("50501055") && ours.owns("5050-1055"));
        assert!(!ours.owns("DE89370400440532013000"));
        assert!(!ours.owns(""));
        let line = parse_camt(&fill(STATEMENT).replace(IBAN, "DE89370400440532013000")).expect("valid").lines.remove(0);
        assert_eq!(first_look(&line, &ours), Err(PaymentOutcome::WrongAccount));
    }

    #[test]
    fn dates_with_other_characters_never_panic() {
        for d in ["2026-12-0é", "2026-12-01T10:00:00+01:00", "ää", "2026-1\u{1F600}-01", ""] {
            let xml = fill(STATEMENT).replace("<BookgDt><Dt>2026-12-01</Dt>", &format!("<BookgDt><Dt>{d}</Dt>"));
            assert!(parse_camt(&xml).is_ok(), "{d}");
        }
        assert_eq!(date("2026-12-01T10:00:00"), NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(date("2026-12-0é"), None);
    }

    #[test]
    fn amounts_become_minor_units() {
        assert_eq!(minor_units("1437.5"), Some(143_750));
        assert_eq!(minor_units("100"), Some(10_000));
        assert_eq!(minor_units("0.05"), Some(5));
        assert_eq!(minor_units("1.005"), None);
        assert_eq!(minor_units("-3"), None);
        assert_eq!(minor_units("99999999999999999999"), None);
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any text inside the date, amount, currency, IBAN and reference
        /// elements: a result, never a panic.
        #[test]
        fn any_text_in_the_fields_never_panics(
            date in any::<String>(),
            amount in any::<String>(),
            currency in any::<String>(),
            iban in any::<String>(),
            reference in any::<String>(),
            status in prop::sample::select(vec!["BOOK", "PDNG", "<Cd>BOOK</Cd>"]),
        ) {
            let xml = format!(
                "<Document><BkToCstmrStmt><Stmt><Acct><Id><IBAN>{}</IBAN></Id></Acct><Ntry><Amt Ccy=\"{}\">{}</Amt>\
                 <CdtDbtInd>CRDT</CdtDbtInd><Sts>{status}</Sts><BookgDt><Dt>{}</Dt></BookgDt><AcctSvcrRef>{}</AcctSvcrRef>\
                 <NtryDtls><TxDtls><Refs><AcctSvcrRef>{}</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy=\"{}\">{}</Amt></TxAmt></AmtDtls>\
                 <RmtInf><Strd><CdtrRefInf><Ref>{}</Ref></CdtrRefInf></Strd><Ustrd>{}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>",
                escape(&iban), escape(&currency).replace('"', "&quot;"), escape(&amount), escape(&date), escape(&reference),
                escape(&reference), escape(&currency).replace('"', "&quot;"), escape(&amount), escape(&reference), escape(&date),
            );
            let ours = OwnAccounts::new(&iban, "5050-1055");
            if let Ok(f) = parse_camt(&xml) {
                for l in &f.lines {
                    let _ = first_look(l, &ours);
                    let _ = invoice_numbers_in(&l.text);
                }
            }
            // The same texts written raw, where they may break the XML.
            let raw = xml.replace(&escape(&date), &date).replace(&escape(&amount), &amount);
            let _ = parse_camt(&raw);
        }

        /// The realistic files with any text put into one element: never a panic.
        #[test]
        fn any_text_in_a_real_file_never_panics(junk in any::<String>(), at in 0usize..4) {
            let placeholders = ["{IBAN}", "{OCR_A}", "{NUMBER_C}", "{RF_D}"];
            let file = if at == 3 { NOTIFICATION } else { STATEMENT };
            let _ = parse_camt(&fill(&file.replace(placeholders[at], &junk)));
            let _ = parse_camt(&fill(&file.replace("2026-12-01", &junk).replace("2026-12-02", &junk)));
        }

        /// Arbitrary bytes as the whole file.
        #[test]
        fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_camt_bytes(&bytes);
        }

        /// A valid file cut short or with bytes changed: never a panic.
        #[test]
        fn a_damaged_file_never_panics(cut in 0usize..6000, at in 0usize..6000, byte in any::<u8>()) {
            let mut bytes = fill(STATEMENT).into_bytes();
            if let Some(b) = bytes.get_mut(at) {
                *b = byte;
            }
            bytes.truncate(cut);
            let _ = parse_camt_bytes(&bytes);
        }
    }
}

#[cfg(test)]
mod judge_tests {
    use super::*;

    #[test]
    fn payments_are_judged_against_their_invoice() {
        let sek = |m| Money::new(m, Currency::SEK);
        assert_eq!(judge(sek(100), sek(100), InvoiceState::Open), PaymentOutcome::Paid);
        assert_eq!(judge(sek(90), sek(100), InvoiceState::Open), PaymentOutcome::Partial);
        assert_eq!(judge(sek(110), sek(100), InvoiceState::Open), PaymentOutcome::Excess);
        assert_eq!(judge(sek(100), sek(100), InvoiceState::Paid), PaymentOutcome::Duplicate);
        assert_eq!(judge(sek(100), sek(100), InvoiceState::Credited), PaymentOutcome::Credited);
        assert_eq!(judge(Money::new(100, Currency::EUR), sek(100), InvoiceState::Open), PaymentOutcome::WrongCurrency);
        assert!(reversal_reopens(sek(100), sek(100), InvoiceState::Paid, true));
        assert!(!reversal_reopens(sek(100), sek(100), InvoiceState::Paid, false), "paid by card: staff decide");
        assert!(!reversal_reopens(sek(50), sek(100), InvoiceState::Paid, true));
        assert!(!reversal_reopens(sek(100), sek(100), InvoiceState::Credited, true));
        assert_eq!(invoice_numbers_in("Faktura cps-2026-000042, tack!"), vec!["CPS-2026-000042"]);
        assert!(invoice_numbers_in("order 2026 000042").is_empty());
    }
}
