//! The database going away under a serving portal, with the real binary:
//! PostgreSQL's connections killed and the server unreachable (behind a hop
//! the test cuts), and the embedded SQLite database's disk full (a small
//! tmpfs the test fills). Requests in that moment get a 503 page in the
//! member's language, `/readyz` says why, the portal recovers by itself, and
//! every acknowledged write is kept. A read-only SQLite file (a read-only
//! mount) is refused at start with a clear error.

use crate::cli::{Browser, base_env, cps, fresh_database, stderr, stdout, tempdir};
use crate::hop::Hop;
use crate::nodes::{Node, status_of};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a sign-up came to: acknowledged (303), "unavailable" (503 with the
/// page), or something else — which would be a bug.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Saved,
    Unavailable,
    Other(u16, String),
}

fn sign_up(port: u16, email: &str) -> Outcome {
    let mut visitor = Browser::new(port);
    let form = visitor.get("/signup");
    if form.status != 200 {
        return classify(form.status, &form.body);
    }
    let company = format!("Fel {email} AB");
    let res = visitor.post(
        "/signup",
        "/signup",
        &[
            ("company_name", &company),
            ("country", "SE"),
            ("vat_number", "SE556036079301"),
            ("org_number", ""),
            ("street", "Storgatan 1"),
            ("postal_code", "111 22"),
            ("city", "Stockholm"),
            ("contact_name", "Fel Test"),
            ("email", email),
            ("language", "sv"),
            ("old_email", ""),
        ],
    );
    if res.status == 303 { Outcome::Saved } else { classify(res.status, &res.body) }
}

fn classify(status: u16, body: &str) -> Outcome {
    // The test browser asks for Swedish (Accept-Language: sv).
    if status == 503 && body.contains("Tillfälligt otillgänglig") && body.contains("Försök igen om en liten stund")
    {
        Outcome::Unavailable
    } else {
        Outcome::Other(status, body.chars().take(300).collect())
    }
}

/// Members signing up from `clients` threads until `stop`; what each got.
struct Load {
    stop: Arc<AtomicBool>,
    outcomes: Arc<Mutex<Vec<(String, Outcome)>>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(port: u16, clients: usize, tag: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let outcomes: Arc<Mutex<Vec<(String, Outcome)>>> = Arc::default();
        let threads = (0..clients)
            .map(|c| {
                let (stop, outcomes, tag) = (stop.clone(), outcomes.clone(), tag.to_owned());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let email = format!("{tag}-{c}-{n}@example.com");
                        let outcome = sign_up(port, &email);
                        outcomes.lock().expect("lock").push((email, outcome));
                    }
                })
            })
            .collect();
        Load { stop, outcomes, threads }
    }

    fn count(&self, wanted: &Outcome) -> usize {
        self.outcomes.lock().expect("lock").iter().filter(|(_, o)| o == wanted).count()
    }

    /// Waits (at most `limit`) until `n` more sign-ups than now came to `wanted`.
    fn wait_for(&self, wanted: &Outcome, n: usize, limit: Duration) {
        let target = self.count(wanted) + n;
        let started = Instant::now();
        while self.count(wanted) < target {
            assert!(started.elapsed() < limit, "{n} more {wanted:?} within {limit:?}: {:?}", self.tail());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn tail(&self) -> Vec<(String, Outcome)> {
        let all = self.outcomes.lock().expect("lock");
        all.iter().rev().take(5).cloned().collect()
    }

    fn finish(self) -> Vec<(String, Outcome)> {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            t.join().expect("a client thread");
        }
        Arc::try_unwrap(self.outcomes).expect("threads done").into_inner().expect("lock")
    }
}

