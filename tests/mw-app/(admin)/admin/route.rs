//! `/admin`: behind the root middleware and the group's gate.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> String {
    crate::trace(&headers)
}

pub async fn POST() -> StatusCode {
    StatusCode::CREATED
}
