// `export const revalidate = 2`: stale-while-revalidate, `s-maxage=2`.
use std::time::{SystemTime, UNIX_EPOCH};

use app_router::prelude::*;

pub const REVALIDATE: Revalidate = Revalidate::Seconds(2);

pub async fn GET() -> impl IntoResponse {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Json(json!({ "at": at as u64 }))
}
