use app_router::prelude::*;

pub async fn page(State(counter): State<crate::Counter>) -> Html<String> {
    let n = counter.0.load(std::sync::atomic::Ordering::SeqCst);
    Html(format!("<p>cart {n}</p>"))
}
