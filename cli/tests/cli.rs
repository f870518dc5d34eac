//! `cargo app-router` end to end: the real binary, a real `cargo build` of the crate
//! `new` scaffolds (offline, the workspace's crates by path), and `dev` serving it over a
//! real socket while the route file changes on disk.
//!
//! The scaffolded crate is built in `target/cli-tests` (its own target folder: the
//! workspace's is locked by the `cargo test` running this file) and lives in a temp
//! folder outside the workspace.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The CLI under test.
fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cargo-app-router"))
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .env("CARGO_TARGET_DIR", workspace().join("target/cli-tests"))
        .env("CARGO_NET_OFFLINE", "true");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `cargo app-router new demo` in a fresh temp folder, built once for every test here:
/// the path of the new crate.
fn scaffolded() -> &'static Path {
    static CRATE: OnceLock<PathBuf> = OnceLock::new();
    CRATE.get_or_init(|| {
        let parent = std::env::temp_dir().join(format!("app-router-cli-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent).unwrap();
        let out = cli()
            .args(["app-router", "new", "demo"])
            .current_dir(&parent)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("Created `demo`. Next:\n"));
        let root = parent.join("demo");
        // Offline: the workspace's lock file pins every crate the new app needs.
        std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        let out = cargo()
            .args(["build", "--offline", "--quiet"])
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the new app does not build:\n{}",
            text(&out.stderr)
        );
        root
    })
}

/// One `GET` over a real socket, `Connection: close`, read to the last byte: the status
/// line and the body. Bounded: a hung server fails the test instead of hanging it.
fn get(addr: SocketAddr, path: &str) -> std::io::Result<(String, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(600)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = text(&raw);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    Ok((
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    ))
}

/// Lines of a child's stream, on a thread, so the test can wait for one of them.
fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits (bounded) for the line containing `prefix`; every line read is kept in
/// `seen` for the failure message.
fn wait_for(rx: &Receiver<String>, prefix: &str, seen: &mut Vec<String>) -> String {
    loop {
        match rx.recv_timeout(Duration::from_secs(300)) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(prefix) {
                    return line;
                }
            }
            Err(err) => panic!("no line `{prefix}…` ({err}); output:\n{}", seen.join("\n")),
        }
    }
}

fn address(line: &str) -> SocketAddr {
    let (_, rest) = line.split_once("http://").unwrap();
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

/// Kills the process and everything it started (its own process group).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.0.id()) {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = self.0.wait();
    }
}

fn spawn_in_group(mut command: Command) -> Guard {
    use std::os::unix::process::CommandExt;
    Guard(command.process_group(0).spawn().unwrap())
}

