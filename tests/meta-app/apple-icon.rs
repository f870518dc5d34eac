use app_router::metadata::Image;

pub async fn apple_icon() -> Image {
    Image::png(&b"\x89PNG apple"[..])
}
