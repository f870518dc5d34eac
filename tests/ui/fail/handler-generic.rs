use app_router::prelude::*;

#[route_handlers]
mod users {
    pub async fn GET<T: Default>() -> &'static str {
        "list"
    }
    pub async fn POST(body: impl Into<String>) -> String {
        body.into()
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
