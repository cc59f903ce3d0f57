//! Repair invoices (issue 15): an invoice may be for a service request (the
//! repair the member approved, or the diagnosis fee of a declined one) —
//! at most one per request, whatever runs twice — and, having no order,
//! names the saved card it is charged to itself.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("invoices").add_column(big_integer_null("service_request_id")).to_owned())
            .await?;
        m.alter_table(Table::alter().table("invoices").add_column(big_integer_null("payment_method_id")).to_owned())
            .await?;
        // One invoice per request; credit notes (and membership invoices) have none.
        m.create_index(
            Index::create()
                .name("invoices_service_request")
                .table("invoices")
                .col("service_request_id")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("invoices_service_request").table("invoices").to_owned()).await?;
        m.alter_table(Table::alter().table("invoices").drop_column("payment_method_id").to_owned()).await?;
        m.alter_table(Table::alter().table("invoices").drop_column("service_request_id").to_owned()).await
    }
}
