//! Model → tokens. Total over a checked model: generation never fails.

use std::collections::BTreeMap;
use std::ops::Range;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::diagnostic::Diagnostic;
use crate::emit::{self, Piece, Place};
use crate::model::{
    CachePlan, FileKind, Handler, HandlerText, Meta, Method, Route, Segment, StaticFile, url_of,
};
use crate::segment::field_name;

/// The `MethodRouter` of one route module or file, built by the runtime's
/// `RouteBuilder` (panic guard, then `HEAD`/`OPTIONS`/`405` semantics).
///
/// Input: handlers `GET`, `POST`; `path` = `route::`.
/// Output: `RouteBuilder::new(false, false).handler(Method::GET, route::GET).handler(Method::POST, route::POST).route()`
pub(crate) fn method_router(
    handlers: &[Handler],
    path: &TokenStream,
    dynamic: bool,
    context: bool,
    extras: &Extras,
) -> TokenStream {
    let mut sorted: Vec<&Handler> = handlers.iter().collect();
    sorted.sort_by_key(|h| h.method);
    let mut chain = quote!(::app_router::__private::RouteBuilder::new(#dynamic, #context));
    if let Some(seconds) = extras.max_duration {
        let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
        chain.extend(quote!(.max_duration(#seconds)));
    }
    for h in &sorted {
        let ident = &h.ident;
        let method = h.method.unwrap_or(Method::Get);
        // Spanned on the user's function name: a signature axum cannot call is
        // reported there, as "`GET` is not a valid route handler".
        let call = match &extras.cache {
            Some(policy) if method == Method::Get => {
                quote_spanned!(ident.span()=> .cached(#path #ident, #policy))
            }
            _ => {
                let method = method_const(method);
                quote_spanned!(ident.span()=> .handler(#method, #path #ident))
            }
        };
        chain.extend(call);
    }
    if sorted.iter().any(|h| h.method.is_none()) {
        chain.extend(quote!(.page()));
    } else {
        chain.extend(quote!(.route()));
    }
    chain
}

/// What a route's config adds to its method router.
#[derive(Default)]
pub(crate) struct Extras {
    /// `CachePolicy::new("/x").revalidate(2)...` for a cached `GET`.
    pub(crate) cache: Option<TokenStream>,
    pub(crate) max_duration: Option<u64>,
    /// The segment config items of a `#[route_handlers]` module: read at compile time,
    /// so the module refers to them once to keep `dead_code` quiet.
    pub(crate) config_items: Vec<&'static str>,
}

/// `::app_router::__private::CachePolicy::new("/blog/[slug]").patterns(&["/blog/{slug}"]).revalidate(60)`, plus
/// `.static_params(path::__app_router_static_paths, false)` with static params.
pub(crate) fn cache_policy(
    plan: &CachePlan,
    route: &str,
    patterns: &[String],
    static_paths: &TokenStream,
) -> TokenStream {
    let mut policy = quote!(::app_router::__private::CachePolicy::new(#route));
    if !patterns.is_empty() {
        policy = quote!(#policy.patterns(&[#(#patterns),*]));
    }
    if let Some(seconds) = plan.revalidate {
        let seconds = proc_macro2::Literal::u32_unsuffixed(seconds);
        policy = quote!(#policy.revalidate(#seconds));
    }
    if plan.force_static {
        policy = quote!(#policy.force_static());
    }
    if let Some(dynamic_params) = plan.static_params {
        policy = quote!(#policy.static_params(#static_paths, #dynamic_params));
    }
    policy
}

/// ` revalidate(60) force_static() static_params(blog::param_slug::__app_router_route_static_paths, false)`:
/// the `CachePolicy` options of a cached `GET` in the route table.
/// `not_found_page`: the page's wrapper renders a `not-found.rs` for the params
/// `DYNAMIC_PARAMS = false` refuses.
fn policy_options(plan: &CachePlan, route: &Route, not_found_page: bool) -> String {
    let mut out = String::new();
    if let Some(seconds) = plan.revalidate {
        out.push_str(&format!(" revalidate({seconds})"));
    }
    if plan.force_static {
        out.push_str(" force_static()");
    }
    if let Some(dynamic_params) = plan.static_params {
        let path: Vec<String> = folder_path(route)
            .iter()
            .map(ToString::to_string)
            .chain([static_paths_name(route).to_string()])
            .collect();
        out.push_str(&format!(
            " static_params({}, {dynamic_params})",
            path.join("::")
        ));
        if !dynamic_params && not_found_page {
            out.push_str(" not_found_page()");
        }
    }
    out
}

fn method_const(method: Method) -> TokenStream {
    let name = Ident::new(method.as_str(), Span::call_site());
    quote!(::app_router::http::Method::#name)
}

fn methods_slice(methods: impl Iterator<Item = Option<Method>>) -> TokenStream {
    let mut methods: Vec<Method> = methods.flatten().collect();
    methods.sort();
    let methods = methods.into_iter().map(method_const);
    quote!(&[#(#methods),*])
}

/// `where` bounds that let `router<S>()` accept every handler: `Ty: FromRequestParts<S>`
/// for each type of [`Handler::state_bounds`], deduplicated, spanned on the type.
fn state_bounds<'a>(handlers: impl Iterator<Item = &'a Handler>) -> Vec<&'a syn::Type> {
    let mut seen = std::collections::BTreeSet::new();
    handlers
        .flat_map(Handler::state_bounds)
        .filter(|ty| seen.insert(quote!(#ty).to_string()))
        .collect()
}

/// The items `#[route_handlers]` adds to a module.
///
/// Output: `pub const METHODS`, `pub fn router<S>() where <bounds>` (or, with
/// `state = T`, `pub fn router() -> MethodRouter<T>` plus per-argument checks that put
/// extractor errors on the argument, axum's `debug_handler` technique).
pub(crate) fn macro_items(
    handlers: &[Handler],
    state: Option<&syn::Type>,
    context: bool,
    extras: &Extras,
) -> TokenStream {
    let methods = methods_slice(handlers.iter().map(|h| h.method));
    let body = method_router(handlers, &TokenStream::new(), false, context, extras);
    let used = extras
        .config_items
        .iter()
        .map(|name| Ident::new(name, Span::call_site()));
    let consts = quote! {
        /// The HTTP methods this module defines handlers for (`HEAD` and `OPTIONS` are
        /// also answered automatically, see `router`).
        pub const METHODS: &[::app_router::__private::Method] = #methods;
        // Segment config is read by the macro, not by code.
        const _: () = { #(let _ = #used;)* };
    };
    let doc = quote! {
        /// An axum `MethodRouter` serving this module's handlers with Next.js semantics:
        /// `HEAD` from `GET`, an automatic `OPTIONS` (`204` with `Allow`), `405` with
        /// `Allow` for every other method, and `500` when a handler panics.
    };
    match state {
        None => {
            let bounds = state_bounds(handlers.iter()).into_iter().map(
                |ty| quote_spanned!(ty.span()=> #ty: ::app_router::__private::FromRequestParts<S>),
            );
            quote! {
                #consts
                #doc
                #[allow(private_bounds)]
                pub fn router<S>() -> ::app_router::__private::MethodRouter<S>
                where
                    S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
                    #(#bounds,)*
                {
                    #body
                }
            }
        }
        Some(state) => {
            let checks = handlers.iter().map(|h| extractor_checks(h, state));
            quote! {
                #consts
                #doc
                pub fn router() -> ::app_router::__private::MethodRouter<#state> {
                    #body
                }
                const _: () = {
                    #(#checks)*
                };
            }
        }
    }
}

/// The items of a module whose handlers have errors: the same names, so that a mistake
/// reported by the macro does not also break every caller of `router()`.
pub(crate) fn macro_stub(state: Option<&syn::Type>) -> TokenStream {
    let router = match state {
        None => quote! {
            pub fn router<S>() -> ::app_router::__private::MethodRouter<S>
            where
                S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            {
                ::app_router::__private::MethodRouter::new()
            }
        },
        Some(state) => quote! {
            pub fn router() -> ::app_router::__private::MethodRouter<#state> {
                ::app_router::__private::MethodRouter::new()
            }
        },
    };
    quote! {
        /// The HTTP methods this module defines handlers for.
        pub const METHODS: &[::app_router::__private::Method] = &[];
        /// Unavailable: this module has errors.
        #router
    }
}

/// One uncalled function per argument whose `where` clause rustc checks at the
/// argument's span: `fn check() where bool: FromRequestParts<AppState> {}`.
fn extractor_checks(handler: &Handler, state: &syn::Type) -> TokenStream {
    let last = handler.args.len().saturating_sub(1);
    handler
        .args
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            let check = format_ident!("__app_router_check_{}_{}", handler.ident, i);
            if i < last {
                quote_spanned! {ty.span()=>
                    #[allow(warnings)]
                    fn #check() where #ty: ::app_router::__private::FromRequestParts<#state> {}
                }
            } else {
                let call = format_ident!("__app_router_call_{}_{}", handler.ident, i);
                quote_spanned! {ty.span()=>
                    #[allow(warnings)]
                    fn #check<M>() where #ty: ::app_router::__private::FromRequest<#state, M> {}
                    #[allow(warnings)]
                    fn #call() { #check(); }
                }
            }
        })
        .collect()
}

/// What the router registers for one file: its handlers, and the function generated
/// next to the user's file that they call (for pages with layouts, the not-found page,
/// metadata files).
struct Entry {
    handlers: Vec<Handler>,
    /// A generated handler that calls the user's function, in the folder's module
    /// (beside the file's module, which is the user's file itself).
    wrapper: TokenStream,
    /// The request context of `cookies()`/`headers()` is needed.
    context: bool,
}

/// Everything generation needs about the whole tree.
struct App<'a> {
    layouts: Vec<&'a Route>,
    middleware: Vec<&'a Route>,
    /// Every `not-found.rs`, the root one and those in folders.
    not_founds: Vec<&'a Route>,
}

impl<'a> App<'a> {
    /// The layouts that wrap `route`, outermost first.
    fn layouts_of(&self, route: &Route) -> Vec<&'a Route> {
        let mut layouts: Vec<&Route> = self
            .layouts
            .iter()
            .copied()
            .filter(|l| route.is_below(l))
            .collect();
        layouts.sort_by_key(|l| l.folders.len());
        layouts
    }

    /// The `not-found.rs` a `not_found()` of `page` renders: the deepest at or above
    /// its folder.
    fn not_found_of(&self, page: &Route) -> Option<&'a Route> {
        self.not_founds
            .iter()
            .copied()
            .filter(|n| page.is_below(n))
            .max_by_key(|n| n.folders.len())
    }

    /// The `middleware.rs` files that wrap `route`, outermost first.
    fn middleware_of(&self, route: &Route) -> Vec<&'a Route> {
        let mut found: Vec<&Route> = self
            .middleware
            .iter()
            .copied()
            .filter(|m| route.is_below(m))
            .collect();
        found.sort_by_key(|m| m.folders.len());
        found
    }

    fn entry(&self, route: &Route) -> Entry {
        match route.kind {
            FileKind::Route
            | FileKind::Layout
            | FileKind::Middleware
            | FileKind::Proxy
            | FileKind::Instrumentation => Entry {
                handlers: route.handlers.iter().map(HandlerText::to_handler).collect(),
                wrapper: TokenStream::new(),
                context: route.uses_context,
            },
            FileKind::Page | FileKind::NotFound => {
                let layouts = self.layouts_of(route);
                let boundary = (route.kind == FileKind::Page)
                    .then(|| self.not_found_of(route))
                    .flatten()
                    .map(|not_found| (not_found, self.layouts_of(not_found)));
                if route.kind == FileKind::Page && layouts.is_empty() && boundary.is_none() {
                    return Entry {
                        handlers: route.handlers.iter().map(HandlerText::to_handler).collect(),
                        wrapper: TokenStream::new(),
                        context: route.uses_context,
                    };
                }
                page_wrapper(route, &layouts, boundary)
            }
            FileKind::Metadata(meta) => match &route.static_file {
                Some(file) => static_entry(meta, file),
                None => metadata_wrapper(route, meta),
            },
        }
    }
}

/// The whole generated file for a checked table (routes in priority order).
///
/// Output: one module per folder (`api::users::param_id`), holding `Params` and one
/// module per file (`route`, `page`, `layout`, `sitemap`, ...) that `include!`s the
/// user's file next to its `RouteContext` alias, and `static_files` for embedded
/// files; then `ROUTES`, `router()` and `prerender`.
///
/// The file is generated and formatted in [`Part`]s, on every core (see [`emit`]).
pub(crate) struct Tree<'a> {
    app_dir: &'a str,
    /// The app folder, absolute: the `#[path]` of top-level modules. Nested ones are
    /// relative to their parent, which rustc and rust-analyzer both resolve inside an
    /// `include!`d file only from an absolute start.
    absolute: &'a str,
    routes: &'a [Route],
    app: App<'a>,
    /// The root module first.
    nodes: Vec<Node<'a>>,
    /// The routes served at a URL, in priority order.
    served: Vec<&'a Route>,
    /// The axum paths of each served route, in the same order ([`crate::matcher`]).
    paths: Vec<Vec<String>>,
    not_found: Option<&'a Route>,
    /// Describe handlers for `routes::openapi()`.
    openapi: bool,
}

/// A module of the generated tree: a folder, or the app root.
struct Node<'a> {
    /// The folder name as on disk (empty for the root).
    folder: &'a str,
    /// Its Rust module (empty for the root).
    module: &'a str,
    /// Its subfolders' modules by module name, as indices in [`Tree::nodes`].
    children: Vec<usize>,
    files: Vec<&'a Route>,
    /// The files in it and below it.
    weight: usize,
}

/// A part of the generated file, generated and formatted on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Items of the module of `node`, `depth` modules deep: the items of its own files
    /// (with `files`), then the whole modules of its children in `children`.
    Items {
        node: usize,
        depth: usize,
        files: bool,
        children: Range<usize>,
    },
    /// Opens the module of `node`, `depth` modules deep: a folder too large for one
    /// part, whose items are the next parts.
    Module {
        node: usize,
        depth: usize,
    },
    /// Closes the innermost module.
    Close,
    Prerender,
}

/// Files per part at most, where a folder allows: small enough to spread a large folder
/// over the cores, large enough that per-part costs do not count.
const PART_FILES: usize = 16;

impl<'a> Tree<'a> {
    pub(crate) fn new(routes: &'a [Route], app_dir: &'a str, absolute: &'a str) -> Self {
        let app = App {
            layouts: routes
                .iter()
                .filter(|r| r.kind == FileKind::Layout)
                .collect(),
            middleware: routes
                .iter()
                .filter(|r| r.kind == FileKind::Middleware)
                .collect(),
            not_founds: routes
                .iter()
                .filter(|r| r.kind == FileKind::NotFound)
                .collect(),
        };
        let node = |folder, module| Node {
            folder,
            module,
            children: Vec::new(),
            files: Vec::new(),
            weight: 0,
        };
        let mut nodes = vec![node("", "")];
        let mut children: BTreeMap<(usize, &str), usize> = BTreeMap::new();
        for route in routes {
            let mut at = 0;
            for folder in &route.folders {
                at = *children
                    .entry((at, folder.module.as_str()))
                    .or_insert_with(|| {
                        nodes.push(node(&folder.name, &folder.module));
                        nodes.len() - 1
                    });
            }
            nodes[at].files.push(route);
        }
        // In module-name order.
        for ((parent, _), child) in children {
            nodes[parent].children.push(child);
        }
        // A child comes after its parent.
        for i in (0..nodes.len()).rev() {
            let below: usize = nodes[i].children.iter().map(|&c| nodes[c].weight).sum();
            nodes[i].weight = nodes[i].files.len() + below;
        }
        let served: Vec<&Route> = routes.iter().filter(|r| r.kind.served()).collect();
        Self {
            app_dir,
            absolute,
            routes,
            app,
            nodes,
            paths: crate::matcher::paths(&served),
            served,
            not_found: routes
                .iter()
                .find(|r| r.kind == FileKind::NotFound && r.folders.is_empty()),
            openapi: false,
        }
    }

    /// With the handler descriptions of `routes::openapi()` in the table.
    pub(crate) fn openapi(mut self, on: bool) -> Self {
        self.openapi = on;
        self
    }

    /// The formatted file: the modules (formatted), then the route table (one line
    /// per route, written as text: it is its own layout).
    pub(crate) fn render(&self) -> String {
        let mut file = emit::format(
            &self.parts(),
            |part| self.piece(part),
            || self.whole(),
            self.app_dir,
        );
        file.push_str(&self.table());
        file
    }

    /// The modules and `prerender` as one token stream: what the parts add up to.
    pub(crate) fn whole(&self) -> TokenStream {
        let root = &self.nodes[0];
        let mut items = self.file_items(root);
        items.extend(root.children.iter().map(|&child| self.module(child)));
        let prerender = self.prerender();
        quote! {
            #(#items)*
            #prerender
        }
    }

    /// What the table says of each served route, as data (see [`crate::RouteSummary`]).
    pub(crate) fn summaries(&self) -> Vec<crate::RouteSummary> {
        self.served
            .iter()
            .map(|route| {
                let entry = self.app.entry(route);
                let mut methods: Vec<Method> = entry
                    .handlers
                    .iter()
                    .map(|h| h.method.unwrap_or(Method::Get))
                    .collect();
                methods.sort();
                methods.dedup();
                crate::RouteSummary {
                    path: route.url(),
                    file: route.display.clone(),
                    kind: match route.kind {
                        FileKind::Route => crate::SummaryKind::Route,
                        FileKind::Metadata(_) => crate::SummaryKind::Metadata,
                        _ => crate::SummaryKind::Page,
                    },
                    methods: methods.iter().map(|m| m.as_str()).collect(),
                    middleware: self
                        .app
                        .middleware_of(route)
                        .iter()
                        .map(|m| m.display.clone())
                        .collect(),
                    dynamic: url_has_params(route),
                    rendered_once: matches!(route.kind, FileKind::Metadata(_))
                        && rendered_once(route),
                    cache: route.cache.as_ref().map(|plan| crate::CacheSummary {
                        revalidate: plan.revalidate,
                        force_static: plan.force_static,
                        static_params: plan.static_params.is_some(),
                    }),
                }
            })
            .collect()
    }

    /// `::app_router::__routes! { .. }`: `ROUTES` and `router()` from one line per
    /// served route, in priority order (see the runtime's `__routes!`).
    fn table(&self) -> String {
        let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
        let mut out = format!(
            "::app_router::__routes! {{\n    app {};\n",
            lit(self.app_dir)
        );
        for (route, paths) in self.served.iter().zip(&self.paths) {
            let entry = self.app.entry(route);
            let kind = match route.kind {
                FileKind::Route => "route",
                FileKind::Metadata(_) => "metadata",
                _ => "page",
            };
            let patterns: Vec<String> = paths.iter().map(|p| lit(p)).collect();
            let dynamic = url_has_params(route);
            let module: Vec<String> = handler_path(route, &entry)
                .iter()
                .map(ToString::to_string)
                .collect();
            let mut handlers: Vec<&Handler> = entry.handlers.iter().collect();
            handlers.sort_by_key(|h| h.method);
            let handlers: Vec<String> = handlers
                .iter()
                .map(|h| {
                    let method = h.method.unwrap_or(Method::Get);
                    let mut text = method.as_str().to_owned();
                    if h.ident != method.as_str() {
                        text.push_str(&format!(" = {}", h.ident));
                    }
                    if self.openapi && route.kind == FileKind::Route {
                        // What the OpenAPI document reads.
                        if let Some(arity) = h.typed_arity() {
                            text.push_str(&format!(" args({arity})"));
                        }
                        if !h.docs.is_empty() {
                            text.push_str(&format!(" doc {}", lit(&h.docs)));
                        }
                    }
                    if let (Some(plan), Method::Get) = (&route.cache, method) {
                        text.push_str(" cached");
                        let not_found_page =
                            route.kind == FileKind::Page && self.app.not_found_of(route).is_some();
                        text.push_str(&policy_options(plan, route, not_found_page));
                    }
                    text
                })
                .collect();
            let middleware: Vec<String> = self
                .app
                .middleware_of(route)
                .iter()
                .map(|m| {
                    let form = match m.handlers.first() {
                        Some(h) if h.ident == "layer" => "layer",
                        _ => "function",
                    };
                    let module: Vec<String> =
                        module_path(m).iter().map(ToString::to_string).collect();
                    format!("{} {form} ({})", lit(&m.display), module.join("::"))
                })
                .collect();
            let middleware = if middleware.is_empty() {
                String::new()
            } else {
                format!(" middleware [{}]", middleware.join(", "))
            };
            let once = if matches!(route.kind, FileKind::Metadata(_)) && rendered_once(route) {
                " rendered once"
            } else {
                ""
            };
            out.push_str(&format!(
                "    {kind} {} {} [{}] {} {}{}{middleware}{once} ({}) {{ {} }};\n",
                lit(&route.url()),
                lit(&route.display),
                patterns.join(", "),
                if dynamic { "dynamic" } else { "fixed" },
                if entry.context {
                    "context"
                } else {
                    "no_context"
                },
                route
                    .max_duration
                    .map_or_else(String::new, |s| format!(" max_duration {s}")),
                module.join("::"),
                handlers.join(", "),
            ));
        }
        if let Some(route) = self.not_found {
            let entry = self.app.entry(route);
            let path: Vec<String> = folder_path(route)
                .iter()
                .map(ToString::to_string)
                .chain(["__app_router_not_found".to_owned()])
                .collect();
            out.push_str(&format!(
                "    @not_found ({}) {};\n",
                path.join("::"),
                if entry.context {
                    "context"
                } else {
                    "no_context"
                }
            ));
        }
        if self.openapi {
            out.push_str("    @openapi on;\n");
        }
        if let Some(proxy) = self.routes.iter().find(|r| r.kind == FileKind::Proxy) {
            out.push_str(&format!(
                "    @proxy (proxy) {};\n",
                crate::proxy::tokens(proxy.matcher.as_deref())
            ));
        }
        if let Some(hooks) = self
            .routes
            .iter()
            .find(|r| r.kind == FileKind::Instrumentation)
        {
            let names: Vec<String> = hooks.handlers.iter().map(|h| h.ident.to_string()).collect();
            out.push_str(&format!(
                "    @instrumentation (instrumentation) {};\n",
                names.join(" ")
            ));
        }
        out.push_str("}\n");
        out
    }

    /// The file in order, in parts of about [`PART_FILES`] files.
    pub(crate) fn parts(&self) -> Vec<Part> {
        self.parts_of(PART_FILES)
    }

    /// The file in order, in parts of about `size` files.
    fn parts_of(&self, size: usize) -> Vec<Part> {
        let size = size.max(1);
        let mut parts = Vec::new();
        self.module_parts(0, 0, size, &mut parts);
        parts.push(Part::Prerender);
        parts
    }

    /// The items of `node` in parts of about `size` files: runs of small child modules
    /// whole, large ones split.
    fn module_parts(&self, node: usize, depth: usize, size: usize, parts: &mut Vec<Part>) {
        let here = &self.nodes[node];
        let mut files = !here.files.is_empty();
        let mut start = 0;
        let mut weight = here.files.len();
        for (i, &child) in here.children.iter().enumerate() {
            let files_below = self.nodes[child].weight;
            if files_below > size || weight + files_below > size {
                if files || start < i {
                    let children = start..i;
                    parts.push(Part::Items {
                        node,
                        depth,
                        files,
                        children,
                    });
                }
                (files, start, weight) = (false, i, 0);
            }
            if files_below > size {
                parts.push(Part::Module { node: child, depth });
                self.module_parts(child, depth + 1, size, parts);
                parts.push(Part::Close);
                start = i + 1;
            } else {
                weight += files_below;
            }
        }
        if files || start < here.children.len() {
            let children = start..here.children.len();
            parts.push(Part::Items {
                node,
                depth,
                files,
                children,
            });
        }
    }

    /// The tokens of `part`, and where they stand.
    pub(crate) fn piece(&self, part: &Part) -> Piece {
        match part {
            Part::Items {
                node,
                depth,
                files,
                children,
            } => {
                let here = &self.nodes[*node];
                let mut items = if *files {
                    self.file_items(here)
                } else {
                    Vec::new()
                };
                let modules = here.children[children.clone()].iter();
                items.extend(modules.map(|&child| self.module(child)));
                Piece::Code(Place::Items(*depth), items.into_iter().collect())
            }
            Part::Module { node, depth } => {
                let placeholder = quote!(
                    const _: () = ();
                );
                Piece::Open {
                    place: Place::Items(*depth),
                    container: self.module_around(*node, placeholder.clone()),
                    inner: Place::Items(depth + 1),
                    placeholder,
                }
            }
            Part::Close => Piece::Close,
            Part::Prerender => Piece::Code(Place::Items(0), self.prerender()),
        }
    }

    /// The module of a folder, whole. Its items are moved into it, not copied: a
    /// folder's tokens would otherwise be copied once per folder above it.
    fn module(&self, node: usize) -> TokenStream {
        let here = &self.nodes[node];
        let mut items: TokenStream = self.file_items(here).into_iter().collect();
        items.extend(here.children.iter().map(|&child| self.module(child)));
        self.module_around(node, items)
    }

    /// `/// \`folder/\`` `pub mod folder { #items }`
    fn module_around(&self, node: usize, items: TokenStream) -> TokenStream {
        let here = &self.nodes[node];
        let ident = Ident::new(here.module, Span::call_site());
        let folder = if self.nodes[0].children.contains(&node) {
            format!("{}/{}", self.absolute, here.folder)
        } else {
            here.folder.to_owned()
        };
        let doc = format!(" `{}/`", here.folder);
        let mut module = quote! {
            #[doc = #doc]
            #[path = #folder]
            pub mod #ident
        };
        module.extend([TokenTree::Group(Group::new(Delimiter::Brace, items))]);
        module
    }

    /// The items of a folder's own files: `Params`, a module per code file,
    /// `static_files`.
    fn file_items(&self, node: &Node<'_>) -> Vec<TokenStream> {
        let mut items = Vec::new();
        // `to_path` only where `generate_static_params` needs it: generated code is build time.
        let to_path = node.files.iter().any(|r| r.static_params.is_some());
        if let Some(params) = node.files.first().and_then(|r| params_struct(r, to_path)) {
            items.push(params);
        }
        let mut statics = Vec::new();
        for route in &node.files {
            match &route.static_file {
                Some(file) => statics.push(static_module_items(route, file, &self.app)),
                None => {
                    items.push(file_module(route, self.absolute));
                    items.push(self.app.entry(route).wrapper);
                    items.extend(static_paths_fn(route));
                }
            }
        }
        if !statics.is_empty() {
            items.push(quote! {
                /// The static metadata files of this folder, embedded at build time.
                pub mod static_files {
                    #(#statics)*
                }
            });
        }
        items
    }

    /// `pub async fn prerender(router)`.
    fn prerender(&self) -> TokenStream {
        let mut static_paths = Vec::new();
        let mut param_paths = Vec::new();
        for route in self.routes.iter().filter(|r| r.cache.is_some()) {
            if route.static_params.is_some() {
                let path = folder_path(route);
                let name = static_paths_name(route);
                param_paths.push(quote!(paths.extend(#(#path::)* #name().await);));
            } else if !has_params(route) {
                // The path a request sends: static segments percent-encoded.
                let segments: Vec<&Segment> = route.url_segments().collect();
                static_paths.push(crate::matcher::axum_path(&segments));
            }
        }
        quote! {
            /// Renders every cached `GET` that can be rendered ahead (`Dynamic::ForceStatic`
            /// or `REVALIDATE` routes without parameters, and the params of
            /// `generate_static_params`) into the router's cache, as `next build` does.
            /// Call it on the finished app (state and layers added) before serving, so the
            /// first request is a `HIT`; it fails if a prerender answers an error status.
            pub async fn prerender(
                router: ::app_router::__private::Router,
            ) -> ::core::result::Result<::app_router::__private::Router, ::app_router::cache::PrerenderError> {
                #[allow(unused_mut)]
                let mut paths: ::std::vec::Vec<::std::string::String> =
                    ::std::vec![#(::std::string::String::from(#static_paths)),*];
                #(#param_paths)*
                ::app_router::__private::prerender(router, paths).await
            }
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `api::users::param_id::route`; `static_files::icon_png` for a static file.
fn module_path(route: &Route) -> Vec<Ident> {
    let folders = route.folders.iter().map(|f| ident(&f.module));
    match &route.static_file {
        Some(file) => folders
            .chain([ident("static_files"), static_module(file)])
            .collect(),
        None => folders.chain([ident(&route.module_name())]).collect(),
    }
}

/// `icon1.png` → `icon1_png`, `apple-icon.jpg` → `apple_icon_jpg`.
fn static_module(file: &StaticFile) -> Ident {
    ident(&crate::segment::ident_chars(&file.name))
}

/// `__app_router_page` / `__app_router_not_found`, in the folder's module: extracts
/// what the layouts and the page take (layouts first, outermost first; the last one
/// may read the body), renders the page, wraps it in each layout from the innermost
/// out; the not-found page then answers `404`. The extractors' types are inferred from
/// the user's functions, so nothing of the user's module is named.
/// `boundary`: for a page, the nearest `not-found.rs` and its layouts: a `not_found()`
/// the page returns renders it instead of an empty `404`.
fn page_wrapper(
    route: &Route,
    layouts: &[&Route],
    boundary: Option<(&Route, Vec<&Route>)>,
) -> Entry {
    let depth = route.folders.len();
    let not_found = route.kind == FileKind::NotFound;
    let name = if not_found {
        ident("__app_router_not_found")
    } else {
        ident("__app_router_page")
    };
    let mut names = Vec::new();
    let mut calls = Vec::new();
    for (l, layout) in layouts.iter().enumerate() {
        let Some(handler) = layout.handlers.first() else {
            continue;
        };
        let args: Vec<Ident> = (0..handler.args.len())
            .map(|i| format_ident!("__layout{}_{}", l, i))
            .collect();
        let ups = (0..depth).map(|_| quote!(super));
        let path = module_path(layout);
        calls.push(quote! {
            ::app_router::__private::wrap(__response, |__children| {
                #(#ups::)* #(#path::)* layout(__children #(, #args)*)
            })
            .await
        });
        names.extend(args);
    }
    // Innermost first; the outermost layout's response is the result.
    calls.reverse();
    let outermost = calls.pop().unwrap_or_else(|| quote!(__response));
    let own: Vec<Ident> = (0..route.handlers.first().map_or(0, |h| h.args.len()))
        .map(|i| format_ident!("__arg{}", i))
        .collect();
    names.extend(own.iter().cloned());
    let extract = match names.split_last() {
        Some((last, rest)) => {
            let rest = extractions(rest);
            quote! {
                #rest
                let #last = match ::app_router::__private::extract_last(
                    ::app_router::__private::Request::from_parts(__parts, __body),
                    &__state,
                )
                .await
                {
                    ::core::result::Result::Ok(value) => value,
                    ::core::result::Result::Err(rejection) => return rejection,
                };
            }
        }
        None => TokenStream::new(),
    };
    let module = Ident::new(&route.module_name(), Span::call_site());
    let function = ident(route.kind.function());
    // The nearest `not-found.rs`, called with the page's request head (kept only when
    // it or its layouts take extractors) when the page returns `not_found()`.
    let (head, divert) = match &boundary {
        Some((not_found, nf_layouts)) => {
            let keep = not_found
                .handlers
                .first()
                .is_some_and(|h| !h.args.is_empty())
                || nf_layouts
                    .iter()
                    .any(|l| l.handlers.first().is_some_and(|h| !h.args.is_empty()));
            let ups = (0..depth).map(|_| quote!(super));
            let path = not_found.folders.iter().map(|f| ident(&f.module));
            let call = quote! {
                #(#ups::)* #(#path::)* __app_router_not_found(
                    ::app_router::__private::State(__state),
                    __head.request(),
                )
                .await
            };
            // Params `DYNAMIC_PARAMS = false` refuses: the not-found page, not this one.
            let unlisted = route
                .cache
                .as_ref()
                .is_some_and(|plan| plan.static_params == Some(false))
                .then(|| {
                    quote! {
                        if ::app_router::__private::is_unlisted(&__parts) {
                            return #call;
                        }
                    }
                });
            (
                quote! {
                    let __head = ::app_router::__private::BoundaryHead::new(&__parts, #keep);
                    #unlisted
                },
                quote! {
                    if ::app_router::__private::is_not_found(&__response) {
                        return #call;
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let last = if not_found {
        quote!(::app_router::__private::not_found_status(#outermost))
    } else {
        outermost
    };
    let doc = format!(
        " `{}` inside its layouts, as one axum handler.",
        route.file_name()
    );
    let wrapper = wrapper_fn(
        &doc,
        &name,
        depth,
        quote! {
            #head
            #extract
            let __response = ::app_router::__private::IntoResponse::into_response(
                #module::#function(#(#own),*).await,
            );
            #divert
            #(let __response = #calls;)*
            #last
        },
    );
    Entry {
        handlers: vec![Handler {
            method: None,
            ident: name,
            args: Vec::new(),
            docs: String::new(),
        }],
        wrapper,
        context: route.uses_context
            || layouts.iter().any(|l| l.uses_context)
            || boundary
                .as_ref()
                .is_some_and(|(n, nl)| n.uses_context || nl.iter().any(|l| l.uses_context)),
    }
}

/// `__app_router_<file>` of a metadata code file, in the folder's module: the id from
/// the URL (with `generate_*`), the user's function, the document it returns; rendered
/// once when the function takes nothing but `State`, else per request.
/// A metadata file served from memory after its first render (per id): a static file,
/// or a code file whose function reads nothing of the request (only `State`).
fn rendered_once(route: &Route) -> bool {
    if route.static_file.is_some() {
        return true;
    }
    let handler = route.handlers.first().map(HandlerText::to_handler);
    let args: &[syn::Type] = handler.as_ref().map_or(&[], |h| &h.args);
    let takes_item = route.generate.is_some() && !args.is_empty();
    let extractors = if takes_item { &args[1..] } else { args };
    extractors.iter().all(crate::model::is_state)
}

fn metadata_wrapper(route: &Route, meta: Meta) -> Entry {
    let depth = route.folders.len();
    let module = Ident::new(&route.module_name(), Span::call_site());
    let name = format_ident!("__app_router_{}", route.module_name());
    let function = ident(meta.function());
    let kind = ident(meta.output_kind());
    let kind = quote!(::app_router::__private::kind::#kind);
    let handler = route.handlers.first().map(HandlerText::to_handler);
    let user_args: &[syn::Type] = handler.as_ref().map_or(&[], |h| &h.args);
    let takes_item = route.generate.is_some() && !user_args.is_empty();
    let extractors = if takes_item {
        &user_args[1..]
    } else {
        user_args
    };
    let names: Vec<Ident> = (0..extractors.len())
        .map(|i| format_ident!("__arg{}", i))
        .collect();
    let extract = extractions(&names);
    let is_static = rendered_once(route);
    let item = takes_item.then(|| quote!(__item,));
    let call = quote!(#module::#function(#item #(#names),*).await);
    let (lookup, future, key) = match &route.generate {
        Some(generate) => {
            let suffix = if meta == Meta::Sitemap { ".xml" } else { "" };
            let list = ident(generate.name);
            let list = if generate.is_async {
                quote!(#module::#list().await)
            } else {
                quote!(#module::#list())
            };
            let binding = if takes_item {
                quote!(__item)
            } else {
                quote!(_)
            };
            (
                quote! {
                    let ::core::option::Option::Some(__id) = ::app_router::__private::metadata_id(&__parts.uri, #suffix) else {
                        return ::app_router::__private::id_not_found();
                    };
                },
                quote! {
                    async {
                        let #binding = ::app_router::__private::find_id(#list, &__id)?;
                        ::core::option::Option::Some(#call)
                    }
                },
                quote!(&__id),
            )
        }
        None => (
            TokenStream::new(),
            quote!(async { ::core::option::Option::Some(#call) }),
            quote!(""),
        ),
    };
    let serve = if is_static {
        quote! {
            static __CACHE: ::app_router::__private::MetadataCache = ::app_router::__private::MetadataCache::new();
            __CACHE.serve::<#kind, _>(#key, #future).await
        }
    } else {
        quote!(::app_router::__private::render::<#kind, _>(#future).await)
    };
    let doc = format!(
        " Serves `{}` (rendered {}).",
        route.url(),
        if is_static {
            "once, on the first request"
        } else {
            "per request"
        }
    );
    let wrapper = wrapper_fn(
        &doc,
        &name,
        depth,
        quote! {
            #lookup
            #extract
            #serve
        },
    );
    Entry {
        handlers: vec![Handler {
            method: Some(Method::Get),
            ident: name,
            args: Vec::new(),
            docs: String::new(),
        }],
        wrapper,
        context: route.uses_context,
    }
}

/// `GET` of a static metadata file, embedded in the binary.
fn static_entry(meta: Meta, file: &StaticFile) -> Entry {
    let content_type = meta.content_type(&file.ext);
    Entry {
        handlers: vec![Handler {
            method: Some(Method::Get),
            ident: ident("GET"),
            args: Vec::new(),
            docs: String::new(),
        }],
        wrapper: quote! {
            /// Serves the file with its content type.
            pub async fn GET() -> ::app_router::__private::Response {
                ::app_router::__private::static_file(BYTES, #content_type)
            }
        },
        context: false,
    }
}

/// `pub mod icon_png { pub static BYTES: &[u8] = include_bytes!(..); pub async fn GET() }`
fn static_module_items(route: &Route, file: &StaticFile, app: &App<'_>) -> TokenStream {
    let module = static_module(file);
    let abs = route.abs.to_string_lossy().replace('\\', "/");
    let doc = format!(" `{}`: `{}`", route.display, route.url());
    let alt = file.alt.as_ref().map(|alt| {
        let alt = alt.trim_end();
        quote! {
            /// The alt text, from the `.alt.txt` file beside the image.
            pub const ALT: &str = #alt;
        }
    });
    let wrapper = app.entry(route).wrapper;
    quote! {
        #[doc = #doc]
        #[allow(non_snake_case)]
        pub mod #module {
            /// The file, embedded at build time.
            pub static BYTES: &[u8] = include_bytes!(#abs);
            #alt
            #wrapper
        }
    }
}

/// `pub struct Params { pub id: String }` and its `RouteParams` impl, read by position.
fn params_struct(route: &Route, to_path: bool) -> Option<TokenStream> {
    let mut fields = Vec::new();
    let mut writes = Vec::new();
    for (index, segment) in route.folder_segments().enumerate() {
        let Some(name) = segment.param_name() else {
            if let Segment::Static(s) = segment {
                // Consecutive static segments are pushed as one string.
                let s = crate::matcher::encode_static(s);
                match writes.last_mut() {
                    Some(Write::Static(prefix)) => prefix.push_str(&format!("/{s}")),
                    _ => writes.push(Write::Static(format!("/{s}"))),
                }
            }
            continue;
        };
        let field = crate::model::ident_of(&field_name(name).ok()?);
        let read = match segment {
            Segment::Param(_) => quote!(param),
            Segment::CatchAll(_) => quote!(catch_all),
            _ => quote!(optional_catch_all),
        };
        if to_path {
            let push = quote! {
                path.push('/');
                path.push_str(&::app_router::__private::encode_segment(value));
            };
            writes.push(Write::Tokens(match segment {
                Segment::Param(_) => quote!({ let value = &self.#field; #push }),
                Segment::CatchAll(_) => quote!(for value in &self.#field { #push }),
                _ => quote!(for value in self.#field.iter().flatten() { #push }),
            }));
        }
        let notation = segment.notation();
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        fields.push(quote! { #field: #read #index #name #notation });
    }
    if fields.is_empty() {
        return None;
    }
    let writes = writes.iter().map(|w| match w {
        Write::Static(s) => quote!(path.push_str(#s);),
        Write::Tokens(t) => t.clone(),
    });
    let url = url_of(route.folder_segments());
    let to_path = to_path.then(|| {
        quote! {
            impl Params {
                /// The URL path of these params, each segment percent-encoded.
                pub fn to_path(&self) -> ::std::string::String {
                    let mut path = ::std::string::String::new();
                    #(#writes)*
                    if path.is_empty() {
                        path.push('/');
                    }
                    path
                }
            }
        }
    });
    Some(quote! {
        ::app_router::__params!(#url { #(#fields),* });
        #to_path
    })
}

/// A step of `Params::to_path`.
enum Write {
    Static(String),
    Tokens(TokenStream),
}

/// The URL has parameters (`[id]`, `[...slug]`, a metadata route's generated id):
/// the route's `dynamic` flag in the table, and its summary's.
fn url_has_params(route: &Route) -> bool {
    route.url_segments().any(|s| {
        matches!(
            s,
            Segment::Param(_) | Segment::CatchAll(_) | Segment::OptionalCatchAll(_)
        )
    })
}

fn has_params(route: &Route) -> bool {
    route.folder_segments().any(|s| s.param_name().is_some())
}

/// `pub mod route { pub type RouteContext = ...; include!("/abs/route.rs"); aliases }`,
/// plus the generated function the router calls, if any.
fn file_module(route: &Route, absolute: &str) -> TokenStream {
    let ident = Ident::new(&route.module_name(), Span::call_site());
    // Relative to the folder's module, whose `#[path]` is the folder; absolute at the root.
    let file = if route.folders.is_empty() {
        format!("{absolute}/{}", route.file_name())
    } else {
        route.file_name().to_string()
    };
    let doc = match route.kind {
        FileKind::Layout => format!(" The layout of `{}`.", route.url()),
        FileKind::NotFound => " The `404` page.".to_owned(),
        _ => format!(" `{}`", route.url()),
    };
    quote! {
        #[doc = #doc]
        #[path = #file]
        pub mod #ident;
    }
}

/// `__app_router_route_static_paths()`: the URL paths of `generate_static_params`, for
/// prerendering and `DYNAMIC_PARAMS = false`.
fn static_paths_fn(route: &Route) -> Option<TokenStream> {
    let (is_async, _) = route.static_params?;
    let module = Ident::new(&route.module_name(), Span::call_site());
    let name = static_paths_name(route);
    let call = if is_async {
        quote!(#module::generate_static_params().await)
    } else {
        quote!(#module::generate_static_params())
    };
    Some(quote! {
        #[doc(hidden)]
        pub fn #name() -> ::core::pin::Pin<::std::boxed::Box<
            dyn ::core::future::Future<Output = ::std::vec::Vec<::std::string::String>> + ::core::marker::Send,
        >> {
            ::std::boxed::Box::pin(async {
                ::core::iter::IntoIterator::into_iter(#call)
                    .map(|params: Params| params.to_path())
                    .collect()
            })
        }
    })
}

fn static_paths_name(route: &Route) -> Ident {
    format_ident!("__app_router_{}_static_paths", route.module_name())
}

/// The module path of the folder of `route`: where its wrapper and static paths live.
fn folder_path(route: &Route) -> Vec<Ident> {
    route.folders.iter().map(|f| ident(&f.module)).collect()
}

/// `super::super::State`: the router's state type, from a folder `depth` modules deep.
fn state_type(depth: usize) -> TokenStream {
    let ups = (0..depth).map(|_| quote!(super));
    quote!(#(#ups::)* State)
}

/// A generated handler in a folder `depth` modules deep: the router's state as
/// `__state`, the request split into `__parts` and `__body`, then `body`.
fn wrapper_fn(doc: &str, name: &Ident, depth: usize, body: TokenStream) -> TokenStream {
    let state = state_type(depth);
    quote! {
        #[doc = #doc]
        #[allow(unused_variables, unused_mut)]
        pub async fn #name(
            ::app_router::__private::State(__state): ::app_router::__private::State<#state>,
            __request: ::app_router::__private::Request,
        ) -> ::app_router::__private::Response {
            let (mut __parts, __body) = __request.into_parts();
            #body
        }
    }
}

/// `let __x = match extract(&mut __parts, &__state).await { .. };` for each name: the
/// extractor's type is inferred from the user's function the value is passed to.
fn extractions(names: &[Ident]) -> TokenStream {
    names
        .iter()
        .map(|name| {
            quote! {
                let #name = match ::app_router::__private::extract(&mut __parts, &__state).await {
                    ::core::result::Result::Ok(value) => value,
                    ::core::result::Result::Err(rejection) => return rejection,
                };
            }
        })
        .collect()
}

/// The file the build script writes when the tree has problems (fail soft, as a proc
/// macro emits its fallback next to `compile_error!`): a `compile_error!` per problem,
/// so the build fails with every code; the module of every route file that parses,
/// with its typed `RouteContext`, so rustc keeps checking handler bodies and the editor
/// keeps the files linked; and an empty `router()`, `ROUTES` and `prerender()`, so the
/// user's `main.rs` adds no errors of its own.
pub(crate) fn fallback(
    routes: &[Route],
    errors: &[Diagnostic],
    app_dir: &str,
    absolute: &str,
) -> String {
    #[derive(Default)]
    struct Module<'a> {
        /// By module name: the folder's name on disk and its module.
        children: BTreeMap<&'a str, (&'a str, Module<'a>)>,
        files: Vec<&'a Route>,
    }
    fn items(module: &Module<'_>, absolute: &str, top: bool) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(params) = module.files.first().and_then(|r| params_struct(r, false)) {
            out.extend(params);
        }
        let mut seen = std::collections::BTreeSet::new();
        for route in &module.files {
            // Two folders with one module name (AR110) must not make two modules.
            if route.unreadable || route.static_file.is_some() || !seen.insert(route.module_name())
            {
                continue;
            }
            out.extend(file_module(route, absolute));
        }
        for (name, (folder, child)) in &module.children {
            let ident = ident(name);
            let inner = items(child, absolute, false);
            let folder = if top {
                format!("{absolute}/{folder}")
            } else {
                (*folder).to_owned()
            };
            let doc = format!(" `{folder}/`");
            out.extend(quote!(#[doc = #doc] #[path = #folder] pub mod #ident { #inner }));
        }
        out
    }
    let mut root = Module::default();
    for route in routes {
        let mut at = &mut root;
        for folder in &route.folders {
            at = &mut at
                .children
                .entry(folder.module.as_str())
                .or_insert_with(|| (folder.name.as_str(), Module::default()))
                .1;
        }
        at.files.push(route);
    }
    let tree = items(&root, absolute, true);
    let mut problems: Vec<TokenStream> = errors
        .iter()
        .map(|error| {
            // rustc prints `error: ` before it: `error: [AR103] different ...`.
            let text = error.to_string();
            let text = match text.strip_prefix("error").and_then(|t| t.split_once("]: ")) {
                Some((code, rest)) => format!("{code}] {}", rest.trim_end()),
                None => text.trim_end().to_owned(),
            };
            quote!(::core::compile_error!(#text);)
        })
        .collect();
    let n = errors.len();
    let summary = format!(
        "could not generate routes from `{app_dir}/` because of {n} problem{} (listed above); the route files are still compiled, so their own errors are reported too",
        if n == 1 { "" } else { "s" }
    );
    problems.push(quote!(::core::compile_error!(#summary);));
    let file = quote! {
        #(#problems)*
        #tree
        /// Empty: the app folder has errors (see the `compile_error!`s above).
        pub static ROUTES: &[::app_router::RouteInfo] = &[];
        /// Any: the app folder has errors, and links are not checked against it.
        pub const ROUTE_PATHS: &[&str] = ::app_router::__private::ANY_ROUTE;
        /// Empty: the app folder has errors (see the `compile_error!`s above).
        pub fn router() -> ::app_router::__private::Router<State> {
            ::app_router::__private::Router::new()
        }
        /// Does nothing: the app folder has errors.
        pub async fn prerender(
            router: ::app_router::__private::Router,
        ) -> ::core::result::Result<::app_router::__private::Router, ::app_router::cache::PrerenderError> {
            ::core::result::Result::Ok(router)
        }
    };
    let body = match syn::parse2::<syn::File>(file.clone()) {
        Ok(parsed) => prettyplease::unparse(&parsed),
        Err(_) => file.to_string(),
    };
    let note = ", which has errors: a fallback that keeps the route files compiling";
    format!("{}{body}", emit::header(app_dir, note))
}

/// Where the handlers of `route`'s entry are: its wrapper in the folder's module, or
/// the functions of the user's file (or of a static file's module).
fn handler_path(route: &Route, entry: &Entry) -> Vec<Ident> {
    if entry.wrapper.is_empty() || route.static_file.is_some() {
        module_path(route)
    } else {
        folder_path(route)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Every test app of the workspace, with layouts, metadata files, caching and state.
    const APPS: [&str; 5] = [
        "tests/fixtures/all-segments/app",
        "tests/fixtures/metadata/app",
        "../tests/app",
        "../tests/meta-app",
        "../tests/cache-app",
    ];

    #[test]
    fn parts_print_as_the_whole_file() {
        for app in APPS {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(app);
            if !root.is_dir() {
                continue;
            }
            let (routes, _) = crate::analyze(&root, "app", false).into_result().unwrap();
            let tree = Tree::new(&routes, "app", "/app");
            let whole = emit::format_whole(tree.whole());
            for size in [1, 2, 3, 5, PART_FILES, usize::MAX] {
                let parts = tree.parts_of(size);
                let printed = emit::format_parts(&parts, |part| tree.piece(part));
                assert!(
                    printed.is_some(),
                    "{app}, parts of {size}: a part did not print alone"
                );
                assert!(
                    printed.as_deref() == Some(whole.as_str()),
                    "{app}, parts of {size}: the parts differ from the whole file"
                );
            }
        }
    }
}
