//! A tower layer one folder down: runs inside the gate.
use app_router::prelude::*;
use tower_http::set_header::SetRequestHeaderLayer;

pub fn layer() -> SetRequestHeaderLayer<HeaderValue> {
    SetRequestHeaderLayer::appending(
        header::HeaderName::from_static("x-trace"),
        HeaderValue::from_static("nested"),
    )
}
