//! Runs before routing: moves the old documentation URLs for good.
use app_router::prelude::*;

pub const MATCHER: &[&str] = &["/old/:path*"];

pub async fn proxy(request: NextRequest) -> Result<NextResponse, ResponseError> {
    let url = request.next_url();
    let rest = url.pathname().strip_prefix("/old").unwrap_or_default();
    let query = url.search().map(|q| format!("?{q}")).unwrap_or_default();
    NextResponse::permanent_redirect(&url.join(&format!("/docs{rest}{query}"))?)
}
