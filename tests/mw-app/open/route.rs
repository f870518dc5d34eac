//! `/open`: a sibling of the gated group, open to everyone.
use app_router::prelude::*;

pub async fn GET(request: NextRequest) -> String {
    let url = request.next_url();
    format!(
        "open {} {} trace={} from-proxy={}",
        url.pathname(),
        url.search().unwrap_or("-"),
        crate::trace(request.headers()),
        request
            .headers()
            .get("x-from-proxy")
            .map_or("-", |v| v.to_str().unwrap_or("?"))
    )
}
