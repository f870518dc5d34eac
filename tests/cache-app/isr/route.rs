// revalidate = 1: stale-while-revalidate, one regeneration at a time.
use std::time::Duration;

use app_router::prelude::*;

use crate::Stats;

pub const REVALIDATE: Revalidate = Revalidate::Seconds(1);

pub async fn GET(State(stats): State<Stats>) -> impl IntoResponse {
    let run = stats.run("isr");
    // Long enough for every concurrent request of the test to arrive meanwhile.
    tokio::time::sleep(Duration::from_millis(200)).await;
    format!("isr run {run}")
}
