//! The router generated from `tests/mw-app/`: folder middleware (nested, in a route
//! group, a tower layer, around `405`/`OPTIONS` and the response cache), the root
//! proxy (continue, rewrite, redirect, direct answer, matcher miss, errors) and the
//! interrupts a handler's helpers raise.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use app_router::RouteTable;
use app_router::prelude::*;
use integration_tests::{Reply, send_with};

app_router::include_routes!(mw, "app_router/mw_routes.rs", state = Gate);

/// The app state: the admin token, and how often the cached stats and report rendered.
#[derive(Clone)]
pub struct Gate {
    pub token: String,
    pub renders: Arc<AtomicUsize>,
    pub reports: Arc<AtomicUsize>,
}

/// The go-ahead the `after` work of `/after` waits for, by `x-key`.
pub fn after_gate(key: &str) -> Arc<tokio::sync::Notify> {
    static GATES: std::sync::Mutex<Vec<(String, Arc<tokio::sync::Notify>)>> =
        std::sync::Mutex::new(Vec::new());
    let mut gates = GATES.lock().unwrap();
    if let Some((_, gate)) = gates.iter().find(|(k, _)| k == key) {
        return Arc::clone(gate);
    }
    let gate = Arc::new(tokio::sync::Notify::new());
    gates.push((key.to_owned(), Arc::clone(&gate)));
    gate
}

/// What `after` work recorded, by `x-key`, and a signal per record.
static AFTER_LOG: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

pub fn after_record(key: &str, what: String) {
    AFTER_LOG.lock().unwrap().push((key.to_owned(), what));
    after_gate(&format!("{key}/done")).notify_one();
}

fn after_log(key: &str) -> Vec<String> {
    AFTER_LOG
        .lock()
        .unwrap()
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, w)| w.clone())
        .collect()
}

/// Waits until `after` work of `key` recorded something; a hang guard, not a timing
/// assertion (the work is released by the test itself).
async fn after_done(key: &str) {
    let done = after_gate(&format!("{key}/done"));
    tokio::time::timeout(std::time::Duration::from_secs(30), done.notified())
        .await
        .expect("the after() work never ran");
}

/// The `x-trace` request headers a handler saw, in order.
pub fn trace(headers: &HeaderMap) -> String {
    let seen: Vec<&str> = headers
        .get_all("x-trace")
        .iter()
        .map(|v| v.to_str().unwrap_or("?"))
        .collect();
    seen.join(",")
}

fn app() -> (Router, Arc<AtomicUsize>) {
    let (app, renders, _) = app_with_reports();
    (app, renders)
}

fn app_with_reports() -> (Router, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let renders = Arc::new(AtomicUsize::new(0));
    let reports = Arc::new(AtomicUsize::new(0));
    let gate = Gate {
        token: "s3cret".into(),
        renders: Arc::clone(&renders),
        reports: Arc::clone(&reports),
    };
    // Each app its own store: tests run at once, and the default store is the process's.
    let cache = app_router::cache::Cache::new(app_router::cache::MemoryStore::default());
    let app = mw::router().with_state(gate).layer(cache.layer());
    (app, renders, reports)
}

async fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Reply {
    send_with(app().0, method, uri, headers, "").await
}

fn header<'a>(reply: &'a Reply, name: &str) -> Vec<&'a str> {
    reply
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

const AUTH: (&str, &str) = ("authorization", "Bearer s3cret");

#[tokio::test]
async fn nested_and_group_middleware_run_root_first() {
    let root = request("GET", "/", &[]).await;
    assert_eq!((root.status, root.body.as_str()), (StatusCode::OK, "root"));
    assert_eq!(header(&root, "x-trace-out"), ["root"]);

    let admin = request("GET", "/admin", &[AUTH]).await;
    assert_eq!(
        (admin.status, admin.body.as_str()),
        (StatusCode::OK, "root,admin")
    );
    // Responses unwind innermost first.
    assert_eq!(header(&admin, "x-trace-out"), ["admin", "root"]);

    let nested = request("GET", "/admin/nested", &[AUTH]).await;
    assert_eq!(nested.body, "root,admin,nested");
    assert_eq!(header(&nested, "x-trace-out"), ["admin", "root"]);
}

#[tokio::test]
async fn a_folder_gate_answers_401_and_its_sibling_stays_open() {
    for (uri, token) in [
        ("/admin", None),
        ("/admin", Some("Bearer wrong")),
        ("/admin/nested", None),
    ] {
        let headers: Vec<(&str, &str)> = token.map(|t| ("authorization", t)).into_iter().collect();
        let reply = request("GET", uri, &headers).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(reply.body, "", "{uri}");
        // The root middleware still wraps the gate's answer.
        assert_eq!(header(&reply, "x-trace-out"), ["root"], "{uri}");
    }
    let open = request("GET", "/open", &[]).await;
    assert_eq!(open.status, StatusCode::OK);
    assert_eq!(open.body, "open /open - trace=root from-proxy=-");
}

