//! The version of the reference data (catalogue and tiers): raised in the
//! transaction of every import, so each node sees that its copy in memory
//! is stale with one cheap read (see `crate::reference`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("reference_version")
                .col(integer("id").primary_key())
                .col(big_integer("version"))
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("INSERT INTO reference_version (id, version) VALUES (1, 1)").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("reference_version").to_owned()).await
    }
}
