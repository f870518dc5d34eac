//! The route table of a file-system app: printable like `next build`'s route list, and
//! writable as a JSON manifest for deploy scripts and monitoring.

use std::fmt;

use axum::http::Method;

use crate::methods::allowed_methods;

/// What serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteKind {
    /// A `route.rs` file: route handlers (`GET`, `POST`, ...).
    Handler,
    /// A `page.rs` file: a page served on `GET` and `HEAD`.
    Page,
    /// A metadata file: `sitemap.rs`, `robots.rs`, `manifest.rs`, an image file
    /// (`icon.rs`, `opengraph-image.rs`, ...) or a static one (`favicon.ico`,
    /// `icon.png`, ...), served like a route file with only `GET`.
    Metadata,
}

impl RouteKind {
    /// `route`, `page` or `metadata`, as the manifest writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Handler => "route",
            RouteKind::Page => "page",
            RouteKind::Metadata => "metadata",
        }
    }
}

/// How a route's `GET` is rendered, as `next build` marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendering {
    /// `ƒ`: rendered for each request (cached per URL on demand when `revalidate` is set
    /// on a route with URL parameters).
    Dynamic {
        /// `REVALIDATE` in seconds, if the `GET` is cached.
        revalidate: Option<u32>,
    },
    /// `○`: rendered once and served from the cache (`Dynamic::ForceStatic`,
    /// `REVALIDATE` without URL parameters, a static metadata file).
    Static {
        /// `REVALIDATE` in seconds; `None` until revalidated by tag or path.
        revalidate: Option<u32>,
    },
    /// `●`: prerendered for every entry of `generate_static_params`.
    StaticParams {
        /// `REVALIDATE` in seconds; `None` until revalidated by tag or path.
        revalidate: Option<u32>,
    },
}

impl Rendering {
    /// `next build`'s symbol: `○`, `●` or `ƒ`.
    pub fn symbol(self) -> &'static str {
        match self {
            Rendering::Static { .. } => "○",
            Rendering::StaticParams { .. } => "●",
            Rendering::Dynamic { .. } => "ƒ",
        }
    }

    /// `REVALIDATE` in seconds, if the `GET` is cached with one.
    pub fn revalidate(self) -> Option<u32> {
        match self {
            Rendering::Dynamic { revalidate }
            | Rendering::Static { revalidate }
            | Rendering::StaticParams { revalidate } => revalidate,
        }
    }

    /// `dynamic`, `static` or `static-params`, as the manifest writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rendering::Dynamic { .. } => "dynamic",
            Rendering::Static { .. } => "static",
            Rendering::StaticParams { .. } => "static-params",
        }
    }
}

/// The kind of a URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// `[id]`: one segment.
    Single,
    /// `[...slug]`: one or more segments.
    CatchAll,
    /// `[[...slug]]`: zero or more segments.
    OptionalCatchAll,
}

impl ParamKind {
    /// `single`, `catch-all` or `optional-catch-all`, as the manifest writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamKind::Single => "single",
            ParamKind::CatchAll => "catch-all",
            ParamKind::OptionalCatchAll => "optional-catch-all",
        }
    }
}

/// A URL parameter of a route, in URL order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RouteParam {
    /// The name as in the folder (`postId` for `[postId]`).
    pub name: &'static str,
    /// One segment, or a catch-all.
    pub kind: ParamKind,
}

/// One route of a file-system app, as generated from its file.
///
/// ```
/// use app_router::{ParamKind, Rendering, RouteInfo, RouteKind, RouteParam, http::Method};
///
/// let route = RouteInfo {
///     path: "/api/users/[id]",
///     methods: &[Method::GET],
///     file: "app/api/users/[id]/route.rs",
///     kind: RouteKind::Handler,
///     middleware: &["app/api/middleware.rs"],
///     rendering: Rendering::Dynamic { revalidate: None },
/// };
/// assert!(route.is_dynamic());
/// assert_eq!(route.allowed_methods(), [Method::GET, Method::HEAD, Method::OPTIONS]);
/// assert_eq!(route.params(), [RouteParam { name: "id", kind: ParamKind::Single }]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// The URL pattern in Next.js notation (`/api/users/[id]`; groups removed).
    pub path: &'static str,
    /// The methods the file defines handlers for (for a page: `GET`).
    pub methods: &'static [Method],
    /// The file, relative to the crate root (`app/api/users/[id]/route.rs`).
    pub file: &'static str,
    /// Route handlers or page.
    pub kind: RouteKind,
    /// The `middleware.rs` files that wrap the route, outermost (nearest the app root)
    /// first.
    pub middleware: &'static [&'static str],
    /// How its `GET` is rendered and cached.
    pub rendering: Rendering,
}

