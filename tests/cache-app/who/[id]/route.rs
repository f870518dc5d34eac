// ForceStatic beside a middleware that inserts the visitor's user: the render sees
// its own URL params and route, never a visitor's extensions.
use super::RouteContext;
use app_router::prelude::*;
use axum::Extension;
use axum::extract::MatchedPath;

use crate::{Stats, User};

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET(
    State(stats): State<Stats>,
    user: Option<Extension<User>>,
    Path(id): Path<String>,
    route: MatchedPath,
    ctx: RouteContext,
) -> String {
    let run = stats.run("who");
    let user = user.map_or("anonymous".to_owned(), |Extension(User(name))| name);
    format!(
        "user={user} id={id} ctx={} route={} run={run}",
        ctx.params.id,
        route.as_str()
    )
}
