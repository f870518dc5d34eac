//! Handler functions of a route module or file: which functions are handlers, and
//! whether their signatures are ones the generated router can call. Shared by the
//! macro and the build script.

use proc_macro2::{Ident, Span};
use syn::spanned::Spanned;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::model::{FileKind, Generate, Handler, Meta, Method};

/// Where the items come from: macro input (spans) or a file (`span-locations`).
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    /// `Some(path)` for a file parsed by the build script.
    pub(crate) file: Option<&'a str>,
    pub(crate) kind: FileKind,
}

impl Source<'_> {
    pub(crate) fn at(&self, span: Span) -> Location {
        Location::of_span(span, self.file)
    }
}

/// The handlers among `items`; problems go to `cx`. `whole` locates the module or
/// file itself, for "no handler at all".
pub(crate) fn analyze(
    items: &[syn::Item],
    source: Source<'_>,
    whole: Location,
    cx: &mut Diagnostics,
) -> Vec<Handler> {
    let before = cx.len();
    let mut handlers = Vec::new();
    for item in items {
        let syn::Item::Fn(f) = item else { continue };
        let name = f.sig.ident.to_string();
        match source.kind {
            FileKind::Route => {
                if let Some(method) = Method::from_name(&name) {
                    if check_signature(f, &name, source, cx) {
                        handlers.push(handler(f, Some(method)));
                    }
                } else if let Some(method) = near_miss(&name) {
                    cx.push(
                        Diagnostic::new(
                            Code::MisnamedHandler,
                            source.at(f.sig.ident.span()),
                            format!("handler `{name}` must be named `{}`", method.as_str()),
                        )
                        .help(format!(
                            "route handlers are named after their HTTP method in upper case: `pub async fn {}(...)`",
                            method.as_str()
                        )),
                    );
                }
            }
            FileKind::Middleware | FileKind::Proxy | FileKind::Instrumentation => {
                if let Some(found) = wrapper_function(f, &name, source, cx) {
                    handlers.push(found);
                } else if source.kind == FileKind::Instrumentation
                    && let Some(expected) = ["register", "on_request_error"]
                        .into_iter()
                        .find(|e| *e != name && loose(&name) == loose(e))
                {
                    cx.push(
                        Diagnostic::new(
                            Code::MisnamedHandler,
                            source.at(f.sig.ident.span()),
                            format!("instrumentation function `{name}` must be named `{expected}`"),
                        )
                        .help(format!(
                            "`instrumentation.rs` defines `pub async fn {expected}(...)`, in snake case"
                        )),
                    );
                }
            }
            kind => {
                let expected = kind.function();
                if name == expected {
                    if check_signature(f, &name, source, cx) {
                        let mut handler = handler(f, None);
                        if kind == FileKind::Layout && !take_children(f, &mut handler, source, cx) {
                            continue;
                        }
                        handlers.push(handler);
                    }
                } else if loose(&name) == loose(expected) {
                    cx.push(
                        Diagnostic::new(
                            Code::MisnamedHandler,
                            source.at(f.sig.ident.span()),
                            format!("{expected} function `{name}` must be named `{expected}`"),
                        )
                        .help(match kind {
                            FileKind::Page => {
                                "a page is served by `pub async fn page(...)`".to_owned()
                            }
                            _ => format!(
                                "`{}` defines `pub async fn {expected}(...)`",
                                file_of(kind)
                            ),
                        }),
                    );
                }
            }
        }
    }
    if source.kind == FileKind::Middleware && handlers.len() > 1 {
        let second = &handlers[1];
        cx.push(
            Diagnostic::new(
                Code::MiddlewareBothForms,
                source.at(second.ident.span()),
                "`middleware.rs` defines both `middleware` and `layer`",
            )
            .help("keep one: a folder has one middleware; put the other in a `middleware.rs` of a parent or child folder, or combine layers with `tower::ServiceBuilder` in `layer()`"),
        );
    }
    if handlers.is_empty() && cx.len() == before {
        let diagnostic = match (source.kind, source.file) {
            (FileKind::Route, None) => Diagnostic::new(
                Code::NoHandler,
                whole,
                "route module has no handler",
            )
            .help("add a function named after an HTTP method: `pub async fn GET() -> impl IntoResponse { ... }`; the methods are GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS"),
            (FileKind::Route, Some(_)) => Diagnostic::new(
                Code::NoHandler,
                whole,
                "route file has no handler",
            )
            .help("add a function named after an HTTP method: `pub async fn GET() -> impl IntoResponse { ... }`; the methods are GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS"),
            (FileKind::Page, _) => Diagnostic::new(
                Code::NoHandler,
                whole,
                "page file has no `page` function",
            )
            .help("add `pub async fn page() -> impl IntoResponse { Html(\"...\") }`"),
            (FileKind::Instrumentation, _) => Diagnostic::new(
                Code::NoHandler,
                whole,
                "`instrumentation.rs` has neither a `register` nor an `on_request_error` function",
            )
            .help("add `pub async fn register() { ... }` (runs once before the first request), or `pub async fn on_request_error(error: RequestError, request: ErrorRequest, context: ErrorContext) { ... }` (with `use app_router::instrumentation::*;`)"),
            (FileKind::Middleware, _) => Diagnostic::new(
                Code::NoHandler,
                whole,
                "`middleware.rs` has neither a `middleware` nor a `layer` function",
            )
            .help("add `pub async fn middleware(request: Request, next: Next) -> Response { next.run(request).await }`, or `pub fn layer() -> impl Layer` returning a tower layer (`tower_http::cors::CorsLayer::permissive()`)"),
            (kind, _) => Diagnostic::new(
                Code::NoHandler,
                whole,
                format!("`{}` has no `{}` function", file_of(kind), kind.function()),
            )
            .help(format!("add `{}`", example_function(kind))),
        };
        cx.push(diagnostic);
    }
    handlers
}

