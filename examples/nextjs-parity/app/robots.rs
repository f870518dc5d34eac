// `app/robots.ts`: served at `/robots.txt`.
use app_router::metadata::{Robots, RobotsRule};

pub async fn robots() -> Robots {
    Robots::new()
        .rule(
            RobotsRule::new()
                .user_agent("*")
                .allow("/")
                .disallow("/private/"),
        )
        .sitemap("https://example.com/sitemap.xml")
}
