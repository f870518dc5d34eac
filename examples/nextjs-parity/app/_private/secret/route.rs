// A private folder: never routed, so `/_private/secret` is a 404.
use app_router::prelude::*;

pub async fn GET() -> &'static str {
    "secret"
}
