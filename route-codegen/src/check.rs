//! Whole-table rules: one `check_<rule>` per rule, each recording every violation.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::model::{FileKind, Meta, Route, Segment, url_of};
use crate::segment::field_name;

/// Runs every rule over the table.
pub(crate) fn check(files: &[Route], cx: &mut Diagnostics) {
    let served: Vec<&Route> = files.iter().filter(|r| r.kind.served()).collect();
    let routes = served.as_slice();
    check_same_url(routes, cx);
    check_param_names(routes, cx);
    check_repeated_params(routes, cx);
    check_catch_all_last(routes, cx);
    check_optional_catch_all_parent(routes, cx);
    check_catch_all_siblings(routes, cx);
    check_param_count(routes, cx);
    check_module_names(files, cx);
    check_image_sizes(routes, cx);
    check_extractor_count(files, cx);
}

fn at(route: &Route) -> Location {
    Location::path(
        route.display.clone(),
        route.kind.served().then(|| route.url()),
    )
}

/// The URL segments before position `index`, with parameter names erased, so that
/// routes meeting at one node of the URL tree share a key: `/blog/[]/`.
fn node_key(segments: &[&Segment], index: usize) -> String {
    let mut key = String::new();
    for s in &segments[..index] {
        key.push('/');
        match s {
            Segment::Static(s) => key.push_str(s),
            Segment::Param(_) | Segment::MetadataId { .. } => key.push_str("[]"),
            Segment::CatchAll(_) => key.push_str("[...]"),
            _ => key.push_str("[[...]]"),
        }
    }
    key
}

/// AR113: at most 26 parameters in one URL, all axum's router (matchit) can name; it
/// panics at start-up beyond. Valid: `/[a]/[b]/.../[z]/[...rest]` (a catch-all is not
/// counted).
fn check_param_count(routes: &[&Route], cx: &mut Diagnostics) {
    for route in routes {
        let params = route
            .url_segments()
            .filter(|s| matches!(s, Segment::Param(_) | Segment::MetadataId { .. }))
            .count();
        if params > crate::matcher::MAX_PARAMS {
            cx.push(
                Diagnostic::new(
                    Code::TooManyParams,
                    at(route),
                    format!(
                        "{params} parameters in one URL, more than the {} axum's router can hold",
                        crate::matcher::MAX_PARAMS
                    ),
                )
                .help("take the trailing segments as one catch-all `[...rest]` and split it in the handler"),
            );
        }
    }
}

/// AR101, AR102, AR301: one URL, one file. Valid: `app/(a)/about/page.rs` +
/// `app/(b)/contact/page.rs`; `app/robots.txt/route.rs` without `app/robots.rs`.
fn check_same_url(routes: &[&Route], cx: &mut Diagnostics) {
    let mut by_url: BTreeMap<String, Vec<&Route>> = BTreeMap::new();
    for route in routes {
        by_url.entry(route.url()).or_default().push(route);
    }
    for (url, files) in by_url.into_iter().filter(|(_, f)| f.len() > 1) {
        let kinds: BTreeSet<FileKind> = files.iter().map(|r| r.kind).collect();
        let metadata = files
            .iter()
            .filter(|r| matches!(r.kind, FileKind::Metadata(_)))
            .count();
        let mut diagnostic = if metadata > 0 {
            let message = if metadata == files.len() {
                format!("{metadata} metadata files resolve to `{url}`")
            } else if kinds.contains(&FileKind::Page) {
                format!("a page and a metadata file both resolve to `{url}`")
            } else {
                format!("route handlers and a metadata file both resolve to `{url}`")
            };
            Diagnostic::new(Code::MetadataConflict, at(files[0]), message).help(format!(
                "a metadata file serves its URL by itself (Next.js fails with \"Conflicting route and metadata at {url}\"): keep one of the files"
            ))
        } else if kinds.len() > 1 {
            Diagnostic::new(
                Code::PageRouteConflict,
                at(files[0]),
                format!("a page and route handlers both resolve to `{url}`"),
            )
            .help("a URL is served by a `page.rs` or by a `route.rs`, not both: move the route handlers to another folder, such as `api/`")
        } else {
            let noun = files[0].file_name();
            Diagnostic::new(
                Code::DuplicateRoute,
                at(files[0]),
                format!("{} `{noun}` files resolve to `{url}`", files.len()),
            )
            .help("route groups `(name)` and slots `@name` are not part of the URL: remove one of the files or move it to a different URL")
        };
        for route in &files[1..] {
            diagnostic = diagnostic.at(at(route));
        }
        cx.push(diagnostic);
    }
}

