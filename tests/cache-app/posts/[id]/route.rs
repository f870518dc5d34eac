// generate_static_params (sync) with the default DYNAMIC_PARAMS = true: other ids are
// rendered on first request and cached.
use super::{Params, RouteContext};
use app_router::prelude::*;

use crate::Stats;

pub fn generate_static_params() -> Vec<Params> {
    vec![Params { id: "1".into() }]
}

pub async fn GET(State(stats): State<Stats>, ctx: RouteContext) -> String {
    format!(
        "post {} run {}",
        ctx.params.id,
        stats.run(&format!("post:{}", ctx.params.id))
    )
}
