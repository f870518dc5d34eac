use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    ctx.params.r#type
}