#[tokio::test]
async fn middleware_wraps_405_and_automatic_options() {
    // The gate runs before the route's own 405 and OPTIONS answers.
    let denied = request("DELETE", "/admin", &[]).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    let not_allowed = request("DELETE", "/admin", &[AUTH]).await;
    assert_eq!(not_allowed.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&not_allowed, "allow"), ["GET, HEAD, OPTIONS, POST"]);
    assert_eq!(header(&not_allowed, "x-trace-out"), ["admin", "root"]);
    let options = request("OPTIONS", "/admin", &[AUTH]).await;
    assert_eq!(options.status, StatusCode::NO_CONTENT);
    assert_eq!(header(&options, "allow"), ["GET, HEAD, OPTIONS, POST"]);
    assert_eq!(header(&options, "x-trace-out"), ["admin", "root"]);
}

#[tokio::test]
async fn a_tower_http_cors_layer_from_layer_fn() {
    let get = request("GET", "/api/items", &[("origin", "https://a.example")]).await;
    assert_eq!(get.status, StatusCode::OK);
    assert_eq!(get.body, r#"["a","b"]"#);
    assert_eq!(header(&get, "access-control-allow-origin"), ["*"]);

    // A preflight is the layer's answer.
    let preflight = request(
        "OPTIONS",
        "/api/items",
        &[
            ("origin", "https://a.example"),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(header(&preflight, "access-control-allow-origin"), ["*"]);
    assert_eq!(header(&preflight, "access-control-allow-methods"), ["*"]);
    // tower-http's CORS answers every OPTIONS itself, before the route's own.
    let options = request("OPTIONS", "/api/items", &[]).await;
    assert_eq!(options.status, StatusCode::OK);
    assert!(header(&options, "allow").is_empty());
    assert_eq!(header(&options, "access-control-allow-origin"), ["*"]);
    let not_allowed = request("DELETE", "/api/items", &[]).await;
    assert_eq!(not_allowed.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&not_allowed, "access-control-allow-origin"), ["*"]);

    // Never outside its folder.
    let open = request("GET", "/open", &[("origin", "https://a.example")]).await;
    assert!(header(&open, "access-control-allow-origin").is_empty());
}

#[tokio::test]
async fn a_cached_route_behind_the_gate_never_serves_its_body_to_strangers() {
    let (app, renders) = app();
    let first = send_with(app.clone(), "GET", "/admin/stats", &[AUTH], "").await;
    assert_eq!(
        (first.status, first.body.as_str()),
        (StatusCode::OK, "secret stats, render 1")
    );
    for headers in [&[][..], &[("authorization", "Bearer nope")][..]] {
        let stranger = send_with(app.clone(), "GET", "/admin/stats", headers, "").await;
        assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
        assert_eq!(stranger.body, "");
        let head = send_with(app.clone(), "HEAD", "/admin/stats", headers, "").await;
        assert_eq!(head.status, StatusCode::UNAUTHORIZED);
    }
    let again = send_with(app, "GET", "/admin/stats", &[AUTH], "").await;
    assert_eq!(again.body, "secret stats, render 1");
    assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn proxy_continues_with_headers_and_cookies() {
    // A matched route: request header in, response header and cookie out, body intact.
    let echo = send_with(app().0, "POST", "/echo", &[], "the body").await;
    assert_eq!(
        (echo.status, echo.body.as_str()),
        (StatusCode::OK, "echo the body")
    );
    assert_eq!(header(&echo, "x-proxy"), ["next"]);
    assert_eq!(echo.set_cookies(), ["proxied=1; Path=/"]);
    assert_eq!(header(&echo, "x-trace-out"), ["root"]);
    // The 404 fallback goes through the proxy too.
    let missing = request("GET", "/next-headers/x", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "x-proxy"), ["next"]);
}

#[tokio::test]
async fn proxy_rewrites_within_the_app() {
    let rewritten = request("GET", "/rewrite-me?dropped=1", &[]).await;
    assert_eq!(rewritten.status, StatusCode::OK);
    // The route sees the new path and query, the proxy's request header, and runs
    // behind its own middleware; the query of the original URL is not merged.
    assert_eq!(
        rewritten.body,
        "open /open from=proxy trace=root from-proxy=yes"
    );
    assert_eq!(header(&rewritten, "x-proxy"), ["rewrote"]);
    let missing = request("GET", "/rewrite-missing", &[]).await;
    assert_eq!(
        (missing.status, missing.body.as_str()),
        (StatusCode::NOT_FOUND, "")
    );
    // Another origin is an error, not a request to it.
    let outside = request("GET", "/bad-rewrite", &[]).await;
    assert_eq!(
        (outside.status, outside.body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "")
    );
}

#[tokio::test]
async fn proxy_redirects_answers_and_survives_a_panic() {
    let redirect = request("GET", "/old/a/b?q=1", &[("host", "app.example")]).await;
    assert_eq!(redirect.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        header(&redirect, "location"),
        ["http://app.example/new/a/b"]
    );
    let followed = request("GET", "/new/a/b", &[]).await;
    assert_eq!(followed.body, "new a/b");

    let answer = request("GET", "/answer", &[]).await;
    assert_eq!(answer.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(answer.body, "answered by the proxy");
    assert_eq!(header(&answer, "x-proxy"), ["answered"]);
    // The route's middleware did not run: the proxy answered first.
    assert!(header(&answer, "x-trace-out").is_empty());

    let panicked = request("GET", "/proxy-panic", &[]).await;
    assert_eq!(
        (panicked.status, panicked.body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "")
    );
    // The server keeps serving.
    assert_eq!(request("GET", "/", &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_matcher_miss_does_not_run_the_proxy() {
    for uri in ["/", "/open", "/oldish", "/answer/x", "/rewrite-me/x"] {
        let reply = request("GET", uri, &[AUTH]).await;
        assert!(header(&reply, "x-proxy").is_empty(), "{uri}");
    }
    assert_eq!(
        request("GET", "/answer/x", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn interrupts_from_a_nested_helper() {
    let cases = [
        ("not-found", StatusCode::NOT_FOUND, None),
        ("unauthorized", StatusCode::UNAUTHORIZED, None),
        ("forbidden", StatusCode::FORBIDDEN, None),
        (
            "redirect",
            StatusCode::TEMPORARY_REDIRECT,
            Some("/login?next=/a%20b"),
        ),
        (
            "permanent",
            StatusCode::PERMANENT_REDIRECT,
            Some("https://example.com/moved"),
        ),
    ];
    for (what, status, location) in cases {
        let uri = format!("/interrupts?what={what}");
        let reply = request("GET", &uri, &[]).await;
        assert_eq!((reply.status, reply.body.as_str()), (status, ""), "{what}");
        assert_eq!(
            header(&reply, "location"),
            location.into_iter().collect::<Vec<_>>(),
            "{what}"
        );
        // Cookies set through `cookies()` before the interrupt are kept.
        assert_eq!(reply.set_cookies(), ["seen=1; Path=/"], "{what}");
        // Through `HandlerError`, the same answer.
        let post = request("POST", &uri, &[]).await;
        assert_eq!((post.status, post.body.as_str()), (status, ""), "{what}");
        assert_eq!(
            header(&post, "location"),
            location.into_iter().collect::<Vec<_>>(),
            "{what}"
        );
    }
    let fine = request("GET", "/interrupts?what=none", &[]).await;
    assert_eq!(
        (fine.status, fine.body.as_str()),
        (StatusCode::OK, "no interrupt")
    );
}

#[test]
fn the_route_table_shows_the_middleware_of_each_route() {
    let admin = mw::ROUTES
        .iter()
        .find(|r| r.path == "/admin/nested")
        .unwrap();
    assert_eq!(
        admin.middleware,
        [
            "mw-app/middleware.rs",
            "mw-app/(admin)/middleware.rs",
            "mw-app/(admin)/admin/nested/middleware.rs"
        ]
    );
    let items = mw::ROUTES.iter().find(|r| r.path == "/api/items").unwrap();
    assert_eq!(
        items.middleware,
        ["mw-app/middleware.rs", "mw-app/api/middleware.rs"]
    );
    let printed = RouteTable(mw::ROUTES).to_string();
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines[0],
        "Route (app)          Methods                   Revalidate  File                                  Middleware"
    );
    assert!(
        lines.contains(&"├ ƒ /api/items       GET, HEAD, OPTIONS, POST              mw-app/api/items/route.rs             mw-app/middleware.rs → mw-app/api/middleware.rs"),
        "{printed}"
    );
}

/// `prerender` renders cached routes without the proxy and folder middleware (as
/// Next.js prerenders at build time): a gate does not fail it, and visitors still
/// meet the gate and the proxy.
#[tokio::test]
async fn prerender_passes_the_proxy_and_the_gates_visitors_do_not() {
    let (app, _, reports) = app_with_reports();
    let app = mw::prerender(app)
        .await
        .expect("every cached route prerenders");
    assert_eq!(reports.load(std::sync::atomic::Ordering::SeqCst), 1);
    let stranger = send_with(app.clone(), "GET", "/admin/report", &[], "").await;
    assert_eq!(
        (stranger.status, stranger.body.as_str()),
        (StatusCode::UNAUTHORIZED, "")
    );
    let admin = send_with(app.clone(), "GET", "/admin/report", &[AUTH], "").await;
    assert_eq!(admin.body, "report, render 1");
    assert_eq!(header(&admin, "x-nextjs-cache"), ["HIT"]);
    let proxied = send_with(app.clone(), "GET", "/cached-proxied", &[], "").await;
    assert_eq!(
        (proxied.status, proxied.body.as_str()),
        (StatusCode::ACCEPTED, "the proxy answers")
    );
    let api = send_with(
        app,
        "GET",
        "/api/cached",
        &[("origin", "https://a.example")],
        "",
    )
    .await;
    assert_eq!(
        (api.status, api.body.as_str()),
        (StatusCode::OK, "cached api")
    );
    assert_eq!(header(&api, "access-control-allow-origin"), ["*"]);
}

/// Over a real socket with `app_router::serve`: a rewrite keeps the URL the client
/// asked for, and a gated route answers 401 then 200, on one kept-alive connection.
#[tokio::test]
async fn over_a_real_socket() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (app, _) = app();
    let server = tokio::spawn(async move { app_router::serve(listener, app).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut replies = Vec::new();
    for (path, auth) in [
        ("/rewrite-me", ""),
        ("/admin", ""),
        ("/admin", "Authorization: Bearer s3cret\r\n"),
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        // Read one response: the head, then `Content-Length` bytes of body.
        let mut buf = Vec::new();
        let (head, body) = loop {
            let mut chunk = [0u8; 1024];
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the server closed the connection");
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break (head.to_owned(), body[..length].to_owned());
                }
            }
        };
        replies.push((head.lines().next().unwrap().to_owned(), body));
    }
    assert_eq!(
        replies,
        [
            (
                "HTTP/1.1 200 OK".to_owned(),
                "open /open from=proxy trace=root from-proxy=yes".to_owned()
            ),
            ("HTTP/1.1 401 Unauthorized".to_owned(), String::new()),
            ("HTTP/1.1 200 OK".to_owned(), "root,admin".to_owned()),
        ]
    );
    server.abort();
}

/// The JSON manifest of the fixture (read it: paths, kinds, params, rendering,
/// middleware), and it parses back.
#[test]
fn the_manifest_as_json() {
    let json = RouteTable(mw::ROUTES).to_json();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["routes"].as_array().unwrap().len(), mw::ROUTES.len());
    insta::assert_snapshot!(json);
}

/// One request over a real socket; the response read to its last byte.
async fn http_get(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &str,
) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}Content-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

/// `after()` work starts once the response is out: the client has every byte while the
/// work is still waiting; then it runs with the request's headers.
#[tokio::test]
async fn after_work_runs_once_the_response_is_sent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { app_router::serve(listener, app().0).await });
    let (status, body) = http_get(addr, "GET", "/after", "x-key: sent\r\nx-visitor: v1\r\n").await;
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", "sent")
    );
    // The whole response arrived; the work has not run (it waits for us).
    assert!(after_log("sent").is_empty());
    after_gate("sent").notify_one();
    after_done("sent").await;
    assert_eq!(after_log("sent"), ["ran for v1"]);

    // It runs after an interrupt too.
    let (status, _) = http_get(addr, "POST", "/after", "x-key: interrupted\r\n").await;
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    after_done("interrupted").await;
    assert_eq!(after_log("interrupted"), ["ran after 404"]);
    server.abort();
}

/// Graceful shutdown waits for `after()` work still running.
#[tokio::test]
async fn graceful_shutdown_waits_for_after_work() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        app_router::serve(listener, app().0)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        // What the work recorded when the server returned.
        after_log("shutdown")
    });
    let (status, _) = http_get(addr, "GET", "/after", "x-key: shutdown\r\n").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    stop.send(()).unwrap();
    after_gate("shutdown").notify_one();
    let seen_by_server = tokio::time::timeout(std::time::Duration::from_secs(30), server)
        .await
        .expect("the server shut down")
        .unwrap();
    assert_eq!(seen_by_server, ["ran for -"]);
}
