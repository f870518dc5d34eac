//! Analysis and code generation of [`app-router`](https://docs.rs/app-router): the
//! `build.rs` API that turns an `app/` folder of Next.js-style `route.rs` and `page.rs`
//! files into an axum router, and the engine behind the `#[route_handlers]` macro.
//!
//! ```no_run
//! // build.rs   ([build-dependencies] app-router-codegen = "0.1")
//! fn main() -> Result<(), app_router_codegen::Error> {
//!     app_router_codegen::Routes::new("app").generate()
//! }
//! ```
//!
//! ```ignore
//! // src/main.rs
//! app_router::include_routes!();
//!
//! let app = routes::router().with_state(state);
//! ```
//!
//! Every problem in the tree is reported in one build, each with a stable code
//! (`AR001`…), the files involved, the URL they resolve to and what to write instead.
//! The build script re-runs when anything under the app folder changes.
//!
//! `__macro_support` is for `app-router-macros` only and exempt from semver.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

mod cache_attr;
mod check;
mod config;
mod diagnostic;
mod emit;
mod expand;
mod files;
mod generate;
mod handlers;
mod matcher;
mod model;
mod par;
mod scan;
mod segment;

pub use diagnostic::{Code, Diagnostic, Location};

use diagnostic::{Diagnostics, SentDiagnostic};
use files::FileClass;
use model::{FileKind, Folder, HandlerText, Meta, Route, StaticFile};

/// Generates the router of an app folder, from `build.rs`.
///
/// ```no_run
/// fn main() -> Result<(), app_router_codegen::Error> {
///     app_router_codegen::Routes::new("app").generate()
/// }
/// ```
///
/// The folder is relative to the crate root (`CARGO_MANIFEST_DIR`). The output is
/// `$OUT_DIR/app_router/routes.rs`, which `app_router::include_routes!()` includes.
#[derive(Debug, Clone)]
pub struct Routes {
    app_dir: PathBuf,
    crate_root: Option<PathBuf>,
    out_file: Option<PathBuf>,
    /// `None`: decided by looking for helpers that call `cookies()`/`headers()`.
    request_context: Option<bool>,
    cache_components: bool,
}

impl Routes {
    /// Routes from `app_dir` (usually `"app"`), relative to the crate root.
    pub fn new(app_dir: impl Into<PathBuf>) -> Self {
        Self {
            app_dir: app_dir.into(),
            crate_root: None,
            out_file: None,
            request_context: None,
            cache_components: false,
        }
    }

    /// Cache Components mode (`cacheComponents: true` in `next.config`): every `GET`
    /// whose arguments read nothing of the request (only `State`, `RouteContext`,
    /// `Path`) and whose file calls neither `cookies()` nor `headers()` is prerendered
    /// and cached, decided at compile time; its life is the shortest `cache_life` of
    /// the `#[cache]` functions it awaits. `DYNAMIC`, `REVALIDATE` and
    /// `DYNAMIC_PARAMS` are then errors (`AR206`), as in Next.js.
    pub fn cache_components(mut self, on: bool) -> Self {
        self.cache_components = on;
        self
    }

    /// Whether to install the request context of `app_router::cookies()` and
    /// `app_router::headers()` for every route (`true`) or only for routes whose file
    /// calls one of them (`false`, so other routes pay nothing).
    ///
    /// Unset (the default), it is decided from the crate: when any `.rs` file under
    /// `src/` calls `cookies()` or `headers()` as a function (a helper such as
    /// `require_user()`), every route gets it, so the helper works wherever it is
    /// awaited; otherwise only the routes that call them do. Set it when the helper lives
    /// in another crate (`true`), or to keep the per-file rule (`false`).
    ///
    /// ```no_run
    /// // build.rs
    /// app_router_codegen::Routes::new("app").request_context(true).generate()?;
    /// # Ok::<(), app_router_codegen::Error>(())
    /// ```
    pub fn request_context(mut self, always: bool) -> Self {
        self.request_context = Some(always);
        self
    }

    /// The crate root: `crate_root`, else `CARGO_MANIFEST_DIR`.
    fn base(&self) -> PathBuf {
        self.crate_root
            .clone()
            .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
            .unwrap_or_default()
    }

