use app_router::prelude::*;

// Route handlers never get layouts, even when they answer HTML.
pub async fn GET() -> Html<&'static str> {
    Html("<p>api</p>")
}
