//! Indexes for the back office's business search at the scale of a
//! national programme (issue 13, `bench/scale.sh`): the name's lower-case
//! form (searched by prefix), the VAT and organisation numbers in the
//! compact form the search compares, the users' addresses (by prefix) and
//! the previous membership number. On PostgreSQL the prefix indexes use the
//! "C" collation, so a range `>= prefix AND < prefix + U+10FFFF` is a byte
//! prefix whatever the database's collation; the search names the same
//! collation (see `Store::find_businesses`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The expressions the search compares; the index must repeat them exactly.
pub(crate) const VAT_COMPACT: &str = "UPPER(REPLACE(REPLACE(COALESCE(vat_number, ''), ' ', ''), '-', ''))";
pub(crate) const ORG_COMPACT: &str = "REPLACE(COALESCE(org_number, ''), '-', '')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let c = if db.get_database_backend() == DatabaseBackend::Postgres { " COLLATE \"C\"" } else { "" };
        db.execute_unprepared(&format!("CREATE INDEX businesses_name_lower ON businesses ((LOWER(name)){c})")).await?;
        db.execute_unprepared(&format!("CREATE INDEX businesses_vat_compact ON businesses (({VAT_COMPACT}))")).await?;
        db.execute_unprepared(&format!("CREATE INDEX businesses_org_compact ON businesses (({ORG_COMPACT}))")).await?;
        if db.get_database_backend() == DatabaseBackend::Postgres {
            // SQLite's unique index on email serves the prefix range already.
            db.execute_unprepared("CREATE INDEX users_email_prefix ON users (email COLLATE \"C\")").await?;
        }
        m.create_index(
            Index::create().name("memberships_previous_number").table("memberships").col("previous_number").to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for index in
            ["businesses_name_lower", "businesses_vat_compact", "businesses_org_compact", "memberships_previous_number"]
        {
            db.execute_unprepared(&format!("DROP INDEX {index}")).await?;
        }
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP INDEX users_email_prefix").await?;
        }
        Ok(())
    }
}
