use super::RouteContext;
use app_router::prelude::*;

pub async fn layout(children: Children, ctx: RouteContext) -> Html<String> {
    Html(format!(
        "<section data-item=\"{}\">{children}</section>",
        ctx.params.item
    ))
}
