//! The stored PDF of each invoice and credit note. A document is rendered
//! once — when it is issued, or on its first access for invoices from
//! before PDFs were kept — and from then on every download and every mail
//! gets exactly these bytes. The first stored rendering wins: two workers
//! rendering the same invoice at once end up handing out the same file.

use crate::{Result, Store, ms, scalar};
use chrono::{DateTime, Utc};
use cps_domain::Lang;
use sea_orm::{ConnectionTrait, Statement};

impl Store {
    /// The stored PDF of an invoice, if it has been rendered.
    pub async fn stored_invoice_pdf(&self, invoice_id: i64) -> Result<Option<Vec<u8>>> {
        let stmt = Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT pdf FROM invoice_pdfs WHERE invoice_id = $1",
            [invoice_id.into()],
        );
        scalar(self.conn(), stmt).await
    }

    /// The language an invoice is printed in: the member's — that of its
    /// business's first owner (Swedish if none).
    pub async fn document_language(&self, invoice_id: i64) -> Result<Lang> {
        let stmt = Statement::from_sql_and_values(
            self.conn().get_database_backend(),
            "SELECT u.language FROM users u JOIN invoices i ON i.business_id = u.business_id \
             WHERE i.id = $1 AND u.role = 'owner' ORDER BY u.id LIMIT 1",
            [invoice_id.into()],
        );
        let language: Option<String> = scalar(self.conn(), stmt).await?;
        Ok(language.as_deref().and_then(Lang::parse).unwrap_or(Lang::Sv))
    }

    /// Keeps `pdf` as the invoice's PDF unless one is kept already, and
    /// returns the one kept: what every later download and mail gets.
    pub async fn keep_invoice_pdf(
        &self,
        invoice_id: i64,
        lang: Lang,
        pdf: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        self.conn()
            .execute_raw(Statement::from_sql_and_values(
                self.conn().get_database_backend(),
                "INSERT INTO invoice_pdfs (invoice_id, lang, pdf, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (invoice_id) DO NOTHING",
                [invoice_id.into(), lang.code().into(), pdf.into(), ms(now).into()],
            ))
            .await?;
        self.stored_invoice_pdf(invoice_id)
            .await?
            .ok_or_else(|| crate::StoreError::Corrupt(format!("the PDF of invoice {invoice_id} was not kept")))
    }
}
