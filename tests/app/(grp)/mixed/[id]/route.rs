use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    format!("grp-id:{}", ctx.params.id)
}