#[test]
fn new_scaffolds_a_crate_that_builds_tests_and_serves() {
    let root = scaffolded();
    let mut files: Vec<String> = walk(root)
        .into_iter()
        .filter(|p| !p.starts_with("Cargo.lock"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".gitignore",
            "Cargo.toml",
            "README.md",
            "app/api/hello/route.rs",
            "app/api/users/[id]/route.rs",
            "app/page.rs",
            "build.rs",
            "src/main.rs",
        ]
    );

    // Its own test (the route table) passes.
    let out = cargo()
        .args(["test", "--offline", "--quiet"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("test result: ok. 1 passed; 0 failed"),
        "{}",
        text(&out.stdout)
    );

    // It serves its three routes.
    let mut command = cargo();
    command
        .args(["run", "--offline", "--quiet"])
        .current_dir(root)
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut server = spawn_in_group(command);
    let stdout = lines(server.0.stdout.take().unwrap());
    let mut seen = Vec::new();
    let addr = address(&wait_for(&stdout, "listening on http://", &mut seen));
    assert_eq!(
        get(addr, "/api/users/7").unwrap(),
        ("HTTP/1.1 200 OK".to_owned(), r#"{"id":"7"}"#.to_owned())
    );
    assert_eq!(
        get(addr, "/api/hello").unwrap(),
        (
            "HTTP/1.1 200 OK".to_owned(),
            r#"{"hello":"world"}"#.to_owned()
        )
    );
    let (status, body) = get(addr, "/").unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.starts_with("<h1>demo</h1>"), "{body}");
}

#[test]
fn new_refuses_a_name_that_is_not_a_crate_name_or_an_existing_folder() {
    let out = cli().args(["new", "../escape"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: `../escape` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter (for example `my-app`)\n"
    );
    let parent = scaffolded().parent().unwrap();
    let out = cli()
        .args(["new", "demo"])
        .current_dir(parent)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: `demo` already exists: pick another name, or remove it first\n"
    );
}

/// `dev`: a request made while the route is being rebuilt waits on the socket that
/// `dev` keeps open and is answered by the new build — never "connection refused".
#[test]
fn dev_answers_a_request_made_during_the_rebuild_with_the_new_build() {
    let root = scaffolded().to_path_buf();
    // A copy, so the other tests keep the scaffold as it was.
    let app = root.with_file_name("demo-dev");
    let _ = std::fs::remove_dir_all(&app);
    copy_dir(&root, &app, &["target"]);

    let mut command = cli();
    command
        .args(["app-router", "dev", "--port", "0"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", workspace().join("target/cli-tests"))
        .env("CARGO_NET_OFFLINE", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut dev = spawn_in_group(command);
    let stdout = lines(dev.0.stdout.take().unwrap());
    let stderr = lines(dev.0.stderr.take().unwrap());
    let mut seen = Vec::new();
    let addr = address(&wait_for(
        &stderr,
        "app-router dev: listening on http://",
        &mut seen,
    ));
    assert!(addr.ip().is_loopback());

    // Asked before the first build is up: it waits in the socket's queue.
    assert_eq!(
        get(addr, "/api/hello").unwrap(),
        (
            "HTTP/1.1 200 OK".to_owned(),
            r#"{"hello":"world"}"#.to_owned()
        )
    );
    wait_for(&stderr, "app-router dev: ready on http://", &mut seen);
    // The route table, printed on each successful start.
    let mut table = Vec::new();
    wait_for(
        &stdout,
        "└ ƒ /api/users/[id]  GET, HEAD, OPTIONS",
        &mut table,
    );

    let route = app.join("app/api/hello/route.rs");
    let source = std::fs::read_to_string(&route).unwrap();
    std::fs::write(&route, source.replace(r#""world""#, r#""dev""#)).unwrap();
    // The old build has stopped; the new one is being built: ask now.
    wait_for(&stderr, "app-router dev: change detected", &mut seen);
    assert_eq!(
        get(addr, "/api/hello").unwrap(),
        (
            "HTTP/1.1 200 OK".to_owned(),
            r#"{"hello":"dev"}"#.to_owned()
        )
    );
    wait_for(&stderr, "app-router dev: ready on http://", &mut seen);

    // A tree error: shown with its code, and the last good build keeps serving.
    std::fs::create_dir_all(app.join("app/api/users/[slug]")).unwrap();
    std::fs::write(
        app.join("app/api/users/[slug]/route.rs"),
        "use app_router::prelude::*;\npub async fn GET() -> &'static str { \"slug\" }\n",
    )
    .unwrap();
    wait_for(&stderr, "app-router dev: change detected", &mut seen);
    wait_for(
        &stderr,
        "app-router dev: serving the last build that worked",
        &mut seen,
    );
    assert!(
        seen.iter().any(|l| l.contains("AR103")),
        "no AR103 in the build output:\n{}",
        seen.join("\n")
    );
    wait_for(&stderr, "app-router dev: ready on http://", &mut seen);
    assert_eq!(
        get(addr, "/api/hello").unwrap(),
        (
            "HTTP/1.1 200 OK".to_owned(),
            r#"{"hello":"dev"}"#.to_owned()
        )
    );

    // SIGTERM to `dev` alone (not its process group, as an IDE or `kill` sends it)
    // stops the app too: nothing is left holding the port.
    let pid = nix::unistd::Pid::from_raw(i32::try_from(dev.0.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    assert!(dev.0.wait().unwrap().success());
    assert_eq!(
        TcpStream::connect(addr).unwrap_err().kind(),
        std::io::ErrorKind::ConnectionRefused
    );
    // ... and removes its copies of the builds it served.
    let copies = workspace().join("target/cli-tests/debug/app-router-dev");
    let prefix = format!("demo-{}-", pid.as_raw());
    let left: Vec<String> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    drop(dev);
    let _ = std::fs::remove_dir_all(&app);
}

/// `routes --json` prints, without compiling, exactly the manifest the compiled app
/// prints (`RouteTable(mw::ROUTES).to_json()`, snapshotted by `tests/http_middleware.rs`).
#[test]
fn routes_json_is_the_compiled_apps_manifest() {
    let out = cli()
        .args(["app-router", "routes", "--json", "--app", "mw-app"])
        .current_dir(workspace().join("tests"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let snapshot = std::fs::read_to_string(
        workspace().join("tests/tests/snapshots/http_middleware__the_manifest_as_json.snap"),
    )
    .unwrap();
    let compiled = snapshot.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(text(&out.stdout), compiled);
}

#[test]
fn routes_prints_the_table_of_next_build() {
    let out = cli()
        .args(["routes"])
        .current_dir(scaffolded())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    insta_like(
        &text(&out.stdout),
        "Route (app)          Methods             File
┌ ƒ /                GET, HEAD           app/page.rs
├ ƒ /api/hello       GET, HEAD, OPTIONS  app/api/hello/route.rs
└ ƒ /api/users/[id]  GET, HEAD, OPTIONS  app/api/users/[id]/route.rs

○  (Static)   rendered once and served from the cache
●  (SSG)      prerendered for each entry of generate_static_params
ƒ  (Dynamic)  rendered for each request
",
    );
}

#[test]
fn check_passes_a_good_tree() {
    let out = cli()
        .args(["app-router", "check"])
        .current_dir(scaffolded())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("ok: 3 routes, 0 warnings ("), "{stderr}");
    assert!(stderr.ends_with(" ms)\n"), "{stderr}");
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn check_reports_every_problem_of_a_bad_tree_with_exit_code_1() {
    let dir = tree(
        "check",
        &[
            ("app/users/[id]/route.rs", "pub async fn GET() {}\n"),
            ("app/users/[slug]/route.rs", "pub async fn GET() {}\n"),
            ("app/posts/route.rs", "pub async fn get() {}\n"),
        ],
    );
    let out = cli().args(["check"]).current_dir(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    insta_like(
        &text(&out.stderr),
        "error[AR001]: handler `get` must be named `GET`
  --> app/posts/route.rs:1:14
   = help: route handlers are named after their HTTP method in upper case: `pub async fn GET(...)`

error[AR103]: different parameter names at the same position `/users/`: `[id]` and `[slug]`
  --> app/users/[id]/route.rs  (URL `/users/[id]`)
  --> app/users/[slug]/route.rs  (URL `/users/[slug]`)
   = help: a position has one name for every route below it (Next.js fails at run time with \"You cannot use different slug names for the same dynamic path\"): rename the folders to one name, such as `[id]`

error: could not generate routes from `app/` because of 2 problems
",
    );
    let _ = std::fs::remove_dir_all(&dir);

    let out = cli()
        .args(["check", "--app", "nowhere"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta_like(
        &text(&out.stderr),
        "error[AR111]: app folder `nowhere` does not exist
  --> nowhere
   = help: create `nowhere/` with a `route.rs`, or pass the folder that holds your routes to `Routes::new`

error: could not generate routes from `nowhere/` because of 1 problem
",
    );
}

/// A fresh folder in the temp dir holding `files` (path, contents).
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("app-router-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, source) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, source).unwrap();
    }
    dir
}

fn insta_like(actual: &str, expected: &str) {
    assert_eq!(actual, expected, "\n--- actual ---\n{actual}\n--- end ---");
}

/// Files under `root`, relative, `/`-separated, skipping `target`.
fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(relative);
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    for file in walk(from) {
        if skip.iter().any(|s| file.starts_with(s)) {
            continue;
        }
        let target = to.join(&file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&file), target).unwrap();
    }
}

/// `fmt` reaches the route files `cargo fmt` cannot see; `--check` changes nothing and
/// fails on a difference.
#[test]
fn fmt_formats_the_route_files() {
    let messy = "pub async fn GET( )->&'static str{\"x\"}\n";
    let dir = tree("fmt", &[("app/api/[id]/route.rs", messy)]);
    let route = dir.join("app/api/[id]/route.rs");

    let out = cli()
        .args(["fmt", "--check"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("Diff in "),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&route).unwrap(), messy);

    let out = cli().args(["fmt"]).current_dir(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&route).unwrap(),
        "pub async fn GET() -> &'static str {\n    \"x\"\n}\n"
    );
    let out = cli()
        .args(["fmt", "--check"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `routes` and `check` analyze what `build.rs` generates from: its app folder and
/// its options (here Cache Components, which makes `REVALIDATE` an error and a
/// request-free `GET` static).
#[test]
fn routes_and_check_follow_build_rs() {
    let dir = tree(
        "build-rs",
        &[
            (
                "build.rs",
                "fn main() -> Result<(), app_router_codegen::Error> {\n    app_router_codegen::Routes::new(\"src/routes\")\n        .cache_components(true)\n        .generate()\n}\n",
            ),
            (
                "src/routes/api/x/route.rs",
                "pub async fn GET() -> &'static str {\n    \"x\"\n}\n",
            ),
        ],
    );
    let out = cli().args(["routes"]).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with(
            "Route (app)  Methods             File\n─ ○ /api/x   GET, HEAD, OPTIONS  src/routes/api/x/route.rs\n"
        ),
        "{}",
        text(&out.stdout)
    );

    std::fs::write(
        dir.join("src/routes/api/x/route.rs"),
        "pub const REVALIDATE: u32 = 60;\n\npub async fn GET() -> &'static str {\n    \"x\"\n}\n",
    )
    .unwrap();
    let out = cli().args(["check"]).current_dir(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta_like(
        &text(&out.stderr),
        "error[AR206]: segment config `REVALIDATE` is not compatible with Cache Components
  --> src/routes/api/x/route.rs:1:11
   = help: remove it: with `Routes::cache_components(true)` a `GET` that reads nothing of the request is prerendered automatically; cache data with `#[cache]` functions and `cache_life`

error: could not generate routes from `src/routes/` because of 1 problem
",
    );
    let _ = std::fs::remove_dir_all(&dir);
}
