use app_router::prelude::*;

pub async fn GET() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/rss+xml")], "<rss/>")
}
