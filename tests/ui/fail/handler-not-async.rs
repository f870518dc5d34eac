use app_router::prelude::*;

#[route_handlers]
mod users {
    pub fn GET() -> &'static str {
        "list"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
