//! The app's instrumentation: `register` flips a flag after a pause (so a request that
//! ran before it finished would see `false`), `on_request_error` records each report.
use std::sync::atomic::Ordering;

use app_router::instrumentation::{ErrorContext, ErrorRequest, RequestError};

pub async fn register() {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    crate::REGISTERED.fetch_add(1, Ordering::SeqCst);
}

pub async fn on_request_error(error: RequestError, request: ErrorRequest, context: ErrorContext) {
    let header = request
        .headers
        .get("x-trace")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    crate::report(format!(
        "{} | {} {} x-trace={} | {} {} {} {} | {} | digest {}",
        error.kind,
        request.method,
        request.path,
        header,
        context.router_kind,
        context.route_path,
        context.route_type,
        context.revalidate_reason.unwrap_or("-"),
        error.message,
        error.digest,
    ));
}
