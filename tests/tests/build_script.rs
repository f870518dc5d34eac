//! The build-script path as a user meets it: a real crate with `build.rs` and `app/`,
//! built by cargo. New files are picked up without touching `build.rs`; tree errors,
//! handler errors and type errors reach the user with the file and line.
//!
//! The fixture builds in `target/fixture-builds`, so the first run compiles axum once more.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A copy of `tests/fixtures/build-app` in a fresh folder, with its paths filled in.
fn fixture(name: &str) -> PathBuf {
    let src = workspace().join("tests/fixtures/build-app");
    let dst = workspace().join("target/fixture-apps").join(name);
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&src, &dst);
    let manifest = std::fs::read_to_string(dst.join("Cargo.toml.in"))
        .unwrap()
        .replace("@WORKSPACE@", &workspace().display().to_string());
    std::fs::write(dst.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dst.join("Cargo.lock")).unwrap();
    dst
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

fn write(root: &Path, path: &str, contents: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, contents).unwrap();
}

/// `cargo run` of the fixture: `Ok(stdout)` or `Err(stderr)` (not `--quiet`: the
/// build script's lines are part of what a user reads).
fn run(root: &Path) -> Result<String, String> {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--offline"])
        .current_dir(root)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/fixture-builds"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8(out.stderr).unwrap())
    }
}

const GET: &str = "pub async fn GET() -> &'static str { \"ok\" }\n";

