//! The catalogue, registered products, the points ledger, the old system's
//! accounts and products, and the invitation mark on businesses.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("catalogue_items")
                .col(text("model_code").primary_key())
                .col(text("name"))
                .col(text("category"))
                .col(text("release_date"))
                .col(big_integer("points"))
                .col(text("serial_pattern"))
                .col(text("decline"))
                .col(boolean("active"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("products")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(text("model_code"))
                .col(text_null("serial"))
                .col(text_null("purchase_date"))
                .col(text_null("purchase_country"))
                .col(text_null("retailer"))
                .col(big_integer_null("points_earned"))
                .col(big_integer_null("completed_at"))
                .col(text("source"))
                .col(big_integer_null("legacy_product_id"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer_null("removed_at"))
                .foreign_key(ForeignKey::create().from("products", "business_id").to("businesses", "id"))
                .foreign_key(ForeignKey::create().from("products", "model_code").to("catalogue_items", "model_code"))
                .to_owned(),
        )
        .await?;
        // One business per serial: the database keeps it so under concurrency.
        m.create_index(Index::create().name("products_serial").table("products").col("serial").unique().to_owned())
            .await?;
        m.create_index(Index::create().name("products_business").table("products").col("business_id").to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("points_ledger")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(big_integer_null("product_id"))
                .col(text("kind"))
                .col(big_integer("amount"))
                .col(text_null("reason"))
                .col(text("actor"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("points_ledger", "business_id").to("businesses", "id"))
                .foreign_key(ForeignKey::create().from("points_ledger", "product_id").to("products", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("points_ledger_business").table("points_ledger").col("business_id").to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("points_ledger_product").table("points_ledger").col("product_id").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("legacy_accounts")
                .col(big_pk_auto("id"))
                .col(text_uniq("email"))
                .col(text("name"))
                .col(text_null("country"))
                .col(text("legacy_number"))
                .col(big_integer_null("migrated_business_id"))
                .col(big_integer_null("migrated_at"))
                .col(big_integer("imported_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("legacy_products")
                .col(big_pk_auto("id"))
                .col(big_integer("legacy_account_id"))
                .col(text_uniq("row_key"))
                .col(text("model"))
                .col(text_null("serial"))
                .col(text_null("purchase_date"))
                .col(text_null("purchase_country"))
                .col(text_null("retailer"))
                .col(text_null("outcome"))
                .col(big_integer_null("product_id"))
                .foreign_key(
                    ForeignKey::create().from("legacy_products", "legacy_account_id").to("legacy_accounts", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("legacy_products_account")
                .table("legacy_products")
                .col("legacy_account_id")
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("businesses").add_column(big_integer_null("invited_at")).to_owned()).await?;
        // The address a confirmation link was sent to (old CPS email).
        m.alter_table(Table::alter().table("auth_tokens").add_column(text_null("detail")).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("auth_tokens").drop_column("detail").to_owned()).await?;
        m.alter_table(Table::alter().table("businesses").drop_column("invited_at").to_owned()).await?;
        for t in ["legacy_products", "legacy_accounts", "points_ledger", "products", "catalogue_items"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
