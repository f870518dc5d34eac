use super::RouteContext;
use app_router::prelude::*;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "id": ctx.params.id, "postId": ctx.params.post_id }))
}
