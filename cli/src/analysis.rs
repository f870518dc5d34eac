//! `routes` and `check`: the build script's analysis alone, no compiling.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use app_router::__private::RenderingOf;
use app_router::http::Method;
use app_router::{Rendering, RouteInfo, RouteKind, RouteTable};
use app_router_codegen::{RouteSummary, SummaryKind};

use crate::build_rs::Config;

/// Prints the route table (or the manifest as JSON) of the crate in this folder.
pub(crate) fn routes(config: &Config, json: bool) -> Result<ExitCode, String> {
    let (summaries, warnings) = config.routes().summaries().map_err(|err| err.to_string())?;
    for warning in &warnings {
        eprint!("{warning}");
    }
    let infos = route_infos(&summaries);
    let text = if json {
        RouteTable(&infos).to_json()
    } else {
        RouteTable(&infos).to_string()
    };
    print_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `text` and a newline on stdout; a closed pipe (`routes | head`) is not an error.
pub(crate) fn print_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to stdout: {err}"))
        }
        _ => Ok(()),
    }
}

/// Prints every problem of the app folder; exit code 1 when one is an error.
pub(crate) fn check(config: &Config) -> Result<ExitCode, String> {
    let started = Instant::now();
    let result = config.routes().summaries();
    let elapsed = started.elapsed();
    match result {
        Ok((summaries, warnings)) => {
            for warning in &warnings {
                eprint!("{warning}");
            }
            eprintln!(
                "ok: {} routes, {} warning{} ({} ms)",
                summaries.len(),
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" },
                elapsed.as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{err}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The rows of the runtime's `RouteTable`, so that the CLI prints exactly what
/// `RouteTable(routes::ROUTES)` prints in the compiled app. The strings live as long
/// as the process (a CLI prints once and exits).
pub(crate) fn route_infos(summaries: &[RouteSummary]) -> Vec<RouteInfo> {
    summaries
        .iter()
        .map(|s| {
            let methods: Vec<Method> = s
                .methods
                .iter()
                .filter_map(|m| Method::from_bytes(m.as_bytes()).ok())
                .collect();
            let middleware: Vec<&'static str> =
                s.middleware.iter().map(|m| leak(m.clone())).collect();
            RouteInfo {
                path: leak(s.path.clone()),
                methods: Box::leak(methods.into_boxed_slice()),
                file: leak(s.file.clone()),
                kind: match s.kind {
                    SummaryKind::Route => RouteKind::Handler,
                    SummaryKind::Page => RouteKind::Page,
                    SummaryKind::Metadata => RouteKind::Metadata,
                },
                middleware: Box::leak(middleware.into_boxed_slice()),
                rendering: rendering(s),
            }
        })
        .collect()
}

fn rendering(s: &RouteSummary) -> Rendering {
    match s.cache {
        Some(cache) => RenderingOf::from_config(
            s.dynamic,
            cache.revalidate,
            cache.force_static,
            cache.static_params,
        ),
        None if s.rendered_once => Rendering::Static { revalidate: None },
        None => Rendering::Dynamic { revalidate: None },
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
