//! Plain data between the stages: methods, handlers, segments, routes.

use std::path::PathBuf;

use proc_macro2::Ident;

/// An HTTP method a route file may define a handler for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Method {
    Get,
    Head,
    Options,
    Post,
    Put,
    Delete,
    Patch,
}

impl Method {
    /// In the order handlers are registered and listed.
    pub(crate) const ALL: [Method; 7] = [
        Method::Get,
        Method::Head,
        Method::Options,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// A valid handler function (`pub async fn GET(...)`), or the `page` of a `page.rs`.
#[derive(Debug, Clone)]
pub(crate) struct Handler {
    /// `None` for a page.
    pub(crate) method: Option<Method>,
    pub(crate) ident: Ident,
    /// The argument types, in order.
    pub(crate) args: Vec<syn::Type>,
}

impl Handler {
    /// The argument types that need `FromRequestParts<S>` for a router generic over `S`:
    /// every argument but the last (axum's rule), and a last argument that is
    /// `State<T>`, the one extractor whose impl depends on the state.
    pub(crate) fn state_bounds(&self) -> impl Iterator<Item = &syn::Type> {
        let last = self.args.len().saturating_sub(1);
        self.args
            .iter()
            .enumerate()
            .filter(move |(i, ty)| *i < last || is_state(ty))
            .map(|(_, ty)| ty)
    }
}

fn is_state(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "State"),
        _ => false,
    }
}

/// A folder name, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// `users`, `hello.json`, `%5Fname` (URL `_name`).
    Static(String),
    /// `[id]`.
    Param(String),
    /// `[...slug]`.
    CatchAll(String),
    /// `[[...slug]]`.
    OptionalCatchAll(String),
    /// `(marketing)`: not part of the URL.
    Group(String),
    /// `@modal`: not part of the URL.
    Slot(String),
}

impl Segment {
    /// The parameter name, for the three dynamic kinds.
    pub(crate) fn param_name(&self) -> Option<&str> {
        match self {
            Segment::Param(n) | Segment::CatchAll(n) | Segment::OptionalCatchAll(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn in_url(&self) -> bool {
        !matches!(self, Segment::Group(_) | Segment::Slot(_))
    }

    /// The segment in Next.js notation, as it appears in URLs of the route table.
    pub(crate) fn notation(&self) -> String {
        match self {
            Segment::Static(s) => s.clone(),
            Segment::Param(n) => format!("[{n}]"),
            Segment::CatchAll(n) => format!("[...{n}]"),
            Segment::OptionalCatchAll(n) => format!("[[...{n}]]"),
            Segment::Group(n) => format!("({n})"),
            Segment::Slot(n) => format!("@{n}"),
        }
    }

    /// Precedence at one level: static, then `[x]`, `[...x]`, `[[...x]]`.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Segment::Static(_) | Segment::Group(_) | Segment::Slot(_) => 0,
            Segment::Param(_) => 1,
            Segment::CatchAll(_) => 2,
            Segment::OptionalCatchAll(_) => 3,
        }
    }
}

/// `route.rs` or `page.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FileKind {
    Route,
    Page,
}

impl FileKind {
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            FileKind::Route => "route.rs",
            FileKind::Page => "page.rs",
        }
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            FileKind::Route => "route",
            FileKind::Page => "page",
        }
    }
}

/// One folder on the way to a route file.
#[derive(Debug, Clone)]
pub(crate) struct Folder {
    /// The folder name as on disk.
    pub(crate) name: String,
    pub(crate) segment: Segment,
    /// The Rust module it becomes.
    pub(crate) module: String,
}

/// A `route.rs` or `page.rs` with its folders and handlers.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) kind: FileKind,
    /// Relative to the crate root, `/`-separated: `app/api/users/[id]/route.rs`.
    pub(crate) display: String,
    /// Absolute, for `include!`.
    pub(crate) abs: PathBuf,
    /// The folders below the app root, outermost first.
    pub(crate) folders: Vec<Folder>,
    pub(crate) handlers: Vec<Handler>,
    /// The file calls `cookies()` or `headers()`.
    pub(crate) uses_context: bool,
    /// How its `GET` is cached, if it is.
    pub(crate) cache: Option<crate::config::CachePlan>,
    /// `MAX_DURATION`, seconds.
    pub(crate) max_duration: Option<u64>,
    /// `generate_static_params` exists: whether it is `async`, and whether `Params`
    /// must be brought into the file's module.
    pub(crate) static_params: Option<(bool, bool)>,
}

impl Route {
    /// The URL segments (groups and slots removed).
    pub(crate) fn url_segments(&self) -> impl Iterator<Item = &Segment> {
        self.folders
            .iter()
            .map(|f| &f.segment)
            .filter(|s| s.in_url())
    }

    /// The URL pattern in Next.js notation: `/api/users/[id]`, `/` for the root.
    pub(crate) fn url(&self) -> String {
        url_of(self.url_segments())
    }
}

/// `/a/[b]` from segments; `/` when empty.
pub(crate) fn url_of<'a>(segments: impl Iterator<Item = &'a Segment>) -> String {
    let mut url = String::new();
    for s in segments {
        url.push('/');
        url.push_str(&s.notation());
    }
    if url.is_empty() {
        url.push('/');
    }
    url
}
