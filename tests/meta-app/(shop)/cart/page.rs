use app_router::prelude::*;

pub async fn page() -> impl IntoResponse {
    (
        StatusCode::CREATED,
        [(header::SET_COOKIE, "cart=1; Path=/")],
        Html("<p>cart</p>"),
    )
}
