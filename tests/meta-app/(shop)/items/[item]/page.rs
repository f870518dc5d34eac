use super::RouteContext;
use app_router::prelude::*;

pub async fn page(
    ctx: RouteContext,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Html<String>, Interrupt> {
    if ctx.params.item == "missing" {
        return Err(not_found());
    }
    let color = q.get("color").map_or("none", String::as_str);
    Ok(Html(format!("<p>item {} {color}</p>", ctx.params.item)))
}
