//! Procedural macros of [`app-router`](https://docs.rs/app-router).
//!
//! Entry points only: every macro delegates to `app_router_codegen`, the one
//! implementation shared with the build-script front end. Use the macros through
//! the `app_router` crate, which re-exports them.

use proc_macro::TokenStream;

/// Turns the `GET`, `POST`, ... functions of an inline module into one axum
/// `MethodRouter` with Next.js route-handler semantics.
///
/// See `app_router::route_handlers` for the documentation.
#[proc_macro_attribute]
pub fn route_handlers(args: TokenStream, item: TokenStream) -> TokenStream {
    app_router_codegen::__macro_support::expand_route_handlers(args.into(), item.into()).into()
}

/// Caches the result of an `async fn` by its arguments ("use cache").
///
/// See `app_router::cache` for the documentation.
#[proc_macro_attribute]
pub fn cache(args: TokenStream, item: TokenStream) -> TokenStream {
    app_router_codegen::__macro_support::expand_cache(args.into(), item.into()).into()
}
