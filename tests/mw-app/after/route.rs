//! `/after`: work after the response — waits for the test's go-ahead (so the test can
//! see the response complete first), reads the request's headers, and records itself.
use app_router::prelude::*;

fn key(headers: &HeaderMap) -> String {
    headers
        .get("x-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

pub async fn GET(headers: HeaderMap) -> Result<&'static str, OutsideRequest> {
    let key = key(&headers);
    app_router::after(async move {
        crate::after_gate(&key).notified().await;
        let visitor = app_router::headers()
            .ok()
            .and_then(|h| h.get("x-visitor").cloned());
        let visitor = visitor
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        crate::after_record(&key, format!("ran for {visitor}"));
    })?;
    Ok("sent")
}

/// After work still runs when the handler answers with an interrupt.
pub async fn POST(headers: HeaderMap) -> Result<&'static str, Interrupt> {
    let key = key(&headers);
    app_router::after(async move { crate::after_record(&key, "ran after 404".to_owned()) }).ok();
    Err(not_found())
}
