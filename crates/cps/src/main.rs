//! `cps`: the whole portal in one binary.

mod demo;
mod doctor;
mod settings;

use anyhow::Context;
use clap::{Parser, Subcommand};
use cps_domain::throttle::ThrottlePolicy;
use cps_domain::{Clock, SystemClock};
use cps_jobs::{Links, MailConfig, Mailer, Worker};
use cps_store::Store;
use cps_store::catalogue::ImportMode;
use cps_store::memberships::SellerRules;
use cps_store::sessions::SessionLimits;
use cps_store::staff::StaffEmailTaken;
use cps_web::{AppState, RateLimits, WebConfig};
use secrecy::SecretString;
use settings::{LogFormat, Mode, Settings, Transport};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// mimalloc instead of glibc's malloc: a member page allocates many small
/// strings and rows, and glibc spent about a fifth of the server's time in
/// malloc, free and malloc_consolidate under load (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cps", version, about = "CPS — the professional services membership portal")]
struct Cli {
    /// The configuration file (optional; defaults and CPS__… environment variables apply).
    #[arg(long, global = true, env = "CPS_CONFIG", default_value = "cps.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (and, unless server.run_worker = false, run the job worker in-process).
    Serve,
    /// Run the job worker alone (when scaling out: several web nodes, one or more workers).
    Worker {
        /// Run the jobs due now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Apply the database migrations (and load the shipped sample catalogue into an empty database).
    Migrate,
    /// Write a consistent copy of the SQLite database to FILE while the portal serves
    /// (VACUUM INTO; checked, never overwrites). PostgreSQL: use pg_dump or PITR
    /// (docs/OPERATIONS.md).
    Backup { file: PathBuf },
    /// Bring a backup made by `cps backup` back as the SQLite database of database.url, which
    /// must not exist yet: stop every cps, move the old database file aside, restore, start.
    Restore { file: PathBuf },
    /// Import a product catalogue CSV (see crates/cps-domain/data/CATALOGUE.md). The whole
    /// file is checked first; nothing is written unless every line is valid.
    ImportCatalog {
        file: PathBuf,
        /// Withdraw models that are not in the file (registered products keep them).
        #[arg(long)]
        replace: bool,
    },
    /// Import the old CPS system's export (see docs/LEGACY_IMPORT.md). Checked whole first;
    /// importing the same file again changes nothing.
    ImportLegacy { file: PathBuf },
    /// Book incoming payments from an ISO 20022 camt.053 or camt.054 file. Exact payments
    /// mark their invoice paid; everything else is listed for staff. Importing the same
    /// file again books nothing twice.
    ImportBankFile { file: PathBuf },
    /// Back-office staff users.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Fill an empty database with a demo: a studio with 50 products, points for the
    /// business tiers, a membership with its invoice and a support case; a business whose
    /// old products wait to be migrated; a staff admin. Prints the logins once. Refuses in
    /// production mode and on a database with data of its own; a second run adds nothing.
    Demo,
    /// Development only: make a member API token for an owner (for `scripts/api-fuzz.sh`
    /// and trying the API on a demo). Prints the token once. Members make their own under
    /// account settings.
    ApiToken {
        /// The owner's login email.
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cps api-token")]
        name: String,
        /// Comma-separated: products:read, products:write, invoices:read, membership:read.
        #[arg(long, default_value = "products:read,products:write,invoices:read,membership:read")]
        scopes: String,
        /// 30, 90, 180 or 365.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Check the configuration and what it names (database, SMTP, Stripe) before going
    /// live; one line per check with what to do. Sends no mail, charges nothing. Exits
    /// non-zero when something would not work.
    Doctor,
    /// Development tools for measuring at scale (`bench/scale.sh`). Refused in production mode.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Subcommand)]
enum DevCommand {
    /// Fill the database like a national programme's: businesses with owners, VAT and
    /// organisation numbers; products with serials and purchase dates over 2005–2026 and
    /// their points; memberships with invoices (a few unpaid). Adds to what is there (load
    /// `cps demo` first to have logins); every address is under seed.cps.example.
    Seed {
        #[arg(long, default_value_t = 100_000)]
        businesses: u64,
        #[arg(long, default_value_t = 2_000_000)]
        products: u64,
    },
    /// Run the nightly jobs now, as the worker does (age decline, payment reminders,
    /// dunning), and print how long each took.
    Nightly,
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff user. Prints a generated password and the TOTP secret
    /// (and its otpauth:// address for an authenticator app) once.
    Create {
        #[arg(long)]
        email: String,
        /// support, finance, service or admin.
        #[arg(long)]
        role: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load(&cli.config)?;
    init_tracing(&settings);
    match cli.command {
        Command::Serve => serve(settings).await,
        Command::Worker { once } => worker(settings, once).await,
        Command::Migrate => {
            let store = connect(&settings).await?;
            migrate(&store).await
        }
        Command::Backup { file } => backup(settings, &file).await,
        Command::Restore { file } => restore(settings, &file).await,
        Command::ImportCatalog { file, replace } => import_catalog(settings, &file, replace).await,
        Command::ImportLegacy { file } => import_legacy(settings, &file).await,
        Command::ImportBankFile { file } => import_bank_file(settings, &file).await,
        Command::Staff(StaffCommand::Create { email, role }) => create_staff(settings, &email, &role).await,
        Command::Demo => load_demo(settings).await,
        Command::Doctor => run_doctor(settings).await,
        Command::Dev(DevCommand::Seed { businesses, products }) => seed(settings, businesses, products).await,
        Command::Dev(DevCommand::Nightly) => nightly(settings).await,
        Command::ApiToken { email, name, scopes, days } => api_token(settings, &email, &name, &scopes, days).await,
    }
}

fn init_tracing(s: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&s.log.filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match s.log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

/// Migrations, and the sample catalogue and tiers when there are none yet,
/// all under the migration lock: N processes started together (a rolling
/// deploy, several replicas) take turns; the first migrates and loads, the
/// others find everything current and go on.
async fn migrate(store: &Store) -> anyhow::Result<()> {
    let lock = store.migration_lock().await.context("waiting for the migration lock")?;
    let done = migrate_and_load(store, &lock).await;
    lock.release().await.context("releasing the migration lock")?;
    done
}

async fn migrate_and_load(store: &Store, lock: &cps_store::MigrationLock) -> anyhow::Result<()> {
    match store.migrate_holding(lock).await {
        Err(cps_store::StoreError::NewerSchema(unknown)) => return Err(newer_schema(&unknown)),
        other => other.context("migrating")?,
    }
    if store.catalogue_is_empty().await? {
        let items = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped())
            .map_err(|e| anyhow::anyhow!("the shipped catalogue is invalid: {e:?}"))?;
        store.import_catalogue(&items, ImportMode::Extend, chrono::Utc::now()).await?;
        tracing::info!(models = items.len(), "sample catalogue loaded");
    }
    if store.tiers().await?.is_empty() {
        let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped())
            .map_err(|e| anyhow::anyhow!("the shipped tiers are invalid: {e}"))?;
        store.import_tiers(&tiers, chrono::Utc::now()).await?;
        tracing::info!(tiers = tiers.len(), "tiers loaded");
    }
    tracing::info!(backend = store.backend_name(), "migrations applied");
    Ok(())
}

/// The refusal of a binary older than the database's schema.
fn newer_schema(unknown: &[String]) -> anyhow::Error {
    anyhow::anyhow!(
        "refusing to run: this database was migrated by a newer cps. It has {} migration(s) that this cps \
         (version {}) does not know: {}. Run the newer version on every node and worker, or restore a \
         backup made for this version.",
        unknown.len(),
        env!("CARGO_PKG_VERSION"),
        unknown.join(", ")
    )
}

/// Before serving or working: migrate (server.migrate_on_start, the
/// default), or check that someone has (`cps migrate`). Either way a binary
/// older than the schema refuses.
async fn prepare_schema(s: &Settings, store: &Store) -> anyhow::Result<()> {
    if s.server.migrate_on_start {
        return migrate(store).await;
    }
    let status = store.schema_status().await.context("reading the schema's migrations")?;
    if !status.unknown.is_empty() {
        return Err(newer_schema(&status.unknown));
    }
    anyhow::ensure!(
        status.pending.is_empty(),
        "refusing to run: {} of {} migrations are not applied and server.migrate_on_start = false; \
         run `cps migrate` first (first pending: {})",
        status.pending.len(),
        status.known,
        status.pending.first().map_or("", String::as_str)
    );
    Ok(())
}

async fn backup(s: Settings, file: &Path) -> anyhow::Result<()> {
    let Some(db_file) = cps_store::sqlite_path(&s.database.url) else {
        anyhow::bail!(
            "database.url is not an SQLite file: back PostgreSQL up with pg_dump or continuous archiving \
             (docs/OPERATIONS.md); cps backup copies the embedded SQLite database"
        );
    };
    anyhow::ensure!(db_file.is_file(), "there is no database at {} (database.url)", db_file.display());
    let store = connect(&s).await?;
    let started = std::time::Instant::now();
    let report = store.backup_sqlite(file).await.with_context(|| format!("backing up to {}", file.display()))?;
    store.close().await?;
    println!(
        "backup written to {} in {:.1} s: {} bytes, {} migrations, integrity checked. The secret key and the \
         configuration are not in it: keep them apart (docs/OPERATIONS.md).",
        file.display(),
        started.elapsed().as_secs_f64(),
        report.bytes,
        report.migrations.len()
    );
    Ok(())
}

async fn restore(s: Settings, file: &Path) -> anyhow::Result<()> {
    let Some(db_file) = cps_store::sqlite_path(&s.database.url) else {
        anyhow::bail!(
            "database.url is not an SQLite file: restore PostgreSQL with pg_restore (docs/OPERATIONS.md); \
             cps restore brings back a backup of the embedded SQLite database"
        );
    };
    let report = match Store::restore_sqlite(file, &s.database.url).await {
        Err(cps_store::StoreError::NewerSchema(unknown)) => return Err(newer_schema(&unknown)),
        other => other.with_context(|| format!("restoring {} to {}", file.display(), db_file.display()))?,
    };
    println!(
        "{} restored to {} ({} bytes, {} migrations, integrity checked). Start cps serve: it applies any \
         newer migrations.",
        file.display(),
        db_file.display(),
        report.bytes,
        report.migrations.len()
    );
    Ok(())
}

fn read_file(file: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))
}

fn report_line_errors(errors: &[cps_domain::catalogue::LineError]) -> anyhow::Error {
    for e in errors.iter().take(200) {
        eprintln!("{e}");
    }
    if errors.len() > 200 {
        eprintln!("… and {} more", errors.len() - 200);
    }
    anyhow::anyhow!("{} error(s); nothing was imported", errors.len())
}

async fn import_catalog(s: Settings, file: &Path, replace: bool) -> anyhow::Result<()> {
    let items = cps_domain::catalogue::parse_catalogue(&read_file(file)?).map_err(|e| report_line_errors(&e))?;
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let mode = if replace { ImportMode::Replace } else { ImportMode::Extend };
    let r = store.import_catalogue(&items, mode, chrono::Utc::now()).await?;
    println!(
        "catalogue imported: {} added, {} changed, {} unchanged, {} withdrawn (products already registered keep the points they earned)",
        r.added, r.changed, r.unchanged, r.withdrawn
    );
    Ok(())
}

async fn import_legacy(s: Settings, file: &Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let accounts = cps_domain::legacy::parse_legacy(&read_file(file)?).map_err(|e| report_line_errors(&e))?;
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let r = store.import_legacy(&accounts, chrono::Utc::now()).await?;
    println!(
        "legacy export imported in {:.1} s: accounts {} added, {} already known; products {} added, {} skipped (already imported or repeated in the file)",
        started.elapsed().as_secs_f64(),
        r.accounts_added,
        r.accounts_known,
        r.products_added,
        r.products_skipped
    );
    Ok(())
}

async fn import_bank_file(s: Settings, file: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let lines = cps_domain::bankfile::parse_camt_bytes(&bytes).context("reading the bank file")?;
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let ours = cps_domain::bankfile::OwnAccounts::of(&s.billing.seller);
    let r = store.import_bank_payments(&lines, &ours, None, chrono::Utc::now()).await?;
    println!(
        "{} booked line(s): {} paid an invoice, {} were booked before, {} for staff to review; \
         {} entr(y/ies) not booked by the bank yet (pending) skipped; {} returned payment(s), {} invoice(s) unpaid again",
        lines.lines.len(),
        r.paid,
        r.already_imported,
        r.to_review.len(),
        r.not_booked,
        r.returned,
        r.reopened
    );
    for line in &r.to_review {
        let invoice = line.invoice_number.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
        println!("  {}: {} — {}{invoice}", line.bank_ref, line.amount, line.outcome.as_str());
    }
    if r.returned > 0 {
        println!("Returned payments are on the staff's list at /admin/payments: tell finance.");
    }
    Ok(())
}

async fn create_staff(s: Settings, email: &str, role: &str) -> anyhow::Result<()> {
    let email = cps_domain::Email::parse(email).map_err(|_| anyhow::anyhow!("not an email address: {email}"))?;
    let role = cps_domain::staff::StaffRole::parse(role)
        .ok_or_else(|| anyhow::anyhow!("role must be support, finance, service or admin, not {role}"))?;
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let c = cps_web::new_staff_credentials().await?;
    match store.create_staff(email.as_str(), role, &c.password_hash, &c.totp_secret, None, chrono::Utc::now()).await {
        Ok(_) => {
            // Printed once to the operator's terminal, never logged.
            println!("Staff user {} ({}) created.", email.as_str(), role.as_str());
            println!("Password:    {}", c.password);
            println!("TOTP secret: {}", cps_domain::totp::base32_encode(&c.totp_secret));
            println!("TOTP URI:    {}", cps_domain::totp::provisioning_uri("CPS", email.as_str(), &c.totp_secret));
            Ok(())
        }
        Err(failure) => {
            let StaffEmailTaken = failure.refusal()?;
            anyhow::bail!("a staff user with {} exists already", email.as_str())
        }
    }
}

async fn api_token(s: Settings, email: &str, name: &str, scopes: &str, days: i64) -> anyhow::Result<()> {
    anyhow::ensure!(s.mode == Mode::Development, "cps api-token refuses to run in production mode");
    let email = cps_domain::Email::parse(email).map_err(|_| anyhow::anyhow!("not an email address: {email}"))?;
    let scopes: Vec<cps_domain::api::Scope> = scopes
        .split(',')
        .map(|x| cps_domain::api::Scope::parse(x).ok_or_else(|| anyhow::anyhow!("unknown scope {x}")))
        .collect::<anyhow::Result<_>>()?;
    let name = cps_domain::api::parse_token_name(name).map_err(|_| anyhow::anyhow!("a name of 1–60 characters"))?;
    let now = chrono::Utc::now();
    let expires = cps_domain::api::expiry(days, now).map_err(|_| anyhow::anyhow!("days must be 30, 90, 180 or 365"))?;
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let candidate = store.login_candidate(&email).await?.context("no activated account with that email")?;
    let user = store.user(candidate.user_id).await?.context("no such user")?;
    anyhow::ensure!(user.role == cps_domain::mail::Role::Owner, "only an owner's account can have API tokens");
    let made = store.create_api_token(user.business_id, user.id, &name, &scopes, expires, now).await?;
    // Printed once to the operator's terminal, never logged.
    println!("{}", made.plain);
    Ok(())
}

async fn load_demo(s: Settings) -> anyhow::Result<()> {
    anyhow::ensure!(s.mode == Mode::Development, "cps demo refuses to run in production mode");
    let store = connect(&s).await?;
    migrate(&store).await?;
    let loaded = match demo::load(&store, &s).await? {
        demo::Outcome::AlreadyThere => {
            println!(
                "The demo is loaded already ({}); nothing was added. Its passwords were printed when it was \
                 loaded; to start again, use an empty database.",
                demo::STUDIO
            );
            return Ok(());
        }
        demo::Outcome::Loaded(loaded) => loaded,
    };
    let url = s.server.public_base_url.trim_end_matches('/');
    // Printed once to the operator's terminal, never logged.
    println!("Demo loaded into the {} database. The passwords are shown only now.", store.backend_name());
    println!();
    println!("Member of Demo Studio AB, log in at {url}/login:");
    println!("  email:       {}", loaded.studio.email);
    println!("  password:    {}", loaded.studio.password);
    println!(
        "  {} products ({} migrated from the old system, some incomplete), {} points: the ON/OFF switch on /tiers;",
        loaded.products, loaded.migrated, loaded.points
    );
    println!(
        "  membership {}, invoice {} (bank transfer), support case {}.",
        loaded.tier, loaded.invoice, loaded.ticket
    );
    println!();
    println!(
        "Member of Demo Foto HB (English), with {} products waiting behind MIGRATE PRODUCTS:",
        loaded.waiting_products
    );
    println!("  email:       {}", loaded.waiting.email);
    println!("  password:    {}", loaded.waiting.password);
    println!();
    println!("Staff admin, log in at {url}/admin with the password and a code from an authenticator app:");
    println!("  email:       {}", loaded.admin.email);
    println!("  password:    {}", loaded.admin.password);
    println!("  TOTP secret: {}", cps_domain::totp::base32_encode(&loaded.totp_secret));
    println!("  TOTP URI:    {}", cps_domain::totp::provisioning_uri("CPS", loaded.admin.email, &loaded.totp_secret));
    store.close().await?;
    Ok(())
}

async fn seed(s: Settings, businesses: u64, products: u64) -> anyhow::Result<()> {
    anyhow::ensure!(s.mode == Mode::Development, "cps dev seed refuses to run in production mode");
    let store = connect(&s).await?;
    migrate(&store).await?;
    let started = std::time::Instant::now();
    let plan = cps_store::seed::SeedPlan { businesses, products };
    let report = store
        .seed_scale(plan, chrono::Utc::now(), |what, done, of| {
            eprintln!("{:>7.1} s  {what}: {done} of {of}", started.elapsed().as_secs_f64());
        })
        .await?;
    println!(
        "Seeded in {:.1} s: {} businesses, {} users, {} products, {} ledger entries, {} memberships, {} invoices \
         ({} unpaid).",
        started.elapsed().as_secs_f64(),
        report.businesses,
        report.users,
        report.products,
        report.ledger_entries,
        report.memberships,
        report.invoices,
        report.unpaid_invoices
    );
    store.close().await?;
    Ok(())
}

async fn nightly(s: Settings) -> anyhow::Result<()> {
    anyhow::ensure!(s.mode == Mode::Development, "cps dev nightly refuses to run in production mode");
    let store = connect(&s).await?;
    migrate_only(&store).await?;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let t = std::time::Instant::now();
    let declined = store.apply_decline(today, now).await?;
    let decline_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let reminded = store.send_reminders(today, now).await?;
    let reminders_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let suspended = store.suspend_overdue(today, &dunning(&s), now).await?;
    let dunning_s = t.elapsed().as_secs_f64();
    // One line a job: name, seconds, rows changed (read by bench/scale.sh).
    println!("decline {decline_s:.3} {declined}");
    println!("reminders {reminders_s:.3} {reminded}");
    println!("dunning {dunning_s:.3} {suspended}");
    store.close().await?;
    Ok(())
}

async fn run_doctor(s: Settings) -> anyhow::Result<()> {
    let checks = doctor::run(&s).await;
    for check in &checks {
        println!("{check}");
    }
    let failed = doctor::failed(&checks);
    if failed > 0 {
        println!("{failed} check(s) failed: production would not work until they are fixed.");
        std::process::exit(1);
    }
    if s.mode == Mode::Production {
        println!("Nothing stands in the way of production.");
    } else {
        println!("Nothing fails for development; run cps doctor with the production configuration to check that.");
    }
    Ok(())
}

/// The migrations alone (the import and staff commands), under the lock.
async fn migrate_only(store: &Store) -> anyhow::Result<()> {
    match store.migrate().await {
        Err(cps_store::StoreError::NewerSchema(unknown)) => Err(newer_schema(&unknown)),
        other => other.context("migrating"),
    }
}

async fn connect(s: &Settings) -> anyhow::Result<Store> {
    let store =
        Store::connect(&s.database.url, s.database.max_connections).await.context("connecting to the database")?;
    let store = store.with_points(cps_store::PointsRules {
        invitation_threshold: s.points.invitation_threshold,
        decline: s.points.decline,
    });
    // A seller country that does not parse is reported by `cps doctor` and
    // refused by `cps serve`; other commands run without the seller's rules.
    Ok(match seller_rules(s) {
        Ok(rules) => store.with_seller(rules),
        Err(_) => store,
    })
}

fn mail_setup(s: &Settings) -> anyhow::Result<(Mailer, MailConfig)> {
    let mailer = match s.mail.transport {
        Transport::Outbox => Mailer::Outbox(PathBuf::from(&s.mail.outbox_dir)),
        Transport::Smtp => Mailer::smtp(&s.mail.smtp.as_ref().context("[mail.smtp] missing")?.to_config())?,
    };
    let config = MailConfig {
        from: s.mail.from.parse().context("mail.from is not a valid address")?,
        links: Links::new(&s.server.public_base_url),
        log_links: s.mode == Mode::Development,
    };
    Ok((mailer, config))
}

/// The CSRF key: configured, or in development made once and kept in the data folder.
fn secret_key(s: &Settings) -> anyhow::Result<SecretString> {
    if let Some(key) = &s.security.secret_key {
        return Ok(key.clone());
    }
    anyhow::ensure!(
        s.mode == Mode::Development,
        "security.secret_key (CPS__SECURITY__SECRET_KEY) must be set in production"
    );
    let path = Path::new(&s.server.data_dir).join("secret_key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(SecretString::from(existing.trim().to_owned()));
    }
    std::fs::create_dir_all(&s.server.data_dir)?;
    let key = hex::encode(rand::random::<[u8; 32]>());
    std::fs::write(&path, &key).with_context(|| format!("writing {}", path.display()))?;
    Ok(SecretString::from(key))
}

fn dunning(s: &Settings) -> cps_store::payments::DunningPolicy {
    cps_store::payments::DunningPolicy { retry_days: s.billing.retry_days.clone(), grace_days: s.billing.grace_days }
}

fn retention(s: &Settings) -> cps_domain::retention::RetentionPolicy {
    cps_domain::retention::RetentionPolicy { closed_account_days: s.retention.closed_account_days }
}

/// The recurring jobs: the nightly dunning and retention runs, and the decline when configured on.
async fn schedule_recurring(s: &Settings, store: &Store) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    store.ensure_job(&cps_store::jobs::Dunning, cps_jobs::worker::next_night(now), now).await?;
    store.ensure_job(&cps_store::jobs::Retention, cps_jobs::worker::next_night(now), now).await?;
    if s.points.decline {
        let now = chrono::Utc::now();
        store.ensure_job(&cps_store::jobs::DeclinePoints, cps_jobs::worker::next_night(now), now).await?;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: finishing requests under way");
}

/// The VAT and invoicing rules of the seller, from the configuration.
fn seller_rules(s: &Settings) -> anyhow::Result<SellerRules> {
    Ok(SellerRules {
        country: cps_domain::Country::parse(&s.billing.seller.country)
            .map_err(|_| anyhow::anyhow!("billing.seller.country is not an ISO country code"))?,
        vat_rate_bp: s.billing.vat_rate_bp,
        invoice_delay: chrono::Duration::minutes(s.billing.invoice_delay_minutes),
    })
}

async fn serve(s: Settings) -> anyhow::Result<()> {
    if s.mode == Mode::Production {
        let fatal: Vec<_> =
            doctor::configuration(&s).into_iter().filter(|c| c.status == doctor::Status::Fail).collect();
        for check in &fatal {
            eprintln!("{check}");
        }
        anyhow::ensure!(
            fatal.is_empty(),
            "refusing to start in production: {} setting(s) above must be fixed (`cps doctor` checks them all)",
            fatal.len()
        );
    }
    // Checkout and repair quotes price VAT by the seller's rules.
    seller_rules(&s)?;
    let store = connect(&s).await?;
    prepare_schema(&s, &store).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let (mailer, mail_config) = mail_setup(&s)?;
    let config = WebConfig {
        public_base_url: s.server.public_base_url.clone(),
        secret_key: secret_key(&s)?,
        session: SessionLimits {
            idle: chrono::Duration::minutes(s.security.session_idle_minutes),
            absolute: chrono::Duration::hours(s.security.session_absolute_hours),
        },
        throttle: ThrottlePolicy::default(),
        rate_limits: RateLimits {
            login_per_ip_per_minute: s.security.login_per_ip_per_minute,
            forms_per_ip_per_minute: s.security.forms_per_ip_per_minute,
            api_per_token_per_minute: s.security.api_per_token_per_minute,
        },
        trusted_proxies: s.server.trusted_proxies()?,
        mail_sender: mail_config.from.email.to_string(),
        bank_accounts: cps_domain::bankfile::OwnAccounts::of(&s.billing.seller),
        stripe: s.payments.stripe()?,
        f_tax_statement: s.billing.f_tax_statement.clone(),
        vies: s.billing.vies()?,
        service_centre: s.service.centre(),
        service_billing: cps_store::service::ServiceBilling {
            seller: s.billing.seller.clone(),
            diagnosis_fee_sek_minor: s.service.diagnosis_fee_sek_minor,
            diagnosis_fee_eur_minor: s.service.diagnosis_fee_eur_minor,
        },
    };
    let state = AppState::new(store.clone(), clock.clone(), config).await?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let metrics_stop = stop_rx.clone();
    if s.server.run_worker {
        schedule_recurring(&s, &store).await?;
    }
    let stripe = s.payments.stripe()?;
    let (vies, rules) = (s.billing.vies()?, seller_rules(&s)?);
    let worker_task = s.server.run_worker.then(|| {
        let mut w = Worker::new(store.clone(), mailer, mail_config, clock.clone())
            .with_seller(s.billing.seller.clone())
            .with_f_tax_statement(&s.billing.f_tax_statement)
            .with_dunning(dunning(&s))
            .with_retention(retention(&s));
        if let Some(stripe) = stripe {
            w = w.with_stripe(Arc::new(stripe));
        }
        if let Some(vies) = vies {
            w = w.with_vies(vies, rules);
        }
        tokio::spawn(w.run_forever(Duration::from_secs(1), stop_rx))
    });
    let listener =
        tokio::net::TcpListener::bind(&s.server.bind).await.with_context(|| format!("binding {}", s.server.bind))?;
    let local = listener.local_addr()?;
    tracing::info!(backend = store.backend_name(), %local, "CPS is listening");
    println!(
        "CPS is running at {} (listening on {local}, database: {})",
        s.server.public_base_url,
        store.backend_name()
    );
    if s.mode == Mode::Development && s.mail.transport == Transport::Outbox {
        println!(
            "Mail is written to {}/ as .eml files; activation and reset links are also logged.",
            s.mail.outbox_dir
        );
    }
    let metrics_task = cps_web::serve_metrics(&s.server.metrics_bind, metrics_stop).await?;
    axum::serve(listener, cps_web::router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    let _ = stop_tx.send(true);
    if let Some(task) = worker_task {
        let _ = task.await;
    }
    if let Some(task) = metrics_task {
        let _ = task.await;
    }
    store.close().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn worker(s: Settings, once: bool) -> anyhow::Result<()> {
    let store = connect(&s).await?;
    prepare_schema(&s, &store).await?;
    let (mailer, mail_config) = mail_setup(&s)?;
    schedule_recurring(&s, &store).await?;
    let mut w = Worker::new(store, mailer, mail_config, Arc::new(SystemClock))
        .with_seller(s.billing.seller.clone())
        .with_f_tax_statement(&s.billing.f_tax_statement)
        .with_dunning(dunning(&s))
        .with_retention(retention(&s));
    if let Some(stripe) = s.payments.stripe()? {
        w = w.with_stripe(Arc::new(stripe));
    }
    if let Some(vies) = s.billing.vies()? {
        w = w.with_vies(vies, seller_rules(&s)?);
    }
    if once {
        let n = w.run_until_idle().await?;
        println!("{n} job(s) run");
        return Ok(());
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let task = tokio::spawn(w.run_forever(Duration::from_secs(1), stop_rx));
    shutdown_signal().await;
    let _ = stop_tx.send(true);
    task.await?;
    Ok(())
}
