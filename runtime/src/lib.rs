#![doc = include_str!("../README.md")]

pub mod cache;
mod config;
mod context;
mod handler;
mod methods;
mod path;
mod request;
mod response;
mod scope;
mod table;

pub use config::{Dynamic, Revalidate};
pub use context::{NoParams, ParamRejection, RouteContext, RouteParams};
pub use methods::{allow_header_value, allowed_methods};
pub use request::{BodyError, NextRequest, NextUrl, RequestCookies, SearchParams, TrustProxy};
pub use response::{
    CookieOptions, HandlerError, NextResponse, ResponseCookies, ResponseError, SameSite,
};
pub use scope::{Cookies, OutsideRequest, cookies, headers};
pub use table::{RouteInfo, RouteKind, RouteTable};

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

/// Includes the router that `app_router_codegen` generated from the `app/` folder in
/// `build.rs`, as a module named `routes` (or the name given).
///
/// The module holds `router()`, an axum `Router<S>` serving every `route.rs` and
/// `page.rs`, and `ROUTES`, the route table.
///
/// ```ignore
/// app_router::include_routes!();
///
/// let app = routes::router().with_state(state);
/// println!("{}", app_router::RouteTable(routes::ROUTES));
/// ```
#[macro_export]
macro_rules! include_routes {
    () => {
        $crate::include_routes!(routes);
    };
    ($name:ident) => {
        /// The routes generated from the `app/` folder by `app_router_codegen` in `build.rs`.
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/app_router/routes.rs"));
        }
    };
}

/// What route files and handlers usually need: `use app_router::prelude::*;`.
pub mod prelude {
    pub use crate::{
        BodyError, CookieOptions, HandlerError, NextRequest, NextResponse, NextUrl, RequestCookies,
        Dynamic, ResponseError, Revalidate, RouteContext, SameSite, SearchParams, cache,
        route_handlers,
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
    pub use crate::context::Segments;
    pub use crate::path::encode_segment;
    pub use crate::cache::{CachePolicy, StaticParams, cached_call, cached_result, prerender};
    pub use crate::handler::{Guarded, RouteHandler};
    pub use axum::Router;
    pub use axum::extract::{FromRequest, FromRequestParts};
    pub use axum::http::Method;
    pub use axum::routing::MethodRouter;

    use axum::routing::MethodFilter;

    /// Builds the method router of one route module or file.
    #[derive(Debug)]
    pub struct RouteBuilder<S> {
        router: MethodRouter<S>,
        methods: Vec<Method>,
        catch_all: bool,
        context: bool,
        max_duration: Option<std::time::Duration>,
    }

    impl<S> RouteBuilder<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        /// `catch_all`: redirect trailing and repeated slashes before a catch-all
        /// capture swallows them. `context`: install the request context of
        /// `cookies()` and `headers()`.
        pub fn new(catch_all: bool, context: bool) -> Self {
            Self {
                router: MethodRouter::new(),
                methods: Vec::new(),
                catch_all,
                context,
                max_duration: None,
            }
        }

        /// `MAX_DURATION`: handlers registered after this are cut off with `504`.
        pub fn max_duration(mut self, seconds: u64) -> Self {
            self.max_duration = Some(std::time::Duration::from_secs(seconds));
            self
        }

        /// Registers a `GET` handler behind the response cache.
        pub fn cached<H, T>(mut self, handler: H, policy: crate::cache::CachePolicy) -> Self
        where
            H: RouteHandler<T, S>,
            T: 'static,
        {
            let guarded = Guarded::new(handler, self.catch_all, self.context);
            use crate::cache::Cached;
            self.router = match self.max_duration {
                Some(limit) => self.router.get(Cached::new(
                    crate::handler::Timed::new(guarded, limit),
                    policy,
                    self.catch_all,
                )),
                None => self
                    .router
                    .get(Cached::new(guarded, policy, self.catch_all)),
            };
            self.methods.push(Method::GET);
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
            let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
            let guarded = Guarded::new(handler, self.catch_all, self.context);
            self.router = match self.max_duration {
                Some(limit) => self
                    .router
                    .on(filter, crate::handler::Timed::new(guarded, limit)),
                None => self.router.on(filter, guarded),
            };
            self.methods.push(method);
            self
        }

        /// A `route.rs` or `#[route_handlers]` module: automatic `OPTIONS`, `405` + `Allow`.
        pub fn route(self) -> MethodRouter<S> {
            crate::methods::method_router(self.router, &self.methods, self.catch_all)
        }

        /// A `page.rs`: `GET` and `HEAD` only.
        pub fn page(self) -> MethodRouter<S> {
            crate::methods::page_router(self.router, self.catch_all)
        }
    }

    /// Adds the app-wide fallback: `308` for trailing and repeated slashes, else `404`.
    pub fn finish<S>(router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router.fallback(crate::path::not_found)
    }
}
