use app_router::prelude::*;

// Next.js answers a throwing handler with 500 and an empty body; so does a panic here.
pub async fn GET() -> Response {
    panic!("boom")
}
