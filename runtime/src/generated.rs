//! The macros generated routers are written in: the generated file is a table (one
//! line per route, and a `__params!` line per folder with URL parameters) and these
//! expand it. Not public API.

/// `Params`, its `RouteParams` impl and the typed `RouteContext` of a folder with URL
/// parameters: `__params!("/blog/[slug]" { slug: param 1 "slug" "[slug]" });`.
#[doc(hidden)]
#[macro_export]
macro_rules! __params {
    ($url:literal { $($field:ident: $read:ident $index:literal $name:literal $notation:literal),+ $(,)? }) => {
        #[doc = ::core::concat!(" The URL parameters of `", $url, "`.")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Params {
            $(
                #[doc = ::core::concat!(" `", $notation, "`")]
                pub $field: $crate::__param_type!($read),
            )+
        }

        impl $crate::RouteParams for Params {
            fn from_path(path: &str) -> ::core::result::Result<Self, $crate::ParamRejection> {
                let segments = $crate::__private::Segments::new(path);
                ::core::result::Result::Ok(Self {
                    $($field: segments.$read($index, $name)?,)+
                })
            }
        }

        #[doc = ::core::concat!(" The context of `", $url, "`: `use super::RouteContext;` in its files.")]
        pub type RouteContext = $crate::RouteContext<Params>;
    };
}

/// The field type of a parameter read with `Segments::$read`.
#[doc(hidden)]
#[macro_export]
macro_rules! __param_type {
    (param) => { ::std::string::String };
    (catch_all) => { ::std::vec::Vec<::std::string::String> };
    (optional_catch_all) => { ::std::option::Option<::std::vec::Vec<::std::string::String>> };
}

/// `ROUTES` and `router()` of an app, from one line per route:
///
/// ```text
/// route "/api/users/[id]" "app/api/users/[id]/route.rs" ["/api/users/{id}"] dynamic no_context (api::users::param_id::route) { DELETE, GET };
/// page "/news" "app/news/page.rs" ["/news"] fixed no_context (news::page) { GET = page cached revalidate(60) };
/// route "/admin" "app/(admin)/admin/route.rs" ["/admin"] fixed no_context middleware ["app/(admin)/middleware.rs" function (group_admin::middleware)] (group_admin::admin::route) { POST };
/// @not_found (__app_router_not_found) context;
/// @proxy (proxy) [(segments "old" many), (except "_next" "favicon.ico")];
/// @instrumentation (instrumentation) register on_request_error;
/// ```
///
/// Each line: the kind (`route`, `page`, `metadata`), the URL and file as `ROUTES`
/// shows them, the axum paths, `dynamic` (normalize the path before a capture) or
/// `fixed`, `context` (install the request context of `cookies()`) or `no_context`,
/// `max_duration N`, the folder middleware around it (outermost first: the file, its
/// form, its module), `rendered once` for a metadata file rendered once, the module, and its handlers by method (`GET = function` when
/// the function is not named after the method), a cached `GET` with its policy. Then
/// the root `not-found.rs`, `@openapi on;` when build.rs asks for `routes::openapi()`
/// (handlers then carry `args(N)` and `doc ".."`), the root `proxy.rs` with its
/// parsed `MATCHER` (`all` without one), and the functions of the root
/// `instrumentation.rs`.
#[doc(hidden)]
#[macro_export]
macro_rules! __routes {
    (
        app $app:literal;
        $(
            $kind:ident $url:literal $file:literal [$($pattern:literal),+] $normalize:ident $context:ident
            $(max_duration $secs:literal)?
            $(middleware [$($mw_file:literal $mw_form:ident ($($mw:ident)::+)),+])?
            $(rendered $once:ident)?
            ($($module:tt)*) { $(
                $method:ident $(= $function:ident)? $(args($arity:tt))? $(doc $doc:literal)?
                $(cached $($policy:ident($($arg:tt)*))*)?
            ),+ };
        )*
        $(@not_found $not_found:tt $not_found_context:ident;)?
        $(@openapi $openapi:ident;)?
        $(@proxy $proxy:tt $matcher:tt;)?
        $(@instrumentation ($inst:ident) $($hook:ident)+;)?
    ) => {
        /// Every route of the app, in matching priority order; print it with
        /// `app_router::RouteTable(ROUTES)`.
        pub static ROUTES: &[$crate::RouteInfo] = &[
            $(
                $crate::RouteInfo {
                    path: $url,
                    methods: $crate::__route_methods!($kind [$($method)+]),
                    file: $file,
                    kind: $crate::__route_kind!($kind),
                    middleware: &[$($($mw_file),+)?],
                    rendering: $crate::__rendering!(
                        $normalize $($once)? $($(cached $($policy($($arg)*))*)?)+
                    ),
                },
            )*
        ];

        /// The URL pattern of every route and page, for the compile-time checks of
        /// `app_router::href!`.
        pub const ROUTE_PATHS: &[&str] = &[$($url),*];

        #[doc = ::core::concat!(
            " The router of `", $app, "/`: every `route.rs` and `page.rs`, with Next.js method\n",
            " semantics, a `308` for trailing and repeated slashes, and `404` for other URLs.\n\n",
            " Compose it like any axum `Router`: `routes::router().with_state(state)`, the\n",
            " state's type given by `include_routes!(state = ..)`."
        )]
        pub fn router() -> $crate::__private::Router<State> {
            let routes = $crate::__sink!($($proxy)?);
            $(
                let method_router = $crate::__route_entry!(
                    ($($module)*) $kind $url [$($pattern),+] $normalize $context $(max_duration $secs)?
                    { $($method $(= $function)? $(cached $($policy($($arg)*))*)?),+ }
                );
                $(
                    let method_router = $crate::__wrap!(method_router; $($mw_form ($($mw)::+)),+);
                )?
                let routes = $crate::__private::Sink::add(routes, &[$($pattern),+], method_router);
            )*
            let router = $crate::__finish!(routes $(, $not_found $not_found_context)? $(; $proxy $matcher)?);
            $( let router = $crate::__instrument!(router; $inst; $($hook)+); )?
            router
        }

        $crate::__openapi! {
            [$($openapi)?] app $app;
            $( $kind $url ($($module)*) { $($method $(= $function)? $(args($arity))? $(doc $doc)?),+ }; )*
        }
    };
}

