//! Plain data between the stages: methods, handlers, segments, routes.

use std::path::PathBuf;

use proc_macro2::{Ident, Span};
use quote::ToTokens;

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
#[derive(Clone)]
pub(crate) struct Handler {
    /// `None` for a page.
    pub(crate) method: Option<Method>,
    pub(crate) ident: Ident,
    /// The argument types, in order.
    pub(crate) args: Vec<syn::Type>,
    /// The doc comment, one line per `///` line (for OpenAPI).
    pub(crate) docs: String,
}

/// By hand: syn's `Debug` impls need its `extra-traits` feature, which every crate of
/// a user's build that uses syn would then compile.
impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|ty| quote::ToTokens::to_token_stream(ty).to_string())
            .collect();
        f.debug_struct("Handler")
            .field("method", &self.method)
            .field("ident", &self.ident)
            .field("args", &args)
            .finish()
    }
}

impl Handler {
    /// The number of arguments, when one is a typed body or query (`Json<T>`,
    /// `Form<T>`, `Query<T>`) that the OpenAPI document can describe.
    pub(crate) fn typed_arity(&self) -> Option<usize> {
        let typed = self.args.iter().any(|ty| match ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Json" || s.ident == "Form" || s.ident == "Query"),
            _ => false,
        });
        (typed && self.args.len() <= 8).then_some(self.args.len())
    }

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

/// A [`Handler`] of a route file with its syntax as text: the build script analyzes and
/// generates on several threads, and proc-macro2 tokens cannot cross threads. Spans do
/// not matter here: problems are located while the file is parsed, and the generated
/// source is printed.
#[derive(Debug, Clone)]
pub(crate) struct HandlerText {
    pub(crate) method: Option<Method>,
    /// The function name, a plain identifier (`GET`, `page`).
    pub(crate) ident: String,
    /// The argument types, as printed tokens (`State < AppState >`).
    pub(crate) args: Vec<String>,
    pub(crate) docs: String,
}

impl From<&Handler> for HandlerText {
    fn from(handler: &Handler) -> Self {
        Self {
            method: handler.method,
            ident: handler.ident.to_string(),
            args: handler
                .args
                .iter()
                .map(|ty| ty.to_token_stream().to_string())
                .collect(),
            docs: handler.docs.clone(),
        }
    }
}

impl HandlerText {
    /// The handler as tokens again, every span `Span::call_site()`.
    pub(crate) fn to_handler(&self) -> Handler {
        let args = self
            .args
            .iter()
            .map(|text| {
                if is_plain_ident(text) {
                    // `RouteContext`: what parsing it gives, without parsing.
                    let path = syn::Path::from(Ident::new(text, Span::call_site()));
                    return syn::Type::Path(syn::TypePath {
                        attrs: Vec::new(),
                        qself: None,
                        path,
                    });
                }
                // Printed from a parsed type, so it parses; tokens as they are otherwise.
                syn::parse_str(text)
                    .unwrap_or_else(|_| syn::Type::Verbatim(text.parse().unwrap_or_default()))
            })
            .collect();
        Handler {
            method: self.method,
            ident: ident_of(&self.ident),
            args,
            docs: self.docs.clone(),
        }
    }
}

/// An identifier from its printed form (`GET`, `r#type`).
pub(crate) fn ident_of(text: &str) -> Ident {
    if is_plain_ident(text) {
        return Ident::new(text, Span::call_site());
    }
    syn::parse_str(text).unwrap_or_else(|_| Ident::new("__app_router_invalid", Span::call_site()))
}

