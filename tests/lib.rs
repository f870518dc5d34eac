//! Integration tests of `app-router` (see `tests/`), and the helper they share: one
//! request through a router with `tower::ServiceExt::oneshot`.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// What a test reads back from a response.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, as UTF-8.
    pub body: String,
}

impl Reply {
    /// Every `Set-Cookie` header value, in order.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("an ASCII Set-Cookie"))
            .collect()
    }
}

/// Sends one request (JSON content type) through `app` and collects the response.
pub async fn send(app: Router, method: &str, uri: &str, body: &str) -> Reply {
    send_with(
        app,
        method,
        uri,
        &[("content-type", "application/json")],
        body,
    )
    .await
}

/// Sends one request with exactly `headers` through `app` and collects the response.
pub async fn send_with(
    app: Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder
        .body(Body::from(body.to_owned()))
        .expect("a valid test request");
    let response = app.oneshot(request).await.expect("routers are infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("a readable body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(bytes.to_vec()).expect("a UTF-8 body"),
    }
}
