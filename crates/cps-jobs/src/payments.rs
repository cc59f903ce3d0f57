//! Payment providers. Cards are charged off-session on the due date through a
//! [`PaymentGateway`], with one idempotency key per invoice and attempt. The
//! built-in sandbox is the default, so the portal runs with no payment
//! account; its test cards succeed, are declined, or ask for authentication.

use cps_domain::Clock;
use cps_store::Store;
use cps_store::payments::{ChargeAttempt, ChargeResult};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    /// Charges the saved card; the same key never charges twice.
    async fn charge(&self, attempt: &ChargeAttempt) -> anyhow::Result<ChargeResult>;

    /// A payment already made for the attempt's invoice, looked up before a
    /// new attempt whose predecessor's key may be forgotten. The sandbox
    /// never forgets a key, so it has nothing to look up.
    async fn find_paid(&self, _attempt: &ChargeAttempt) -> anyhow::Result<Option<ChargeResult>> {
        Ok(None)
    }
}

/// The built-in sandbox: keeps its charges in the portal's own database.
#[derive(Debug, Clone)]
pub struct SandboxGateway {
    store: Store,
    clock: Arc<dyn Clock>,
}

/// The sandbox's test cards: (reference, label).
pub const SANDBOX_CARDS: [(&str, &str); 3] = [
    ("sandbox_card_ok", "4242 4242 4242 4242"),
    ("sandbox_card_decline", "4000 0000 0000 0002"),
    ("sandbox_card_auth", "4000 0025 0000 3155"),
];

impl SandboxGateway {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

#[async_trait::async_trait]
impl PaymentGateway for SandboxGateway {
    async fn charge(&self, a: &ChargeAttempt) -> anyhow::Result<ChargeResult> {
        let (result, _new) =
            self.store.sandbox_charge(&a.idempotency_key, &a.method_ref, a.amount, self.clock.now()).await?;
        Ok(result)
    }
}
