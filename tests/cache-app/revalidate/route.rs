// `revalidate_tag` / `revalidate_path` from a handler.
use app_router::cache::{revalidate_path, revalidate_tag};
use app_router::prelude::*;

#[derive(serde::Deserialize)]
pub struct Target {
    tag: Option<String>,
    path: Option<String>,
}

pub async fn POST(Json(target): Json<Target>) -> StatusCode {
    if let Some(tag) = target.tag {
        revalidate_tag(&tag).await;
    }
    if let Some(path) = target.path {
        revalidate_path(&path).await;
    }
    StatusCode::NO_CONTENT
}
