// force-static with a POST: the GET stays uncached, as in Next.js (warning AR210).
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(State(stats): State<Stats>) -> String {
    format!("mixed run {}", stats.run("mixed"))
}

pub async fn POST() -> StatusCode {
    StatusCode::NO_CONTENT
}
