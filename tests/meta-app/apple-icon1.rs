use app_router::metadata::Image;

// A second, numbered apple icon beside `apple-icon.rs`: served at `/apple-icon1`.
pub async fn apple_icon() -> Image {
    Image::png(&b"\x89PNG apple 1"[..])
}
