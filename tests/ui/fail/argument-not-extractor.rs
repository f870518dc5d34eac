use app_router::prelude::*;

#[derive(Clone)]
struct AppState;

#[route_handlers(state = AppState)]
mod users {
    use app_router::prelude::*;

    pub async fn GET(flag: bool, headers: HeaderMap) -> String {
        format!("{flag} {}", headers.len())
    }
    pub async fn POST(headers: HeaderMap, count: u32) -> String {
        format!("{count} {}", headers.len())
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router()).with_state(AppState);
}