/// `GET`, `RouteContext`: an ASCII identifier, not raw (a keyword is fine here: it is
/// only ever the printed form of a parsed identifier).
fn is_plain_ident(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text != "_"
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `State<T>`: the one extractor that does not read the request.
pub(crate) fn is_state(ty: &syn::Type) -> bool {
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
    /// The id of a generated metadata route, after the folders: `/sitemap/<id>.xml`
    /// (`suffix` `.xml`), `/icon/<id>` (`suffix` empty). Matches one segment.
    MetadataId { suffix: &'static str },
}

/// The name of the parameter a [`Segment::MetadataId`] is captured as, Next.js' own.
pub(crate) const METADATA_ID: &str = "__metadata_id__";

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
            Segment::MetadataId { suffix } => format!("[id]{suffix}"),
        }
    }

    /// Precedence at one level: static, then `[x]`, `[...x]`, `[[...x]]`.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Segment::Static(_) | Segment::Group(_) | Segment::Slot(_) => 0,
            Segment::Param(_) | Segment::MetadataId { .. } => 1,
            Segment::CatchAll(_) => 2,
            Segment::OptionalCatchAll(_) => 3,
        }
    }
}

/// What a file in the app folder is to routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FileKind {
    Route,
    Page,
    /// `layout.rs`: wraps the pages below it; not served itself.
    Layout,
    /// `not-found.rs` at the root: the `404` page; not served at a URL.
    NotFound,
    /// A metadata file, code (`sitemap.rs`) or static (`icon.png`).
    Metadata(Meta),
    /// `middleware.rs`: wraps every route at or below its folder; not served itself.
    Middleware,
    /// `proxy.rs` at the root: runs before routing; not served itself.
    Proxy,
    /// `instrumentation.rs` at the root: `register()` and `on_request_error()`; not
    /// served itself.
    Instrumentation,
}

impl FileKind {
    /// The module of the file in the generated code, for code files. Folder modules
    /// never take these names (see `segment::module_name`).
    pub(crate) fn noun(self) -> &'static str {
        match self {
            FileKind::Route => "route",
            FileKind::Page => "page",
            FileKind::Layout => "layout",
            FileKind::NotFound => "not_found",
            FileKind::Metadata(meta) => meta.function(),
            FileKind::Middleware => "middleware",
            FileKind::Proxy => "proxy",
            FileKind::Instrumentation => "instrumentation",
        }
    }

    /// The function a file other than `route.rs` must define: `page`, `layout`,
    /// `not_found`, `sitemap`, `opengraph_image`, ...
    pub(crate) fn function(self) -> &'static str {
        self.noun()
    }

    /// Served at a URL (not a layout nor the not-found page).
    pub(crate) fn served(self) -> bool {
        !matches!(
            self,
            FileKind::Layout
                | FileKind::NotFound
                | FileKind::Middleware
                | FileKind::Proxy
                | FileKind::Instrumentation
        )
    }
}

/// The metadata file conventions of Next.js.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Meta {
    Sitemap,
    Robots,
    Manifest,
    Favicon,
    Icon,
    AppleIcon,
    OpenGraphImage,
    TwitterImage,
}

impl Meta {
    pub(crate) const ALL: [Meta; 8] = [
        Meta::Sitemap,
        Meta::Robots,
        Meta::Manifest,
        Meta::Favicon,
        Meta::Icon,
        Meta::AppleIcon,
        Meta::OpenGraphImage,
        Meta::TwitterImage,
    ];

