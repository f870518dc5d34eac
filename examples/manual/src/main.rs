//! Route handlers without a file-system tree: `#[route_handlers]` on inline modules,
//! mounted on an axum `Router` by hand.
//!
//! Run with
//!
//! ```not_rust
//! cargo run -p example-manual
//! ```
//!
//! then `curl -i localhost:3000/users` or `curl -i -X OPTIONS localhost:3000/users`.

use std::sync::{Arc, Mutex};

use app_router::prelude::*;

/// The app state: the users created so far.
#[derive(Clone, Default)]
struct AppState {
    users: Arc<Mutex<Vec<String>>>,
}

#[route_handlers]
mod users {
    use app_router::prelude::*;
    use serde::Deserialize;

    use crate::AppState;

    #[derive(Deserialize)]
    pub(crate) struct NewUser {
        name: String,
    }

    /// Lists the users.
    pub async fn GET(State(state): State<AppState>) -> Json<Vec<String>> {
        Json(state.users.lock().map(|u| u.clone()).unwrap_or_default())
    }

    /// Creates a user.
    pub async fn POST(
        State(state): State<AppState>,
        Json(user): Json<NewUser>,
    ) -> impl IntoResponse {
        if let Ok(mut users) = state.users.lock() {
            users.push(user.name.clone());
        }
        (StatusCode::CREATED, Json(json!({ "name": user.name })))
    }
}

#[route_handlers]
mod user {
    use app_router::prelude::*;

    /// One user, by axum's `Path`.
    pub async fn GET(Path(id): Path<u32>) -> impl IntoResponse {
        Json(json!({ "id": id }))
    }

    /// Deletes nothing, loudly: a panicking handler answers 500 and the server goes on.
    pub async fn DELETE() -> StatusCode {
        panic!("deleting users is not implemented")
    }
}

fn app() -> Router {
    Router::new()
        .route("/users", users::router())
        .route("/users/{id}", user::router())
        .with_state(AppState::default())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    // The socket `cargo app-router dev` hands over, else a new one.
    let listener = app_router::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    app_router::serve(listener, app())
        .with_graceful_shutdown(app_router::shutdown_signal())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    async fn call(method: &str, uri: &str, body: &str) -> (StatusCode, HeaderMap, String) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        let res = app().oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            parts.status,
            parts.headers,
            String::from_utf8(bytes.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn serves_the_example() {
        let (status, _, body) = call("POST", "/users", r#"{"name":"ada"}"#).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::CREATED, r#"{"name":"ada"}"#)
        );
        let (status, _, body) = call("GET", "/users/7", "").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, r#"{"id":7}"#));
        let (status, headers, _) = call("OPTIONS", "/users/7", "").await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(headers["allow"], "DELETE, GET, HEAD, OPTIONS");
        let (status, _, body) = call("DELETE", "/users/7", "").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, "")
        );
    }
}
