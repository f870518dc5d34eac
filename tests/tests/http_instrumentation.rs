//! The router generated from `tests/inst-app/`, whose root `instrumentation.rs` has
//! `register()` and `on_request_error()`: register runs once before the first request,
//! and every handler error, panic and `MAX_DURATION` timeout is reported with Next.js'
//! context fields, also from a page and from the background regeneration of a cached
//! route.

use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use app_router::prelude::*;
use integration_tests::{Reply, send_with};

app_router::include_routes!(inst, "app_router/inst_routes.rs");

/// How many times `register()` ran.
pub static REGISTERED: AtomicUsize = AtomicUsize::new(0);

static REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records one report of `on_request_error`.
pub fn report(line: String) {
    REPORTS.lock().unwrap().push(line);
}

/// Waits until `n` reports have arrived (they are sent after the response), then takes
/// them.
async fn reports(n: usize) -> Vec<String> {
    for _ in 0..200 {
        if REPORTS.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    std::mem::take(&mut *REPORTS.lock().unwrap())
}

async fn get(app: &Router, uri: &str) -> Reply {
    send_with(app.clone(), "GET", uri, &[("x-trace", "t-1")], "").await
}

#[tokio::test]
async fn register_runs_once_first_and_every_failure_is_reported_with_its_context() {
    let app = inst::router();

    // Five concurrent first requests: each waits for `register()`, which runs once.
    let first = futures_util::future::join_all((1..=5).map(|i| {
        let app = app.clone();
        async move { get(&app, &format!("/api/users/{i}")).await }
    }))
    .await;
    for (i, r) in first.iter().enumerate() {
        assert_eq!(
            (r.status.as_u16(), r.body.as_str()),
            (200, format!("user {}, registered=1", i + 1).as_str())
        );
    }
    assert_eq!(REGISTERED.load(std::sync::atomic::Ordering::SeqCst), 1);

    // An error returned by the handler, a panic, a timeout, a panicking page.
    let r = get(&app, "/api/users/error?q=1").await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (500, ""));
    let r = get(&app, "/api/users/panic").await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (500, ""));
    let r = get(&app, "/slow").await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (504, ""));
    let r = get(&app, "/news").await;
    assert_eq!(r.status.as_u16(), 500);
    let mut got = reports(4).await;
    got.sort();
    assert_eq!(
        got,
        [
            "handler error | GET /api/users/error?q=1 x-trace=t-1 | App Router /api/users/[id] route - | the database is gone | digest 1705531494",
            "panic | GET /api/users/panic x-trace=t-1 | App Router /api/users/[id] route - | user panic exploded | digest 727352764",
            "panic | GET /news x-trace=t-1 | App Router /news render - | the news page broke | digest 1899147251",
            "timeout | GET /slow x-trace=t-1 | App Router /slow route - | exceeded MAX_DURATION of 1s | digest 1536376956",
        ]
    );

    // A cached route whose background regeneration fails: `revalidate_reason` "stale",
    // the render's own request (no visitor headers), and the stale copy is still served.
    let r = get(&app, "/isr").await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "isr run 1"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = get(&app, "/isr").await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.headers["x-nextjs-cache"].to_str().unwrap(),
            r.body.as_str()
        ),
        (200, "STALE", "isr run 1")
    );
    assert_eq!(
        reports(1).await,
        [
            "handler error | GET /isr x-trace=- | App Router /isr route stale | render 2 failed | digest 3868368540"
        ]
    );

    // Requests that succeed report nothing.
    assert_eq!(get(&app, "/api/users/9").await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(REPORTS.lock().unwrap().len(), 0);
    assert_eq!(REGISTERED.load(std::sync::atomic::Ordering::SeqCst), 1);
}
