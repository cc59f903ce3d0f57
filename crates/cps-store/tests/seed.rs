//! `cps dev seed` (Store::seed_scale) at a small scale: what it makes obeys
//! the rules the pages and jobs rely on (valid membership numbers, one
//! allocation per complete product, numbered invoices), the back office's
//! search finds a seeded business by each of its keys, and the chunked age
//! decline gives exactly the entries the domain's rule asks for, once.
//! SQLite by default; PostgreSQL with `CPS_TEST_DATABASE_URL`.

use chrono::{NaiveDate, TimeZone, Utc};
use cps_store::Store;
use cps_store::catalogue::ImportMode;
use cps_store::seed::SeedPlan;

async fn fresh_url() -> (String, Option<std::path::PathBuf>) {
    let tag = format!("{}_{}", std::process::id(), cps_store::tokens::Secret::generate().plain[..12].to_lowercase());
    match std::env::var("CPS_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let admin = Store::connect(&url, 2).await.expect("PostgreSQL for tests is reachable");
            let name: String =
                format!("cps_t_seed_{tag}").chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await.ok();
            let (base, _) = url.rsplit_once('/').expect("URL has a database name");
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("cps-seed-{tag}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            (format!("sqlite://{}/cps.db", dir.display()), Some(dir))
        }
    }
}

