use app_router::prelude::*;
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
    Json(json!({ "slug": ctx.params.slug }))
}
