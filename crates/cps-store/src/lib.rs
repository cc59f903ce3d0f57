//! Everything CPS keeps, and all of its SQL. Repositories take the business
//! or user id they act for, so no query can reach another business's data.
//! Every multi-step change runs in one transaction.

mod entity;
mod migration;

pub mod accounts;
pub mod api;
pub mod backoffice;
pub mod billing;
pub mod bulk;
pub mod catalogue;
mod demo;
mod documents;
pub mod invitations;
pub mod jobs;
pub mod legacy;
pub mod member_cache;
pub mod memberships;
pub mod payments;
pub mod privacy;
pub mod products;
pub mod reference;
pub mod seed;
pub mod service;
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
    #[error(
        "the SQLite database {} is on a read-only file system or in a folder this user cannot write; SQLite \
         writes the file and its -wal and -shm files beside it: mount it read-write, or move it and set database.url",
        .0.display()
    )]
    ReadOnly(std::path::PathBuf),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("{0} is not configured")]
    NotConfigured(&'static str),
    /// Applied migrations this binary does not have: a newer `cps` migrated
    /// the database, and this one must not run on it.
    #[error(
        "the database was migrated by a newer cps: it has {} migration(s) this cps does not know ({}); \
         run the newer version (every node and worker on the same version), or restore a backup made for this one",
        .0.len(),
        .0.join(", ")
    )]
    NewerSchema(Vec<String>),
}

/// Why an operation that can be refused did not happen: the operation's own
/// refusal `R` (an enum of that operation's reasons, which the web layer
/// shows to the user), or a failure of the store.
#[derive(Debug)]
pub enum Failure<R> {
    Refused(R),
    Store(StoreError),
}

/// What an operation that can be refused returns.
pub type Outcome<T, R> = std::result::Result<T, Failure<R>>;

/// Refuses an operation: `return refuse(CreditRefused::NotCreditable)`.
pub fn refuse<T, R>(reason: R) -> Outcome<T, R> {
    Err(Failure::Refused(reason))
}

impl<R> Failure<R> {
    /// The refusal, with a store failure passed on (`?`) to the caller.
    pub fn refusal(self) -> Result<R> {
        match self {
            Failure::Refused(r) => Ok(r),
            Failure::Store(e) => Err(e),
        }
    }
}

impl<R> From<StoreError> for Failure<R> {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl<R> From<DbErr> for Failure<R> {
    fn from(e: DbErr) -> Self {
        Failure::Store(StoreError::Db(e))
    }
}

impl StoreError {
    /// Whether the database cannot be reached or cannot take writes right
    /// now (connection refused or killed, pool exhausted, server shutting
    /// down, disk full, read-only file): a temporary state the portal
    /// answers with 503, as opposed to a bug.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(e) => db_unavailable(e),
            _ => false,
        }
    }
}

/// See [`StoreError::is_unavailable`].
pub fn db_unavailable(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => sqlx_unavailable(e),
        _ => false,
    }
}

fn sqlx_unavailable(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match e {
        E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Protocol(_) => true,
        E::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>().is_some() {
                // SQLite's result codes (the extended code's low byte): BUSY,
                // LOCKED, READONLY, IOERR, FULL, CANTOPEN.
                code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
            } else {
                // PostgreSQL's SQLSTATE: connection exceptions (08…), insufficient
                // resources (53…: disk full, too many connections), operator
                // intervention (57P01 admin shutdown, 57P02 crash, 57P03 cannot
                // connect now), a read-only transaction (25006, a standby).
                code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "25006"
            }
        }
        _ => false,
    }
}

/// Connects, trying again while SQLite answers BUSY. A new connection turns
/// a fresh file to WAL, which takes an exclusive lock; when several
/// processes start on one fresh file together, SQLite may answer BUSY at
/// once, without waiting out the busy timeout (it does so where waiting
/// could deadlock), and leaves the retry to the caller.
async fn connect_through_busy(opts: ConnectOptions) -> std::result::Result<DatabaseConnection, DbErr> {
    let give_up = std::time::Instant::now() + Duration::from_secs(10);
    let mut pause = Duration::from_millis(20);
    loop {
        match Database::connect(opts.clone()).await {
            Err(e) if sqlite_busy(&e) && std::time::Instant::now() < give_up => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            connected => return connected,
        }
    }
}

/// SQLite's BUSY, in any of its extended codes (the low byte is 5).
fn sqlite_busy(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    let (DbErr::Conn(RuntimeErr::SqlxError(e))
    | DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))) = e
    else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(d) = &**e else { return false };
    d.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>().is_some()
        && d.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|n| n & 0xff == 5)
}

/// Why the portal should not take traffic now (`/readyz`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotReady {
    #[error("the database does not answer")]
    Unreachable,
    #[error("the database's file system is read-only")]
    ReadOnly,
    #[error("the database's disk is full ({free_bytes} bytes free)")]
    DiskFull { free_bytes: u64 },
}

