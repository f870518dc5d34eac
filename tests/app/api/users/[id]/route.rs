use super::RouteContext;
use app_router::prelude::*;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "id": ctx.params.id }))
}

// axum's `Path` still works; captures are named like the `ctx.params` fields.
pub async fn PUT(Path(id): Path<String>) -> String {
    format!("path:{id}")
}
