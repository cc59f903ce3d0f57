//! Files an admin uploaded and previewed, kept until applied: the preview
//! and the change are made from the same bytes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("staged_uploads")
                .col(big_pk_auto("id"))
                .col(text("kind"))
                .col(text("content"))
                .col(big_integer("staff_id"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("staged_uploads").to_owned()).await
    }
}
