//! What a hosting team does with the real binary: several processes started
//! at the same moment on one database (a rolling deploy, replicas), a binary
//! older than the schema, backups of the embedded database under load.
//! Each test runs on SQLite, or on PostgreSQL when CPS_TEST_DATABASE_URL
//! names one (the test command runs both).

mod backup;
#[path = "../first_start/cli.rs"]
#[allow(dead_code, reason = "shared with the first_start tests; not every helper is used here")]
mod cli;
mod cluster;
mod faults;
#[allow(dead_code, reason = "shared with the web crate's fault tests; not every method is used here")]
mod hop;
mod migrations;
mod nodes;
