use super::RouteContext;
use app_router::prelude::*;

pub async fn page(
    ctx: RouteContext,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Html<String> {
    let color = q.get("color").map_or("none", String::as_str);
    Html(format!("<p>item {} {color}</p>", ctx.params.item))
}
