//! The root middleware: wraps every route of the app. Starts the request trace and
//! ends the response trace.
use app_router::prelude::*;

pub async fn middleware(mut request: Request, next: Next) -> Response {
    request
        .headers_mut()
        .insert("x-trace", HeaderValue::from_static("root"));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .append("x-trace-out", HeaderValue::from_static("root"));
    response
}
