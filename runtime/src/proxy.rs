//! The root `proxy.rs` (Next.js 16 `proxy.ts`): a function that runs before the route
//! for every request its `MATCHER` selects, and continues, rewrites, redirects or
//! answers.
//!
//! A generated router with a proxy registers one endpoint per route that runs the
//! proxy and then the route (or, for a rewrite, the route of the new path, found in a
//! table of every route), with the router's state; the `404` fallback goes through it
//! too. Per request that costs one copy of the served route's method router; apps
//! without `proxy.rs` pay nothing.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::handler::Handler;
use axum::http::uri::PathAndQuery;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use crate::cache::route::Prerendering;
use crate::request::NextRequest;
use crate::response::{NextResponse, ProxyAction};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// One segment of a `MATCHER` pattern, parsed at build time.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    /// `about`: exactly this segment.
    Lit(&'static str),
    /// `:slug`: one segment.
    One,
    /// `:slug?`: zero or one segment.
    Optional,
    /// `:path*`: any number of segments.
    Many,
    /// `:path+`: one or more segments.
    AtLeastOne,
}

/// A `MATCHER` pattern, parsed at build time (see the README's "Middleware and proxy").
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// `/about/:path*`.
    Segments(&'static [Seg]),
    /// `/((?!api|_next/static|favicon.ico).*)`: every path whose remainder after the
    /// first `/` starts with none of these.
    Except(&'static [&'static str]),
}

/// The paths a proxy runs for: `None` (no `MATCHER`) is every path.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Matcher(pub Option<&'static [Pattern]>);

impl Matcher {
    /// Whether the proxy runs for the raw (still percent-encoded) `path`, as the
    /// router matches it. A trailing slash is tolerated, as in Next.js.
    ///
    /// ```
    /// use app_router::__private::{Matcher, Pattern, Seg};
    ///
    /// let api = Matcher(Some(&[Pattern::Segments(&[Seg::Lit("api"), Seg::Many])]));
    /// assert!(api.matches("/api") && api.matches("/api/a/b") && api.matches("/api/"));
    /// assert!(!api.matches("/apix") && !api.matches("/") && !api.matches("/x/api"));
    /// let except = Matcher(Some(&[Pattern::Except(&["api", "favicon.ico"])]));
    /// assert!(except.matches("/") && except.matches("/about"));
    /// assert!(!except.matches("/api/x") && !except.matches("/apis") && !except.matches("/favicon.ico"));
    /// ```
    pub fn matches(&self, path: &str) -> bool {
        let Some(patterns) = self.0 else {
            return true;
        };
        let rest = path.strip_prefix('/').unwrap_or(path);
        patterns.iter().any(|pattern| match pattern {
            Pattern::Except(prefixes) => !prefixes.iter().any(|p| rest.starts_with(p)),
            Pattern::Segments(segs) => {
                let rest = rest.strip_suffix('/').unwrap_or(rest);
                let parts: Vec<&str> = if rest.is_empty() {
                    Vec::new()
                } else {
                    rest.split('/').collect()
                };
                matches_segments(segs, &parts)
            }
        })
    }
}

/// Whether `segs` match all of `parts`: a table over (pattern position, parts used),
/// O(patterns × parts) whatever the path, so a long hostile path cannot make it
/// backtrack.
fn matches_segments(segs: &[Seg], parts: &[&str]) -> bool {
    let n = parts.len();
    // `reach[j]`: the pattern so far can match exactly the first `j` parts.
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for seg in segs {
        let mut next = vec![false; n + 1];
        match seg {
            Seg::Many | Seg::AtLeastOne => {
                // One sweep: `open` while some reachable start has only non-empty
                // segments between it and here.
                let mut open = false;
                for j in 0..=n {
                    if reach[j] {
                        open = true;
                        if matches!(seg, Seg::Many) {
                            next[j] = true;
                        }
                    }
                    let Some(part) = parts.get(j) else { break };
                    if part.is_empty() {
                        open = false;
                    } else if open {
                        next[j + 1] = true;
                    }
                }
            }
            _ => {
                for j in 0..=n {
                    if !reach[j] {
                        continue;
                    }
                    let part = parts.get(j).filter(|p| !p.is_empty());
                    match seg {
                        Seg::Lit(text) => {
                            if part == Some(text) {
                                next[j + 1] = true;
                            }
                        }
                        Seg::One => {
                            if part.is_some() {
                                next[j + 1] = true;
                            }
                        }
                        _ => {
                            // `Optional`.
                            next[j] = true;
                            if part.is_some() {
                                next[j + 1] = true;
                            }
                        }
                    }
                }
            }
        }
        reach = next;
    }
    reach[n]
}

