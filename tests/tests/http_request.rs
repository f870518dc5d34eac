//! The request and response API (`NextRequest`, `NextResponse`, `cookies()`,
//! `headers()`) through real routers: exact statuses, headers and `Set-Cookie` strings,
//! and every bad input as a clear answer, never a panic.

use app_router::prelude::*;
use app_router::{SearchParams, TrustProxy};
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use http_body_util::BodyExt;
use integration_tests::{Reply, send_with};
use tower::ServiceExt;

#[route_handlers]
mod inspect {
    use app_router::prelude::*;

    pub async fn GET(request: NextRequest) -> NextResponse {
        let url = request.next_url();
        let cookies = request.cookies();
        let params = url.search_params();
        NextResponse::json(&json!({
            "token": cookies.get("token"),
            "all_a": cookies.get_all("a"),
            "has_b": cookies.has("b"),
            "cookie_names": cookies.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "pathname": url.pathname(),
            "tags": params.get_all("tag"),
            "q": params.get("q"),
            "has_flag": params.has("flag"),
            "href": request.url(),
        }))
    }

    pub async fn POST(request: NextRequest) -> Result<NextResponse, BodyError> {
        let value: serde_json::Value = request.json().await?;
        Ok(NextResponse::json(&json!({ "received": value })).with_status(StatusCode::CREATED))
    }

    pub async fn PUT(request: NextRequest) -> Result<String, BodyError> {
        request.text().await
    }

    pub async fn PATCH(request: NextRequest) -> Result<String, BodyError> {
        let form: std::collections::BTreeMap<String, String> = request.form().await?;
        Ok(format!("{form:?}"))
    }

    pub async fn DELETE(request: NextRequest) -> Result<String, BodyError> {
        let bytes = request.bytes().await?;
        Ok(format!("delete {}", bytes.len()))
    }

    pub async fn OPTIONS(request: NextRequest) -> Result<String, BodyError> {
        request.text().await.map(|t| format!("options {t}"))
    }
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Shape {
    x: u32,
}

#[route_handlers]
mod shaped {
    use app_router::prelude::*;

    pub async fn POST(request: NextRequest) -> Result<String, BodyError> {
        let shape: super::Shape = request.json().await?;
        Ok(shape.x.to_string())
    }
}

#[route_handlers]
mod stream_body {
    use app_router::prelude::*;
    use futures_util::StreamExt;

    pub async fn POST(request: NextRequest) -> String {
        let mut stream = request.into_body().into_data_stream();
        let mut chunks = 0;
        while let Some(Ok(_)) = stream.next().await {
            chunks += 1;
        }
        format!("{chunks} chunks")
    }
}

async fn remember(name: &str) -> Result<(), HandlerError> {
    app_router::cookies()?.set(name, "from-helper", CookieOptions::default())?;
    Ok(())
}

async fn custom_header() -> Result<Option<String>, HandlerError> {
    let headers = app_router::headers()?;
    Ok(headers
        .get("x-custom")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned))
}

#[route_handlers]
mod helpers {
    use app_router::prelude::*;

    pub async fn GET() -> Result<NextResponse, HandlerError> {
        let jar = app_router::cookies()?;
        let seen = jar.get("seen");
        super::remember("visited").await?;
        super::remember("theme").await?;
        jar.delete("old")?;
        let custom = super::custom_header().await?;
        let mut response = NextResponse::json(
            &json!({ "seen": seen, "custom": custom, "has_visited": jar.has("visited") }),
        );
        // The handler's own cookie of the same name wins over the helper's.
        response
            .cookies()
            .set("theme", "from-handler", CookieOptions::default())?;
        Ok(response)
    }
}

#[route_handlers]
mod responses {
    use app_router::prelude::*;

    pub async fn GET(
        url: NextUrl,
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> Result<NextResponse, ResponseError> {
        match q.get("case").map(String::as_str) {
            Some("relative") => url.redirect("../hello?x=1"),
            Some("absolute") => NextResponse::permanent_redirect("https://example.com/a b"),
            Some("see-other") => {
                NextResponse::redirect_with_status("https://example.com/", StatusCode::SEE_OTHER)
            }
            Some("bad-status") => {
                NextResponse::redirect_with_status("https://example.com/", StatusCode::OK)
            }
            Some("not-url") => NextResponse::redirect("not a url"),
            Some("crlf") => NextResponse::new("x").with_header("x-a", "b\r\nset-cookie: evil=1"),
            Some("bad-cookie") => {
                let mut r = NextResponse::new("x");
                r.cookies().set("a;b", "1", CookieOptions::default())?;
                Ok(r)
            }
            Some("not-found") => Ok(NextResponse::not_found()),
            _ => Ok(NextResponse::json(&json!({ "ok": true }))
                .with_status(StatusCode::ACCEPTED)
                .with_header("x-thing", "a")?
                .with_header("x-thing", "b")?),
        }
    }

    pub async fn POST() -> Result<NextResponse, ResponseError> {
        let mut response = NextResponse::new("cookies");
        response.cookies().set(
            "session",
            "a b;c",
            CookieOptions {
                path: Some("/app".into()),
                domain: Some("example.com".into()),
                expires: Some(
                    std::time::SystemTime::UNIX_EPOCH
                        + std::time::Duration::from_secs(1_700_000_000),
                ),
                max_age: Some(std::time::Duration::from_secs(60)),
                secure: true,
                http_only: true,
                same_site: Some(SameSite::Strict),
                partitioned: true,
            },
        )?;
        response
            .cookies()
            .set("plain", "1", CookieOptions::default())?;
        response.cookies().delete("token")?;
        Ok(response)
    }

    pub async fn DELETE() -> Result<String, HandlerError> {
        let n: u32 = "not a number".parse()?;
        Ok(n.to_string())
    }
}

#[route_handlers]
mod streaming {
    use app_router::prelude::*;

