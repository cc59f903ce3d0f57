//! Stripe: the SetupIntents made for each business (so a confirmed one is
//! only ever used by the business it was made for), and the webhook events
//! already handled (Stripe may deliver one more than once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("stripe_setup_intents")
                .col(text("id").primary_key())
                .col(big_integer("business_id"))
                .col(text("customer"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("webhook_events")
                .col(text("id").primary_key())
                .col(text("kind"))
                .col(big_integer("received_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("webhook_events").to_owned()).await?;
        m.drop_table(Table::drop().table("stripe_setup_intents").to_owned()).await
    }
}
