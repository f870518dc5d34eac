//! The `(admin)` group's gate: a bearer token from the app state, or `401`.
use app_router::prelude::*;

use crate::Gate;

pub async fn middleware(
    State(gate): State<Gate>,
    mut request: Request,
    next: Next,
) -> Result<Response, Interrupt> {
    let expected = format!("Bearer {}", gate.token);
    let authorized = request
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes() == expected.as_bytes());
    if !authorized {
        return Err(unauthorized());
    }
    request
        .headers_mut()
        .append("x-trace", HeaderValue::from_static("admin"));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .append("x-trace-out", HeaderValue::from_static("admin"));
    Ok(response)
}