/// AR103: one parameter name per position. Valid: `blog/[id]/route.rs` + `blog/[id]/edit/route.rs`.
fn check_param_names(routes: &[&Route], cx: &mut Diagnostics) {
    let mut names: BTreeMap<(String, u8), BTreeMap<String, &Route>> = BTreeMap::new();
    for route in routes {
        let segments: Vec<&Segment> = route.url_segments().collect();
        for (i, s) in segments.iter().enumerate() {
            if s.rank() > 0 {
                names
                    .entry((node_key(&segments, i), s.rank()))
                    .or_default()
                    .entry(s.notation())
                    .or_insert(route);
            }
        }
    }
    for ((prefix, _), by_name) in names.into_iter().filter(|(_, n)| n.len() > 1) {
        let listed: Vec<String> = by_name.keys().map(|n| format!("`{n}`")).collect();
        let first = by_name.keys().next().cloned().unwrap_or_default();
        let mut routes = by_name.values();
        let Some(head) = routes.next() else { continue };
        let mut diagnostic = Diagnostic::new(
            Code::ParamNameMismatch,
            at(head),
            format!(
                "different parameter names at the same position `{prefix}/`: {}",
                listed.join(" and ")
            ),
        )
        .help(format!(
            "a position has one name for every route below it (Next.js fails at run time with \"You cannot use different slug names for the same dynamic path\"): rename the folders to one name, such as `{first}`"
        ));
        for route in routes {
            diagnostic = diagnostic.at(at(route));
        }
        cx.push(diagnostic);
    }
}

/// AR104, AR109: a name once per path, also after snake_case. Valid: `users/[id]/posts/[postId]`.
fn check_repeated_params(routes: &[&Route], cx: &mut Diagnostics) {
    for route in routes {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for segment in route.url_segments() {
            let Some(name) = segment.param_name() else {
                continue;
            };
            let Ok(field) = field_name(name) else {
                continue;
            };
            match seen.get(&field) {
                Some(previous) if previous == name => cx.push(
                    Diagnostic::new(
                        Code::RepeatedParam,
                        at(route),
                        format!("parameter `{name}` appears twice in `{}`", route.url()),
                    )
                    .help(format!("give each parameter its own name, such as `[{name}]` and `[{name}2]`")),
                ),
                Some(previous) => cx.push(
                    Diagnostic::new(
                        Code::InvalidParamName,
                        at(route),
                        format!(
                            "parameters `{previous}` and `{name}` of `{}` both become the field `ctx.params.{field}`",
                            route.url()
                        ),
                    )
                    .help("rename one of the folders so the names differ by more than case and `-`/`_`"),
                ),
                None => {
                    seen.insert(field, name.to_owned());
                }
            }
        }
    }
}

/// AR105: a catch-all ends the URL. Valid: `files/[...path]/route.rs`.
fn check_catch_all_last(routes: &[&Route], cx: &mut Diagnostics) {
    for route in routes {
        let segments: Vec<&Segment> = route.url_segments().collect();
        let Some(i) = segments
            .iter()
            .position(|s| matches!(s, Segment::CatchAll(_) | Segment::OptionalCatchAll(_)))
        else {
            continue;
        };
        if i + 1 < segments.len() {
            cx.push(
                Diagnostic::new(
                    Code::CatchAllNotLast,
                    at(route),
                    format!("catch-all segment `{}` must be the last URL segment", segments[i].notation()),
                )
                .help(format!(
                    "a catch-all takes every remaining segment; move `{}` below `{}` or make it a single parameter `[{}]`",
                    route.file_name(),
                    segments[i].notation(),
                    segments[i].param_name().unwrap_or("name")
                )),
            );
        }
    }
}

