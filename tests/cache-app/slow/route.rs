// MAX_DURATION: cut off with 504, and the rest of the work never happens.
use std::time::Duration;

use app_router::prelude::*;

use crate::Stats;

pub const MAX_DURATION: u64 = 1;

pub async fn GET(State(stats): State<Stats>) -> &'static str {
    stats.run("slow:start");
    tokio::time::sleep(Duration::from_secs(3)).await;
    stats.run("slow:end");
    "done"
}

pub async fn POST() -> &'static str {
    "fast"
}
