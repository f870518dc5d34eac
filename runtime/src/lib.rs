#![doc = include_str!("../README.md")]

mod after;
pub mod cache;
mod config;
mod context;
mod draft;
mod generated;
mod handler;
mod href;
pub mod instrumentation;
mod interrupt;
mod layout;
pub mod metadata;
mod methods;
pub mod middleware;
#[cfg(feature = "openapi")]
pub mod openapi;
mod panic;
mod path;
mod proxy;
mod request;
mod response;
mod scope;
mod serve;
mod server;
mod table;

pub use after::after;
pub use config::{Dynamic, Revalidate};
pub use context::{NoParams, ParamRejection, RouteContext, RouteParams};
pub use draft::{DRAFT_MODE_COOKIE, DRAFT_MODE_SECRET_ENV, DraftMode, draft_mode};
pub use href::{Href, HrefSegment, HrefValue};
pub use interrupt::{Interrupt, forbidden, not_found, permanent_redirect, redirect, unauthorized};
pub use layout::Children;
pub use methods::{allow_header_value, allowed_methods};
pub use panic::install_panic_hook;
pub use proxy::{ProxyFn, ProxyOutput};
pub use request::{
    BodyError, NextRequest, NextUrl, RequestCookies, SearchParams, TrustProxy, UrlRejection,
};
pub use response::{
    CookieOptions, HandlerError, NextResponse, ResponseCookies, ResponseError, SameSite,
};
pub use scope::{Cookies, OutsideRequest, connection, cookies, headers};
pub use server::{
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, Serve, bind, serve, shutdown_signal,
};
pub use table::{ParamKind, Rendering, RouteInfo, RouteKind, RouteParam, RouteTable};

/// The `http` crate, as axum re-exports it.
pub use axum::http;

/// Turns the `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` and `OPTIONS` functions of
/// an inline module into one axum `MethodRouter` with Next.js route-handler semantics.
///
/// The module gains `pub fn router<S>() -> MethodRouter<S>` (generic over the app
/// state) and `pub const METHODS: &[Method]` (the methods it defines handlers for).
/// Other items are left alone.
///
/// | request | answer |
/// |---|---|
/// | a defined method | its handler |
/// | `HEAD`, `GET` defined | the `GET` handler, body dropped, headers kept |
/// | `OPTIONS` not defined | `204`, `Allow: GET, HEAD, OPTIONS` (the served methods, sorted) |
/// | any other method (`PUT`, `TRACE`, `FOO`) | `405` with the same `Allow` |
/// | a handler that panics | `500`, empty body; the server keeps serving |
///
/// ```
/// use app_router::prelude::*;
///
/// #[route_handlers]
/// mod users {
///     use app_router::prelude::*;
///
///     pub async fn GET() -> &'static str {
///         "list"
///     }
///
///     pub async fn POST(Json(user): Json<serde_json::Value>) -> impl IntoResponse {
///         (StatusCode::CREATED, Json(user))
///     }
/// }
///
/// let app: Router = Router::new().route("/users", users::router());
/// assert_eq!(users::METHODS, [Method::GET, Method::POST]);
/// ```
///
/// Handlers may take `State<T>` for any `T: FromRef<S>`. When a handler takes an
/// extractor that only works with one state type, name it, and `router()` is built
/// for that state: `#[route_handlers(state = AppState)]`.
pub use app_router_macros::route_handlers;