/// AR009: in a file whose folder has URL parameters, a handler argument typed with the
/// bare `RouteContext` of the prelude (whose `params` are empty) while the file does
/// not import its folder's typed one (`use super::RouteContext;`).
pub(crate) fn check_typed_context(
    handlers: &[Handler],
    items: &[syn::Item],
    source: Source<'_>,
    cx: &mut Diagnostics,
) {
    if items.iter().any(|item| match item {
        syn::Item::Use(u) => imports_from_super(&u.tree, false),
        _ => false,
    }) {
        return;
    }
    for handler in handlers {
        for ty in &handler.args {
            let syn::Type::Path(path) = ty else { continue };
            let bare = path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && path.path.segments[0].ident == "RouteContext"
                && path.path.segments[0].arguments.is_none();
            if bare {
                cx.push(
                    Diagnostic::new(
                        Code::UntypedContext,
                        source.at(ty.span()),
                        format!(
                            "`{}` takes the prelude's `RouteContext`, whose `params` are empty, but this route has URL parameters",
                            handler.ident
                        ),
                    )
                    .help("add this line to the file's imports to take the route's typed context (`ctx.params.<name>`): `use super::RouteContext;`"),
                );
            }
        }
    }
}

/// Whether a `use` tree imports `RouteContext` (or everything) from `super`.
fn imports_from_super(tree: &syn::UseTree, under_super: bool) -> bool {
    match tree {
        syn::UseTree::Path(p) => {
            (p.ident == "super" || under_super) && imports_from_super(&p.tree, p.ident == "super")
        }
        syn::UseTree::Name(n) => under_super && n.ident == "RouteContext",
        syn::UseTree::Rename(r) => under_super && r.rename == "RouteContext",
        syn::UseTree::Glob(_) => under_super,
        syn::UseTree::Group(g) => g.items.iter().any(|t| imports_from_super(t, under_super)),
    }
}