    pub async fn GET(
        axum::extract::State(rx): axum::extract::State<super::Chunks>,
    ) -> NextResponse {
        let rx = rx.0.lock().unwrap().take().unwrap();
        let stream = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv()
                .await
                .map(|chunk: &'static str| (Ok::<_, std::io::Error>(chunk), rx))
        });
        NextResponse::stream(stream)
    }
}

#[derive(Clone)]
struct Chunks(std::sync::Arc<std::sync::Mutex<Option<tokio::sync::mpsc::Receiver<&'static str>>>>);

fn app() -> Router {
    Router::new()
        .route("/inspect", inspect::router())
        .route("/shaped", shaped::router())
        .route("/stream-body", stream_body::router())
        .route("/helpers", helpers::router())
        .route("/responses", responses::router())
}

fn json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap()
}

#[tokio::test]
async fn cookies_url_and_search_params() {
    let r = send_with(
        app(),
        "GET",
        "/inspect?tag=a&tag=b%20c&q=x+y&flag",
        &[
            ("host", "example.com:8080"),
            ("cookie", "a=1; broken; token=abc; a=2"),
            ("cookie", "b=%E2%9C%93"),
        ],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        json(&r),
        json!({
            "token": "abc", "all_a": ["1", "2"], "has_b": true,
            "cookie_names": ["a", "token", "a", "b"],
            "pathname": "/inspect", "tags": ["a", "b c"], "q": "x y", "has_flag": true,
            "href": "http://example.com:8080/inspect?tag=a&tag=b%20c&q=x+y&flag",
        })
    );
}

#[tokio::test]
async fn forwarded_headers_only_with_trust_proxy() {
    let headers = [
        ("host", "internal:3000"),
        ("x-forwarded-host", "example.com"),
        ("x-forwarded-proto", "https"),
    ];
    let r = send_with(app(), "GET", "/inspect", &headers, "").await;
    assert_eq!(json(&r)["href"], "http://internal:3000/inspect");
    let trusted = app().layer(axum::Extension(TrustProxy));
    let r = send_with(trusted, "GET", "/inspect", &headers, "").await;
    assert_eq!(json(&r)["href"], "https://example.com/inspect");
}

#[tokio::test]
async fn pathname_is_the_one_the_client_sent_under_nest() {
    let nested = Router::new().nest("/v1", app());
    let r = send_with(nested, "GET", "/v1/inspect", &[("host", "h")], "").await;
    assert_eq!(json(&r)["pathname"], "/v1/inspect");
}