/// Below this much free space next to the SQLite file the portal reports
/// itself not ready: a write could fail half-way through a member's action.
pub const MIN_FREE_BYTES: u64 = 1024 * 1024;

/// The PostgreSQL advisory lock key of migrations ("CPS_MIGR" in ASCII): one
/// fixed key, so every `cps` on the database waits for the same lock.
pub const MIGRATION_LOCK_KEY: i64 = 0x4350_535f_4d49_4752;

/// Held while one process applies the migrations and the first data; every
/// other `cps` on the same database waits for it, then finds the schema
/// current. PostgreSQL: a session advisory lock on a connection of its own,
/// held for the whole migration. SQLite: an exclusive lock on the file
/// `<database>.migrate-lock` next to the database. Either is released by
/// [`MigrationLock::release`], and by the operating system when the process
/// dies (its connection or file closes), so a crash never leaves it held.
#[must_use = "the lock is released when dropped"]
pub struct MigrationLock {
    held: Held,
}

enum Held {
    Postgres(sea_orm::sqlx::PgConnection),
    File(std::fs::File),
    Nothing,
}

impl std::fmt::Debug for MigrationLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.held {
            Held::Postgres(_) => "postgres advisory lock",
            Held::File(_) => "lock file",
            Held::Nothing => "nothing (in-memory database)",
        };
        f.debug_struct("MigrationLock").field("held", &kind).finish()
    }
}

impl MigrationLock {
    /// Releases the lock now (dropping it releases it too).
    pub async fn release(self) -> Result<()> {
        match self.held {
            Held::Postgres(mut conn) => {
                use sea_orm::sqlx::Connection;
                sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut conn)
                    .await
                    .map_err(|e| StoreError::Db(DbErr::Custom(format!("releasing the migration lock: {e}"))))?;
                let _ = conn.close().await;
            }
            Held::File(file) => file.unlock()?,
            Held::Nothing => {}
        }
        Ok(())
    }
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
    /// The points rules of this installation (`[points]` in cps.toml).
    points: PointsRules,
    /// The catalogue and tiers in memory (see [`reference`]).
    cache: std::sync::Arc<reference::Cache>,
    /// Member pages' reads of their business (see [`member_cache`]).
    member_cache: std::sync::Arc<member_cache::MemberCache>,
    /// The seller's VAT and invoicing rules (`[billing]` in cps.toml).
    seller: Option<memberships::SellerRules>,
}

/// The configured points rules, held once by the store so every use case
/// that allocates points applies the same ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointsRules {
    /// Points at which a business is invited to join (the guide's 500).
    pub invitation_threshold: i64,
    /// Whether points decline with product age where the catalogue says so
    /// (`points.decline`): at completion and in the nightly job.
    pub decline: bool,
}

impl Default for PointsRules {
    fn default() -> Self {
        Self { invitation_threshold: cps_domain::points::INVITATION_POINTS, decline: false }
    }
}

