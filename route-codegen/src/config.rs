//! Route segment config: the `const`s and `generate_static_params` of a route file,
//! read from syntax (values must be literals, as in Next.js), and the caching plan
//! they give its `GET`.

use proc_macro2::Span;
use syn::spanned::Spanned;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::handlers::{Source, edit_distance};
use crate::model::{Handler, Method};

/// `DYNAMIC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DynamicMode {
    #[default]
    Auto,
    ForceDynamic,
    ForceStatic,
    Error,
}

/// The config of one route file, as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct SegmentConfig {
    pub(crate) dynamic: DynamicMode,
    /// `Some(None)`: `Revalidate::Never`.
    pub(crate) revalidate: Option<Option<u32>>,
    pub(crate) dynamic_params: Option<(bool, Location)>,
    pub(crate) max_duration: Option<u64>,
    /// `generate_static_params`: whether it is `async`, and where.
    pub(crate) static_params: Option<(bool, Location)>,
    /// The names of config items present, with their place (for Cache Components).
    pub(crate) present: Vec<(&'static str, Location)>,
    /// The file declares its own item named `Params`.
    pub(crate) defines_params: bool,
}

pub(crate) use crate::model::CachePlan;

const CONSTS: [&str; 4] = ["DYNAMIC", "REVALIDATE", "DYNAMIC_PARAMS", "MAX_DURATION"];
const UNSUPPORTED: [&str; 3] = ["FETCH_CACHE", "RUNTIME", "PREFERRED_REGION"];
const STATIC_PARAMS: &str = "generate_static_params";

/// Reads the config items among `items`; problems go to `cx`.
pub(crate) fn parse(
    items: &[syn::Item],
    source: Source<'_>,
    cx: &mut Diagnostics,
) -> SegmentConfig {
    let mut config = SegmentConfig::default();
    for item in items {
        match item {
            syn::Item::Const(c) => {
                let name = c.ident.to_string();
                let at = source.at(c.ident.span());
                if let Some(&known) = CONSTS.iter().find(|k| **k == name) {
                    config.present.push((known, at.clone()));
                    read_const(&mut config, known, &c.expr, source, cx);
                } else if let Some(suggestion) = suggest(&name, &CONSTS) {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownSegmentConfig,
                            at,
                            format!("unknown segment config `{name}`"),
                        )
                        .help(format!("did you mean `{suggestion}`? the segment config consts are `DYNAMIC`, `REVALIDATE`, `DYNAMIC_PARAMS` and `MAX_DURATION`")),
                    );
                } else if let Some(unsupported) = suggest(&name, &UNSUPPORTED) {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownSegmentConfig,
                            at,
                            format!("segment config `{unsupported}` has no meaning in app-router"),
                        )
                        .help("remove it: there is one runtime, no fetch cache and no region; use `#[cache]` functions to cache data"),
                    );
                }
            }
            syn::Item::Fn(f) => {
                let name = f.sig.ident.to_string();
                let at = source.at(f.sig.ident.span());
                if name == STATIC_PARAMS {
                    if !f.sig.inputs.is_empty() {
                        cx.push(
                            Diagnostic::new(
                                Code::StaticParamsMisuse,
                                source.at(f.sig.inputs.span()),
                                "`generate_static_params` takes no arguments",
                            )
                            .help("write `pub async fn generate_static_params() -> Vec<Params>`"),
                        );
                    }
                    config.present.push(("generate_static_params", at.clone()));
                    config.static_params = Some((f.sig.asyncness.is_some(), at));
                } else if suggest(&name, &[STATIC_PARAMS]).is_some() {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownSegmentConfig,
                            at,
                            format!("unknown segment config function `{name}`"),
                        )
                        .help("did you mean `generate_static_params`? write `pub async fn generate_static_params() -> Vec<Params>`"),
                    );
                }
            }
            syn::Item::Struct(s) if s.ident == "Params" => config.defines_params = true,
            syn::Item::Enum(e) if e.ident == "Params" => config.defines_params = true,
            syn::Item::Type(t) if t.ident == "Params" => config.defines_params = true,
            syn::Item::Use(u) if use_names_params(&u.tree) => config.defines_params = true,
            _ => {}
        }
    }
    config
}

