// `app/sitemap.ts`: served at `/sitemap.xml`, rendered once (it reads no request data).
use app_router::metadata::{ChangeFrequency, Sitemap, SitemapEntry};

pub async fn sitemap() -> Sitemap {
    vec![
        SitemapEntry::new("https://example.com")
            .last_modified("2025-01-01T00:00:00.000Z")
            .change_frequency(ChangeFrequency::Yearly)
            .priority(1.0),
        SitemapEntry::new("https://example.com/about")
            .last_modified("2025-01-02T00:00:00.000Z")
            .change_frequency(ChangeFrequency::Monthly)
            .priority(0.8),
    ]
}
