// REVALIDATE with a cookie on the response itself (`NextResponse::cookies`).
use app_router::prelude::*;

use crate::Stats;

pub const REVALIDATE: u32 = 600;

pub async fn GET(State(stats): State<Stats>) -> Result<NextResponse, HandlerError> {
    let run = stats.run("set-cookie-response");
    let mut response = NextResponse::new(format!("token run {run}"));
    let options = CookieOptions {
        http_only: true,
        ..CookieOptions::default()
    };
    response
        .cookies()
        .set("token", &format!("t{run}"), options)?;
    Ok(response)
}
