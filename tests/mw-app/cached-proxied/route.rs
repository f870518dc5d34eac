//! `/cached-proxied`: prerendered, though the proxy answers every visitor itself.
use app_router::prelude::*;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET() -> &'static str {
    "rendered behind the proxy"
}
