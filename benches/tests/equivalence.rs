//! The synthetic app of the dispatch benchmark, 10 routes: the generated router and the
//! hand-written one answer every route alike, so the benchmark compares equal work.

use app_router_bench::synth;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

// The generated router of the 10-route synthetic app.
app_router::include_routes!(generated, "tree10/routes.rs");

/// The same app, written by hand.
pub mod handwritten {
    include!(concat!(env!("OUT_DIR"), "/tree10/handwritten.rs"));
}

async fn get(app: axum::Router, uri: &str) -> (StatusCode, String) {
    let request = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("a valid request");
    let response = app.oneshot(request).await.expect("routers are infallible");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a readable body")
        .to_bytes();
    (
        status,
        String::from_utf8(body.to_vec()).expect("a UTF-8 body"),
    )
}

#[tokio::test]
async fn generated_and_handwritten_routers_answer_alike() {
    let routes = synth::routes(10);
    assert_eq!(generated::ROUTES.len(), routes.len());
    for route in &routes {
        let url = route.example_url();
        let want = (StatusCode::OK, route.expected_body());
        assert_eq!(
            get(generated::router(), &url).await,
            want,
            "generated {url}"
        );
        assert_eq!(
            get(handwritten::router(), &url).await,
            want,
            "hand-written {url}"
        );
    }
    for app in [generated::router(), handwritten::router()] {
        assert_eq!(get(app, "/nope").await.0, StatusCode::NOT_FOUND);
    }
}
