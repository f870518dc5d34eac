use app_router::prelude::*;

pub async fn POST() -> impl IntoResponse {
    (StatusCode::CREATED, [("x-thing", "a")], "created")
}