fn use_names_params(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(p) => use_names_params(&p.tree),
        syn::UseTree::Name(n) => n.ident == "Params",
        syn::UseTree::Rename(r) => r.rename == "Params",
        syn::UseTree::Glob(_) => false,
        syn::UseTree::Group(g) => g.items.iter().any(use_names_params),
    }
}

/// The config name `name` was meant to be: same letters ignoring case and `_`
/// (`revalidate`, `dynamicParams`), or at most two edits away (`REVALIDATES`).
fn suggest(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let squash = |s: &str| s.replace('_', "").to_ascii_lowercase();
    let squashed = squash(name);
    known.iter().copied().find(|k| {
        squash(k) == squashed || (squashed.len() >= 5 && edit_distance(&squashed, &squash(k)) <= 2)
    })
}

fn read_const(
    config: &mut SegmentConfig,
    name: &'static str,
    expr: &syn::Expr,
    source: Source<'_>,
    cx: &mut Diagnostics,
) {
    let invalid = |cx: &mut Diagnostics, expected: &str| {
        cx.push(
            Diagnostic::new(
                Code::InvalidSegmentConfig,
                source.at(expr.span()),
                format!("invalid value for segment config `{name}`"),
            )
            .help(format!(
                "write {expected}; values are read at build time, so they must be literals, not expressions"
            )),
        );
    };
    match name {
        "DYNAMIC" => {
            let mode = match variant(expr, "Dynamic").as_deref() {
                Some("Auto") => Some(DynamicMode::Auto),
                Some("ForceDynamic") => Some(DynamicMode::ForceDynamic),
                Some("ForceStatic") => Some(DynamicMode::ForceStatic),
                Some("Error") => Some(DynamicMode::Error),
                _ => match string(expr).as_deref() {
                    Some("auto") => Some(DynamicMode::Auto),
                    Some("force-dynamic") => Some(DynamicMode::ForceDynamic),
                    Some("force-static") => Some(DynamicMode::ForceStatic),
                    Some("error") => Some(DynamicMode::Error),
                    _ => None,
                },
            };
            match mode {
                Some(mode) => config.dynamic = mode,
                None => invalid(
                    cx,
                    "`Dynamic::Auto`, `Dynamic::ForceDynamic`, `Dynamic::ForceStatic` or `Dynamic::Error`",
                ),
            }
        }
        "REVALIDATE" => {
            let value = match expr {
                syn::Expr::Lit(_) => integer(expr).map(Some),
                syn::Expr::Call(call) => match (
                    variant(&call.func, "Revalidate").as_deref(),
                    call.args.first(),
                ) {
                    (Some("Seconds"), Some(arg)) if call.args.len() == 1 => integer(arg).map(Some),
                    _ => None,
                },
                _ => match variant(expr, "Revalidate").as_deref() {
                    Some("Never") => Some(None),
                    _ => None,
                },
            };
            match value {
                Some(v) => config.revalidate = Some(v),
                None => invalid(
                    cx,
                    "`Revalidate::Seconds(60)` (a non-negative whole number of seconds) or `Revalidate::Never`",
                ),
            }
        }
        "DYNAMIC_PARAMS" => match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Bool(b),
                ..
            }) => config.dynamic_params = Some((b.value, source.at(expr.span()))),
            _ => invalid(cx, "`true` or `false`"),
        },
        _ => match integer(expr) {
            Some(seconds) if seconds > 0 => config.max_duration = Some(u64::from(seconds)),
            _ => invalid(cx, "a positive whole number of seconds, such as `10`"),
        },
    }
}

/// `Dynamic::ForceStatic` or `app_router::Dynamic::ForceStatic` → `ForceStatic`.
fn variant(expr: &syn::Expr, ty: &str) -> Option<String> {
    let syn::Expr::Path(p) = expr else {
        return None;
    };
    let segments: Vec<_> = p.path.segments.iter().collect();
    let last = segments.last()?;
    match segments.len() {
        0 | 1 => None,
        n => (segments[n - 2].ident == ty).then(|| last.ident.to_string()),
    }
}

