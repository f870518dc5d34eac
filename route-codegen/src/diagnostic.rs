//! One collector for every problem found in a build, and the stable codes that name
//! the rules (listed in the README's error table).

use std::fmt;

use proc_macro2::{Span, TokenStream};

/// The stable code of each rule. The README lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `AR001`: a function named like a method in the wrong case (`get`, `Post`, `GETS`).
    MisnamedHandler,
    /// `AR002`: a handler that is not `async`.
    HandlerNotAsync,
    /// `AR003`: a handler that is not `pub`.
    HandlerNotPub,
    /// `AR004`: a handler with generic parameters or `impl Trait` arguments.
    HandlerGeneric,
    /// `AR005`: a handler with a `self` receiver.
    HandlerReceiver,
    /// `AR006`: a route module or `route.rs` without any handler, or a `page.rs` without `page`.
    NoHandler,
    /// `AR007`: `#[route_handlers]` on something that is not an inline module, or bad arguments.
    NotInlineModule,
    /// `AR101`: a `page.rs` and a `route.rs` resolve to the same URL.
    PageRouteConflict,
    /// `AR102`: two `route.rs` (or two `page.rs`) resolve to the same URL.
    DuplicateRoute,
    /// `AR103`: different parameter names at the same position (`[id]` and `[slug]`).
    ParamNameMismatch,
    /// `AR104`: the same parameter name twice in one path.
    RepeatedParam,
    /// `AR105`: a catch-all segment that is not the last URL segment.
    CatchAllNotLast,
    /// `AR106`: an optional catch-all beside a route at its parent path.
    OptionalCatchAllShadowsParent,
    /// `AR107`: a catch-all and an optional catch-all at the same level.
    CatchAllBesideOptional,
    /// `AR108`: a malformed folder name (`[]`, `[id`, `[[id]]`, `[..id]`, ...).
    MalformedSegment,
    /// `AR109`: a parameter name that cannot become a Rust field, or two that collide.
    InvalidParamName,
    /// `AR110`: two folders that would become the same Rust module.
    ModuleNameCollision,
    /// `AR111`: a file-system problem: non-UTF-8 name, unreadable file, symlink loop.
    Io,
    /// `AR112`: a route file that does not parse as Rust or has inner attributes.
    UnparsableFile,
    /// `AR113`: a URL with more parameters than axum's router can name (26).
    TooManyParams,
    /// `AR114`: folders nested deeper than 64 levels below the app root.
    TooDeep,
    /// `AR201`: an unknown or misspelled segment config (`REVALIDATES`, `revalidate`).
    UnknownSegmentConfig,
    /// `AR202`: a segment config value that is not one of the accepted literals.
    InvalidSegmentConfig,
    /// `AR203`: `DYNAMIC = Dynamic::Error` with a `GET` that reads the request.
    StaticReadsRequest,
    /// `AR204`: `generate_static_params` or `DYNAMIC_PARAMS` where they cannot apply.
    StaticParamsMisuse,
    /// `AR205`: `#[cache]` on something it cannot cache, or with bad arguments.
    InvalidCacheAttribute,
    /// `AR206`: `DYNAMIC`, `REVALIDATE` or `DYNAMIC_PARAMS` with Cache Components on.
    ConfigWithCacheComponents,
    /// `AR210` (warning): caching config that has no effect, as in Next.js.
    CacheConfigIgnored,
    /// `AR211` (warning): a cached `GET` whose file sets a cookie; such a response is
    /// served to its requester uncached, never stored.
    CachedRouteSetsCookie,
    /// `AR301`: a metadata file and a route, a page or another metadata file resolve to
    /// the same URL (`robots.rs` and `robots.txt/route.rs`).
    MetadataConflict,
    /// `AR302`: a file that only works at the app root in a folder: `robots.rs`,
    /// `manifest.rs`, `favicon.ico`, `not-found.rs`.
    NotAtRoot,
    /// `AR303`: an Open Graph image over 8 MB or a Twitter image over 5 MB.
    ImageTooLarge,
    /// `AR304`: a metadata image with an extension Next.js does not serve for it
    /// (`icon.webp`, `favicon.png`).
    UnsupportedExtension,
    /// `AR305`: a `layout` function whose first argument is not `children: Children`.
    LayoutWithoutChildren,
    /// `AR306`: a page and its layouts take more than 16 extractors together.
    TooManyExtractors,
    /// `AR008`: a handler argument whose type can never be an axum extractor (`u32`,
    /// `bool`, `&str`): reported on the argument, at build time.
    NotAnExtractor,
    /// `AR009`: a handler of a route with URL parameters takes the prelude's untyped
    /// `RouteContext` (the file lacks `use super::RouteContext;`).
    UntypedContext,
    /// `AR401`: a `middleware.rs` that defines both `middleware` and `layer`.
    MiddlewareBothForms,
    /// `AR402`: a `middleware`, `layer` or `proxy` function with a signature the
    /// router cannot call (`middleware` without `next: Next` last, `layer` with
    /// arguments, `proxy` without its one `NextRequest`).
    MiddlewareSignature,
    /// `AR403`: a `MATCHER` in `proxy.rs` that is not a list of string literals in the
    /// supported pattern syntax.
    InvalidMatcher,
    /// `AR404`: a `register` or `on_request_error` in `instrumentation.rs` with a
    /// signature the router cannot call (`register` with arguments, `on_request_error`
    /// without its three).
    InstrumentationSignature,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 41] = [
        Code::MisnamedHandler,
        Code::HandlerNotAsync,
        Code::HandlerNotPub,
        Code::HandlerGeneric,
        Code::HandlerReceiver,
        Code::NoHandler,
        Code::NotInlineModule,
        Code::NotAnExtractor,
        Code::UntypedContext,
        Code::PageRouteConflict,
        Code::DuplicateRoute,
        Code::ParamNameMismatch,
        Code::RepeatedParam,
        Code::CatchAllNotLast,
        Code::OptionalCatchAllShadowsParent,
        Code::CatchAllBesideOptional,
        Code::MalformedSegment,
        Code::InvalidParamName,
        Code::ModuleNameCollision,
        Code::Io,
        Code::UnparsableFile,
        Code::TooManyParams,
        Code::TooDeep,
        Code::UnknownSegmentConfig,
        Code::InvalidSegmentConfig,
        Code::StaticReadsRequest,
        Code::StaticParamsMisuse,
        Code::InvalidCacheAttribute,
        Code::ConfigWithCacheComponents,
        Code::CacheConfigIgnored,
        Code::CachedRouteSetsCookie,
        Code::MetadataConflict,
        Code::NotAtRoot,
        Code::ImageTooLarge,
        Code::UnsupportedExtension,
        Code::LayoutWithoutChildren,
        Code::TooManyExtractors,
        Code::MiddlewareBothForms,
        Code::MiddlewareSignature,
        Code::InvalidMatcher,
        Code::InstrumentationSignature,
    ];

    /// The code as printed: `AR001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MisnamedHandler => "AR001",
            Code::HandlerNotAsync => "AR002",
            Code::HandlerNotPub => "AR003",
            Code::HandlerGeneric => "AR004",
            Code::HandlerReceiver => "AR005",
            Code::NoHandler => "AR006",
            Code::NotInlineModule => "AR007",
            Code::NotAnExtractor => "AR008",
            Code::UntypedContext => "AR009",
            Code::PageRouteConflict => "AR101",
            Code::DuplicateRoute => "AR102",
            Code::ParamNameMismatch => "AR103",
            Code::RepeatedParam => "AR104",
            Code::CatchAllNotLast => "AR105",
            Code::OptionalCatchAllShadowsParent => "AR106",
            Code::CatchAllBesideOptional => "AR107",
            Code::MalformedSegment => "AR108",
            Code::InvalidParamName => "AR109",
            Code::ModuleNameCollision => "AR110",
            Code::Io => "AR111",
            Code::UnparsableFile => "AR112",
            Code::TooManyParams => "AR113",
            Code::TooDeep => "AR114",
            Code::UnknownSegmentConfig => "AR201",
            Code::InvalidSegmentConfig => "AR202",
            Code::StaticReadsRequest => "AR203",
            Code::StaticParamsMisuse => "AR204",
            Code::InvalidCacheAttribute => "AR205",
            Code::ConfigWithCacheComponents => "AR206",
            Code::CacheConfigIgnored => "AR210",
            Code::CachedRouteSetsCookie => "AR211",
            Code::MetadataConflict => "AR301",
            Code::NotAtRoot => "AR302",
            Code::ImageTooLarge => "AR303",
            Code::UnsupportedExtension => "AR304",
            Code::LayoutWithoutChildren => "AR305",
            Code::TooManyExtractors => "AR306",
            Code::MiddlewareBothForms => "AR401",
            Code::MiddlewareSignature => "AR402",
            Code::InvalidMatcher => "AR403",
            Code::InstrumentationSignature => "AR404",
        }
    }

    /// Whether the rule is a warning (reported, never fails the build).
    pub fn is_warning(self) -> bool {
        matches!(self, Code::CacheConfigIgnored | Code::CachedRouteSetsCookie)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a problem is.
#[derive(Debug, Clone)]
pub enum Location {
    /// A token of macro input (the macro front end).
    Span(Span),
    /// A position in a file, relative to the crate root (`app/users/[id]/route.rs:3:5`).
    File {
        /// The file, `/`-separated, relative to the crate root.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A file or folder as a whole, with the URL it resolves to when it has one.
    Path {
        /// The file or folder, `/`-separated, relative to the crate root.
        path: String,
        /// The URL in Next.js notation (`/api/users/[id]`).
        url: Option<String>,
    },
}

impl Location {
    /// A whole file or folder.
    pub(crate) fn path(path: impl Into<String>, url: Option<String>) -> Self {
        Location::Path {
            path: path.into(),
            url,
        }
    }

    /// A span of a file parsed by the build script (`span-locations`), or of macro input.
    pub(crate) fn of_span(span: Span, file: Option<&str>) -> Self {
        match file {
            Some(path) => {
                let start = span.start();
                Location::File {
                    path: path.to_owned(),
                    line: start.line,
                    column: start.column + 1,
                }
            }
            None => Location::Span(span),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Span(span) => {
                let start = span.start();
                write!(f, "<macro input>:{}:{}", start.line, start.column + 1)
            }
            Location::File { path, line, column } => write!(f, "{path}:{line}:{column}"),
            Location::Path { path, url: None } => f.write_str(path),
            Location::Path {
                path,
                url: Some(url),
            } => write!(f, "{path}  (URL `{url}`)"),
        }
    }
}

/// One problem: a code, where it is (one or more places) and what to do.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule.
    pub code: Code,
    /// Every place involved; the first is the primary one.
    pub locations: Vec<Location>,
    /// What is wrong, rustc style: lower-case, no final period.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Self {
            code,
            locations: vec![location],
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn at(mut self, location: Location) -> Self {
        self.locations.push(location);
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The text of a macro error: the message, the help and the code.
    fn macro_message(&self) -> String {
        let mut text = self.message.clone();
        if let Some(help) = &self.help {
            text.push_str("\n= help: ");
            text.push_str(help);
        }
        text.push_str("\n= note: app-router error ");
        text.push_str(self.code.as_str());
        text
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.code.is_warning() {
            "warning"
        } else {
            "error"
        };
        writeln!(f, "{level}[{}]: {}", self.code, self.message)?;
        for location in &self.locations {
            writeln!(f, "  --> {location}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// A [`Diagnostic`] of a file, found on another thread: only a macro input's
/// [`Location::Span`] cannot cross threads, and files never have one.
#[derive(Debug)]
pub(crate) struct SentDiagnostic {
    pub(crate) code: Code,
    /// `(path, Some((line, column)))` for [`Location::File`], `(path, None)` with its URL
    /// for [`Location::Path`].
    locations: Vec<(String, Option<(usize, usize)>, Option<String>)>,
    message: String,
    help: Option<String>,
}

impl From<Diagnostic> for SentDiagnostic {
    fn from(diagnostic: Diagnostic) -> Self {
        let locations = diagnostic
            .locations
            .into_iter()
            .map(|location| match location {
                Location::File { path, line, column } => (path, Some((line, column)), None),
                Location::Path { path, url } => (path, None, url),
                // Not made for files; kept as the text it prints.
                span @ Location::Span(_) => (span.to_string(), None, None),
            })
            .collect();
        Self {
            code: diagnostic.code,
            locations,
            message: diagnostic.message,
            help: diagnostic.help,
        }
    }
}

impl From<SentDiagnostic> for Diagnostic {
    fn from(sent: SentDiagnostic) -> Self {
        let locations = sent
            .locations
            .into_iter()
            .map(|(path, position, url)| match position {
                Some((line, column)) => Location::File { path, line, column },
                None => Location::Path { path, url },
            })
            .collect();
        Self {
            code: sent.code,
            locations,
            message: sent.message,
            help: sent.help,
        }
    }
}

/// Collects every problem of one run, to fail once with all of them (serde's `Ctxt`).
#[derive(Debug, Default)]
#[must_use = "call `into_result` to report the collected diagnostics"]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// `compile_error!`s for the macro front end, each on its token.
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.0
            .iter()
            .map(|d| {
                let span = match d.locations.first() {
                    Some(Location::Span(span)) => *span,
                    _ => Span::call_site(),
                };
                syn::Error::new(span, d.macro_message()).to_compile_error()
            })
            .collect()
    }
}

impl SentDiagnostic {
    /// Whether the file it is about cannot be compiled as a module at all (it does not
    /// parse, or cannot be read): the fail-soft file leaves such a file out.
    pub(crate) fn unreadable(&self) -> bool {
        matches!(self.code, Code::UnparsableFile | Code::Io | Code::TooDeep)
    }
}
