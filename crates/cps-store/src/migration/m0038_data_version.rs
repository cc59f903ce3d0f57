//! A version of each business's own data (issue 13): triggers raise
//! `businesses.data_version` in the transaction of every change to the
//! business row and to its users, invitations, products, points,
//! memberships, invoices, support tickets and migrated legacy data, whoever makes it (a member, staff, a job, the API, an
//! import). The request context reads the number with the session, so a
//! node can serve a page's data from memory while the number is unchanged
//! and sees a change made on any node on the next request (see
//! `crate::member_cache`).
//!
//! SQLite raises it row by row (but for the nightly decline's entries,
//! whose writer raises each business once a batch); PostgreSQL once a
//! statement per business (transition tables), so batch writes touch each
//! business row once per statement, not once per row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose changes a member page shows, each with the business a
/// row belongs to: by its `business_id`, or for the legacy system's data
/// the business it was migrated into.
const VERSIONED: [(&str, Owner); 9] = [
    ("users", Owner::Column("business_id")),
    ("invitations", Owner::Column("business_id")),
    ("products", Owner::Column("business_id")),
    ("points_ledger", Owner::Column("business_id")),
    ("memberships", Owner::Column("business_id")),
    ("invoices", Owner::Column("business_id")),
    ("tickets", Owner::Column("business_id")),
    ("legacy_accounts", Owner::Column("migrated_business_id")),
    ("legacy_products", Owner::MigratedAccount),
];

#[derive(Clone, Copy)]
enum Owner {
    Column(&'static str),
    /// `legacy_account_id`'s account's `migrated_business_id`.
    MigratedAccount,
}

impl Owner {
    /// A SELECT of the owning businesses of the rows of `rows` (PostgreSQL's
    /// transition table).
    fn of_rows(self, rows: &str) -> String {
        match self {
            Owner::Column(c) => format!("SELECT {c} FROM {rows}"),
            Owner::MigratedAccount => format!(
                "SELECT a.migrated_business_id FROM {rows} r JOIN legacy_accounts a ON a.id = r.legacy_account_id"
            ),
        }
    }

    /// The owning business of the row `row` (SQLite's `NEW` or `OLD`).
    fn of_row(self, row: &str) -> String {
        match self {
            Owner::Column(c) => format!("{row}.{c}"),
            Owner::MigratedAccount => {
                format!("(SELECT migrated_business_id FROM legacy_accounts WHERE id = {row}.legacy_account_id)")
            }
        }
    }
}

/// PostgreSQL: the function of a table's statement triggers.
fn pg_function(table: &str, owner: Owner) -> String {
    format!(
        "CREATE FUNCTION cps_data_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    UPDATE businesses SET data_version = data_version + 1 WHERE id IN ({});
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE businesses SET data_version = data_version + 1 WHERE id IN ({});
  END IF;
  RETURN NULL;
END $$",
        owner.of_rows("new_rows"),
        owner.of_rows("old_rows")
    )
}

const PG_BUMP_SELF: &str = "CREATE FUNCTION cps_bump_own_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.data_version := OLD.data_version + 1;
  RETURN NEW;
END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("ALTER TABLE businesses ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0").await?;
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(PG_BUMP_SELF).await?;
            for (t, owner) in VERSIONED {
                db.execute_unprepared(&pg_function(t, owner)).await?;
                for (event, tables) in [
                    ("INSERT", "NEW TABLE AS new_rows"),
                    ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                    ("DELETE", "OLD TABLE AS old_rows"),
                ] {
                    let e = event.to_lowercase();
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_data_version_{e} AFTER {event} ON {t} REFERENCING {tables} \
                         FOR EACH STATEMENT EXECUTE FUNCTION cps_data_version_{t}()"
                    ))
                    .await?;
                }
            }
            // A change that raises the number itself is not counted twice.
            db.execute_unprepared(
                "CREATE TRIGGER businesses_data_version BEFORE UPDATE ON businesses FOR EACH ROW \
                 WHEN (NEW.data_version = OLD.data_version) EXECUTE FUNCTION cps_bump_own_data_version()",
            )
            .await?;
        } else {
            for (t, owner) in VERSIONED {
                let bump = |row: &str| {
                    format!("UPDATE businesses SET data_version = data_version + 1 WHERE id = {};", owner.of_row(row))
                };
                // The nightly decline writes up to 500 entries a statement
                // and raises each of their businesses once itself
                // (`Store::write_declines`); row by row it took a third
                // longer.
                let when = if t == "points_ledger" { " WHEN NEW.kind <> 'decline'" } else { "" };
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_data_version_insert AFTER INSERT ON {t}{when} BEGIN {} END",
                    bump("NEW")
                ))
                .await?;
                // A row moved to another business changes both.
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_data_version_update AFTER UPDATE ON {t} BEGIN {} \
                     UPDATE businesses SET data_version = data_version + 1 \
                      WHERE id = {old} AND {old} IS NOT {new}; END",
                    bump("NEW"),
                    old = owner.of_row("OLD"),
                    new = owner.of_row("NEW"),
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {t}_data_version_delete AFTER DELETE ON {t} BEGIN {} END",
                    bump("OLD")
                ))
                .await?;
            }
            // Recursive triggers are off, and the WHEN keeps the trigger's
            // own update from counting again anyway.
            db.execute_unprepared(
                "CREATE TRIGGER businesses_data_version AFTER UPDATE ON businesses \
                 WHEN NEW.data_version = OLD.data_version BEGIN \
                 UPDATE businesses SET data_version = OLD.data_version + 1 WHERE id = NEW.id; END",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        for (t, _) in VERSIONED {
            for e in ["insert", "update", "delete"] {
                let on = if postgres { format!(" ON {t}") } else { String::new() };
                db.execute_unprepared(&format!("DROP TRIGGER {t}_data_version_{e}{on}")).await?;
            }
            if postgres {
                db.execute_unprepared(&format!("DROP FUNCTION cps_data_version_{t}()")).await?;
            }
        }
        if postgres {
            db.execute_unprepared("DROP TRIGGER businesses_data_version ON businesses").await?;
            db.execute_unprepared("DROP FUNCTION cps_bump_own_data_version()").await?;
        } else {
            db.execute_unprepared("DROP TRIGGER businesses_data_version").await?;
        }
        db.execute_unprepared("ALTER TABLE businesses DROP COLUMN data_version").await?;
        Ok(())
    }
}
