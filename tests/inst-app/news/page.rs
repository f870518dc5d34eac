// A page that panics: `route_type` "render".
use app_router::prelude::*;

pub async fn page() -> Html<String> {
    panic!("the news page broke")
}
