//! The statuses and kinds the database stores as text, as types: parsed
//! where a row is read, written back as the same text, compared as values.
//! Serde uses the stored text too, so a frozen invoice document reads the
//! same before and after.

/// An enum stored as one of a fixed set of words.
macro_rules! stored_as_text {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The word stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value of a stored word; `None` for any other text.
            pub fn parse(stored: &str) -> Option<$name> {
                match stored {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stored_as_text! {
    /// Where an invoice (or credit note) stands.
    InvoiceStatus {
        /// Issued and not paid yet.
        Issued = "issued",
        Paid = "paid",
        /// Credited in full by a credit note.
        Credited = "credited",
        /// The status of a credit note itself.
        Credit = "credit",
    }
}

stored_as_text! {
    /// An invoice or the credit note that cancels one.
    InvoiceKind {
        Invoice = "invoice",
        CreditNote = "credit_note",
    }
}

stored_as_text! {
    /// How an invoice is paid.
    PaymentMethod {
        /// A saved card, charged on the due date.
        Card = "card",
        /// A bank transfer with the invoice's OCR or RF reference.
        BankTransfer = "bank_transfer",
    }
}

stored_as_text! {
    /// Where a membership stands.
    MembershipStatus {
        Active = "active",
        /// Its invoice is overdue; paying it makes it active again.
        Suspended = "suspended",
        /// Ended early by an upgrade to another tier.
        Upgraded = "upgraded",
        /// The business closed its account.
        Closed = "closed",
    }
}

stored_as_text! {
    /// One attempt to charge a saved card for an invoice.
    PaymentAttemptStatus {
        /// Sent to the card processor, no answer yet.
        Pending = "pending",
        Succeeded = "succeeded",
        Failed = "failed",
        /// The bank asks the cardholder to authenticate (3-D Secure).
        RequiresAction = "requires_action",
        /// Paid, but not as the invoice expected: staff look at it.
        Review = "review",
        /// Ended without paying: another attempt paid, or the member was asked.
        Closed = "closed",
        /// Pending for longer than the processor keeps an idempotency key.
        Expired = "expired",
    }
}

stored_as_text! {
    /// Where a support ticket stands.
    TicketStatus {
        /// Waiting for staff (new, or the member wrote again).
        Open = "open",
        /// Staff replied last.
        Answered = "answered",
        Closed = "closed",
    }
}

stored_as_text! {
    /// Which VAT an invoice carries, by name; the domestic rate is stored
    /// beside it (see [`crate::vat::VatTreatment`]).
    VatKind {
        Domestic = "domestic",
        ReverseCharge = "reverse_charge",
        OutsideEu = "outside_eu",
    }
}

/// Whether staff may issue a credit note for an invoice: only an invoice
/// (not a credit note) that is issued or paid and not credited already.
pub fn may_credit(kind: InvoiceKind, status: InvoiceStatus) -> bool {
    kind == InvoiceKind::Invoice && matches!(status, InvoiceStatus::Issued | InvoiceStatus::Paid)
}

/// Whether staff may mark an invoice paid by hand: an issued, unpaid invoice.
pub fn may_mark_paid(kind: InvoiceKind, status: InvoiceStatus) -> bool {
    kind == InvoiceKind::Invoice && status == InvoiceStatus::Issued
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_as_it_was_written() {
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
        for s in MembershipStatus::ALL {
            assert_eq!(MembershipStatus::parse(s.as_str()), Some(*s));
        }
        for s in PaymentAttemptStatus::ALL {
            assert_eq!(PaymentAttemptStatus::parse(s.as_str()), Some(*s));
        }
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(*s));
        }
        for m in PaymentMethod::ALL {
            assert_eq!(serde_json::from_str::<PaymentMethod>(&format!("\"{m}\"")).unwrap(), *m);
        }
        assert_eq!(InvoiceKind::parse("credit_note"), Some(InvoiceKind::CreditNote));
        assert_eq!(InvoiceStatus::parse("Issued"), None);
        assert_eq!(PaymentMethod::parse(""), None);
    }

    #[test]
    fn only_an_issued_or_paid_invoice_may_be_credited() {
        use InvoiceStatus::*;
        for kind in InvoiceKind::ALL {
            for status in InvoiceStatus::ALL {
                let expected = *kind == InvoiceKind::Invoice && matches!(status, Issued | Paid);
                assert_eq!(may_credit(*kind, *status), expected, "{kind} {status}");
                let payable = *kind == InvoiceKind::Invoice && *status == Issued;
                assert_eq!(may_mark_paid(*kind, *status), payable, "{kind} {status}");
            }
        }
    }
}