    /// The file stem: `apple-icon`.
    pub(crate) fn base(self) -> &'static str {
        match self {
            Meta::Sitemap => "sitemap",
            Meta::Robots => "robots",
            Meta::Manifest => "manifest",
            Meta::Favicon => "favicon",
            Meta::Icon => "icon",
            Meta::AppleIcon => "apple-icon",
            Meta::OpenGraphImage => "opengraph-image",
            Meta::TwitterImage => "twitter-image",
        }
    }

    /// The function of the code file (and its module): `apple_icon`.
    pub(crate) fn function(self) -> &'static str {
        match self {
            Meta::Sitemap => "sitemap",
            Meta::Robots => "robots",
            Meta::Manifest => "manifest",
            Meta::Favicon => "favicon",
            Meta::Icon => "icon",
            Meta::AppleIcon => "apple_icon",
            Meta::OpenGraphImage => "opengraph_image",
            Meta::TwitterImage => "twitter_image",
        }
    }

    /// The extensions Next.js serves the static file with.
    pub(crate) fn static_exts(self) -> &'static [&'static str] {
        match self {
            Meta::Sitemap => &["xml"],
            Meta::Robots => &["txt"],
            Meta::Manifest => &["json", "webmanifest"],
            Meta::Favicon => &["ico"],
            Meta::Icon => &["ico", "jpg", "jpeg", "png", "svg"],
            Meta::AppleIcon => &["jpg", "jpeg", "png"],
            Meta::OpenGraphImage | Meta::TwitterImage => &["jpg", "jpeg", "png", "gif"],
        }
    }

    /// `favicon.ico` cannot be generated.
    pub(crate) fn can_be_code(self) -> bool {
        self != Meta::Favicon
    }

    /// Only at the app root: `robots`, `manifest`, `favicon`.
    pub(crate) fn root_only(self) -> bool {
        matches!(self, Meta::Robots | Meta::Manifest | Meta::Favicon)
    }

    /// The image conventions: a digit suffix (`icon1.png`), a hash suffix inside
    /// groups and slots, `generate_image_metadata`.
    pub(crate) fn is_image(self) -> bool {
        matches!(
            self,
            Meta::Icon | Meta::AppleIcon | Meta::OpenGraphImage | Meta::TwitterImage
        )
    }

    /// `opengraph-image.alt.txt`, `twitter-image.alt.txt`.
    pub(crate) fn has_alt(self) -> bool {
        matches!(self, Meta::OpenGraphImage | Meta::TwitterImage)
    }

    /// The function that lists several documents of one code file.
    pub(crate) fn generate_function(self) -> Option<&'static str> {
        match self {
            Meta::Sitemap => Some("generate_sitemaps"),
            _ if self.is_image() => Some("generate_image_metadata"),
            _ => None,
        }
    }

    /// The largest static file Next.js accepts, with the name it reports it by.
    pub(crate) fn max_size(self) -> Option<(u64, &'static str, u64)> {
        match self {
            Meta::OpenGraphImage => Some((8 * 1024 * 1024, "Open Graph", 8)),
            Meta::TwitterImage => Some((5 * 1024 * 1024, "Twitter", 5)),
            _ => None,
        }
    }

    /// The URL name of the code file's document: `sitemap.xml`, `robots.txt`,
    /// `manifest.webmanifest`, `icon`.
    pub(crate) fn code_url_name(self) -> &'static str {
        match self {
            Meta::Sitemap => "sitemap.xml",
            Meta::Robots => "robots.txt",
            Meta::Manifest => "manifest.webmanifest",
            other => other.base(),
        }
    }

    /// The runtime's marker type of what the code file returns (`kind::Sitemap`).
    pub(crate) fn output_kind(self) -> &'static str {
        match self {
            Meta::Sitemap => "Sitemap",
            Meta::Robots => "Robots",
            Meta::Manifest => "Manifest",
            _ => "Image",
        }
    }

    /// The `Content-Type` of a static file, by extension (as Next.js' loader).
    pub(crate) fn content_type(self, ext: &str) -> &'static str {
        match (self, ext) {
            (Meta::Sitemap, _) => "application/xml",
            (Meta::Robots, _) => "text/plain",
            (Meta::Manifest, _) => "application/manifest+json",
            (_, "ico") => "image/x-icon",
            (_, "jpg" | "jpeg") => "image/jpeg",
            (_, "png") => "image/png",
            (_, "gif") => "image/gif",
            (_, "svg") => "image/svg+xml",
            _ => "application/octet-stream",
        }
    }
}

