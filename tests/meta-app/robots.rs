use std::sync::atomic::{AtomicUsize, Ordering};

use app_router::metadata::{Robots, RobotsRule};
use app_router::prelude::*;

/// How many times `robots` ran.
pub static RENDERS: AtomicUsize = AtomicUsize::new(0);

// Reads the request: rendered per request.
pub async fn robots(headers: HeaderMap) -> Robots {
    RENDERS.fetch_add(1, Ordering::SeqCst);
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    Robots::new()
        .rule(
            RobotsRule::new()
                .user_agent("*")
                .allow("/")
                .disallow("/private/"),
        )
        .rule(RobotsRule::new().user_agent("Googlebot").crawl_delay(2.0))
        .host(format!("https://{host}"))
        .sitemap(format!("https://{host}/sitemap.xml"))
}
