use app_router::prelude::*;
use super::RouteContext;

pub async fn page(ctx: RouteContext) -> Html<String> {
    Html(format!("<p>item {}</p>", ctx.params.item))
}
