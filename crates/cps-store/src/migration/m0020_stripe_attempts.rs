//! Stripe attempts tied to their PaymentIntent, and the payments staff must
//! look at: `payment_attempts.intent_id` (the PaymentIntent an attempt made,
//! so a webhook or an on-session confirmation finds its attempt), and
//! `stripe_reviews` (a success with the wrong amount or currency, for a
//! credited or already paid invoice, or for no recorded attempt).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("payment_attempts").add_column(text_null("intent_id")).to_owned()).await?;
        m.create_table(
            Table::create()
                .table("stripe_reviews")
                .col(big_pk_auto("id"))
                .col(text_uniq("event_id"))
                .col(text("intent_id"))
                .col(big_integer_null("invoice_id"))
                .col(big_integer("amount_minor"))
                .col(text("currency"))
                .col(text("reason"))
                .col(big_integer("created_at"))
                .col(big_integer_null("resolved_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("stripe_reviews").to_owned()).await?;
        m.alter_table(Table::alter().table("payment_attempts").drop_column("intent_id").to_owned()).await
    }
}
