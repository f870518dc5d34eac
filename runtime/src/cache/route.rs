//! The cached `GET` of a route: stale-while-revalidate over a [`Cache`], rendered with
//! an empty request, plus prerendering before the server starts.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::handler::Handler;
use axum::http::{Extensions, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;

use super::Cache;
use super::entry::{CacheEntry, Freshness, now_micros};
use super::helper::{Collected, RENDER, shortest};
use super::life::{DEFAULT_EXPIRE, cache_control};
use crate::handler::{Guard, Guarded};
use crate::path;

/// The params of `generate_static_params`, as URL paths (`/blog/hello`).
pub type StaticParams = fn() -> Pin<Box<dyn Future<Output = Vec<String>> + Send>>;

/// How a route's `GET` is cached, decided at compile time from its segment config.
#[derive(Debug, Clone, Copy)]
pub struct CachePolicy {
    route: &'static str,
    patterns: &'static [&'static str],
    revalidate: Option<u32>,
    force_static: bool,
    dynamic_params: bool,
    static_params: Option<StaticParams>,
    not_found_page: bool,
}

impl CachePolicy {
    /// Cached forever (`revalidate = false`) until a tag or path revalidation. `route`
    /// is the pattern, `/blog/[slug]`, for the implicit tags.
    pub const fn new(route: &'static str) -> Self {
        Self {
            route,
            patterns: &[],
            revalidate: None,
            force_static: false,
            dynamic_params: true,
            static_params: None,
            not_found_page: false,
        }
    }

    /// The axum paths the route is registered at (`/blog/{slug}`; two for
    /// `[[...slug]]`): a render is routed through them, so `Path<T>` and `MatchedPath`
    /// work in it without copying the visitor's request.
    pub const fn patterns(mut self, patterns: &'static [&'static str]) -> Self {
        self.patterns = patterns;
        self
    }

    /// Stale after `seconds`.
    pub const fn revalidate(mut self, seconds: u32) -> Self {
        self.revalidate = Some(seconds);
        self
    }

    /// `dynamic = 'force-static'` (informational: every render already gets an empty
    /// request).
    pub const fn force_static(mut self) -> Self {
        self.force_static = true;
        self
    }

    /// `generate_static_params`, and whether other params are served (`true`) or `404`.
    pub const fn static_params(mut self, params: StaticParams, dynamic_params: bool) -> Self {
        self.static_params = Some(params);
        self.dynamic_params = dynamic_params;
        self
    }

    /// A page whose wrapper renders the nearest `not-found.rs`: a param that
    /// `DYNAMIC_PARAMS = false` refuses is handed to it marked [`Unlisted`] (rendered
    /// for this request, stored nothing) instead of answering an empty `404`.
    pub const fn not_found_page(mut self) -> Self {
        self.not_found_page = true;
        self
    }
}

/// Marks a request whose params `generate_static_params` did not list, on a page
/// with `DYNAMIC_PARAMS = false`: its wrapper renders the nearest `not-found.rs`
/// without running the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unlisted;

/// Whether the page's request is [`Unlisted`] (generated page wrappers ask).
pub fn is_unlisted(parts: &axum::http::request::Parts) -> bool {
    parts.extensions.get::<Unlisted>().is_some()
}

#[derive(Debug)]
struct Shared {
    policy: CachePolicy,
    guard: Guard,
    static_paths: OnceCell<HashSet<String>>,
}

impl Shared {
    /// [`allows`](Self::allows) without waiting: `None` until the static params are
    /// known.
    fn allows_now(&self, path: &str) -> Option<bool> {
        if self.policy.static_params.is_none() || self.policy.dynamic_params {
            return Some(true);
        }
        Some(self.static_paths.get()?.contains(path))
    }

    async fn allows(&self, path: &str) -> bool {
        let Some(params) = self
            .policy
            .static_params
            .filter(|_| !self.policy.dynamic_params)
        else {
            return true;
        };
        self.static_paths
            .get_or_init(|| async move { params().await.into_iter().collect() })
            .await
            .contains(path)
    }
}

/// A `GET` handler behind the response cache.
#[derive(Debug)]
pub struct Cached<K> {
    inner: K,
    shared: Arc<Shared>,
}

