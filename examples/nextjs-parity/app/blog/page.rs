use app_router::prelude::*;

pub async fn page() -> Html<&'static str> {
    Html("<!DOCTYPE html><html lang=\"en\"><body><p>blog</p></body></html>")
}
