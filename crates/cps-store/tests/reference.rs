//! The catalogue and tiers are held in memory on every node (see
//! `cps_store::reference`): an import made through one node is seen by
//! another node on the same database within `reference::CHECK_EVERY`, and
//! at once by the node that imported. Two `Store`s on one database stand for
//! two nodes. SQLite by default; PostgreSQL with `CPS_TEST_DATABASE_URL`.

use cps_store::Store;
use cps_store::catalogue::ImportMode;
use std::time::{Duration, Instant};

/// A fresh database and its URL.
async fn fresh_url() -> (String, Option<std::path::PathBuf>) {
    let tag = format!("{}_{}", std::process::id(), cps_store::tokens::Secret::generate().plain[..12].to_lowercase());
    match std::env::var("CPS_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let admin = Store::connect(&url, 2).await.expect("PostgreSQL for tests is reachable");
            let name: String =
                format!("cps_t_ref_{tag}").chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await.ok();
            let (base, _) = url.rsplit_once('/').expect("URL has a database name");
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("cps-reference-{tag}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            (format!("sqlite://{}/cps.db", dir.display()), Some(dir))
        }
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_on_one_node_is_seen_by_another_within_the_check_interval() {
    let (url, dir) = fresh_url().await;
    let a = Store::connect(&url, 4).await.expect("node A");
    a.migrate().await.expect("migrations");
    let b = Store::connect(&url, 4).await.expect("node B");
    let mut catalogue = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped()).expect("catalogue");
    a.import_catalogue(&catalogue, ImportMode::Extend, now()).await.expect("import");
    let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped()).expect("tiers");
    a.import_tiers(&tiers, now()).await.expect("tiers");

    // B reads (and keeps) the catalogue and tiers.
    let before = b.catalogue_item("EOS-R5").await.expect("read").expect("EOS-R5 is in the catalogue");
    assert_eq!(before.name, "EOS R5");
    assert_eq!(b.tiers().await.expect("tiers").len(), tiers.len());

    // A renames a model and withdraws the last tier.
    catalogue.iter_mut().find(|i| i.model_code == "EOS-R5").expect("EOS-R5").name = "EOS R5 (renamed)".into();
    a.import_catalogue(&catalogue, ImportMode::Extend, now()).await.expect("second import");
    a.import_tiers(&tiers[..tiers.len() - 1], now()).await.expect("second tiers import");
    let imported = Instant::now();
    // The node that imported sees it at once.
    assert_eq!(a.catalogue_item("EOS-R5").await.expect("read").expect("item").name, "EOS R5 (renamed)");
    assert_eq!(a.tiers().await.expect("tiers").len(), tiers.len() - 1);

    // B within the documented interval (with a little room for a slow machine).
    let limit = cps_store::reference::CHECK_EVERY + Duration::from_millis(500);
    loop {
        let name = b.catalogue_item("EOS-R5").await.expect("read").expect("item").name;
        let n = b.tiers().await.expect("tiers").len();
        if name == "EOS R5 (renamed)" && n == tiers.len() - 1 {
            break;
        }
        assert!(imported.elapsed() < limit, "B still shows {name:?} and {n} tiers after {:?}", imported.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    a.close().await.ok();
    b.close().await.ok();
    if let Some(dir) = dir {
        std::fs::remove_dir_all(dir).ok();
    }
}
