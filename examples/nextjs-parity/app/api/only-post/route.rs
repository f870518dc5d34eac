use app_router::prelude::*;

pub async fn POST(method: Method) -> impl IntoResponse {
    (
        StatusCode::CREATED,
        Json(json!({ "method": method.as_str() })),
    )
}