/// How a module's code uses the request through the runtime's request context.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RequestUse {
    /// The first call of `cookies()`, `headers()` or `draft_mode()` as a free function
    /// (not a method): the route needs the request context, and reads the request.
    pub(crate) reads_context: Option<Span>,
    /// The first place it sets a cookie: `cookies()?.set(..)` / `.delete(..)` (the
    /// request context, or `NextResponse::cookies()`), `SET_COOKIE`, or a
    /// `"set-cookie"` literal. Syntax, not types: a helper in another file that sets
    /// one is not seen (the runtime never stores such a response either way).
    pub(crate) sets_cookie: Option<Span>,
    /// The first call of `connection()` (Next.js `await connection()`): the `GET` is
    /// rendered per request, though it reads nothing of the request itself.
    pub(crate) connection: Option<Span>,
    /// The first call of `after(..)`: the request context must be installed (for the
    /// work it registers), though the request is not read.
    pub(crate) after: Option<Span>,
}

impl RequestUse {
    /// Where the file first needs the request context: `cookies()`, `headers()` or
    /// `after(..)`.
    pub(crate) fn needs_context(&self) -> Option<Span> {
        self.reads_context.or(self.after)
    }
}

/// [`RequestUse`] of `items`, walking their syntax tree (and the tokens of macro
/// invocations, which syn leaves unparsed: `json!({ "a": cookies()?.get("a") })`).
pub(crate) fn request_use(items: &[syn::Item]) -> RequestUse {
    let mut visitor = RequestVisitor::default();
    for item in items {
        syn::visit::Visit::visit_item(&mut visitor, item);
    }
    visitor.0
}

#[derive(Default)]
struct RequestVisitor(RequestUse);

