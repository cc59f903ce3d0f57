//! Bank lines staff review keep what the bank wrote when it is not an amount
//! the portal can book: a foreign currency's amount, the account a wrongly
//! addressed file was for. The unique `bank_ref` stays the key; from this
//! version on it is made of the bank's references (account, `AcctSvcrRef`,
//! entry reference), never the payer's end-to-end id.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("bank_payments").add_column(text_null("detail")).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("bank_payments").drop_column("detail").to_owned()).await
    }
}
