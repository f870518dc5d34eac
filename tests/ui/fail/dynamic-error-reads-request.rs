use app_router::prelude::*;

// `Dynamic::Error`: a GET rendered once, without a request, cannot take headers.
#[route_handlers]
mod feed {
    use app_router::prelude::*;

    pub const DYNAMIC: Dynamic = Dynamic::Error;

    pub async fn GET(State(version): State<u32>, headers: HeaderMap) -> String {
        format!("{version} {}", headers.len())
    }
}

#[route_handlers]
mod counter {
    use app_router::prelude::*;

    pub const DYNAMIC: Dynamic = Dynamic::Error;

    pub async fn GET() -> String {
        app_router::cookies().ok().and_then(|c| c.get("n")).unwrap_or_default()
    }
}

fn main() {}
