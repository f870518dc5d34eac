// revalidate with a GET that reads headers: rendered per request (warning AR210).
use app_router::prelude::*;

use crate::Stats;

pub const REVALIDATE: Revalidate = Revalidate::Seconds(60);

pub async fn GET(State(stats): State<Stats>, headers: HeaderMap) -> String {
    format!(
        "reads run {} with {} headers",
        stats.run("reads"),
        headers.len()
    )
}
