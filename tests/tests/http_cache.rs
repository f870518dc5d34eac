//! Caching through the router generated from `tests/cache-app/`: segment config,
//! stale-while-revalidate with one regeneration, static params, `MAX_DURATION`,
//! `#[cache]` functions, tags and paths. Counters prove how often handlers ran.
//!
//! Every test uses its own in-memory `Cache` (through `Cache::layer`), so tests never
//! see each other's entries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app_router::cache::{Cache, CacheLife, MemoryStore, RedisStore};
use app_router::prelude::*;
use integration_tests::{Reply, send, send_with};

app_router::include_routes!(routes, "cache_routes.rs", state = Stats);

/// How many times each handler ran.
#[derive(Clone, Default)]
pub struct Stats(Arc<Mutex<HashMap<String, usize>>>);

impl Stats {
    /// Counts one run of `name`; returns the count.
    pub fn run(&self, name: &str) -> usize {
        let mut runs = self.0.lock().unwrap();
        let n = runs.entry(name.to_owned()).or_default();
        *n += 1;
        *n
    }

    fn runs(&self, name: &str) -> usize {
        self.0.lock().unwrap().get(name).copied().unwrap_or(0)
    }
}

/// The visitor a middleware reads from `x-user` (see `who/[id]`).
#[derive(Clone)]
pub struct User(pub String);

/// `Stats` is an argument of a `#[cache]` function but not part of its key.
impl serde::Serialize for Stats {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

fn app() -> (Router, Stats) {
    let stats = Stats::default();
    let cache = Cache::new(MemoryStore::default());
    let app = routes::router()
        .with_state(stats.clone())
        .layer(cache.layer());
    (app, stats)
}

async fn get(app: &Router, uri: &str) -> Reply {
    send_with(app.clone(), "GET", uri, &[], "").await
}

fn header<'a>(r: &'a Reply, name: &str) -> &'a str {
    r.headers
        .get(name)
        .map_or("<none>", |v| v.to_str().unwrap())
}

