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
/// @not_found (__app_router_not_found) context;
/// ```
///
/// Each line: the kind (`route`, `page`, `metadata`), the URL and file as `ROUTES`
/// shows them, the axum paths, `dynamic` (normalize the path before a capture) or
/// `fixed`, `context` (install the request context of `cookies()`) or `no_context`,
/// `max_duration N`, the module, and its handlers by method (`GET = function` when the
/// function is not named after the method), a cached `GET` with its policy.
#[doc(hidden)]
#[macro_export]
macro_rules! __routes {
    (
        app $app:literal;
        $(
            $kind:ident $url:literal $file:literal [$($pattern:literal),+] $normalize:ident $context:ident
            $(max_duration $secs:literal)?
            ($($module:tt)*) { $($method:ident $(= $function:ident)? $(cached $($policy:ident($($arg:tt)*))*)?),+ };
        )*
        $(@not_found $not_found:tt $not_found_context:ident;)?
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
                },
            )*
        ];

        #[doc = ::core::concat!(
            " The router of `", $app, "/`: every `route.rs` and `page.rs`, with Next.js method\n",
            " semantics, a `308` for trailing and repeated slashes, and `404` for other URLs.\n\n",
            " Compose it like any axum `Router`: `routes::router().with_state(state)`, the\n",
            " state's type given by `include_routes!(state = ..)`."
        )]
        pub fn router() -> $crate::__private::Router<State> {
            let router = $crate::__private::Router::new();
            $(
                let method_router = $crate::__route_entry!(
                    ($($module)*) $kind $url [$($pattern),+] $normalize $context $(max_duration $secs)?
                    { $($method $(= $function)? $(cached $($policy($($arg)*))*)?),+ }
                );
                $(
                    let router = router.route($pattern, ::core::clone::Clone::clone(&method_router));
                )+
            )*
            $crate::__finish!(router $(, $not_found $not_found_context)?)
        }
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
        ) $(.max_duration($secs))?;
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

/// The fallback of [`__routes!`]: the root `not-found.rs`, or an empty `404`.
#[doc(hidden)]
#[macro_export]
macro_rules! __finish {
    ($router:ident) => {
        $crate::__private::finish($router)
    };
    ($router:ident, ($($module:ident)::+) $context:ident) => {
        $crate::__private::finish_with_not_found($router, $($module)::+, $crate::__flag!($context))
    };
}