impl<K: Clone> Clone for Cached<K> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<K> Cached<K> {
    /// `inner` is the user's handler; `guard` the route's, which renders run behind
    /// (the visitor's request is already behind the route's guard layer).
    pub(crate) fn new(inner: K, policy: CachePolicy, guard: Guard) -> Self {
        Self {
            inner,
            shared: Arc::new(Shared {
                policy,
                guard,
                static_paths: OnceCell::new(),
            }),
        }
    }
}

impl<K, T, S> Handler<T, S> for Cached<K>
where
    K: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    type Future = CachedFuture;

    fn call(self, req: Request, state: S) -> Self::Future {
        // A catch-all capture would otherwise swallow `/a/b/` or `/a//b`: answered
        // here, once, before anything is looked up.
        if self.shared.guard.normalize_path
            && let Some(redirect) = path::canonical_redirect(req.uri(), req.extensions())
        {
            return CachedFuture::Ready(Some(redirect));
        }
        if crate::draft::requested(req.headers()) {
            return CachedFuture::Serve(Box::pin(draft(self.inner, req, state)));
        }
        match fresh_hit(&self.shared, &req) {
            Some(response) => CachedFuture::Ready(Some(response)),
            None => CachedFuture::Serve(Box::pin(serve(self, req, state))),
        }
    }
}

/// The response future of a cached `GET`: a fresh hit (or a `308`) is answered without boxing
/// the render future.
pub enum CachedFuture {
    #[doc(hidden)]
    Ready(Option<Response>),
    #[doc(hidden)]
    Serve(Pin<Box<dyn Future<Output = Response> + Send>>),
}

impl fmt::Debug for CachedFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Ready(_) => "CachedFuture::Ready",
            Self::Serve(_) => "CachedFuture::Serve",
        })
    }
}

impl Future for CachedFuture {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Response> {
        match self.get_mut() {
            Self::Ready(response) => std::task::Poll::Ready(
                response
                    .take()
                    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
            ),
            Self::Serve(future) => future.as_mut().poll(cx),
        }
    }
}

/// The cache of this request: the one [`Cache::layer`] installed, else the global one.
fn cache_of(req: &Request) -> &Cache {
    req.extensions()
        .get::<Cache>()
        .unwrap_or_else(|| Cache::global())
}

/// The key of a route's response (`fresh_hit` builds the same one in a buffer).
fn route_key(path: &str) -> String {
    format!("route:{path}")
}

/// The `HIT` answer when it needs no waiting: a path that may be served, a
/// store that answers at once ([`CacheStore::get_now`](super::CacheStore::get_now)) and
/// a fresh entry. Everything else goes through [`serve`].
fn fresh_hit(shared: &Shared, req: &Request) -> Option<Response> {
    let path = path::canonical_path(req.uri().path());
    if !shared.allows_now(&path)? {
        return None;
    }
    let store = cache_of(req).store();
    // The key is built in a reused buffer: a hit allocates nothing for it.
    thread_local!(static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
    let (entry, tags) = KEY.with_borrow_mut(|key| {
        key.clear();
        key.push_str("route:");
        key.push_str(&path);
        store.get_now(key)
    })??;
    match entry.freshness(now_micros(), tags) {
        Freshness::Fresh => Some(entry.response("HIT")),
        _ => None,
    }
}

async fn serve<K, T, S>(cached: Cached<K>, req: Request, state: S) -> Response
where
    K: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let shared = cached.shared;
    let path = path::canonical_path(req.uri().path()).into_owned();
    if !shared.allows(&path).await {
        if shared.policy.not_found_page {
            let mut req = req;
            req.extensions_mut().insert(Unlisted);
            return cached.inner.call(req, state).await;
        }
        return StatusCode::NOT_FOUND.into_response();
    }
    let key = route_key(&path);
    let cache = cache_of(&req);
    let found = cache.store().get(&key).await.map(|found| {
        found.map(|(entry, tags)| {
            let freshness = entry.freshness(now_micros(), tags);
            (entry, freshness)
        })
    });
    if let Ok(Some((entry, Freshness::Fresh))) = &found {
        return entry.response("HIT");
    }
    let cache = cache.clone();
    let renderer = Renderer {
        handler: cached.inner,
        state,
        shared,
        template: Arc::new(Template::new(&path, req.extensions())),
        _marker: std::marker::PhantomData,
    };
    drop(req);
    // Kept to render again for a waiter whose flight rendered a response for its own
    // requester only (one that sets a cookie).
    let spare = renderer.clone();
    let mut rendered_here = false;
    let flown = &mut rendered_here;
    let (entry, cacheable) = match found {
        Err(err) => {
            // The store is down: still one render for all concurrent misses of the key.
            tracing::warn!(%err, %key, "cache store failed; serving uncached");
            let entry = cache
                .single_flight(&key, move || async move {
                    *flown = true;
                    Arc::new(renderer.render().await)
                })
                .await;
            (entry, false)
        }
        Ok(Some((entry, Freshness::Stale))) => {
            let seen = entry.rendered_at;
            let (c, k) = (cache.clone(), key.clone());
            cache.revalidate_in_background(&key, move || {
                renderer.render_and_store(c, k, Some(seen))
            });
            return entry.response("STALE");
        }
        Ok(_) => {
            let (c, k) = (cache.clone(), key.clone());
            let entry = cache
                .single_flight(&key, move || async move {
                    *flown = true;
                    renderer.render_and_store(c, k, None).await
                })
                .await;
            (entry, true)
        }
    };
    let entry = if entry.sets_cookie() && !rendered_here {
        Arc::new(spare.render().await)
    } else {
        entry
    };
    if cacheable && entry.storable() {
        entry.response("MISS")
    } else {
        entry.response_uncached()
    }
}

