//! In-process dispatch: one request through the generated router of a synthetic app
//! (10, 100, 1,000 routes; static, JSON, `[id]` and `[...path]` routes) and through the
//! same routes written by hand in plain axum, with `tower::ServiceExt::oneshot`.
//!
//! Run with `cargo bench -p app-router-bench --bench dispatch` (or `benches/run`, which
//! reads the medians from `$CRITERION_HOME/dispatch_*/`).

use std::hint::black_box;

use app_router::__private::{CachePolicy, RouteBuilder, finish, prerender};
use app_router_bench::synth;
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::routing::get;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use tower::ServiceExt;

macro_rules! tree {
    ($generated:ident, $handwritten:ident, $n:literal, $file:literal) => {
        // The generated router of the synthetic app.
        app_router::include_routes!($generated, $file);
        /// The same app, written by hand.
        #[allow(clippy::all)]
        pub mod $handwritten {
            include!(concat!(env!("OUT_DIR"), "/tree", $n, "/handwritten.rs"));
        }
    };
}

tree!(generated_10, handwritten_10, "10", "tree10/routes.rs");
tree!(generated_100, handwritten_100, "100", "tree100/routes.rs");
tree!(
    generated_1000,
    handwritten_1000,
    "1000",
    "tree1000/routes.rs"
);

fn request(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("a valid request")
}

/// A request with the headers a browser sends on a navigation.
fn browser_request(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header("host", "shop.example")
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        )
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .header("accept-language", "en-US,en;q=0.5")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .header("cookie", "session=3f9a2c; theme=dark; consent=1")
        .header("referer", "https://shop.example/")
        .header("sec-fetch-mode", "navigate")
        .body(Body::empty())
        .expect("a valid request")
}

/// Both routers must answer every probe, and the same way, or the comparison means
/// nothing.
fn check_same_answers(runtime: &tokio::runtime::Runtime, n: usize, apps: [&Router; 2]) {
    runtime.block_on(async {
        for probe in synth::probes(&synth::routes(n)) {
            for app in apps {
                let response = app
                    .clone()
                    .oneshot(request(&probe.example_url()))
                    .await
                    .expect("routers are infallible");
                assert_eq!(response.status(), StatusCode::OK, "{}", probe.example_url());
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .expect("a readable body")
                    .to_bytes();
                assert_eq!(body, probe.expected_body(), "{}", probe.example_url());
            }
        }
        for app in apps {
            let response = app.clone().oneshot(request("/nope/nope")).await;
            let status = response.expect("routers are infallible").status();
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    });
}

fn dispatch(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let trees: [(usize, Router, Router, usize); 3] = [
        (
            10,
            generated_10::router(),
            handwritten_10::router(),
            generated_10::ROUTES.len(),
        ),
        (
            100,
            generated_100::router(),
            handwritten_100::router(),
            generated_100::ROUTES.len(),
        ),
        (
            1000,
            generated_1000::router(),
            handwritten_1000::router(),
            generated_1000::ROUTES.len(),
        ),
    ];
    for (n, generated, handwritten, table_len) in trees {
        assert_eq!(table_len, n, "the generated table has every route");
        check_same_answers(&runtime, n, [&generated, &handwritten]);
        let mut group = c.benchmark_group(format!("dispatch_{n}"));
        let mut probes: Vec<(&str, String)> = synth::probes(&synth::routes(n))
            .iter()
            .map(|p| (p.kind.name(), p.example_url()))
            .collect();
        probes.push(("not_found", "/nope/nope".to_owned()));
        for (kind, uri) in &probes {
            for (name, app) in [("generated", &generated), ("handwritten", &handwritten)] {
                group.bench_with_input(BenchmarkId::new(name, kind), uri, |b, uri| {
                    b.to_async(&runtime).iter_batched(
                        || (app.clone(), request(uri)),
                        |(app, request)| async move {
                            black_box(app.oneshot(request).await.expect("infallible"))
                        },
                        BatchSize::SmallInput,
                    );
                });
            }
        }
        group.finish();
    }
}

/// Where the per-request difference of a static route comes from: one route, one
/// constant handler, registered with `get(handler)`, through the runtime's `RouteBuilder`
/// (the panic guard, automatic `OPTIONS`, `405` with `Allow`) as generated code does, and
/// with the app-wide fallback (`308`/`404`) added as well.
fn overhead(c: &mut Criterion) {
    async fn constant() -> &'static str {
        "constant"
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let builder = || {
        RouteBuilder::new(false, false)
            .handler(Method::GET, constant)
            .route()
    };
    // A `Dynamic::ForceStatic` route, rendered ahead as `routes::prerender` does:
    // every request below is a `HIT`.
    let cached = runtime
        .block_on(prerender(
            Router::new().route(
                "/a/b",
                RouteBuilder::new(false, false)
                    .cached(constant, CachePolicy::new("/a/b").force_static())
                    .route(),
            ),
            vec!["/a/b".to_owned()],
        ))
        .expect("the route renders");
    let variants = [
        ("get", Router::new().route("/a/b", get(constant))),
        ("cached_hit", cached),
        ("route_builder", Router::new().route("/a/b", builder())),
        (
            "route_builder_and_fallback",
            finish(Router::new().route("/a/b", builder())),
        ),
    ];
    // The request context of `cookies()`/`headers()` on every route: the cost of
    // `Routes::request_context(true)`, with the headers a browser sends.
    let with_context = Router::new().route(
        "/a/b",
        RouteBuilder::new(false, true)
            .handler(Method::GET, constant)
            .route(),
    );
    let variants: Vec<(&str, Router, fn(&str) -> Request<Body>)> = variants
        .into_iter()
        .map(|(name, app)| (name, app, request as fn(&str) -> Request<Body>))
        .chain([
            (
                "route_builder_browser_headers",
                Router::new().route("/a/b", builder()),
                browser_request as fn(&str) -> Request<Body>,
            ),
            (
                "route_builder_browser_headers_with_context",
                with_context,
                browser_request,
            ),
        ])
        .collect();
    let mut group = c.benchmark_group("overhead");
    for (name, app, request) in &variants {
        group.bench_function(*name, |b| {
            b.to_async(&runtime).iter_batched(
                || (app.clone(), request("/a/b")),
                |(app, request)| async move {
                    black_box(app.oneshot(request).await.expect("infallible"))
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, dispatch, overhead);
criterion_main!(benches);
