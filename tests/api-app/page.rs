//! `/`: a page, not an API operation.
use app_router::prelude::*;

pub async fn page() -> Html<&'static str> {
    Html("<h1>API</h1>")
}
