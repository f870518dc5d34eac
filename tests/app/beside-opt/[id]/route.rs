use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    format!("id:{}", ctx.params.id)
}
