// Next.js answers unmatched URLs with its built-in 404 page; this is ours, rendered
// inside the root layout with status 404.
use app_router::prelude::*;

pub async fn not_found() -> Html<&'static str> {
    Html("<h1>404</h1><p>This page could not be found.</p>")
}