/// A draft-mode request: the handler runs for this visitor's own request (their
/// headers and cookies, as an uncached route would), nothing is looked up or stored,
/// and the response says so to every cache on the way.
async fn draft<K, T, S>(handler: K, req: Request, state: S) -> Response
where
    K: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let mut response = handler.call(req, state).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache, no-store, max-age=0, must-revalidate"),
    );
    response
}

/// Only responses Next.js would prerender are kept: status below 400, or 404.
fn storable(status: StatusCode) -> bool {
    status.as_u16() < 400 || status == StatusCode::NOT_FOUND
}

impl CacheEntry {
    /// Whether the response sets a cookie: such a response is its requester's alone.
    /// Shared caches do not store it (RFC 9111 §3 leaves it to them; CDNs refuse by
    /// default), and neither does this one: one visitor's session is never replayed to
    /// another.
    fn sets_cookie(&self) -> bool {
        self.headers.contains_key(header::SET_COOKIE)
    }

    /// Whether the rendered response may be kept and served to others.
    fn storable(&self) -> bool {
        storable(self.status) && !self.sets_cookie()
    }
}

/// The request every render sees, as Next.js gives `force-static` handlers: `GET
/// http://localhost:3000<path>` (the canonical path), no query, headers, cookies or
/// body. Of the visitor's request extensions only the app's [`Cache`] handle is kept;
/// the route's `MatchedPath` and URL params come from routing the render itself (see
/// [`CachePolicy::patterns`]). Anything a middleware inserted for this visitor
/// (`Extension<User>`) never reaches a response that others are served.
#[derive(Debug)]
struct Template {
    uri: Uri,
    extensions: Extensions,
}

impl Template {
    fn new(path: &str, visitor: &Extensions) -> Self {
        let uri = format!("http://localhost:3000{path}")
            .parse()
            .unwrap_or_else(|_| Uri::from_static("http://localhost:3000/"));
        let mut extensions = Extensions::new();
        extensions.insert(OriginalUri(uri.clone()));
        if let Some(cache) = visitor.get::<Cache>() {
            extensions.insert(cache.clone());
        }
        // The app's instrumentation hooks (not the visitor's data): a render's errors
        // reach `on_request_error` too.
        if let Some(hooks) = visitor.get::<crate::instrumentation::Instrumentation>() {
            extensions.insert(hooks.clone());
        }
        Self { uri, extensions }
    }

    fn request(&self) -> Request {
        let mut req = Request::new(Body::empty());
        *req.method_mut() = Method::GET;
        *req.uri_mut() = self.uri.clone();
        *req.extensions_mut() = self.extensions.clone();
        req
    }
}