/// Polls `/readyz` until it answers `status` (at most `limit`); its body.
fn wait_ready(port: u16, status: u16, limit: Duration) -> Duration {
    let started = Instant::now();
    while status_of(port, "/readyz") != status {
        assert!(started.elapsed() < limit, "/readyz did not answer {status} within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    started.elapsed()
}

fn readyz_body(port: u16) -> String {
    Browser::new(port).get("/readyz").body
}

/// Every acknowledged sign-up is in the database; none answered other than
/// saved or unavailable.
async fn assert_kept(url: &str, outcomes: &[(String, Outcome)]) {
    let others: Vec<_> = outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Other(..))).collect();
    assert!(others.is_empty(), "every request was saved or got the 503 page: {others:?}");
    let store = cps_store::Store::connect(url, 1).await.expect("the database opens");
    let mut lost = Vec::new();
    for (n, (email, outcome)) in outcomes.iter().enumerate() {
        if *outcome == Outcome::Saved && store.find_businesses(email, 5).await.expect("search").is_empty() {
            lost.push((n, email));
        }
    }
    store.close().await.ok();
    let unavailable: Vec<usize> =
        outcomes.iter().enumerate().filter(|(_, (_, o))| *o == Outcome::Unavailable).map(|(n, _)| n).collect();
    assert!(
        lost.is_empty(),
        "every acknowledged sign-up is kept; lost (index, email): {lost:?} of {}; unavailable at {unavailable:?}",
        outcomes.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn postgresql_killed_or_unreachable_gives_503_and_the_portal_recovers_keeping_every_write() {
    let url = match std::env::var("CPS_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => url,
        _ => {
            eprintln!("PostgreSQL faults run in the test command's PostgreSQL pass (CPS_TEST_DATABASE_URL)");
            return;
        }
    };
    let (_keep, dir) = tempdir();
    let direct = fresh_database(&dir).await;
    let name = direct.rsplit('/').next().expect("a database name").to_owned();
    let pg_port: u16 = url
        .rsplit_once('@')
        .and_then(|(_, host)| host.split('/').next())
        .and_then(|h| h.rsplit_once(':'))
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(5432);
    // The portal reaches PostgreSQL through the hop; the test, directly.
    let mut hop = Hop::start(pg_port).await;
    let through_hop = direct.replacen(&format!(":{pg_port}/"), &format!(":{}/", hop.port), 1);
    assert_ne!(through_hop, direct, "the portal's URL goes through the hop");
    let mut env = base_env(&dir, &through_hop);
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "f".repeat(40)));
    env.push(("CPS__SECURITY__FORMS_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    let mut node = Node::spawn(&["serve"], &dir, &env);
    node.wait_serving(Duration::from_secs(120)).expect("the portal serves");
    let port = node.port;
    assert_eq!(status_of(port, "/readyz"), 200);

    let load = Load::start(port, 3, "pg");
    load.wait_for(&Outcome::Saved, 10, Duration::from_secs(60));

    // Every connection of the portal killed by PostgreSQL itself: the pool
    // replaces them; members at most see the 503 page, never a 500.
    let admin = cps_store::Store::connect(&url, 1).await.expect("admin connection");
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .expect("terminate");
    load.wait_for(&Outcome::Saved, 10, Duration::from_secs(30));

    // PostgreSQL unreachable (restarting, or the network gone).
    hop.down();
    let took = wait_ready(port, 503, Duration::from_secs(10));
    assert!(took < Duration::from_secs(5), "/readyz noticed in {took:?}");
    assert!(readyz_body(port).contains("database does not answer"), "{}", readyz_body(port));
    load.wait_for(&Outcome::Unavailable, 3, Duration::from_secs(60));
    let mut member = Browser::new(port);
    let page = member.get("/signup");
    assert_eq!(page.status, 200, "a page that needs no database still answers");

    // Back: the pool reconnects by itself, without a restart of the portal.
    hop.up().await;
    let took = wait_ready(port, 200, Duration::from_secs(30));
    load.wait_for(&Outcome::Saved, 10, Duration::from_secs(60));
    assert!(node.running(), "the portal never stopped");
    let outcomes = load.finish();
    eprintln!(
        "{} saved, {} unavailable; ready again {took:?} after PostgreSQL returned",
        outcomes.iter().filter(|(_, o)| *o == Outcome::Saved).count(),
        outcomes.iter().filter(|(_, o)| *o == Outcome::Unavailable).count()
    );
    assert_kept(&direct, &outcomes).await;
    admin.close().await.ok();
}

/// A tmpfs of `size` mounted on `dir` (root only: the test command runs as
/// root), unmounted when dropped.
struct SmallDisk {
    dir: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(dir: &std::path::Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(dir).expect("mount point");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .expect("mount(8)");
        assert!(
            out.status.success(),
            "this test mounts a small tmpfs and needs root (CAP_SYS_ADMIN): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { dir: dir.to_owned() }
    }

    /// Writes a file until the disk is full; the file, to free the space again.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.dir.join("filler");
        let mut f = std::fs::File::create(&path).expect("filler");
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        let mut byte = [0u8; 1];
        while f.write_all(&byte).is_ok() {
            byte[0] = byte[0].wrapping_add(1);
        }
        path
    }
}

/// `from` seen read-only at `to` (a bind mount), unmounted when dropped.
struct BindMount(std::path::PathBuf);

impl BindMount {
    fn read_only(from: &std::path::Path, to: &std::path::Path) -> BindMount {
        let run = |args: &[&str]| {
            let out = Command::new("mount").args(args).output().expect("mount(8)");
            assert!(out.status.success(), "mount {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        let (from, to) = (from.to_str().expect("utf-8"), to.to_str().expect("utf-8"));
        run(&["--bind", from, to]);
        let mount = BindMount(to.into());
        run(&["-o", "remount,ro,bind", to]);
        mount
    }
}

impl Drop for BindMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_on_a_full_disk_gives_503_and_not_ready_and_on_a_read_only_one_a_clear_error_losing_nothing() {
    let (_keep, dir) = tempdir();
    let disk = SmallDisk::mount(&dir.join("db"), "24m");
    let db = format!("sqlite://{}/db/cps.db", dir.display());
    let mut env = base_env(&dir, &db);
    env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "g".repeat(40)));
    env.push(("CPS__SECURITY__FORMS_PER_IP_PER_MINUTE".to_owned(), "1000000".to_owned()));
    let mut node = Node::spawn(&["serve"], &dir, &env);
    node.wait_serving(Duration::from_secs(60)).expect("the portal serves");
    let port = node.port;
    assert_eq!(status_of(port, "/readyz"), 200);
    let load = Load::start(port, 2, "disk");
    load.wait_for(&Outcome::Saved, 10, Duration::from_secs(60));

    // Disk full: not ready at once; writes get the 503 page once SQLite
    // needs a page it cannot have (until then they still fit and are kept).
    let filler = disk.fill();
    wait_ready(port, 503, Duration::from_secs(3));
    assert!(readyz_body(port).contains("disk is full"), "{}", readyz_body(port));
    load.wait_for(&Outcome::Unavailable, 3, Duration::from_secs(60));
    std::fs::remove_file(&filler).expect("space freed");
    wait_ready(port, 200, Duration::from_secs(3));
    load.wait_for(&Outcome::Saved, 10, Duration::from_secs(60));

    assert!(node.running(), "the portal never stopped");
    let outcomes = load.finish();
    drop(node);

    // Read-only: the same file seen through a read-only mount (a file system
    // remounted read-only after an error, a wrong volume option). The portal
    // does not start half-way; it says what is wrong.
    let read_only = dir.join("ro");
    std::fs::create_dir_all(&read_only).expect("mount point");
    let bind = BindMount::read_only(&dir.join("db"), &read_only);
    let mut ro_env = base_env(&dir, &format!("sqlite://{}/cps.db", read_only.display()));
    ro_env.push(("CPS__SECURITY__SECRET_KEY".to_owned(), "g".repeat(40)));
    let mut refused = Node::spawn(&["serve"], &dir, &ro_env);
    let failure = refused.wait_serving(Duration::from_secs(60)).expect_err("no portal on a read-only database");
    assert!(failure.contains("read-only") && failure.contains("cps.db"), "a clear error: {failure}");
    drop(bind);

    // No corruption: the database passes SQLite's integrity check (what
    // `cps backup` runs on its copy) and holds every acknowledged sign-up.
    let backup = dir.join("backup.db");
    let out = cps(&["backup", backup.to_str().expect("utf-8")], &dir, &env);
    assert!(out.status.success() && stdout(&out).contains("integrity checked"), "{}", stderr(&out));
    assert_kept(&db, &outcomes).await;
}