/// A static metadata file: served as is, embedded with `include_bytes!`.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// `icon1.png`.
    pub(crate) name: String,
    /// `png`.
    pub(crate) ext: String,
    /// In bytes, for the size limits.
    pub(crate) size: u64,
    /// The text of `<stem>.alt.txt` beside it.
    pub(crate) alt: Option<String>,
}

/// `generate_sitemaps` or `generate_image_metadata` in a metadata code file.
#[derive(Debug, Clone)]
pub(crate) struct Generate {
    /// `generate_sitemaps`, `generate_image_metadata`.
    pub(crate) name: &'static str,
    pub(crate) is_async: bool,
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

/// How a `GET` (or page) is cached, decided from its segment config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CachePlan {
    /// `None`: until revalidated by tag or path.
    pub(crate) revalidate: Option<u32>,
    pub(crate) force_static: bool,
    /// `Some(dynamic_params)` when the file has `generate_static_params`.
    pub(crate) static_params: Option<bool>,
}

/// A file of the app folder that routing uses, with its folders and handlers.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) kind: FileKind,
    /// Relative to the crate root, `/`-separated: `app/api/users/[id]/route.rs`.
    pub(crate) display: String,
    /// Absolute, for `include!`.
    pub(crate) abs: PathBuf,
    /// The folders below the app root, outermost first.
    pub(crate) folders: Vec<Folder>,
    pub(crate) handlers: Vec<HandlerText>,
    /// The file calls `cookies()` or `headers()`.
    pub(crate) uses_context: bool,
    /// How its `GET` is cached, if it is.
    pub(crate) cache: Option<CachePlan>,
    /// `MAX_DURATION`, seconds.
    pub(crate) max_duration: Option<u64>,
    /// `generate_static_params` exists: whether it is `async`, and whether `Params`
    /// must be brought into the file's module.
    pub(crate) static_params: Option<(bool, bool)>,
    /// The URL segments after the folders, for metadata files: `sitemap.xml`.
    pub(crate) tail: Vec<Segment>,
    /// Set for a static metadata file.
    pub(crate) static_file: Option<StaticFile>,
    /// The `generate_*` function of a metadata code file.
    pub(crate) generate: Option<Generate>,
    /// The file cannot be compiled as a module (it does not parse): left out of the
    /// fail-soft file.
    pub(crate) unreadable: bool,
    /// The `MATCHER` of `proxy.rs`, parsed; `None` without one (every path).
    pub(crate) matcher: Option<Vec<MatchPattern>>,
}

/// One pattern of a proxy's `MATCHER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MatchPattern {
    /// `/about/:path*`.
    Segments(Vec<MatchSeg>),
    /// `/((?!api|_next/static).*)`: every path not starting with one of these.
    Except(Vec<String>),
}

/// One segment of a [`MatchPattern::Segments`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MatchSeg {
    Lit(String),
    /// `:name`
    One,
    /// `:name?`
    Optional,
    /// `:name*`
    Many,
    /// `:name+`
    AtLeastOne,
}

impl Route {
    /// The URL segments (groups and slots removed), the tail included.
    pub(crate) fn url_segments(&self) -> impl Iterator<Item = &Segment> {
        self.folder_segments().chain(&self.tail)
    }

    /// The URL segments of the folders alone: the ones `ctx.params` reads.
    pub(crate) fn folder_segments(&self) -> impl Iterator<Item = &Segment> {
        self.folders
            .iter()
            .map(|f| &f.segment)
            .filter(|s| s.in_url())
    }

    /// The module of a code file in the generated code: the kind's noun (`route`,
    /// `opengraph_image`), or for a numbered metadata image its stem (`icon1`), so that
    /// `icon.rs` and `icon1.rs` in one folder are two modules.
    pub(crate) fn module_name(&self) -> String {
        match self.numbered_stem() {
            Some(stem) => stem.replace('-', "_"),
            None => self.kind.noun().to_owned(),
        }
    }

