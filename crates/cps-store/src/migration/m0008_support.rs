//! CPS Priority Support: tickets and their messages.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tickets")
                .col(big_pk_auto("id"))
                .col(text_uniq("reference"))
                .col(big_integer_null("business_id"))
                .col(big_integer_null("user_id"))
                .col(text("contact_name"))
                .col(text("contact_email"))
                .col(text("language"))
                .col(text("topic"))
                .col(big_integer_null("product_id"))
                .col(integer("priority"))
                .col(text("status"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("tickets_business").table("tickets").col("business_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("ticket_messages")
                .col(big_pk_auto("id"))
                .col(big_integer("ticket_id"))
                .col(text("author"))
                .col(text("body"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("ticket_messages", "ticket_id").to("tickets", "id"))
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("INSERT INTO counters (name, value) VALUES ('ticket', 100000)").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("ticket_messages").to_owned()).await?;
        m.drop_table(Table::drop().table("tickets").to_owned()).await
    }
}
