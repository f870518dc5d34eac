//! The router generated from `tests/meta-app/`: metadata files (code and static) at
//! their Next.js URLs with exact content types, cache headers and bodies; static ones
//! rendered once; pages inside their layouts; the root not-found page.

use std::sync::atomic::Ordering;

use app_router::prelude::*;
use app_router::{RouteKind, RouteTable};
use integration_tests::{Reply, send, send_with};

app_router::include_routes!(meta, "app_router/meta_routes.rs", state = Site);

/// The app state of the fixture: the site's base URL.
#[derive(Clone)]
pub struct Site(pub String);

const CACHE: &str = "public, max-age=0, must-revalidate";

fn app() -> Router {
    meta::router().with_state(Site("https://example.com".into()))
}

async fn get(uri: &str) -> Reply {
    send_with(app(), "GET", uri, &[], "").await
}

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .map_or("<none>", |v| v.to_str().unwrap_or("<binary>"))
}

/// Status, content type and cache control of a reply.
fn head(reply: &Reply) -> (u16, &str, &str) {
    (
        reply.status.as_u16(),
        header(reply, "content-type"),
        header(reply, "cache-control"),
    )
}

/// Status, content type and body of a binary reply.
async fn bytes(uri: &str) -> (StatusCode, String, Vec<u8>) {
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app(), request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let content_type = parts.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    (parts.status, content_type, body.to_vec())
}

