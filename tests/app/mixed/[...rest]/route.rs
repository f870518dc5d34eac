use super::RouteContext;
pub async fn GET(ctx: RouteContext) -> String {
    format!("rest:{}", ctx.params.rest.join("/"))
}
