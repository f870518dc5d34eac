use app_router::prelude::*;
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "path": ctx.params.path }))
}