    /// The folder `app_dir` is relative to; defaults to `CARGO_MANIFEST_DIR`.
    pub fn crate_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.crate_root = Some(dir.into());
        self
    }

    /// Where to write the generated file; defaults to `$OUT_DIR/app_router/routes.rs`.
    pub fn out_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_file = Some(path.into());
        self
    }

    fn root(&self) -> PathBuf {
        self.base().join(&self.app_dir)
    }

    /// The app folder as an absolute, `/`-separated path: the `#[path]` of the
    /// generated modules of its top-level folders and files.
    fn absolute_root(&self) -> String {
        let root = self.root();
        std::path::absolute(&root)
            .unwrap_or(root)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn display_root(&self) -> String {
        self.app_dir
            .to_string_lossy()
            .replace('\\', "/")
            .trim_end_matches('/')
            .to_owned()
    }

    /// Analyzes the app folder and returns the generated Rust source, or every problem
    /// found. Reads files; writes nothing and prints nothing.
    pub fn render(&self) -> Result<String, Error> {
        self.render_with_warnings().map(|(source, _)| source)
    }

    /// Like [`render`](Self::render), with the warnings (`AR210`: caching config
    /// that has no effect) that [`generate`](Self::generate) prints as cargo warnings.
    pub fn render_with_warnings(&self) -> Result<(String, Vec<Diagnostic>), Error> {
        let rendered = self.render_all();
        if rendered.errors.is_empty() {
            Ok((rendered.source, rendered.warnings))
        } else {
            Err(Error {
                app_dir: self.display_root(),
                diagnostics: rendered.errors,
            })
        }
    }

    /// The generated file, or with errors the fallback file: every route file that
    /// could be read as a module (so rustc and the editor keep checking handler
    /// bodies), a `compile_error!` per problem, and an empty router.
    fn render_all(&self) -> Rendered {
        let display_root = self.display_root();
        let Analysis {
            mut routes,
            warnings,
            errors,
        } = analyze(&self.root(), &display_root, self.cache_components);
        if !errors.is_empty() {
            let source = generate::fallback(&routes, &errors, &display_root, &self.absolute_root());
            return Rendered {
                source,
                warnings,
                errors,
            };
        }
        let always = self
            .request_context
            .unwrap_or_else(|| scan::helper_calling_context(&self.base().join("src")).is_some());
        if always {
            routes.iter_mut().for_each(|r| r.uses_context = true);
        }
        let absolute = self.absolute_root();
        let source = generate::Tree::new(&routes, &display_root, &absolute).render();
        Rendered {
            source,
            warnings,
            errors,
        }
    }

    /// For `build.rs`: tells cargo to re-run when anything under the app folder
    /// changes (new, removed and renamed files included), then writes the generated
    /// file if its contents changed.
    ///
    /// A tree with problems fails soft, like a proc macro: every problem is printed
    /// first (as a cargo warning line with its code, file and fix), and the generated
    /// file holds a `compile_error!` per problem — so the build still fails with every
    /// code — next to the module of every route file that could be read, so rustc keeps
    /// type-checking handlers and rust-analyzer keeps every route file linked. Only an
    /// I/O failure (no `OUT_DIR`, an unwritable file) is returned as an error.
    ///
    /// Printing `cargo::rerun-if-changed` turns off cargo's default of re-running on any
    /// change in the package; the app folder and `build.rs` itself are still watched.
    pub fn generate(&self) -> Result<(), Error> {
        let root = self.root();
        println!("cargo::rerun-if-changed={}", root.display());
        if self.request_context.is_none() {
            // A helper added to or removed from `src/` changes the decision.
            println!(
                "cargo::rerun-if-changed={}",
                self.base().join("src").display()
            );
        }
        let Rendered {
            source,
            warnings,
            errors,
        } = self.render_all();
        for error in &errors {
            let mut line = format!(
                "error[{}]: {} (at {})",
                error.code, error.message, error.locations[0]
            );
            if let Some(help) = &error.help {
                line.push_str("; help: ");
                line.push_str(help);
            }
            println!("cargo::warning={}", line.replace('\n', " "));
        }
        for warning in &warnings {
            let mut line = format!(
                "{}: {} [{}]",
                warning.locations[0], warning.message, warning.code
            );
            if let Some(help) = &warning.help {
                line.push_str("; help: ");
                line.push_str(help);
            }
            println!("cargo::warning={}", line.replace('\n', " "));
        }
        let out = match &self.out_file {
            Some(out) => out.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                self.io_error(
                    "OUT_DIR is not set: call `generate` from a build script, or set `out_file`",
                )
            })?)
            .join("app_router/routes.rs"),
        };
        emit::write_if_changed(&out, &source)
            .map(drop)
            .map_err(|err| self.io_error(&format!("cannot write `{}`: {err}", out.display())))
    }

    fn io_error(&self, message: &str) -> Error {
        let app_dir = self.display_root();
        Error {
            diagnostics: vec![Diagnostic::new(
                Code::Io,
                Location::path(app_dir.clone(), None),
                message,
            )],
            app_dir,
        }
    }
}