    /// `icon1` of a numbered metadata code file (`icon1.rs`), `None` otherwise.
    pub(crate) fn numbered_stem(&self) -> Option<&str> {
        let FileKind::Metadata(meta) = self.kind else {
            return None;
        };
        if self.static_file.is_some() {
            return None;
        }
        self.file_name()
            .strip_suffix(".rs")
            .filter(|stem| *stem != meta.base())
    }

    /// The file name: `route.rs`, `icon1.png`.
    pub(crate) fn file_name(&self) -> &str {
        self.display.rsplit('/').next().unwrap_or(&self.display)
    }

    /// Whether the folders of `self` start with every folder of `outer`: `outer` is a
    /// layout that wraps `self`.
    pub(crate) fn is_below(&self, outer: &Route) -> bool {
        outer.folders.len() <= self.folders.len()
            && outer
                .folders
                .iter()
                .zip(&self.folders)
                .all(|(a, b)| a.name == b.name)
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

/// The URL segments a metadata file adds after its folders: `sitemap.xml`,
/// `sitemap/[id].xml` (with `generate_sitemaps`), `icon1.png`, `icon-ahg52g/[id]`.
pub(crate) fn metadata_tail(meta: Meta, route: &Route) -> Vec<Segment> {
    let suffix = if meta.is_image() {
        group_suffix(&route.folders)
    } else {
        String::new()
    };
    let name = match &route.static_file {
        Some(file) if meta.is_image() => match file.name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}{suffix}.{ext}"),
            None => file.name.clone(),
        },
        Some(file) => file.name.clone(),
        None => format!(
            "{}{suffix}",
            route.numbered_stem().unwrap_or(meta.code_url_name())
        ),
    };
    match (&route.generate, meta) {
        (Some(_), Meta::Sitemap) => vec![
            Segment::Static("sitemap".to_owned()),
            Segment::MetadataId { suffix: ".xml" },
        ],
        (Some(_), _) => vec![Segment::Static(name), Segment::MetadataId { suffix: "" }],
        (None, _) => vec![Segment::Static(name)],
    }
}

/// `-<hash>` for an image inside a route group or slot, so that `(a)/icon.png` and
/// `(b)/icon.png` get different URLs: the first six base-36 digits of the djb2 hash of
/// the parent path (`getMetadataRouteSuffix` in Next.js; `/(group)/dynamic/[size]`
/// gives `ahg52g`).
pub(crate) fn group_suffix(folders: &[Folder]) -> String {
    let special = folders.iter().any(|f| match &f.segment {
        Segment::Group(_) => true,
        Segment::Slot(name) => name != "children",
        _ => false,
    });
    if !special {
        return String::new();
    }
    let mut parent = String::new();
    for folder in folders {
        parent.push('/');
        parent.push_str(&folder.name);
    }
    // JavaScript strings are UTF-16: hash code units, wrapping at 32 bits.
    let hash = parent.encode_utf16().fold(5381u32, |hash, unit| {
        (hash << 5).wrapping_add(hash).wrapping_add(u32::from(unit))
    });
    let mut digits = Vec::new();
    let mut n = hash;
    loop {
        digits.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    let base36: String = digits.into_iter().rev().collect();
    format!("-{}", &base36[..base36.len().min(6)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> Folder {
        let segment = crate::segment::parse(name).unwrap();
        Folder {
            name: name.to_owned(),
            module: crate::segment::module_name(&segment),
            segment,
        }
    }

    #[test]
    fn group_suffix_matches_nextjs() {
        let folders: Vec<Folder> = ["(group)", "dynamic", "[size]"].map(folder).into();
        assert_eq!(group_suffix(&folders), "-ahg52g");
        assert_eq!(group_suffix(&[folder("blog"), folder("[id]")]), "");
        assert_eq!(group_suffix(&[folder("@children")]), "");
        assert_ne!(group_suffix(&[folder("@modal")]), "");
    }
}
