// The `request` feature group: request headers in, a custom header out.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> impl IntoResponse {
    let custom = headers.get("x-custom").and_then(|v| v.to_str().ok());
    ([("x-powered-by-test", "yes")], Json(json!({ "custom": custom })))
}
