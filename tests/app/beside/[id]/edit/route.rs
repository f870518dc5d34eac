use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    format!("edit:{}", ctx.params.id)
}