struct Renderer<K, T, S> {
    handler: K,
    state: S,
    shared: Arc<Shared>,
    template: Arc<Template>,
    _marker: std::marker::PhantomData<fn() -> T>,
}

impl<K: Clone, T, S: Clone> Clone for Renderer<K, T, S> {
    fn clone(&self) -> Self {
        Self {
            handler: self.handler.clone(),
            state: self.state.clone(),
            shared: Arc::clone(&self.shared),
            template: Arc::clone(&self.template),
            _marker: std::marker::PhantomData,
        }
    }
}

impl<K, T, S> Renderer<K, T, S>
where
    K: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    /// Renders unless another instance or flight stored a fresh entry meanwhile, then
    /// stores the result if it may be kept.
    async fn render_and_store(
        self,
        cache: Cache,
        key: String,
        seen: Option<u64>,
    ) -> Arc<CacheEntry> {
        if let Ok(Some((current, tags))) = cache.store().get(&key).await
            && current.freshness(now_micros(), tags) == Freshness::Fresh
            && seen.is_none_or(|seen| current.rendered_at > seen)
        {
            return current;
        }
        let entry = Arc::new(self.render_for(seen.is_some()).await);
        if entry.storable()
            && let Err(err) = cache.store().set(&key, Arc::clone(&entry)).await
        {
            tracing::warn!(%err, %key, "cache store failed; the response was not cached");
        }
        entry
    }

    async fn render(self) -> CacheEntry {
        self.render_for(false).await
    }

    /// `stale`: a background regeneration of a stale entry (`revalidateReason:
    /// 'stale'` for `on_request_error`).
    async fn render_for(self, stale: bool) -> CacheEntry {
        let started = now_micros();
        let collected = Arc::new(Collected::default());
        let mut request = self.template.request();
        if stale {
            request
                .extensions_mut()
                .insert(crate::instrumentation::StaleRender);
        }
        let patterns = self.shared.policy.patterns;
        let (handler, state) = (self.handler, self.state);
        // Behind the route's guard, with a request context of its own (no cookies or
        // headers of any visitor) and the panic guard.
        let guard = self.shared.guard;
        let call = async move {
            if patterns.is_empty() {
                return Guarded::<K, T, S>::new(handler, guard)
                    .call(request, state)
                    .await;
            }
            // Routed like a fresh request to this route alone, so extractors that read
            // routing data (`Path<T>`, `MatchedPath`) see this URL's, not a visitor's.
            // The patterns are those the app's router accepted, so this cannot fail.
            let mut router = Router::new();
            for pattern in patterns {
                let guarded = Guarded::<K, T, S>::new(handler.clone(), guard);
                router = router.route(pattern, axum::routing::get(guarded));
            }
            let mut router = router.with_state(state);
            match tower_service::Service::call(&mut router, request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        };
        let response = RENDER.scope(Arc::clone(&collected), call).await;
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(%err, "reading the response body of a cached route failed");
                return CacheEntry {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    headers: Default::default(),
                    body: Default::default(),
                    rendered_at: started,
                    revalidate: Some(0),
                    expire: 0,
                    tags: Vec::new(),
                };
            }
        };
        let (life_revalidate, life_expire, mut tags) = collected.take();
        let revalidate = shortest(self.shared.policy.revalidate, life_revalidate);
        let expire = life_expire.map_or(DEFAULT_EXPIRE, |e| e.min(DEFAULT_EXPIRE));
        let mut headers = parts.headers;
        if storable(parts.status)
            && !headers.contains_key(header::SET_COOKIE)
            && !headers.contains_key(header::CACHE_CONTROL)
            && let Ok(value) = HeaderValue::from_str(&cache_control(revalidate, expire))
        {
            headers.insert(header::CACHE_CONTROL, value);
        }
        let mut all = implicit_tags(self.shared.policy.route, self.template.uri.path());
        all.append(&mut tags);
        CacheEntry {
            status: parts.status,
            headers,
            body,
            rendered_at: started,
            revalidate,
            expire,
            tags: all,
        }
    }
}

