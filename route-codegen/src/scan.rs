//! The only code that touches the file system: a sorted walk of the app folder.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::files::{FileClass, classify};
use crate::par;

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
///
/// A large tree is walked on every core, split into subtrees; as soon as anything is
/// not plain (a problem, a symbolic link), the whole tree is walked again on this
/// thread, so problems, links and their loops are reported exactly as one walk does.
pub(crate) fn scan(
    root: &Path,
    display_root: &str,
    cx: &mut Diagnostics,
) -> (Vec<ScannedDir>, Vec<ScannedFile>) {
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
        return (Vec::new(), Vec::new());
    }
    if let Some(found) = scan_in_parallel(root, display_root) {
        return found;
    }
    let mut dirs = Vec::new();
    let mut files = Vec::new();
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
        let visit = visit(root, display_root, &entry);
        if entry.file_type().is_dir() && !matches!(visit, Visit::Dir(_)) {
            walk.skip_current_dir();
        }
        match visit {
            Visit::Dir(dir) => dirs.push(dir),
            Visit::File(file) => files.push(file),
            Visit::Nothing => {}
            Visit::Problem(problem) => cx.push(problem),
        }
    }
    (dirs, files)
}

/// What one entry of the walk is to routing.
enum Visit {
    /// A folder, walked into.
    Dir(ScannedDir),
    /// A file routing uses, read.
    File(ScannedFile),
    /// Nothing: another file, or a private folder (not walked into).
    Nothing,
    /// A name that is not UTF-8 (a folder is not walked into), an unreadable file.
    Problem(Diagnostic),
}

fn visit(root: &Path, display_root: &str, entry: &walkdir::DirEntry) -> Visit {
    let Ok(rel) = entry.path().strip_prefix(root) else {
        return Visit::Nothing;
    };
    let mut names = Vec::new();
    let mut utf8 = true;
    for part in rel.components() {
        match part.as_os_str().to_str() {
            Some(name) => names.push(name.to_owned()),
            None => utf8 = false,
        }
    }
    if !utf8 {
        let shown = display(root, entry.path(), display_root);
        return Visit::Problem(
            Diagnostic::new(
                Code::Io,
                Location::path(shown.clone(), None),
                format!("name `{shown}` is not valid UTF-8"),
            )
            .help("rename it: URL segments and Rust modules need UTF-8 names"),
        );
    }
    let shown = format!("{display_root}/{}", names.join("/"));
    if entry.file_type().is_dir() && names.len() > MAX_DEPTH {
        // Reported once, at the first folder too deep; nothing below it is walked.
        return Visit::Problem(
            Diagnostic::new(
                Code::TooDeep,
                Location::path(shown, None),
                format!("folders nest more than {MAX_DEPTH} levels below the app folder"),
            )
            .help("a URL this deep is not a route: flatten the folders, or use a catch-all `[...path]`"),
        );
    }
    if entry.file_type().is_dir() {
        // `_lib`: a private folder, never routed, nor anything below it.
        if names.last().is_some_and(|n| n.starts_with('_')) {
            return Visit::Nothing;
        }
        return Visit::Dir(ScannedDir {
            names,
            display: shown,
        });
    }
    let class = classify(names.last().map_or("", String::as_str));
    let read = match &class {
        FileClass::Other => return Visit::Nothing,
        FileClass::Code(_) | FileClass::Alt { .. } => read_text(entry.path()).map(|text| (text, 0)),
        FileClass::Static { .. } => entry
            .metadata()
            .map_err(std::io::Error::from)
            .map(|m| (String::new(), m.len())),
        FileClass::Unsupported { .. } => Ok((String::new(), 0)),
    };
    match read {
        Ok((text, size)) => {
            names.pop();
            Visit::File(ScannedFile {
                folders: names,
                class,
                abs: entry.path().to_path_buf(),
                display: shown,
                text,
                size,
            })
        }
        Err(err) => Visit::Problem(
            Diagnostic::new(
                Code::Io,
                Location::path(shown.clone(), None),
                format!("cannot read `{shown}`: {err}"),
            )
            .help("files that routing uses must be readable; route files must be UTF-8 text"),
        ),
    }
}

/// Folder levels below the app root at most: generated modules mirror the folders, and
/// a deeper tree is no app (1,500 levels took seconds and megabytes of output).
pub(crate) const MAX_DEPTH: usize = 64;

/// A code file larger than this is not read (a route file of this size is a mistake).
const MAX_TEXT: u64 = 16 << 20;

