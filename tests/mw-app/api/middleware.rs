//! CORS on everything under `/api`.
use tower_http::cors::CorsLayer;

pub fn layer() -> CorsLayer {
    CorsLayer::permissive()
}
