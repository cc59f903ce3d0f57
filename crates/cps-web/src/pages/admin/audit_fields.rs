//! How the audit log shows an entry's before/after to a clerk: each stored
//! field by its label and each value in the reader's language. This is the
//! one place that says which stored field maps to which label and how its
//! value reads; a field not listed is shown by its key and its value.
//! The stored JSON itself stays available, folded, as technical detail.

use cps_domain::money::{Currency, Money};
use cps_i18n::I18n;
use serde_json::Value;

/// How a field's value reads.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
    /// As stored (an email address, a serial number, a file hash, a message).
    Text,
    /// A count, with the locale's digit grouping.
    Count,
    /// A points balance or a change of points (signed), grouped.
    Points,
    /// A record's number, as stored.
    Id,
    /// `true` / `false` as yes / no.
    YesNo,
    /// One of a known set of stored values, each shown by its label:
    /// (stored value, message id).
    Labelled(&'static [(&'static str, &'static str)]),
    /// A list of stored codes (tier codes), joined.
    List,
    /// Minor units of the currency stored in the named field beside it.
    Money { currency: &'static str },
    /// A calendar date stored as `YYYY-MM-DD`.
    Date,
}

/// A field of the entries of one kind of action.
pub struct FieldRule {
    /// The action's noun (`points` for `points.adjust`), or `*` for any action.
    pub noun: &'static str,
    /// The key in the stored JSON.
    pub key: &'static str,
    /// The message id of its label.
    pub label: &'static str,
    pub shown: Shown,
}

/// Ticket statuses (`tickets.status`).
const TICKET_STATUSES: &[(&str, &str)] =
    &[("open", "support-status-open"), ("answered", "support-status-answered"), ("closed", "support-status-closed")];

/// Invoice statuses (`invoices.status`).
const INVOICE_STATUSES: &[(&str, &str)] = &[
    ("issued", "admin-invoice-status-issued"),
    ("paid", "admin-invoice-status-paid"),
    ("credited", "admin-invoice-status-credited"),
    ("credit", "admin-invoice-status-credit"),
];

/// Staff roles (`StaffRole::as_str`).
const STAFF_ROLES: &[(&str, &str)] = &[
    ("support", "admin-role-support"),
    ("finance", "admin-role-finance"),
    ("service", "admin-role-service"),
    ("admin", "admin-role-admin"),
];

/// Service request statuses (`cps_domain::service::ServiceStatus::as_str`).
const SERVICE_STATUSES: &[(&str, &str)] = &[
    ("registered", "service-status-registered"),
    ("received", "service-status-received"),
    ("diagnosed", "service-status-diagnosed"),
    ("approved", "service-status-approved"),
    ("declined", "service-status-declined"),
    ("in_repair", "service-status-in_repair"),
    ("ready", "service-status-ready"),
    ("shipped", "service-status-shipped"),
    ("closed", "service-status-closed"),
];

/// Loan statuses (`cps_domain::service::LoanStatus::as_str`).
const LOAN_STATUSES: &[(&str, &str)] = &[
    ("requested", "admin-svc-loan-status-requested"),
    ("lent", "admin-svc-loan-status-lent"),
    ("returned", "admin-svc-loan-status-returned"),
    ("refused", "admin-svc-loan-status-refused"),
];

/// Catalogue categories (`cps_domain::catalogue::Category::as_str`), for loan items.
const CATEGORIES: &[(&str, &str)] = &[
    ("camera", "admin-svc-category-camera"),
    ("cinema", "admin-svc-category-cinema"),
    ("lens", "admin-svc-category-lens"),
    ("cinema-lens", "admin-svc-category-cinema-lens"),
    ("flash", "admin-svc-category-flash"),
    ("printer", "admin-svc-category-printer"),
    ("accessory", "admin-svc-category-accessory"),
];

/// How a catalogue file was applied (the staged upload's kind).
const UPLOAD_MODES: &[(&str, &str)] =
    &[("catalogue", "admin-catalogue-extend"), ("catalogue-replace", "admin-catalogue-replace")];

/// A reset staff secret: a new one, or the old one kept.
const SECRETS: &[(&str, &str)] = &[("new", "admin-audit-secret-new"), ("kept", "admin-audit-secret-kept")];

/// Every field the store writes into an audit entry, in the order shown.
pub static FIELDS: &[FieldRule] = &[
    // ticket.reply, ticket.close
    FieldRule {
        noun: "ticket",
        key: "status",
        label: "admin-audit-field-status",
        shown: Shown::Labelled(TICKET_STATUSES),
    },
    FieldRule { noun: "ticket", key: "message", label: "admin-audit-field-message", shown: Shown::Text },
    // points.adjust
    FieldRule { noun: "points", key: "amount", label: "admin-audit-field-points-change", shown: Shown::Points },
    FieldRule { noun: "points", key: "balance", label: "admin-audit-field-balance", shown: Shown::Points },
    // migration.approve
    FieldRule { noun: "migration", key: "old_email", label: "admin-audit-field-old-email", shown: Shown::Text },
    FieldRule { noun: "migration", key: "proven", label: "admin-audit-field-proven", shown: Shown::YesNo },
    // invoice.mark_paid, invoice.credit
    FieldRule {
        noun: "invoice",
        key: "status",
        label: "admin-audit-field-status",
        shown: Shown::Labelled(INVOICE_STATUSES),
    },
    FieldRule { noun: "invoice", key: "credit_note", label: "admin-audit-field-credit-note", shown: Shown::Text },
    FieldRule { noun: "invoice", key: "credit_note_id", label: "admin-audit-field-credit-note-id", shown: Shown::Id },
    // payment.resolve
    FieldRule { noun: "payment", key: "resolved", label: "admin-audit-field-resolved", shown: Shown::YesNo },
    FieldRule { noun: "payment", key: "invoice_id", label: "admin-audit-field-invoice-id", shown: Shown::Id },
    // job.retry
    FieldRule { noun: "job", key: "failed", label: "admin-audit-field-failed", shown: Shown::YesNo },
    // serial.leave, serial.move, serial.remove
    FieldRule { noun: "serial", key: "serial", label: "admin-audit-field-serial", shown: Shown::Text },
    FieldRule { noun: "serial", key: "business_id", label: "admin-audit-field-business-id", shown: Shown::Id },
    FieldRule { noun: "serial", key: "claimant", label: "admin-audit-field-claimant-id", shown: Shown::Id },
    FieldRule { noun: "serial", key: "points", label: "admin-audit-field-points", shown: Shown::Points },
    FieldRule { noun: "serial", key: "removed", label: "admin-audit-field-removed", shown: Shown::YesNo },
    // catalogue.import, tiers.import
    FieldRule { noun: "catalogue", key: "mode", label: "admin-audit-field-mode", shown: Shown::Labelled(UPLOAD_MODES) },
    FieldRule { noun: "catalogue", key: "added", label: "admin-audit-field-added", shown: Shown::Count },
    FieldRule { noun: "catalogue", key: "changed", label: "admin-audit-field-changed", shown: Shown::Count },
    FieldRule { noun: "catalogue", key: "withdrawn", label: "admin-audit-field-withdrawn", shown: Shown::Count },
    FieldRule { noun: "catalogue", key: "unchanged", label: "admin-audit-field-unchanged", shown: Shown::Count },
    FieldRule { noun: "tiers", key: "tiers", label: "admin-audit-field-tiers", shown: Shown::List },
    // bank.import
    FieldRule { noun: "bank", key: "lines", label: "admin-audit-field-lines", shown: Shown::Count },
    FieldRule { noun: "bank", key: "paid", label: "admin-audit-field-paid", shown: Shown::Count },
    FieldRule { noun: "bank", key: "to_review", label: "admin-audit-field-to-review", shown: Shown::Count },
    FieldRule {
        noun: "bank",
        key: "already_imported",
        label: "admin-audit-field-already-imported",
        shown: Shown::Count,
    },
    FieldRule { noun: "bank", key: "not_booked", label: "admin-audit-field-not-booked", shown: Shown::Count },
    FieldRule { noun: "bank", key: "returned", label: "admin-audit-field-returned", shown: Shown::Count },
    FieldRule { noun: "bank", key: "reopened", label: "admin-audit-field-reopened", shown: Shown::Count },
    // staff.create, staff.disable, staff.reset
    FieldRule { noun: "staff", key: "email", label: "admin-audit-field-email", shown: Shown::Text },
    FieldRule { noun: "staff", key: "role", label: "admin-audit-field-role", shown: Shown::Labelled(STAFF_ROLES) },
    FieldRule { noun: "staff", key: "disabled", label: "admin-audit-field-disabled", shown: Shown::YesNo },
    FieldRule { noun: "staff", key: "password", label: "admin-audit-field-password", shown: Shown::Labelled(SECRETS) },
    FieldRule { noun: "staff", key: "totp_secret", label: "admin-audit-field-totp", shown: Shown::Labelled(SECRETS) },
    // service.transition, service.quote
    FieldRule {
        noun: "service",
        key: "status",
        label: "admin-audit-field-status",
        shown: Shown::Labelled(SERVICE_STATUSES),
    },
    FieldRule { noun: "service", key: "promised_on", label: "admin-svc-audit-promised-on", shown: Shown::Date },
    FieldRule { noun: "service", key: "tracking", label: "admin-svc-audit-tracking", shown: Shown::Text },
    FieldRule { noun: "service", key: "lines", label: "admin-svc-audit-lines", shown: Shown::Count },
    FieldRule {
        noun: "service",
        key: "list_minor",
        label: "admin-svc-audit-list",
        shown: Shown::Money { currency: "currency" },
    },
    // loan_item.add
    FieldRule { noun: "loan_item", key: "name", label: "admin-svc-audit-name", shown: Shown::Text },
    FieldRule {
        noun: "loan_item",
        key: "category",
        label: "admin-svc-audit-category",
        shown: Shown::Labelled(CATEGORIES),
    },
    // loan.confirm, loan.return
    FieldRule { noun: "loan", key: "loan", label: "admin-svc-audit-loan", shown: Shown::Id },
    FieldRule { noun: "loan", key: "item", label: "admin-svc-audit-item", shown: Shown::Id },
    FieldRule { noun: "loan", key: "due_on", label: "admin-svc-audit-due-back", shown: Shown::Date },
    FieldRule { noun: "loan", key: "status", label: "admin-audit-field-status", shown: Shown::Labelled(LOAN_STATUSES) },
    // Any action: amounts of money with their currency, dates, the file of an upload.
    FieldRule {
        noun: "*",
        key: "amount_minor",
        label: "admin-audit-field-amount",
        shown: Shown::Money { currency: "currency" },
    },
    FieldRule {
        noun: "*",
        key: "total_minor",
        label: "admin-audit-field-total",
        shown: Shown::Money { currency: "currency" },
    },
    FieldRule { noun: "*", key: "currency", label: "admin-audit-field-currency", shown: Shown::Text },
    FieldRule { noun: "*", key: "issued_on", label: "admin-audit-field-issued-on", shown: Shown::Date },
    FieldRule { noun: "*", key: "due_on", label: "admin-audit-field-due-on", shown: Shown::Date },
    FieldRule { noun: "*", key: "booked_on", label: "admin-audit-field-booked-on", shown: Shown::Date },
    FieldRule { noun: "*", key: "sha256", label: "admin-audit-field-sha256", shown: Shown::Text },
];

/// The rule for a field of an action (`points.adjust`), if there is one.
pub fn rule(action: &str, key: &str) -> Option<&'static FieldRule> {
    let noun = action.split('.').next().unwrap_or("");
    FIELDS
        .iter()
        .find(|r| r.noun == noun && r.key == key)
        .or_else(|| FIELDS.iter().find(|r| r.noun == "*" && r.key == key))
}