/// Waits for the background regeneration of `uri` to land: requests are `STALE` until
/// then (and start no other regeneration), `HIT` after.
async fn regenerated(app: &Router, uri: &str) -> Reply {
    for _ in 0..200 {
        let r = get(app, uri).await;
        if header(&r, "x-nextjs-cache") != "STALE" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{uri} was not regenerated within 5 s");
}

/// `(status, x-nextjs-cache, cache-control, body)`.
fn summary(r: &Reply) -> (u16, &str, &str, &str) {
    (
        r.status.as_u16(),
        header(r, "x-nextjs-cache"),
        header(r, "cache-control"),
        r.body.as_str(),
    )
}

#[tokio::test]
async fn force_static_renders_once_with_an_empty_request() {
    let (app, stats) = app();
    let app = routes::prerender(app).await.unwrap();
    assert_eq!(stats.runs("static"), 1);
    let body = r#"{"headers":0,"href":"http://localhost:3000/static","run":1,"search":null}"#;
    let r = send_with(
        app.clone(),
        "GET",
        "/static?query=true",
        &[("cookie", "session=1"), ("accept", "application/json")],
        "",
    )
    .await;
    assert_eq!(summary(&r), (200, "HIT", "s-maxage=31536000", body));
    assert_eq!(header(&r, "content-type"), "application/json");
    let r = send_with(app.clone(), "HEAD", "/static", &[], "").await;
    assert_eq!(summary(&r), (200, "HIT", "s-maxage=31536000", ""));
    let r = send(app.clone(), "POST", "/static", "").await;
    assert_eq!(
        (r.status.as_u16(), header(&r, "allow")),
        (405, "GET, HEAD, OPTIONS")
    );
    assert_eq!(stats.runs("static"), 1);
}

#[tokio::test]
async fn without_prerender_the_first_request_is_a_miss() {
    let (app, stats) = app();
    let body = r#"{"headers":0,"href":"http://localhost:3000/static","run":1,"search":null}"#;
    assert_eq!(
        summary(&get(&app, "/static").await),
        (200, "MISS", "s-maxage=31536000", body)
    );
    assert_eq!(
        summary(&get(&app, "/static").await),
        (200, "HIT", "s-maxage=31536000", body)
    );
    assert_eq!(stats.runs("static"), 1);
}

#[tokio::test]
async fn uncached_routes_run_every_time_and_get_no_cache_headers() {
    let (app, stats) = app();
    for uri in ["/mixed", "/reads", "/force-dynamic"] {
        for _ in 0..2 {
            let r = get(&app, uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}");
            assert_eq!(header(&r, "x-nextjs-cache"), "<none>", "{uri}");
            assert_eq!(header(&r, "cache-control"), "<none>", "{uri}");
        }
    }
    assert_eq!(get(&app, "/mixed").await.body, "mixed run 3");
    assert_eq!(get(&app, "/reads").await.body, "reads run 3 with 0 headers");
    assert_eq!(stats.runs("force-dynamic"), 2);
}

#[tokio::test]
async fn error_responses_are_not_kept_but_404_is() {
    let (app, stats) = app();
    for run in 1..=3 {
        let r = get(&app, "/status/500").await;
        let body = format!("500 run {run}");
        assert_eq!(summary(&r), (500, "<none>", "<none>", body.as_str()));
    }
    assert_eq!(stats.runs("500"), 3);
    let r = get(&app, "/status/404").await;
    assert_eq!(summary(&r), (404, "MISS", "s-maxage=31536000", "404 run 1"));
    let r = get(&app, "/status/404").await;
    assert_eq!(summary(&r), (404, "HIT", "s-maxage=31536000", "404 run 1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_while_revalidate_regenerates_once_for_100_concurrent_requests() {
    let (app, stats) = app();
    let cc = "s-maxage=1, stale-while-revalidate=31535999";

    // 100 concurrent misses: one render, everyone gets its result.
    let misses = futures_util::future::join_all((0..100).map(|_| get(&app, "/isr"))).await;
    for r in &misses {
        assert_eq!(summary(r), (200, "MISS", cc, "isr run 1"));
    }
    assert_eq!(stats.runs("isr"), 1);
    assert_eq!(
        summary(&get(&app, "/isr").await),
        (200, "HIT", cc, "isr run 1")
    );

    tokio::time::sleep(Duration::from_millis(1100)).await;
    // 100 concurrent requests to the stale entry: all served the stale copy at once,
    // exactly one regeneration in the background.
    let stale = futures_util::future::join_all((0..100).map(|_| get(&app, "/isr"))).await;
    for r in &stale {
        assert_eq!(summary(r), (200, "STALE", cc, "isr run 1"));
    }
    assert_eq!(
        summary(&regenerated(&app, "/isr").await),
        (200, "HIT", cc, "isr run 2")
    );
    assert_eq!(stats.runs("isr"), 2);
}

#[tokio::test]
async fn static_params_are_prerendered_and_others_are_404() {
    let (app, stats) = app();
    let app = routes::prerender(app).await.unwrap();
    assert_eq!(stats.runs("blog:first"), 1);
    assert_eq!(stats.runs("blog:hello world"), 1);
    assert_eq!(stats.runs("post:1"), 1);

    let r = get(&app, "/blog/first").await;
    assert_eq!(
        summary(&r),
        (200, "HIT", "s-maxage=31536000", "first run 1")
    );
    let r = get(&app, "/blog/hello%20world").await;
    assert_eq!(
        summary(&r),
        (200, "HIT", "s-maxage=31536000", "hello world run 1")
    );
    let r = get(&app, "/blog/third").await;
    assert_eq!(summary(&r), (404, "<none>", "<none>", ""));
    assert_eq!(stats.runs("blog:third"), 0);

    // DYNAMIC_PARAMS defaults to true: an unknown id renders on demand, then is cached.
    let r = get(&app, "/posts/1").await;
    assert_eq!(
        summary(&r),
        (200, "HIT", "s-maxage=31536000", "post 1 run 1")
    );
    let r = get(&app, "/posts/3").await;
    assert_eq!(
        summary(&r),
        (200, "MISS", "s-maxage=31536000", "post 3 run 1")
    );
    let r = get(&app, "/posts/3").await;
    assert_eq!(
        summary(&r),
        (200, "HIT", "s-maxage=31536000", "post 3 run 1")
    );
}

#[tokio::test]
async fn max_duration_cuts_off_with_504_and_drops_the_work() {
    let (app, stats) = app();
    let r = get(&app, "/slow").await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (504, ""));
    assert_eq!(send(app.clone(), "POST", "/slow", "").await.body, "fast");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!((stats.runs("slow:start"), stats.runs("slow:end")), (1, 0));
}

#[tokio::test]
async fn cache_functions_give_their_life_and_tags_to_the_route() {
    let (app, stats) = app();
    let cc = "s-maxage=3600, stale-while-revalidate=82800";
    let body = r#"["post loaded by run 1 for page 1"]"#;
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "MISS", cc, body)
    );
    assert_eq!(summary(&get(&app, "/tagged").await), (200, "HIT", cc, body));

    // The tag of the function (from `cache_tag`) marks both it and the route stale.
    let r = send(app.clone(), "POST", "/revalidate", r#"{"tag":"page-1"}"#).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "STALE", cc, body)
    );
    let fresh = r#"["post loaded by run 2 for page 1"]"#;
    assert_eq!(
        summary(&regenerated(&app, "/tagged").await),
        (200, "HIT", cc, fresh)
    );
    assert_eq!(stats.runs("tagged"), 2);
    assert_eq!(stats.runs("load_posts"), 2);

    // `revalidate_path` expires the route at once (Next.js passes no profile): the
    // next request waits for a render; the function's value is still fresh.
    send(app.clone(), "POST", "/revalidate", r#"{"path":"/tagged"}"#).await;
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "MISS", cc, fresh)
    );
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "HIT", cc, fresh)
    );
    assert_eq!(stats.runs("tagged"), 3);
    assert_eq!(stats.runs("load_posts"), 2);
}