/// AR106: `[[...x]]` also matches its parent URL. Valid: `shop/[[...slug]]/route.rs` alone.
fn check_optional_catch_all_parent(routes: &[&Route], cx: &mut Diagnostics) {
    let ends_optional =
        |r: &Route| matches!(r.url_segments().last(), Some(Segment::OptionalCatchAll(_)));
    if !routes.iter().any(|r| ends_optional(r)) {
        return;
    }
    let by_url: BTreeMap<String, &Route> = routes.iter().map(|r| (r.url(), *r)).collect();
    for route in routes {
        let segments: Vec<&Segment> = route.url_segments().collect();
        let Some((Segment::OptionalCatchAll(name), parent)) =
            segments.split_last().map(|(l, p)| (*l, p))
        else {
            continue;
        };
        let parent_url = url_of(parent.iter().copied());
        if let Some(other) = by_url.get(&parent_url) {
            cx.push(
                Diagnostic::new(
                    Code::OptionalCatchAllShadowsParent,
                    at(route),
                    format!(
                        "optional catch-all `{}` also matches `{parent_url}`, which another file serves",
                        route.url()
                    ),
                )
                .at(at(other))
                .help(format!(
                    "keep one: `[[...{name}]]` already answers `{parent_url}` (with `{name}` = `None`), or rename it to the required catch-all `[...{name}]`"
                )),
            );
        }
    }
}

/// AR107: `[...x]` and `[[...y]]` cannot share a level. Valid: `docs/[...slug]` alone.
fn check_catch_all_siblings(routes: &[&Route], cx: &mut Diagnostics) {
    let mut at_node: BTreeMap<String, (Option<&Route>, Option<&Route>)> = BTreeMap::new();
    for route in routes {
        let segments: Vec<&Segment> = route.url_segments().collect();
        for (i, s) in segments.iter().enumerate() {
            let required = match s {
                Segment::CatchAll(_) => true,
                Segment::OptionalCatchAll(_) => false,
                _ => continue,
            };
            let entry = at_node.entry(node_key(&segments, i)).or_default();
            if required {
                entry.0 = entry.0.or(Some(route));
            } else {
                entry.1 = entry.1.or(Some(route));
            }
        }
    }
    for (prefix, pair) in at_node {
        let (Some(required), Some(optional)) = pair else {
            continue;
        };
        cx.push(
            Diagnostic::new(
                Code::CatchAllBesideOptional,
                at(required),
                format!("a catch-all and an optional catch-all at the same level `{prefix}/`"),
            )
            .at(at(optional))
            .help("keep one: `[...x]` needs at least one segment, `[[...x]]` also matches the parent URL"),
        );
    }
}

/// AR110: the folder → module mangling is injective. Valid: `hello-world/` alone.
fn check_module_names(routes: &[Route], cx: &mut Diagnostics) {
    // By parent folder (its path, a prefix of the file's) and module.
    let mut modules: BTreeMap<(&str, &str), BTreeMap<&str, &Route>> = BTreeMap::new();
    for route in routes {
        // `app/a/b/route.rs`: `app/a/b`, then `app/a`, then `app`.
        let mut end = route
            .display
            .len()
            .saturating_sub(route.file_name().len() + 1);
        for folder in route.folders.iter().rev() {
            let parent_end = end.saturating_sub(folder.name.len() + 1);
            let parent = route.display.get(..parent_end).unwrap_or_default();
            modules
                .entry((parent, folder.module.as_str()))
                .or_default()
                .entry(folder.name.as_str())
                .or_insert(route);
            end = parent_end;
        }
    }
    let mut collisions: Vec<_> = modules.into_iter().filter(|(_, f)| f.len() > 1).collect();
    // Reported by parent folder, folder by folder.
    collisions.sort_by(|((a, _), _), ((b, _), _)| a.split('/').cmp(b.split('/')));
    for ((_, module), folders) in collisions {
        let names: Vec<String> = folders.keys().map(|n| format!("`{n}`")).collect();
        let mut diagnostic: Option<Diagnostic> = None;
        for route in folders.values() {
            diagnostic = Some(match diagnostic {
                None => Diagnostic::new(
                    Code::ModuleNameCollision,
                    at(route),
                    format!(
                        "folders {} would both become the Rust module `{module}`",
                        names.join(" and ")
                    ),
                )
                .help("rename one of the folders"),
                Some(d) => d.at(at(route)),
            });
        }
        if let Some(d) = diagnostic {
            cx.push(d);
        }
    }
}

