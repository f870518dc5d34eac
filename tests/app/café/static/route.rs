use app_router::prelude::*;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET() -> &'static str {
    "static café"
}
