//! Login failures counted per account and per source (a known device or
//! the client's address), so a stranger's failures hold back only the
//! stranger. A row is written before the password is checked (and removed
//! when it was right), so concurrent guesses count as well.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Rows from before have no source: they still count towards the
        // shared ceiling of the hour, and then age out.
        m.alter_table(Table::alter().table("login_failures").add_column(text("source_key").default("")).to_owned())
            .await?;
        m.alter_table(
            Table::alter().table("login_failures").add_column(boolean("known_device").default(false)).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_failures_key_source_at")
                .table("login_failures")
                .col("email_key")
                .col("source_key")
                .col("at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("login_failures_key_source_at").table("login_failures").to_owned()).await?;
        m.alter_table(Table::alter().table("login_failures").drop_column("known_device").to_owned()).await?;
        m.alter_table(Table::alter().table("login_failures").drop_column("source_key").to_owned()).await
    }
}