/// Caches the result of an `async fn` by its arguments, like `"use cache"` in Next.js.
///
/// The key is the function's path and its arguments serialized as JSON (they must
/// implement `Serialize`); the value is stored as JSON (it must implement `Serialize`
/// and `Deserialize`). A function returning `Result` caches only `Ok`.
///
/// - `life = "hours"`: one of the seven `cacheLife` profiles (`default` when omitted), or
///   `life = NAME` for a `const NAME: CacheLife`;
/// - `tag = "posts"` (repeatable), plus `app_router::cache::cache_tag(..)` inside the
///   body for tags that depend on the arguments.
///
/// A cached route that awaits it takes its life: the route's `Cache-Control` and
/// revalidation use the shortest life of the functions it awaited.
///
/// ```
/// use app_router::cache::{CacheLife, cache_tag};
///
/// #[app_router::cache(life = "hours", tag = "posts")]
/// async fn post_title(id: u32) -> String {
///     cache_tag(format!("post-{id}"));
///     format!("Post {id}") // a database query, in real life
/// }
///
/// const BLOG: CacheLife = CacheLife::new(60, 600, Some(86_400));
///
/// #[app_router::cache(life = BLOG)]
/// async fn front_page() -> Result<Vec<String>, std::io::Error> {
///     Ok(vec!["hello".into()])
/// }
/// # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async { assert_eq!(post_title(7).await, "Post 7"); });
/// ```
pub use app_router_macros::cache;

/// Includes the router that `app_router_codegen` generated from the `app/` folder in
/// `build.rs`, as a module named `routes` (or the name given).
///
/// The module holds `router()`, an axum `Router<State>` serving every `route.rs` and
/// `page.rs`, `prerender()`, which renders cached routes ahead, and `ROUTES`, the
/// route table. Its route files are its submodules (`routes::api::users::param_id::route`).
/// `state = T` names the app state that handlers take with `State<..>` (`()` when
/// omitted). A second app folder generated to `$OUT_DIR/<file>` (with
/// `Routes::out_file`) is included with `include_routes!(name, "<file>")`.
///
/// ```ignore
/// app_router::include_routes!(state = AppState);
///
/// let app = routes::router().with_state(AppState::default());
/// println!("{}", app_router::RouteTable(routes::ROUTES));
/// ```
#[macro_export]
macro_rules! include_routes {
    () => {
        $crate::include_routes!(routes, state = ());
    };
    (state = $state:ty) => {
        $crate::include_routes!(routes, state = $state);
    };
    ($name:ident) => {
        $crate::include_routes!($name, state = ());
    };
    ($name:ident, state = $state:ty) => {
        $crate::include_routes!(@module $name, "app_router/routes.rs", $state);
    };
    ($name:ident, $file:literal) => {
        $crate::include_routes!(@module $name, $file, ());
    };
    ($name:ident, $file:literal, state = $state:ty) => {
        $crate::include_routes!(@module $name, $file, $state);
    };
    (@module $name:ident, $file:literal, $state:ty) => {
        /// The routes generated from an app folder by `app_router_codegen` in `build.rs`.
        #[allow(non_snake_case)]
        pub mod $name {
            // The state type is written where the macro is called.
            #[allow(unused_imports)]
            use super::*;

            /// The app state the router is built for (`include_routes!(state = ..)`).
            pub type State = $state;

            include!(concat!(env!("OUT_DIR"), "/", $file));
        }
    };
}

/// The first line of every generated router: `app-router-codegen` (a build
/// dependency) and `app-router` (a dependency) must be the same version, or the
/// generated code would call APIs that differ. A skewed pair fails here, once, naming
/// both versions, instead of with a cascade of errors in the generated file.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_codegen_version {
    ("0.1.0") => {};
    ($other:literal) => {
        ::core::compile_error!(::core::concat!(
            "this router was generated by app-router-codegen ",
            $other,
            ", but the crate is compiled against app-router 0.1.0: use the same version of both in Cargo.toml (`cargo tree -i app-router-codegen` and `cargo tree -i app-router` show them)"
        ));
    };
}

/// What route files and handlers usually need: `use app_router::prelude::*;`.
pub mod prelude {
    pub use crate::middleware::Next;
    pub use crate::{
        BodyError, Children, CookieOptions, Dynamic, HandlerError, Interrupt, NextRequest,
        NextResponse, NextUrl, OutsideRequest, RequestCookies, ResponseError, Revalidate,
        RouteContext, SameSite, SearchParams, cache, forbidden, not_found, permanent_redirect,
        redirect, route_handlers, unauthorized,
    };
    pub use axum::extract::{FromRef, Path, Query, Request, State};
    pub use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
    pub use axum::response::{Html, IntoResponse, Redirect, Response};
    pub use axum::{Form, Json, Router};
    pub use serde_json::json;
}

