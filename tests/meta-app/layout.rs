use app_router::prelude::*;

// The root layout reads request data like a handler does.
pub async fn layout(children: Children, headers: HeaderMap) -> Html<String> {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    Html(format!(
        "<html data-agent=\"{agent}\"><body>{children}</body></html>"
    ))
}
