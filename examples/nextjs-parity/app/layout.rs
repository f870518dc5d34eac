// `app/layout.tsx`: the root layout wraps every page. The HTML comes from maud, a
// template engine this example picked; `app-router` only needs something that answers
// `text/html` (`Html<String>`, maud's `Markup`, an askama template, ...).
use app_router::prelude::*;
use maud::{DOCTYPE, Markup, PreEscaped, html};

pub async fn layout(children: Children) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            body { (PreEscaped(children)) }
        }
    }
}