/// The text of a code file: only a regular file (a FIFO or device named `route.rs`
/// would block or never end), and not a huge one.
pub(crate) fn read_text(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if meta.len() > MAX_TEXT {
        return Err(std::io::Error::other(format!(
            "{} bytes, more than the {} MiB a route file may have",
            meta.len(),
            MAX_TEXT >> 20
        )));
    }
    std::fs::read_to_string(path)
}

/// The first `.rs` file under `dir` (not following links, at most [`MAX_DEPTH`] deep)
/// that calls `cookies()` or `headers()` as a free function, with its line: a helper
/// outside `app/` that needs the request context on every route. Unreadable or
/// unparsable files are skipped: rustc reports them.
pub(crate) fn helper_calling_context(dir: &Path) -> Option<(PathBuf, usize)> {
    WalkDir::new(dir)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .find_map(|e| {
            let text = read_text(e.path()).ok()?;
            if !(text.contains("cookies") || text.contains("headers") || text.contains("after")) {
                return None;
            }
            // The syntax tree when the file parses; its tokens otherwise.
            let span = match syn::parse_file(&text) {
                Ok(file) => crate::handlers::request_use(&file.items).needs_context()?,
                Err(_) => crate::handlers::calls_request_context(text.parse().ok()?)?,
            };
            Some((e.path().to_path_buf(), span.start().line))
        })
}

/// A step of the parallel walk, in walk order.
enum Unit {
    Dir(ScannedDir),
    File(ScannedFile),
    /// A folder whose contents are still to walk.
    Walk(std::path::PathBuf),
}

/// Subtrees per thread to aim for, so that uneven ones still spread evenly.
const WALKS_PER_THREAD: usize = 8;

/// The folder levels listed to find enough subtrees.
const MAX_SPLIT_LEVELS: usize = 3;

/// The walk of a tree without problems nor symbolic links, on every core: the top
/// levels are listed here until there are enough subtrees, which are walked in
/// parallel. `None` when the tree is small, or not plain.
fn scan_in_parallel(
    root: &Path,
    display_root: &str,
) -> Option<(Vec<ScannedDir>, Vec<ScannedFile>)> {
    let mut units = vec![Unit::Walk(root.to_path_buf())];
    let cores = par::threads(usize::MAX, 1);
    for _ in 0..MAX_SPLIT_LEVELS {
        let walks = units.iter().filter(|u| matches!(u, Unit::Walk(_))).count();
        if walks == 0 || walks >= cores * WALKS_PER_THREAD {
            break;
        }
        let mut listed = Vec::new();
        for unit in units {
            match unit {
                Unit::Walk(dir) => listed.extend(walk(root, display_root, &dir, Some(1))?),
                other => listed.push(other),
            }
        }
        units = listed;
    }
    let walks = units.iter().filter(|u| matches!(u, Unit::Walk(_))).count();
    let threads = par::threads(walks, WALKS_PER_THREAD / 2);
    if threads <= 1 {
        return None;
    }
    let walked = par::map_into(units, threads, |unit| match unit {
        Unit::Walk(dir) => walk(root, display_root, &dir, None),
        found => Some(vec![found]),
    });
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for unit in walked
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        match unit {
            Unit::Dir(dir) => dirs.push(dir),
            Unit::File(file) => files.push(file),
            Unit::Walk(_) => return None,
        }
    }
    Some((dirs, files))
}

/// The contents of `dir` (not `dir` itself), down to `depth` levels (every level with
/// `None`), in walk order, with the folders of the last level as [`Unit::Walk`].
/// `None` at the first problem or symbolic link.
fn walk(root: &Path, display_root: &str, dir: &Path, depth: Option<usize>) -> Option<Vec<Unit>> {
    let mut units = Vec::new();
    let mut walk = WalkDir::new(dir).min_depth(1).sort_by_file_name();
    if let Some(depth) = depth {
        walk = walk.max_depth(depth);
    }
    let mut walk = walk.into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.ok()?;
        if entry.path_is_symlink() {
            return None;
        }
        match visit(root, display_root, &entry) {
            Visit::Dir(found) => {
                units.push(Unit::Dir(found));
                if depth == Some(entry.depth()) {
                    units.push(Unit::Walk(entry.into_path()));
                }
            }
            Visit::File(file) => units.push(Unit::File(file)),
            Visit::Nothing if entry.file_type().is_dir() => walk.skip_current_dir(),
            Visit::Nothing => {}
            Visit::Problem(_) => return None,
        }
    }
    Some(units)
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
