//! The PDF of an invoice or credit note, rendered once and kept. The worker
//! renders it right after issuing; a download or a mail finds it kept and
//! hands out the same bytes. An invoice from before PDFs were kept (or one
//! whose rendering failed at issue) is rendered on its first access, in the
//! member's language, and kept from then on.

use cps_domain::Clock;
use cps_store::Store;
use cps_store::billing::Invoice;
use std::sync::Arc;

/// Renders and keeps invoice PDFs.
#[derive(Clone, Debug)]
pub struct Documents {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Printed under the seller (`billing.f_tax_statement`).
    f_tax_statement: Arc<str>,
}

impl Documents {
    pub fn new(store: Store, clock: Arc<dyn Clock>, f_tax_statement: &str) -> Self {
        Self { store, clock, f_tax_statement: f_tax_statement.into() }
    }

    /// The invoice's PDF as kept; rendered (off the async threads) and kept
    /// first if it has none yet.
    pub async fn invoice_pdf(&self, invoice: &Invoice) -> anyhow::Result<Vec<u8>> {
        if let Some(pdf) = self.store.stored_invoice_pdf(invoice.id).await? {
            return Ok(pdf);
        }
        let lang = self.store.document_language(invoice.id).await?;
        let doc = invoice.document.clone();
        let statement = self.f_tax_statement.clone();
        let pdf = tokio::task::spawn_blocking(move || {
            cps_billing::invoice_pdf(&doc, lang, &cps_domain::ubl::to_ubl(&doc), &statement)
        })
        .await??;
        Ok(self.store.keep_invoice_pdf(invoice.id, lang, pdf, self.clock.now()).await?)
    }

    /// The PDF of the invoice with this id (the worker, after issuing).
    pub async fn invoice_pdf_by_id(&self, invoice_id: i64) -> anyhow::Result<Option<Vec<u8>>> {
        let Some(invoice) = self.store.invoice_by_id(invoice_id).await? else { return Ok(None) };
        Ok(Some(self.invoice_pdf(&invoice).await?))
    }
}
