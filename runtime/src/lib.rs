#![doc = include_str!("../README.md")]

mod context;
mod handler;
mod layout;
pub mod metadata;
mod methods;
mod path;
mod request;
mod response;
mod scope;
mod serve;
mod table;

pub use context::{NoParams, ParamRejection, RouteContext, RouteParams};
pub use layout::Children;
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
        BodyError, Children, CookieOptions, HandlerError, NextRequest, NextResponse, NextUrl,
        RequestCookies, ResponseError, RouteContext, SameSite, SearchParams, route_handlers,
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
    pub use crate::handler::{Guarded, RouteHandler};
    pub use crate::serve::{
        MetadataCache, MetadataOutput, find_id, id_not_found, kind, metadata_id, not_found_status,
        render, static_file, wrap,
    };
    pub use axum::Router;
    pub use axum::extract::{FromRequest, FromRequestParts};
    pub use axum::http::{Method, Uri};
    pub use axum::response::{IntoResponse, Response};
    pub use axum::routing::MethodRouter;

    use axum::routing::MethodFilter;

    /// Builds the method router of one route module or file.
    #[derive(Debug)]
    pub struct RouteBuilder<S> {
        router: MethodRouter<S>,
        methods: Vec<Method>,
        catch_all: bool,
        context: bool,
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
            }
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
            self.router = self
                .router
                .on(filter, Guarded::new(handler, self.catch_all, self.context));
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

    /// Adds the app-wide fallback of an app with a root `not-found.rs`: `308` for
    /// trailing and repeated slashes, else `handler` (which answers `404`), behind the
    /// panic guard. `context`: install the request context of `cookies()`/`headers()`.
    pub fn finish_with_not_found<S, H, T>(router: Router<S>, handler: H, context: bool) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
        H: RouteHandler<T, S>,
        T: 'static,
    {
        router.fallback(Guarded::new(handler, true, context))
    }
}
