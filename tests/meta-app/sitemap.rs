use std::sync::atomic::{AtomicUsize, Ordering};

use app_router::metadata::{ChangeFrequency, Sitemap, SitemapEntry};
use app_router::prelude::*;

/// How many times `sitemap` ran.
pub static RENDERS: AtomicUsize = AtomicUsize::new(0);

// Only `State`: static, rendered on the first request.
pub async fn sitemap(State(site): State<crate::Site>) -> Sitemap {
    RENDERS.fetch_add(1, Ordering::SeqCst);
    vec![
        SitemapEntry::new(site.0.clone())
            .last_modified("2025-01-01T00:00:00.000Z")
            .change_frequency(ChangeFrequency::Yearly)
            .priority(1.0),
        SitemapEntry::new(format!("{}/search?q=<a>&lang=\"en\"", site.0))
            .language("de", format!("{}/de?a=1&b=2", site.0)),
    ]
}
