//! `/api/items`: `GET` and `POST`, behind CORS.
use app_router::prelude::*;

pub async fn GET() -> Json<Vec<&'static str>> {
    Json(vec!["a", "b"])
}

pub async fn POST() -> StatusCode {
    StatusCode::CREATED
}
