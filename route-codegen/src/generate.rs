//! Model → tokens. Total over a checked model: generation never fails.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::config::CachePlan;
use crate::model::{FileKind, Handler, Method, Route, Segment};
use crate::segment::field_name;

/// The `MethodRouter` of one route module or file, built by the runtime's
/// `RouteBuilder` (panic guard, then `HEAD`/`OPTIONS`/`405` semantics).
///
/// Input: handlers `GET`, `POST`; `path` = `route::`.
/// Output: `RouteBuilder::new(false, false).handler(Method::GET, route::GET).handler(Method::POST, route::POST).route()`
pub(crate) fn method_router(
    handlers: &[Handler],
    path: &TokenStream,
    catch_all: bool,
    context: bool,
    extras: &Extras,
) -> TokenStream {
    let mut sorted: Vec<&Handler> = handlers.iter().collect();
    sorted.sort_by_key(|h| h.method);
    let mut chain = quote!(::app_router::__private::RouteBuilder::new(#catch_all, #context));
    if let Some(seconds) = extras.max_duration {
        let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
        chain = quote!(#chain.max_duration(#seconds));
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
        chain = quote!(#chain #call);
    }
    if sorted.iter().any(|h| h.method.is_none()) {
        quote!(#chain.page())
    } else {
        quote!(#chain.route())
    }
}

/// What a route's config adds to its method router.
#[derive(Default)]
pub(crate) struct Extras {
    /// `CachePolicy::new("/x").revalidate(2)...` for a cached `GET`.
    pub(crate) cache: Option<TokenStream>,
    pub(crate) max_duration: Option<u64>,
}

/// `::app_router::__private::CachePolicy::new("/blog/[slug]").revalidate(60)`, plus
/// `.static_params(path::__app_router_static_paths, false)` with static params.
pub(crate) fn cache_policy(plan: &CachePlan, route: &str, path: &TokenStream) -> TokenStream {
    let mut policy = quote!(::app_router::__private::CachePolicy::new(#route));
    if let Some(seconds) = plan.revalidate {
        let seconds = proc_macro2::Literal::u32_unsuffixed(seconds);
        policy = quote!(#policy.revalidate(#seconds));
    }
    if plan.force_static {
        policy = quote!(#policy.force_static());
    }
    if let Some(dynamic_params) = plan.static_params {
        policy = quote!(#policy.static_params(#path __app_router_static_paths, #dynamic_params));
    }
    policy
}

fn method_const(method: Method) -> TokenStream {
    let name = Ident::new(method.as_str(), Span::call_site());
    quote!(::app_router::http::Method::#name)
}

fn methods_slice(handlers: &[Handler]) -> TokenStream {
    let mut methods: Vec<Method> = handlers.iter().filter_map(|h| h.method).collect();
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
    let methods = methods_slice(handlers);
    let body = method_router(handlers, &TokenStream::new(), false, context, extras);
    let consts = quote! {
        /// The HTTP methods this module defines handlers for (`HEAD` and `OPTIONS` are
        /// also answered automatically, see `router`).
        pub const METHODS: &[::app_router::__private::Method] = #methods;
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

/// A module of the generated tree: a folder, or the app root.
#[derive(Default)]
struct Node<'a> {
    /// The folder name as on disk (empty for the root).
    folder: String,
    children: BTreeMap<String, Node<'a>>,
    files: Vec<&'a Route>,
}

/// The whole generated file for a checked table (routes in priority order).
///
/// Output: one module per folder (`api::users::param_id`), holding `Params` and one
/// module per file (`route`, `page`) that `include!`s the user's file next to its
/// `RouteContext` alias; then `ROUTES` and `router<S>()`.
pub(crate) fn tree(routes: &[Route], app_dir: &str) -> TokenStream {
    let mut root = Node::default();
    for route in routes {
        let mut node = &mut root;
        for folder in &route.folders {
            node = node.children.entry(folder.module.clone()).or_default();
            node.folder.clone_from(&folder.name);
        }
        node.files.push(route);
    }
    let modules = node_items(&root);
    let infos = routes.iter().map(route_info);

    let handlers = routes
        .iter()
        .flat_map(|route| route.handlers.iter().map(move |h| (route, h)));
    let mut seen = std::collections::BTreeSet::new();
    let mut bounds = Vec::new();
    for (route, h) in handlers {
        for (i, _) in h.state_bounds().enumerate() {
            let alias = module_path(route).into_iter().chain([bound_alias(h, i)]);
            let alias = quote!(#(#alias)::*);
            if seen.insert(alias.to_string()) {
                bounds.push(quote!(#alias: ::app_router::__private::FromRequestParts<S>));
            }
        }
    }
    let registrations = routes.iter().map(registration);
    let mut static_paths = Vec::new();
    let mut param_paths = Vec::new();
    for route in routes.iter().filter(|r| r.cache.is_some()) {
        if route.static_params.is_some() {
            let path = module_path(route);
            param_paths.push(quote!(paths.extend(#(#path::)*__app_router_static_paths().await);));
        } else if !has_params(route) {
            static_paths.push(route.url());
        }
    }
    let router_doc = format!(
        " The router of `{app_dir}/`: every `route.rs` and `page.rs`, with Next.js method\n semantics, a `308` for trailing and repeated slashes, and `404` for other URLs.\n\n Compose it like any axum `Router`: `routes::router().with_state(state)`."
    );
    quote! {
        #(#modules)*

        /// Every route of the app, in matching priority order; print it with
        /// `app_router::RouteTable(ROUTES)`.
        pub static ROUTES: &[::app_router::RouteInfo] = &[#(#infos),*];

        #[doc = #router_doc]
        #[allow(private_bounds)]
        pub fn router<S>() -> ::app_router::__private::Router<S>
        where
            S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#bounds,)*
        {
            let router = ::app_router::__private::Router::new();
            #(#registrations)*
            ::app_router::__private::finish(router)
        }

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

fn bound_alias(handler: &Handler, index: usize) -> Ident {
    format_ident!("__app_router_{}_{}", handler.ident, index)
}

/// `api::users::param_id::route`
fn module_path(route: &Route) -> Vec<Ident> {
    route
        .folders
        .iter()
        .map(|f| Ident::new(&f.module, Span::call_site()))
        .chain([Ident::new(route.kind.noun(), Span::call_site())])
        .collect()
}

fn node_items(node: &Node<'_>) -> Vec<TokenStream> {
    let mut items = Vec::new();
    if let Some(params) = node.files.first().and_then(|r| params_struct(r)) {
        items.push(params);
    }
    for route in &node.files {
        items.push(file_module(route));
    }
    for (module, child) in &node.children {
        let ident = Ident::new(module, Span::call_site());
        let doc = format!(" `{}/`", child.folder);
        let inner = node_items(child);
        items.push(quote! {
            #[doc = #doc]
            pub mod #ident {
                #(#inner)*
            }
        });
    }
    items
}

/// `pub struct Params { pub id: String }` and its `RouteParams` impl, read by position.
fn params_struct(route: &Route) -> Option<TokenStream> {
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for (index, segment) in route.url_segments().enumerate() {
        let Some(name) = segment.param_name() else {
            if let Segment::Static(s) = segment {
                // Consecutive static segments are pushed as one string.
                match writes.last_mut() {
                    Some(Write::Static(prefix)) => prefix.push_str(&format!("/{s}")),
                    _ => writes.push(Write::Static(format!("/{s}"))),
                }
            }
            continue;
        };
        let field: syn::Ident = syn::parse_str(&field_name(name).ok()?).ok()?;
        let (ty, read) = match segment {
            Segment::Param(_) => (quote!(::std::string::String), quote!(param)),
            Segment::CatchAll(_) => (
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(catch_all),
            ),
            _ => (
                quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>),
                quote!(optional_catch_all),
            ),
        };
        let push = quote! {
            path.push('/');
            path.push_str(&::app_router::__private::encode_segment(value));
        };
        writes.push(Write::Tokens(match segment {
            Segment::Param(_) => quote!({ let value = &self.#field; #push }),
            Segment::CatchAll(_) => quote!(for value in &self.#field { #push }),
            _ => quote!(for value in self.#field.iter().flatten() { #push }),
        }));
        let doc = format!(" `{}`", segment.notation());
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        fields.push(quote! { #[doc = #doc] pub #field: #ty });
        reads.push(quote! { #field: segments.#read(#index, #name)? });
    }
    if fields.is_empty() {
        return None;
    }
    let writes = writes.iter().map(|w| match w {
        Write::Static(s) => quote!(path.push_str(#s);),
        Write::Tokens(t) => t.clone(),
    });
    let doc = format!(" The URL parameters of `{}`.", route.url());
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Params {
            #(#fields,)*
        }

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

        impl ::app_router::RouteParams for Params {
            fn from_path(path: &str) -> ::core::result::Result<Self, ::app_router::ParamRejection> {
                let segments = ::app_router::__private::Segments::new(path);
                ::core::result::Result::Ok(Self { #(#reads,)* })
            }
        }
    })
}

/// A step of `Params::to_path`.
enum Write {
    Static(String),
    Tokens(TokenStream),
}

fn has_params(route: &Route) -> bool {
    route.url_segments().any(|s| s.param_name().is_some())
}

/// `pub mod route { pub type RouteContext = ...; include!("/abs/route.rs"); aliases }`
fn file_module(route: &Route) -> TokenStream {
    let ident = Ident::new(route.kind.noun(), Span::call_site());
    let abs = route.abs.to_string_lossy().replace('\\', "/");
    let doc = format!(" `{}`: `{}`", route.display, route.url());
    let context_doc = format!(
        " The context of `{}`: `ctx.params` holds its URL parameters.",
        route.url()
    );
    let context = if has_params(route) {
        quote!(::app_router::RouteContext<super::Params>)
    } else {
        quote!(::app_router::RouteContext)
    };
    let aliases = route.handlers.iter().flat_map(|h| {
        h.state_bounds().enumerate().map(move |(i, ty)| {
            let alias = bound_alias(h, i);
            quote! {
                #[doc(hidden)]
                #[allow(private_interfaces, non_camel_case_types)]
                pub type #alias = #ty;
            }
        })
    });
    let static_params = route.static_params.map(|(is_async, alias)| {
        let call = if is_async {
            quote!(generate_static_params().await)
        } else {
            quote!(generate_static_params())
        };
        let alias = alias.then(|| quote! {
            #[doc = " The URL parameters of this route, for `generate_static_params`."]
            pub use super::Params;
        });
        quote! {
            #alias
            #[doc(hidden)]
            pub fn __app_router_static_paths() -> ::core::pin::Pin<::std::boxed::Box<
                dyn ::core::future::Future<Output = ::std::vec::Vec<::std::string::String>> + ::core::marker::Send,
            >> {
                ::std::boxed::Box::pin(async {
                    ::core::iter::IntoIterator::into_iter(#call)
                        .map(|params: super::Params| params.to_path())
                        .collect()
                })
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[allow(non_snake_case)]
        pub mod #ident {
            #[doc = #context_doc]
            pub type RouteContext = #context;

            include!(#abs);

            #static_params
            #(#aliases)*
        }
    }
}

/// `RouteInfo { path: "/api/users/[id]", methods: &[..], file: "app/..", kind: .. }`
fn route_info(route: &Route) -> TokenStream {
    let path = route.url();
    let file = &route.display;
    let (methods, kind) = match route.kind {
        FileKind::Route => (methods_slice(&route.handlers), quote!(Handler)),
        FileKind::Page => (method_const(Method::Get), quote!(Page)),
    };
    let methods = match route.kind {
        FileKind::Route => methods,
        FileKind::Page => quote!(&[#methods]),
    };
    quote! {
        ::app_router::RouteInfo {
            path: #path,
            methods: #methods,
            file: #file,
            kind: ::app_router::RouteKind::#kind,
        }
    }
}

/// `let router = router.route("/api/users/{id}", ...);` (twice for `[[...x]]`: the
/// parent path and the capture).
fn registration(route: &Route) -> TokenStream {
    let segments: Vec<&Segment> = route.url_segments().collect();
    let catch_all = segments
        .iter()
        .any(|s| matches!(s, Segment::CatchAll(_) | Segment::OptionalCatchAll(_)));
    let path = module_path(route);
    let path = quote!(#(#path::)*);
    let extras = Extras {
        cache: route
            .cache
            .as_ref()
            .map(|plan| cache_policy(plan, &route.url(), &path)),
        max_duration: route.max_duration,
    };
    let method_router = method_router(
        &route.handlers,
        &path,
        catch_all,
        route.uses_context,
        &extras,
    );
    let mut paths = vec![axum_path(&segments)];
    if let Some(Segment::OptionalCatchAll(_)) = segments.last() {
        paths.insert(0, axum_path(&segments[..segments.len() - 1]));
    }
    let calls = paths
        .iter()
        .map(|p| quote!(let router = router.route(#p, #method_router);));
    quote!(#(#calls)*)
}

/// `/api/users/{id}`, `/api/files/{*path}`; braces in folder names are escaped.
pub(crate) fn axum_path(segments: &[&Segment]) -> String {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        let field = |n: &str| {
            field_name(n)
                .unwrap_or_default()
                .trim_start_matches("r#")
                .to_owned()
        };
        match segment {
            Segment::Static(s) => path.push_str(&s.replace('{', "{{").replace('}', "}}")),
            Segment::Param(n) => path.push_str(&format!("{{{}}}", field(n))),
            Segment::CatchAll(n) | Segment::OptionalCatchAll(n) => {
                path.push_str(&format!("{{*{}}}", field(n)));
            }
            Segment::Group(_) | Segment::Slot(_) => {}
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}
