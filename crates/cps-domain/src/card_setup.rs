//! Saving a card with Stripe: a SetupIntent is made when the member chooses
//! to give a card (never when a page is only looked at), and one made
//! earlier for the same business is offered again while it still waits for
//! a card, so going back and forth makes no pile of them.

/// Whether a SetupIntent in this Stripe status can be confirmed with a card
/// again (Stripe: `requires_payment_method`, `requires_confirmation`,
/// `requires_action`); `succeeded`, `processing` and `canceled` cannot.
pub fn reusable(status: &str) -> bool {
    matches!(status, "requires_payment_method" | "requires_confirmation" | "requires_action")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_setup_intent_still_waiting_for_a_card_is_reused() {
        for s in ["requires_payment_method", "requires_confirmation", "requires_action"] {
            assert!(super::reusable(s), "{s}");
        }
        for s in ["succeeded", "processing", "canceled", ""] {
            assert!(!super::reusable(s), "{s}");
        }
    }
}
