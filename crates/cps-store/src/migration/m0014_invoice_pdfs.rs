//! The PDF of each invoice and credit note, as it was rendered once: every
//! download and every mail hands out these bytes, so one document has one
//! PDF whoever opens it and in whichever language they read the portal.
//! Invoices issued before this table get theirs on first access.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("invoice_pdfs")
                .col(big_integer("invoice_id").primary_key())
                // The language it was rendered in (the business owner's).
                .col(text("lang"))
                .col(blob("pdf"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("invoice_pdfs", "invoice_id").to("invoices", "id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("invoice_pdfs").to_owned()).await
    }
}
