use app_router::prelude::*;

#[route_handlers]
mod feed {
    use app_router::prelude::*;

    pub const REVALIDATE: u32 = 60 * 10;
    pub const DYNAMIC: &str = "force_static";
    pub const MAX_DURATION: u64 = 0;

    pub async fn GET() -> impl IntoResponse {
        "feed"
    }
}

fn main() {}
