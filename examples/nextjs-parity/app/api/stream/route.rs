// The `request` feature group: a streamed body (sent whole until the response API lands).
use app_router::prelude::*;

pub async fn GET() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain")], "abc")
}
