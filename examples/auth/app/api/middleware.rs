//! CORS on everything under `/api`, from tower-http.
use tower_http::cors::{AllowOrigin, CorsLayer};

pub fn layer() -> CorsLayer {
    CorsLayer::new().allow_origin(AllowOrigin::mirror_request())
}