#[tokio::test]
async fn expire_tag_and_a_profile_past_its_expire_make_the_next_request_wait() {
    let (app, stats) = app();
    let cc = "s-maxage=3600, stale-while-revalidate=82800";
    let run = |n: u32| format!(r#"["post loaded by run {n} for page 1"]"#);
    assert_eq!(summary(&get(&app, "/tagged").await).1, "MISS");

    // The deprecated one-argument form: expired now, no stale copy is served.
    let r = send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"expire_tag":"page-1"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = get(&app, "/tagged").await;
    assert_eq!(summary(&r), (200, "MISS", cc, run(2).as_str()));
    assert_eq!(summary(&get(&app, "/tagged").await).1, "HIT");

    // `revalidate_tag(tag, { expire: 1 })`: stale at once, expired a second later; a
    // request after that second waits for a fresh render instead of the stale copy.
    send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"tag":"page-1","expire":1}"#,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = get(&app, "/tagged").await;
    assert_eq!(summary(&r), (200, "MISS", cc, run(3).as_str()));
    assert_eq!(summary(&get(&app, "/tagged").await).1, "HIT");
    assert_eq!(stats.runs("load_posts"), 3);

    // A named profile (`'hours'`) whose expiry is far off serves the stale copy.
    let r = send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"tag":"page-1","profile":"hours"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "STALE", cc, run(3).as_str())
    );
    let r = send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"tag":"page-1","profile":"hour"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn revalidate_path_expires_a_url_a_route_pattern_or_everything_under_a_folder() {
    let (app, stats) = app();
    let hit = |r: &Reply| (header(r, "x-nextjs-cache").to_owned(), r.body.clone());
    for path in ["/blog/first", "/blog/hello%20world", "/posts/7"] {
        get(&app, path).await;
        assert_eq!(header(&get(&app, path).await, "x-nextjs-cache"), "HIT");
    }
    // One URL: only that entry.
    send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"path":"/blog/first/"}"#,
    )
    .await;
    assert_eq!(
        hit(&get(&app, "/blog/first").await),
        ("MISS".into(), "first run 2".into())
    );
    assert_eq!(hit(&get(&app, "/blog/hello%20world").await).0, "HIT");

    // A route pattern without a kind expires nothing (Next.js warns and does the same).
    send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"path":"/blog/[slug]"}"#,
    )
    .await;
    assert_eq!(hit(&get(&app, "/blog/first").await).0, "HIT");

    // `'page'` with the pattern: every URL of the route, not the other routes.
    send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"path":"/blog/[slug]","kind":"page"}"#,
    )
    .await;
    assert_eq!(
        hit(&get(&app, "/blog/first").await),
        ("MISS".into(), "first run 3".into())
    );
    assert_eq!(
        hit(&get(&app, "/blog/hello%20world").await),
        ("MISS".into(), "hello world run 2".into())
    );
    assert_eq!(hit(&get(&app, "/posts/7").await).0, "HIT");

    // `'layout'` at the root: everything.
    send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"path":"/","kind":"layout"}"#,
    )
    .await;
    assert_eq!(
        hit(&get(&app, "/posts/7").await),
        ("MISS".into(), "post 7 run 2".into())
    );
    assert_eq!(hit(&get(&app, "/blog/first").await).0, "MISS");
    assert_eq!(stats.runs("blog:first"), 4);
    let r = send(
        app.clone(),
        "POST",
        "/revalidate",
        r#"{"path":"/","kind":"root"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[test]
fn the_seven_cache_life_profiles_have_the_numbers_of_next_js() {
    let table: Vec<(&str, u32, u32, Option<u32>)> = CacheLife::PROFILES
        .iter()
        .map(|(name, l)| (*name, l.stale, l.revalidate, l.expire))
        .collect();
    assert_eq!(
        table,
        [
            ("default", 300, 900, None),
            ("seconds", 30, 1, Some(60)),
            ("minutes", 300, 60, Some(3_600)),
            ("hours", 300, 3_600, Some(86_400)),
            ("days", 300, 86_400, Some(604_800)),
            ("weeks", 300, 604_800, Some(2_592_000)),
            ("max", 300, 2_592_000, Some(31_536_000)),
        ]
    );
    assert_eq!(CacheLife::profile("hours"), Some(CacheLife::HOURS));
    assert_eq!(CacheLife::profile("hour"), None);
    assert_eq!(
        CacheLife::HOURS.cache_control(),
        "s-maxage=3600, stale-while-revalidate=82800"
    );
    assert_eq!(
        CacheLife::SECONDS.cache_control(),
        "s-maxage=1, stale-while-revalidate=59"
    );
    assert_eq!(
        CacheLife::DEFAULT.cache_control(),
        "s-maxage=900, stale-while-revalidate=31535100"
    );
}

/// The Redis of the Redis tests: `APP_ROUTER_REDIS_URL` (`.ci/run` starts a
/// `redis-server` and sets it). Without it the tests are skipped with a message,
/// unless `APP_ROUTER_REQUIRE_REDIS=1`, which makes that a failure.
fn redis() -> Option<String> {
    match std::env::var("APP_ROUTER_REDIS_URL") {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var("APP_ROUTER_REQUIRE_REDIS").as_deref() != Ok("1"),
                "APP_ROUTER_REDIS_URL is not set: start `redis-server --port 6390` and set APP_ROUTER_REDIS_URL=redis://127.0.0.1:6390/"
            );
            eprintln!("skipped: set APP_ROUTER_REDIS_URL to run the Redis tests");
            None
        }
    }
}

