//! `#[route_handlers]` through a real axum `Router`, one request at a time
//! (`tower::ServiceExt::oneshot`): exact statuses, `Allow` values and bodies.

use app_router::prelude::*;
use integration_tests::{Reply, send};

#[route_handlers]
mod get_only {
    use app_router::prelude::*;

    pub async fn GET() -> impl IntoResponse {
        ([("x-kind", "get-only")], Json(json!({ "method": "GET" })))
    }
}

#[route_handlers]
mod only_post {
    use app_router::prelude::*;

    pub async fn POST(body: String) -> impl IntoResponse {
        (StatusCode::CREATED, body)
    }
}

#[route_handlers]
mod all_methods {
    use app_router::prelude::*;

    fn echo(method: &Method) -> Json<serde_json::Value> {
        Json(json!({ "method": method.as_str() }))
    }

    pub async fn GET(method: Method) -> Json<serde_json::Value> {
        echo(&method)
    }
    pub async fn POST(method: Method) -> Json<serde_json::Value> {
        echo(&method)
    }
    pub async fn PUT(method: Method) -> Json<serde_json::Value> {
        echo(&method)
    }
    pub async fn PATCH(method: Method) -> Json<serde_json::Value> {
        echo(&method)
    }
    pub async fn DELETE(method: Method) -> Json<serde_json::Value> {
        echo(&method)
    }
}

#[route_handlers]
mod custom_head_options {
    use app_router::prelude::*;

    pub async fn GET() -> &'static str {
        "get"
    }
    pub async fn HEAD() -> impl IntoResponse {
        [("x-from", "head")]
    }
    pub async fn OPTIONS() -> impl IntoResponse {
        (
            StatusCode::OK,
            [("allow", "GET"), ("x-from", "options")],
            "custom",
        )
    }
}

#[route_handlers]
mod head_only {
    use app_router::prelude::*;

    pub async fn HEAD() -> StatusCode {
        StatusCode::OK
    }
}

#[route_handlers]
mod panicking {
    use app_router::prelude::*;

    pub async fn GET() -> &'static str {
        panic!("boom")
    }
    pub async fn POST(Json(n): Json<u32>) -> String {
        let items: Vec<u32> = Vec::new();
        items[n as usize].to_string()
    }
}

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

#[route_handlers]
mod stateful {
    use app_router::prelude::*;

    use super::AppState;

    pub async fn GET(State(state): State<AppState>, Path(name): Path<String>) -> String {
        format!("{}, {name}", state.greeting)
    }

    pub async fn DELETE(Path(name): Path<String>) -> Result<StatusCode, (StatusCode, String)> {
        if name == "root" {
            Err((StatusCode::FORBIDDEN, "cannot delete root".to_owned()))
        } else {
            Ok(StatusCode::NO_CONTENT)
        }
    }
}

fn app() -> Router {
    Router::new()
        .route("/get-only", get_only::router())
        .route("/only-post", only_post::router())
        .route("/methods", all_methods::router())
        .route("/custom", custom_head_options::router())
        .route("/head-only", head_only::router())
        .route("/panic", panicking::router())
        .route("/hello/{name}", stateful::router())
        .with_state(AppState { greeting: "hello" })
}

async fn call(method: &str, uri: &str) -> Reply {
    send(app(), method, uri, "").await
}

#[tokio::test]
async fn get_is_served() {
    let r = call("GET", "/get-only").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, r#"{"method":"GET"}"#);
    assert_eq!(r.headers["content-type"], "application/json");
}

#[tokio::test]
async fn head_uses_get_without_body() {
    let r = call("HEAD", "/get-only").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "");
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.headers["x-kind"], "get-only");
    assert_eq!(r.headers["content-length"], "16");
}

#[tokio::test]
async fn missing_known_methods_are_405_with_allow() {
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let r = call(method, "/get-only").await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(r.headers["allow"], "GET, HEAD, OPTIONS", "{method}");
        assert_eq!(r.body, "", "{method}");
    }
    for method in ["GET", "HEAD", "PUT"] {
        let r = call(method, "/only-post").await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(r.headers["allow"], "OPTIONS, POST", "{method}");
    }
}

#[tokio::test]
async fn unknown_methods_are_405_with_allow() {
    for method in ["TRACE", "CONNECT", "PROPFIND", "FOO", "QUERY"] {
        let r = call(method, "/methods").await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(
            r.headers["allow"], "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            "{method}"
        );
    }
}

#[tokio::test]
async fn options_is_automatic() {
    let cases = [
        ("/get-only", "GET, HEAD, OPTIONS"),
        ("/only-post", "OPTIONS, POST"),
        ("/methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ("/head-only", "HEAD, OPTIONS"),
    ];
    for (uri, allow) in cases {
        let r = call("OPTIONS", uri).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{uri}");
        assert_eq!(r.headers["allow"], allow, "{uri}");
        assert_eq!(r.body, "", "{uri}");
        assert!(r.headers.get("content-type").is_none(), "{uri}");
    }
}

#[tokio::test]
async fn every_defined_method_runs_its_handler() {
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let r = call(method, "/methods").await;
        assert_eq!(r.status, StatusCode::OK, "{method}");
        assert_eq!(r.body, format!(r#"{{"method":"{method}"}}"#));
    }
    let r = send(app(), "POST", "/only-post", "payload").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::CREATED, "payload")
    );
}

#[tokio::test]
async fn user_head_and_options_win() {
    let r = call("HEAD", "/custom").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["x-from"], "head");
    let r = call("OPTIONS", "/custom").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["x-from"], "options");
    assert_eq!(r.headers["allow"], "GET");
    assert_eq!(r.body, "custom");
    let r = call("GET", "/head-only").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers["allow"], "HEAD, OPTIONS");
}

#[tokio::test]
async fn a_panicking_handler_is_500_and_the_router_keeps_serving() {
    let app = app();
    let r = send(app.clone(), "GET", "/panic", "").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.body, "");
    let r = send(app.clone(), "POST", "/panic", "3").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.body, "");
    let r = send(app, "GET", "/get-only", "").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn state_path_and_result_handlers() {
    let r = call("GET", "/hello/ada").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "hello, ada"));
    let r = call("DELETE", "/hello/root").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::FORBIDDEN, "cannot delete root")
    );
    let r = call("DELETE", "/hello/bob").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[test]
fn methods_constant_lists_defined_handlers() {
    assert_eq!(get_only::METHODS, [Method::GET]);
    assert_eq!(only_post::METHODS, [Method::POST]);
    assert_eq!(
        all_methods::METHODS,
        [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH
        ]
    );
    assert_eq!(
        custom_head_options::METHODS,
        [Method::GET, Method::HEAD, Method::OPTIONS]
    );
}