/// AR303: static Open Graph images up to 8 MB, Twitter images up to 5 MB (Next.js'
/// limits, which the platforms set). Valid: a 300 KB `opengraph-image.png`.
fn check_image_sizes(routes: &[&Route], cx: &mut Diagnostics) {
    for route in routes {
        let (FileKind::Metadata(meta), Some(file)) = (route.kind, &route.static_file) else {
            continue;
        };
        let Some((limit, name, megabytes)) = meta.max_size() else {
            continue;
        };
        if file.size > limit {
            #[allow(clippy::cast_precision_loss)]
            let size = file.size as f64 / (1024.0 * 1024.0);
            cx.push(
                Diagnostic::new(
                    Code::ImageTooLarge,
                    at(route),
                    format!(
                        "{name} image `{}` is {size:.2} MB, over the {megabytes} MB limit",
                        route.display
                    ),
                )
                .help(format!(
                    "compress or resize it below {megabytes} MB (Next.js fails the build with \"File size for {name} image exceeds {megabytes}MB\"), or generate it with `{}.rs`",
                    meta.base()
                )),
            );
        }
    }
}

/// The number of extractors axum can pass to one handler.
const MAX_EXTRACTORS: usize = 16;

/// AR306: a page (or the not-found page) and its layouts take at most 16 extractors
/// together: they run as one axum handler. Valid: a page with two, a layout with one.
fn check_extractor_count(files: &[Route], cx: &mut Diagnostics) {
    let layouts: Vec<&Route> = files
        .iter()
        .filter(|r| r.kind == FileKind::Layout)
        .collect();
    for page in files
        .iter()
        .filter(|r| matches!(r.kind, FileKind::Page | FileKind::NotFound))
    {
        let wrapping: Vec<&&Route> = layouts.iter().filter(|l| page.is_below(l)).collect();
        let count: usize = page.handlers.iter().map(|h| h.args.len()).sum::<usize>()
            + wrapping
                .iter()
                .flat_map(|l| &l.handlers)
                .map(|h| h.args.len())
                .sum::<usize>();
        if count > MAX_EXTRACTORS && !wrapping.is_empty() {
            let mut diagnostic = Diagnostic::new(
                Code::TooManyExtractors,
                at(page),
                format!(
                    "`{}` and its layouts take {count} extractors, more than the {MAX_EXTRACTORS} one axum handler can take",
                    page.display
                ),
            )
            .help("they run as one handler: group extractors into a struct that implements `FromRequestParts`, or take fewer in the layouts");
            for layout in wrapping {
                diagnostic = diagnostic.at(at(layout));
            }
            cx.push(diagnostic);
        }
    }
}

/// Routes in matching priority order: segment by segment, static before `[x]` before
/// `[...x]` before `[[...x]]`; a URL that ends first comes first.
pub(crate) fn sort(routes: &mut [Route]) {
    routes.sort_by_cached_key(|route| {
        let key: Vec<(u8, String)> = route
            .url_segments()
            .map(|s| (s.rank(), s.notation()))
            .collect();
        (key, route.display.clone())
    });
}