/// An instance of the app: its own `Cache` over the shared Redis, keys under `prefix`.
fn instance(url: &str, prefix: &str, stats: &Stats) -> Router {
    let store = RedisStore::open_with(url, prefix, Duration::from_millis(500)).unwrap();
    routes::router()
        .with_state(stats.clone())
        .layer(Cache::new(store).layer())
}

#[tokio::test]
async fn two_instances_share_entries_and_revalidations_through_redis() {
    let Some(redis) = redis() else { return };
    let prefix = format!("test-{}-share:", std::process::id());
    let stats = Stats::default();
    let (a, b) = (
        instance(&redis, &prefix, &stats),
        instance(&redis, &prefix, &stats),
    );
    let body = r#"{"headers":0,"href":"http://localhost:3000/static","run":1,"search":null}"#;
    let r = get(&a, "/static").await;
    assert_eq!(summary(&r), (200, "MISS", "s-maxage=31536000", body));
    let r = get(&b, "/static").await;
    assert_eq!(summary(&r), (200, "HIT", "s-maxage=31536000", body));
    assert_eq!(header(&r, "content-type"), "application/json");
    assert_eq!(stats.runs("static"), 1);

    // A `revalidate_path` on one instance is seen by the other: expired, re-rendered.
    let r = send(a.clone(), "POST", "/revalidate", r#"{"path":"/static"}"#).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let fresh = body.replace("\"run\":1", "\"run\":2");
    let r = get(&b, "/static").await;
    assert_eq!(
        summary(&r),
        (200, "MISS", "s-maxage=31536000", fresh.as_str())
    );
    assert_eq!(summary(&get(&a, "/static").await).1, "HIT");
    assert_eq!(stats.runs("static"), 2);

    // `#[cache]` values are shared too: the second instance does not recompute.
    let cc = "s-maxage=3600, stale-while-revalidate=82800";
    let posts = r#"["post loaded by run 1 for page 1"]"#;
    assert_eq!(summary(&get(&a, "/tagged").await), (200, "MISS", cc, posts));
    send(a.clone(), "POST", "/revalidate", r#"{"path":"/tagged"}"#).await;
    assert_eq!(summary(&get(&b, "/tagged").await), (200, "MISS", cc, posts));
    assert_eq!((stats.runs("tagged"), stats.runs("load_posts")), (2, 1));

    // `expire_tag` on one instance: the other waits for a fresh render.
    send(
        a.clone(),
        "POST",
        "/revalidate",
        r#"{"expire_tag":"page-1"}"#,
    )
    .await;
    let fresh = r#"["post loaded by run 2 for page 1"]"#;
    assert_eq!(summary(&get(&b, "/tagged").await), (200, "MISS", cc, fresh));
    assert_eq!(summary(&get(&a, "/tagged").await), (200, "HIT", cc, fresh));

    // `revalidate_tag(tag, 'max')` on one instance: the other serves the stale copy.
    send(a.clone(), "POST", "/revalidate", r#"{"tag":"page-1"}"#).await;
    assert_eq!(
        summary(&get(&b, "/tagged").await),
        (200, "STALE", cc, fresh)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_regeneration_across_100_requests_with_redis() {
    let Some(redis) = redis() else { return };
    let prefix = format!("test-{}-swr:", std::process::id());
    let stats = Stats::default();
    let app = instance(&redis, &prefix, &stats);
    let cc = "s-maxage=1, stale-while-revalidate=31535999";
    assert_eq!(
        summary(&get(&app, "/isr").await),
        (200, "MISS", cc, "isr run 1")
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let stale = futures_util::future::join_all((0..100).map(|_| get(&app, "/isr"))).await;
    for r in &stale {
        assert_eq!(summary(r), (200, "STALE", cc, "isr run 1"));
    }
    assert_eq!(
        summary(&regenerated(&app, "/isr").await),
        (200, "HIT", cc, "isr run 2")
    );
    assert_eq!(stats.runs("isr"), 2);
}

#[tokio::test]
async fn a_store_that_is_down_serves_uncached() {
    // Nothing listens on port 1: every store call fails, no request does.
    let stats = Stats::default();
    let app = instance("redis://127.0.0.1:1/", "down:", &stats);
    for run in 1..=2 {
        let r = get(&app, "/static").await;
        let body = format!(
            r#"{{"headers":0,"href":"http://localhost:3000/static","run":{run},"search":null}}"#
        );
        // Rendered for this request and not kept; the route's life still tells CDNs
        // how long they may keep it.
        assert_eq!(
            summary(&r),
            (200, "<none>", "s-maxage=31536000", body.as_str())
        );
    }
    let r = get(&app, "/tagged").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, r#"["post loaded by run 1 for page 1"]"#);
    let r = send(app.clone(), "POST", "/revalidate", r#"{"tag":"posts"}"#).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_that_sets_a_cookie_is_never_stored_or_shared() {
    let (app, stats) = app();
    // Through `cookies()?.set`: each visitor gets their own cookie and render.
    for run in 1..=2 {
        let r = get(&app, "/session").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, format!("session run {run}"));
        assert_eq!(
            r.set_cookies(),
            [format!("session=visitor-{run}; Path=/").as_str()]
        );
        assert_eq!(header(&r, "x-nextjs-cache"), "<none>");
        assert_eq!(header(&r, "cache-control"), "<none>");
    }
    // Concurrent misses share a flight, but a waiter never gets the leader's cookie:
    // it renders its own.
    let replies = futures_util::future::join_all((0..8).map(|_| get(&app, "/session"))).await;
    let mut cookies: Vec<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(header(r, "x-nextjs-cache"), "<none>");
            let cookie = r.set_cookies().concat();
            let run = r.body.strip_prefix("session run ").unwrap();
            assert_eq!(cookie, format!("session=visitor-{run}; Path=/"));
            cookie
        })
        .collect();
    cookies.sort();
    cookies.dedup();
    assert_eq!(cookies.len(), 8, "{cookies:?}");
    assert_eq!(stats.runs("session"), 10);

    // `NextResponse::cookies` on a `REVALIDATE = 600` route: the same.
    for run in 1..=2 {
        let r = get(&app, "/set-cookie-response").await;
        assert_eq!(r.body, format!("token run {run}"));
        assert_eq!(
            r.set_cookies(),
            [format!("token=t{run}; HttpOnly; Path=/").as_str()]
        );
        assert_eq!(header(&r, "x-nextjs-cache"), "<none>");
    }
}

#[tokio::test]
async fn a_static_render_sees_its_own_route_and_params_never_a_visitors_extensions() {
    let stats = Stats::default();
    let app = routes::router()
        .with_state(stats.clone())
        .layer(axum::middleware::from_fn(
            |mut req: Request, next: axum::middleware::Next| async move {
                let user = req.headers().get("x-user").and_then(|v| v.to_str().ok());
                if let Some(user) = user.map(str::to_owned) {
                    req.extensions_mut().insert(User(user));
                }
                next.run(req).await
            },
        ))
        .layer(Cache::new(MemoryStore::default()).layer());
    let body = "user=anonymous id=7 ctx=7 route=/who/{id} run=1";
    let alice = send_with(app.clone(), "GET", "/who/7", &[("x-user", "alice")], "").await;
    assert_eq!((alice.status.as_u16(), alice.body.as_str()), (200, body));
    assert_eq!(header(&alice, "x-nextjs-cache"), "MISS");
    let bob = send_with(app.clone(), "GET", "/who/7", &[("x-user", "bob")], "").await;
    assert_eq!((bob.status.as_u16(), bob.body.as_str()), (200, body));
    assert_eq!(header(&bob, "x-nextjs-cache"), "HIT");
    // The same params spelled another way are the same entry.
    let encoded = send_with(app.clone(), "GET", "/who/%37", &[("x-user", "eve")], "").await;
    assert_eq!(
        (encoded.body.as_str(), header(&encoded, "x-nextjs-cache")),
        (body, "HIT")
    );
    assert_eq!(stats.runs("who"), 1);
}

#[tokio::test]
async fn the_cache_key_is_the_decoded_params_not_the_raw_path() {
    let (app, stats) = app();
    let r = get(&app, "/posts/%32").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post 2 run 1", "MISS")
    );
    let r = get(&app, "/posts/2").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post 2 run 1", "HIT")
    );
    // `generate_static_params` values match in any spelling too.
    let r = get(&app, "/posts/%31").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post 1 run 1", "MISS")
    );
    let r = get(&app, "/posts/1").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post 1 run 1", "HIT")
    );
    // A value with characters that need escaping: one entry for both spellings.
    let r = get(&app, "/posts/a:b").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post a:b run 1", "MISS")
    );
    let r = get(&app, "/posts/a%3ab").await;
    assert_eq!(
        (r.body.as_str(), header(&r, "x-nextjs-cache")),
        ("post a:b run 1", "HIT")
    );
    assert_eq!((stats.runs("post:1"), stats.runs("post:2")), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_share_one_render_while_the_store_is_down() {
    // Nothing listens on port 1: every store call fails.
    let stats = Stats::default();
    let app = instance("redis://127.0.0.1:1/", "down:", &stats);
    let replies = futures_util::future::join_all((0..20).map(|_| get(&app, "/gate"))).await;
    for r in &replies {
        assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "gate run 1"));
        assert_eq!(header(r, "x-nextjs-cache"), "<none>");
    }
    assert_eq!(stats.runs("gate"), 1);
}

