//! The data of member pages held in memory per business, for as long as
//! nothing of the business changed (issue 13). Every change to a business's
//! row, users, invitations, products, points, memberships, invoices,
//! tickets or migrated legacy data raises its `data_version` in the same
//! transaction (triggers, migration m0038), and the request context reads
//! that number with the session before the page reads anything else. A page's data is taken from memory only when it was
//! read under the same number (and the same catalogue and tiers), so what a
//! member sees is never older than the request's own start, whichever node
//! made the change. Only reads of those tables are offered here.
//!
//! A request that changes its business's data and then shows a page in the
//! same request would show what was there when it began: handlers answer a
//! change with a redirect, so the page after a change is a request of its
//! own.

use crate::accounts::Business;
use crate::backoffice::BusinessUser;
use crate::backoffice::TicketSummary;
use crate::billing::Invoice;
use crate::legacy::MigrationState;
use crate::memberships::{Membership, Standing};
use crate::products::{LedgerLine, ProductChoice, ProductView};
use crate::{Result, Store};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use cps_domain::invitation::SentInvitation;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// What a member's request saw of its business when it began: the version
/// of its data, read with the session (`Store::member_context`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub business_id: i64,
    pub data_version: i64,
}

/// At most this many reads are held (a few kB each: a business's products
/// and ledger at most a few hundred rows); a full cache makes room by
/// dropping an arbitrary entry.
const CAPACITY: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Read {
    ProductsAndBalance,
    Ledger,
    /// The standing depends on the day as well (the current membership).
    Standing(NaiveDate),
    Memberships,
    Invoices,
    Invoice(i64),
    ProductChoices,
    Tickets,
    MigrationState,
    Business,
    /// The team as of the day's start (the owner's list filters by the moment).
    Team(NaiveDate),
}

/// Under which data version and reference version a read was made.
type Stamp = (i64, i64);

/// A read's result, of whichever type the read gives.
type Held = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub(crate) struct MemberCache {
    held: Mutex<HashMap<(i64, Read), (Stamp, Held)>>,
}

impl std::fmt::Debug for MemberCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberCache").finish_non_exhaustive()
    }
}

impl MemberCache {
    fn get(&self, key: (i64, Read), stamp: Stamp) -> Option<Held> {
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        held.get(&key).filter(|(s, _)| *s == stamp).map(|(_, v)| v.clone())
    }

    fn put(&self, key: (i64, Read), stamp: Stamp, value: Held) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        // A slower request of an older version must not replace a newer read.
        if held.get(&key).is_some_and(|(s, _)| *s > stamp) {
            return;
        }
        if held.len() >= CAPACITY
            && !held.contains_key(&key)
            && let Some(some) = held.keys().next().copied()
        {
            held.remove(&some);
        }
        held.insert(key, (stamp, value));
    }

    /// How many reads are held (tests).
    fn len(&self) -> usize {
        self.held.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// A member page's reads of its own business, from memory when the
/// business's data is unchanged since they were made. Each gives what the
/// `Store` method of the same name gives.
pub struct MemberReads<'a> {
    store: &'a Store,
    seen: Seen,
}

impl Store {
    /// The reads of the business a request saw (see [`MemberReads`]).
    pub fn member_reads(&self, seen: Seen) -> MemberReads<'_> {
        MemberReads { store: self, seen }
    }

    /// How many member reads this node holds in memory (tests).
    #[doc(hidden)]
    pub fn member_reads_held(&self) -> usize {
        self.member_cache.len()
    }
}

impl MemberReads<'_> {
    async fn cached<T: Send + Sync + 'static>(
        &self,
        read: Read,
        load: impl Future<Output = Result<T>>,
    ) -> Result<Arc<T>> {
        self.cached_if(read, load, |_| true).await
    }

    /// [`Self::cached`], holding only what `keep` accepts.
    async fn cached_if<T: Send + Sync + 'static>(
        &self,
        read: Read,
        load: impl Future<Output = Result<T>>,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Arc<T>> {
        let cache = &self.store.member_cache;
        // The catalogue's names and the tiers are part of what is held.
        let stamp = (self.seen.data_version, self.store.reference().await?.version);
        let key = (self.seen.business_id, read);
        if let Some(held) = cache.get(key, stamp).and_then(|v| v.downcast::<T>().ok()) {
            return Ok(held);
        }
        let value = Arc::new(load.await?);
        if keep(&value) {
            cache.put(key, stamp, value.clone());
        }
        Ok(value)
    }

    pub async fn products_and_balance(&self) -> Result<Arc<(Vec<ProductView>, i64)>> {
        self.cached(Read::ProductsAndBalance, self.store.products_and_balance(self.seen.business_id)).await
    }

    pub async fn ledger(&self) -> Result<Arc<(Vec<LedgerLine>, i64)>> {
        self.cached(Read::Ledger, self.store.ledger(self.seen.business_id)).await
    }

    pub async fn standing(&self, today: NaiveDate) -> Result<Arc<Option<Standing>>> {
        self.cached(Read::Standing(today), self.store.standing(self.seen.business_id, today)).await
    }

    /// Only a migrated business's state is held: it is the business's own
    /// data (the legacy account migrated into it and that account's
    /// products raise its version too). Whether an old account waits for a
    /// business that has not migrated depends on the legacy system's data,
    /// which staff may import at any time, so that is read every time.
    pub async fn migration_state(&self) -> Result<Arc<MigrationState>> {
        let load = self.store.migration_state(self.seen.business_id);
        self.cached_if(Read::MigrationState, load, |s| matches!(s, MigrationState::Migrated { .. })).await
    }

    pub async fn business(&self) -> Result<Arc<Option<Business>>> {
        self.cached(Read::Business, self.store.business(self.seen.business_id)).await
    }

    /// The owner's view of the team at `now` (see [`Store::team`]).
    pub async fn team(&self, now: DateTime<Utc>) -> Result<(Vec<BusinessUser>, Vec<SentInvitation>)> {
        let day = now.date_naive();
        let day_start = day.and_time(NaiveTime::MIN).and_utc();
        let rows = self.cached(Read::Team(day), self.store.team_rows(self.seen.business_id, day_start)).await?;
        rows.at(now)
    }

    pub async fn memberships(&self) -> Result<Arc<Vec<Membership>>> {
        self.cached(Read::Memberships, self.store.memberships(self.seen.business_id)).await
    }

    pub async fn invoices(&self) -> Result<Arc<Vec<Invoice>>> {
        self.cached(Read::Invoices, self.store.invoices(self.seen.business_id)).await
    }

    pub async fn invoice(&self, id: i64) -> Result<Arc<Option<Invoice>>> {
        self.cached(Read::Invoice(id), self.store.invoice(self.seen.business_id, id)).await
    }

    pub async fn product_choices(&self) -> Result<Arc<Vec<ProductChoice>>> {
        self.cached(Read::ProductChoices, self.store.product_choices(self.seen.business_id)).await
    }

    pub async fn tickets(&self) -> Result<Arc<Vec<TicketSummary>>> {
        self.cached(Read::Tickets, self.store.tickets(self.seen.business_id)).await
    }
}
