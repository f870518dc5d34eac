//! `app_router::serve` over a real socket: a client that stalls mid-head is
//! disconnected after the header-read timeout while others are served, kept-alive
//! connections are reused and then closed when idle, a graceful shutdown finishes the
//! request in flight and refuses new ones, and `max_connections` holds.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};

/// A bound on every wait, so that a broken server fails the test instead of hanging it.
const BOUND: Duration = Duration::from_secs(20);

fn hello() -> Router {
    Router::new().route("/", get(|| async { "hello" })).route(
        "/who",
        get(|ConnectInfo(addr): ConnectInfo<SocketAddr>| async move { addr.ip().to_string() }),
    )
}

async fn listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// Reads one response with a `Content-Length` body from a kept-alive connection.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = tokio::time::timeout(BOUND, stream.read(&mut buf))
            .await
            .expect("a response within the bound")
            .unwrap();
        assert_ne!(n, 0, "connection closed before a full response: {bytes:?}");
        bytes.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&bytes);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .expect("a content-length")
                .parse()
                .unwrap();
            if body.len() >= length {
                return text.into_owned();
            }
        }
    }
}

/// Waits until the peer closes the connection; returns what it sent before.
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    tokio::time::timeout(BOUND, stream.read_to_end(&mut bytes))
        .await
        .expect("the server closes the connection within the bound")
        .unwrap();
    bytes
}

async fn get_once(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    String::from_utf8(read_to_close(&mut stream).await).unwrap()
}

#[tokio::test]
async fn a_client_stalled_mid_head_is_closed_while_others_are_served() {
    let (listener, addr) = listener().await;
    let server =
        app_router::serve(listener, hello()).header_read_timeout(Duration::from_millis(300));
    tokio::spawn(server.into_future());

    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled
        .write_all(b"GET / HTTP/1.1\r\nHost: loc")
        .await
        .unwrap();

    // Served while the stalled client holds its connection.
    let answer = get_once(addr, "/").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nhello"), "{answer}");

    // hyper answers a header-read timeout by closing, without a response.
    assert_eq!(read_to_close(&mut stalled).await, b"");

    let answer = get_once(addr, "/").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
}

#[tokio::test]
async fn kept_alive_connections_are_reused_then_closed_when_idle() {
    let (listener, addr) = listener().await;
    let server =
        app_router::serve(listener, hello()).header_read_timeout(Duration::from_millis(300));
    tokio::spawn(server.into_future());

    let mut stream = TcpStream::connect(addr).await.unwrap();
    for _ in 0..3 {
        stream
            .write_all(b"GET /who HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        let answer = read_response(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        // ConnectInfo is there without `into_make_service_with_connect_info`.
        assert!(answer.ends_with("\r\n\r\n127.0.0.1"), "{answer}");
    }
    // Idle past the header-read timeout: closed.
    assert_eq!(read_to_close(&mut stream).await, b"");
}

#[tokio::test]
async fn keep_alive_off_closes_after_each_response() {
    let (listener, addr) = listener().await;
    tokio::spawn(
        app_router::serve(listener, hello())
            .keep_alive(false)
            .into_future(),
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let answer = String::from_utf8(read_to_close(&mut stream).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.contains("\r\nconnection: close\r\n"), "{answer}");
}

#[tokio::test]
async fn graceful_shutdown_finishes_the_request_in_flight() {
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let app = {
        let (entered, release) = (entered.clone(), release.clone());
        Router::new().route(
            "/slow",
            get(move || async move {
                entered.notify_one();
                release.notified().await;
                "finished"
            }),
        )
    };
    let (listener, addr) = listener().await;
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(
        app_router::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_rx.await;
            })
            .into_future(),
    );

    let mut in_flight = TcpStream::connect(addr).await.unwrap();
    in_flight
        .write_all(b"GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    tokio::time::timeout(BOUND, entered.notified())
        .await
        .unwrap();
    stop_tx.send(()).unwrap();

    // The listener closes: new clients are refused.
    tokio::time::timeout(BOUND, async {
        while TcpStream::connect(addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the listener closes after the signal");
    assert!(
        !server.is_finished(),
        "the server waits for the request in flight"
    );

    release.notify_one();
    // The request in flight is answered in full, then its connection closes.
    let answer = String::from_utf8(read_to_close(&mut in_flight).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nfinished"), "{answer}");
    let result = tokio::time::timeout(BOUND, server).await.unwrap().unwrap();
    assert!(result.is_ok());
}

#[tokio::test]
async fn shutdown_timeout_closes_requests_that_never_finish() {
    let app = Router::new().route("/never", get(std::future::pending::<&'static str>));
    let (listener, addr) = listener().await;
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(
        app_router::serve(listener, app)
            .shutdown_timeout(Duration::from_millis(200))
            .with_graceful_shutdown(async move {
                let _ = stop_rx.await;
            })
            .into_future(),
    );
    let mut stuck = TcpStream::connect(addr).await.unwrap();
    stuck
        .write_all(b"GET /never HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    // Make sure the connection was accepted before stopping.
    let answer = get_once(addr, "/never-route").await;
    assert!(answer.starts_with("HTTP/1.1 404 Not Found\r\n"), "{answer}");
    stop_tx.send(()).unwrap();
    let result = tokio::time::timeout(BOUND, server).await.unwrap().unwrap();
    assert!(result.is_ok());
    assert_eq!(read_to_close(&mut stuck).await, b"");
}

#[tokio::test]
async fn max_connections_holds_further_clients_until_one_closes() {
    let in_handler = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let order = Arc::new(Mutex::new(Vec::new()));
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let app = {
        let (in_handler, most, order) = (in_handler.clone(), most.clone(), order.clone());
        let (entered, release) = (entered.clone(), release.clone());
        Router::new().route(
            "/{name}",
            get(
                move |axum::extract::Path(name): axum::extract::Path<String>| async move {
                    let now = in_handler.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    order.lock().unwrap().push(name.clone());
                    if name == "a" {
                        entered.notify_one();
                        release.notified().await;
                    }
                    in_handler.fetch_sub(1, Ordering::SeqCst);
                    name
                },
            ),
        )
    };
    let (listener, addr) = listener().await;
    tokio::spawn(
        app_router::serve(listener, app)
            .max_connections(1)
            .into_future(),
    );

    let mut a = TcpStream::connect(addr).await.unwrap();
    a.write_all(b"GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    tokio::time::timeout(BOUND, entered.notified())
        .await
        .unwrap();

    // B connects (the kernel queues it) and asks; it is not served while A is open.
    let b = tokio::spawn(get_once(addr, "/b"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(*order.lock().unwrap(), ["a"]);

    release.notify_one();
    let answer = read_response(&mut a).await;
    assert!(answer.ends_with("\r\n\r\na"), "{answer}");
    drop(a);
    let answer = tokio::time::timeout(BOUND, b).await.unwrap().unwrap();
    assert!(answer.ends_with("\r\n\r\nb"), "{answer}");
    assert_eq!(*order.lock().unwrap(), ["a", "b"]);
    assert_eq!(most.load(Ordering::SeqCst), 1);
}