/// AR210 (warning): a cached page (`REVALIDATE`, not `Dynamic::ForceStatic`) is
/// rendered per request when a layout around it reads the request (an extractor other
/// than `State`/`RouteContext`/`Path`, or `cookies()`/`headers()`), as Next.js makes a
/// segment dynamic when any part of it is: a cached page never holds one visitor's
/// headers.
pub(crate) fn uncache_pages_in_dynamic_layouts(
    files: &mut [Route],
    warnings: &mut Vec<Diagnostic>,
) {
    let dynamic_layouts: Vec<(Route, String)> = files
        .iter()
        .filter(|r| r.kind == FileKind::Layout)
        .filter_map(|l| {
            let read = l.handlers.iter().find_map(|h| {
                crate::config::request_argument(&h.to_handler())
                    .map(|(_, name)| format!("`{name}`"))
            });
            let read =
                read.or_else(|| l.uses_context.then(|| "`cookies()`/`headers()`".to_owned()))?;
            Some((l.clone(), read))
        })
        .collect();
    for page in files.iter_mut().filter(|r| r.kind == FileKind::Page) {
        let Some(plan) = &page.cache else { continue };
        if plan.force_static {
            continue;
        }
        let Some((layout, read)) = dynamic_layouts.iter().find(|(l, _)| page.is_below(l)) else {
            continue;
        };
        warnings.push(
            Diagnostic::new(
                Code::CacheConfigIgnored,
                at(page),
                format!(
                    "`{}` is not cached: its layout `{}` reads the request ({read}), so the page is rendered for every request (as in Next.js)",
                    page.display, layout.display
                ),
            )
            .help("use `Dynamic::ForceStatic` to cache it rendered with an empty request, or make the layout take only `State`, `RouteContext` and `Path`"),
        );
        page.cache = None;
    }
}

/// AR302: a file Next.js serves from the app root only (`not-found.rs`, `robots.rs`,
/// `favicon.ico`, ...) in a folder.
pub(crate) fn not_at_root(
    kind: FileKind,
    display: &str,
    file_name: &str,
    in_folder: bool,
    app_dir: &str,
) -> Option<Diagnostic> {
    let root_only = match kind {
        FileKind::Metadata(meta) => meta.root_only(),
        kind => matches!(kind, FileKind::Proxy | FileKind::Instrumentation),
    };
    if kind == FileKind::Instrumentation && in_folder {
        return Some(
            Diagnostic::new(
                Code::NotAtRoot,
                Location::path(display.to_owned(), None),
                "`instrumentation.rs` only works at the app root",
            )
            .help(format!(
                "move it to `{app_dir}/instrumentation.rs`: its `register()` and `on_request_error()` serve the whole app, as Next.js' `instrumentation.ts`"
            )),
        );
    }
    if kind == FileKind::Proxy && in_folder {
        return Some(
            Diagnostic::new(
                Code::NotAtRoot,
                Location::path(display.to_owned(), None),
                "`proxy.rs` only works at the app root",
            )
            .help(format!(
                "move it to `{app_dir}/proxy.rs` (one proxy runs before routing for the whole app, as Next.js' `proxy.ts`); to wrap the routes of one folder, name the file `middleware.rs`"
            )),
        );
    }
    (root_only && in_folder).then(|| {
        Diagnostic::new(
            Code::NotAtRoot,
            Location::path(display.to_owned(), None),
            format!("`{file_name}` only works at the app root"),
        )
        .help(format!(
            "move it to `{app_dir}/{file_name}`; Next.js serves `{file_name}` from the root only"
        ))
    })
}

/// AR304: `icon.webp`, `favicon.png`.
pub(crate) fn unsupported_extension(display: &str, meta: Meta, ext: &str) -> Diagnostic {
    let exts: Vec<String> = meta
        .static_exts()
        .iter()
        .map(|e| format!("`.{e}`"))
        .collect();
    let base = meta.base();
    let name = display.rsplit('/').next().unwrap_or(display);
    let help = if meta == Meta::Favicon {
        "`favicon` is `.ico` only: convert it, or name a PNG or SVG icon `icon.png` / `icon.svg`"
            .to_owned()
    } else {
        format!(
            "convert it to {}, or serve it from `{}.rs` returning `Image::new(\"image/{ext}\", bytes)`",
            exts.join(", "),
            base
        )
    };
    Diagnostic::new(
        Code::UnsupportedExtension,
        Location::path(display.to_owned(), None),
        format!(
            "`{name}` is not served: Next.js serves `{base}` files as {}",
            exts.join(", ")
        ),
    )
    .help(help)
}
