use app_router::metadata::{Manifest, ManifestIcon};

pub async fn manifest() -> Manifest {
    Manifest {
        name: Some("Meta".into()),
        start_url: Some("/".into()),
        display: Some("standalone".into()),
        icons: vec![ManifestIcon::new("/icon.svg").content_type("image/svg+xml")],
        ..Manifest::default()
    }
}
