use app_router::prelude::*;

// `?gone` raises `not_found()`: the root not-found page answers, inside the root layout.
pub async fn page(uri: axum::http::Uri) -> Result<Html<&'static str>, Interrupt> {
    if uri.query() == Some("gone") {
        return Err(not_found());
    }
    Ok(Html("<p>home</p>"))
}
