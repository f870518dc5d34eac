//! The analysis of one route module or file, shared by both front ends — the build
//! script (a file of `app/`) and `#[route_handlers]` (an inline module): its handlers,
//! how it uses the request, its segment config, and how its `GET` is cached.

use crate::config::{self, Decision, SegmentConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::handlers::{self, RequestUse, Source};
use crate::model::{CachePlan, FileKind, Handler};

/// What [`analyze`] found in a module's items.
pub(crate) struct Analyzed {
    pub(crate) handlers: Vec<Handler>,
    pub(crate) uses: RequestUse,
    pub(crate) config: SegmentConfig,
    /// How its `GET` is cached; `None` for files that are not routes or pages.
    pub(crate) plan: Option<CachePlan>,
}

/// What the front end knows about the module beyond its items.
#[derive(Clone, Copy)]
pub(crate) struct Place {
    /// Its folder has URL parameters (never for macro input).
    pub(crate) has_params: bool,
    pub(crate) cache_components: bool,
    /// Macro input: no file, no URL parameters.
    pub(crate) in_macro: bool,
}

/// Handlers, then the request they read, then segment config, then the cache plan;
/// errors go to `cx`, warnings (AR210, AR211) to `warnings`.
pub(crate) fn analyze(
    items: &[syn::Item],
    source: Source<'_>,
    whole: &Location,
    place: Place,
    cx: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Analyzed {
    let handlers = handlers::analyze(items, source, whole.clone(), cx);
    if place.has_params {
        handlers::check_typed_context(&handlers, items, source, cx);
    }
    let uses = handlers::request_use(items);
    let config = config::parse(items, source, cx);
    let plan = match source.kind {
        FileKind::Route | FileKind::Page => Decision {
            config: &config,
            handlers: &handlers,
            reads_context: uses.reads_context,
            sets_cookie: uses.sets_cookie,
            connection: uses.connection,
            has_params: place.has_params,
            cache_components: place.cache_components,
            in_macro: place.in_macro,
        }
        .plan(source, whole, cx, warnings),
        _ => None,
    };
    Analyzed {
        handlers,
        uses,
        config,
        plan,
    }
}