impl RouteInfo {
    /// Whether the URL has parameters (`[id]`, `[...slug]`, `[[...slug]]`).
    pub fn is_dynamic(&self) -> bool {
        self.path.contains('[')
    }

    /// Every method the route answers without a `405`: for handlers the defined
    /// methods plus the automatic `HEAD` and `OPTIONS`; for a page `GET` and `HEAD`.
    pub fn allowed_methods(&self) -> Vec<Method> {
        match self.kind {
            RouteKind::Handler | RouteKind::Metadata => allowed_methods(self.methods),
            RouteKind::Page => vec![Method::GET, Method::HEAD],
        }
    }

    /// The URL parameters, in URL order, read from [`path`](Self::path).
    pub fn params(&self) -> Vec<RouteParam> {
        self.path
            .split('/')
            .filter_map(|segment| {
                let inner = segment.strip_prefix('[')?;
                let (name, kind) = if let Some(rest) = inner.strip_prefix("[...") {
                    (rest.split(']').next()?, ParamKind::OptionalCatchAll)
                } else if let Some(rest) = inner.strip_prefix("...") {
                    (rest.split(']').next()?, ParamKind::CatchAll)
                } else {
                    // `[id]`, and the id of a metadata route (`[id].xml`).
                    (inner.split(']').next()?, ParamKind::Single)
                };
                Some(RouteParam { name, kind })
            })
            .collect()
    }
}

/// A list of routes that displays as a table, like the route list of `next build`:
/// `○` rendered once and cached, `●` prerendered from `generate_static_params`, `ƒ`
/// rendered per request, and a `Revalidate` column when a route has one.
///
/// ```
/// use app_router::{Rendering, RouteInfo, RouteKind, RouteTable, http::Method};
///
/// let routes = [RouteInfo {
///     path: "/api/hello",
///     methods: &[Method::GET],
///     file: "app/api/hello/route.rs",
///     kind: RouteKind::Handler,
///     middleware: &[],
///     rendering: Rendering::Dynamic { revalidate: None },
/// }];
/// let printed = RouteTable(&routes).to_string();
/// assert!(printed.contains("ƒ /api/hello"));
/// assert!(printed.contains("GET, HEAD, OPTIONS"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RouteTable<'a>(pub &'a [RouteInfo]);

