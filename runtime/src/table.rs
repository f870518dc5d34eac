//! The route table of a file-system app, printable like `next build`'s route list.

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

/// One route of a file-system app, as generated from its file.
///
/// ```
/// use app_router::{RouteInfo, RouteKind, http::Method};
///
/// let route = RouteInfo {
///     path: "/api/users/[id]",
///     methods: &[Method::GET],
///     file: "app/api/users/[id]/route.rs",
///     kind: RouteKind::Handler,
///     middleware: &["app/api/middleware.rs"],
/// };
/// assert!(route.is_dynamic());
/// assert_eq!(route.allowed_methods(), [Method::GET, Method::HEAD, Method::OPTIONS]);
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
}

/// A list of routes that displays as a table, like the route list of `next build`.
///
/// ```
/// use app_router::{RouteInfo, RouteKind, RouteTable, http::Method};
///
/// let routes = [RouteInfo {
///     path: "/api/hello",
///     methods: &[Method::GET],
///     file: "app/api/hello/route.rs",
///     kind: RouteKind::Handler,
///     middleware: &[],
/// }];
/// let printed = RouteTable(&routes).to_string();
/// assert!(printed.contains("○ /api/hello"));
/// assert!(printed.contains("GET, HEAD, OPTIONS"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RouteTable<'a>(pub &'a [RouteInfo]);

impl fmt::Display for RouteTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .0
            .iter()
            .map(|r| r.path.chars().count())
            .max()
            .unwrap_or(0)
            // The header's "Route (app)" spans the row's "┌ ○ " and the path.
            .max("Route (app)".len() - 4);
        let methods: Vec<String> = self
            .0
            .iter()
            .map(|r| {
                let allowed = r.allowed_methods();
                let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
                names.join(", ")
            })
            .collect();
        let mwidth = methods.iter().map(String::len).max().unwrap_or(0).max(7);
        let first = width + 4;
        // A middleware column only for apps that have middleware.
        let wrapped = self.0.iter().any(|r| !r.middleware.is_empty());
        let fwidth = self
            .0
            .iter()
            .map(|r| r.file.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        if wrapped {
            writeln!(
                f,
                "{:first$}  {:mwidth$}  {:fwidth$}  Middleware",
                "Route (app)", "Methods", "File"
            )?;
        } else {
            writeln!(f, "{:first$}  {:mwidth$}  File", "Route (app)", "Methods")?;
        }
        let last = self.0.len().saturating_sub(1);
        for (i, (route, methods)) in self.0.iter().zip(&methods).enumerate() {
            let branch = match i {
                0 if last == 0 => "─",
                0 => "┌",
                i if i == last => "└",
                _ => "├",
            };
            let symbol = if route.is_dynamic() { "ƒ" } else { "○" };
            if wrapped {
                let chain = route.middleware.join(" → ");
                let line = format!(
                    "{branch} {symbol} {:width$}  {methods:mwidth$}  {:fwidth$}  {chain}",
                    route.path, route.file
                );
                writeln!(f, "{}", line.trim_end())?;
            } else {
                writeln!(
                    f,
                    "{branch} {symbol} {:width$}  {methods:mwidth$}  {}",
                    route.path, route.file
                )?;
            }
        }
        writeln!(f)?;
        writeln!(f, "○  (Static)   no URL parameters")?;
        write!(f, "ƒ  (Dynamic)  URL parameters, read per request")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_rows_line_up() {
        let routes = [
            RouteInfo {
                path: "/",
                methods: &[Method::GET],
                file: "app/page.rs",
                kind: RouteKind::Page,
                middleware: &[],
            },
            RouteInfo {
                path: "/api/users/[id]",
                methods: &[Method::GET, Method::DELETE],
                file: "app/api/users/[id]/route.rs",
                kind: RouteKind::Handler,
                middleware: &[],
            },
        ];
        let text = RouteTable(&routes).to_string();
        let expected = "\
Route (app)          Methods                     File
┌ ○ /                GET, HEAD                   app/page.rs
└ ƒ /api/users/[id]  DELETE, GET, HEAD, OPTIONS  app/api/users/[id]/route.rs

○  (Static)   no URL parameters
ƒ  (Dynamic)  URL parameters, read per request";
        assert_eq!(text, expected);
        let columns: Vec<usize> = text
            .lines()
            .take(3)
            .map(|l| {
                l.chars()
                    .position(|c| c == 'M' || c == 'G' || c == 'D')
                    .unwrap()
            })
            .collect();
        assert_eq!(columns, [21, 21, 21]);
    }

    #[test]
    fn middleware_column_only_when_some_route_has_middleware() {
        let routes = [
            RouteInfo {
                path: "/",
                methods: &[Method::GET],
                file: "app/page.rs",
                kind: RouteKind::Page,
                middleware: &[],
            },
            RouteInfo {
                path: "/admin",
                methods: &[Method::POST],
                file: "app/(admin)/admin/route.rs",
                kind: RouteKind::Handler,
                middleware: &["app/middleware.rs", "app/(admin)/middleware.rs"],
            },
        ];
        let text = RouteTable(&routes).to_string();
        let expected = "\
Route (app)  Methods        File                        Middleware
┌ ○ /        GET, HEAD      app/page.rs
└ ○ /admin   OPTIONS, POST  app/(admin)/admin/route.rs  app/middleware.rs → app/(admin)/middleware.rs
";
        assert!(text.starts_with(expected), "{text}");
    }

    #[test]
    fn short_paths_still_fit_the_header() {
        let routes = [RouteInfo {
            path: "/a",
            methods: &[Method::GET],
            file: "app/a/route.rs",
            kind: RouteKind::Handler,
            middleware: &[],
        }];
        let text = RouteTable(&routes).to_string();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("Route (app)  Methods             File"));
        assert_eq!(
            lines.next(),
            Some("─ ○ /a       GET, HEAD, OPTIONS  app/a/route.rs")
        );
    }
}