/// What a `proxy` function may return: a [`NextResponse`] (`next()`, `rewrite()`,
/// a redirect or any answer), `Result<NextResponse, E>` whose error answers, or any
/// axum `Response`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by `proxy`",
    label = "`proxy` returns this type",
    note = "`proxy` returns `NextResponse` (`NextResponse::next()`, `NextResponse::rewrite(url)?`, `NextResponse::redirect(url)?` or any response), `Result<NextResponse, E>` with `E: IntoResponse`, or `Response`"
)]
pub trait ProxyOutput {
    /// What the proxy asked for, and the response that carries its headers.
    #[doc(hidden)]
    fn into_decision(self) -> Response;
}

/// The proxy's action, carried in the extensions of its response so that a panicking
/// proxy (no extension) simply answers.
#[derive(Debug, Clone)]
struct Decision(ProxyAction);

fn decided(next: NextResponse) -> Response {
    let (action, mut response) = next.into_proxy();
    if let Some(action) = action {
        response.extensions_mut().insert(Decision(action));
    }
    response
}

impl ProxyOutput for NextResponse {
    fn into_decision(self) -> Response {
        decided(self)
    }
}

impl<E: IntoResponse> ProxyOutput for Result<NextResponse, E> {
    fn into_decision(self) -> Response {
        match self {
            Ok(next) => decided(next),
            Err(err) => err.into_response(),
        }
    }
}

impl ProxyOutput for Response {
    fn into_decision(self) -> Response {
        self
    }
}

/// Implemented by the `proxy` function of `proxy.rs`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the app's proxy",
    label = "this `proxy` function has the wrong signature",
    note = "the proxy is `pub async fn proxy(request: NextRequest) -> NextResponse` (or `Result<NextResponse, E>`)"
)]
pub trait ProxyFn: Send + Sync + 'static {
    /// Runs the proxy.
    #[doc(hidden)]
    fn run(&self, request: NextRequest) -> BoxFuture<Response>;
}

impl<F, Fut> ProxyFn for F
where
    F: Fn(NextRequest) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: ProxyOutput,
{
    fn run(&self, request: NextRequest) -> BoxFuture<Response> {
        let future = self(request);
        Box::pin(async move { future.await.into_decision() })
    }
}

/// Every route of an app with a proxy, for the proxy's endpoints.
struct Table<S> {
    routes: Vec<MethodRouter<S>>,
    /// Axum paths → index in `routes`, for rewrites.
    paths: matchit::Router<usize>,
    /// The index of the `404` fallback in `routes`.
    fallback: usize,
    matcher: Matcher,
    proxy: Box<dyn ProxyFn>,
}

/// Builds the router of an app with a `proxy.rs`.
#[doc(hidden)]
pub struct ProxyRouter<S> {
    routes: Vec<(&'static [&'static str], MethodRouter<S>)>,
}

impl<S> std::fmt::Debug for ProxyRouter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyRouter")
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

impl<S> Default for ProxyRouter<S> {
    fn default() -> Self {
        Self { routes: Vec::new() }
    }
}

impl<S> ProxyRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Adds a route served at `patterns` (axum paths).
    pub fn route(mut self, patterns: &'static [&'static str], route: MethodRouter<S>) -> Self {
        self.routes.push((patterns, route));
        self
    }

    /// The router: every route and `fallback` behind `proxy`.
    pub fn finish<P: ProxyFn>(
        self,
        fallback: MethodRouter<S>,
        proxy: P,
        matcher: Matcher,
    ) -> Router<S> {
        let mut paths = matchit::Router::new();
        let mut routes = Vec::with_capacity(self.routes.len() + 1);
        let mut registered = Vec::new();
        for (i, (patterns, route)) in self.routes.into_iter().enumerate() {
            for pattern in patterns {
                // The build script rejects conflicting routes; a conflict left here only
                // makes that path unreachable by a rewrite.
                let _ = paths.insert(*pattern, i);
                registered.push((*pattern, i));
            }
            routes.push(route);
        }
        let fallback_index = routes.len();
        routes.push(fallback);
        let table = Arc::new(Table {
            routes,
            paths,
            fallback: fallback_index,
            matcher,
            proxy: Box::new(proxy),
        });
        let mut router = Router::new();
        for (pattern, index) in registered {
            router = router.route(
                pattern,
                axum::routing::any(Front {
                    table: Arc::clone(&table),
                    index,
                }),
            );
        }
        router.fallback(Front {
            index: table.fallback,
            table,
        })
    }
}

/// The endpoint of one route (or of the fallback) behind the proxy.
struct Front<S> {
    table: Arc<Table<S>>,
    index: usize,
}

impl<S> Clone for Front<S> {
    fn clone(&self) -> Self {
        Self {
            table: Arc::clone(&self.table),
            index: self.index,
        }
    }
}

