use app_router::prelude::*;

// The not-found page of `/items/*`: what a page below raises `not_found()` with.
pub async fn not_found() -> Html<&'static str> {
    Html("<p>no such item</p>")
}
