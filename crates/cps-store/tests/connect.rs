//! Nodes started together on a fresh SQLite file all connect. The first
//! connection of each turns the file to WAL; SQLite may answer BUSY to that
//! at once, without waiting out the busy timeout, and a node then failed to
//! start with "database is locked" (seen in CI, in the cluster test).

use cps_store::Store;

#[tokio::test(flavor = "multi_thread")]
async fn stores_connecting_together_on_a_fresh_sqlite_file_all_connect() {
    const ROUNDS: usize = 25;
    const NODES: usize = 8;
    let tag = cps_store::tokens::Secret::generate().plain[..12].to_lowercase();
    let root = std::env::temp_dir().join(format!("cps-connect-{}-{tag}", std::process::id()));
    for round in 0..ROUNDS {
        let url = format!("sqlite://{}/{round}/cps.db", root.display());
        let nodes: Vec<_> = (0..NODES)
            .map(|_| {
                let url = url.clone();
                // Each node on its own runtime thread, as processes would be.
                tokio::spawn(async move {
                    let store = Store::connect(&url, 2).await?;
                    store.execute_unprepared("CREATE TABLE IF NOT EXISTS t (x INTEGER)").await?;
                    Ok::<_, cps_store::StoreError>(())
                })
            })
            .collect();
        for (node, joined) in nodes.into_iter().enumerate() {
            if let Err(e) = joined.await.expect("task") {
                panic!("round {round}: node {node} failed to connect: {e}");
            }
        }
    }
    std::fs::remove_dir_all(&root).ok();
}