#[tokio::test]
async fn sitemap_is_static_escaped_and_shaped_like_nextjs() {
    let first = get("/sitemap.xml").await;
    assert_eq!(head(&first), (200, "application/xml", CACHE));
    assert_eq!(
        first.body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">
<url>
<loc>https://example.com</loc>
<lastmod>2025-01-01T00:00:00.000Z</lastmod>
<changefreq>yearly</changefreq>
<priority>1</priority>
</url>
<url>
<loc>https://example.com/search?q=&lt;a&gt;&amp;lang=&quot;en&quot;</loc>
<xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"https://example.com/de?a=1&amp;b=2\" />
</url>
</urlset>
"
    );
    for _ in 0..3 {
        assert_eq!(get("/sitemap.xml").await.body, first.body);
    }
    // Takes only `State`: rendered on the first request, then served from memory.
    assert_eq!(meta::sitemap::RENDERS.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn generated_sitemaps_by_id() {
    let r = get("/blog/sitemap/1.xml").await;
    assert_eq!(head(&r), (200, "application/xml", CACHE));
    assert!(
        r.body.contains("<loc>https://example.com/blog/1</loc>"),
        "{}",
        r.body
    );
    for unknown in [
        "/blog/sitemap/7.xml",
        "/blog/sitemap/1",
        "/blog/sitemap/%zz.xml",
    ] {
        let r = get(unknown).await;
        assert_eq!(
            head(&r),
            (404, "text/plain; charset=utf-8", "<none>"),
            "{unknown}"
        );
        assert_eq!(r.body, "Not Found", "{unknown}");
    }
    // With `generate_sitemaps` there is no `/blog/sitemap.xml`.
    assert_eq!(get("/blog/sitemap.xml").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn robots_reading_the_request_renders_per_request() {
    let before = meta::robots::RENDERS.load(Ordering::SeqCst);
    let r = send_with(app(), "GET", "/robots.txt", &[("host", "shop.test")], "").await;
    assert_eq!(head(&r), (200, "text/plain", CACHE));
    assert_eq!(
        r.body,
        "User-Agent: *\nAllow: /\nDisallow: /private/\n\nUser-Agent: Googlebot\nCrawl-delay: 2\n\nHost: https://shop.test\nSitemap: https://shop.test/sitemap.xml\n"
    );
    let again = send_with(app(), "GET", "/robots.txt", &[("host", "b.test")], "").await;
    assert!(again.body.contains("Host: https://b.test\n"));
    assert_eq!(meta::robots::RENDERS.load(Ordering::SeqCst) - before, 2);
}

#[tokio::test]
async fn manifest_is_json() {
    let r = get("/manifest.webmanifest").await;
    assert_eq!(head(&r), (200, "application/manifest+json", CACHE));
    assert_eq!(
        r.body,
        r#"{"name":"Meta","start_url":"/","display":"standalone","icons":[{"src":"/icon.svg","type":"image/svg+xml"}]}"#
    );
}

#[tokio::test]
async fn static_files_are_embedded_with_their_types() {
    let cases = [
        ("/favicon.ico", "image/x-icon", "\0\0\u{1}\0favicon"),
        (
            "/icon.svg",
            "image/svg+xml",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ];
    for (uri, content_type, body) in cases {
        let r = get(uri).await;
        assert_eq!(head(&r), (200, content_type, CACHE), "{uri}");
        assert_eq!(r.body, body, "{uri}");
    }
    assert_eq!(
        bytes("/blog/twitter-image.jpg").await,
        (
            StatusCode::OK,
            "image/jpeg".into(),
            b"\xff\xd8\xff twitter".to_vec()
        )
    );
    // Inside a route group: Next.js' hash suffix keeps the URL unique.
    assert_eq!(
        bytes("/opengraph-image-12nzgn.png").await,
        (StatusCode::OK, "image/png".into(), b"\x89PNG og".to_vec())
    );
    assert_eq!(
        meta::group_shop::static_files::opengraph_image_png::ALT,
        "A shop"
    );
}

#[tokio::test]
async fn image_functions_and_generated_image_ids() {
    assert_eq!(
        bytes("/apple-icon").await,
        (
            StatusCode::OK,
            "image/png".into(),
            b"\x89PNG apple".to_vec()
        )
    );
    // Numbered files (`apple-icon1.rs`) are their own routes, as in Next.js.
    assert_eq!(
        bytes("/apple-icon1").await,
        (
            StatusCode::OK,
            "image/png".into(),
            b"\x89PNG apple 1".to_vec()
        )
    );
    let r = get("/blog/icon/large").await;
    assert_eq!(head(&r), (200, "image/svg+xml", CACHE));
    assert_eq!(r.body, "<svg width=\"72\"/>");
    let r = get("/blog/icon/huge").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::NOT_FOUND, "Not Found")
    );
    assert_eq!(get("/blog/icon").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metadata_routes_have_route_method_semantics() {
    let r = send(app(), "POST", "/sitemap.xml", "").await;
    assert_eq!(
        (r.status, header(&r, "allow")),
        (StatusCode::METHOD_NOT_ALLOWED, "GET, HEAD, OPTIONS")
    );
    let r = send(app(), "OPTIONS", "/favicon.ico", "").await;
    assert_eq!(
        (r.status, header(&r, "allow")),
        (StatusCode::NO_CONTENT, "GET, HEAD, OPTIONS")
    );
    let r = send(app(), "HEAD", "/robots.txt", "").await;
    assert_eq!(
        (head(&r), r.body.as_str()),
        ((200, "text/plain", CACHE), "")
    );
}

#[tokio::test]
async fn pages_are_wrapped_in_their_layouts_outermost_first() {
    let r = send_with(app(), "GET", "/", &[("user-agent", "probe")], "").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (
            StatusCode::OK,
            "<html data-agent=\"probe\"><body><p>home</p></body></html>"
        )
    );
    assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");

    let r = get("/items/a%20b?color=red").await;
    assert_eq!(
        r.body,
        "<html data-agent=\"none\"><body><main class=\"shop\" data-site=\"https://example.com\"><section data-item=\"a b\"><p>item a b red</p></section></main></body></html>"
    );

    // The page's status and cookies survive the layouts.
    let r = get("/cart").await;
    assert_eq!(
        (r.status, r.set_cookies()),
        (StatusCode::CREATED, vec!["cart=1; Path=/"])
    );
    assert_eq!(
        r.body,
        "<html data-agent=\"none\"><body><main class=\"shop\" data-site=\"https://example.com\"><p>cart</p></main></body></html>"
    );

    // A redirect is not HTML: no layout.
    let r = get("/go").await;
    assert_eq!(
        (r.status, header(&r, "location"), r.body.as_str()),
        (StatusCode::TEMPORARY_REDIRECT, "/cart", "")
    );

    // Route handlers never get layouts.
    assert_eq!(get("/api").await.body, "<p>api</p>");

    // Pages keep their 405.
    let r = send(app(), "POST", "/cart", "").await;
    assert_eq!(
        (r.status, header(&r, "allow")),
        (StatusCode::METHOD_NOT_ALLOWED, "GET, HEAD")
    );
}

#[tokio::test]
async fn not_found_in_a_page_renders_the_nearest_not_found_inside_its_layouts() {
    // Under `(shop)/items/`: its own not-found page, inside the layouts above it (root
    // and `(shop)`), not the `[item]` layout of the page that raised it.
    let r = send_with(
        app(),
        "GET",
        "/items/missing",
        &[("user-agent", "probe")],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
    assert_eq!(
        r.body,
        "<html data-agent=\"probe\"><body><main class=\"shop\" data-site=\"https://example.com\"><p>no such item</p></main></body></html>"
    );
    // At the root: the root not-found page, with the page's own URL for its extractor.
    let r = get("/?gone").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.body,
        "<html data-agent=\"none\"><body><h1>nothing at /</h1></body></html>"
    );
    // Unmatched URLs keep the root one, even under `/items/`.
    let r = get("/items/a/b").await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (
            StatusCode::NOT_FOUND,
            "<html data-agent=\"none\"><body><h1>nothing at /items/a/b</h1></body></html>"
        )
    );
    // Other items are unaffected.
    assert_eq!(get("/items/x").await.status, StatusCode::OK);
}

#[tokio::test]
async fn not_found_page_answers_every_unmatched_url() {
    for method in ["GET", "POST"] {
        let r = send(app(), method, "/no/such/page", "").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
        assert_eq!(
            r.body,
            "<html data-agent=\"none\"><body><h1>nothing at /no/such/page</h1></body></html>"
        );
    }
    let r = send(app(), "HEAD", "/nope", "").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::NOT_FOUND, ""));
    // Trailing slashes still redirect first.
    let r = get("/nope/").await;
    assert_eq!(
        (r.status, header(&r, "location")),
        (StatusCode::PERMANENT_REDIRECT, "/nope")
    );
    // A route handler's own 404 stays empty.
    assert_eq!(
        send(app(), "DELETE", "/api", "").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[test]
fn route_table_lists_metadata_routes() {
    let table = RouteTable(meta::ROUTES).to_string();
    let kinds: Vec<(&str, RouteKind)> = meta::ROUTES.iter().map(|r| (r.path, r.kind)).collect();
    assert!(
        kinds.contains(&("/sitemap.xml", RouteKind::Metadata)),
        "{table}"
    );
    assert!(
        kinds.contains(&("/blog/sitemap/[id].xml", RouteKind::Metadata)),
        "{table}"
    );
    assert!(
        kinds.contains(&("/blog/icon/[id]", RouteKind::Metadata)),
        "{table}"
    );
    assert!(kinds.contains(&("/", RouteKind::Page)), "{table}");
    assert!(
        !table.contains("layout.rs") && !table.contains("not-found.rs"),
        "{table}"
    );
}

#[tokio::test]
async fn pages_take_segment_config_and_are_served_from_the_cache() {
    let cache = app_router::cache::Cache::new(app_router::cache::MemoryStore::default());
    let app = meta::prerender(app().layer(cache.layer())).await.unwrap();
    let cached = |r: &Reply| {
        (
            r.status.as_u16(),
            header(r, "x-nextjs-cache").to_owned(),
            header(r, "cache-control").to_owned(),
            r.body.clone(),
        )
    };
    // Both listed slugs were rendered once, before the first request, inside the root
    // layout with an empty request (`ForceStatic`), and are served as they are.
    let mut bodies = Vec::new();
    for slug in ["intro", "setup", "intro"] {
        let r = send_with(
            app.clone(),
            "GET",
            &format!("/docs/{slug}"),
            &[("user-agent", "probe")],
            "",
        )
        .await;
        let (status, hit, cc, body) = cached(&r);
        assert_eq!(
            (status, hit.as_str(), cc.as_str()),
            (200, "HIT", "s-maxage=31536000")
        );
        assert!(
            body.starts_with("<html data-agent=\"none\"><body><p>doc "),
            "{body}"
        );
        bodies.push(body);
    }
    assert_eq!(bodies[0], bodies[2]);
    assert_ne!(bodies[0], bodies[1]);
    // `DYNAMIC_PARAMS = false`: an unlisted slug never renders the page; the nearest
    // `not-found.rs` answers `404` inside its layouts, for this request (its
    // `User-Agent`), stored nothing.
    for _ in 0..2 {
        let r = send_with(
            app.clone(),
            "GET",
            "/docs/other",
            &[("user-agent", "probe")],
            "",
        )
        .await;
        assert_eq!(
            (r.status, header(&r, "x-nextjs-cache"), r.body.as_str()),
            (
                StatusCode::NOT_FOUND,
                "<none>",
                "<html data-agent=\"probe\"><body><h1>nothing at /docs/other</h1></body></html>"
            )
        );
    }
    // The listed ones were not disturbed.
    let r = send_with(app.clone(), "GET", "/docs/intro", &[], "").await;
    assert_eq!(cached(&r).1, "HIT");
    assert_eq!(cached(&r).3, bodies[0]);
    assert_eq!(
        meta::ROUTES
            .iter()
            .find(|r| r.path == "/docs/[slug]")
            .map(|r| r.rendering),
        Some(app_router::Rendering::StaticParams { revalidate: None })
    );
}
