//! Synthetic apps: the same routes as an `app/` folder of `route.rs` files and as a
//! hand-written axum router, with the same handler bodies.
//!
//! Shared by the bench package's `build.rs` (in-process dispatch), the `codegen`
//! command (walker + analysis + codegen timing) and the `synth-app` command (the two
//! crates of the compile-time benchmark).

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What a synthetic route is; routes cycle through the four kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `g0/s0/route.rs`: `GET` returning a constant string.
    Static,
    /// `g0/j1/route.rs`: `GET` returning JSON and `POST` echoing a JSON body.
    Json,
    /// `g0/u2/[id]/route.rs`: `GET` formatting the parameter.
    Param,
    /// `g0/f3/[...path]/route.rs`: `GET` formatting the segments.
    CatchAll,
}

impl Kind {
    /// The name used in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Static => "static",
            Kind::Json => "json",
            Kind::Param => "param",
            Kind::CatchAll => "catch_all",
        }
    }
}

/// One route of a synthetic app.
#[derive(Debug, Clone)]
pub struct Route {
    /// Its position; also in its folder name and its response.
    pub index: usize,
    /// What it is.
    pub kind: Kind,
}

impl Route {
    fn group(&self) -> usize {
        self.index / 10
    }

    /// The folder of its `route.rs` under `app/`: `g1/u12/[id]`.
    pub fn folder(&self) -> String {
        let (g, i) = (self.group(), self.index);
        match self.kind {
            Kind::Static => format!("g{g}/s{i}"),
            Kind::Json => format!("g{g}/j{i}"),
            Kind::Param => format!("g{g}/u{i}/[id]"),
            Kind::CatchAll => format!("g{g}/f{i}/[...path]"),
        }
    }

    /// Its axum path: `/g1/u12/{id}`.
    pub fn axum_path(&self) -> String {
        let (g, i) = (self.group(), self.index);
        match self.kind {
            Kind::Static => format!("/g{g}/s{i}"),
            Kind::Json => format!("/g{g}/j{i}"),
            Kind::Param => format!("/g{g}/u{i}/{{id}}"),
            Kind::CatchAll => format!("/g{g}/f{i}/{{*path}}"),
        }
    }

    /// A URL it serves: `/g1/u12/42`, `/g1/f13/a/b/c`.
    pub fn example_url(&self) -> String {
        let (g, i) = (self.group(), self.index);
        match self.kind {
            Kind::Static => format!("/g{g}/s{i}"),
            Kind::Json => format!("/g{g}/j{i}"),
            Kind::Param => format!("/g{g}/u{i}/42"),
            Kind::CatchAll => format!("/g{g}/f{i}/a/b/c"),
        }
    }

    /// The body of `GET example_url()`.
    pub fn expected_body(&self) -> String {
        let i = self.index;
        match self.kind {
            Kind::Static => format!("route {i}"),
            Kind::Json => format!("{{\"route\":{i}}}"),
            Kind::Param => format!("route {i}: 42"),
            Kind::CatchAll => format!("route {i}: a/b/c"),
        }
    }

    /// The `route.rs` of the generated app. `edit` changes the response (for the
    /// incremental-build benchmark).
    pub fn route_file(&self, edit: u32) -> String {
        let i = self.index;
        let tag = if edit == 0 {
            String::new()
        } else {
            format!(" (edit {edit})")
        };
        match self.kind {
            Kind::Static => format!(
                "/// `GET`.\npub async fn GET() -> &'static str {{\n    \"route {i}{tag}\"\n}}\n"
            ),
            Kind::Json => format!(
                "use app_router::prelude::*;\n\n\
                 /// `GET`.\npub async fn GET() -> impl IntoResponse {{\n    Json(json!({{ \"route\": {i} }}))\n}}\n\n\
                 /// `POST`.\npub async fn POST(Json(body): Json<serde_json::Value>) -> impl IntoResponse {{\n    \
                 (StatusCode::CREATED, Json(body)){tag_comment}\n}}\n",
                tag_comment = if edit == 0 {
                    String::new()
                } else {
                    format!(" // edit {edit}")
                }
            ),
            Kind::Param => format!(
                "use super::RouteContext;\n\n/// `GET`.\npub async fn GET(ctx: RouteContext) -> String {{\n    \
                 format!(\"route {i}{tag}: {{}}\", ctx.params.id)\n}}\n"
            ),
            Kind::CatchAll => format!(
                "use super::RouteContext;\n\n/// `GET`.\npub async fn GET(ctx: RouteContext) -> String {{\n    \
                 format!(\"route {i}{tag}: {{}}\", ctx.params.path.join(\"/\"))\n}}\n"
            ),
        }
    }

