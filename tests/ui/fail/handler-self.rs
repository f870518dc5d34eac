use app_router::prelude::*;

#[route_handlers]
mod users {
    pub async fn GET(self) -> &'static str {
        "list"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
