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

use std::fmt;
use std::path::{Path, PathBuf};

mod analysis;
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
mod parse;
mod proxy;
mod scan;
mod segment;
mod summary;

pub use diagnostic::{Code, Diagnostic, Location};
pub use summary::{CacheSummary, RouteSummary, SummaryKind};

use diagnostic::Diagnostics;
use model::Route;

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
    openapi: bool,
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
            openapi: false,
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

    /// Describes the route handlers for `routes::openapi()` (with app-router's
    /// `openapi` feature): their doc comments and which arguments are typed bodies
    /// or queries go into the generated table. Off by default, so apps without an
    /// OpenAPI document generate nothing for it.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), app_router_codegen::Error> {
    ///     app_router_codegen::Routes::new("app").openapi(true).generate()
    /// }
    /// ```
    pub fn openapi(mut self, on: bool) -> Self {
        self.openapi = on;
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

    /// The served routes in matching priority order, with the warnings, as the build
    /// script would route them — without generating or compiling anything (what
    /// `cargo app-router routes` prints); every problem of the tree otherwise.
    pub fn summaries(&self) -> Result<(Vec<RouteSummary>, Vec<Diagnostic>), Error> {
        let display_root = self.display_root();
        let Analysis {
            routes,
            warnings,
            errors,
        } = analyze(&self.root(), &display_root, self.cache_components);
        if !errors.is_empty() {
            return Err(Error {
                app_dir: display_root,
                diagnostics: errors,
            });
        }
        let absolute = self.absolute_root();
        let summaries = generate::Tree::new(&routes, &display_root, &absolute).summaries();
        Ok((summaries, warnings))
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
        let source = generate::Tree::new(&routes, &display_root, &absolute)
            .openapi(self.openapi)
            .render();
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
    let mut routes = parse::routes(
        dirs,
        files,
        display_root,
        cache_components,
        &mut cx,
        &mut warnings,
    );
    check::check(&routes, &mut cx);
    check::uncache_pages_in_dynamic_layouts(&mut routes, &mut warnings);
    check::sort(&mut routes);
    Analysis {
        routes,
        warnings,
        errors: cx.into_vec(),
    }
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
