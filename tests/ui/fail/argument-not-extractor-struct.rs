// A type that is not an extractor but could have been one (a user struct): left to
// rustc, which reports it on the argument (axum's `debug_handler` technique).
use app_router::prelude::*;

#[derive(Clone)]
struct AppState;

struct Config;

#[route_handlers(state = AppState)]
mod users {
    use app_router::prelude::*;

    use super::Config;

    pub async fn GET(_config: Config, headers: HeaderMap) -> String {
        headers.len().to_string()
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router()).with_state(AppState);
}
