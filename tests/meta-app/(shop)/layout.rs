use app_router::prelude::*;

// A layout reads the app state like a handler does.
pub async fn layout(children: Children, State(site): State<crate::Site>) -> Html<String> {
    Html(format!(
        "<main class=\"shop\" data-site=\"{}\">{children}</main>",
        site.0
    ))
}
