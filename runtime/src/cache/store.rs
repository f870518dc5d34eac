//! Where cache entries live: the [`CacheStore`] trait and the in-memory default.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use super::entry::CacheEntry;

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
    /// The entry under `key`, with the latest revalidation time (microseconds since
    /// the epoch) of any of its tags.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, Option<u64>)>>;

    /// [`get`](Self::get) without waiting, for stores that can answer at once (an
    /// in-process map): `None` means "ask `get`". A cached route answers a fresh hit
    /// from here without allocating its render future. The default is `None`, which
    /// is right for stores behind a network.
    fn get_now(&self, key: &str) -> Option<Option<(Arc<CacheEntry>, Option<u64>)>> {
        let _ = key;
        None
    }

    /// Stores `entry` under `key`, replacing what was there. Keep it at least
    /// `entry.expire` seconds.
    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()>;

    /// Records that `tags` were revalidated at `at` (microseconds since the epoch):
    /// entries rendered before that are stale.
    fn revalidate_tags<'a>(&'a self, tags: &'a [String], at: u64) -> StoreFuture<'a, ()>;
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
    tags: RwLock<HashMap<String, u64>>,
    /// The latest time of any tag: entries rendered after it skip the tag lookup.
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
    /// A store holding at most about `max_bytes` of bodies and headers.
    pub fn new(max_bytes: u64) -> Self {
        let entries = moka::sync::Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|key: &String, entry: &Arc<CacheEntry>| {
                let size = key.len() + entry.body.len() + 64 * (1 + entry.headers.len());
                u32::try_from(size).unwrap_or(u32::MAX)
            })
            .build();
        Self {
            entries,
            tags: RwLock::new(HashMap::new()),
            latest_tag: AtomicU64::new(0),
        }
    }

    fn lookup(&self, key: &str) -> Option<(Arc<CacheEntry>, Option<u64>)> {
        self.entries.get(key).map(|entry| {
            let time = self.tag_time(&entry);
            (entry, time)
        })
    }

    fn tag_time(&self, entry: &CacheEntry) -> Option<u64> {
        if self.latest_tag.load(Ordering::Acquire) <= entry.rendered_at {
            return None;
        }
        let tags = self.tags.read().unwrap_or_else(PoisonError::into_inner);
        entry.tags.iter().filter_map(|t| tags.get(t).copied()).max()
    }
}

impl Default for MemoryStore {
    /// 64 MiB.
    fn default() -> Self {
        Self::new(64 * 1024 * 1024)
    }
}

impl CacheStore for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, Option<u64>)>> {
        Box::pin(std::future::ready(Ok(self.lookup(key))))
    }

    fn get_now(&self, key: &str) -> Option<Option<(Arc<CacheEntry>, Option<u64>)>> {
        Some(self.lookup(key))
    }

    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()> {
        self.entries.insert(key.to_owned(), entry);
        Box::pin(std::future::ready(Ok(())))
    }

    fn revalidate_tags<'a>(&'a self, tags: &'a [String], at: u64) -> StoreFuture<'a, ()> {
        let mut map = self.tags.write().unwrap_or_else(PoisonError::into_inner);
        for tag in tags {
            let time = map.entry(tag.clone()).or_insert(0);
            *time = (*time).max(at);
        }
        self.latest_tag.fetch_max(at, Ordering::AcqRel);
        Box::pin(std::future::ready(Ok(())))
    }
}