/// Every problem found in an app folder. Its `Debug` output is the full report, so
/// `fn main() -> Result<(), Error>` in `build.rs` prints it as is.
pub struct Error {
    app_dir: String,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The problems, in the order they were found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        let n = self.diagnostics.len();
        write!(
            f,
            "error: could not generate routes from `{}/` because of {n} problem{}",
            self.app_dir,
            if n == 1 { "" } else { "s" }
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `main() -> Result` prints `Error: {:?}`; make that the readable report.
        writeln!(f)?;
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// What [`Routes::render_all`] made.
struct Rendered {
    source: String,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

/// What [`analyze`] found: the routes in priority order (with errors, those it could
/// read), the warnings, and the errors.
struct Analysis {
    routes: Vec<Route>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Analysis {
    /// The routes and warnings, or the errors.
    #[cfg(test)]
    fn into_result(self) -> Result<(Vec<Route>, Vec<Diagnostic>), Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok((self.routes, self.warnings))
        } else {
            Err(self.errors)
        }
    }
}

/// Scan, parse, check: the checked table in priority order, and every problem.
fn analyze(root: &Path, display_root: &str, cache_components: bool) -> Analysis {
    let mut cx = Diagnostics::default();
    let mut warnings = Vec::new();
    let (dirs, files) = scan::scan(root, display_root, &mut cx);

    // Each folder is parsed once; a bad folder is reported once, and the files below it
    // are left out rather than reported again.
    let mut folders: HashMap<Vec<String>, Option<Folder>> = HashMap::with_capacity(dirs.len());
    for dir in dirs {
        let Some(name) = dir.names.last() else {
            continue;
        };
        let folder = match segment::parse(name) {
            Ok(segment) => Some(Folder {
                name: name.clone(),
                module: segment::module_name(&segment),
                segment,
            }),
            Err(err) => {
                cx.push(
                    Diagnostic::new(err.code, Location::path(dir.display, None), err.message)
                        .help(err.help),
                );
                None
            }
        };
        folders.insert(dir.names, folder);
    }

    // `opengraph-image.alt.txt`, by folder and image stem.
    let alts: BTreeMap<(Vec<String>, String), String> = files
        .iter()
        .filter_map(|f| match &f.class {
            FileClass::Alt { stem } => Some(((f.folders.clone(), stem.clone()), f.text.clone())),
            _ => None,
        })
        .collect();

    // In file order: problems found here, and routes whose code files are parsed below,
    // on every core, their problems reported at their place.
    let mut found = Vec::new();
    let mut jobs = Vec::new();
    'files: for file in files {
        let mut path = Vec::new();
        for i in 1..=file.folders.len() {
            match folders.get(&file.folders[..i]) {
                Some(Some(folder)) => path.push(folder.clone()),
                _ => continue 'files,
            }
        }
        let file_name = file
            .display
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let (kind, static_file) = match file.class {
            FileClass::Other | FileClass::Alt { .. } => continue,
            FileClass::Unsupported { meta, ext } => {
                found.push(Found::Problem(unsupported_extension(
                    &file.display,
                    meta,
                    &ext,
                )));
                continue;
            }
            FileClass::Code(kind) => (kind, None),
            FileClass::Static { meta, ext } => {
                let stem = file_name
                    .strip_suffix(&format!(".{ext}"))
                    .unwrap_or_default();
                let alt = alts.get(&(file.folders.clone(), stem.to_owned())).cloned();
                let info = StaticFile {
                    name: file_name.clone(),
                    ext,
                    size: file.size,
                    alt,
                };
                (FileKind::Metadata(meta), Some(info))
            }
        };
        let root_only = match kind {
            FileKind::Metadata(meta) => meta.root_only(),
            kind => kind == FileKind::NotFound,
        };
        if root_only && !file.folders.is_empty() {
            found.push(Found::Problem(
                Diagnostic::new(
                    Code::NotAtRoot,
                    Location::path(file.display.clone(), None),
                    format!("`{file_name}` only works at the app root"),
                )
                .help(format!(
                    "move it to `{display_root}/{file_name}`; Next.js serves `{file_name}` from the root only{}",
                    if kind == FileKind::NotFound {
                        " (the root `not-found.rs` answers every unmatched URL)"
                    } else {
                        ""
                    }
                )),
            ));
            continue;
        }
        let route = Route {
            kind,
            display: file.display,
            abs: file.abs,
            folders: path,
            handlers: Vec::new(),
            uses_context: false,
            cache: None,
            max_duration: None,
            static_params: None,
            tail: Vec::new(),
            static_file,
            generate: None,
            unreadable: false,
        };
        found.push(Found::Route);
        jobs.push((route, file.text));
    }
    let threads = par::threads(jobs.len(), MIN_FILES_PER_THREAD);
    let parsed = par::map_into(jobs, threads, |(mut route, text)| {
        let mut cx = Diagnostics::default();
        let mut warnings = Vec::new();
        if route.static_file.is_none() {
            parse_code(&mut route, &text, cache_components, &mut cx, &mut warnings);
        }
        let sent = |d: Vec<Diagnostic>| -> Vec<SentDiagnostic> {
            d.into_iter().map(SentDiagnostic::from).collect()
        };
        (route, sent(cx.into_vec()), sent(warnings))
    });
    let mut parsed = parsed.into_iter();
    let mut routes = Vec::new();
    for found in found {
        match found {
            Found::Problem(problem) => cx.push(problem),
            Found::Route => {
                let Some((mut route, problems, more)) = parsed.next() else {
                    break;
                };
                route.unreadable = problems.iter().any(SentDiagnostic::unreadable);
                problems.into_iter().for_each(|p| cx.push(p.into()));
                warnings.extend(more.into_iter().map(Diagnostic::from));
                if let FileKind::Metadata(meta) = route.kind {
                    route.tail = model::metadata_tail(meta, &route);
                }
                routes.push(route);
            }
        }
    }
    check::check(&routes, &mut cx);
    check::uncache_pages_in_dynamic_layouts(&mut routes, &mut warnings);
    check::sort(&mut routes);
    Analysis {
        routes,
        warnings,
        errors: cx.into_vec(),
    }
}

/// In the files loop of [`analyze`]: a problem, or the next route.
enum Found {
    Problem(Diagnostic),
    Route,
}

/// Code files worth a thread: parsing one takes tens of microseconds.
const MIN_FILES_PER_THREAD: usize = 64;

/// Bracket nesting far beyond any real route file; syn's parser recurses per level, and
/// a deeper file would overflow the build script's stack (an abort, not a diagnostic).
const MAX_NESTING: usize = 128;

/// Where `text` first nests `(`, `[` or `{` deeper than [`MAX_NESTING`]. proc-macro2
/// tokenizes without recursion, and this walk keeps its own stack.
fn too_deep(text: &str) -> Option<proc_macro2::Span> {
    use proc_macro2::{TokenStream, TokenTree};
    let tokens: TokenStream = text.parse().ok()?;
    let mut stack = vec![tokens.into_iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(TokenTree::Group(group)) => {
                if stack.len() > MAX_NESTING {
                    return Some(group.span_open());
                }
                stack.push(group.stream().into_iter());
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    None
}

/// Parses a code file and finds its handlers (and `generate_*` function); problems go
/// to `cx`.
fn parse_code(
    route: &mut Route,
    text: &str,
    cache_components: bool,
    cx: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(span) = too_deep(text) {
        cx.push(
            Diagnostic::new(
                Code::UnparsableFile,
                Location::of_span(span, Some(&route.display)),
                format!("brackets nest more than {MAX_NESTING} levels deep here"),
            )
            .help("split the expression into `let` bindings or helper functions"),
        );
        return;
    }
    match syn::parse_file(text) {
        Ok(parsed) => {
            let source = handlers::Source {
                file: Some(&route.display),
                kind: route.kind,
            };
            let whole = Location::path(
                route.display.clone(),
                route.kind.served().then(|| route.url()),
            );
            let found = handlers::analyze(&parsed.items, source, whole.clone(), cx);
            if route.folder_segments().any(|s| s.param_name().is_some()) {
                handlers::check_typed_context(&found, &parsed.items, source, cx);
            }
            if let FileKind::Metadata(meta) = route.kind {
                route.generate = handlers::generate_function(&parsed.items, meta);
            }
            // Only a file that spells one of the names can call it.
            let reads_context = (text.contains("cookies") || text.contains("headers"))
                .then(|| handlers::calls_request_context(quote::quote!(#parsed)))
                .flatten();
            route.uses_context = reads_context.is_some();
            let sets_cookie = text
                .to_ascii_lowercase()
                .contains("cookie")
                .then(|| handlers::sets_cookie(quote::quote!(#parsed)))
                .flatten();
            let config = config::parse(&parsed.items, source, cx);
            if !matches!(route.kind, FileKind::Route | FileKind::Page) {
                // Nothing the user writes is silently ignored.
                for (name, at) in &config.present {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownSegmentConfig,
                            at.clone(),
                            format!(
                                "segment config `{name}` has no effect in `{}`",
                                route.file_name()
                            ),
                        )
                        .help("move it to the `page.rs` or `route.rs` it should apply to: only those files take segment config in app-router"),
                    );
                }
            }
            if matches!(route.kind, FileKind::Route | FileKind::Page) {
                let decision = config::Decision {
                    config: &config,
                    handlers: &found,
                    reads_context,
                    sets_cookie,
                    has_params: route.url_segments().any(|s| s.param_name().is_some()),
                    cache_components,
                    in_macro: false,
                };
                route.cache = decision.plan(source, &whole, cx, warnings);
                route.max_duration = config.max_duration;
                route.static_params = config
                    .static_params
                    .as_ref()
                    .map(|(is_async, _)| (*is_async, !config.defines_params));
            }
            route.handlers = found.iter().map(HandlerText::from).collect();
        }
        Err(err) => {
            // proc-macro2's lexer error carries no detail.
            let what = match err.to_string().as_str() {
                "cannot parse string into token stream" => {
                    "unbalanced brackets or an invalid token".to_owned()
                }
                other => other.to_owned(),
            };
            cx.push(
                Diagnostic::new(
                    Code::UnparsableFile,
                    Location::of_span(err.span(), Some(&route.display)),
                    format!("route file does not parse: {what}"),
                )
                .help(format!(
                    "fix the syntax; `rustfmt --check {}` shows the exact place",
                    route.display
                )),
            );
        }
    }
}

/// AR304: `icon.webp`, `favicon.png`.
fn unsupported_extension(display: &str, meta: Meta, ext: &str) -> Diagnostic {
    let exts: Vec<String> = meta
        .static_exts()
        .iter()
        .map(|e| format!("`.{e}`"))
        .collect();
    let base = meta.base();
    let name = display.rsplit('/').next().unwrap_or(display);
    let help = if meta == Meta::Favicon {
        "`favicon` is `.ico` only: convert it, or name a PNG or SVG icon `icon.png` / `icon.svg`"
            .to_owned()
    } else {
        format!(
            "convert it to {}, or serve it from `{}.rs` returning `Image::new(\"image/{ext}\", bytes)`",
            exts.join(", "),
            base
        )
    };
    Diagnostic::new(
        Code::UnsupportedExtension,
        Location::path(display.to_owned(), None),
        format!(
            "`{name}` is not served: Next.js serves `{base}` files as {}",
            exts.join(", ")
        ),
    )
    .help(help)
}

#[doc(hidden)]
/// Used by `app-router-macros`; not public API, exempt from semver.
pub mod __macro_support {
    use proc_macro2::TokenStream;

    /// `#[route_handlers]`.
    pub fn expand_route_handlers(args: TokenStream, item: TokenStream) -> TokenStream {
        crate::expand::route_handlers(args, item)
    }

    /// `#[cache]`.
    pub fn expand_cache(args: TokenStream, item: TokenStream) -> TokenStream {
        crate::cache_attr::expand(args, item)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    /// A crate root holding `app/` with `files`.
    fn tree(name: &str, files: &[(String, String)]) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("app-router-threads-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, contents) in files {
            let file = root.join("app").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, contents).unwrap();
        }
        root
    }

    /// The report or the source and warnings, on `threads` threads.
    fn render_on(threads: usize, root: &Path) -> String {
        par::FORCE_THREADS.set(Some(threads));
        let result = Routes::new("app").crate_root(root).render_with_warnings();
        par::FORCE_THREADS.set(None);
        match result {
            Ok((source, warnings)) => {
                let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                format!("{source}\n{}", warnings.join("\n"))
            }
            Err(err) => err.to_string(),
        }
    }

    /// Module collisions are reported parent folder by parent folder, each compared
    /// name by name (`a/x` before `a-b`, though `a-b` sorts first as text).
    #[test]
    fn module_collisions_in_folder_order() {
        let get = "pub async fn GET() -> &'static str { \"ok\" }\n".to_owned();
        let files: Vec<(String, String)> = ["a-b/x-y", "a-b/x_y", "a/x/p-q", "a/x/p_q"]
            .iter()
            .map(|f| (format!("{f}/route.rs"), get.clone()))
            .collect();
        let root = tree("collisions", &files);
        let report = render_on(1, &root);
        let _ = std::fs::remove_dir_all(&root);
        let first = report.find("`p-q` and `p_q`").unwrap();
        let second = report.find("`x-y` and `x_y`").unwrap();
        assert!(first < second, "{report}");
    }

    /// Many files, with problems of every stage among them: the same report, in the
    /// same order, and the same source, on one thread or several.
    #[test]
    fn threads_change_nothing() {
        let get = "pub async fn GET() -> &'static str { \"ok\" }\n";
        let mut files: Vec<(String, String)> = Vec::new();
        for i in 0..150 {
            files.push((format!("a{}/s{i}/route.rs", i % 7), get.to_owned()));
            files.push((
                format!("a{}/u{i}/[id]/route.rs", i % 5),
                "use super::RouteContext;\npub async fn GET(ctx: RouteContext, s: State<u8>) -> String { ctx.params.id }\n"
                    .to_owned(),
            ));
        }
        files.push((
            "layout.rs".to_owned(),
            "pub async fn layout(children: Children) -> String { children.to_string() }\n"
                .to_owned(),
        ));
        files.push((
            "page.rs".to_owned(),
            "pub async fn page() -> &'static str { \"home\" }\n".to_owned(),
        ));
        files.push(("w/route.rs".to_owned(), "pub const REVALIDATE: u32 = 7;\npub async fn GET() -> &'static str { \"a\" }\npub async fn DELETE() {}\n".to_owned()));
        let valid = tree("valid", &files);
        let one = render_on(1, &valid);
        assert!(one.contains("::app_router::__routes! {"), "{one}");
        assert!(one.contains("warning[AR210]"), "{one}");
        assert_eq!(one, render_on(3, &valid));

        files.push(("a1/s3/icon.webp".to_owned(), "x".to_owned()));
        files.push((
            "a2/bad/route.rs".to_owned(),
            "pub async fn GET( -> u8 { 1 }\n".to_owned(),
        ));
        files.push((
            "a3/robots.rs".to_owned(),
            "pub async fn robots() -> () {}\n".to_owned(),
        ));
        files.push((
            "a4/s9/route.rs".to_owned(),
            "pub async fn get() {}\n".to_owned(),
        ));
        files.push(("[..x]/route.rs".to_owned(), get.to_owned()));
        files.push((
            "a0/zz/route.rs".to_owned(),
            "pub fn helper() {}\n".to_owned(),
        ));
        let invalid = tree("invalid", &files);
        let one = render_on(1, &invalid);
        assert!(one.contains("because of 6 problems"), "{one}");
        assert_eq!(one, render_on(3, &invalid));
        // A symbolic link: walked on this thread.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(valid.join("app/a1"), valid.join("app/linked")).unwrap();
            let one = render_on(1, &valid);
            assert!(one.contains("/linked/s1"), "{one}");
            assert_eq!(one, render_on(3, &valid));
        }
        let _ = std::fs::remove_dir_all(&valid);
        let _ = std::fs::remove_dir_all(&invalid);
    }
}
