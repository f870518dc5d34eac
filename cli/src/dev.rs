//! `dev`: build the crate, serve it on a socket that outlives every build, rebuild on
//! change. The socket is handed to each build as `LISTEN_FDS` (the `listenfd`
//! protocol, which `app_router::bind` reads), so while one build stops and the next
//! starts, new connections wait in the socket's queue instead of being refused.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal};
use std::net::TcpListener;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// What `dev` watches besides the app folder (`build.rs`'s), relative to the crate.
const WATCHED: [&str; 3] = ["src", "build.rs", "Cargo.toml"];

/// How long the files must stay quiet before a rebuild starts (an editor's save is
/// several events; `git checkout` is many).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// How long a stopping build may take to finish its requests before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn run(
    host: &str,
    port: u16,
    bin: Option<&str>,
    args: &[OsString],
) -> Result<ExitCode, String> {
    if !Path::new("Cargo.toml").is_file() {
        return Err(
            "no Cargo.toml here: run `cargo app-router dev` in the app's crate folder".into(),
        );
    }
    let listener = TcpListener::bind((host, port))
        .map_err(|err| format!("cannot listen on {host}:{port}: {err}"))?;
    let addr = listener
        .local_addr()
        .map_err(|err| format!("cannot read the listening address: {err}"))?;
    eprintln!("app-router dev: listening on http://{addr} (the socket stays open across rebuilds)");

    let (tx, rx) = std::sync::mpsc::channel();
    // Ctrl-C or SIGTERM to `dev` alone (an IDE, `kill`) stops the app too: it must
    // not outlive `dev` holding the port.
    let quit = tx.clone();
    ctrlc::set_handler(move || {
        let _ = quit.send(Signal::Quit);
    })
    .map_err(|err| format!("cannot handle Ctrl-C: {err}"))?;
    // Only writes, creations and removals: cargo opening the files to build them is
    // an event too, and must not start another build.
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let change = match event {
            Ok(event) => {
                matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                ) && event.paths.iter().any(|p| relevant(p))
            }
            Err(err) => {
                eprintln!("app-router dev: watching failed: {err}");
                false
            }
        };
        if change {
            let _ = tx.send(Signal::Change);
        }
    })
    .map_err(|err| format!("cannot watch files: {err}"))?;
    let app = crate::build_rs::config(None).app;
    let mut watched: Vec<PathBuf> = WATCHED.iter().map(PathBuf::from).collect();
    // An app folder inside `src/` is watched with it.
    if !watched.iter().any(|path| app.starts_with(path)) {
        watched.insert(0, app);
    }
    for path in &watched {
        if path.exists() {
            watcher
                .watch(path, RecursiveMode::Recursive)
                .map_err(|err| format!("cannot watch `{}`: {err}", path.display()))?;
        }
    }

    let color = std::io::stderr().is_terminal();
    let mut last_good: Option<PathBuf> = None;
    let mut generation = 0u64;
    loop {
        generation += 1;
        let started = Instant::now();
        let server = match build(bin, color) {
            Ok(exe) => match keep(&exe, generation) {
                Ok(copy) => {
                    eprintln!(
                        "app-router dev: built in {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                    print_routes();
                    if let Some(old) = last_good.replace(copy.clone())
                        && old != copy
                    {
                        remove(Some(&old));
                    }
                    Some(copy)
                }
                Err(err) => {
                    eprintln!("app-router dev: {err}");
                    last_good.clone()
                }
            },
            Err(err) => {
                eprintln!("app-router dev: {err}");
                match &last_good {
                    Some(_) => eprintln!(
                        "app-router dev: serving the last build that worked; fix the errors above and save"
                    ),
                    None => eprintln!(
                        "app-router dev: nothing to serve yet; requests wait until a build works"
                    ),
                }
                last_good.clone()
            }
        };
        // What happened during the build: Ctrl-C (start nothing), or another change
        // (build again at once, rather than start what is already stale).
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(Signal::Quit) | Err(TryRecvError::Disconnected) => {
                    remove(last_good.as_deref());
                    return Ok(ExitCode::SUCCESS);
                }
                Ok(Signal::Change) => changed = true,
                Err(TryRecvError::Empty) => break,
            }
        }
        if changed {
            eprintln!("app-router dev: changed during the build; rebuilding");
            continue;
        }
        let mut child = match server {
            Some(exe) => match start(&exe, &listener, args) {
                Ok(child) => {
                    eprintln!("app-router dev: ready on http://{addr}");
                    Some(child)
                }
                Err(err) => {
                    eprintln!("app-router dev: cannot start `{}`: {err}", exe.display());
                    None
                }
            },
            None => None,
        };
        if !wait_for_change(&rx, &mut child) {
            stop(child);
            remove(last_good.as_deref());
            return Ok(ExitCode::SUCCESS);
        }
        // Stopped first, then said: from this line on, a new connection waits for
        // the new build (the old one no longer accepts).
        stop(child);
        eprintln!("app-router dev: change detected; rebuilding (requests wait for the new build)");
    }
}

/// Removes `dev`'s copy of a build once nothing runs it.
fn remove(copy: Option<&Path>) {
    if let Some(copy) = copy {
        let _ = std::fs::remove_file(copy);
    }
}

