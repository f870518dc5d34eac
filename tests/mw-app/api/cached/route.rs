//! `/api/cached`: prerendered through the folder's layer.
use app_router::prelude::*;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

pub async fn GET() -> &'static str {
    "cached api"
}
