use std::collections::BTreeMap;

use app_router::prelude::*;

pub async fn GET(request: NextRequest) -> NextResponse {
    let url = request.next_url();
    let params = url.search_params();
    let query: BTreeMap<&str, &str> = params.iter().collect();
    NextResponse::json(&json!({ "query": query, "pathname": url.pathname() }))
}

// A malformed body answers 400 (422 for JSON of the wrong shape), where Next.js
// answers 500; like Next.js, a body without a JSON content type is still read.
pub async fn POST(request: NextRequest) -> Result<NextResponse, BodyError> {
    let body: serde_json::Value = request.json().await?;
    Ok(NextResponse::json(&json!({ "received": body })))
}