/// `openapi()` of an app (feature `openapi`): one operation per handler of a
/// `route.rs`, probed for its types (see `app_router::openapi`). Without the feature it
/// expands to nothing.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi {
    ([] $($input:tt)*) => {};
    (
        [on] app $app:literal;
        $( $kind:ident $url:literal $module:tt { $($method:ident $(= $function:ident)? $(args($arity:tt))? $(doc $doc:literal)?),+ }; )*
    ) => {
        #[doc = ::core::concat!(
            " The OpenAPI 3.1 document of the route handlers of `", $app, "/` (pages and\n",
            " metadata routes are not operations). Serve it with\n",
            " `.route(\"/openapi.json\", get(|| async { Json(routes::openapi()) }))`."
        )]
        // The probes' references are what picks the impl: none of them is needless.
        #[allow(clippy::needless_borrow)]
        pub fn openapi() -> $crate::__private::JsonValue {
            let mut doc = $crate::__private::OpenApi::new($app);
            $( $crate::__openapi_route!(doc; $kind $url $module { $($method $(= $function)? $(args($arity))? $(doc $doc)?),+ }); )*
            doc.finish()
        }
    };
}

#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi {
    ([] $($input:tt)*) => {};
    ([on] $($input:tt)*) => {
        ::core::compile_error!(
            "build.rs asks for `routes::openapi()` (`Routes::openapi(true)`): enable app-router's `openapi` feature (`app-router = { version = \"0.1\", features = [\"openapi\"] }`)"
        );
    };
}

/// The operations of one line of [`__openapi!`]: only `route.rs` files have them.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_route {
    ($doc:ident; route $url:literal $module:tt { $($method:ident $(= $function:ident)? $(args($arity:tt))? $(doc $text:literal)?),+ }) => {$(
        {
            #[allow(unused_imports)]
            use $crate::__private::openapi::{BodySchema as _, QuerySchema as _, ResponseSchema as _};
            let handler = $crate::__openapi_fn!($module $method $(= $function)?);
            let op = $crate::__private::Operation::default()
                .response((&&&&$crate::__private::openapi::output(&handler)).response($doc.generator()));
            $( let op = $crate::__openapi_args!($arity; handler; op; $doc); )?
            $doc.operation($url, ::core::stringify!($method), ::core::concat!("" $(, $text)?), op);
        }
    )+};
    ($doc:ident; $kind:ident $($rest:tt)*) => {};
}

