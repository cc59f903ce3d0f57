//! Product lists a member uploaded and is looking at in the preview ("Ladda
//! upp en lista"): the rows as read from the file, kept server-side for the
//! business until confirmed or expired, so the confirmation registers what
//! was previewed without trusting anything the browser sends back.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("product_uploads")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(big_integer("user_id"))
                .col(text("file_name"))
                .col(text("rows"))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .foreign_key(ForeignKey::create().from("product_uploads", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("product_uploads_business").table("product_uploads").col("business_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("product_uploads").to_owned()).await
    }
}