/// The stored before/after of an entry as (label, value) pairs in the
/// reader's language: the listed fields first, in the order listed, then any
/// other field by its key. Empty if the text is not a JSON object.
pub fn readable(i: &I18n, action: &str, stored: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(stored) else {
        return Vec::new();
    };
    let mut known: Vec<(&'static FieldRule, &Value)> =
        map.iter().filter_map(|(k, v)| Some((rule(action, k)?, v))).collect();
    // In the order listed (a static: one address per rule).
    known.sort_by_key(|(r, _)| FIELDS.iter().position(|f| std::ptr::eq(f, *r)));
    // A currency read by an amount beside it is not shown again.
    let consumed: Vec<&str> = known
        .iter()
        .filter_map(|(r, _)| match r.shown {
            Shown::Money { currency } => Some(currency),
            _ => None,
        })
        .collect();
    let mut out: Vec<(String, String)> = known
        .iter()
        .filter(|(r, _)| !consumed.contains(&r.key))
        .map(|(r, v)| (i.t(r.label), value(i, r.shown, v, &map)))
        .collect();
    let mut unknown: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| rule(action, k).is_none()).collect();
    unknown.sort_by(|a, b| a.0.cmp(b.0));
    out.extend(unknown.into_iter().map(|(k, v)| (k.clone(), plain(i, v))));
    out
}

