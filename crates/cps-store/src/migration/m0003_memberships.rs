//! Tiers, orders, memberships and the counter that membership numbers come from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tiers")
                .col(text("code").primary_key())
                .col(text("kind"))
                .col(text("definition"))
                .col(integer("sort"))
                .col(boolean("active"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create().table("counters").col(text("name").primary_key()).col(big_integer("value")).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("orders")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(big_integer("user_id"))
                .col(text("idempotency_key"))
                .col(text("tier_code"))
                .col(integer("term_years"))
                .col(text("currency"))
                .col(big_integer("list_price_minor"))
                .col(big_integer("credit_minor"))
                .col(big_integer("net_minor"))
                .col(text("vat_treatment"))
                .col(big_integer("vat_rate_bp"))
                .col(big_integer("vat_minor"))
                .col(big_integer("total_minor"))
                .col(text("payment_method"))
                .col(text("status"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("orders", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        // A resubmitted checkout finds its order instead of making a second.
        m.create_index(
            Index::create()
                .name("orders_key")
                .table("orders")
                .col("business_id")
                .col("idempotency_key")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("memberships")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(big_integer("order_id"))
                .col(text("tier_code"))
                .col(text("tier_name"))
                .col(text("kind"))
                .col(text_uniq("number"))
                .col(text_null("previous_number"))
                .col(integer("term_years"))
                .col(text("starts_on"))
                .col(text("ends_on"))
                .col(text("status"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("memberships", "business_id").to("businesses", "id"))
                .foreign_key(ForeignKey::create().from("memberships", "order_id").to("orders", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("memberships_business").table("memberships").col("business_id").to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO counters (name, value) VALUES ('membership_number', {})",
                cps_domain::membership::FIRST_SEQUENCE - 1
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["memberships", "orders", "counters", "tiers"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
