use super::RouteContext;
use app_router::prelude::*;

pub async fn page(ctx: RouteContext) -> Html<String> {
    Html(format!("<p>item {}</p>", ctx.params.item))
}
