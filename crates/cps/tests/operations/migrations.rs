//! Migrations under a lock: N processes started at the same moment on a
//! fresh database all come up (one migrates, the others wait and find the
//! schema current), and a binary older than the schema refuses to run.

use crate::cli::{base_env, cps, fresh_database, stderr, tempdir};
use crate::nodes::{Node, status_of};
use std::time::Duration;

const NODES: usize = 4;

fn env_for(dir: &std::path::Path, db: &str) -> Vec<(String, String)> {
    let mut env = base_env(dir, db);
    // Shared by every node, as in production (no node writes a key file).
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "c".repeat(40)));
    env
}

/// The shipped catalogue and tiers are there exactly once.
async fn first_data_loaded_once(db: &str) {
    let store = cps_store::Store::connect(db, 1).await.expect("connect");
    let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped()).expect("shipped tiers");
    assert_eq!(store.tiers().await.expect("tiers").len(), tiers.len(), "the tiers, once");
    let models = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped()).expect("shipped catalogue");
    assert_eq!(store.search_catalogue("", 100_000).await.expect("catalogue").len(), models.len(), "the catalogue");
    let status = store.schema_status().await.expect("status");
    assert!(status.pending.is_empty() && status.unknown.is_empty(), "{status:?}");
    store.close().await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn nodes_started_together_on_a_fresh_database_all_serve() {
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let env = env_for(&dir, &db);
    // All at once, as a restart of a replicated service does.
    let mut nodes: Vec<Node> = (0..NODES).map(|_| Node::spawn(&["serve"], &dir, &env)).collect();
    let outcomes: Vec<Result<(), String>> =
        nodes.iter_mut().map(|n| n.wait_serving(Duration::from_secs(120))).collect();
    for (i, outcome) in outcomes.iter().enumerate() {
        assert!(outcome.is_ok(), "node {i} of {NODES} did not come up: {outcome:?}");
    }
    for node in &nodes {
        assert_eq!(status_of(node.port, "/readyz"), 200, "node on {} is ready", node.port);
        assert_eq!(status_of(node.port, "/login"), 200, "node on {} serves pages", node.port);
    }
    drop(nodes);
    first_data_loaded_once(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cps_migrate_run_together_on_a_fresh_database_all_succeed() {
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let env = env_for(&dir, &db);
    let mut runs: Vec<Node> = (0..NODES).map(|_| Node::spawn(&["migrate"], &dir, &env)).collect();
    for (i, run) in runs.iter_mut().enumerate() {
        let (status, err) = run.wait_exit(Duration::from_secs(120));
        assert!(status.success(), "cps migrate {i} of {NODES} failed: {err}");
    }
    first_data_loaded_once(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_binary_older_than_the_schema_refuses_to_run() {
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let env = env_for(&dir, &db);
    let out = cps(&["migrate"], &dir, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    // What a newer cps leaves behind: a migration this one does not have.
    let store = cps_store::Store::connect(&db, 1).await.expect("connect");
    store
        .execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m0099_from_a_newer_cps', 0)")
        .await
        .expect("a newer migration recorded");

    let mut on_start_off = env.clone();
    on_start_off.push(("CPS__SERVER__MIGRATE_ON_START".to_owned(), "false".to_owned()));
    for (what, args, env) in [
        ("serve", &["serve"][..], &env),
        ("serve without migrating", &["serve"][..], &on_start_off),
        ("worker", &["worker"][..], &env),
        ("worker without migrating", &["worker", "--once"][..], &on_start_off),
        ("migrate", &["migrate"][..], &env),
    ] {
        let mut node = Node::spawn(args, &dir, env);
        let (status, err) = node.wait_exit(Duration::from_secs(60));
        assert!(!status.success(), "{what}: refused");
        assert!(
            err.contains("migrated by a newer cps") && err.contains("m0099_from_a_newer_cps"),
            "{what}: says why and which migration: {err}"
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // Nothing was changed: the newer schema's record is still there.
    let status = store.schema_status().await.expect("status");
    assert_eq!(status.unknown, vec!["m0099_from_a_newer_cps".to_owned()]);
    store.close().await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_migrate_on_start_a_node_waits_for_cps_migrate() {
    let (_keep, dir) = tempdir();
    let db = fresh_database(&dir).await;
    let mut env = env_for(&dir, &db);
    env.push(("CPS__SERVER__MIGRATE_ON_START".to_owned(), "false".to_owned()));
    let mut node = Node::spawn(&["serve"], &dir, &env);
    let (status, err) = node.wait_exit(Duration::from_secs(60));
    assert!(!status.success() && err.contains("run `cps migrate` first"), "{status}: {err}");
    let out = cps(&["migrate"], &dir, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut node = Node::spawn(&["serve"], &dir, &env);
    assert_eq!(node.wait_serving(Duration::from_secs(60)), Ok(()));
    assert_eq!(status_of(node.port, "/readyz"), 200);
}
