//! Caching of `GET` route handlers and `#[cache]` functions, as in Next.js: segment
//! config (`DYNAMIC`, `REVALIDATE`, …), stale-while-revalidate, `cacheLife` profiles,
//! tags, and a pluggable store shared by the whole process or by many instances.
//!
//! By default every router uses one process-wide in-memory [`Cache`] of 64 MiB. To
//! size it, or to share entries through Redis, add a [`Cache`]'s layer to the app:
//!
//! ```
//! use app_router::cache::{Cache, MemoryStore};
//! use axum::Router;
//!
//! let cache = Cache::new(MemoryStore::new(512 * 1024 * 1024));
//! let app: Router = Router::new().layer(cache.layer());
//! ```

mod entry;
mod helper;
mod life;
#[cfg(feature = "redis")]
mod redis;
pub(crate) mod route;
mod store;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll};

use axum::extract::Request;
use tokio::sync::OnceCell;

pub use entry::CacheEntry;
pub use helper::cache_tag;
pub use life::CacheLife;
#[cfg(feature = "redis")]
pub use redis::RedisStore;
pub use route::{PrerenderError, prerender};
pub use store::{CacheStore, MemoryStore, StoreError, StoreFuture};

#[doc(hidden)]
pub use helper::{cache_key, cached_call, cached_result};
#[doc(hidden)]
pub use route::{CachePolicy, Cached, CachedFuture, StaticParams};

tokio::task_local! {
    static CURRENT: Cache;
}

/// A cache store with the bookkeeping every instance keeps for itself: which keys are
/// being rendered right now (so that many requests for one stale or missing entry
/// cause one render).
///
/// Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

struct Inner {
    store: Box<dyn CacheStore>,
    flights: Mutex<HashMap<String, Arc<OnceCell<Arc<CacheEntry>>>>>,
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache").finish_non_exhaustive()
    }
}

impl Cache {
    /// A cache over `store`.
    pub fn new(store: impl CacheStore) -> Self {
        Self {
            inner: Arc::new(Inner {
                store: Box::new(store),
                flights: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The process-wide cache that routers use without a [`layer`](Self::layer):
    /// a [`MemoryStore`] of 64 MiB.
    pub fn global() -> &'static Cache {
        static GLOBAL: OnceLock<Cache> = OnceLock::new();
        GLOBAL.get_or_init(|| Cache::new(MemoryStore::default()))
    }

    /// The cache of the request being handled, else [`Cache::global`].
    pub fn current() -> Cache {
        CURRENT
            .try_with(Cache::clone)
            .unwrap_or_else(|_| Cache::global().clone())
    }

    /// A tower layer that makes this the cache of every request through it: cached
    /// routes, `#[cache]` functions and `revalidate_tag` all use it.
    pub fn layer(&self) -> CacheLayer {
        CacheLayer {
            cache: self.clone(),
        }
    }

    /// The store underneath.
    pub fn store(&self) -> &dyn CacheStore {
        &*self.inner.store
    }

    /// Marks every entry tagged `tag` stale: the next request for it is served the
    /// stale copy while one regeneration runs (`revalidateTag(tag, 'max')`). A store
    /// error is logged, not returned.
    pub async fn revalidate_tag(&self, tag: &str) {
        self.revalidate_tags(vec![tag.to_owned()]).await;
    }

    /// Marks the cached response of `path` (`/api/posts`) stale, as
    /// `revalidatePath(path)` does: tag `_N_T_<path>`.
    pub async fn revalidate_path(&self, path: &str) {
        self.revalidate_tags(vec![route::path_tag(path)]).await;
    }

    async fn revalidate_tags(&self, tags: Vec<String>) {
        let at = entry::now_micros();
        if let Err(err) = self.inner.store.revalidate_tags(&tags, at).await {
            tracing::warn!(%err, ?tags, "could not revalidate cache tags");
        }
    }

    /// Runs `render` once for `key` however many callers ask at the same time; the
    /// others wait for its result.
    pub(crate) async fn single_flight<F, Fut>(&self, key: &str, render: F) -> Arc<CacheEntry>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Arc<CacheEntry>>,
    {
        let (cell, _guard) = self.flight(key);
        cell.get_or_init(render).await.clone()
    }

    /// The flight for `key`, joined or started; `None` in `.1` when joined. The
    /// guard ends the flight when the starter is done.
    fn flight(&self, key: &str) -> (Arc<OnceCell<Arc<CacheEntry>>>, Option<FlightGuard>) {
        let mut flights = self
            .inner
            .flights
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(cell) = flights.get(key) {
            return (Arc::clone(cell), None);
        }
        let cell = Arc::new(OnceCell::new());
        flights.insert(key.to_owned(), Arc::clone(&cell));
        let guard = FlightGuard {
            cache: self.clone(),
            key: key.to_owned(),
        };
        (cell, Some(guard))
    }

    /// Starts a background render for `key` unless one is running.
    pub(crate) fn revalidate_in_background<F, Fut>(&self, key: &str, render: F)
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Arc<CacheEntry>> + Send + 'static,
    {
        let (cell, guard) = self.flight(key);
        let Some(guard) = guard else { return };
        let cache = self.clone();
        tokio::spawn(CURRENT.scope(cache, async move {
            cell.get_or_init(render).await;
            drop(guard);
        }));
    }
}

struct FlightGuard {
    cache: Cache,
    key: String,
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        self.cache
            .inner
            .flights
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

/// Marks every cached entry tagged `tag` stale, in the cache of the current request
/// (`revalidateTag(tag, 'max')`): the next request gets the stale copy (`STALE`) while
/// one regeneration runs.
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn POST() -> impl IntoResponse {
///     app_router::cache::revalidate_tag("posts").await;
///     Json(json!({ "revalidated": true }))
/// }
/// ```
pub async fn revalidate_tag(tag: &str) {
    Cache::current().revalidate_tag(tag).await;
}

/// Marks the cached `GET` response of `path` stale, in the cache of the current
/// request (`revalidatePath(path)`); the next visit regenerates it.
pub async fn revalidate_path(path: &str) {
    Cache::current().revalidate_path(path).await;
}

/// The layer of [`Cache::layer`].
#[derive(Debug, Clone)]
pub struct CacheLayer {
    cache: Cache,
}

impl<S> tower_layer::Layer<S> for CacheLayer {
    type Service = CacheService<S>;

    fn layer(&self, inner: S) -> CacheService<S> {
        CacheService {
            inner,
            cache: self.cache.clone(),
        }
    }
}

/// The service of [`CacheLayer`].
#[derive(Debug, Clone)]
pub struct CacheService<S> {
    inner: S,
    cache: Cache,
}

impl<S> tower_service::Service<Request> for CacheService<S>
where
    S: tower_service::Service<Request>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        req.extensions_mut().insert(self.cache.clone());
        Box::pin(CURRENT.scope(self.cache.clone(), self.inner.call(req)))
    }
}
