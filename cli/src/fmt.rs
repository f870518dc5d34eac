//! `fmt`: rustfmt on the route files, which `cargo fmt` cannot see (they are modules
//! of the generated code, not reached from `src/` through `mod` declarations).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Formats (or with `check`, checks) every `.rs` file under `app`.
pub(crate) fn run(app: &Path, check: bool) -> Result<ExitCode, String> {
    if !app.is_dir() {
        return Err(format!(
            "no `{}` folder here: run `cargo app-router fmt` in the app's crate folder, or pass `--app <folder>`",
            app.display()
        ));
    }
    let mut files = Vec::new();
    collect(app, &mut files).map_err(|err| format!("cannot read `{}`: {err}", app.display()))?;
    files.sort();
    if files.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut command = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()));
    command.args(["--edition", &edition()]);
    if check {
        command.arg("--check");
    }
    let status = command.args(&files).status().map_err(|err| {
        format!("cannot run rustfmt ({err}): install it with `rustup component add rustfmt`")
    })?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, files)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The crate's edition (`edition = "2021"` in `Cargo.toml`), else 2024.
fn edition() -> String {
    std::fs::read_to_string("Cargo.toml")
        .ok()
        .and_then(|manifest| {
            manifest.lines().find_map(|line| {
                let (key, value) = line.split_once('=')?;
                (key.trim() == "edition")
                    .then(|| value.trim().trim_matches('"').to_owned())
                    .filter(|e| e.len() == 4 && e.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        .unwrap_or_else(|| "2024".to_owned())
}
