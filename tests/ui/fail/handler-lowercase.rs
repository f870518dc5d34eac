use app_router::prelude::*;

#[route_handlers]
mod users {
    pub async fn get() -> &'static str {
        "list"
    }
    pub async fn POST() -> &'static str {
        "created"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
