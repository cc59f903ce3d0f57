//! The rules of card payments through Stripe that do not depend on Stripe's
//! wire format: how long one attempt's idempotency key may be repeated, when
//! a charge needs the card holder, and whether a reported payment may settle
//! an invoice or goes to staff.

use crate::money::{Currency, Money};
use crate::status::InvoiceStatus;
use chrono::{DateTime, Duration, Utc};

/// Stripe keeps an idempotency key for at least 24 hours, then may prune it
/// and treat a repeat as a new request (a second charge). One attempt's
/// retries stay well inside that: 23 hours after the attempt was recorded its
/// key is no longer used, and the next attempt first looks for a payment
/// already made for the invoice.
pub const IDEMPOTENCY_WINDOW: Duration = Duration::hours(23);

/// Whether an attempt recorded at `recorded_at` may still repeat its key.
pub fn key_still_valid(recorded_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - recorded_at < IDEMPOTENCY_WINDOW
}

/// What a payment reported by the provider (a webhook, or the PaymentIntent
/// read back after the card holder confirmed it) does to its invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentVerdict {
    /// The attempt's invoice is open and the amount and currency are the
    /// invoice's: the invoice is paid.
    Settle,
    /// Money arrived that must not settle anything by itself: staff look.
    Review(ReviewReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewReason {
    /// Not the invoice's amount.
    WrongAmount,
    /// Not the invoice's currency.
    WrongCurrency,
    /// The invoice was credited: money for a cancelled invoice.
    InvoiceCredited,
    /// The invoice was already paid (another way, or by another attempt).
    AlreadyPaid,
    /// No recorded attempt has this PaymentIntent.
    UnknownAttempt,
}

impl ReviewReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::WrongAmount => "wrong_amount",
            ReviewReason::WrongCurrency => "wrong_currency",
            ReviewReason::InvoiceCredited => "invoice_credited",
            ReviewReason::AlreadyPaid => "already_paid",
            ReviewReason::UnknownAttempt => "unknown_attempt",
        }
    }
}

/// Judges a successful payment of `received_minor` in `received_currency`
/// (Stripe's lower-case code) for an invoice of `expected` in `invoice_status`.
pub fn judge_payment(
    expected: Money,
    invoice_status: InvoiceStatus,
    received_minor: i64,
    received_currency: &str,
) -> PaymentVerdict {
    if Currency::parse(&received_currency.to_ascii_uppercase()) != Some(expected.currency) {
        return PaymentVerdict::Review(ReviewReason::WrongCurrency);
    }
    if received_minor != expected.minor {
        return PaymentVerdict::Review(ReviewReason::WrongAmount);
    }
    match invoice_status {
        InvoiceStatus::Issued => PaymentVerdict::Settle,
        InvoiceStatus::Paid => PaymentVerdict::Review(ReviewReason::AlreadyPaid),
        InvoiceStatus::Credited | InvoiceStatus::Credit => PaymentVerdict::Review(ReviewReason::InvoiceCredited),
    }
}

/// An event from the other mode (a live event at a test key, or a test event
/// at a live key) is not ours to act on: it is ignored.
pub fn same_mode(secret_key_is_live: bool, event_livemode: Option<bool>) -> bool {
    event_livemode == Some(secret_key_is_live)
}

/// What the card holder's "confirm the payment" page does with the
/// PaymentIntent its invoice waits on, by the intent's Stripe `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderStep {
    /// Stripe has the money: book it, nothing to confirm.
    Paid,
    /// The card holder must act (3-D Secure, another card, a confirmation):
    /// Stripe.js confirms the same intent on-session.
    Confirm,
    /// Processing, cancelled or unknown: nothing the holder can do here.
    Nothing,
}

pub fn holder_step(stripe_status: &str) -> HolderStep {
    match stripe_status {
        "succeeded" => HolderStep::Paid,
        "requires_action" | "requires_payment_method" | "requires_confirmation" => HolderStep::Confirm,
        _ => HolderStep::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_repeats_its_key_only_inside_the_window() {
        let t = DateTime::parse_from_rfc3339("2026-12-01T06:00:00Z").unwrap().with_timezone(&Utc);
        assert!(key_still_valid(t, t));
        assert!(key_still_valid(t, t + Duration::hours(22) + Duration::minutes(59)));
        assert!(!key_still_valid(t, t + Duration::hours(23)), "an hour of margin before Stripe's 24 h");
        assert!(!key_still_valid(t, t + Duration::days(2)));
    }

    #[test]
    fn only_the_invoice_amount_in_its_currency_settles_an_open_invoice() {
        use InvoiceStatus::{Credit, Credited, Issued, Paid};
        let sek = Money::new(125_000, Currency::SEK);
        assert_eq!(judge_payment(sek, Issued, 125_000, "sek"), PaymentVerdict::Settle);
        assert_eq!(judge_payment(sek, Issued, 125_000, "SEK"), PaymentVerdict::Settle);
        assert_eq!(judge_payment(sek, Issued, 124_999, "sek"), PaymentVerdict::Review(ReviewReason::WrongAmount));
        assert_eq!(judge_payment(sek, Issued, 125_000, "eur"), PaymentVerdict::Review(ReviewReason::WrongCurrency));
        assert_eq!(judge_payment(sek, Issued, 125_000, ""), PaymentVerdict::Review(ReviewReason::WrongCurrency));
        for cancelled in [Credited, Credit] {
            assert_eq!(
                judge_payment(sek, cancelled, 125_000, "sek"),
                PaymentVerdict::Review(ReviewReason::InvoiceCredited),
                "{cancelled}"
            );
        }
        assert_eq!(judge_payment(sek, Paid, 125_000, "sek"), PaymentVerdict::Review(ReviewReason::AlreadyPaid));
        // A wrong amount is named before the invoice's state.
        assert_eq!(judge_payment(sek, Paid, 1, "sek"), PaymentVerdict::Review(ReviewReason::WrongAmount));
    }

    #[test]
    fn events_of_the_other_mode_are_not_ours() {
        assert!(same_mode(false, Some(false)));
        assert!(same_mode(true, Some(true)));
        assert!(!same_mode(false, Some(true)), "a live event at a test key");
        assert!(!same_mode(true, Some(false)), "a test event at a live key");
        assert!(!same_mode(true, None), "an event that does not say");
    }

    #[test]
    fn only_a_waiting_intent_is_confirmed_and_only_a_succeeded_one_is_booked() {
        assert_eq!(holder_step("succeeded"), HolderStep::Paid);
        for waiting in ["requires_action", "requires_payment_method", "requires_confirmation"] {
            assert_eq!(holder_step(waiting), HolderStep::Confirm, "{waiting}");
        }
        for other in ["processing", "canceled", "requires_capture", ""] {
            assert_eq!(holder_step(other), HolderStep::Nothing, "{other}");
        }
    }
}
