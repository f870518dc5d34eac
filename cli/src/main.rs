//! `cargo app-router`: scaffold a project (`new`), serve it while editing (`dev`),
//! print its routes without compiling (`routes`), check the app folder (`check`),
//! format the route files (`fmt`).
//!
//! Install with `cargo install --path cli`; run as `cargo app-router <command>` or
//! `cargo-app-router <command>`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod analysis;
mod build_rs;
#[cfg(unix)]
mod dev;
mod fmt;
mod new;

/// Next.js App Router route handlers for Rust, on axum.
#[derive(Debug, Parser)]
#[command(name = "cargo app-router", bin_name = "cargo app-router", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new app in the folder `<name>`: Cargo.toml, build.rs, src/main.rs and an
    /// `app/` with a page, a route and a dynamic route; it builds and serves at once.
    New {
        /// The crate's name, also the folder created (letters, digits, `-` and `_`).
        name: String,
        /// Depend on `app-router` from crates.io even when this CLI was built from a
        /// checkout that still exists (by default the checkout's crates are used by
        /// path, so the new app builds offline).
        #[arg(long)]
        registry: bool,
    },
    /// Serve the crate in this folder and rebuild it when `app/`, `src/`, `build.rs` or
    /// `Cargo.toml` change, on one listening socket that stays open across restarts: a
    /// request made during a rebuild waits and is answered by the new build.
    Dev {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// The port to listen on.
        #[arg(long, short, env = "PORT", default_value_t = 3000)]
        port: u16,
        /// The binary to run, when the package has several.
        #[arg(long)]
        bin: Option<String>,
        /// Arguments passed to the app.
        #[arg(last = true)]
        args: Vec<OsString>,
    },
    /// Print the route table of the crate in this folder, without compiling it.
    Routes {
        /// The route manifest as JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// The app folder, relative to the crate (default: the first `Routes::new` of
        /// `build.rs`, else `app`).
        #[arg(long)]
        app: Option<PathBuf>,
    },
    /// Analyze the app folder and print every problem with its code (exit code 1 on
    /// an error), without compiling: fast enough for an editor's on-save hook.
    Check {
        /// The app folder, relative to the crate (default: the first `Routes::new` of
        /// `build.rs`, else `app`).
        #[arg(long)]
        app: Option<PathBuf>,
    },
    /// Run rustfmt on every `.rs` file under the app folder (`cargo fmt` cannot see
    /// route files: they are modules of the generated code).
    Fmt {
        /// Check the formatting instead of changing files (exit code 1 on a difference).
        #[arg(long)]
        check: bool,
        /// The app folder, relative to the crate (default: the first `Routes::new` of
        /// `build.rs`, else `app`).
        #[arg(long)]
        app: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    // `cargo app-router new x` runs `cargo-app-router app-router new x`.
    if args.get(1).is_some_and(|a| a == "app-router") {
        args.remove(1);
    }
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        Command::New { name, registry } => new::run(&name, registry),
        Command::Dev {
            host,
            port,
            bin,
            args,
        } => {
            #[cfg(unix)]
            let result = dev::run(&host, port, bin.as_deref(), &args);
            #[cfg(not(unix))]
            let result = {
                let _ = (host, port, bin, args);
                Err("`cargo app-router dev` hands its socket to the app the Unix way (`LISTEN_FDS`): it runs on Linux and macOS for now; elsewhere use `cargo run`".to_owned())
            };
            result
        }
        Command::Routes { json, app } => analysis::routes(&build_rs::config(app.as_deref()), json),
        Command::Check { app } => analysis::check(&build_rs::config(app.as_deref())),
        Command::Fmt { check, app } => fmt::run(&build_rs::config(app.as_deref()).app, check),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