/// `60s`, `5m`, `1h`, `1d`: the largest whole unit, as `next build` prints.
fn duration(seconds: u32) -> String {
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds >= size && seconds.is_multiple_of(size) {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

impl fmt::Display for RouteTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let routes = self.0;
        let width = routes
            .iter()
            .map(|r| r.path.chars().count())
            .max()
            .unwrap_or(0)
            // The header's "Route (app)" spans the row's "┌ ○ " and the path.
            .max("Route (app)".len() - 4);
        let methods: Vec<String> = routes
            .iter()
            .map(|r| {
                let allowed = r.allowed_methods();
                let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
                names.join(", ")
            })
            .collect();
        let revalidates: Vec<String> = routes
            .iter()
            .map(|r| r.rendering.revalidate().map_or_else(String::new, duration))
            .collect();
        let mwidth = methods.iter().map(String::len).max().unwrap_or(0).max(7);
        let first = width + 4;
        // Optional columns only for apps that use them.
        let revalidate = revalidates.iter().any(|r| !r.is_empty());
        let wrapped = routes.iter().any(|r| !r.middleware.is_empty());
        let fwidth = routes
            .iter()
            .map(|r| r.file.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        let mut header = format!("{:first$}  {:mwidth$}", "Route (app)", "Methods");
        if revalidate {
            header.push_str("  Revalidate");
        }
        header.push_str(&format!("  {:fwidth$}", "File"));
        if wrapped {
            header.push_str("  Middleware");
        }
        writeln!(f, "{}", header.trim_end())?;
        let last = routes.len().saturating_sub(1);
        for (i, route) in routes.iter().enumerate() {
            let branch = match i {
                0 if last == 0 => "─",
                0 => "┌",
                i if i == last => "└",
                _ => "├",
            };
            let mut line = format!(
                "{branch} {} {:width$}  {:mwidth$}",
                route.rendering.symbol(),
                route.path,
                methods[i]
            );
            if revalidate {
                line.push_str(&format!("  {:>10}", revalidates[i]));
            }
            line.push_str(&format!("  {:fwidth$}", route.file));
            if wrapped {
                line.push_str("  ");
                line.push_str(&route.middleware.join(" → "));
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        writeln!(f)?;
        writeln!(f, "○  (Static)   rendered once and served from the cache")?;
        writeln!(
            f,
            "●  (SSG)      prerendered for each entry of generate_static_params"
        )?;
        write!(f, "ƒ  (Dynamic)  rendered for each request")
    }
}

impl RouteTable<'_> {
    /// The routes as a JSON manifest (the counterpart of Next.js'
    /// `app-path-routes-manifest.json`, with what tools need): for each route its URL
    /// pattern, kind, file, defined and answered methods, URL parameters, rendering,
    /// revalidate time and middleware, in matching priority order.
    ///
    /// ```
    /// use app_router::{Rendering, RouteInfo, RouteKind, RouteTable, http::Method};
    ///
    /// let routes = [RouteInfo {
    ///     path: "/blog/[...slug]",
    ///     methods: &[Method::GET],
    ///     file: "app/blog/[...slug]/route.rs",
    ///     kind: RouteKind::Handler,
    ///     middleware: &[],
    ///     rendering: Rendering::Dynamic { revalidate: Some(60) },
    /// }];
    /// let json: serde_json::Value = serde_json::from_str(&RouteTable(&routes).to_json()).unwrap();
    /// assert_eq!(json["routes"][0]["params"][0]["kind"], "catch-all");
    /// assert_eq!(json["routes"][0]["revalidate"], 60);
    /// ```
    pub fn to_json(&self) -> String {
        let routes: Vec<serde_json::Value> = self
            .0
            .iter()
            .map(|r| {
                fn names(methods: &[Method]) -> Vec<&str> {
                    methods.iter().map(Method::as_str).collect()
                }
                let params: Vec<serde_json::Value> = r
                    .params()
                    .iter()
                    .map(|p| serde_json::json!({ "name": p.name, "kind": p.kind.as_str() }))
                    .collect();
                serde_json::json!({
                    "path": r.path,
                    "kind": r.kind.as_str(),
                    "file": r.file,
                    "methods": names(r.methods),
                    "allowed_methods": names(&r.allowed_methods()),
                    "params": params,
                    "rendering": r.rendering.as_str(),
                    "revalidate": r.rendering.revalidate(),
                    "middleware": r.middleware,
                })
            })
            .collect();
        let manifest = serde_json::json!({ "version": 1, "routes": routes });
        // A `Value` of strings, numbers and arrays always serializes.
        serde_json::to_string_pretty(&manifest).unwrap_or_default()
    }
}

/// Builds a route's [`Rendering`] from its line of the generated table (const, for
/// `ROUTES`). Not public API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct RenderingOf {
    params: bool,
    revalidate: Option<u32>,
    static_params: bool,
}

impl RenderingOf {
    /// A cached `GET`; `params`: the URL has parameters.
    pub const fn new(params: bool) -> Self {
        Self {
            params,
            revalidate: None,
            static_params: false,
        }
    }

    /// `REVALIDATE`.
    pub const fn revalidate(mut self, seconds: u32) -> Self {
        self.revalidate = Some(seconds);
        self
    }

    /// `Dynamic::ForceStatic`: rendered once, whatever the request.
    pub const fn force_static(mut self) -> Self {
        self.params = false;
        self
    }

    /// `generate_static_params`.
    pub const fn static_params(mut self, _paths: crate::cache::StaticParams, _: bool) -> Self {
        self.static_params = true;
        self
    }

    /// The page renders `not-found.rs` for unlisted params: no change to the rendering.
    pub const fn not_found_page(self) -> Self {
        self
    }

    /// The rendering of a cached `GET` from its segment config, for tools that read
    /// the build script's analysis rather than the generated table
    /// (`cargo app-router routes`).
    pub const fn from_config(
        params: bool,
        revalidate: Option<u32>,
        force_static: bool,
        static_params: bool,
    ) -> Rendering {
        let mut of = Self::new(params);
        of.revalidate = revalidate;
        if force_static {
            of = of.force_static();
        }
        of.static_params = static_params;
        of.get()
    }

    /// The rendering.
    pub const fn get(self) -> Rendering {
        let revalidate = self.revalidate;
        if self.static_params {
            Rendering::StaticParams { revalidate }
        } else if self.params {
            Rendering::Dynamic { revalidate }
        } else {
            Rendering::Static { revalidate }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DYNAMIC: Rendering = Rendering::Dynamic { revalidate: None };

    fn route(path: &'static str, file: &'static str, rendering: Rendering) -> RouteInfo {
        RouteInfo {
            path,
            methods: &[Method::GET],
            file,
            kind: RouteKind::Handler,
            middleware: &[],
            rendering,
        }
    }

    #[test]
    fn header_and_rows_line_up() {
        let routes = [
            RouteInfo {
                kind: RouteKind::Page,
                ..route("/", "app/page.rs", Rendering::Static { revalidate: None })
            },
            RouteInfo {
                methods: &[Method::GET, Method::DELETE],
                ..route("/api/users/[id]", "app/api/users/[id]/route.rs", DYNAMIC)
            },
        ];
        let text = RouteTable(&routes).to_string();
        let expected = "\
Route (app)          Methods                     File
┌ ○ /                GET, HEAD                   app/page.rs
└ ƒ /api/users/[id]  DELETE, GET, HEAD, OPTIONS  app/api/users/[id]/route.rs

○  (Static)   rendered once and served from the cache
●  (SSG)      prerendered for each entry of generate_static_params
ƒ  (Dynamic)  rendered for each request";
        assert_eq!(text, expected);
    }

    #[test]
    fn symbols_follow_next_build_and_revalidate_gets_a_column() {
        let routes = [
            // A route without parameters that is not cached is dynamic all the same.
            route("/api/books", "app/api/books/route.rs", DYNAMIC),
            route(
                "/genres/[genre]",
                "app/genres/[genre]/route.rs",
                Rendering::StaticParams {
                    revalidate: Some(3_600),
                },
            ),
            route(
                "/news",
                "app/news/route.rs",
                Rendering::Static {
                    revalidate: Some(90),
                },
            ),
        ];
        let text = RouteTable(&routes).to_string();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("Route (app)          Methods             Revalidate  File")
        );
        assert_eq!(
            lines.next(),
            Some("┌ ƒ /api/books       GET, HEAD, OPTIONS              app/api/books/route.rs")
        );
        assert_eq!(
            lines.next(),
            Some(
                "├ ● /genres/[genre]  GET, HEAD, OPTIONS          1h  app/genres/[genre]/route.rs"
            )
        );
        assert_eq!(
            lines.next(),
            Some("└ ○ /news            GET, HEAD, OPTIONS         90s  app/news/route.rs")
        );
    }

    #[test]
    fn middleware_column_only_when_some_route_has_middleware() {
        let routes = [
            RouteInfo {
                kind: RouteKind::Page,
                ..route("/", "app/page.rs", DYNAMIC)
            },
            RouteInfo {
                methods: &[Method::POST],
                middleware: &["app/middleware.rs", "app/(admin)/middleware.rs"],
                ..route("/admin", "app/(admin)/admin/route.rs", DYNAMIC)
            },
        ];
        let text = RouteTable(&routes).to_string();
        let expected = "\
Route (app)  Methods        File                        Middleware
┌ ƒ /        GET, HEAD      app/page.rs
└ ƒ /admin   OPTIONS, POST  app/(admin)/admin/route.rs  app/middleware.rs → app/(admin)/middleware.rs
";
        assert!(text.starts_with(expected), "{text}");
    }

    #[test]
    fn short_paths_still_fit_the_header() {
        let routes = [route("/a", "app/a/route.rs", DYNAMIC)];
        let text = RouteTable(&routes).to_string();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("Route (app)  Methods             File"));
        assert_eq!(
            lines.next(),
            Some("─ ƒ /a       GET, HEAD, OPTIONS  app/a/route.rs")
        );
    }

    #[test]
    fn params_of_every_kind() {
        let r = route("/a/[id]/[...rest]", "f", DYNAMIC);
        assert_eq!(
            r.params(),
            [
                RouteParam {
                    name: "id",
                    kind: ParamKind::Single
                },
                RouteParam {
                    name: "rest",
                    kind: ParamKind::CatchAll
                }
            ]
        );
        let opt = route("/docs/[[...slug]]", "f", DYNAMIC);
        assert_eq!(
            opt.params(),
            [RouteParam {
                name: "slug",
                kind: ParamKind::OptionalCatchAll
            }]
        );
        assert_eq!(
            route("/sitemap/[id].xml", "f", DYNAMIC).params()[0].name,
            "id"
        );
        assert!(route("/", "f", DYNAMIC).params().is_empty());
    }

    #[test]
    fn durations_like_next_build() {
        let cases = [
            (1, "1s"),
            (60, "1m"),
            (90, "90s"),
            (3_600, "1h"),
            (86_400, "1d"),
            (172_800, "2d"),
        ];
        for (seconds, shown) in cases {
            assert_eq!(duration(seconds), shown);
        }
    }
}