impl<S> Handler<(), S> for Front<S>
where
    S: Clone + Send + Sync + 'static,
{
    type Future = BoxFuture<Response>;

    fn call(self, req: Request, state: S) -> Self::Future {
        Box::pin(async move {
            let table = &self.table;
            let call = |index: usize, req: Request, state: S| {
                let route = table.routes[index].clone();
                Handler::call(route, req, state)
            };
            if Prerendering::marks(&req) || !table.matcher.matches(req.uri().path()) {
                return call(self.index, req, state).await;
            }
            let (mut parts, body) = req.into_parts();
            let request = match NextRequest::without_body(parts.clone()) {
                Ok(request) => request,
                Err(rejection) => return rejection.into_response(),
            };
            let method = parts.method.clone();
            let mut decision = crate::handler::isolate(table.proxy.run(request), method).await;
            let action = decision.extensions_mut().remove::<Decision>().map(|d| d.0);
            let (index, headers) = match action {
                None => return decision,
                Some(ProxyAction::Next { request_headers }) => (self.index, request_headers),
                Some(ProxyAction::Rewrite {
                    target,
                    request_headers,
                }) => match rewritten(&parts, &target) {
                    Some(uri) => {
                        let index = table
                            .paths
                            .at(uri.path())
                            .map_or(table.fallback, |m| *m.value);
                        parts.extensions.insert(OriginalUri(uri.clone()));
                        parts.uri = uri;
                        (index, request_headers)
                    }
                    None => {
                        tracing::error!(
                            target = %target,
                            "proxy rewrote to a URL outside this app; answering 500"
                        );
                        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                    }
                },
            };
            for (name, value) in &headers {
                parts.headers.insert(name, value.clone());
            }
            let response = call(index, Request::from_parts(parts, body), state).await;
            merge(decision, response)
        })
    }
}

/// The request URI for a rewrite to `target`: a path and query of this app, or an
/// absolute URL of the request's own origin. `None` for another origin.
fn rewritten(parts: &axum::http::request::Parts, target: &str) -> Option<Uri> {
    let path_and_query = if target.starts_with('/') {
        target.parse::<PathAndQuery>().ok()?
    } else {
        let uri: Uri = target.parse().ok()?;
        let own = crate::request::NextUrl::from_parts(parts).origin();
        let theirs = format!(
            "{}://{}",
            uri.scheme_str()?,
            uri.authority()?.as_str().to_ascii_lowercase()
        );
        if own.to_ascii_lowercase() != theirs {
            return None;
        }
        uri.path_and_query()?.clone()
    };
    Uri::builder().path_and_query(path_and_query).build().ok()
}

/// The route's response with the headers and cookies the proxy set on `next()` or
/// `rewrite()`: `Set-Cookie` lines are added, other headers only where the route did
/// not set them.
fn merge(proxy: Response, mut response: Response) -> Response {
    let (parts, _) = proxy.into_parts();
    let target = response.headers_mut();
    let mut added = HeaderMap::new();
    for (name, value) in &parts.headers {
        if name == header::SET_COOKIE || !target.contains_key(name) {
            added.append(name, value.clone());
        }
    }
    for (name, value) in &added {
        target.append(name, value.clone());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_patterns_match_as_nextjs_does() {
        let m = |patterns: &'static [Pattern], path: &str| Matcher(Some(patterns)).matches(path);
        const ONE: &[Pattern] = &[Pattern::Segments(&[Seg::Lit("blog"), Seg::One])];
        assert!(m(ONE, "/blog/a") && m(ONE, "/blog/a/"));
        assert!(!m(ONE, "/blog") && !m(ONE, "/blog/a/b") && !m(ONE, "/blog//"));
        const OPT: &[Pattern] = &[Pattern::Segments(&[Seg::Lit("a"), Seg::Optional])];
        assert!(m(OPT, "/a") && m(OPT, "/a/b") && !m(OPT, "/a/b/c"));
        const PLUS: &[Pattern] = &[Pattern::Segments(&[Seg::Lit("a"), Seg::AtLeastOne])];
        assert!(!m(PLUS, "/a") && m(PLUS, "/a/b") && m(PLUS, "/a/b/c"));
        const ROOT: &[Pattern] = &[Pattern::Segments(&[])];
        assert!(m(ROOT, "/") && !m(ROOT, "/a"));
        assert!(!Matcher(Some(&[])).matches("/"));
        assert!(Matcher(None).matches("/anything/at/all"));
    }

    /// A hostile path of thousands of segments against a pattern with two repeats:
    /// the table walk answers (no backtracking blow-up, no stack growth).
    #[test]
    fn long_paths_against_repeats() {
        const TWO: &[Pattern] = &[Pattern::Segments(&[Seg::Many, Seg::Lit("x"), Seg::Many])];
        let miss = "/a".repeat(20_000);
        assert!(!Matcher(Some(TWO)).matches(&miss));
        let hit = format!("{miss}/x{miss}");
        assert!(Matcher(Some(TWO)).matches(&hit));
    }
}
