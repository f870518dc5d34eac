//! The Rust half of `benches/run`: timings and files it cannot make from Python.
//!
//! ```not_rust
//! app-router-bench codegen --sizes 100,1000,10000 --samples 5 --dir target/bench/codegen
//! app-router-bench synth-app --style generated --routes 200 --dir DIR --workspace .
//! app-router-bench edit --style generated --routes 200 --dir DIR --route 42 --edit 1
//! ```
//!
//! `codegen` prints one JSON object per tree size on stdout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use app_router_bench::synth;

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.split_first() {
        Some((command, rest)) => Flags::parse(rest).and_then(|flags| match command.as_str() {
            "codegen" => codegen(&flags),
            "synth-app" => synth_app(&flags),
            "edit" => edit(&flags),
            other => Err(format!("unknown command `{other}`").into()),
        }),
        None => Err("usage: app-router-bench codegen|synth-app|edit [--flag value]...".into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` pairs.
struct Flags(BTreeMap<String, String>);

impl Flags {
    fn parse(args: &[String]) -> Result<Self> {
        let mut flags = BTreeMap::new();
        let mut args = args.iter();
        while let Some(name) = args.next() {
            let key = name
                .strip_prefix("--")
                .ok_or_else(|| format!("expected `--flag`, found `{name}`"))?;
            let value = args
                .next()
                .ok_or_else(|| format!("`{name}` needs a value"))?;
            flags.insert(key.to_owned(), value.clone());
        }
        Ok(Self(flags))
    }

    fn get(&self, name: &str) -> Result<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("missing `--{name}`").into())
    }

    fn number(&self, name: &str) -> Result<usize> {
        let value = self.get(name)?;
        value
            .parse()
            .map_err(|_| format!("`--{name} {value}` is not a number").into())
    }

    fn path(&self, name: &str) -> Result<PathBuf> {
        self.get(name).map(PathBuf::from)
    }
}

/// Walker + analysis + codegen alone: `Routes::render` on a synthetic tree of each size.
fn codegen(flags: &Flags) -> Result<()> {
    let samples = flags.number("samples")?.max(1);
    let dir = flags.path("dir")?;
    for size in flags.get("sizes")?.split(',') {
        let n: usize = size
            .trim()
            .parse()
            .map_err(|_| format!("`{size}` is not a tree size"))?;
        let root = dir.join(format!("tree{n}"));
        let routes = synth::routes(n);
        let app = root.join("app");
        // A tree left by a larger run would have extra routes.
        if app.exists() && count_route_files(&app)? != n {
            std::fs::remove_dir_all(&app)?;
        }
        synth::write_app(&app, &routes)?;
        let mut seconds = Vec::with_capacity(samples);
        let mut bytes = 0;
        for _ in 0..samples {
            let start = Instant::now();
            let source = app_router_codegen::Routes::new("app")
                .crate_root(&root)
                .render()?;
            seconds.push(start.elapsed().as_secs_f64());
            bytes = source.len();
            std::hint::black_box(source);
        }
        let record = serde_json::json!({
            "routes": n,
            "samples_s": seconds,
            "generated_bytes": bytes,
        });
        println!("{record}");
    }
    Ok(())
}

fn count_route_files(dir: &Path) -> Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            count += count_route_files(&entry.path())?;
        } else if entry.file_name() == "route.rs" {
            count += 1;
        }
    }
    Ok(count)
}

/// Which of the two apps of the compile-time benchmark.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Generated,
    Handwritten,
}

impl Style {
    fn of(flags: &Flags) -> Result<Self> {
        match flags.get("style")? {
            "generated" => Ok(Self::Generated),
            "handwritten" => Ok(Self::Handwritten),
            other => {
                Err(format!("`--style {other}`: expected `generated` or `handwritten`").into())
            }
        }
    }

    fn package(self) -> &'static str {
        match self {
            Self::Generated => "synth-generated",
            Self::Handwritten => "synth-handwritten",
        }
    }
}

/// A complete crate of `--routes` routes: with `app/`, `build.rs` and `include_routes!`,
/// or written by hand in plain axum. Both have their own `[workspace]` and a copy of
/// the repository's `Cargo.lock`, so they build `--offline` with the same versions.
fn synth_app(flags: &Flags) -> Result<()> {
    let style = Style::of(flags)?;
    let dir = flags.path("dir")?;
    let workspace = std::fs::canonicalize(flags.path("workspace")?)?;
    let routes = synth::routes(flags.number("routes")?);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;

    let root = workspace.display().to_string().replace('\\', "/");
    let axum_features =
        r#"["http1", "json", "query", "tokio", "form", "matched-path", "original-uri"]"#;
    let (extra_deps, build_deps) = match style {
        Style::Generated => (
            format!("app-router = {{ path = \"{root}/runtime\" }}\n"),
            format!(
                "\n[build-dependencies]\napp-router-codegen = {{ path = \"{root}/route-codegen\" }}\n"
            ),
        ),
        Style::Handwritten => (String::new(), String::new()),
    };
    let manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{extra_deps}\
         axum = {{ version = \"0.8.9\", default-features = false, features = {axum_features} }}\n\
         tokio = {{ version = \"1.48\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }}\n\
         serde_json = \"1\"\n{build_deps}\n\
         # Not part of the repository's workspace.\n[workspace]\n",
        package = style.package(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;

    let serve = "#[tokio::main]\nasync fn main() -> std::io::Result<()> {\n    \
                 let listener = tokio::net::TcpListener::bind(\"127.0.0.1:0\").await?;\n    \
                 println!(\"{} routes on {}\", ROUTE_COUNT, listener.local_addr()?);\n    \
                 axum::serve(listener, ROUTER).await\n}\n";
    match style {
        Style::Generated => {
            std::fs::write(
                dir.join("build.rs"),
                "fn main() -> Result<(), app_router_codegen::Error> {\n    \
                 app_router_codegen::Routes::new(\"app\").generate()\n}\n",
            )?;
            synth::write_app(&dir.join("app"), &routes)?;
            let main = format!(
                "//! A synthetic app, routed by app-router.\n\napp_router::include_routes!();\n\n{}",
                serve
                    .replace("ROUTE_COUNT", "routes::ROUTES.len()")
                    .replace("ROUTER", "routes::router()")
            );
            std::fs::write(dir.join("src/main.rs"), main)?;
        }
        Style::Handwritten => {
            let mut modules = String::new();
            for route in &routes {
                let file = dir.join(format!("src/routes/r{}.rs", route.index));
                synth::write_if_changed(&file, &route.handwritten_module(0))?;
                modules.push_str(&format!("pub mod r{};\n", route.index));
            }
            std::fs::write(dir.join("src/routes.rs"), modules)?;
            let main = format!(
                "//! A synthetic app, routed by hand in plain axum.\n\nmod routes;\n\n\
                 const ROUTE_COUNT: usize = {};\n\n{}\n{}",
                routes.len(),
                synth::handwritten_router(&routes, "routes::"),
                serve.replace("ROUTER", "router()")
            );
            std::fs::write(dir.join("src/main.rs"), main)?;
        }
    }
    Ok(())
}

/// Rewrites the file of route `--route` with edit number `--edit` (a changed response
/// string): `app/.../route.rs` or `src/routes/rN.rs`.
fn edit(flags: &Flags) -> Result<()> {
    let style = Style::of(flags)?;
    let dir = flags.path("dir")?;
    let routes = synth::routes(flags.number("routes")?);
    let index = flags.number("route")?;
    let route = routes
        .get(index)
        .ok_or_else(|| format!("no route {index} in an app of {} routes", routes.len()))?;
    let edit = u32::try_from(flags.number("edit")?)?;
    let (file, text) = match style {
        Style::Generated => (
            dir.join("app").join(route.folder()).join("route.rs"),
            route.route_file(edit),
        ),
        Style::Handwritten => (
            dir.join(format!("src/routes/r{index}.rs")),
            route.handwritten_module(edit),
        ),
    };
    if !file.exists() {
        return Err(format!("`{}` does not exist: run `synth-app` first", file.display()).into());
    }
    std::fs::write(&file, text)?;
    println!("{}", file.display());
    Ok(())
}