fn string(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

fn integer(expr: &syn::Expr) -> Option<u32> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

/// Extractors that read nothing of the request but its path (the cache key) or the
/// app state. Anything else (headers, cookies, query, body, custom extractors) makes
/// a `GET` request-dependent.
const STATIC_EXTRACTORS: [&str; 4] = ["State", "RouteContext", "Path", "MatchedPath"];

/// The first argument of `handler` that reads the request, with its type's name.
pub(crate) fn request_argument(handler: &Handler) -> Option<(&syn::Type, String)> {
    handler.args.iter().find_map(|ty| {
        let name = match ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        match name {
            Some(n) if STATIC_EXTRACTORS.contains(&n.as_str()) => None,
            Some(n) => Some((ty, n)),
            None => Some((ty, quote::quote!(#ty).to_string())),
        }
    })
}

/// What a file's config means for its `GET`, as Next.js decides it (reference §2.1):
/// cached only when opted in, with no other mutating method, not forced dynamic, and
/// (unless `ForceStatic`) reading nothing of the request. Errors and warnings go to
/// `cx` / `warnings`.
pub(crate) struct Decision<'a> {
    pub(crate) config: &'a SegmentConfig,
    pub(crate) handlers: &'a [Handler],
    /// `Some(span)` of a `cookies()` / `headers()` call in the file.
    pub(crate) reads_context: Option<Span>,
    /// `Some(span)` of the first place the file sets a cookie (see
    /// [`handlers::sets_cookie`](crate::handlers::sets_cookie)).
    pub(crate) sets_cookie: Option<Span>,
    /// `Some(span)` of a `connection()` call in the file.
    pub(crate) connection: Option<Span>,
    pub(crate) has_params: bool,
    pub(crate) cache_components: bool,
    /// Macro input: no file, no URL parameters.
    pub(crate) in_macro: bool,
}

impl Decision<'_> {
    pub(crate) fn plan(
        &self,
        source: Source<'_>,
        whole: &Location,
        cx: &mut Diagnostics,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<CachePlan> {
        let config = self.config;
        let get = self
            .handlers
            .iter()
            .find(|h| matches!(h.method, Some(Method::Get) | None));
        let mutating: Vec<&str> = self
            .handlers
            .iter()
            .filter_map(|h| h.method)
            .filter(|m| !matches!(m, Method::Get | Method::Head))
            .map(Method::as_str)
            .collect();
        let reads = get.and_then(request_argument);

        if self.cache_components {
            for (name, at) in &config.present {
                if matches!(*name, "DYNAMIC" | "REVALIDATE" | "DYNAMIC_PARAMS") {
                    cx.push(
                        Diagnostic::new(
                            Code::ConfigWithCacheComponents,
                            at.clone(),
                            format!("segment config `{name}` is not compatible with Cache Components"),
                        )
                        .help("remove it: with `Routes::cache_components(true)` a `GET` that reads nothing of the request is prerendered automatically; cache data with `#[cache]` functions and `cache_life`"),
                    );
                }
            }
        }

        if config.dynamic == DynamicMode::Error {
            if let Some((ty, name)) = &reads {
                cx.push(
                    Diagnostic::new(
                        Code::StaticReadsRequest,
                        source.at(ty.span()),
                        format!("`GET` reads the request (`{name}`) but the route is `Dynamic::Error`"),
                    )
                    .help("a `Dynamic::Error` route is rendered once, without a request: remove the argument (only `State`, `RouteContext` and `Path` are allowed), or use `Dynamic::ForceStatic` to render it with an empty request"),
                );
            }
            if let Some(span) = self.reads_context {
                cx.push(
                    Diagnostic::new(
                        Code::StaticReadsRequest,
                        source.at(span),
                        "the route calls `cookies()`, `headers()` or `draft_mode()` but is `Dynamic::Error`",
                    )
                    .help("a `Dynamic::Error` route is rendered once, without a request: remove the call, or use `Dynamic::ForceStatic` to render it with empty headers and cookies"),
                );
            }
            if let Some(span) = self.connection {
                cx.push(
                    Diagnostic::new(
                        Code::StaticReadsRequest,
                        source.at(span),
                        "the route awaits `connection()` but is `Dynamic::Error`",
                    )
                    .help("`connection()` makes the `GET` render for every request, which `Dynamic::Error` forbids: remove the call, or the `DYNAMIC` config"),
                );
            }
        }

        if let Some((_, at)) = &config.static_params {
            if self.in_macro {
                cx.push(
                    Diagnostic::new(
                        Code::StaticParamsMisuse,
                        at.clone(),
                        "`generate_static_params` needs a route file with dynamic segments",
                    )
                    .help("move the handlers into `app/<path>/[param]/route.rs`; a `#[route_handlers]` module has no URL parameters"),
                );
            } else if !self.has_params {
                cx.push(
                    Diagnostic::new(
                        Code::StaticParamsMisuse,
                        at.clone(),
                        "`generate_static_params` in a route without dynamic segments",
                    )
                    .help("remove it, or move the file under a `[param]` folder"),
                );
            }
        }
        if let (Some((_, at)), None) = (&config.dynamic_params, &config.static_params) {
            cx.push(
                Diagnostic::new(
                    Code::StaticParamsMisuse,
                    at.clone(),
                    "`DYNAMIC_PARAMS` without `generate_static_params`",
                )
                .help("add `pub async fn generate_static_params() -> Vec<Params>` listing the params to prerender, or remove `DYNAMIC_PARAMS`"),
            );
        }

        let opted_in = matches!(
            config.dynamic,
            DynamicMode::ForceStatic | DynamicMode::Error
        ) || matches!(config.revalidate, Some(None) | Some(Some(1..)))
            || config.static_params.is_some();
        let get = get?;
        let auto = self.cache_components && config.present.is_empty();
        if !(opted_in || auto)
            || config.dynamic == DynamicMode::ForceDynamic
            || config.revalidate == Some(Some(0))
        {
            return None;
        }
        let ignored = |why: String| {
            Diagnostic::new(
                Code::CacheConfigIgnored,
                whole.clone(),
                format!("`GET` is not cached: {why}"),
            )
        };
        if !mutating.is_empty() {
            if opted_in {
                warnings.push(ignored(format!("the file also defines `{}`, and only routes whose methods are all `GET`/`HEAD` are cached (as in Next.js)", mutating.join("`, `")))
                    .help("move the other methods to another route file, or remove the caching config"));
            }
            return None;
        }
        let force_static = config.dynamic == DynamicMode::ForceStatic;
        if !force_static
            && (reads.is_some() || self.reads_context.is_some() || self.connection.is_some())
        {
            if opted_in && config.dynamic != DynamicMode::Error {
                let what = match (reads, self.reads_context) {
                    (Some((_, n)), _) => format!("`{n}`"),
                    (None, Some(_)) => "`cookies()`/`headers()`/`draft_mode()`".to_owned(),
                    (None, None) => "`connection()`".to_owned(),
                };
                warnings.push(ignored(format!("it reads the request ({what}), so it is rendered for every request (as in Next.js)"))
                    .help("use `Dynamic::ForceStatic` to cache it rendered with an empty request, or take only `State`, `RouteContext` and `Path`"));
            }
            return None;
        }
        let _ = get;
        if let Some(span) = self.sets_cookie {
            warnings.push(
                Diagnostic::new(
                    Code::CachedRouteSetsCookie,
                    source.at(span),
                    "this cached `GET` sets a cookie: a response with `Set-Cookie` is served to its requester uncached and never stored, so one visitor's cookie never reaches another",
                )
                .help("set cookies from an uncached route (a `POST`, or `pub const DYNAMIC: Dynamic = Dynamic::ForceDynamic;`), or remove the caching config if every response sets one"),
            );
        }
        Some(CachePlan {
            revalidate: config.revalidate.flatten(),
            force_static,
            static_params: config
                .static_params
                .as_ref()
                .map(|_| config.dynamic_params.as_ref().is_none_or(|(b, _)| *b)),
        })
    }
}