impl CacheEntry {
    /// A render that is not kept: as the handler answered, without cache headers.
    fn response_uncached(&self) -> Response {
        let mut response = self.response("MISS");
        response.headers_mut().remove(super::entry::X_NEXTJS_CACHE);
        response
    }
}

/// The implicit tags of Next.js for a route handler request
/// (`packages/next/src/server/lib/implicit-tags.ts`): `_N_T_/layout`, each prefix of
/// the route's folders with `/layout`, the route with `/route`, and the pathname.
fn implicit_tags(route: &str, pathname: &str) -> Vec<String> {
    let mut tags = vec!["_N_T_/layout".to_owned()];
    let mut prefix = String::new();
    for segment in route.split('/').filter(|s| !s.is_empty()) {
        prefix.push('/');
        prefix.push_str(segment);
        tags.push(format!("_N_T_{prefix}/layout"));
    }
    tags.push(format!("_N_T_{prefix}/route"));
    tags.push(path_tag(pathname));
    tags
}

/// `_N_T_<path>` without a trailing slash: the tag `revalidate_path` marks stale.
pub(crate) fn path_tag(path: &str) -> String {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    format!("_N_T_{path}")
}

/// Routes whose prerender failed, with the status each answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrerenderError {
    /// `(path, status)` of every failed prerender.
    pub failures: Vec<(String, StatusCode)>,
}

impl fmt::Display for PrerenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("prerendering failed for ")?;
        for (i, (path, status)) in self.failures.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{path}` ({status})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PrerenderError {}

/// Renders `paths` through `router` into its cache, as `next build` prerenders static
/// routes: call it (through the generated `routes::prerender`) before serving, so the
/// first request is a `HIT`. A path that answers an error status (other than `404`)
/// fails it, like a failing prerender fails `next build`.
pub async fn prerender(router: Router, paths: Vec<String>) -> Result<Router, PrerenderError> {
    let mut failures = Vec::new();
    for path in paths {
        let req = Request::get(path.as_str())
            .extension(Prerendering)
            .body(Body::empty())
            .map_err(|_| StatusCode::BAD_REQUEST);
        let status = match req {
            Ok(req) => match tower_service::Service::call(&mut router.clone(), req).await {
                Ok(response) => response.status(),
                Err(never) => match never {},
            },
            Err(status) => status,
        };
        if !storable(status) {
            failures.push((path, status));
        }
    }
    if failures.is_empty() {
        Ok(router)
    } else {
        Err(PrerenderError { failures })
    }
}

/// Marks the requests of [`prerender`]: the proxy and folder middleware let them
/// through, as Next.js prerenders at build time without running its proxy. Only this
/// crate can set it (a private type, not a header).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prerendering;

impl Prerendering {
    /// Whether `req` is a prerender request.
    pub(crate) fn marks(req: &Request) -> bool {
        req.extensions().get::<Self>().is_some()
    }
}

impl IntoResponse for PrerenderError {
    fn into_response(self) -> Response {
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_tags_match_next() {
        assert_eq!(
            implicit_tags(
                "/route-handler/revalidate-360-isr",
                "/route-handler/revalidate-360-isr"
            ),
            [
                "_N_T_/layout",
                "_N_T_/route-handler/layout",
                "_N_T_/route-handler/revalidate-360-isr/layout",
                "_N_T_/route-handler/revalidate-360-isr/route",
                "_N_T_/route-handler/revalidate-360-isr",
            ]
        );
        assert_eq!(
            implicit_tags("/", "/"),
            ["_N_T_/layout", "_N_T_/route", "_N_T_/"]
        );
    }
}

#[cfg(test)]
mod prerender_tests {
    use axum::routing::get;

    use super::*;

    #[tokio::test]
    async fn prerender_fails_on_error_statuses_only() {
        let router = Router::new()
            .route("/ok", get(|| async { "ok" }))
            .route("/boom", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }));
        let paths = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect();
        let err = prerender(router.clone(), paths(&["/ok", "/missing", "/boom"]))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "prerendering failed for `/boom` (500 Internal Server Error)"
        );
        assert!(prerender(router, paths(&["/ok", "/missing"])).await.is_ok());
    }
}