impl<'ast> syn::visit::Visit<'ast> for RequestVisitor {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if self.0.reads_context.is_none()
            && call.args.is_empty()
            && let Some(name) = last_segment(&call.func)
            && (name == "cookies" || name == "headers" || name == "draft_mode")
        {
            self.0.reads_context = Some(name.span());
        }
        if self.0.after.is_none()
            && call.args.len() == 1
            && let Some(name) = last_segment(&call.func)
            && name == "after"
        {
            self.0.after = Some(name.span());
        }
        if self.0.connection.is_none()
            && call.args.is_empty()
            && let Some(name) = last_segment(&call.func)
            && name == "connection"
        {
            self.0.connection = Some(name.span());
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.0.sets_cookie.is_none()
            && (call.method == "set" || call.method == "delete")
            && let Some(span) = cookie_jar(&call.receiver)
        {
            self.0.sets_cookie = Some(span);
        }
        if self.0.sets_cookie.is_none()
            && (call.method == "enable" || call.method == "disable")
            && let Some(span) = draft_mode_call(&call.receiver)
        {
            self.0.sets_cookie = Some(span);
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if self.0.sets_cookie.is_none()
            && let Some(last) = path.segments.last()
            && last.ident == "SET_COOKIE"
        {
            self.0.sets_cookie = Some(last.ident.span());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        if self.0.sets_cookie.is_none() && lit.value().eq_ignore_ascii_case("set-cookie") {
            self.0.sets_cookie = Some(lit.span());
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.0.reads_context = self
            .0
            .reads_context
            .or_else(|| calls_request_context(mac.tokens.clone()));
        self.0.sets_cookie = self
            .0
            .sets_cookie
            .or_else(|| sets_cookie(mac.tokens.clone()));
    }
}

/// `cookies` of `cookies()` or `app_router::cookies()`.
fn last_segment(expr: &syn::Expr) -> Option<&Ident> {
    match expr {
        syn::Expr::Path(path) => path.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// The `draft_mode` of a receiver `draft_mode()?` / `draft_mode()`.
fn draft_mode_call(receiver: &syn::Expr) -> Option<Span> {
    match receiver {
        syn::Expr::Try(inner) => draft_mode_call(&inner.expr),
        syn::Expr::Paren(inner) => draft_mode_call(&inner.expr),
        syn::Expr::Call(call) if call.args.is_empty() => last_segment(&call.func)
            .filter(|name| *name == "draft_mode")
            .map(Ident::span),
        _ => None,
    }
}

/// The `cookies` of a receiver that is a cookie jar: `cookies()?`, `cookies()`,
/// `response.cookies()`.
fn cookie_jar(receiver: &syn::Expr) -> Option<Span> {
    match receiver {
        syn::Expr::Try(inner) => cookie_jar(&inner.expr),
        syn::Expr::Paren(inner) => cookie_jar(&inner.expr),
        syn::Expr::Call(call) if call.args.is_empty() => last_segment(&call.func)
            .filter(|name| *name == "cookies")
            .map(Ident::span),
        syn::Expr::MethodCall(call) if call.args.is_empty() && call.method == "cookies" => {
            Some(call.method.span())
        }
        _ => None,
    }
}

/// The first call of `cookies()` or `headers()` as a free function (not a method) in
/// `tokens`: the fallback for code syn does not parse (macro bodies, a `src/` file).
pub(crate) fn calls_request_context(tokens: proc_macro2::TokenStream) -> Option<Span> {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    trees.iter().enumerate().find_map(|(i, tree)| match tree {
        TokenTree::Ident(ident) if ident == "cookies" || ident == "headers" || ident == "draft_mode" => {
            let call = matches!(trees.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty());
            let method = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
            (call && !method).then(|| ident.span())
        }
        TokenTree::Group(group) => calls_request_context(group.stream()),
        _ => None,
    })
}

/// [`RequestUse::sets_cookie`] in tokens: the fallback for macro bodies.
fn sets_cookie(tokens: proc_macro2::TokenStream) -> Option<Span> {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let punct =
        |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    trees.iter().enumerate().find_map(|(i, tree)| match tree {
        TokenTree::Ident(ident) if ident == "SET_COOKIE" => Some(ident.span()),
        TokenTree::Ident(ident) if ident == "cookies" || ident == "draft_mode" => {
            let call = matches!(trees.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty());
            let mut at = i + 2;
            if punct(at, '?') {
                at += 1;
            }
            let methods: &[&str] = if ident == "cookies" {
                &["set", "delete"]
            } else {
                &["enable", "disable"]
            };
            let set = punct(at, '.')
                && matches!(trees.get(at + 1), Some(TokenTree::Ident(m)) if methods.iter().any(|x| m == x));
            (call && set).then(|| ident.span())
        }
        TokenTree::Literal(literal) => literal
            .to_string()
            .eq_ignore_ascii_case("\"set-cookie\"")
            .then(|| literal.span()),
        TokenTree::Group(group) => sets_cookie(group.stream()),
        _ => None,
    })
}

/// `not-found.rs`, `opengraph-image.rs`: the file that defines `kind`'s function.
fn file_of(kind: FileKind) -> String {
    match kind {
        FileKind::Route => "route.rs".to_owned(),
        FileKind::Page => "page.rs".to_owned(),
        FileKind::Layout => "layout.rs".to_owned(),
        FileKind::NotFound => "not-found.rs".to_owned(),
        FileKind::Metadata(meta) => format!("{}.rs", meta.base()),
        FileKind::Middleware => "middleware.rs".to_owned(),
        FileKind::Proxy => "proxy.rs".to_owned(),
        FileKind::Instrumentation => "instrumentation.rs".to_owned(),
    }
}

/// A valid function for the file of `kind`, for the help of "has no function".
fn example_function(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Layout => {
            "pub async fn layout(children: Children) -> impl IntoResponse { Html(format!(\"<body>{children}</body>\")) }"
        }
        FileKind::NotFound => {
            "pub async fn not_found() -> impl IntoResponse { Html(\"<h1>Not found</h1>\") }"
        }
        FileKind::Metadata(Meta::Sitemap) => {
            "pub async fn sitemap() -> Sitemap { vec![SitemapEntry::new(\"https://example.com\")] }"
        }
        FileKind::Metadata(Meta::Robots) => {
            "pub async fn robots() -> Robots { Robots::new().rule(RobotsRule::new().allow(\"/\")) }"
        }
        FileKind::Metadata(Meta::Manifest) => {
            "pub async fn manifest() -> Manifest { Manifest { name: Some(\"App\".into()), ..Default::default() } }"
        }
        FileKind::Metadata(Meta::AppleIcon) => {
            "pub async fn apple_icon() -> Image { Image::png(bytes) }"
        }
        FileKind::Metadata(Meta::OpenGraphImage) => {
            "pub async fn opengraph_image() -> Image { Image::png(bytes) }"
        }
        FileKind::Metadata(Meta::TwitterImage) => {
            "pub async fn twitter_image() -> Image { Image::png(bytes) }"
        }
        FileKind::Metadata(_) => "pub async fn icon() -> Image { Image::png(bytes) }",
        FileKind::Middleware => {
            "pub async fn middleware(request: Request, next: Next) -> Response { next.run(request).await }"
        }
        FileKind::Proxy => {
            "pub async fn proxy(request: NextRequest) -> NextResponse { NextResponse::next() }"
        }
        FileKind::Instrumentation => "pub async fn register() {}",
        FileKind::Route | FileKind::Page => {
            "pub async fn page() -> impl IntoResponse { Html(\"...\") }"
        }
    }
}

/// `notFound`, `not_found`, `NotFound` all read `notfound`.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The `middleware` or `layer` function of a `middleware.rs`, or the `proxy` of
/// `proxy.rs`, if `f` is one; problems with its signature go to `cx` (AR402 for the
/// shapes only these functions have).
fn wrapper_function(
    f: &syn::ItemFn,
    name: &str,
    source: Source<'_>,
    cx: &mut Diagnostics,
) -> Option<Handler> {
    let sig = &f.sig;
    let inputs_at = |cx: &mut Diagnostics, message: &str, help: &str| {
        let span = if sig.inputs.is_empty() {
            sig.ident.span()
        } else {
            sig.inputs.span()
        };
        cx.push(
            Diagnostic::new(Code::MiddlewareSignature, source.at(span), message)
                .help(help.to_owned()),
        );
    };
    let instrumentation_at = |cx: &mut Diagnostics, message: &str, help: &str| {
        let span = if sig.inputs.is_empty() {
            sig.ident.span()
        } else {
            sig.inputs.span()
        };
        cx.push(
            Diagnostic::new(Code::InstrumentationSignature, source.at(span), message)
                .help(help.to_owned()),
        );
    };
    match (source.kind, name) {
        (FileKind::Middleware, "middleware") => {
            let mut ok = check_signature(f, name, source, cx);
            let last_is_next = sig.inputs.last().is_some_and(|arg| match arg {
                syn::FnArg::Typed(t) => matches!(&*t.ty, syn::Type::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "Next")),
                syn::FnArg::Receiver(_) => false,
            });
            if sig.inputs.len() < 2 || !last_is_next {
                inputs_at(
                    cx,
                    "`middleware` takes the request and then `next: Next`",
                    "write `pub async fn middleware(request: Request, next: Next) -> Response`, as for axum's `middleware::from_fn`; extractors (`State<T>`, `HeaderMap`, ...) may come before `request`, and `next.run(request).await` runs the route",
                );
                ok = false;
            }
            ok.then(|| handler(f, None))
        }
        (FileKind::Middleware, "layer") => {
            let before = cx.len();
            if sig.asyncness.is_some() {
                cx.push(
                    Diagnostic::new(
                        Code::MiddlewareSignature,
                        source.at(sig.ident.span()),
                        "`layer` must not be `async`",
                    )
                    .help("write `pub fn layer() -> impl Layer`: it returns the tower layer once, when the router is built"),
                );
            }
            if !sig.inputs.is_empty() {
                inputs_at(
                    cx,
                    "`layer` takes no arguments",
                    "write `pub fn layer() -> CorsLayer` (any tower layer); read configuration inside it, or use a `middleware` function to read the app state",
                );
            }
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                cx.push(
                    Diagnostic::new(
                        Code::HandlerNotPub,
                        source.at(sig.ident.span()),
                        "`layer` must be `pub`",
                    )
                    .help("write `pub fn layer() -> ...`: the generated router calls it from outside this module"),
                );
            }
            if let Some(param) = sig.generics.params.first() {
                cx.push(
                    Diagnostic::new(
                        Code::HandlerGeneric,
                        source.at(param.span()),
                        "`layer` cannot be generic",
                    )
                    .help("return one concrete layer type, or `impl Layer<Route> + Clone + Send + Sync + 'static`"),
                );
            }
            (cx.len() == before).then(|| handler(f, None))
        }
        (FileKind::Instrumentation, "register") => {
            let mut ok = check_signature(f, name, source, cx);
            if !sig.inputs.is_empty() {
                instrumentation_at(
                    cx,
                    "`register` takes no arguments",
                    "write `pub async fn register() { ... }`",
                );
                ok = false;
            }
            ok.then(|| handler(f, None))
        }
        (FileKind::Instrumentation, "on_request_error") => {
            let mut ok = check_signature(f, name, source, cx);
            if sig.inputs.len() != 3 {
                instrumentation_at(
                    cx,
                    "`on_request_error` takes three arguments: the error, the request and the context",
                    "write `pub async fn on_request_error(error: RequestError, request: ErrorRequest, context: ErrorContext)` with `use app_router::instrumentation::{ErrorContext, ErrorRequest, RequestError};`",
                );
                ok = false;
            }
            ok.then(|| handler(f, None))
        }
        (FileKind::Proxy, "proxy") => {
            let mut ok = check_signature(f, name, source, cx);
            if sig.inputs.len() != 1 {
                inputs_at(
                    cx,
                    "`proxy` takes one argument, the request",
                    "write `pub async fn proxy(request: NextRequest) -> NextResponse`",
                );
                ok = false;
            }
            ok.then(|| handler(f, None))
        }
        _ => None,
    }
}

/// A layout's first argument is the HTML it wraps: `children: Children`. Removes it
/// from the handler's extractors; records AR305 and returns `false` when it is missing.
fn take_children(
    f: &syn::ItemFn,
    handler: &mut Handler,
    source: Source<'_>,
    cx: &mut Diagnostics,
) -> bool {
    let first = f.sig.inputs.first();
    let is_children = match first {
        Some(syn::FnArg::Typed(t)) => match &*t.ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Children"),
            _ => false,
        },
        _ => false,
    };
    if is_children {
        handler.args.remove(0);
        return true;
    }
    let span = first.map_or_else(|| f.sig.ident.span(), Spanned::span);
    cx.push(
        Diagnostic::new(
            Code::LayoutWithoutChildren,
            source.at(span),
            "the first argument of `layout` must be `children: Children`",
        )
        .help("a layout wraps the HTML of the page below it: `pub async fn layout(children: Children, <extractors>) -> impl IntoResponse`, with `use app_router::prelude::*;`"),
    );
    false
}

/// The `generate_sitemaps` / `generate_image_metadata` function of a metadata file.
pub(crate) fn generate_function(items: &[syn::Item], meta: Meta) -> Option<Generate> {
    let name = meta.generate_function()?;
    items.iter().find_map(|item| match item {
        syn::Item::Fn(f) if f.sig.ident == name => Some(Generate {
            name,
            is_async: f.sig.asyncness.is_some(),
        }),
        _ => None,
    })
}

fn handler(f: &syn::ItemFn, method: Option<Method>) -> Handler {
    let args = f
        .sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(t) => Some((*t.ty).clone()),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let docs: Vec<String> = f
        .attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_owned()
        })
        .collect();
    Handler {
        method,
        ident: f.sig.ident.clone(),
        args,
        docs: docs.join("\n").trim().to_owned(),
    }
}

