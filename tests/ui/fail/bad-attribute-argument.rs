use app_router::prelude::*;

#[route_handlers(stat = ())]
mod users {
    pub async fn GET() -> &'static str {
        "list"
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
