//! Folder middleware and the root proxy: a session-guarded `(admin)` group, CORS on
//! `/api`, and a `proxy.rs` that redirects `/old/*` to `/docs/*`.
//!
//! Run with
//!
//! ```not_rust
//! cargo run -p example-auth
//! ```
//!
//! then `curl -i localhost:3001/admin/users` (`401`),
//! `curl -i -c jar -d password=letmein localhost:3001/login` and
//! `curl -i -b jar localhost:3001/admin/users` (`200`), `curl -i localhost:3001/old/intro`
//! (`308` to `/docs/intro`), `curl -i -H 'origin: https://x.example' localhost:3001/api/health`,
//! `curl localhost:3001/openapi.json`.

use std::sync::Arc;

app_router::include_routes!(state = AppState);

/// The app state: the one session the login route hands out (a real app keeps a store).
#[derive(Clone)]
pub struct AppState {
    pub session: Arc<str>,
    pub password: Arc<str>,
}

impl AppState {
    fn demo() -> Self {
        Self {
            session: "s-2f9c41".into(),
            password: "letmein".into(),
        }
    }
}

/// The app: the generated router, its OpenAPI document at `/openapi.json`, the state.
fn app() -> axum::Router {
    routes::router()
        .route(
            "/openapi.json",
            axum::routing::get(|| async { axum::Json(routes::openapi()) }),
        )
        .with_state(AppState::demo())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3001".into());
    // The socket `cargo app-router dev` hands over, else a new one.
    let listener = app_router::bind(format!("127.0.0.1:{port}")).await?;
    println!("{}\n", app_router::RouteTable(routes::ROUTES));
    println!("listening on http://{}", listener.local_addr()?);
    app_router::serve(listener, app())
        .with_graceful_shutdown(app_router::shutdown_signal())
        .await
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    async fn send(
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (StatusCode, Vec<(String, String)>, String) {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let app = app();
        let response = app
            .oneshot(request.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn get<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
        headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    #[tokio::test]
    async fn the_admin_group_needs_the_session_and_the_rest_stays_open() {
        let (status, _, body) = send("GET", "/admin/users", &[], "").await;
        assert_eq!((status, body.as_str()), (StatusCode::UNAUTHORIZED, ""));
        let (status, _, _) = send("GET", "/dashboard", &[("cookie", "session=wrong")], "").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _, body) =
            send("GET", "/admin/users", &[("cookie", "session=s-2f9c41")], "").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, r#"["ada","grace"]"#)
        );
        let (status, _, body) =
            send("GET", "/dashboard", &[("cookie", "session=s-2f9c41")], "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "<h1>Dashboard</h1>");
        let (status, _, _) = send("GET", "/", &[], "").await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn login_sets_the_session_or_answers_403() {
        let form = [("content-type", "application/x-www-form-urlencoded")];
        let (status, headers, _) = send("POST", "/login", &form, "password=letmein").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(get(&headers, "location"), ["/dashboard"]);
        assert_eq!(
            get(&headers, "set-cookie"),
            ["session=s-2f9c41; HttpOnly; SameSite=Lax; Path=/"]
        );
        let (status, headers, _) = send("POST", "/login", &form, "password=nope").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(get(&headers, "set-cookie").is_empty());
    }

    #[tokio::test]
    async fn api_answers_cors() {
        let (status, headers, body) =
            send("GET", "/api/health", &[("origin", "https://x.example")], "").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, r#"{"ok":true}"#));
        assert_eq!(
            get(&headers, "access-control-allow-origin"),
            ["https://x.example"]
        );
        let (_, headers, _) = send("GET", "/", &[("origin", "https://x.example")], "").await;
        assert!(get(&headers, "access-control-allow-origin").is_empty());
    }

    #[tokio::test]
    async fn serves_its_openapi_document() {
        let (status, _, body) = send("GET", "/openapi.json", &[], "").await;
        assert_eq!(status, StatusCode::OK);
        let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
        let login = &doc["paths"]["/login"]["post"];
        assert_eq!(login["summary"], "Logs in: sets the session cookie.");
        assert_eq!(
            login["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["$ref"],
            "#/components/schemas/Login"
        );
        let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        assert_eq!(
            paths,
            ["/", "/admin/users", "/api/health", "/docs/{slug}", "/login"]
        );
    }

    #[tokio::test]
    async fn the_proxy_redirects_old_urls() {
        let (status, headers, _) = send(
            "GET",
            "/old/intro/setup?x=1",
            &[("host", "localhost:3001")],
            "",
        )
        .await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(
            get(&headers, "location"),
            ["http://localhost:3001/docs/intro/setup?x=1"]
        );
        let (status, _, body) = send("GET", "/docs/intro/setup", &[], "").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "docs: intro/setup")
        );
    }
}
