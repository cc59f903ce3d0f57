//! The reference data every member page reads — the catalogue and the tier
//! definitions — held in memory, parsed once. Staff change them only by
//! importing a file, and every import raises `reference_version.version` in
//! its own transaction. A node checks that number at most once every
//! [`CHECK_EVERY`] (one single-row read) and reloads when it changed, so an
//! import made on any node (or by `cps catalogue import`) is seen on every
//! node within [`CHECK_EVERY`]; the node that imported forgets its copy at
//! once.

use crate::entity::catalogue_item;
use crate::{Result, Store};
use cps_domain::tiers::Tier;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How stale a node's copy of the catalogue and tiers can be at most after
/// an import on another node.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The catalogue (every model, withdrawn ones too) and the active tiers.
#[derive(Debug)]
pub(crate) struct Reference {
    pub version: i64,
    pub catalogue: HashMap<String, catalogue_item::Model>,
    pub tiers: Vec<Tier>,
}

#[derive(Default)]
pub(crate) struct Cache {
    /// The copy and when its version was last compared with the database's.
    current: RwLock<Option<(Arc<Reference>, Instant)>>,
    /// One reload at a time; the others wait for it and take its result.
    reload: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").finish_non_exhaustive()
    }
}

impl Cache {
    fn fresh(&self) -> Option<Arc<Reference>> {
        let current = self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().filter(|(_, checked)| checked.elapsed() < CHECK_EVERY).map(|(r, _)| r.clone())
    }

    fn cached(&self) -> Option<Arc<Reference>> {
        let current = self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().map(|(r, _)| r.clone())
    }

    fn set(&self, r: Arc<Reference>) {
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((r, Instant::now()));
    }

    /// Forgets the copy: the next read loads the data again.
    pub(crate) fn forget(&self) {
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

/// Raises the version in the caller's (import) transaction.
pub(crate) async fn bump_in<C: ConnectionTrait>(conn: &C) -> Result<()> {
    conn.execute_unprepared("UPDATE reference_version SET version = version + 1 WHERE id = 1").await?;
    Ok(())
}

async fn version_in<C: ConnectionTrait>(conn: &C) -> Result<i64> {
    let version = crate::scalar(
        conn,
        Statement::from_string(conn.get_database_backend(), "SELECT version FROM reference_version WHERE id = 1"),
    )
    .await?;
    Ok(version.unwrap_or(0))
}

impl Store {
    /// The catalogue and tiers, from memory when the copy is fresh.
    pub(crate) async fn reference(&self) -> Result<Arc<Reference>> {
        if let Some(r) = self.cache.fresh() {
            return Ok(r);
        }
        let _one = self.cache.reload.lock().await;
        if let Some(r) = self.cache.fresh() {
            return Ok(r);
        }
        // The version first: the data read after it is at least that new.
        let version = version_in(self.conn()).await?;
        if let Some(r) = self.cache.cached().filter(|r| r.version == version) {
            self.cache.set(r.clone());
            return Ok(r);
        }
        let catalogue = catalogue_item::Entity::find()
            .all(self.conn())
            .await?
            .into_iter()
            .map(|m| (m.model_code.clone(), m))
            .collect();
        let tiers = crate::memberships::tiers_in(self.conn()).await?;
        let r = Arc::new(Reference { version, catalogue, tiers });
        self.cache.set(r.clone());
        Ok(r)
    }
}