/// The handler function of an [`__openapi_route!`] entry.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_fn {
    (($($module:ident)::*) $method:ident) => { $($module::)* $method };
    (($($module:ident)::*) $method:ident = $function:ident) => { $($module::)* $function };
}

/// Probes every argument of a handler of arity `$arity` for a body and a query.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_args {
    (1; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args1($h); $op; $doc; 0) };
    (2; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args2($h); $op; $doc; 0 1) };
    (3; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args3($h); $op; $doc; 0 1 2) };
    (4; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args4($h); $op; $doc; 0 1 2 3) };
    (5; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args5($h); $op; $doc; 0 1 2 3 4) };
    (6; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args6($h); $op; $doc; 0 1 2 3 4 5) };
    (7; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args7($h); $op; $doc; 0 1 2 3 4 5 6) };
    (8; $h:ident; $op:ident; $doc:ident) => { $crate::__openapi_probe!($crate::__private::openapi::args8($h); $op; $doc; 0 1 2 3 4 5 6 7) };
}

/// See [`__openapi_args!`].
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __openapi_probe {
    ($probes:expr; $op:ident; $doc:ident; $($i:tt)*) => {{
        let probes = $probes;
        $op $(
            .body((&&&&probes.$i).body($doc.generator()))
            .query((&&&&probes.$i).query($doc.generator()))
        )*
    }};
}

/// The `Rendering` of a line of [`__routes!`]: `once` for a metadata file rendered once,
/// the policy of a cached `GET`, or neither (rendered per request).
#[doc(hidden)]
#[macro_export]
macro_rules! __rendering {
    ($normalize:ident once) => {
        $crate::Rendering::Static { revalidate: ::core::option::Option::None }
    };
    ($normalize:ident) => {
        $crate::Rendering::Dynamic { revalidate: ::core::option::Option::None }
    };
    ($normalize:ident cached $($policy:ident($($arg:tt)*))*) => {
        $crate::__private::RenderingOf::new($crate::__flag!($normalize)) $(.$policy($($arg)*))* .get()
    };
}

/// The method router of a route inside the middleware of its folders:
/// `__wrap!(route; function (a::middleware), layer (a::b::middleware))` is the
/// outermost `a` around `a/b` around the route.
#[doc(hidden)]
#[macro_export]
macro_rules! __wrap {
    ($route:expr; $form:ident ($($mw:ident)::+) $(, $rest_form:ident ($($rest:ident)::+))*) => {
        $crate::__wrap_one!($form ($($mw)::+) $crate::__wrap!($route; $($rest_form ($($rest)::+)),*))
    };
    ($route:expr;) => {
        $route
    };
}

/// One middleware of [`__wrap!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __wrap_one {
    (function ($($mw:ident)::+) $route:expr) => {
        $crate::__private::middleware_fn($route, $($mw::)+ middleware)
    };
    (layer ($($mw:ident)::+) $route:expr) => {
        $crate::__private::middleware_layer($route, $($mw::)+ layer())
    };
}

/// The hooks of `instrumentation.rs` around the whole app (outside the proxy too).
#[doc(hidden)]
#[macro_export]
macro_rules! __instrument {
    ($router:ident; $inst:ident; $($hook:ident)+) => {
        $router.layer(
            $crate::instrumentation::Instrumentation::new()
                $(.$hook($inst::$hook))+
                .layer(),
        )
    };
}

/// Where [`__routes!`] registers routes: the router, or the proxy's table.
#[doc(hidden)]
#[macro_export]
macro_rules! __sink {
    () => {
        $crate::__private::Router::new()
    };
    ($proxy:tt) => {
        $crate::__private::ProxyRouter::default()
    };
}

/// The end of [`__routes!`]: the fallback (the root `not-found.rs`, or an empty `404`),
/// and the proxy around everything.
#[doc(hidden)]
#[macro_export]
macro_rules! __finish {
    ($routes:ident) => {
        $crate::__private::finish($routes)
    };
    ($routes:ident, ($($module:ident)::+) $context:ident) => {
        $crate::__private::finish_with_not_found($routes, $($module)::+, $crate::__flag!($context))
    };
    ($routes:ident; ($($proxy:ident)::+) $matcher:tt) => {
        $routes.finish(
            $crate::__private::not_found_route(),
            $($proxy::)+ proxy,
            $crate::__matcher!($matcher),
        )
    };
    ($routes:ident, ($($module:ident)::+) $context:ident; ($($proxy:ident)::+) $matcher:tt) => {
        $routes.finish(
            $crate::__private::not_found_page_route($($module)::+, $crate::__flag!($context)),
            $($proxy::)+ proxy,
            $crate::__matcher!($matcher),
        )
    };
}

