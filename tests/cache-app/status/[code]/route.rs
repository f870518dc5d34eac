// A static route answering the status of its URL: errors are not kept, 404 is.
use super::RouteContext;
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(State(stats): State<Stats>, ctx: RouteContext) -> impl IntoResponse {
    let code = &ctx.params.code;
    let status = code.parse().ok().and_then(|c| StatusCode::from_u16(c).ok());
    let run = stats.run(code);
    (
        status.unwrap_or(StatusCode::OK),
        format!("{code} run {run}"),
    )
}
