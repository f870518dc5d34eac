//! What the analysis knows of each served route, without generating or compiling
//! anything: the rows `cargo app-router routes` prints.

/// One served route (a `route.rs`, `page.rs` or metadata file), in matching priority
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteSummary {
    /// The URL pattern in Next.js notation: `/api/users/[id]`.
    pub path: String,
    /// The file, relative to the crate root: `app/api/users/[id]/route.rs`.
    pub file: String,
    /// Route handlers, a page, or a metadata route.
    pub kind: SummaryKind,
    /// The methods the file defines handlers for, sorted (a page: `GET`).
    pub methods: Vec<&'static str>,
    /// The `middleware.rs` files around it, outermost first.
    pub middleware: Vec<String>,
    /// The URL has parameters (`[id]`, `[...slug]`).
    pub dynamic: bool,
    /// A metadata route rendered once and served from memory.
    pub rendered_once: bool,
    /// How its `GET` is cached, if it is.
    pub cache: Option<CacheSummary>,
}

/// The kind of a [`RouteSummary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SummaryKind {
    /// A `route.rs`.
    Route,
    /// A `page.rs`.
    Page,
    /// A metadata file (`sitemap.rs`, `icon.png`, ...).
    Metadata,
}

/// How a cached `GET` is rendered (the segment config the build script read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CacheSummary {
    /// `REVALIDATE` in seconds; `None`: until revalidated by tag or path.
    pub revalidate: Option<u32>,
    /// `Dynamic::ForceStatic`.
    pub force_static: bool,
    /// The file has `generate_static_params`.
    pub static_params: bool,
}