impl Store {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.max_connections(max_connections).acquire_timeout(Duration::from_secs(10)).sqlx_logging(false);
        // A pooled connection is pinged only when it sat idle for a while
        // (when a server, proxy or firewall may have dropped it), not on
        // every checkout: on PostgreSQL that ping is a round trip of its own
        // in front of every statement.
        opts.test_before_acquire_if_idle_for(Duration::from_secs(30));
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let path = rest.split('?').next().unwrap_or_default();
            if !path.is_empty() && path != ":memory:" {
                let dir = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty());
                if let Some(dir) = dir {
                    std::fs::create_dir_all(dir)?;
                }
                // SQLite writes the file and its -wal and -shm files beside
                // it: in a read-only place the portal would start and then
                // fail on a member's first write.
                let dir = dir.unwrap_or(std::path::Path::new("."));
                let read_only = rustix::fs::statvfs(dir)
                    .is_ok_and(|s| s.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY))
                    || rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_err();
                if read_only {
                    return Err(StoreError::ReadOnly(path.into()));
                }
            }
            // Tuned as vaultwarden does: WAL, a busy timeout instead of
            // immediate "database is locked", foreign keys on.
            // A connection whose transaction ended in an error SQLite
            // answered by rolling back on its own (disk full, I/O error)
            // refuses sqlx's ROLLBACK, and sqlx then still counts a
            // transaction on it: the next BEGIN on it became a SAVEPOINT
            // and a member's "saved" was never committed (seen with the disk
            // full, crates/cps/tests/operations/faults.rs). Such a
            // connection is closed instead of handed out again.
            opts.map_sqlx_sqlite_before_acquire(|conn, _| {
                Box::pin(async move {
                    use sea_orm::sqlx::Connection as _;
                    Ok(!conn.is_in_transaction())
                })
            });
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
        let db = connect_through_busy(opts).await?;
        Ok(Store {
            db,
            points: PointsRules::default(),
            cache: Default::default(),
            member_cache: Default::default(),
            seller: None,
        })
    }

    /// The same database with these points rules.
    #[must_use]
    pub fn with_points(mut self, rules: PointsRules) -> Store {
        self.points = rules;
        self
    }

    /// The same database with the seller's VAT and invoicing rules, held
    /// here once so no handler passes them.
    #[must_use]
    pub fn with_seller(mut self, rules: memberships::SellerRules) -> Store {
        self.seller = Some(rules);
        self
    }

    /// The seller's rules; a checkout without them cannot price VAT.
    pub fn seller_rules(&self) -> Result<memberships::SellerRules> {
        self.seller.ok_or(StoreError::NotConfigured("the seller ([billing] in cps.toml)"))
    }

    /// The points rules this store applies.
    pub fn points_rules(&self) -> PointsRules {
        self.points
    }

    /// Applies the pending migrations under the migration lock: with N
    /// processes starting together, one migrates and the others wait, then
    /// find the schema current. Refuses ([`StoreError::NewerSchema`]) a
    /// database that a newer `cps` migrated.
    pub async fn migrate(&self) -> Result<()> {
        let lock = self.migration_lock().await?;
        let applied = self.migrate_holding(&lock).await;
        lock.release().await?;
        applied
    }

    /// Waits for and takes the migration lock (see [`MigrationLock`]).
    pub async fn migration_lock(&self) -> Result<MigrationLock> {
        let held = match self.db.get_database_backend() {
            DbBackend::Postgres => {
                // A connection taken out of the pool for good: the lock
                // belongs to its session, and it must never go back to the
                // pool still holding it.
                let mut conn = self.db.get_postgres_connection_pool().acquire().await.map_err(sqlx_err)?.detach();
                sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut conn)
                    .await
                    .map_err(sqlx_err)?;
                Held::Postgres(conn)
            }
            _ => match self.sqlite_file() {
                Some(db_file) => {
                    let mut path = db_file.into_os_string();
                    path.push(".migrate-lock");
                    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
                    // Blocks this thread while another process migrates;
                    // it runs on the blocking pool so the runtime goes on.
                    let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
                        .await
                        .map_err(|e| StoreError::Io(std::io::Error::other(e)))??;
                    Held::File(file)
                }
                None => Held::Nothing,
            },
        };
        Ok(MigrationLock { held })
    }

    /// Applies the pending migrations; the caller holds the migration lock
    /// (and may load first data under it before releasing it).
    pub async fn migrate_holding(&self, _lock: &MigrationLock) -> Result<()> {
        let status = self.schema_status().await?;
        if !status.unknown.is_empty() {
            return Err(StoreError::NewerSchema(status.unknown));
        }
        if !status.pending.is_empty() {
            migration::Migrator::up(&self.db, None).await?;
        }
        Ok(())
    }

    /// The SQLite database file, when the database is one.
    fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        if self.db.get_database_backend() != DbBackend::Sqlite {
            return None;
        }
        let options = self.db.get_sqlite_connection_pool().connect_options();
        let path = options.get_filename();
        let name = path.to_string_lossy();
        (!name.is_empty() && name != ":memory:" && !name.starts_with("file:")).then(|| path.to_owned())
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
        let lock = self.migration_lock().await?;
        let applied = migration::Migrator::up(&self.db, Some(n)).await;
        lock.release().await?;
        applied?;
        Ok(())
    }

    /// Writes a consistent copy of the SQLite database to `target` while
    /// the portal goes on serving (`VACUUM INTO`: one read transaction, so
    /// the copy holds exactly the changes committed before it began). The
    /// copy is written next to `target` first and renamed when complete and
    /// checked, so `target` is never a half backup. Never overwrites.
    pub async fn backup_sqlite(&self, target: &std::path::Path) -> Result<BackupReport> {
        use sea_orm::Statement;
        if self.db.get_database_backend() != DbBackend::Sqlite {
            return Err(StoreError::UnsupportedUrl);
        }
        refuse_existing(target, "a backup never overwrites a file; choose a new name")?;
        if let Some(dir) = target.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let partial = with_suffix(target, ".partial");
        if partial.exists() {
            // Left by a backup that was interrupted.
            std::fs::remove_file(&partial)?;
        }
        let into = partial.to_str().ok_or_else(|| StoreError::Corrupt("the backup path is not UTF-8".to_owned()))?;
        self.db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [into.into()])).await?;
        let report = check_sqlite_copy(&partial).await?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, target)?;
        sync_parent(target)?;
        Ok(report)
    }

    /// Brings a backup made by [`Store::backup_sqlite`] back as the SQLite
    /// database of `target_url`, which must not exist yet: restore writes
    /// only a new file (stop every `cps` on the old one and move it aside
    /// first). The backup is checked (integrity, and no migration newer than
    /// this binary) before anything is written.
    pub async fn restore_sqlite(backup: &std::path::Path, target_url: &str) -> Result<BackupReport> {
        let target = sqlite_path(target_url).ok_or(StoreError::UnsupportedUrl)?;
        refuse_existing(&target, "restore writes only a new database; stop cps and move the old file aside first")?;
        for suffix in ["-wal", "-shm", "-journal"] {
            refuse_existing(&with_suffix(&target, suffix), "a database file of the old database is still there")?;
        }
        if !backup.is_file() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} does not exist", backup.display()),
            )));
        }
        let report = check_sqlite_copy(backup).await?;
        let ours = Store::migration_names();
        let unknown: Vec<String> = report.migrations.iter().filter(|m| !ours.contains(m)).cloned().collect();
        if !unknown.is_empty() {
            return Err(StoreError::NewerSchema(unknown));
        }
        if let Some(dir) = target.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let partial = with_suffix(&target, ".partial");
        if partial.exists() {
            std::fs::remove_file(&partial)?;
        }
        std::fs::copy(backup, &partial)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &target)?;
        sync_parent(&target)?;
        Ok(report)
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Whether the portal can serve and save now: the database answers
    /// within `limit` and, for SQLite, its file system is writable with room
    /// to write. Cheap enough for a load balancer's probe every second.
    pub async fn readiness(&self, limit: Duration) -> std::result::Result<(), NotReady> {
        match tokio::time::timeout(limit, self.db.ping()).await {
            Ok(Ok(())) => {}
            _ => return Err(NotReady::Unreachable),
        }
        let Some(file) = self.sqlite_file() else { return Ok(()) };
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        let stat = rustix::fs::statvfs(dir).map_err(|_| NotReady::Unreachable)?;
        if stat.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY) {
            return Err(NotReady::ReadOnly);
        }
        let free_bytes = stat.f_bavail.saturating_mul(stat.f_frsize);
        if free_bytes < MIN_FREE_BYTES {
            return Err(NotReady::DiskFull { free_bytes });
        }
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

