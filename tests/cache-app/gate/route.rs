// ForceStatic and slow: concurrent misses share one render, even with the store down.
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(State(stats): State<Stats>) -> String {
    let run = stats.run("gate");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    format!("gate run {run}")
}