/// Records every signature problem of a handler; `true` when there is none.
fn check_signature(f: &syn::ItemFn, name: &str, source: Source<'_>, cx: &mut Diagnostics) -> bool {
    let before = cx.len();
    let what = match source.kind {
        FileKind::Route => "handler".to_owned(),
        kind => format!("{} function", kind.function()),
    };
    let sig = &f.sig;
    if sig.asyncness.is_none() {
        cx.push(
            Diagnostic::new(
                Code::HandlerNotAsync,
                source.at(sig.fn_token.span),
                format!("{what} `{name}` must be `async`"),
            )
            .help(format!("write `pub async fn {name}(...)`")),
        );
    }
    if !matches!(f.vis, syn::Visibility::Public(_)) {
        let span = match &f.vis {
            syn::Visibility::Inherited => sig.ident.span(),
            vis => vis.span(),
        };
        cx.push(
            Diagnostic::new(
                Code::HandlerNotPub,
                source.at(span),
                format!("{what} `{name}` must be `pub`"),
            )
            .help(format!(
                "write `pub async fn {name}(...)`: the generated router calls it from outside this module"
            )),
        );
    }
    if let Some(param) = sig.generics.params.first() {
        cx.push(
            Diagnostic::new(
                Code::HandlerGeneric,
                source.at(param.span()),
                format!("{what} `{name}` cannot have generic parameters"),
            )
            .help("the router needs one concrete function: remove the `<...>` and name the types"),
        );
    } else if let Some(clause) = &sig.generics.where_clause {
        cx.push(
            Diagnostic::new(
                Code::HandlerGeneric,
                source.at(clause.where_token.span),
                format!("{what} `{name}` cannot have a `where` clause"),
            )
            .help("the router needs one concrete function: remove the `where` clause and name the types"),
        );
    }
    for arg in &sig.inputs {
        match arg {
            syn::FnArg::Receiver(r) => cx.push(
                Diagnostic::new(
                    Code::HandlerReceiver,
                    source.at(r.self_token.span),
                    format!("{what} `{name}` cannot take `self`"),
                )
                .help("a route handler is a free function: remove `self` and take extractors such as `State<T>` or `Json<T>`"),
            ),
            syn::FnArg::Typed(t) => {
                // Metadata functions take their `generate_*` id as a plain argument;
                // instrumentation functions take the values the runtime passes.
                let extractors = !matches!(
                    source.kind,
                    FileKind::Metadata(_) | FileKind::Instrumentation
                );
                if let Some((ty, help)) = never_extractor(&t.ty).filter(|_| extractors) {
                    let arg = quote::ToTokens::to_token_stream(&t.pat).to_string();
                    let shown = quote::ToTokens::to_token_stream(ty)
                        .to_string()
                        .replace(" < ", "<")
                        .replace(" >", ">")
                        .replace("& ", "&")
                        .replace(" , ", ", ")
                        .replace(" ; ", "; ")
                        .replace("( ", "(")
                        .replace(" )", ")");
                    cx.push(
                        Diagnostic::new(
                            Code::NotAnExtractor,
                            source.at(ty.span()),
                            format!("argument `{arg}` of {what} `{name}` has type `{shown}`, which is never an axum extractor"),
                        )
                        .help(help),
                    );
                } else if let syn::Type::ImplTrait(ty) = &*t.ty {
                    cx.push(
                        Diagnostic::new(
                            Code::HandlerGeneric,
                            source.at(ty.impl_token.span),
                            format!("{what} `{name}` cannot take an `impl Trait` argument"),
                        )
                        .help("name the extractor type, such as `Json<T>`, `Query<T>` or `HeaderMap`"),
                    );
                }
            }
        }
    }
    cx.len() == before
}

