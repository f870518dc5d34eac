use app_router::prelude::*;

pub async fn not_found(uri: axum::http::Uri) -> Html<String> {
    Html(format!("<h1>nothing at {}</h1>", uri.path()))
}
