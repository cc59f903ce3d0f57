//! Invoices (immutable once issued), their gap-free counters per series and
//! year, and the order's link to its invoice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("invoice_counters")
                .col(text("series"))
                .col(integer("year"))
                .col(big_integer("value"))
                .primary_key(Index::create().col("series").col("year"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("invoices")
                .col(big_pk_auto("id"))
                .col(text_uniq("number"))
                .col(text("series"))
                .col(integer("year"))
                .col(big_integer("seq"))
                .col(big_integer("business_id"))
                .col(big_integer_null("order_id"))
                .col(text("kind"))
                .col(big_integer_null("credits_invoice_id"))
                .col(text("issued_on"))
                .col(text("due_on"))
                .col(text("currency"))
                .col(big_integer("net_minor"))
                .col(text("vat_treatment"))
                .col(big_integer("vat_rate_bp"))
                .col(big_integer("vat_minor"))
                .col(big_integer("total_minor"))
                .col(text("payment_method"))
                .col(text_null("payment_reference"))
                .col(text("document"))
                .col(text("status"))
                .col(big_integer_null("paid_at"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("invoices", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        // One invoice per order, whatever runs twice.
        m.create_index(Index::create().name("invoices_order").table("invoices").col("order_id").unique().to_owned())
            .await?;
        m.create_index(Index::create().name("invoices_business").table("invoices").col("business_id").to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["invoices", "invoice_counters"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
