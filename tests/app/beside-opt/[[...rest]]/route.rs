use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    format!("opt:{:?}", ctx.params.rest)
}
