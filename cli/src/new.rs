//! `new <name>`: a crate that builds and serves on the first try.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Creates the folder `name` with the app's files.
pub(crate) fn run(name: &str, registry: bool) -> Result<ExitCode, String> {
    check_name(name)?;
    let root = PathBuf::from(name);
    if root.exists() {
        return Err(format!(
            "`{name}` already exists: pick another name, or remove it first"
        ));
    }
    let deps = if registry {
        Deps::Registry
    } else {
        match checkout() {
            Some(path) => Deps::Path(path),
            None => Deps::Registry,
        }
    };
    for (file, contents) in files(name, &deps) {
        let path = root.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
        }
        fs::write(&path, contents)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
    }
    crate::analysis::print_stdout(&format!(
        "Created `{name}`. Next:\n\n    cd {name}\n    cargo run                # serves http://127.0.0.1:3000\n    cargo app-router dev     # the same, rebuilt on every change\n"
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// A crate name cargo accepts and that is a plain folder name: no path separators,
/// no `..`, no leading digit or dash.
fn check_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    if !valid {
        return Err(format!(
            "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter (for example `my-app`)"
        ));
    }
    if matches!(
        name,
        "test" | "core" | "std" | "alloc" | "proc_macro" | "app-router" | "app_router"
    ) {
        return Err(format!(
            "`{name}` is the name of a crate the app depends on or of a Rust built-in: pick another name"
        ));
    }
    Ok(())
}

/// How the new crate depends on app-router.
enum Deps {
    /// `app-router = "0.1"` from crates.io.
    Registry,
    /// By path, from the checkout this CLI was built from.
    Path(PathBuf),
}

/// The repository this CLI was built from, if it is still there.
fn checkout() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    (root.join("runtime/Cargo.toml").is_file() && root.join("route-codegen/Cargo.toml").is_file())
        .then(|| root.to_path_buf())
}

fn files(name: &str, deps: &Deps) -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let (runtime, codegen) = match deps {
        Deps::Registry => (format!("\"{version}\""), format!("\"{version}\"")),
        Deps::Path(root) => (
            format!(
                "{{ path = {:?} }}",
                root.join("runtime").display().to_string()
            ),
            format!(
                "{{ path = {:?} }}",
                root.join("route-codegen").display().to_string()
            ),
        ),
    };
    vec![
        (
            "Cargo.toml",
            format!(
                r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"

[dependencies]
app-router = {runtime}
axum = {{ version = "0.8", default-features = false, features = ["http1", "json", "query", "tokio"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "net", "signal"] }}

[build-dependencies]
app-router-codegen = {codegen}
"#
            ),
        ),
        (
            "build.rs",
            r#"// Generates the router from `app/` (and re-runs when anything under it changes).
fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app").generate()
}
"#
            .to_owned(),
        ),
        (
            "src/main.rs",
            r#"app_router::include_routes!(); // the module `routes`, generated from app/

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    // The socket `cargo app-router dev` hands over, else a new one.
    let listener = app_router::bind(format!("127.0.0.1:{port}")).await?;
    let app = routes::prerender(routes::router())
        .await
        .map_err(std::io::Error::other)?;
    println!("listening on http://{}", listener.local_addr()?);
    app_router::serve(listener, app)
        .with_graceful_shutdown(app_router::shutdown_signal())
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_of_app_is_served() {
        let paths: Vec<&str> = super::routes::ROUTES.iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/", "/api/hello", "/api/users/[id]"]);
    }
}
"#
            .to_owned(),
        ),
        (
            "app/page.rs",
            format!(
                r#"//! `/`: a page.
use app_router::prelude::*;

pub async fn page() -> Html<&'static str> {{
    Html("<h1>{name}</h1><p>Edit <code>app/page.rs</code> and save.</p>")
}}
"#
            ),
        ),
        (
            "app/api/hello/route.rs",
            r#"//! `/api/hello`: route handlers, named after their HTTP method.
use app_router::prelude::*;

pub async fn GET() -> impl IntoResponse {
    Json(json!({ "hello": "world" }))
}
"#
            .to_owned(),
        ),
        (
            "app/api/users/[id]/route.rs",
            r#"//! `/api/users/[id]`: a dynamic route; `ctx.params.id` is typed and checked.
use super::RouteContext;
use app_router::prelude::*;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "id": ctx.params.id }))
}
"#
            .to_owned(),
        ),
        (
            "README.md",
            format!(
                r#"# {name}

Next.js App Router route handlers for Rust, on axum: every `route.rs` and `page.rs`
under `app/` is served at its folder's URL.

```sh
cargo run     # serves http://127.0.0.1:3000 (PORT to change it)
cargo test    # the tests
```

`cargo app-router dev` serves the same app and rebuilds it on every change, without
dropping a request; `cargo app-router routes` prints the route table.
"#
            ),
        ),
        (".gitignore", "/target\n".to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_plain_crate_names_are_refused() {
        for bad in [
            "",
            "../x",
            "a/b",
            "1app",
            "-app",
            "my app",
            "app-router",
            "é",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["my-app", "app_2", "x"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
    }
}
