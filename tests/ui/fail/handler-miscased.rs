use app_router::prelude::*;

#[route_handlers]
mod users {
    pub async fn Post() -> &'static str {
        "created"
    }
    pub async fn GETS() -> &'static str {
        "list"
    }
    // A helper that is no method name is fine.
    pub async fn list_users() -> &'static str {
        "list"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