async fn scalar(store: &Store, sql: &str) -> i64 {
    store.query_i64(sql).await.expect(sql)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seeded_database_is_searchable_and_declines_exactly_once() {
    let (url, dir) = fresh_url().await;
    let store = Store::connect(&url, 4).await.expect("connect");
    store.migrate().await.expect("migrations");
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
    let catalogue = cps_domain::catalogue::parse_catalogue(cps_domain::catalogue::shipped()).expect("catalogue");
    store.import_catalogue(&catalogue, ImportMode::Extend, now).await.expect("catalogue import");
    let tiers = cps_domain::tiers::parse_tiers(cps_domain::tiers::shipped()).expect("tiers");
    store.import_tiers(&tiers, now).await.expect("tiers");

    let plan = SeedPlan { businesses: 300, products: 6_000 };
    let report = store.seed_scale(plan, now, |_, _, _| {}).await.expect("seed");
    assert_eq!(report.businesses, 300);
    assert_eq!(report.users, 330, "an owner each, and a second user for every tenth");
    assert_eq!(report.products, 6_000);
    assert_eq!(report.memberships, 100);
    assert_eq!(report.invoices, 100);
    assert_eq!(report.unpaid_invoices, 4);
    // Complete products: all but c = 1, 2, 3, 4 of every 20 (4 removed, 3 incomplete).
    assert_eq!(report.ledger_entries, 4_800);
    assert_eq!(scalar(&store, "SELECT COUNT(*) FROM products WHERE completed_at IS NOT NULL").await, 4_800);
    assert_eq!(
        scalar(
            &store,
            "SELECT COUNT(*) FROM products WHERE purchase_date < '2005-01-01' OR purchase_date > '2026-12-07'"
        )
        .await,
        0,
        "bought 2005 … today"
    );
    assert!(scalar(&store, "SELECT COUNT(DISTINCT SUBSTR(purchase_date, 1, 4)) FROM products").await >= 20);
    // Every membership number is a valid one, as the pages parse it.
    let numbers = store.query_strings("SELECT number FROM memberships ORDER BY id").await.expect("numbers");
    assert_eq!(numbers.len(), 100);
    for n in &numbers {
        assert!(cps_domain::membership::MembershipNumber::parse(n).is_some(), "{n} is not a membership number");
    }
    assert_eq!(numbers[0], cps_domain::membership::MembershipNumber::from_sequence(1_000_001).as_str());
    // A second seed continues the counters and ids.
    let again = store.seed_scale(SeedPlan { businesses: 30, products: 100 }, now, |_, _, _| {}).await.expect("again");
    assert_eq!(again.businesses, 30);
    assert_eq!(scalar(&store, "SELECT COUNT(*) FROM businesses").await, 330);
    assert_eq!(scalar(&store, "SELECT MAX(seq) FROM invoices").await, 110);

    // The search finds business 150 (seeded id 150) by each key.
    let name = store.query_strings("SELECT name FROM businesses WHERE id = 150").await.expect("name").remove(0);
    let vat = store.query_strings("SELECT vat_number FROM businesses WHERE id = 150").await.expect("vat").remove(0);
    let org = store.query_strings("SELECT org_number FROM businesses WHERE id = 150").await.expect("org").remove(0);
    let email = store.query_strings("SELECT email FROM users WHERE business_id = 150").await.expect("email").remove(0);
    let serial =
        store.query_strings("SELECT serial FROM products WHERE business_id = 150 LIMIT 1").await.expect("s").remove(0);
    let invoice =
        store.query_strings("SELECT number FROM invoices WHERE business_id = 150").await.expect("i").remove(0);
    let member =
        store.query_strings("SELECT number FROM memberships WHERE business_id = 150").await.expect("m").remove(0);
    let shown = cps_domain::membership::MembershipNumber::parse(&member).expect("valid").display();
    let spaced_vat = format!("{} {}", &vat[..6], &vat[6..]);
    let dashed_org = org.clone();
    let lower_name = name[..4].to_ascii_lowercase();
    let local = &email[..=email.find('@').expect("an address")];
    let queries: [&str; 8] = [&lower_name, &spaced_vat, &dashed_org, &email, local, &serial, &invoice, &shown];
    for q in queries {
        let hits = store.find_businesses(q, 500).await.expect("search");
        assert!(hits.iter().any(|h| h.id == 150), "{q:?} does not find business 150 ({name})");
        assert!(hits.len() < 100, "{q:?} finds {} businesses", hits.len());
    }
    let by_prefix = store.find_businesses(&name[..4], 500).await.expect("search");
    assert!(by_prefix.iter().all(|h| h.name.starts_with(&name[..4])), "a name search is by prefix");
    assert!(store.find_businesses("zzzqqq", 50).await.expect("search").is_empty());

    // The decline: what the domain's rule asks for, computed here product by product.
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let items: std::collections::HashMap<_, _> =
        catalogue.iter().filter(|i| !i.decline.is_empty()).map(|i| (i.model_code.clone(), i)).collect();
    let rows = store
        .query_strings(
            "SELECT model_code || '|' || CAST(points_earned AS TEXT) || '|' || purchase_date FROM products \
             WHERE completed_at IS NOT NULL AND removed_at IS NULL",
        )
        .await
        .expect("products");
    let (mut expected, mut points) = (0, 0);
    for r in &rows {
        let mut f = r.split('|');
        let (code, earned, date) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let Some(item) = items.get(code) else { continue };
        let earned: i64 = earned.parse().unwrap();
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let worth = cps_domain::points::worth(earned, &item.decline, Some(date), today, true);
        if let Some(amount) = cps_domain::points::decline_needed(earned, worth) {
            expected += 1;
            points += amount;
        }
    }
    assert!(expected > 1_000, "the seed gives the decline work ({expected})");
    let before = scalar(&store, "SELECT COALESCE(SUM(amount), 0) FROM points_ledger").await;
    assert_eq!(store.apply_decline(today, now).await.expect("decline"), expected);
    let after = scalar(&store, "SELECT COALESCE(SUM(amount), 0) FROM points_ledger").await;
    assert_eq!(after - before, points, "the entries lower the balance by what the rule says");
    assert_eq!(store.apply_decline(today, now).await.expect("again"), 0, "a second run the same day does nothing");

    store.close().await.ok();
    if let Some(dir) = dir {
        std::fs::remove_dir_all(dir).ok();
    }
}
