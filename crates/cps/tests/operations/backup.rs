//! `cps backup` and `cps restore` of the embedded SQLite database: a copy
//! taken while members sign up holds every sign-up acknowledged before it,
//! and comes back in a fresh folder as a working portal.

use crate::cli::{Browser, Portal, base_env, cps, stderr, stdout, tempdir};
use crate::nodes::status_of;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CLIENTS: usize = 4;

fn sqlite_env(dir: &std::path::Path) -> (String, Vec<(String, String)>) {
    let db = format!("sqlite://{}/db/cps.db", dir.display());
    let mut env = base_env(dir, &db);
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "b".repeat(40)));
    // The load comes from one address; the per-IP form limit is not under test.
    env.push(("CPS__SECURITY__FORMS_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    (db, env)
}

fn sign_up(port: u16, email: &str, company: &str) -> u16 {
    let mut visitor = Browser::new(port);
    visitor
        .post(
            "/signup",
            "/signup",
            &[
                ("company_name", company),
                ("country", "SE"),
                ("vat_number", "SE556036079301"),
                ("org_number", ""),
                ("street", "Storgatan 1"),
                ("postal_code", "111 22"),
                ("city", "Stockholm"),
                ("contact_name", "Load Test"),
                ("email", email),
                ("language", "sv"),
                ("old_email", ""),
            ],
        )
        .status
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_under_load_restores_every_acknowledged_write() {
    let (_keep, dir) = tempdir();
    let (_, env) = sqlite_env(&dir);
    // Owned here, so a failing assertion stops it (the clients only know its port).
    let portal = Portal::start(&dir, &env);
    let port = portal.port;

    // Members signing up from four clients while the backup is taken.
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let email = format!("load-{c}-{n}@example.com");
                    let company = format!("Last {c}-{n} AB");
                    let status = sign_up(port, &email, &company);
                    assert_eq!(status, 303, "sign-up {email} acknowledged");
                    acknowledged.lock().expect("lock").push((email, company));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    // Everything acknowledged up to here must be in the backup.
    let before: Vec<(String, String)> = acknowledged.lock().expect("lock").clone();
    let backup = dir.join("backups/cps-backup.db");
    let out = cps(&["backup", backup.to_str().expect("utf-8")], &dir, &env);
    assert!(out.status.success(), "cps backup: {}", stderr(&out));
    assert!(stdout(&out).contains("integrity checked"), "{}", stdout(&out));
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("a client thread");
    }
    let after = acknowledged.lock().expect("lock").len();
    assert!(before.len() >= CLIENTS, "load ran before the backup: {} sign-ups", before.len());
    assert!(after > before.len(), "load went on while the backup was taken: {after} vs {}", before.len());

    // A second backup to the same file is refused, and the first is untouched.
    let size = std::fs::metadata(&backup).expect("backup").len();
    let again = cps(&["backup", backup.to_str().expect("utf-8")], &dir, &env);
    assert!(!again.status.success() && stderr(&again).contains("exists already"), "{}", stderr(&again));
    assert_eq!(std::fs::metadata(&backup).expect("backup").len(), size);
    drop(portal);

    // Restored into a fresh folder, by another "machine".
    let (_keep2, fresh) = tempdir();
    let (restored_db, restored_env) = sqlite_env(&fresh);
    let out = cps(&["restore", backup.to_str().expect("utf-8")], &fresh, &restored_env);
    assert!(out.status.success(), "cps restore: {}", stderr(&out));
    // Restoring over a database that exists is refused.
    let twice = cps(&["restore", backup.to_str().expect("utf-8")], &fresh, &restored_env);
    assert!(!twice.status.success() && stderr(&twice).contains("exists already"), "{}", stderr(&twice));

    let store = cps_store::Store::connect(&restored_db, 1).await.expect("the restored database opens");
    for (email, company) in &before {
        let hits = store.find_businesses(email, 5).await.expect("search");
        assert!(hits.iter().any(|h| &h.name == company), "{email}, acknowledged before the backup, was restored");
    }
    store.close().await.ok();
    let restored = Portal::start(&fresh, &restored_env);
    assert_eq!(status_of(restored.port, "/readyz"), 200, "the restored portal serves");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_backup_is_not_restored() {
    let (_keep, dir) = tempdir();
    let (_, env) = sqlite_env(&dir);
    let bad = dir.join("not-a-backup.db");
    std::fs::write(&bad, b"this is not an SQLite database, it is a text file").expect("write");
    let out = cps(&["restore", bad.to_str().expect("utf-8")], &dir, &env);
    assert!(!out.status.success(), "refused");
    assert!(stderr(&out).contains("not a readable database"), "{}", stderr(&out));
    assert!(!dir.join("db/cps.db").exists(), "nothing was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_postgresql_backup_points_to_pg_dump() {
    let (_keep, dir) = tempdir();
    let mut env = base_env(&dir, "postgres://postgres@127.0.0.1:5432/unused");
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "b".repeat(40)));
    let out = cps(&["backup", "x.db"], &dir, &env);
    assert!(!out.status.success() && stderr(&out).contains("pg_dump"), "{}", stderr(&out));
    assert!(!dir.join("x.db").exists());
}
