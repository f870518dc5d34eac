// generate_static_params with DYNAMIC_PARAMS = false: other slugs are 404.
use super::{Params, RouteContext};
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC_PARAMS: bool = false;

pub async fn generate_static_params() -> Vec<Params> {
    vec![
        Params {
            slug: "first".into(),
        },
        Params {
            slug: "hello world".into(),
        },
    ]
}

pub async fn GET(State(stats): State<Stats>, ctx: RouteContext) -> String {
    format!(
        "{} run {}",
        ctx.params.slug,
        stats.run(&format!("blog:{}", ctx.params.slug))
    )
}
