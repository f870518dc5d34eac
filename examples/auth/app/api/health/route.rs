//! `/api/health`.
use app_router::prelude::*;

pub async fn GET() -> Json<serde_json::Value> {
    Json(json!({ "ok": true }))
}
