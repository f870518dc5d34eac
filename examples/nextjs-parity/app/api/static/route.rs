// `export const dynamic = 'force-static'`: rendered once by `routes::prerender` before
// the server accepts requests, then served from the cache (`x-nextjs-cache: HIT`,
// `Cache-Control: s-maxage=31536000`).
use std::time::{SystemTime, UNIX_EPOCH};

use app_router::prelude::*;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET() -> impl IntoResponse {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Json(json!({ "at": at as u64 }))
}