#[tokio::test]
async fn body_readers() {
    let ct = [("content-type", "application/json")];
    let r = send_with(app(), "POST", "/inspect", &ct, r#"{"x":1}"#).await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::CREATED, r#"{"received":{"x":1}}"#)
    );
    let r = send_with(app(), "PUT", "/inspect", &[], "plain text").await;
    assert_eq!(r.body, "plain text");
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let r = send_with(app(), "PATCH", "/inspect", &form, "a=1&b=x+y").await;
    assert_eq!(r.body, r#"{"a": "1", "b": "x y"}"#);
    let r = send_with(app(), "DELETE", "/inspect", &[], "12345").await;
    assert_eq!(r.body, "delete 5");
    let r = send_with(app(), "OPTIONS", "/inspect", &[], "bar").await;
    assert_eq!(r.body, "options bar");
    let r = send_with(app(), "POST", "/stream-body", &[], "abc").await;
    assert_eq!(r.body, "1 chunks");
}

#[tokio::test]
async fn bad_bodies_get_clear_4xx() {
    let ct = [("content-type", "application/json")];
    let r = send_with(app(), "POST", "/inspect", &ct, "{bad").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.body,
        "Failed to parse the request body as JSON: key must be a string at line 1 column 2"
    );
    let r = send_with(app(), "POST", "/shaped", &ct, r#"{"x":"no"}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.body,
        "Failed to deserialize the JSON body into the target type: x: invalid type: string \"no\", expected u32 at line 1 column 9"
    );
    // As `Request.json()` in Next.js: the content type is not checked.
    let r = send_with(app(), "POST", "/inspect", &[], r#"{"x":1}"#).await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::CREATED, r#"{"received":{"x":1}}"#)
    );
    let plain = [("content-type", "text/plain")];
    let r = send_with(app(), "POST", "/shaped", &plain, r#"{"x":7}"#).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "7"));
    let r = send_with(app(), "POST", "/shaped", &plain, r#"{"x":"no"}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let big = "x".repeat(2 * 1024 * 1024 + 1);
    let r = send_with(app(), "PUT", "/inspect", &[], &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.body,
        "Failed to buffer the request body: length limit exceeded"
    );
    let small = app().layer(DefaultBodyLimit::max(4));
    let r = send_with(small, "DELETE", "/inspect", &[], "12345").await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn cookies_and_headers_from_helpers() {
    let r = send_with(
        app(),
        "GET",
        "/helpers",
        &[("cookie", "seen=yes; old=1"), ("x-custom", "hi")],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        json(&r),
        json!({ "seen": "yes", "custom": "hi", "has_visited": true })
    );
    assert_eq!(
        r.set_cookies(),
        [
            "theme=from-handler; Path=/",
            "visited=from-helper; Path=/",
            "old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ]
    );
}

#[tokio::test]
async fn cookies_and_headers_outside_a_request_are_errors() {
    let err = app_router::cookies().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("`cookies()` was called outside a request"),
        "{err}"
    );
    assert!(app_router::headers().is_err());
}

#[tokio::test]
async fn response_builders() {
    let r = send_with(app(), "GET", "/responses", &[], "").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::ACCEPTED, r#"{"ok":true}"#)
    );
    assert_eq!(r.headers["content-type"], "application/json");
    let things: Vec<_> = r.headers.get_all("x-thing").iter().collect();
    assert_eq!(things, ["a", "b"]);

    let r = send_with(
        app(),
        "GET",
        "/x/responses?case=relative",
        &[("host", "example.com")],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let nested = Router::new().nest("/api/v1", app());
    let r = send_with(
        nested,
        "GET",
        "/api/v1/responses?case=relative",
        &[("host", "example.com")],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(r.headers["location"], "http://example.com/api/hello?x=1");
    assert_eq!(r.body, "");

    let r = send_with(app(), "GET", "/responses?case=see-other", &[], "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "https://example.com/");
    let r = send_with(app(), "GET", "/responses?case=not-found", &[], "").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::NOT_FOUND, ""));
}

#[tokio::test]
async fn invalid_response_inputs_are_500_with_empty_body() {
    for case in ["absolute", "bad-status", "not-url", "crlf", "bad-cookie"] {
        let r = send_with(app(), "GET", &format!("/responses?case={case}"), &[], "").await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, ""),
            "{case}"
        );
        assert!(r.headers.get("set-cookie").is_none(), "{case}");
        assert!(r.headers.get("location").is_none(), "{case}");
    }
    let r = send_with(app(), "DELETE", "/responses", &[], "").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "")
    );
}

#[tokio::test]
async fn response_cookies_serialize_exactly() {
    let r = send_with(app(), "POST", "/responses", &[], "").await;
    assert_eq!(
        r.set_cookies(),
        [
            "session=a%20b%3Bc; HttpOnly; SameSite=Strict; Partitioned; Secure; Path=/app; Domain=example.com; Max-Age=60; Expires=Tue, 14 Nov 2023 22:13:20 GMT",
            "plain=1; Path=/",
            "token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ]
    );
}

#[tokio::test]
async fn streamed_bodies_send_the_first_chunk_before_the_last_exists() {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let app = Router::new()
        .route("/stream", streaming::router())
        .with_state(Chunks(std::sync::Arc::new(std::sync::Mutex::new(Some(rx)))));
    let response = app
        .oneshot(
            axum::http::Request::get("/stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let mut body = response.into_body();
    tx.send("a").await.unwrap();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(first, "a");
    tx.send("bc").await.unwrap();
    drop(tx);
    let second = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(second, "bc");
    assert!(body.frame().await.is_none());
}

#[test]
fn search_params_and_url_join() {
    let p = SearchParams::parse("a=%zz&b=%E2%9C%93");
    assert_eq!(p.get("a"), Some("%zz"));
    assert_eq!(p.get("b"), Some("✓"));
    let url = app_router::NextUrl::new("https", "example.com", "/a/b/c?q=1");
    assert_eq!(url.join("d").unwrap(), "https://example.com/a/b/d");
    assert_eq!(url.join("./d/../e").unwrap(), "https://example.com/a/b/e");
    assert_eq!(url.join("/x?y=1#f").unwrap(), "https://example.com/x?y=1#f");
    assert_eq!(url.join("?z").unwrap(), "https://example.com/a/b/c?z");
    assert_eq!(
        url.join("//cdn.example/x").unwrap(),
        "https://cdn.example/x"
    );
    assert_eq!(url.join("http://other/").unwrap(), "http://other/");
    assert!(url.join("a b").is_err());
}