/// What reaches the main loop.
enum Signal {
    /// A watched file changed.
    Change,
    /// Ctrl-C or SIGTERM.
    Quit,
}

/// Waits until a watched file changes and the files are quiet for [`DEBOUNCE`]
/// (`true`), or `dev` is told to stop (`false`). Reports the app exiting on its own
/// meanwhile.
fn wait_for_change(rx: &Receiver<Signal>, child: &mut Option<Child>) -> bool {
    loop {
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(Signal::Change) => {
                // Debounce: the change is over once no event came for a while.
                loop {
                    match rx.recv_timeout(DEBOUNCE) {
                        Ok(Signal::Change) => continue,
                        Err(RecvTimeoutError::Timeout) => return true,
                        Ok(Signal::Quit) | Err(RecvTimeoutError::Disconnected) => return false,
                    }
                }
            }
            Ok(Signal::Quit) => return false,
            Err(RecvTimeoutError::Timeout) => {
                if let Some(c) = child
                    && let Ok(Some(status)) = c.try_wait()
                {
                    eprintln!("app-router dev: the app exited ({status}); waiting for a change");
                    *child = None;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// Editors' temporary files (`.swp`, `~`, `4913`, `.#x`) are not changes of the app.
fn relevant(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    !(name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913")
}

/// `cargo build`, its diagnostics shown as cargo renders them (ours included: the
/// build script's `AR…` lines); the built executable of this package.
fn build(bin: Option<&str>, color: bool) -> Result<PathBuf, String> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(["build", "--message-format=json-render-diagnostics"])
        .arg(if color {
            "--color=always"
        } else {
            "--color=never"
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(bin) = bin {
        command.args(["--bin", bin]);
    }
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    let manifest = std::fs::canonicalize("Cargo.toml").ok();
    let mut executables = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let ours = manifest.as_ref().is_none_or(|m| {
                message["manifest_path"]
                    .as_str()
                    .and_then(|p| std::fs::canonicalize(p).ok())
                    .as_ref()
                    == Some(m)
            });
            let is_bin = message["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "bin"));
            if let (true, true, Some(exe)) = (ours, is_bin, message["executable"].as_str()) {
                executables.push(PathBuf::from(exe));
            }
        }
    }
    let status = child
        .wait()
        .map_err(|err| format!("cargo did not finish: {err}"))?;
    if !status.success() {
        return Err("the build failed".into());
    }
    match executables.len() {
        1 => Ok(executables.remove(0)),
        0 => Err("the package has no binary to serve: add `src/main.rs`".into()),
        _ => Err("the package has several binaries: pass `--bin <name>`".into()),
    }
}

/// A copy of the executable that the next build cannot overwrite: served now, and
/// again if the next build fails.
fn keep(exe: &Path, generation: u64) -> Result<PathBuf, String> {
    let dir = exe
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        .join("app-router-dev");
    std::fs::create_dir_all(&dir)
        .map_err(|err| format!("cannot create `{}`: {err}", dir.display()))?;
    let name = exe
        .file_name()
        .map_or_else(|| "app".into(), |n| n.to_string_lossy().into_owned());
    // `dev`'s pid in the name: two `dev`s of one crate (two ports) never overwrite
    // each other's copies.
    let id = std::process::id();
    let copy = dir.join(format!("{name}-{id}-{generation}"));
    let temporary = dir.join(format!(".{name}-{id}-{generation}.tmp"));
    std::fs::copy(exe, &temporary)
        .and_then(|_| std::fs::rename(&temporary, &copy))
        .map_err(|err| format!("cannot copy the build to `{}`: {err}", copy.display()))?;
    Ok(copy)
}

/// Starts the app with the listening socket as its `LISTEN_FDS` socket (descriptor 0,
/// `LISTEN_FDS_FIRST_FD=0`, so no descriptor juggling is needed).
fn start(exe: &Path, listener: &TcpListener, args: &[OsString]) -> std::io::Result<Child> {
    let socket = OwnedFd::from(listener.try_clone()?);
    Command::new(exe)
        .args(args)
        .stdin(Stdio::from(socket))
        .env("LISTEN_FDS", "1")
        .env("LISTEN_FDS_FIRST_FD", "0")
        .env_remove("LISTEN_PID")
        .spawn()
}

/// Stops the app gracefully (SIGTERM: `app_router::shutdown_signal` stops accepting and
/// finishes the requests in flight), killing it after [`STOP_TIMEOUT`].
fn stop(child: Option<Child>) {
    let Some(mut child) = child else { return };
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGTERM,
        );
    }
    let deadline = Instant::now() + STOP_TIMEOUT;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    eprintln!("app-router dev: the app did not stop within {STOP_TIMEOUT:?}; killing it");
    let _ = child.kill();
    let _ = child.wait();
}

/// The route table, from the analysis (what the new build serves).
fn print_routes() {
    if let Ok((summaries, _)) = crate::build_rs::config(None).routes().summaries() {
        let table = app_router::RouteTable(&crate::analysis::route_infos(&summaries));
        let _ = crate::analysis::print_stdout(&format!("{table}\n"));
    }
}
