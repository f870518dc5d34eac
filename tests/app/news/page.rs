use std::sync::atomic::Ordering;

use app_router::prelude::*;

// A page takes segment config like a route file: rendered once, then served from the
// cache for ten minutes.
pub const REVALIDATE: u32 = 600;

pub async fn page(State(counter): State<crate::Counter>) -> Html<String> {
    let n = counter.0.fetch_add(1, Ordering::SeqCst) + 1;
    Html(format!("<p>render {n}</p>"))
}
