use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Params, RouteContext};
use app_router::prelude::*;

// Segment config in a page, as in Next.js: prerendered for the listed slugs (with an
// empty request, since the root layout reads headers), others `404`.
pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;
pub const DYNAMIC_PARAMS: bool = false;

pub async fn generate_static_params() -> Vec<Params> {
    vec![
        Params {
            slug: "intro".into(),
        },
        Params {
            slug: "setup".into(),
        },
    ]
}

static RENDERS: AtomicUsize = AtomicUsize::new(0);

pub async fn page(ctx: RouteContext) -> Html<String> {
    let n = RENDERS.fetch_add(1, Ordering::SeqCst) + 1;
    Html(format!("<p>doc {} render {n}</p>", ctx.params.slug))
}
