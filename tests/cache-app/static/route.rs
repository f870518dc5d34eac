// force-static: rendered once, with an empty request.
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(
    State(stats): State<Stats>,
    headers: HeaderMap,
    url: NextUrl,
) -> impl IntoResponse {
    let run = stats.run("static");
    Json(
        json!({ "run": run, "headers": headers.len(), "href": url.href(), "search": url.search() }),
    )
}
