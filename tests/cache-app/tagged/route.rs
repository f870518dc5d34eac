// A force-static route whose data comes from a `#[cache]` function with life and tags.
use app_router::cache::cache_tag;
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

#[app_router::cache(life = "hours", tag = "posts")]
async fn load_posts(stats: &Stats, page: u32) -> Vec<String> {
    cache_tag(format!("page-{page}"));
    let run = stats.run("load_posts");
    vec![format!("post loaded by run {run} for page {page}")]
}

pub async fn GET(State(stats): State<Stats>) -> Json<Vec<String>> {
    stats.run("tagged");
    Json(load_posts(&stats, 1).await)
}
