// The `request` feature group: cookies read from the request and set on the response.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> impl IntoResponse {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "token")
        .map(|(_, value)| value.to_owned());
    (
        [(header::SET_COOKIE, "visited=1; Path=/; HttpOnly")],
        Json(json!({ "token": token })),
    )
}

pub async fn DELETE() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, "token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")],
    )
}