fn value(i: &I18n, shown: Shown, v: &Value, all: &serde_json::Map<String, Value>) -> String {
    match (shown, v) {
        (Shown::Count, Value::Number(n)) if n.is_i64() => i.number(n.as_i64().unwrap_or_default()),
        (Shown::Points, Value::Number(n)) if n.is_i64() => i.number(n.as_i64().unwrap_or_default()),
        (Shown::Id, Value::Number(n)) => n.to_string(),
        (Shown::YesNo, Value::Bool(b)) => yes_no(i, *b),
        (Shown::Labelled(labels), Value::String(s)) => {
            labels.iter().find(|(stored, _)| stored == s).map_or_else(|| s.clone(), |(_, id)| i.t(id))
        }
        (Shown::List, Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map_or_else(|| item.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        (Shown::Money { currency }, Value::Number(n)) if n.is_i64() => {
            let minor = n.as_i64().unwrap_or_default();
            match all.get(currency).and_then(Value::as_str).and_then(Currency::parse) {
                Some(c) => Money::new(minor, c).format(i.lang),
                None => i.number(minor),
            }
        }
        (Shown::Date, Value::String(s)) => date(i, s).unwrap_or_else(|| s.clone()),
        _ => plain(i, v),
    }
}

/// A value of a field not listed: strings (dates in the locale's way),
/// numbers and yes/no as they read; anything else as compact JSON.
fn plain(i: &I18n, v: &Value) -> String {
    match v {
        Value::String(s) => date(i, s).unwrap_or_else(|| s.clone()),
        Value::Bool(b) => yes_no(i, *b),
        Value::Null => "–".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => v.to_string(),
    }
}

fn yes_no(i: &I18n, b: bool) -> String {
    i.t(if b { "admin-yes" } else { "admin-no" })
}

fn date(i: &I18n, s: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| i.date(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cps_domain::Lang;

    fn shown(lang: Lang, action: &str, stored: &str) -> Vec<(String, String)> {
        readable(&I18n::new(lang), action, stored)
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn every_label_and_value_label_exists_in_every_language() {
        for lang in Lang::ALL {
            let i = I18n::new(lang);
            for r in FIELDS {
                assert_ne!(i.t(r.label), r.label, "{lang:?}: {}", r.label);
                if let Shown::Labelled(labels) = r.shown {
                    for (stored, id) in labels {
                        assert_ne!(i.t(id), *id, "{lang:?}: {stored} of {}", r.key);
                    }
                }
            }
        }
    }

    #[test]
    fn every_staff_role_and_invoice_status_has_its_label() {
        for role in cps_domain::staff::StaffRole::ALL {
            assert!(STAFF_ROLES.iter().any(|(s, _)| *s == role.as_str()), "{role:?}");
        }
        // The statuses the store writes (see `lang::labels` in the router tests).
        for status in ["issued", "paid", "credited", "credit"] {
            assert!(INVOICE_STATUSES.iter().any(|(s, _)| *s == status), "{status}");
        }
    }

    #[test]
    fn service_steps_quotes_and_loans_read_as_labels() {
        use cps_domain::catalogue::Category;
        use cps_domain::service::{LoanStatus, ServiceStatus};
        for s in ServiceStatus::ALL {
            assert!(SERVICE_STATUSES.iter().any(|(v, _)| *v == s.as_str()), "{s:?}");
        }
        for s in LoanStatus::ALL {
            assert!(LOAN_STATUSES.iter().any(|(v, _)| *v == s.as_str()), "{s:?}");
        }
        for c in Category::ALL {
            assert!(CATEGORIES.iter().any(|(v, _)| *v == c.as_str()), "{c:?}");
        }
        assert_eq!(
            shown(Lang::Sv, "service.transition", r#"{"status":"shipped","tracking":"RR123456785SE"}"#),
            pairs(&[("Status", "Skickad"), ("Spårningsnummer", "RR123456785SE")])
        );
        assert_eq!(
            shown(Lang::Sv, "service.transition", r#"{"status":"received","promised_on":"2026-11-27"}"#),
            pairs(&[("Status", "Mottaget"), ("Utlovat klart", "2026-11-27")])
        );
        assert_eq!(
            shown(
                Lang::En,
                "service.quote",
                r#"{"lines":2,"list_minor":150000,"total_minor":150000,"currency":"SEK"}"#
            ),
            pairs(&[("Quote lines", "2"), ("List price", "SEK\u{a0}1,500.00"), ("Total", "SEK\u{a0}1,500.00")])
        );
        assert_eq!(
            shown(Lang::Sv, "loan_item.add", r#"{"name":"EOS R6","category":"camera"}"#),
            pairs(&[("Benämning", "EOS R6"), ("Kategori", "Kamerahus")])
        );
        assert_eq!(
            shown(Lang::Sv, "loan.confirm", r#"{"loan":3,"item":4,"due_on":"2026-12-11"}"#),
            pairs(&[
                ("Lån (nr i systemet)", "3"),
                ("Lånutrustning (nr i systemet)", "4"),
                ("Åter senast", "2026-12-11")
            ])
        );
        assert_eq!(shown(Lang::Sv, "loan.return", r#"{"status":"returned"}"#), pairs(&[("Status", "Återlämnad")]));
    }

    #[test]
    fn a_points_adjustment_reads_as_labelled_numbers() {
        let after = r#"{"amount":1500,"balance":2600}"#;
        assert_eq!(
            shown(Lang::Sv, "points.adjust", after),
            pairs(&[("Poängändring", "1\u{a0}500"), ("Poängsaldo", "2\u{a0}600")])
        );
        assert_eq!(
            shown(Lang::De, "points.adjust", r#"{"amount":-1500,"balance":0}"#),
            pairs(&[("Punkteänderung", "-1.500"), ("Punktestand", "0")])
        );
    }

    #[test]
    fn statuses_roles_and_yes_no_read_as_their_labels() {
        assert_eq!(shown(Lang::Sv, "invoice.mark_paid", r#"{"status":"issued"}"#), pairs(&[("Status", "Obetald")]));
        assert_eq!(
            shown(
                Lang::De,
                "invoice.credit",
                r#"{"status":"credited","credit_note":"CPSK-2026-000001","credit_note_id":7}"#
            ),
            pairs(&[("Status", "Storniert"), ("Gutschrift", "CPSK-2026-000001"), ("Gutschrift (Nr. im System)", "7")])
        );
        assert_eq!(shown(Lang::Sv, "ticket.close", r#"{"status":"closed"}"#), pairs(&[("Status", "Avslutat")]));
        assert_eq!(
            shown(Lang::En, "staff.create", r#"{"email":"sam@cps.test","role":"finance"}"#),
            pairs(&[("Email", "sam@cps.test"), ("Role", "Finance")])
        );
        assert_eq!(shown(Lang::Sv, "job.retry", r#"{"failed":true}"#), pairs(&[("Misslyckat", "Ja")]));
    }

    #[test]
    fn money_dates_and_unknown_fields() {
        let stored = r#"{"amount_minor":123450,"currency":"SEK","booked_on":"2026-12-02","zeta":"x","alpha":true}"#;
        assert_eq!(
            shown(Lang::De, "payment.resolve", stored),
            pairs(&[("Betrag", "1.234,50\u{a0}SEK"), ("Buchungstag", "02.12.2026"), ("alpha", "Ja"), ("zeta", "x")])
        );
        assert_eq!(
            shown(Lang::Sv, "payment.resolve", stored)[..2],
            pairs(&[("Belopp", "1\u{a0}234,50\u{a0}kr"), ("Bokföringsdag", "2026-12-02")])
        );
        // Not an object: nothing to list (the raw text stays in the fold).
        assert!(shown(Lang::Sv, "staff.login", "[1]").is_empty());
        // A status this build does not know is shown as stored, never as a message id.
        assert_eq!(shown(Lang::Sv, "invoice.credit", r#"{"status":"refunded"}"#), pairs(&[("Status", "refunded")]));
    }
}
