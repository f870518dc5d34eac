use app_router::prelude::*;

pub async fn GET() -> impl IntoResponse {
    Json(json!({ "group": "marketing" }))
}
