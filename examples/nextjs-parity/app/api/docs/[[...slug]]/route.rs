use super::RouteContext;
use app_router::prelude::*;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "slug": ctx.params.slug }))
}
