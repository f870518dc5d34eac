//! `/dashboard`: a page, guarded like the routes of its group.
use app_router::prelude::*;

pub async fn page() -> Html<&'static str> {
    Html("<h1>Dashboard</h1>")
}
