// The `cache` feature group (`revalidate = 2` in Next.js); uncached for now.
use std::time::{SystemTime, UNIX_EPOCH};

use app_router::prelude::*;

pub async fn GET() -> impl IntoResponse {
    let at = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    Json(json!({ "at": at as u64 }))
}
