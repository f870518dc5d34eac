use app_router::prelude::*;

#[route_handlers]
mod users {
    use app_router::prelude::*;

    pub async fn GET(flag: bool, headers: HeaderMap) -> String {
        format!("{flag} {}", headers.len())
    }
    pub async fn POST(count: u32) -> String {
        count.to_string()
    }
}

fn main() {
    let _: Router = Router::new().route("/users", users::router());
}
