//! Hostile URLs and headers over a real socket, as raw HTTP/1.1 bytes (no client
//! library to tidy them up): a bad `Host` is `400`, never a `500` or a forged URL; dot
//! segments are redirected before a parameter can capture them; escaped traversal and
//! NUL in a parameter are `400`.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use app_router::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

app_router::include_routes!(state = Counter);

/// The app state of the fixture (see `http_tree.rs`).
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicUsize>);

/// Serves `tests/app` on a fresh loopback port, nested under `prefix` when given.
async fn serve(prefix: Option<&str>) -> std::net::SocketAddr {
    let app = routes::router().with_state(Counter::default());
    let app = match prefix {
        Some(prefix) => Router::new().nest(prefix, app),
        None => app,
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { app_router::serve(listener, app).await.unwrap() });
    addr
}

/// Sends `head` (request line and headers, without the final blank line) on a new
/// connection and returns the status line, the named headers and the body.
async fn raw(addr: std::net::SocketAddr, head: &str) -> (String, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("{head}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_bad_host_is_400_and_never_a_forged_url() {
    let addr = serve(None).await;
    let bad_host = "the request's host is not a valid `host[:port]`";
    let cases = [
        ("Host: evil.com/path?x", bad_host),
        ("Host: ", bad_host),
        ("Host: user@evil.com", bad_host),
        ("Host: evil.com:99999", bad_host),
        ("Host: [::1", bad_host),
        (
            "Host: a.example\r\nHost: b.example",
            "the request has more than one `Host` header",
        ),
    ];
    for (host, message) in cases {
        for method in ["GET", "POST"] {
            let (status, headers, body) =
                raw(addr, &format!("{method} /api/whoami HTTP/1.1\r\n{host}")).await;
            assert_eq!(status, "HTTP/1.1 400 Bad Request", "{method} {host:?}");
            assert_eq!(body, message, "{method} {host:?}");
            assert_eq!(header(&headers, "location"), None);
        }
    }
}

#[tokio::test]
async fn the_url_comes_from_a_valid_authority() {
    let addr = serve(None).await;
    let (status, _, body) = raw(
        addr,
        "GET /api/whoami?x=1 HTTP/1.1\r\nHost: shop.example:8080",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, "http://shop.example:8080/api/whoami?x=1");
    let (_, _, body) = raw(addr, "GET /api/whoami HTTP/1.1\r\nHost: [::1]:3000").await;
    assert_eq!(body, "http://[::1]:3000/api/whoami");
    // RFC 9112 §3.2.2: an absolute-form target's authority wins over `Host`.
    let (status, _, body) = raw(
        addr,
        "GET http://a.example/api/whoami HTTP/1.1\r\nHost: b.example",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, "http://a.example/api/whoami");
    let (status, headers, _) = raw(addr, "POST /api/whoami HTTP/1.1\r\nHost: shop.example").await;
    assert_eq!(status, "HTTP/1.1 307 Temporary Redirect");
    assert_eq!(
        header(&headers, "location"),
        Some("http://shop.example/api/users/1")
    );
}

#[tokio::test]
async fn dot_segments_are_redirected_before_a_param_captures_them() {
    let addr = serve(None).await;
    let cases = [
        ("/files/../../etc/passwd", "/etc/passwd"),
        ("/files/a/%2e%2e/%2E%2E/etc/passwd?x=1", "/etc/passwd?x=1"),
        ("/files/a/./b", "/files/a/b"),
        ("/api/users/..", "/api"),
        ("/api/users/.%2e/posts/1", "/api/posts/1"),
        ("/api/./whoami", "/api/whoami"),
        ("/docs/x/..", "/docs"),
        ("/caf%C3%A9/static/..", "/caf%C3%A9"),
    ];
    for (target, location) in cases {
        for method in ["GET", "DELETE", "OPTIONS"] {
            let (status, headers, body) =
                raw(addr, &format!("{method} {target} HTTP/1.1\r\nHost: x")).await;
            assert_eq!(
                status, "HTTP/1.1 308 Permanent Redirect",
                "{method} {target}"
            );
            assert_eq!(
                header(&headers, "location"),
                Some(location),
                "{method} {target}"
            );
            assert_eq!(body, "");
        }
    }
}

#[tokio::test]
async fn dot_segment_redirects_keep_the_nest_prefix() {
    let addr = serve(Some("/v1")).await;
    let (status, headers, _) = raw(addr, "GET /v1/files/a/../b HTTP/1.1\r\nHost: x").await;
    assert_eq!(status, "HTTP/1.1 308 Permanent Redirect");
    assert_eq!(header(&headers, "location"), Some("/v1/files/b"));
    let (status, headers, _) = raw(addr, "GET /v1/api/users/7/ HTTP/1.1\r\nHost: x").await;
    assert_eq!(status, "HTTP/1.1 308 Permanent Redirect");
    assert_eq!(header(&headers, "location"), Some("/v1/api/users/7"));
}

#[tokio::test]
async fn escaped_traversal_and_nul_in_params_are_400() {
    let addr = serve(None).await;
    let cases = [
        ("/files/..%2F..%2Fetc%2Fpasswd", "path"),
        ("/files/a/%2e%2e%2fsecret", "path"),
        ("/files/a%5C..%5Cb", "path"),
        ("/api/users/..%2Fadmin", "id"),
        ("/api/users/a%00b", "id"),
        ("/docs/%00", "slug"),
    ];
    for (target, name) in cases {
        let (status, _, body) = raw(addr, &format!("GET {target} HTTP/1.1\r\nHost: x")).await;
        assert_eq!(status, "HTTP/1.1 400 Bad Request", "{target}");
        assert_eq!(
            body,
            format!("URL parameter `{name}` holds a NUL byte or a `.`/`..` path segment"),
            "{target}"
        );
    }
    // Dots inside a name and an escaped slash between names are values, as in Next.js.
    let (status, _, body) = raw(addr, "GET /files/...%2F.env/a..b HTTP/1.1\r\nHost: x").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, r#"{"path":[".../.env","a..b"]}"#);
}