/// The part of `ty` that can never implement `FromRequestParts`/`FromRequest`, whatever
/// the state, and what to write instead: primitives (`u32`, `bool`, `str`), references,
/// pointers, slices, arrays, tuples of two or more (axum has none), also inside
/// `Option<..>` and `Result<.., _>`. Anything else may be an extractor, and is left to
/// rustc.
fn never_extractor(ty: &syn::Type) -> Option<(&syn::Type, &'static str)> {
    const FROM_URL: &str = "arguments come from the request: take URL parameters as `ctx: RouteContext` (`ctx.params.id.parse::<u32>()`) or `Path<T>`, the query string as `Query<T>`, the body as `Json<T>`, `Form<T>` or `String`";
    const BORROWED: &str = "a handler cannot borrow from the request: take an owned extractor, such as `String`, `HeaderMap` or `Json<T>`";
    match ty {
        syn::Type::Paren(inner) => never_extractor(&inner.elem),
        syn::Type::Group(inner) => never_extractor(&inner.elem),
        syn::Type::Reference(_) | syn::Type::Ptr(_) => Some((ty, BORROWED)),
        syn::Type::Slice(_) | syn::Type::Array(_) | syn::Type::FnPtr(_) | syn::Type::Never(_) => {
            Some((ty, FROM_URL))
        }
        syn::Type::Tuple(tuple) if tuple.elems.len() >= 2 => Some((ty, FROM_URL)),
        syn::Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            const PRIMITIVES: [&str; 17] = [
                "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
                "i32", "i64", "i128", "isize", "f32", "f64",
            ];
            if path.path.segments.len() == 1
                && PRIMITIVES.contains(&name.as_str())
                && last.arguments.is_none()
            {
                return Some((ty, FROM_URL));
            }
            if matches!(name.as_str(), "Option" | "Result") {
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                    return None;
                };
                if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                    return never_extractor(inner);
                }
            }
            None
        }
        _ => None,
    }
}

