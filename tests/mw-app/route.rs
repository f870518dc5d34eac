//! `/`: echoes the trace of the middleware that ran.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> String {
    crate::trace(&headers)
}