/// `ROUTES` says how each `GET` is rendered, as `next build` marks routes: `○` cached
/// once, `●` prerendered from `generate_static_params`, `ƒ` per request.
#[test]
fn routes_show_how_each_get_is_rendered() {
    use app_router::Rendering;
    let rendering = |path: &str| {
        routes::ROUTES
            .iter()
            .find(|r| r.path == path)
            .unwrap_or_else(|| panic!("{path}"))
            .rendering
    };
    let cases = [
        (
            "/isr",
            Rendering::Static {
                revalidate: Some(1),
            },
        ),
        ("/static", Rendering::Static { revalidate: None }),
        // `ForceStatic` renders once whatever the URL parameters.
        ("/who/[id]", Rendering::Static { revalidate: None }),
        ("/blog/[slug]", Rendering::StaticParams { revalidate: None }),
        ("/reads", Rendering::Dynamic { revalidate: None }),
        ("/mixed", Rendering::Dynamic { revalidate: None }),
    ];
    for (path, expected) in cases {
        assert_eq!(rendering(path), expected, "{path}");
    }
    let table = app_router::RouteTable(routes::ROUTES).to_string();
    assert!(table.contains("├ ○ /isr "), "{table}");
    assert!(table.contains("┌ ● /blog/[slug] "), "{table}");
    assert!(table.contains("├ ƒ /reads "), "{table}");
}

