use app_router::prelude::*;

pub async fn GET(method: Method) -> impl IntoResponse {
    Json(json!({ "method": method.as_str() }))
}
