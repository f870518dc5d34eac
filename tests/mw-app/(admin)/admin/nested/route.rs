//! `/admin/nested`: root, then the gate, then the nested layer.
use app_router::prelude::*;

pub async fn GET(headers: HeaderMap) -> String {
    crate::trace(&headers)
}
