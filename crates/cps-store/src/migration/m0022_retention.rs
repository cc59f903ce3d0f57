//! Retention: when a closed account's remaining details were anonymised
//! (the nightly retention job; see `cps_domain::retention`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("businesses").add_column(big_integer_null("anonymised_at")).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("businesses").drop_column("anonymised_at").to_owned()).await
    }
}
