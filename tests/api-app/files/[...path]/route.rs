//! `/files/[...path]`: a catch-all, untyped response.
use super::RouteContext;

pub async fn GET(ctx: RouteContext) -> String {
    ctx.params.path.join("/")
}
