//! `/new/...`: where `/old/...` redirects.
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> String {
    format!("new {}", ctx.params.path.join("/"))
}
