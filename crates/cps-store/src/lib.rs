//! Everything CPS keeps, and all of its SQL. Repositories take the business
//! or user id they act for, so no query can reach another business's data.
//! Every multi-step change runs in one transaction.

mod entity;
mod migration;

pub mod accounts;
pub mod backoffice;
pub mod billing;
pub mod catalogue;
mod demo;
pub mod invitations;
pub mod jobs;
pub mod legacy;
pub mod memberships;
pub mod payments;
pub mod privacy;
pub mod products;
pub mod sessions;
pub mod staff;
pub mod support;
pub mod tokens;
pub mod vies;

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

pub use sea_orm::DbErr as Error;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("could not prepare the database file: {0}")]
    Io(#[from] std::io::Error),
    #[error("unsupported database URL (use sqlite://… or postgres://…)")]
    UnsupportedUrl,
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database's migrations against this binary's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaStatus {
    /// How many migrations this binary has.
    pub known: usize,
    /// This binary's migrations not applied yet.
    pub pending: Vec<String>,
    /// Applied migrations this binary does not have: a newer `cps` migrated
    /// the database.
    pub unknown: Vec<String>,
}

/// The database: SQLite (embedded default) or PostgreSQL, chosen by the URL.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
}

impl Store {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.max_connections(max_connections).acquire_timeout(Duration::from_secs(10)).sqlx_logging(false);
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let path = rest.split('?').next().unwrap_or_default();
            if !path.is_empty() && path != ":memory:" {
                if let Some(dir) = std::path::Path::new(path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir)?;
                }
            }
            // Tuned as vaultwarden does: WAL, a busy timeout instead of
            // immediate "database is locked", foreign keys on.
            opts.map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
        } else if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
            return Err(StoreError::UnsupportedUrl);
        }
        let db = Database::connect(opts).await?;
        Ok(Store { db })
    }

    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// How the database's schema compares with this binary's migrations,
    /// without changing anything (for `cps doctor`).
    pub async fn schema_status(&self) -> Result<SchemaStatus> {
        use sea_orm::EntityTrait;
        use sea_orm_migration::{SchemaManager, seaql_migrations};
        let applied: Vec<String> = if SchemaManager::new(&self.db).has_table("seaql_migrations").await? {
            seaql_migrations::Entity::find().all(&self.db).await?.into_iter().map(|m| m.version).collect()
        } else {
            Vec::new()
        };
        let ours = Store::migration_names();
        Ok(SchemaStatus {
            pending: ours.iter().filter(|m| !applied.contains(m)).cloned().collect(),
            unknown: applied.iter().filter(|m| !ours.contains(m)).cloned().collect(),
            known: ours.len(),
        })
    }

    /// The names of this binary's migrations, oldest first.
    pub fn migration_names() -> Vec<String> {
        migration::Migrator::migrations().iter().map(|m| m.name().to_owned()).collect()
    }

    /// Applies only the first `n` migrations (tests of a migration only:
    /// they build the data of an older version, then [`Store::migrate`]).
    #[doc(hidden)]
    pub async fn migrate_first(&self, n: u32) -> Result<()> {
        migration::Migrator::up(&self.db, Some(n)).await?;
        Ok(())
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    pub fn backend_name(&self) -> &'static str {
        match self.db.get_database_backend() {
            DbBackend::Postgres => "postgres",
            DbBackend::Sqlite => "sqlite",
            _ => "other",
        }
    }

    pub(crate) fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A write transaction. On SQLite it takes the write lock at BEGIN
    /// (IMMEDIATE), so concurrent writers queue on the busy timeout instead
    /// of failing when a read transaction tries to upgrade.
    pub(crate) async fn write(&self) -> Result<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }

    /// Runs raw SQL (tests and tools only: never with member input).
    #[doc(hidden)]
    pub async fn execute_unprepared(&self, sql: &str) -> Result<()> {
        self.db.execute_unprepared(sql).await?;
        Ok(())
    }
}

/// Milliseconds since the Unix epoch: how every instant is stored.
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or_default()
}

pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
