use app_router::prelude::*;
use super::RouteContext;

pub async fn layout(children: Children, ctx: RouteContext) -> Html<String> {
    Html(format!(
        "<section data-item=\"{}\">{children}</section>",
        ctx.params.item
    ))
}