/// A stored word (status, kind, method) read as its type; any other text
/// is `StoreError::Corrupt`.
pub(crate) fn parsed<T>(what: &str, stored: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(stored).ok_or_else(|| StoreError::Corrupt(format!("{what} {stored:?}")))
}

/// The first column of a query's first row (a counter, an id, a stored
/// document), for the statements SeaORM's query builder cannot say
/// portably. Rows of several columns are `FromQueryResult` structs.
pub(crate) async fn scalar<T: sea_orm::TryGetable, C: ConnectionTrait>(
    conn: &C,
    stmt: sea_orm::Statement,
) -> Result<Option<T>> {
    Ok(match conn.query_one_raw(stmt).await? {
        Some(row) => Some(row.try_get_by_index(0)?),
        None => None,
    })
}

/// Milliseconds since the Unix epoch: how every instant is stored.
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or_default()
}

/// What a backup holds.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub bytes: u64,
    /// The migrations its schema has.
    pub migrations: Vec<String>,
}

/// The file of a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn with_suffix(path: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

fn refuse_existing(path: &std::path::Path, why: &str) -> Result<()> {
    if path.exists() {
        return Err(StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already: {why}", path.display()),
        )));
    }
    Ok(())
}

fn sync_parent(path: &std::path::Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Opens a copy read-only and checks it: SQLite's integrity check passes
/// and it has a schema of CPS.
async fn check_sqlite_copy(path: &std::path::Path) -> Result<BackupReport> {
    use sea_orm::sqlx::{ConnectOptions as _, Connection as _, sqlite::SqliteConnectOptions};
    let corrupt =
        |e: sea_orm::sqlx::Error| StoreError::Corrupt(format!("{} is not a readable database: {e}", path.display()));
    let mut conn = SqliteConnectOptions::new().filename(path).read_only(true).connect().await.map_err(corrupt)?;
    let integrity: Vec<String> =
        sea_orm::sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await.map_err(corrupt)?;
    if integrity != ["ok"] {
        return Err(StoreError::Corrupt(format!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            integrity.join("; ")
        )));
    }
    let migrations: Vec<String> = sea_orm::sqlx::query_scalar("SELECT version FROM seaql_migrations ORDER BY version")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| StoreError::Corrupt(format!("{} is not a CPS database: {e}", path.display())))?;
    conn.close().await.map_err(corrupt)?;
    Ok(BackupReport { bytes: std::fs::metadata(path)?.len(), migrations })
}

fn sqlx_err(e: sea_orm::sqlx::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("taking the migration lock: {e}")))
}

pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