/// Items used by generated code. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::cache::route::is_unlisted;
    pub use crate::cache::{
        CachePolicy, StaticParams, cache_key, cached_call, cached_result, prerender,
    };
    pub use crate::context::Segments;
    pub use crate::handler::{Guarded, RouteHandler, extract, extract_last};
    pub use crate::href::{ANY_ROUTE, HrefArg, check as href_check, param_kind};
    pub use crate::middleware::{function as middleware_fn, layer as middleware_layer};
    #[cfg(feature = "openapi")]
    pub use crate::openapi::{self, OpenApi, Operation};
    pub use crate::path::encode_segment;
    pub use crate::proxy::{Matcher, Pattern, ProxyRouter, Seg};
    pub use crate::serve::{
        BoundaryHead, MetadataCache, MetadataOutput, find_id, id_not_found, is_not_found, kind,
        metadata_id, not_found_status, render, static_file, wrap,
    };
    pub use crate::table::RenderingOf;
    pub use axum::Router;
    pub use axum::extract::{FromRequest, FromRequestParts, Request, State};
    pub use axum::http::{Method, Uri};
    pub use axum::response::{IntoResponse, Response};
    pub use axum::routing::MethodRouter;
    #[cfg(feature = "openapi")]
    pub use serde_json::Value as JsonValue;

    use crate::cache::Cached;
    use crate::handler::Guard;
    use axum::routing::MethodFilter;

    /// Builds the method router of one route module or file.
    #[derive(Debug)]
    pub struct RouteBuilder<S> {
        router: MethodRouter<S>,
        methods: Vec<Method>,
        guard: Guard,
    }

    impl<S> RouteBuilder<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        /// `dynamic`: redirect trailing and repeated slashes and dot segments before
        /// a parameter or catch-all capture swallows them. `context`: install the
        /// request context of `cookies()` and `headers()`.
        pub fn new(dynamic: bool, context: bool) -> Self {
            Self {
                router: MethodRouter::new(),
                methods: Vec::new(),
                guard: Guard {
                    normalize_path: dynamic,
                    context,
                    limit: None,
                    route: None,
                },
            }
        }

        /// The route's pattern as in the folder tree (`/api/users/[id]`) and kind, for
        /// the context of `on_request_error`.
        pub fn at(mut self, pattern: &'static str, kind: crate::RouteKind) -> Self {
            self.guard.route = Some((pattern, kind));
            self
        }

        /// `MAX_DURATION`: handlers registered after this are cut off with `504`.
        pub fn max_duration(mut self, seconds: u64) -> Self {
            self.guard.limit = Some(std::time::Duration::from_secs(seconds));
            self
        }

        /// Registers a `GET` handler behind the response cache.
        pub fn cached<H, T>(mut self, handler: H, policy: crate::cache::CachePolicy) -> Self
        where
            H: RouteHandler<T, S>,
            T: 'static,
        {
            // The route's guard covers the visitor's request; a render runs behind a
            // guard of its own (a fresh request context, see `Cached`).
            let (filter, guard) = self.register(Method::GET);
            self.router = self.router.on(filter, Cached::new(handler, policy, guard));
            self
        }

        /// Registers `handler` for `method`, behind the panic guard. The only bound a
        /// handler must meet is here, so a wrong signature is one error, on the
        /// user's function.
        pub fn handler<H, T>(mut self, method: Method, handler: H) -> Self
        where
            H: RouteHandler<T, S>,
            T: 'static,
        {
            // The guard is a layer over the erased endpoints (see `guarded`), compiled
            // once, not once per handler.
            let (filter, _) = self.register(method);
            self.router = self.router.on(filter, handler);
            self
        }

        /// The endpoints behind the route's guard.
        fn guarded(router: MethodRouter<S>, guard: Guard) -> MethodRouter<S> {
            router.route_layer(crate::handler::GuardLayer(guard))
        }

        /// The handler-independent part of registering a method (compiled once, not
        /// once per handler): the `MethodFilter` (route files define only methods it
        /// has) and the route's guard.
        fn register(&mut self, method: Method) -> (MethodFilter, Guard) {
            let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
            self.methods.push(method);
            (filter, self.guard)
        }

        /// A `route.rs` or `#[route_handlers]` module: automatic `OPTIONS`, `405` + `Allow`.
        pub fn route(self) -> MethodRouter<S> {
            let router = Self::guarded(self.router, self.guard);
            crate::methods::method_router(router, &self.methods, self.guard.normalize_path)
        }

        /// A `page.rs`: `GET` and `HEAD` only.
        pub fn page(self) -> MethodRouter<S> {
            let router = Self::guarded(self.router, self.guard);
            crate::methods::page_router(router, self.guard.normalize_path)
        }

        /// [`page`](Self::page) for a page, [`route`](Self::route) otherwise.
        pub fn end(self, kind: crate::RouteKind) -> MethodRouter<S> {
            match kind {
                crate::RouteKind::Page => self.page(),
                crate::RouteKind::Handler | crate::RouteKind::Metadata => self.route(),
            }
        }
    }

    /// Where generated routers register routes: an axum `Router`, or the table of an
    /// app with a `proxy.rs`.
    pub trait Sink<S>: Sized {
        /// Adds `route` at each of the axum `patterns`.
        fn add(self, patterns: &'static [&'static str], route: MethodRouter<S>) -> Self;
    }

    impl<S> Sink<S> for Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        fn add(self, patterns: &'static [&'static str], route: MethodRouter<S>) -> Self {
            let mut router = self;
            for pattern in patterns {
                router = router.route(pattern, route.clone());
            }
            router
        }
    }

    impl<S> Sink<S> for ProxyRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        fn add(self, patterns: &'static [&'static str], route: MethodRouter<S>) -> Self {
            self.route(patterns, route)
        }
    }

    /// The `404` fallback as a method router, for the proxy's table.
    pub fn not_found_route<S>() -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        MethodRouter::new().fallback_service(crate::path::NotFound)
    }

    /// [`not_found_route`] for an app with a root `not-found.rs`.
    pub fn not_found_page_route<S, H, T>(handler: H, context: bool) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
        H: RouteHandler<T, S>,
        T: 'static,
    {
        MethodRouter::new().fallback(Guarded::new(handler, not_found_guard(context)))
    }

    fn not_found_guard(context: bool) -> Guard {
        Guard {
            normalize_path: true,
            context,
            limit: None,
            route: None,
        }
    }

    /// Adds the app-wide fallback: `308` for trailing and repeated slashes, else `404`.
    pub fn finish<S>(router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router.fallback_service(crate::path::NotFound)
    }

    /// Adds the app-wide fallback of an app with a root `not-found.rs`: `308` for
    /// trailing and repeated slashes, else `handler` (which answers `404`), behind the
    /// panic guard. `context`: install the request context of `cookies()`/`headers()`.
    pub fn finish_with_not_found<S, H, T>(router: Router<S>, handler: H, context: bool) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
        H: RouteHandler<T, S>,
        T: 'static,
    {
        router.fallback(Guarded::new(handler, not_found_guard(context)))
    }
}

#[cfg(test)]
mod version_tests {
    /// The version `__check_codegen_version!` accepts is this crate's own.
    #[test]
    fn the_codegen_version_check_matches_the_package_version() {
        let source = include_str!("lib.rs");
        let accepted = format!("({:?}) => {{}};", env!("CARGO_PKG_VERSION"));
        assert!(
            source.contains(&accepted),
            "update `__check_codegen_version!`"
        );
        let message = format!("against app-router {}:", env!("CARGO_PKG_VERSION"));
        assert!(
            source.contains(&message),
            "update `__check_codegen_version!`"
        );
        crate::__check_codegen_version!("0.1.0");
    }
}
