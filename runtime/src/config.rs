//! Route segment config: the values of the `const`s a `route.rs` may declare.
//!
//! The build script reads them from the file's syntax (so they must be written as
//! literals, as in Next.js), decides how the route is cached, and checks them:
//! a misspelled name or an impossible combination is a compile error.
//!
//! ```
//! use app_router::prelude::*;
//!
//! pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;
//! pub const REVALIDATE: Revalidate = Revalidate::Seconds(60);
//! pub const MAX_DURATION: u64 = 5;
//!
//! pub async fn GET() -> impl IntoResponse {
//!     Json(json!({ "rendered": "once a minute at most" }))
//! }
//! ```

/// `export const dynamic`: whether the route's `GET` is prerendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dynamic {
    /// `'auto'`: cached only if other config asks for it and the `GET` reads nothing
    /// from the request.
    #[default]
    Auto,
    /// `'force-dynamic'`: never cached.
    ForceDynamic,
    /// `'force-static'`: rendered once with an empty request (no headers, cookies or
    /// query) and served from the cache.
    ForceStatic,
    /// `'error'`: like `ForceStatic`, and a `GET` that takes request data is a compile
    /// error pointing at the argument.
    Error,
}

/// `export const revalidate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revalidate {
    /// `false`: cached until revalidated by tag or path.
    Never,
    /// Stale after this many seconds (stale-while-revalidate); `0` is never cached.
    Seconds(u32),
}
