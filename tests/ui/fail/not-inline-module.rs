use app_router::prelude::*;

#[route_handlers]
pub async fn GET() -> &'static str {
    "list"
}

#[route_handlers]
struct Users;

fn main() {}
