// The `request` feature group: a 307 to an absolute URL built from the request.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> impl IntoResponse {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    Redirect::temporary(&format!("http://{host}/api/hello"))
}
