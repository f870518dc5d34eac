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

pub use entry::{CacheEntry, TagState};
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

    /// `revalidateTag(tag, profile)` of Next.js 16: every entry tagged `tag` is stale
    /// now (the next request for it is served the stale copy, `STALE`, while one
    /// regeneration runs) and, once `profile.expire` seconds have passed without a
    /// regeneration, expired (the next request waits for a fresh render). Pass
    /// [`CacheLife::MAX`] for Next.js' recommended `'max'`. A store error is logged,
    /// not returned.
    pub async fn revalidate_tag(&self, tag: &str, profile: CacheLife) {
        let now = entry::now_micros();
        let expired = profile
            .expire
            .map_or(0, |e| now.saturating_add(u64::from(e) * 1_000_000));
        self.update_tags(
            vec![tag.to_owned()],
            TagState {
                stale: now,
                expired,
            },
        )
        .await;
    }

    /// The deprecated one-argument `revalidateTag(tag)` (and `updateTag(tag)`) of
    /// Next.js 16: every entry tagged `tag` expires now, so the next request for it
    /// waits for a fresh render (`MISS`) instead of being served the stale copy.
    pub async fn expire_tag(&self, tag: &str) {
        let now = entry::now_micros();
        self.update_tags(
            vec![tag.to_owned()],
            TagState {
                stale: 0,
                expired: now,
            },
        )
        .await;
    }

    /// `revalidatePath(path, type)` of Next.js 16: expires now the cached responses
    /// of one URL (`kind` `None`: `/blog/hello`) or of a route and everything under it
    /// (`PathKind::Layout` with a route pattern: `/blog/[slug]`), so their next request
    /// waits for a fresh render.
    pub async fn revalidate_path(&self, path: &str, kind: impl Into<Option<PathKind>>) {
        let kind = kind.into();
        if kind.is_none() && path.contains('[') {
            tracing::warn!(
                path,
                "revalidate_path of a route pattern without a kind expires nothing: pass `PathKind::Page` or `PathKind::Layout`"
            );
        }
        let now = entry::now_micros();
        self.update_tags(
            path_tags(path, kind),
            TagState {
                stale: 0,
                expired: now,
            },
        )
        .await;
    }

    async fn update_tags(&self, tags: Vec<String>, update: TagState) {
        if let Err(err) = self.inner.store.revalidate_tags(&tags, update).await {
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

/// `revalidateTag(tag, profile)` of Next.js 16, in the cache of the current request:
/// entries tagged `tag` are served stale (`STALE`) while one regeneration runs, and
/// expire after `profile.expire` seconds (see [`Cache::revalidate_tag`]).
///
/// ```
/// use app_router::cache::CacheLife;
/// use app_router::prelude::*;
///
/// pub async fn POST() -> impl IntoResponse {
///     app_router::cache::revalidate_tag("posts", CacheLife::MAX).await;
///     Json(json!({ "revalidated": true }))
/// }
/// ```
pub async fn revalidate_tag(tag: &str, profile: CacheLife) {
    Cache::current().revalidate_tag(tag, profile).await;
}

/// The deprecated one-argument `revalidateTag(tag)` of Next.js 16 (and `updateTag`):
/// entries tagged `tag` expire now; the next request waits for a fresh render.
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn POST() -> StatusCode {
///     app_router::cache::expire_tag("cart").await;
///     StatusCode::NO_CONTENT
/// }
/// ```
pub async fn expire_tag(tag: &str) {
    Cache::current().expire_tag(tag).await;
}

/// `revalidatePath(path, type)` of Next.js 16, in the cache of the current request:
/// the cached responses of `path` expire now (see [`Cache::revalidate_path`]).
///
/// ```
/// use app_router::cache::{PathKind, revalidate_path};
///
/// # async fn f() {
/// revalidate_path("/blog/hello", None).await; // one URL
/// revalidate_path("/blog/[slug]", PathKind::Page).await; // every URL of a route
/// revalidate_path("/blog", PathKind::Layout).await; // every route under /blog
/// # }
/// ```
pub async fn revalidate_path(path: &str, kind: impl Into<Option<PathKind>>) {
    Cache::current().revalidate_path(path, kind).await;
}

/// The `type` of `revalidatePath(path, type)`: what `path` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathKind {
    /// `'page'`: the route `path` (a pattern such as `/blog/[slug]` or a plain path),
    /// every URL it serves. Next.js tags route handlers `<route>/route`, so its
    /// `'page'` misses them; here it covers route handlers and pages alike.
    Page,
    /// `'layout'`: every route at or under `path`.
    Layout,
}

/// The tags `revalidatePath(path, type)` expires: `_N_T_<path>` (trailing slash
/// removed), with `/<type>` appended for a kind; `/` and `/index` name one page.
fn path_tags(path: &str, kind: Option<PathKind>) -> Vec<String> {
    let base = route::path_tag(path);
    let mut tags = match kind {
        None => vec![base],
        Some(kind) => {
            let sep = if base.ends_with('/') { "" } else { "/" };
            match kind {
                PathKind::Layout => vec![format!("{base}{sep}layout")],
                PathKind::Page => vec![format!("{base}{sep}page"), format!("{base}{sep}route")],
            }
        }
    };
    if tags[0] == "_N_T_/" {
        tags.push("_N_T_/index".to_owned());
    } else if tags[0] == "_N_T_/index" {
        tags.push("_N_T_/".to_owned());
    }
    tags
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
