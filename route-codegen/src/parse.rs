//! Parse: the scanned folders and files of an app folder into routes — each folder
//! name into its segment, each code file into its handlers, request use and segment
//! config ([`crate::analysis`]), on every core — with the problems of each at its place.

use std::collections::{BTreeMap, HashMap};

use crate::check;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location, SentDiagnostic};
use crate::files::FileClass;
use crate::model::{FileKind, Folder, HandlerText, Route, StaticFile};
use crate::scan::{ScannedDir, ScannedFile};
use crate::{analysis, handlers, model, par, segment};

/// The routes of the scanned `dirs` and `files`, in file order; problems go to `cx`,
/// warnings to `warnings`.
pub(crate) fn routes(
    dirs: Vec<ScannedDir>,
    files: Vec<ScannedFile>,
    display_root: &str,
    cache_components: bool,
    cx: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Route> {
    // Each folder is parsed once; a bad folder is reported once, and the files below it
    // are left out rather than reported again.
    let mut folders: HashMap<Vec<String>, Option<Folder>> = HashMap::with_capacity(dirs.len());
    for dir in dirs {
        let Some(name) = dir.names.last() else {
            continue;
        };
        let folder = match segment::parse(name) {
            Ok(segment) => Some(Folder {
                name: name.clone(),
                module: segment::module_name(&segment),
                segment,
            }),
            Err(err) => {
                cx.push(
                    Diagnostic::new(err.code, Location::path(dir.display, None), err.message)
                        .help(err.help),
                );
                None
            }
        };
        folders.insert(dir.names, folder);
    }

    // `opengraph-image.alt.txt`, by folder and image stem.
    let alts: BTreeMap<(Vec<String>, String), String> = files
        .iter()
        .filter_map(|f| match &f.class {
            FileClass::Alt { stem } => Some(((f.folders.clone(), stem.clone()), f.text.clone())),
            _ => None,
        })
        .collect();

    // In file order: problems found here, and routes whose code files are parsed below,
    // on every core, their problems reported at their place.
    let mut found = Vec::new();
    let mut jobs = Vec::new();
    'files: for file in files {
        let mut path = Vec::new();
        for i in 1..=file.folders.len() {
            match folders.get(&file.folders[..i]) {
                Some(Some(folder)) => path.push(folder.clone()),
                _ => continue 'files,
            }
        }
        let file_name = file
            .display
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let (kind, static_file) = match file.class {
            FileClass::Other | FileClass::Alt { .. } => continue,
            FileClass::Unsupported { meta, ext } => {
                found.push(Found::Problem(check::unsupported_extension(
                    &file.display,
                    meta,
                    &ext,
                )));
                continue;
            }
            FileClass::Code(kind) => (kind, None),
            FileClass::Static { meta, ext } => {
                let stem = file_name
                    .strip_suffix(&format!(".{ext}"))
                    .unwrap_or_default();
                let alt = alts.get(&(file.folders.clone(), stem.to_owned())).cloned();
                let info = StaticFile {
                    name: file_name.clone(),
                    ext,
                    size: file.size,
                    alt,
                };
                (FileKind::Metadata(meta), Some(info))
            }
        };
        if let Some(problem) = check::not_at_root(
            kind,
            &file.display,
            &file_name,
            !file.folders.is_empty(),
            display_root,
        ) {
            found.push(Found::Problem(problem));
            continue;
        }
        let route = Route {
            kind,
            display: file.display,
            abs: file.abs,
            folders: path,
            handlers: Vec::new(),
            uses_context: false,
            cache: None,
            max_duration: None,
            static_params: None,
            tail: Vec::new(),
            static_file,
            generate: None,
            unreadable: false,
            matcher: None,
        };
        found.push(Found::Route);
        jobs.push((route, file.text));
    }
    let threads = par::threads(jobs.len(), MIN_FILES_PER_THREAD);
    let parsed = par::map_into(jobs, threads, |(mut route, text)| {
        let mut cx = Diagnostics::default();
        let mut warnings = Vec::new();
        if route.static_file.is_none() {
            parse_code(&mut route, &text, cache_components, &mut cx, &mut warnings);
        }
        let sent = |d: Vec<Diagnostic>| -> Vec<SentDiagnostic> {
            d.into_iter().map(SentDiagnostic::from).collect()
        };
        (route, sent(cx.into_vec()), sent(warnings))
    });
    let mut parsed = parsed.into_iter();
    let mut routes = Vec::new();
    for found in found {
        match found {
            Found::Problem(problem) => cx.push(problem),
            Found::Route => {
                let Some((mut route, problems, more)) = parsed.next() else {
                    break;
                };
                route.unreadable = problems.iter().any(SentDiagnostic::unreadable);
                problems.into_iter().for_each(|p| cx.push(p.into()));
                warnings.extend(more.into_iter().map(Diagnostic::from));
                if let FileKind::Metadata(meta) = route.kind {
                    route.tail = model::metadata_tail(meta, &route);
                }
                routes.push(route);
            }
        }
    }
    routes
}

