//! `/docs/...`: where the old URLs go.
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> String {
    format!("docs: {}", ctx.params.slug.join("/"))
}
