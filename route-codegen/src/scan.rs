//! The only code that touches the file system: a sorted walk of the app folder.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::files::{FileClass, classify};

/// A folder below the app root.
#[derive(Debug)]
pub(crate) struct ScannedDir {
    /// Folder names from the app root down to this folder.
    pub(crate) names: Vec<String>,
    /// `app/api/[id]`.
    pub(crate) display: String,
}

/// A file that routing uses: its class, and its text (code and alt files) or size
/// (static files).
#[derive(Debug)]
pub(crate) struct ScannedFile {
    /// Folder names from the app root down to the file's folder.
    pub(crate) folders: Vec<String>,
    pub(crate) class: FileClass,
    pub(crate) abs: PathBuf,
    /// `app/api/[id]/route.rs`.
    pub(crate) display: String,
    /// The contents of a code or alt-text file; empty for others.
    pub(crate) text: String,
    /// The size in bytes of a static file; 0 for others.
    pub(crate) size: u64,
}

/// Everything under the app root that routing cares about, in sorted order. Private
/// folders (`_lib`) and everything below them are skipped.
pub(crate) fn scan(
    root: &Path,
    display_root: &str,
    cx: &mut Diagnostics,
) -> (Vec<ScannedDir>, Vec<ScannedFile>) {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    if !root.is_dir() {
        cx.push(
            Diagnostic::new(
                Code::Io,
                Location::path(display_root, None),
                format!("app folder `{display_root}` does not exist"),
            )
            .help(format!(
                "create `{display_root}/` with a `route.rs`, or pass the folder that holds your routes to `Routes::new`"
            )),
        );
        return (dirs, files);
    }
    let mut walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().map_or_else(
                    || display_root.to_owned(),
                    |p| display(root, p, display_root),
                );
                let message = match err.loop_ancestor() {
                    Some(ancestor) => format!(
                        "symbolic link loop: `{at}` leads back to `{}`",
                        display(root, ancestor, display_root)
                    ),
                    None => format!("cannot read `{at}`: {}", io_reason(&err)),
                };
                cx.push(
                    Diagnostic::new(Code::Io, Location::path(at, None), message)
                        .help("fix the file system entry, or move it into a private `_folder` that routing skips"),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let mut names = Vec::new();
        let mut utf8 = true;
        for part in rel.components() {
            match part.as_os_str().to_str() {
                Some(name) => names.push(name.to_owned()),
                None => utf8 = false,
            }
        }
        let is_dir = entry.file_type().is_dir();
        if !utf8 {
            let shown = display(root, entry.path(), display_root);
            cx.push(
                Diagnostic::new(
                    Code::Io,
                    Location::path(shown.clone(), None),
                    format!("name `{shown}` is not valid UTF-8"),
                )
                .help("rename it: URL segments and Rust modules need UTF-8 names"),
            );
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        let shown = format!("{display_root}/{}", names.join("/"));
        if is_dir {
            // `_lib`: a private folder, never routed, nor anything below it.
            if names.last().is_some_and(|n| n.starts_with('_')) {
                walk.skip_current_dir();
                continue;
            }
            dirs.push(ScannedDir {
                names,
                display: shown,
            });
            continue;
        }
        let class = classify(names.last().map_or("", String::as_str));
        let read = match &class {
            FileClass::Other => continue,
            FileClass::Code(_) | FileClass::Alt { .. } => {
                std::fs::read_to_string(entry.path()).map(|text| (text, 0))
            }
            FileClass::Static { .. } => entry
                .metadata()
                .map_err(std::io::Error::from)
                .map(|m| (String::new(), m.len())),
            FileClass::Unsupported { .. } => Ok((String::new(), 0)),
        };
        match read {
            Ok((text, size)) => {
                names.pop();
                files.push(ScannedFile {
                    folders: names,
                    class,
                    abs: entry.path().to_path_buf(),
                    display: shown,
                    text,
                    size,
                });
            }
            Err(err) => cx.push(
                Diagnostic::new(
                    Code::Io,
                    Location::path(shown.clone(), None),
                    format!("cannot read `{shown}`: {err}"),
                )
                .help("files that routing uses must be readable; route files must be UTF-8 text"),
            ),
        }
    }
    (dirs, files)
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map_or_else(|| err.to_string(), std::string::ToString::to_string)
}

fn display(root: &Path, path: &Path, display_root: &str) -> String {
    match path.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => display_root.to_owned(),
        Ok(rel) => format!(
            "{display_root}/{}",
            rel.to_string_lossy().replace('\\', "/")
        ),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}
