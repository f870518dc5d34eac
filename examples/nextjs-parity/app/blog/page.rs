use app_router::prelude::*;

pub async fn page() -> Html<&'static str> {
    Html("<p>blog</p>")
}
