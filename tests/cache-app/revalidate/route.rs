// `revalidate_tag` / `expire_tag` / `revalidate_path` from a handler.
use app_router::cache::{CacheLife, PathKind, expire_tag, revalidate_path, revalidate_tag};
use app_router::prelude::*;

#[derive(serde::Deserialize)]
pub struct Target {
    /// `revalidate_tag(tag, profile)`.
    tag: Option<String>,
    /// A profile name (`"max"` when absent).
    profile: Option<String>,
    /// A custom profile's `expire`, in seconds.
    expire: Option<u32>,
    /// `expire_tag(tag)`.
    expire_tag: Option<String>,
    /// `revalidate_path(path, kind)`.
    path: Option<String>,
    /// `"page"` or `"layout"`.
    kind: Option<String>,
}

pub async fn POST(Json(target): Json<Target>) -> StatusCode {
    if let Some(tag) = target.tag {
        let profile = match (target.expire, target.profile.as_deref()) {
            (Some(expire), _) => CacheLife::new(0, 0, Some(expire.max(1))),
            (None, Some(name)) => match CacheLife::profile(name) {
                Some(profile) => profile,
                None => return StatusCode::BAD_REQUEST,
            },
            (None, None) => CacheLife::MAX,
        };
        revalidate_tag(&tag, profile).await;
    }
    if let Some(tag) = target.expire_tag {
        expire_tag(&tag).await;
    }
    if let Some(path) = target.path {
        let kind = match target.kind.as_deref() {
            None => None,
            Some("page") => Some(PathKind::Page),
            Some("layout") => Some(PathKind::Layout),
            Some(_) => return StatusCode::BAD_REQUEST,
        };
        revalidate_path(&path, kind).await;
    }
    StatusCode::NO_CONTENT
}