#[test]
fn build_script_path_end_to_end() {
    let root = fixture("e2e");
    let table = run(&root).expect("the fixture builds");
    assert!(table.contains("/api/items/[id]"), "{table}");
    assert!(!table.contains("/api/new"), "{table}");

    // A new file in a new folder regenerates the router; build.rs is not touched.
    write(&root, "app/api/new/route.rs", GET);
    let table = run(&root).expect("the fixture builds");
    assert!(table.contains("ƒ /api/new"), "{table}");

    // A removed file disappears.
    std::fs::remove_file(root.join("app/api/new/route.rs")).unwrap();
    let table = run(&root).expect("the fixture builds");
    assert!(!table.contains("/api/new"), "{table}");

    // A parameter the route does not have: rustc, at the user's line.
    write(
        &root,
        "app/api/items/[id]/route.rs",
        "use app_router::prelude::*;\nuse super::RouteContext;\n\npub async fn GET(ctx: RouteContext) -> String {\n    ctx.params.slug\n}\n",
    );
    let err = run(&root).expect_err("an unknown param must not compile");
    assert!(
        err.contains("error[E0609]: no field `slug` on type `Params`"),
        "{err}"
    );
    assert!(err.contains("app/api/items/[id]/route.rs:5:16"), "{err}");

    // A signature axum cannot call: named by function, in the user's crate.
    write(
        &root,
        "app/api/items/[id]/route.rs",
        "pub async fn GET(flag: bool, n: u32) -> String {\n    format!(\"{flag}{n}\")\n}\n",
    );
    let err = run(&root).expect_err("a non-extractor must not compile");
    // At build time, on the user's argument (AR008), one line per argument.
    assert!(
        err.contains("error[AR008]: argument `flag` of handler `GET` has type `bool`, which is never an axum extractor (at app/api/items/[id]/route.rs:1:24)"),
        "{err}"
    );
    assert!(
        err.contains("error[AR008]: argument `n` of handler `GET` has type `u32`, which is never an axum extractor (at app/api/items/[id]/route.rs:1:33)"),
        "{err}"
    );
    assert!(!err.contains("is not a valid route handler"), "{err}");

    // A dynamic route that forgot its typed context: AR009, with the line to add.
    write(
        &root,
        "app/api/items/[id]/route.rs",
        "use app_router::prelude::*;\n\npub async fn GET(ctx: RouteContext) -> String {\n    ctx.params.id\n}\n",
    );
    let err = run(&root).expect_err("the untyped context must not build");
    assert!(
        err.contains("error[AR009]: `GET` takes the prelude's `RouteContext`, whose `params` are empty, but this route has URL parameters (at app/api/items/[id]/route.rs:3:23); help: add this line to the file's imports to take the route's typed context (`ctx.params.<name>`): `use super::RouteContext;`"),
        "{err}"
    );

    // Every tree problem in one build, from the build script, no panic; and the
    // build fails soft: a handler's own type error elsewhere is reported too.
    write(
        &root,
        "app/api/items/[id]/route.rs",
        "use app_router::prelude::*;\nuse super::RouteContext;\n\npub async fn GET(ctx: RouteContext) -> String {\n    ctx.params.slug\n}\n",
    );
    write(&root, "app/blog/[a]/route.rs", GET);
    write(&root, "app/blog/[b]/x/route.rs", GET);
    write(&root, "app/docs/[..x]/route.rs", GET);
    let err = run(&root).expect_err("a bad tree must fail the build");
    assert!(
        err.contains(
            "error[AR103]: different parameter names at the same position `/blog/`: `[a]` and `[b]`"
        ),
        "{err}"
    );
    assert!(
        err.contains("error[AR108]: folder `[..x]` has the wrong number of dots"),
        "{err}"
    );
    assert!(err.contains("because of 2 problems"), "{err}");
    assert!(!err.contains("failed to run custom build command"), "{err}");
    // The AR codes come first, as cargo prints the build script's lines.
    let first_ar = err.find("error[AR").unwrap();
    let type_error = err
        .find("error[E0609]: no field `slug` on type `param_id::Params`")
        .unwrap_or_else(|| panic!("the handler's type error is reported too: {err}"));
    assert!(first_ar < type_error, "{err}");
    assert!(err.contains("app/api/items/[id]/route.rs:5:16"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

/// A layout that takes `State<String>` above a page that takes nothing, the state used
/// nowhere else: the router still gets its `State` bound and the app starts.
#[test]
fn layout_taking_state_compiles_and_wraps_the_page() {
    let root = fixture("layout-state");
    std::fs::remove_dir_all(root.join("app/api")).unwrap();
    write(
        &root,
        "app/layout.rs",
        "use app_router::prelude::*;\n\npub async fn layout(children: Children, State(name): State<String>) -> Html<String> {\n    Html(format!(\"<h1>{name}</h1>{children}\"))\n}\n",
    );
    write(
        &root,
        "app/shop/page.rs",
        "use app_router::prelude::*;\n\npub async fn page() -> Html<&'static str> {\n    Html(\"<p>shop</p>\")\n}\n",
    );
    write(
        &root,
        "src/main.rs",
        "app_router::include_routes!(state = String);\n\n#[tokio::main]\nasync fn main() {\n    use tower::ServiceExt;\n    let app: axum::Router = routes::router().with_state(\"Shop\".to_owned());\n    let request = axum::http::Request::get(\"/shop\").body(axum::body::Body::empty()).unwrap();\n    let response = app.oneshot(request).await.unwrap();\n    let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();\n    print!(\"{}\", String::from_utf8_lossy(&body));\n}\n",
    );
    let out = run(&root).expect("a layout with State compiles");
    assert_eq!(out, "<h1>Shop</h1><p>shop</p>");
    let _ = std::fs::remove_dir_all(&root);
}

/// `cookies()` in a helper under `src/`, awaited by a handler whose file never names
/// it: the build script sees the helper and installs the request context, so the
/// cookie is set instead of a bare `500`.
#[test]
fn cookies_from_a_helper_in_src_work_without_opting_in() {
    let root = fixture("helper-cookies");
    write(
        &root,
        "app/api/items/[id]/route.rs",
        "use app_router::prelude::*;\nuse super::RouteContext;\n\npub async fn GET(ctx: RouteContext) -> Result<String, HandlerError> {\n    crate::session::remember(&ctx.params.id)?;\n    Ok(ctx.params.id)\n}\n",
    );
    write(
        &root,
        "src/session.rs",
        "use app_router::prelude::*;\n\npub fn remember(id: &str) -> Result<(), HandlerError> {\n    app_router::cookies()?.set(\"last\", id, CookieOptions::default())?;\n    Ok(())\n}\n",
    );
    write(
        &root,
        "src/main.rs",
        "mod session;\n\napp_router::include_routes!();\n\n#[tokio::main]\nasync fn main() {\n    use tower::ServiceExt;\n    let app: axum::Router = routes::router();\n    let request = axum::http::Request::get(\"/api/items/7\").body(axum::body::Body::empty()).unwrap();\n    let response = app.oneshot(request).await.unwrap();\n    print!(\"{} {:?}\", response.status(), response.headers().get(\"set-cookie\"));\n}\n",
    );
    let out = run(&root).expect("the fixture builds");
    assert_eq!(out, "200 OK Some(\"last=7; Path=/\")");
    let _ = std::fs::remove_dir_all(&root);
}
