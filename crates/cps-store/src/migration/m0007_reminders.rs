//! Which payment reminders an invoice has had (each once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("invoice_reminders")
                .col(big_integer("invoice_id"))
                .col(text("kind"))
                .col(big_integer("sent_at"))
                .primary_key(Index::create().col("invoice_id").col("kind"))
                .foreign_key(ForeignKey::create().from("invoice_reminders", "invoice_id").to("invoices", "id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("invoice_reminders").to_owned()).await
    }
}
