//! Where cache entries live: the [`CacheStore`] trait and the in-memory default.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use super::entry::{CacheEntry, TagState};

/// The future a [`CacheStore`] method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A cache store failed (unreachable, timed out, refused). Requests are then served
/// uncached and the error is logged; nothing fails because of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cache store error: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// Storage for cached responses, `#[cache]` values and tag revalidation times.
///
/// Two implementations ship: [`MemoryStore`] (the default, one process) and, with the
/// `redis` feature, `RedisStore` (shared by every instance behind a load balancer).
/// Implement it to keep entries elsewhere; errors never fail a request.
pub trait CacheStore: Send + Sync + 'static {
    /// The entry under `key`, with what revalidations recorded for its tags, combined
    /// with [`TagState::for_entry`].
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, TagState)>>;

    /// [`get`](Self::get) without waiting, for stores that can answer at once (an
    /// in-process map): `None` means "ask `get`". A cached route answers a fresh hit
    /// from here without allocating its render future. The default is `None`, which
    /// is right for stores behind a network.
    fn get_now(&self, key: &str) -> Option<Option<(Arc<CacheEntry>, TagState)>> {
        let _ = key;
        None
    }

    /// Stores `entry` under `key`, replacing what was there. Keep it at least
    /// `entry.expire` seconds.
    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()>;

    /// Records `update` for each of `tags` ([`TagState::apply`]): entries rendered
    /// before `update.stale` are stale, and expired once `update.expired` has passed.
    fn revalidate_tags<'a>(&'a self, tags: &'a [String], update: TagState) -> StoreFuture<'a, ()>;
}

/// A shared store: one store behind several [`Cache`](super::Cache)s, or kept to be
/// inspected (`MemoryStore::weighted_size`).
impl<T: CacheStore> CacheStore for Arc<T> {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, TagState)>> {
        (**self).get(key)
    }

    fn get_now(&self, key: &str) -> Option<Option<(Arc<CacheEntry>, TagState)>> {
        (**self).get_now(key)
    }

    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()> {
        (**self).set(key, entry)
    }

    fn revalidate_tags<'a>(&'a self, tags: &'a [String], update: TagState) -> StoreFuture<'a, ()> {
        (**self).revalidate_tags(tags, update)
    }
}

/// The default store: a bounded in-process cache (moka, weighed by body size, least
/// recently used entries evicted first).
///
/// ```
/// use app_router::cache::{Cache, MemoryStore};
///
/// let cache = Cache::new(MemoryStore::new(256 * 1024 * 1024));
/// ```
pub struct MemoryStore {
    entries: moka::sync::Cache<String, Arc<CacheEntry>>,
    tags: RwLock<HashMap<String, TagState>>,
    /// The latest time any tag mentions: entries rendered after it skip the tag lookup.
    latest_tag: AtomicU64,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("entries", &self.entries.entry_count())
            .finish_non_exhaustive()
    }
}

impl MemoryStore {
    /// A store holding at most about `max_bytes`, counting everything an entry costs:
    /// key, body, headers, tags and the bookkeeping of each entry (a few hundred bytes
    /// measured), so a flood of distinct URLs cannot grow the process past the bound.
    pub fn new(max_bytes: u64) -> Self {
        let entries = moka::sync::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|key: &String, entry: &Arc<CacheEntry>| {
                u32::try_from(weight(key, entry)).unwrap_or(u32::MAX)
            })
            .build();
        Self {
            entries,
            tags: RwLock::new(HashMap::new()),
            latest_tag: AtomicU64::new(0),
        }
    }

    /// The bytes the store counts now: what [`new`](Self::new)'s bound is compared with.
    /// Evictions are applied lazily; this settles them first.
    pub fn weighted_size(&self) -> u64 {
        self.entries.run_pending_tasks();
        self.entries.weighted_size()
    }

    /// How many entries the store holds (after settling pending evictions).
    pub fn entry_count(&self) -> u64 {
        self.entries.run_pending_tasks();
        self.entries.entry_count()
    }

    fn lookup(&self, key: &str) -> Option<(Arc<CacheEntry>, TagState)> {
        self.entries.get(key).map(|entry| {
            let state = self.tag_state(&entry);
            (entry, state)
        })
    }

    fn tag_state(&self, entry: &CacheEntry) -> TagState {
        if self.latest_tag.load(Ordering::Acquire) <= entry.rendered_at {
            return TagState::default();
        }
        let tags = self.tags.read().unwrap_or_else(PoisonError::into_inner);
        TagState::for_entry(
            entry.rendered_at,
            entry.tags.iter().filter_map(|t| tags.get(t).copied()),
        )
    }
}

/// What one entry costs in memory beyond its bytes, measured with
/// `cargo run --release -p app-router-bench --bin flood -- --overhead` (64-bit Linux,
/// glibc malloc: 1,518 B per entry of a 2-byte body, 2 headers and 3 tags): moka's
/// entry, node and hash-table slot, the `Arc<CacheEntry>`, the `HeaderMap`'s
/// preallocated table, and the allocator's per-allocation overhead.
const ENTRY_OVERHEAD: usize = 1_080;
/// A `HeaderMap` slot (bucket, index, name and value handles) beyond the bytes.
const HEADER_OVERHEAD: usize = 96;
/// A `String` in the tag list: its handle and the allocation's overhead.
const TAG_OVERHEAD: usize = 40;

/// An honest estimate of what `key` and `entry` occupy: every byte the entry holds
/// (key, body, header names and values, tags) plus the measured overheads, so that
/// the bound holds for a flood of small entries as well as for a few large ones.
fn weight(key: &str, entry: &CacheEntry) -> usize {
    let headers: usize = entry
        .headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + HEADER_OVERHEAD)
        .sum();
    let tags: usize = entry.tags.iter().map(|t| t.len() + TAG_OVERHEAD).sum();
    ENTRY_OVERHEAD + key.len() + entry.body.len() + headers + tags
}

impl Default for MemoryStore {
    /// 64 MiB.
    fn default() -> Self {
        Self::new(64 * 1024 * 1024)
    }
}

impl CacheStore for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, TagState)>> {
        Box::pin(std::future::ready(Ok(self.lookup(key))))
    }

    fn get_now(&self, key: &str) -> Option<Option<(Arc<CacheEntry>, TagState)>> {
        Some(self.lookup(key))
    }

    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()> {
        self.entries.insert(key.to_owned(), entry);
        Box::pin(std::future::ready(Ok(())))
    }

    fn revalidate_tags<'a>(&'a self, tags: &'a [String], update: TagState) -> StoreFuture<'a, ()> {
        let mut map = self.tags.write().unwrap_or_else(PoisonError::into_inner);
        for tag in tags {
            map.entry(tag.clone()).or_default().apply(update);
        }
        self.latest_tag.fetch_max(update.latest(), Ordering::AcqRel);
        Box::pin(std::future::ready(Ok(())))
    }
}
