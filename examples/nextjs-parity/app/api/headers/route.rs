use app_router::prelude::*;

pub async fn GET() -> Result<NextResponse, HandlerError> {
    // `headers()` of `next/headers`: readable from any function the handler awaits.
    let h = app_router::headers()?;
    let custom = h.get("x-custom").and_then(|v| v.to_str().ok());
    Ok(NextResponse::json(&json!({ "custom": custom })).with_header("x-powered-by-test", "yes")?)
}
