//! Saved cards (references at the payment provider, never card numbers),
//! charge attempts with their idempotency keys, and the sandbox gateway's
//! own record of charges.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("payment_methods")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(text("gateway"))
                .col(text("reference"))
                .col(text("label"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("payment_methods", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("orders").add_column(big_integer_null("payment_method_id")).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("payment_attempts")
                .col(big_pk_auto("id"))
                .col(big_integer("invoice_id"))
                .col(integer("attempt"))
                .col(text_uniq("idempotency_key"))
                .col(big_integer("payment_method_id"))
                .col(text("status"))
                .col(text_null("provider_ref"))
                .col(text_null("failure"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("payment_attempts", "invoice_id").to("invoices", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("payment_attempts_invoice")
                .table("payment_attempts")
                .col("invoice_id")
                .col("attempt")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sandbox_charges")
                .col(text("idempotency_key").primary_key())
                .col(text("outcome"))
                .col(big_integer("amount_minor"))
                .col(text("currency"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["sandbox_charges", "payment_attempts"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(Table::alter().table("orders").drop_column("payment_method_id").to_owned()).await?;
        m.drop_table(Table::drop().table("payment_methods").to_owned()).await
    }
}
