//! Incoming payments from ISO 20022 bank files: camt.054 (debit/credit
//! notification) and camt.053 (statement). Both carry entries (`Ntry`) with
//! transaction details (`TxDtls`); only credits are payments to us.

use crate::money::{Currency, Money};
use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

/// One incoming payment as the bank reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankPayment {
    /// The bank's own reference for the transaction; the key that keeps a
    /// file imported twice from booking twice.
    pub bank_ref: String,
    pub amount: Money,
    pub booked_on: Option<NaiveDate>,
    /// The structured creditor reference (OCR or RF), if the payer gave one.
    pub reference: Option<String>,
    /// Free text from the payer.
    pub text: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BankFileError {
    #[error("not XML: {0}")]
    Xml(String),
    #[error("neither a camt.053 nor a camt.054 document")]
    NotCamt,
    #[error("an entry has an unreadable amount: {0:?}")]
    Amount(String),
    #[error("an entry has an unsupported currency: {0:?}")]
    Currency(String),
}

#[derive(Default)]
struct Tx {
    amount: Option<String>,
    currency: Option<String>,
    credit: Option<bool>,
    reference: Option<String>,
    text: Vec<String>,
    refs: Vec<String>,
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

/// Parses a camt.053 or camt.054 file into its incoming payments.
pub fn parse_camt(xml: &str) -> Result<Vec<BankPayment>, BankFileError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut kind_seen = false;
    let mut payments = Vec::new();
    // Entry-level values, inherited by transactions that lack their own.
    let (mut entry_amount, mut entry_currency, mut entry_credit, mut entry_date, mut entry_ref) =
        (None, None, None, None, None);
    let mut tx: Option<Tx> = None;
    let mut entry_txs: Vec<Tx> = Vec::new();
    let mut pending_currency: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| BankFileError::Xml(e.to_string()))? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if name == "BkToCstmrDbtCdtNtfctn" || name == "BkToCstmrStmt" {
                    kind_seen = true;
                }
                if name == "Amt" {
                    pending_currency = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "Ccy")
                        .map(|a| a.value.to_string());
                }
                if name == "Ntry" {
                    (entry_amount, entry_currency, entry_credit, entry_date, entry_ref) =
                        (None, None, None, None, None);
                    entry_txs.clear();
                }
                if name == "TxDtls" {
                    tx = Some(Tx::default());
                }
                path.push(name);
            }
            Event::Text(t) => {
                let text = t.xml10_content().trim().to_owned();
                let here = path.last().map(String::as_str).unwrap_or_default();
                let parent =
                    path.len().checked_sub(2).and_then(|i| path.get(i)).map(String::as_str).unwrap_or_default();
                let in_tx = path.iter().any(|p| p == "TxDtls");
                match (here, parent) {
                    ("Amt", _) if in_tx => {
                        if let Some(t) = tx.as_mut() {
                            t.amount = Some(text);
                            t.currency = pending_currency.clone();
                        }
                    }
                    ("Amt", "Ntry") => {
                        entry_amount = Some(text);
                        entry_currency = pending_currency.clone();
                    }
                    ("CdtDbtInd", "Ntry") => entry_credit = Some(text == "CRDT"),
                    ("CdtDbtInd", _) if in_tx => {
                        if let Some(t) = tx.as_mut() {
                            t.credit = Some(text == "CRDT");
                        }
                    }
                    ("Dt" | "DtTm", "BookgDt") => {
                        entry_date = NaiveDate::parse_from_str(&text[..text.len().min(10)], "%Y-%m-%d").ok()
                    }
                    ("AcctSvcrRef", "Ntry") => entry_ref = Some(text),
                    ("AcctSvcrRef" | "EndToEndId" | "TxId", "Refs") if in_tx => {
                        if let Some(t) = tx.as_mut()
                            && text != "NOTPROVIDED"
                        {
                            t.refs.push(text);
                        }
                    }
                    ("Ref", "CdtrRefInf") if in_tx => {
                        if let Some(t) = tx.as_mut() {
                            t.reference = Some(text.chars().filter(|c| !c.is_whitespace()).collect());
                        }
                    }
                    ("Ustrd", _) if in_tx => {
                        if let Some(t) = tx.as_mut() {
                            t.text.push(text);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                if name == "TxDtls"
                    && let Some(t) = tx.take()
                {
                    entry_txs.push(t);
                }
                if name == "Ntry" {
                    let single = entry_txs.len() == 1;
                    if entry_txs.is_empty() {
                        entry_txs.push(Tx::default());
                    }
                    for (i, t) in entry_txs.drain(..).enumerate() {
                        let credit = t.credit.or(entry_credit).unwrap_or(false);
                        if !credit {
                            continue;
                        }
                        // A batch entry's own amount is the sum: use each transaction's.
                        let amount_text = t.amount.clone().or_else(|| if single { entry_amount.clone() } else { None });
                        let amount_text = amount_text.ok_or_else(|| BankFileError::Amount(String::new()))?;
                        let minor = minor_units(&amount_text).ok_or(BankFileError::Amount(amount_text.clone()))?;
                        let ccy = t.currency.clone().or_else(|| entry_currency.clone()).unwrap_or_default();
                        let currency = Currency::parse(&ccy).ok_or(BankFileError::Currency(ccy.clone()))?;
                        let bank_ref = t
                            .refs
                            .first()
                            .cloned()
                            .or_else(|| entry_ref.clone().map(|r| format!("{r}/{i}")))
                            .unwrap_or_else(|| {
                                format!(
                                    "{}/{}/{}/{i}",
                                    entry_date.map(|d| d.to_string()).unwrap_or_default(),
                                    amount_text,
                                    t.reference.clone().unwrap_or_default()
                                )
                            });
                        payments.push(BankPayment {
                            bank_ref,
                            amount: Money::new(minor, currency),
                            booked_on: entry_date,
                            reference: t.reference,
                            text: t.text.join(" "),
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if kind_seen { Ok(payments) } else { Err(BankFileError::NotCamt) }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const CAMT054: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
 <BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-12-01T10:00:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>N1</Id>
   <Ntry>
    <Amt Ccy="SEK">1437.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-12-01</Dt></BookgDt><AcctSvcrRef>BANK-1</AcctSvcrRef>
    <NtryDtls><TxDtls>
      <Refs><AcctSvcrRef>TX-1</AcctSvcrRef></Refs>
      <RmtInf><Strd><CdtrRefInf><Ref>2026000001 48</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">150</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>BANK-2</AcctSvcrRef>
    <NtryDtls>
     <TxDtls><Refs><EndToEndId>E2E-A</EndToEndId></Refs><Amt Ccy="EUR">100.00</Amt><RmtInf><Ustrd>Invoice CPS-2026-000002</Ustrd></RmtInf></TxDtls>
     <TxDtls><Refs><EndToEndId>E2E-B</EndToEndId></Refs><Amt Ccy="EUR">50.00</Amt><RmtInf><Ustrd>membership</Ustrd></RmtInf></TxDtls>
    </NtryDtls>
   </Ntry>
   <Ntry><Amt Ccy="SEK">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-12-02</Dt></BookgDt></Ntry>
  </Ntfctn>
 </BkToCstmrDbtCdtNtfctn>
</Document>"#;

    #[test]
    fn reads_credits_with_their_references_and_skips_debits() {
        let p = parse_camt(CAMT054).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].amount, Money::new(143_750, Currency::SEK));
        assert_eq!(p[0].reference.as_deref(), Some("202600000148"));
        assert_eq!(p[0].bank_ref, "TX-1");
        assert_eq!(p[0].booked_on, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(p[1].amount, Money::new(10_000, Currency::EUR), "each transaction of a batch entry");
        assert_eq!(p[1].text, "Invoice CPS-2026-000002");
        assert_eq!(p[2].bank_ref, "E2E-B");
    }

    #[test]
    fn a_statement_works_the_same_and_other_files_are_refused() {
        let stmt = CAMT054.replace("BkToCstmrDbtCdtNtfctn", "BkToCstmrStmt").replace("Ntfctn>", "Stmt>");
        assert_eq!(parse_camt(&stmt).unwrap().len(), 3);
        assert_eq!(parse_camt("<Document><Other/></Document>"), Err(BankFileError::NotCamt));
        assert!(parse_camt("<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"SEK\">1,5</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>").is_err());
        assert!(matches!(parse_camt("<a><b></a>"), Err(BankFileError::Xml(_))));
    }

    #[test]
    fn amounts_become_minor_units() {
        assert_eq!(minor_units("1437.5"), Some(143_750));
        assert_eq!(minor_units("100"), Some(10_000));
        assert_eq!(minor_units("0.05"), Some(5));
        assert_eq!(minor_units("1.005"), None);
        assert_eq!(minor_units("-3"), None);
    }
}

/// What an incoming payment does to the invoice it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The exact amount: the invoice is paid.
    Paid,
    /// Less than the invoice: staff decide.
    Partial,
    /// More than the invoice: staff refund or credit the rest.
    Excess,
    /// The invoice was paid already: staff refund.
    Duplicate,
    /// Another currency than the invoice's.
    WrongCurrency,
    /// No invoice could be found for it.
    Unknown,
}

impl PaymentOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentOutcome::Paid => "paid",
            PaymentOutcome::Partial => "partial",
            PaymentOutcome::Excess => "excess",
            PaymentOutcome::Duplicate => "duplicate",
            PaymentOutcome::WrongCurrency => "wrong_currency",
            PaymentOutcome::Unknown => "unknown",
        }
    }

    /// Everything but an exact payment goes to the staff's list.
    pub fn needs_staff(self) -> bool {
        self != PaymentOutcome::Paid
    }
}

/// Judges a payment against the invoice it was matched to.
pub fn judge(paid: Money, invoice_total: Money, invoice_already_paid: bool) -> PaymentOutcome {
    if paid.currency != invoice_total.currency {
        PaymentOutcome::WrongCurrency
    } else if invoice_already_paid {
        PaymentOutcome::Duplicate
    } else if paid.minor == invoice_total.minor {
        PaymentOutcome::Paid
    } else if paid.minor < invoice_total.minor {
        PaymentOutcome::Partial
    } else {
        PaymentOutcome::Excess
    }
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
mod judge_tests {
    use super::*;

    #[test]
    fn payments_are_judged_against_their_invoice() {
        let sek = |m| Money::new(m, Currency::SEK);
        assert_eq!(judge(sek(100), sek(100), false), PaymentOutcome::Paid);
        assert_eq!(judge(sek(90), sek(100), false), PaymentOutcome::Partial);
        assert_eq!(judge(sek(110), sek(100), false), PaymentOutcome::Excess);
        assert_eq!(judge(sek(100), sek(100), true), PaymentOutcome::Duplicate);
        assert_eq!(judge(Money::new(100, Currency::EUR), sek(100), false), PaymentOutcome::WrongCurrency);
        assert_eq!(invoice_numbers_in("Faktura cps-2026-000042, tack!"), vec!["CPS-2026-000042"]);
        assert!(invoice_numbers_in("order 2026 000042").is_empty());
    }
}
