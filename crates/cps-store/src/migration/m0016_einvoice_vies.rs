//! The buyer's reference on invoices ("Er referens / Your reference", EN
//! 16931 BT-10), kept with the business (account settings) and given per
//! order at checkout; and the last VIES answer about each business's VAT
//! number, which reverse charge now rests on (docs/EINVOICE.md).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("businesses").add_column(text_null("buyer_reference")).to_owned()).await?;
        m.alter_table(Table::alter().table("orders").add_column(text_null("buyer_reference")).to_owned()).await?;
        m.create_table(
            Table::create()
                .table("vies_checks")
                .col(big_integer("business_id").primary_key())
                .col(text("vat_number"))
                .col(boolean("valid"))
                // The answer as kept on invoices (cps_domain::vies::ViesRecord, JSON).
                .col(text("record"))
                .col(big_integer("checked_at"))
                .foreign_key(ForeignKey::create().from("vies_checks", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("vies_checks").to_owned()).await?;
        m.alter_table(Table::alter().table("orders").drop_column("buyer_reference").to_owned()).await?;
        m.alter_table(Table::alter().table("businesses").drop_column("buyer_reference").to_owned()).await
    }
}
