use std::sync::atomic::Ordering;

use app_router::prelude::*;

use crate::Counter;

pub async fn GET(State(counter): State<Counter>) -> String {
    counter.0.load(Ordering::SeqCst).to_string()
}

pub async fn POST(State(counter): State<Counter>, Json(by): Json<usize>) -> impl IntoResponse {
    let now = counter.0.fetch_add(by, Ordering::SeqCst) + by;
    (StatusCode::CREATED, now.to_string())
}
