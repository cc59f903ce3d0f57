//! Incoming bank payments, each booked once (unique bank reference).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("bank_payments")
                .col(big_pk_auto("id"))
                .col(text_uniq("bank_ref"))
                .col(big_integer("amount_minor"))
                .col(text("currency"))
                .col(text_null("booked_on"))
                .col(text_null("reference"))
                .col(text("text"))
                .col(big_integer_null("invoice_id"))
                .col(text("outcome"))
                .col(big_integer("imported_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("bank_payments").to_owned()).await
    }
}
