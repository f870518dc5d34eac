use app_router::prelude::*;

pub async fn layout(children: Children) -> Html<String> {
    Html(format!("<main class=\"shop\">{children}</main>"))
}
