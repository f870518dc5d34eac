use app_router::prelude::*;

#[route_handlers]
mod users {
    async fn GET() -> &'static str {
        "list"
    }
    pub(crate) async fn POST() -> &'static str {
        "created"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
