// ForceStatic with a cookie set through `cookies()`: answered to its requester only,
// never stored (AR211 warns at build time).
use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(State(stats): State<Stats>) -> Result<String, HandlerError> {
    let run = stats.run("session");
    app_router::cookies()?.set(
        "session",
        &format!("visitor-{run}"),
        CookieOptions::default(),
    )?;
    // Long enough for the concurrent requests of the test to share one flight.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    Ok(format!("session run {run}"))
}