/// The proxy's `MATCHER`, parsed by the build script.
#[doc(hidden)]
#[macro_export]
macro_rules! __matcher {
    (all) => {
        $crate::__private::Matcher(::core::option::Option::None)
    };
    ([$($pattern:tt),*]) => {
        $crate::__private::Matcher(::core::option::Option::Some(&[$($crate::__pattern!$pattern),*]))
    };
}

/// One pattern of [`__matcher!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __pattern {
    (segments $($seg:tt)*) => {
        $crate::__private::Pattern::Segments(&[$($crate::__seg!($seg)),*])
    };
    (except $($prefix:literal)*) => {
        $crate::__private::Pattern::Except(&[$($prefix),*])
    };
}

/// One segment of [`__pattern!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __seg {
    ($literal:literal) => {
        $crate::__private::Seg::Lit($literal)
    };
    (one) => {
        $crate::__private::Seg::One
    };
    (optional) => {
        $crate::__private::Seg::Optional
    };
    (many) => {
        $crate::__private::Seg::Many
    };
    (at_least_one) => {
        $crate::__private::Seg::AtLeastOne
    };
}

/// The `MethodRouter` of one line of [`__routes!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __route_entry {
    (
        $module:tt $kind:ident $url:literal [$($pattern:literal),+] $normalize:ident $context:ident
        $(max_duration $secs:literal)?
        { $($method:ident $(= $function:ident)? $(cached $($policy:ident($($arg:tt)*))*)?),+ }
    ) => {{
        let builder = $crate::__private::RouteBuilder::new(
            $crate::__flag!($normalize),
            $crate::__flag!($context),
        ) $(.max_duration($secs))?
        .at($url, $crate::__route_kind!($kind));
        let patterns: &'static [&'static str] = &[$($pattern),+];
        $(
            let builder = $crate::__handler!(
                builder, $module, $url, patterns, $method $(= $function)? $(cached $($policy($($arg)*))*)?
            );
        )+
        let _ = patterns;
        builder.end($crate::__route_kind!($kind))
    }};
}

/// One handler of a line of [`__routes!`], registered on `$builder`.
#[doc(hidden)]
#[macro_export]
macro_rules! __handler {
    ($builder:ident, ($($module:ident)::*), $url:literal, $patterns:ident, $method:ident) => {
        $builder.handler($crate::http::Method::$method, $($module::)* $method)
    };
    ($builder:ident, ($($module:ident)::*), $url:literal, $patterns:ident, $method:ident = $function:ident) => {
        $builder.handler($crate::http::Method::$method, $($module::)* $function)
    };
    ($builder:ident, ($($module:ident)::*), $url:literal, $patterns:ident, $method:ident cached $($policy:ident($($arg:tt)*))*) => {
        $builder.cached(
            $($module::)* $method,
            $crate::__private::CachePolicy::new($url).patterns($patterns) $(.$policy($($arg)*))*,
        )
    };
    ($builder:ident, ($($module:ident)::*), $url:literal, $patterns:ident, $method:ident = $function:ident cached $($policy:ident($($arg:tt)*))*) => {
        $builder.cached(
            $($module::)* $function,
            $crate::__private::CachePolicy::new($url).patterns($patterns) $(.$policy($($arg)*))*,
        )
    };
}

/// The methods `ROUTES` lists for a line of [`__routes!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __route_methods {
    (route [$($method:ident)+]) => { &[$($crate::http::Method::$method),+] };
    ($kind:ident [$($method:ident)+]) => { &[$crate::http::Method::GET] };
}

/// The `RouteKind` of a line of [`__routes!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __route_kind {
    (route) => {
        $crate::RouteKind::Handler
    };
    (page) => {
        $crate::RouteKind::Page
    };
    (metadata) => {
        $crate::RouteKind::Metadata
    };
}

/// The named flags of [`__routes!`] lines.
#[doc(hidden)]
#[macro_export]
macro_rules! __flag {
    (dynamic) => {
        true
    };
    (fixed) => {
        false
    };
    (context) => {
        true
    };
    (no_context) => {
        false
    };
}