    /// The module of the hand-written app with the same handlers, in plain axum.
    pub fn handwritten_module(&self, edit: u32) -> String {
        let i = self.index;
        let tag = if edit == 0 {
            String::new()
        } else {
            format!(" (edit {edit})")
        };
        match self.kind {
            Kind::Static => format!(
                "/// `GET`.\npub async fn get() -> &'static str {{\n    \"route {i}{tag}\"\n}}\n"
            ),
            Kind::Json => format!(
                "use axum::Json;\nuse axum::http::StatusCode;\nuse axum::response::IntoResponse;\nuse serde_json::json;\n\n\
                 /// `GET`.\npub async fn get() -> impl IntoResponse {{\n    Json(json!({{ \"route\": {i} }}))\n}}\n\n\
                 /// `POST`.\npub async fn post(Json(body): Json<serde_json::Value>) -> impl IntoResponse {{\n    \
                 (StatusCode::CREATED, Json(body)){tag_comment}\n}}\n",
                tag_comment = if edit == 0 {
                    String::new()
                } else {
                    format!(" // edit {edit}")
                }
            ),
            Kind::Param => format!(
                "use axum::extract::Path;\n\n\
                 /// `GET`.\npub async fn get(Path(id): Path<String>) -> String {{\n    \
                 format!(\"route {i}{tag}: {{id}}\")\n}}\n"
            ),
            Kind::CatchAll => format!(
                "use axum::extract::Path;\n\n\
                 /// `GET`.\npub async fn get(Path(path): Path<String>) -> String {{\n    \
                 format!(\"route {i}{tag}: {{path}}\")\n}}\n"
            ),
        }
    }

    /// `.route("/g1/j11", get(r11::get).post(r11::post))`, with `module` the path of the
    /// route's module (`r11` or `routes::r11`).
    fn handwritten_registration(&self, module: &str) -> String {
        let path = self.axum_path();
        match self.kind {
            Kind::Json => {
                format!(".route(\"{path}\", get({module}::get).post({module}::post))")
            }
            _ => format!(".route(\"{path}\", get({module}::get))"),
        }
    }
}

/// `n` routes cycling through static, JSON, `[id]` and `[...path]`, ten per group
/// folder (`g0/`, `g1/`, ...).
pub fn routes(n: usize) -> Vec<Route> {
    const KINDS: [Kind; 4] = [Kind::Static, Kind::Json, Kind::Param, Kind::CatchAll];
    (0..n)
        .map(|index| Route {
            index,
            kind: KINDS[index % KINDS.len()],
        })
        .collect()
}

/// The last route of each kind: the requests the dispatch benchmark sends.
pub fn probes(routes: &[Route]) -> Vec<Route> {
    [Kind::Static, Kind::Json, Kind::Param, Kind::CatchAll]
        .into_iter()
        .filter_map(|kind| routes.iter().rev().find(|r| r.kind == kind).cloned())
        .collect()
}

/// Writes the `app/` folder of `routes` under `app_dir`, touching only files whose
/// contents change, so cargo does not rebuild for nothing.
pub fn write_app(app_dir: &Path, routes: &[Route]) -> io::Result<()> {
    for route in routes {
        let file = app_dir.join(route.folder()).join("route.rs");
        write_if_changed(&file, &route.route_file(0))?;
    }
    Ok(())
}

/// The hand-written router of `routes` as one Rust source file: a module per route,
/// then `pub fn router() -> axum::Router`.
pub fn handwritten_source(routes: &[Route]) -> String {
    let mut out = String::from(
        "// @generated by app-router-bench: the hand-written axum router of a synthetic app.\n\n",
    );
    for route in routes {
        let _ = writeln!(
            out,
            "/// `{}` (`{}/route.rs`).\npub mod r{} {{",
            route.axum_path(),
            route.folder(),
            route.index
        );
        for line in route.handwritten_module(0).lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "    {line}");
            }
        }
        out.push_str("}\n\n");
    }
    out.push_str(&handwritten_router(routes, ""));
    out
}

/// `pub fn router() -> Router { Router::new().route(..)... }`; `prefix` is put before
/// each module name (`routes::`).
pub fn handwritten_router(routes: &[Route], prefix: &str) -> String {
    let mut out = String::from(
        "/// The routes, registered by hand.\npub fn router() -> axum::Router {\n    use axum::routing::get;\n\n    axum::Router::new()\n",
    );
    for route in routes {
        let module = format!("{prefix}r{}", route.index);
        let _ = writeln!(out, "        {}", route.handwritten_registration(&module));
    }
    out.push_str("}\n");
    out
}

/// Writes `contents` unless the file already holds exactly that.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, contents)
}