#[tokio::test]
async fn draft_mode_renders_cached_routes_fresh_for_its_visitor_and_stores_nothing() {
    let (app, stats) = app();
    let r = get(&app, "/static").await;
    assert_eq!(summary(&r).1, "MISS");

    // `enable()`: the cookie of Next.js (a debug build, as `next dev`: `SameSite=Lax`,
    // no `Secure`), whose value is the process's secret.
    let r = send(app.clone(), "POST", "/draft", "").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let set = r.set_cookies();
    assert_eq!(set.len(), 1);
    let line = set[0].to_owned();
    let secret = line
        .strip_prefix("__prerender_bypass=")
        .and_then(|rest| rest.strip_suffix("; HttpOnly; SameSite=Lax; Path=/"))
        .unwrap_or_else(|| panic!("unexpected draft cookie {line:?}"));
    assert_eq!(secret.len(), 32);
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()), "{secret}");
    let draft = format!("a=1; __prerender_bypass={secret}");
    let with_draft = |uri: &'static str| {
        let (app, draft) = (app.clone(), draft.clone());
        async move { send_with(app, "GET", uri, &[("cookie", draft.as_str())], "").await }
    };

    // `is_enabled()` reads the request's cookie; a forged value is not draft mode.
    assert_eq!(get(&app, "/draft").await.body, "enabled=false");
    assert_eq!(with_draft("/draft").await.body, "enabled=true");
    let forged = send_with(
        app.clone(),
        "GET",
        "/draft",
        &[("cookie", "__prerender_bypass=1")],
        "",
    )
    .await;
    assert_eq!(forged.body, "enabled=false");

    // The draft visitor's requests render fresh, with their own request, uncached.
    let private = "private, no-cache, no-store, max-age=0, must-revalidate";
    for run in [2, 3] {
        let r = with_draft("/static").await;
        let body = format!(
            r#"{{"headers":1,"href":"http://localhost/static","run":{run},"search":null}}"#
        );
        assert_eq!(summary(&r), (200, "<none>", private, body.as_str()));
    }
    // Others still get the stored entry, which draft renders never replaced.
    let r = get(&app, "/static").await;
    assert_eq!(summary(&r).1, "HIT");
    assert!(r.body.contains(r#""run":1"#), "{}", r.body);

    // `#[cache]` functions run fresh in draft mode and store nothing.
    let cc = "s-maxage=3600, stale-while-revalidate=82800";
    let run = |n: u32| format!(r#"["post loaded by run {n} for page 1"]"#);
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "MISS", cc, run(1).as_str())
    );
    assert_eq!(
        summary(&with_draft("/tagged").await),
        (200, "<none>", private, run(2).as_str())
    );
    assert_eq!(
        summary(&with_draft("/tagged").await),
        (200, "<none>", private, run(3).as_str())
    );
    assert_eq!(
        summary(&get(&app, "/tagged").await),
        (200, "HIT", cc, run(1).as_str())
    );
    assert_eq!(stats.runs("load_posts"), 3);

    // `disable()`: the same cookie, emptied and expired.
    let r = send_with(
        app.clone(),
        "DELETE",
        "/draft",
        &[("cookie", draft.as_str())],
        "",
    )
    .await;
    assert_eq!(
        r.set_cookies(),
        [
            "__prerender_bypass=; HttpOnly; SameSite=Lax; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        ]
    );
}