/// In the files loop of [`analyze`]: a problem, or the next route.
enum Found {
    Problem(Diagnostic),
    Route,
}

/// Code files worth a thread: parsing one takes tens of microseconds.
const MIN_FILES_PER_THREAD: usize = 64;

/// Bracket nesting far beyond any real route file; syn's parser recurses per level, and
/// a deeper file would overflow the build script's stack (an abort, not a diagnostic).
const MAX_NESTING: usize = 128;

/// Where `text` first nests `(`, `[` or `{` deeper than [`MAX_NESTING`]. proc-macro2
/// tokenizes without recursion, and this walk keeps its own stack.
fn too_deep(text: &str) -> Option<proc_macro2::Span> {
    use proc_macro2::{TokenStream, TokenTree};
    let tokens: TokenStream = text.parse().ok()?;
    let mut stack = vec![tokens.into_iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(TokenTree::Group(group)) => {
                if stack.len() > MAX_NESTING {
                    return Some(group.span_open());
                }
                stack.push(group.stream().into_iter());
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    None
}

/// Parses a code file and finds its handlers (and `generate_*` function); problems go
/// to `cx`.
fn parse_code(
    route: &mut Route,
    text: &str,
    cache_components: bool,
    cx: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(span) = too_deep(text) {
        cx.push(
            Diagnostic::new(
                Code::UnparsableFile,
                Location::of_span(span, Some(&route.display)),
                format!("brackets nest more than {MAX_NESTING} levels deep here"),
            )
            .help("split the expression into `let` bindings or helper functions"),
        );
        return;
    }
    match syn::parse_file(text) {
        Ok(parsed) => {
            let source = handlers::Source {
                file: Some(&route.display),
                kind: route.kind,
            };
            let whole = Location::path(
                route.display.clone(),
                route.kind.served().then(|| route.url()),
            );
            let place = analysis::Place {
                has_params: route.folder_segments().any(|s| s.param_name().is_some()),
                cache_components,
                in_macro: false,
            };
            let analysis::Analyzed {
                handlers: found,
                uses,
                config,
                plan,
            } = analysis::analyze(&parsed.items, source, &whole, place, cx, warnings);
            if let FileKind::Metadata(meta) = route.kind {
                route.generate = handlers::generate_function(&parsed.items, meta);
            }
            if route.kind == FileKind::Proxy {
                route.matcher = crate::proxy::matcher(&parsed.items, source, cx);
            }
            route.uses_context = uses.needs_context().is_some();
            if !matches!(route.kind, FileKind::Route | FileKind::Page) {
                // Nothing the user writes is silently ignored.
                for (name, at) in &config.present {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownSegmentConfig,
                            at.clone(),
                            format!(
                                "segment config `{name}` has no effect in `{}`",
                                route.file_name()
                            ),
                        )
                        .help("move it to the `page.rs` or `route.rs` it should apply to: only those files take segment config in app-router"),
                    );
                }
            }
            if matches!(route.kind, FileKind::Route | FileKind::Page) {
                route.cache = plan;
                route.max_duration = config.max_duration;
                route.static_params = config
                    .static_params
                    .as_ref()
                    .map(|(is_async, _)| (*is_async, !config.defines_params));
            }
            route.handlers = found.iter().map(HandlerText::from).collect();
        }
        Err(err) => {
            // proc-macro2's lexer error carries no detail.
            let what = match err.to_string().as_str() {
                "cannot parse string into token stream" => {
                    "unbalanced brackets or an invalid token".to_owned()
                }
                other => other.to_owned(),
            };
            cx.push(
                Diagnostic::new(
                    Code::UnparsableFile,
                    Location::of_span(err.span(), Some(&route.display)),
                    format!("route file does not parse: {what}"),
                )
                .help(format!(
                    "fix the syntax; `rustfmt --check {}` shows the exact place",
                    route.display
                )),
            );
        }
    }
}
