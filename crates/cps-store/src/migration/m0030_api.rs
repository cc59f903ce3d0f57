//! The member API: personal access tokens (kept only as a SHA-256 of the
//! secret, revocable, with the time of last use) and the responses saved
//! under an `Idempotency-Key`, so a POST sent again answers the same and
//! registers nothing twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(big_integer("user_id"))
                .col(text("name"))
                .col(text_uniq("token_hash"))
                .col(text("scopes"))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .col(big_integer_null("revoked_at"))
                .col(big_integer_null("last_used_at"))
                .foreign_key(ForeignKey::create().from("api_tokens", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("api_tokens_business").table("api_tokens").col("business_id").to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("api_idempotency")
                .col(big_pk_auto("id"))
                .col(big_integer("token_id"))
                .col(text("idempotency_key"))
                .col(text("request_hash"))
                .col(integer("status"))
                .col(text("body"))
                .col(text_null("location"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("api_idempotency", "token_id").to("api_tokens", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("api_idempotency_key")
                .table("api_idempotency")
                .col("token_id")
                .col("idempotency_key")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("api_idempotency").to_owned()).await?;
        m.drop_table(Table::drop().table("api_tokens").to_owned()).await
    }
}
