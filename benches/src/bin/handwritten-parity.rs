//! The routes of `examples/nextjs-parity` that `benches/run` loads with `wrk`, written
//! by hand in plain axum with the same handlers, bodies and headers: the baseline of
//! the end-to-end benchmark.
//!
//! Run with
//!
//! ```not_rust
//! PORT=3001 cargo run -p app-router-bench --release --bin handwritten-parity
//! ```
//!
//! `/api/static` answers a JSON body computed once at start-up: the "plain axum
//! handler returning a constant string" that a cached static `GET` is measured against.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// `app/api/hello/route.rs`.
async fn hello() -> &'static str {
    "hello"
}

/// `app/api/users/[id]/route.rs`.
async fn user(Path(id): Path<String>) -> impl IntoResponse {
    Json(json!({ "id": id }))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let body: &'static str = json!({ "at": at as u64 }).to_string().leak();
    let json_type = HeaderValue::from_static("application/json");
    let app = Router::new()
        .route("/api/hello", get(hello))
        .route("/api/users/{id}", get(user))
        .route(
            "/api/static",
            get(move || async move { ([(header::CONTENT_TYPE, json_type)], body) }),
        );
    let port = std::env::var("PORT").unwrap_or_else(|_| "3001".into());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
