use app_router::prelude::*;
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "id": ctx.params.id, "postId": ctx.params.post_id }))
}
