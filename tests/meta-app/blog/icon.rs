use app_router::metadata::{Image, ImageMetadata};
use app_router::prelude::*;

pub async fn generate_image_metadata() -> Vec<ImageMetadata> {
    vec![
        ImageMetadata::new("small").size(48, 48),
        ImageMetadata::new("large").size(72, 72),
    ]
}

pub async fn icon(image: ImageMetadata) -> Result<Image, HandlerError> {
    let (width, _) = image.size.unwrap_or_default();
    Ok(Image::svg(format!("<svg width=\"{width}\"/>")))
}
