//! The `#[cache]` front end ("use cache"): an `async fn` whose result is cached by
//! function and arguments, with a `cacheLife` profile and tags.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::handlers::edit_distance;
use crate::model::Method;

const PROFILES: [&str; 7] = [
    "default", "seconds", "minutes", "hours", "days", "weeks", "max",
];

/// `life = "hours"`, `life = BLOG` (a `const CacheLife`), `tag = "posts"` (repeatable).
#[derive(Default)]
struct Args {
    life: Option<TokenStream>,
    tags: Vec<syn::LitStr>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            match key.to_string().as_str() {
                "life" => {
                    if input.peek(syn::LitStr) {
                        let name: syn::LitStr = input.parse()?;
                        args.life = Some(profile(&name)?);
                    } else {
                        let path: syn::Path = input.parse()?;
                        args.life = Some(quote!(#path));
                    }
                }
                "tag" => args.tags.push(input.parse()?),
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown `#[cache]` argument `{other}`: the arguments are `life = \"hours\"` (or a `const CacheLife`) and `tag = \"name\"`"
                        ),
                    ));
                }
            }
            if !input.is_empty() {
                input.parse::<syn::Token![,]>()?;
            }
        }
        Ok(args)
    }
}

/// `"hours"` → `::app_router::cache::CacheLife::HOURS`; an unknown name is an error
/// with the closest profile.
fn profile(name: &syn::LitStr) -> syn::Result<TokenStream> {
    let value = name.value();
    if PROFILES.contains(&value.as_str()) {
        let ident = syn::Ident::new(&value.to_ascii_uppercase(), name.span());
        return Ok(quote!(::app_router::cache::CacheLife::#ident));
    }
    let closest = PROFILES
        .iter()
        .min_by_key(|p| edit_distance(&value.to_ascii_lowercase(), p))
        .copied()
        .unwrap_or("default");
    Err(syn::Error::new(
        name.span(),
        format!(
            "unknown cache life profile `{value}`: did you mean `{closest}`? the profiles are `default`, `seconds`, `minutes`, `hours`, `days`, `weeks` and `max`; a custom one is a `const CacheLife` passed as `life = NAME`"
        ),
    ))
}

/// Expands `#[cache(...)]` on an `async fn`. On error, the function is emitted
/// unchanged next to the errors.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut cx = Diagnostics::default();
    let args = match syn::parse2::<Args>(args) {
        Ok(args) => args,
        Err(err) => {
            cx.push(invalid(err.span(), err.to_string(), None));
            Args::default()
        }
    };
    let f = match syn::parse2::<syn::ItemFn>(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let span = item
                .clone()
                .into_iter()
                .next()
                .map_or_else(Span::call_site, |t| t.span());
            cx.push(invalid(
                span,
                "`#[cache]` must be placed on an `async fn`".into(),
                Some("write `#[cache] async fn load_posts() -> Vec<Post> { ... }`"),
            ));
            let errors = cx.to_compile_errors();
            return quote!(#errors #item);
        }
    };
    let name = f.sig.ident.to_string();
    if f.sig.asyncness.is_none() {
        cx.push(invalid(
            f.sig.fn_token.span,
            format!("`#[cache]` function `{name}` must be `async`"),
            Some("write `async fn`; its result is cached in a store that may be remote"),
        ));
    }
    if Method::from_name(&name).is_some() || name == "page" {
        cx.push(invalid(
            f.sig.ident.span(),
            format!("`#[cache]` cannot be used on the route handler `{name}`"),
            Some("as in Next.js, extract the cached work into a helper: `#[cache] async fn load() -> T { ... }`, and await it from the handler; to cache the whole response use `pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;` or `REVALIDATE`"),
        ));
    }
    let mut names = Vec::new();
    for arg in &f.sig.inputs {
        match arg {
            syn::FnArg::Receiver(r) => cx.push(invalid(
                r.self_token.span,
                format!("`#[cache]` function `{name}` cannot take `self`"),
                Some("make it a free function and pass what it needs as arguments: they form the cache key"),
            )),
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                    names.push(p.ident.clone());
                }
                pat => cx.push(invalid(
                    pat.span(),
                    format!("`#[cache]` function `{name}` needs a plain name for each argument"),
                    Some("write `id: u32` instead of a pattern: the arguments are serialized into the cache key"),
                )),
            },
        }
    }
    let syn::ReturnType::Type(_, ret) = &f.sig.output else {
        cx.push(invalid(
            f.sig.ident.span(),
            format!("`#[cache]` function `{name}` returns nothing to cache"),
            Some("return the value to cache: `-> Vec<Post>`"),
        ));
        let errors = cx.to_compile_errors();
        return quote!(#errors #f);
    };
    if !cx.is_empty() {
        let errors = cx.to_compile_errors();
        return quote!(#errors #f);
    }
    let is_result = matches!(&**ret, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"));
    let call = if is_result {
        quote!(cached_result)
    } else {
        quote!(cached_call)
    };
    let life = args
        .life
        .unwrap_or_else(|| quote!(::app_router::cache::CacheLife::DEFAULT));
    let tags = &args.tags;
    let attrs = &f.attrs;
    let vis = &f.vis;
    let sig = &f.sig;
    let block = &f.block;
    let span = ret.span();
    let body = quote_spanned! {span=>
        let __app_router_key = ::app_router::__private::cache_key(&(#(&#names,)*));
        ::app_router::__private::#call(
            ::core::concat!(::core::module_path!(), "::", #name),
            __app_router_key,
            #life,
            &[#(#tags),*],
            async move #block,
        )
        .await
    };
    quote! {
        #(#attrs)*
        #vis #sig {
            #body
        }
    }
}

fn invalid(span: Span, message: String, help: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(Code::InvalidCacheAttribute, Location::Span(span), message);
    match help {
        Some(help) => d.help(help),
        None => d,
    }
}
