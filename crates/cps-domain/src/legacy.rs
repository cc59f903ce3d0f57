//! The export of the old CPS system: accounts and their products, one row a
//! product (an account without products has one row with the product columns
//! empty). Whatever the old system knew may be missing; only the structure
//! must be right for the file to be imported.

use crate::Email;
use crate::catalogue::LineError;

/// How long after sign-up a business without an old CPS address is told
/// where the blue "MIGRERA PRODUKTER" button went: a business that has used
/// the portal for longer has either found its products or registered them.
pub const NO_OLD_EMAIL_NOTICE_DAYS: i64 = 30;

/// Whether the "Ser ni inte den blå knappen …" notice is shown to a business
/// that gave no old CPS address: only while it is new.
pub fn no_old_email_notice(registered_at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    now < registered_at + chrono::Duration::days(NO_OLD_EMAIL_NOTICE_DAYS)
}

pub const HEADER: [&str; 9] =
    ["email", "name", "country", "legacy_number", "model", "serial", "purchase_date", "purchase_country", "retailer"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyAccount {
    pub email: Email,
    pub name: String,
    pub country: Option<String>,
    pub legacy_number: String,
    pub products: Vec<LegacyProduct>,
}

/// A product as the old system had it: free text, any of it possibly empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegacyProduct {
    /// Model code or name, matched against the catalogue at migration.
    pub model: String,
    pub serial: Option<String>,
    pub purchase_date: Option<String>,
    pub purchase_country: Option<String>,
    pub retailer: Option<String>,
    /// The file line, for reports.
    pub line: u64,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Parses and validates a whole export; nothing is returned unless all of it is valid.
pub fn parse_legacy(text: &str) -> Result<Vec<LegacyAccount>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    match reader.headers() {
        Ok(h) if h.iter().map(str::trim).eq(HEADER) => {}
        _ => return Err(vec![LineError { line: 1, message: format!("the header must be {}", HEADER.join(",")) }]),
    }
    let mut errors = Vec::new();
    let mut accounts: Vec<LegacyAccount> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError {
                    line: e.position().map_or(0, |p| p.line()),
                    message: format!("unreadable CSV: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != HEADER.len() {
            errors
                .push(LineError { line, message: format!("expected {} fields, found {}", HEADER.len(), record.len()) });
            continue;
        }
        let Ok(email) = Email::parse(&record[0]) else {
            errors.push(LineError { line, message: format!("email {:?} is not an email address", &record[0]) });
            continue;
        };
        let (name, number) = (record[1].trim(), record[3].trim());
        if name.is_empty() || number.is_empty() {
            errors.push(LineError { line, message: "name and legacy_number are required".into() });
            continue;
        }
        let at = match index.get(email.as_str()) {
            Some(&i) => {
                let a = &accounts[i];
                if a.name != name || a.legacy_number != number {
                    errors.push(LineError {
                        line,
                        message: format!("{email} has another name or legacy number on an earlier line"),
                    });
                    continue;
                }
                i
            }
            None => {
                accounts.push(LegacyAccount {
                    email: email.clone(),
                    name: name.to_owned(),
                    country: opt(&record[2]),
                    legacy_number: number.to_owned(),
                    products: Vec::new(),
                });
                index.insert(email.as_str().to_owned(), accounts.len() - 1);
                accounts.len() - 1
            }
        };
        let model = record[4].trim();
        let product_fields = [&record[5], &record[6], &record[7], &record[8]];
        if model.is_empty() {
            if product_fields.iter().any(|f| !f.trim().is_empty()) {
                errors.push(LineError { line, message: "a product needs its model".into() });
            }
            continue;
        }
        accounts[at].products.push(LegacyProduct {
            model: model.to_owned(),
            serial: opt(&record[5]),
            purchase_date: opt(&record[6]),
            purchase_country: opt(&record[7]),
            retailer: opt(&record[8]),
            line,
        });
    }
    if errors.is_empty() { Ok(accounts) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_old_email_notice_is_shown_only_to_a_new_business() {
        let at = |d| chrono::DateTime::parse_from_rfc3339(d).unwrap().with_timezone(&chrono::Utc);
        let registered = at("2026-01-10T12:00:00Z");
        assert!(no_old_email_notice(registered, registered));
        assert!(no_old_email_notice(registered, at("2026-02-09T11:59:59Z")));
        assert!(!no_old_email_notice(registered, at("2026-02-09T12:00:00Z")));
        assert!(!no_old_email_notice(registered, at("2027-01-10T12:00:00Z")));
    }

    #[test]
    fn rows_group_into_accounts_and_blanks_are_allowed() {
        let text = "email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n\
                    Old@Studio.se,Old Studio,SE,CPS-1001,EOS 5D Mark III,012345678901,2014-03-01,SE,Foto AB\n\
                    old@studio.se,Old Studio,SE,CPS-1001,EF 40mm f/2.8 STM,,,,\n\
                    solo@x.se,Solo,,CPS-1002,,,,,\n";
        let accounts = parse_legacy(text).unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].email.as_str(), "old@studio.se");
        assert_eq!(accounts[0].products.len(), 2);
        assert_eq!(accounts[0].products[1].serial, None);
        assert!(accounts[1].products.is_empty());
    }

    #[test]
    fn a_bad_line_fails_the_whole_file_with_its_number() {
        let text = "email,name,country,legacy_number,model,serial,purchase_date,purchase_country,retailer\n\
                    a@x.se,A,SE,CPS-1,EOS R5,1,,,\n\
                    not-an-email,B,SE,CPS-2,,,,,\n\
                    a@x.se,Other name,SE,CPS-1,,,,,\n\
                    c@x.se,C,SE,CPS-3,,123,,,\n";
        let errors = parse_legacy(text).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4, 5]);
    }
}
