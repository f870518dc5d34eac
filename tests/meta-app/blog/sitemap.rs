use app_router::metadata::{Sitemap, SitemapEntry};

pub fn generate_sitemaps() -> Vec<u32> {
    vec![0, 1]
}

pub async fn sitemap(id: u32) -> Sitemap {
    vec![SitemapEntry::new(format!("https://example.com/blog/{id}"))]
}
