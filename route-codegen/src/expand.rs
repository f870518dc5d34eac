//! The `#[route_handlers]` front end: macro input → the same analysis and generation
//! as the build script.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::handlers::Source;
use crate::model::{FileKind, Method};
use crate::{analysis, generate};

/// `#[route_handlers]` or `#[route_handlers(state = AppState)]`.
struct Args {
    state: Option<syn::Type>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Args { state: None });
        }
        let key: syn::Ident = input.parse()?;
        if key != "state" {
            return Err(syn::Error::new(
                key.span(),
                format!("unknown argument `{key}`: the only argument is `state = YourStateType`"),
            ));
        }
        input.parse::<syn::Token![=]>()?;
        let state = input.parse()?;
        input.parse::<Option<syn::Token![,]>>()?;
        if !input.is_empty() {
            return Err(
                input.error("unexpected tokens: write `#[route_handlers(state = YourStateType)]`")
            );
        }
        Ok(Args { state: Some(state) })
    }
}

/// Expands `#[route_handlers]`. On any error, the user's module is emitted unchanged
/// next to the errors, with stub `router`/`METHODS` so callers do not fail too.
pub(crate) fn route_handlers(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut cx = Diagnostics::default();
    let state = match syn::parse2::<Args>(args) {
        Ok(args) => args.state,
        Err(err) => {
            cx.push(Diagnostic::new(
                Code::NotInlineModule,
                Location::Span(err.span()),
                err.to_string(),
            ));
            None
        }
    };
    let mut module = match syn::parse2::<syn::ItemMod>(item.clone()) {
        Ok(module) => module,
        Err(_) => {
            let span = syn::parse2::<syn::Item>(item.clone())
                .ok()
                .map_or_else(Span::call_site, |i| item_span(&i));
            cx.push(not_inline(span));
            let errors = cx.to_compile_errors();
            return quote!(#errors #item);
        }
    };
    let Some((_, items)) = &mut module.content else {
        cx.push(not_inline(module.ident.span()));
        let errors = cx.to_compile_errors();
        return quote!(#errors #module);
    };
    let source = Source {
        file: None,
        kind: FileKind::Route,
    };
    for item in items.iter_mut() {
        if let syn::Item::Fn(f) = item
            && Method::from_name(&f.sig.ident.to_string()).is_some()
        {
            f.attrs
                .push(syn::parse_quote!(#[allow(non_snake_case, unreachable_pub)]));
        }
    }
    // `state = T` is written outside the module, so `T` is resolved there, through an
    // alias next to the module.
    let (state_alias, state) = match state {
        Some(ty) => {
            let alias = quote::format_ident!("__app_router_state_{}", module.ident);
            let item = quote! {
                #[doc(hidden)]
                #[allow(non_camel_case_types)]
                type #alias = #ty;
            };
            (item, Some(syn::parse_quote!(super::#alias)))
        }
        None => (TokenStream::new(), None),
    };
    let place = analysis::Place {
        has_params: false,
        cache_components: false,
        in_macro: true,
    };
    // Warnings have no stable channel out of a proc macro; the build script reports them.
    let analysis::Analyzed {
        handlers: found,
        uses,
        config,
        plan,
    } = analysis::analyze(
        items,
        source,
        &Location::Span(module.ident.span()),
        place,
        &mut cx,
        &mut Vec::new(),
    );
    let reads_context = uses.needs_context();
    let extras = generate::Extras {
        cache: plan
            .as_ref()
            .map(|plan| generate::cache_policy(plan, "", &[], &TokenStream::new())),
        max_duration: config.max_duration,
        config_items: config.present.iter().map(|(name, _)| *name).collect(),
    };
    let generated = if cx.is_empty() {
        generate::macro_items(&found, state.as_ref(), reads_context.is_some(), &extras)
    } else {
        generate::macro_stub(state.as_ref())
    };
    if let Ok(file) = syn::parse2::<syn::File>(generated) {
        items.extend(file.items);
    }
    let errors = cx.to_compile_errors();
    quote!(#errors #state_alias #module)
}

fn not_inline(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::NotInlineModule,
        Location::Span(span),
        "`#[route_handlers]` must be placed on an inline module",
    )
    .help("write the handlers inside the module: `#[route_handlers] mod users { pub async fn GET() -> &'static str { \"list\" } }`; for a folder of `route.rs` files use `app_router_codegen::Routes` in `build.rs`")
}

/// The name of an item, or its first token.
fn item_span(item: &syn::Item) -> Span {
    match item {
        syn::Item::Fn(i) => i.sig.ident.span(),
        syn::Item::Struct(i) => i.ident.span(),
        syn::Item::Enum(i) => i.ident.span(),
        syn::Item::Impl(i) => i.impl_token.span,
        syn::Item::Trait(i) => i.ident.span(),
        other => other
            .to_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span()),
    }
}