/// A name that was meant to be a method: `get`, `Post`, `GETS`, `DELET`.
fn near_miss(name: &str) -> Option<Method> {
    if !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    if let Some(method) = Method::from_name(&upper) {
        return Some(method);
    }
    if name != upper {
        return None;
    }
    Method::ALL
        .into_iter()
        .find(|m| edit_distance(&upper, m.as_str()) == 1)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(src: &str, kind: FileKind) -> (Vec<String>, Vec<String>) {
        let file: syn::File = syn::parse_str(src).unwrap();
        let mut cx = Diagnostics::default();
        let source = Source {
            file: Some("app/x/route.rs"),
            kind,
        };
        let handlers = analyze(
            &file.items,
            source,
            Location::path("app/x/route.rs", None),
            &mut cx,
        );
        let names = handlers.iter().map(|h| h.ident.to_string()).collect();
        let msgs = cx
            .into_vec()
            .into_iter()
            .map(|d| format!("{} {} @ {}", d.code, d.message, d.locations[0]))
            .collect();
        (names, msgs)
    }

    #[test]
    fn finds_handlers_and_ignores_helpers() {
        let (names, msgs) = messages(
            "pub async fn GET() {}\npub async fn POST(a: A, b: B) {}\npub fn helper() {}\npub fn get_user() {}",
            FileKind::Route,
        );
        assert_eq!(names, ["GET", "POST"]);
        assert!(msgs.is_empty(), "{msgs:?}");
    }

    #[test]
    fn reports_misnamed_handlers() {
        let (names, msgs) = messages(
            "pub async fn get() {}\npub async fn Post() {}\npub async fn GETS() {}\npub async fn DELET() {}",
            FileKind::Route,
        );
        assert!(names.is_empty());
        assert_eq!(
            msgs,
            [
                "AR001 handler `get` must be named `GET` @ app/x/route.rs:1:14",
                "AR001 handler `Post` must be named `POST` @ app/x/route.rs:2:14",
                "AR001 handler `GETS` must be named `GET` @ app/x/route.rs:3:14",
                "AR001 handler `DELET` must be named `DELETE` @ app/x/route.rs:4:14",
            ]
        );
    }

    #[test]
    fn reports_bad_signatures() {
        let (names, msgs) = messages(
            "fn GET() {}\npub async fn POST<T>() {}\npub async fn PUT(self) {}\npub async fn PATCH(x: impl Send) {}",
            FileKind::Route,
        );
        assert!(names.is_empty());
        assert_eq!(
            msgs,
            [
                "AR002 handler `GET` must be `async` @ app/x/route.rs:1:1",
                "AR003 handler `GET` must be `pub` @ app/x/route.rs:1:4",
                "AR004 handler `POST` cannot have generic parameters @ app/x/route.rs:2:19",
                "AR005 handler `PUT` cannot take `self` @ app/x/route.rs:3:18",
                "AR004 handler `PATCH` cannot take an `impl Trait` argument @ app/x/route.rs:4:23",
            ]
        );
    }

    #[test]
    fn reports_empty_files() {
        let (_, msgs) = messages("pub fn helper() {}", FileKind::Route);
        assert_eq!(msgs, ["AR006 route file has no handler @ app/x/route.rs"]);
        let (_, msgs) = messages("pub async fn render() {}", FileKind::Page);
        assert_eq!(
            msgs,
            ["AR006 page file has no `page` function @ app/x/route.rs"]
        );
        let (names, msgs) = messages("pub async fn page() {}", FileKind::Page);
        assert_eq!(names, ["page"]);
        assert!(msgs.is_empty());
    }
}
