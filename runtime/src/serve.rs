//! How generated code serves metadata routes, layouts and the not-found page: typed
//! values rendered to documents, the render-once cache of static metadata, ids from
//! the URL, embedded files. Reached through `__private`.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;

use crate::metadata::{CACHE_CONTROL, Image, Manifest, MetadataId, Robots, SitemapEntry};
use crate::response::HandlerError;

/// The file kinds of metadata routes, as type parameters of [`MetadataOutput`].
pub mod kind {
    /// `sitemap.rs`.
    #[derive(Debug)]
    pub struct Sitemap;
    /// `robots.rs`.
    #[derive(Debug)]
    pub struct Robots;
    /// `manifest.rs`.
    #[derive(Debug)]
    pub struct Manifest;
    /// `icon.rs`, `apple-icon.rs`, `opengraph-image.rs`, `twitter-image.rs`.
    #[derive(Debug)]
    pub struct Image;
}

/// A metadata document ready to send: its content type and bytes.
#[derive(Debug, Clone)]
pub struct Rendered {
    content_type: HeaderValue,
    body: Bytes,
}

impl Rendered {
    fn response(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type.clone()),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_CONTROL),
                ),
            ],
            self.body.clone(),
        )
            .into_response()
    }

    fn of(content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Self {
            content_type: HeaderValue::from_static(content_type),
            body: body.into(),
        }
    }
}

/// What the function of a metadata file of kind `K` may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by this metadata file",
    label = "the function of this metadata file returns the wrong type",
    note = "`sitemap` returns `Vec<SitemapEntry>` (`app_router::metadata::Sitemap`), `robots` returns `Robots`, `manifest` returns `Manifest`, `icon`/`apple_icon`/`opengraph_image`/`twitter_image` return `Image`; any of them may be wrapped in `Result<_, E>`"
)]
pub trait MetadataOutput<K> {
    /// The document, or the error to answer `500` with.
    fn render(self) -> Result<Rendered, HandlerError>;
}

impl MetadataOutput<kind::Sitemap> for Vec<SitemapEntry> {
    fn render(self) -> Result<Rendered, HandlerError> {
        Ok(Rendered::of(
            "application/xml",
            crate::metadata::sitemap_xml(&self),
        ))
    }
}

impl MetadataOutput<kind::Robots> for Robots {
    fn render(self) -> Result<Rendered, HandlerError> {
        Ok(Rendered::of(
            "text/plain",
            crate::metadata::robots_txt(&self),
        ))
    }
}

impl MetadataOutput<kind::Manifest> for Manifest {
    fn render(self) -> Result<Rendered, HandlerError> {
        Ok(Rendered::of(
            "application/manifest+json",
            serde_json::to_vec(&self)?,
        ))
    }
}

impl MetadataOutput<kind::Image> for Image {
    fn render(self) -> Result<Rendered, HandlerError> {
        let content_type = HeaderValue::try_from(self.content_type())?;
        Ok(Rendered {
            content_type,
            body: self.bytes().clone(),
        })
    }
}

impl<K, T, E> MetadataOutput<K> for Result<T, E>
where
    T: MetadataOutput<K>,
    HandlerError: From<E>,
{
    fn render(self) -> Result<Rendered, HandlerError> {
        self.map_err(HandlerError::from)?.render()
    }
}

/// Renders a dynamic metadata route on every request. `None` (an id that
/// `generate_*` does not list) answers [`id_not_found`].
pub async fn render<K, T>(output: impl Future<Output = Option<T>>) -> Response
where
    T: MetadataOutput<K>,
{
    match output.await.map(MetadataOutput::render) {
        Some(Ok(rendered)) => rendered.response(),
        Some(Err(err)) => err.into_response(),
        None => id_not_found(),
    }
}

/// The documents of one static metadata file, rendered once per id (`""` without
/// ids) and served from memory after that. Concurrent first requests render once;
/// errors and unknown ids are not kept.
#[derive(Debug, Default)]
pub struct MetadataCache {
    cells: Mutex<BTreeMap<String, Arc<OnceCell<Rendered>>>>,
}

enum Miss {
    UnknownId,
    Failed(HandlerError),
}

impl MetadataCache {
    /// An empty cache, for a `static`.
    pub const fn new() -> Self {
        Self {
            cells: Mutex::new(BTreeMap::new()),
        }
    }

    /// The document for `key`, rendering it with `output` if it is not there yet.
    pub async fn serve<K, T>(&self, key: &str, output: impl Future<Output = Option<T>>) -> Response
    where
        T: MetadataOutput<K>,
    {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cells.entry(key.to_owned()).or_default())
        };
        let rendered = cell
            .get_or_try_init(|| async {
                match output.await {
                    Some(output) => output.render().map_err(Miss::Failed),
                    None => Err(Miss::UnknownId),
                }
            })
            .await;
        match rendered {
            Ok(rendered) => rendered.response(),
            Err(miss) => {
                let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
                if cells.get(key).is_some_and(|c| !c.initialized()) {
                    cells.remove(key);
                }
                match miss {
                    Miss::UnknownId => id_not_found(),
                    Miss::Failed(err) => err.into_response(),
                }
            }
        }
    }
}

/// The id of `/sitemap/<id>.xml` (`suffix` `.xml`) or `/icon/<id>` (`suffix` empty):
/// the last path segment without the suffix, percent-decoded.
pub fn metadata_id(uri: &Uri, suffix: &str) -> Option<String> {
    let last = uri.path().rsplit('/').next()?;
    let raw = last.strip_suffix(suffix)?;
    crate::path::decode_segment(raw)
}

/// The item of `items` whose id is `id`.
pub fn find_id<I>(items: I, id: &str) -> Option<I::Item>
where
    I: IntoIterator,
    I::Item: MetadataId,
{
    items.into_iter().find(|item| item.metadata_id() == id)
}

/// `404` with the body `Not Found`, as Next.js answers an id that `generateSitemaps` or
/// `generateImageMetadata` does not list.
pub fn id_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not Found",
    )
        .into_response()
}

/// A file of `app/` embedded in the binary (`favicon.ico`, `icon.png`, ...).
pub fn static_file(bytes: &'static [u8], content_type: &'static str) -> Response {
    Rendered::of(content_type, Bytes::from_static(bytes)).response()
}

/// The not-found page's response: `404` unless it already failed or redirected.
pub fn not_found_status(mut response: Response) -> Response {
    if response.status().is_success() {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// What a page's wrapper keeps of its request to render the nearest `not-found.rs`
/// when the page returns `not_found()`: the method and URL, and the headers and
/// extensions only when that not-found page or its layouts take extractors.
#[derive(Debug)]
pub struct BoundaryHead {
    method: axum::http::Method,
    uri: axum::http::Uri,
    rest: Option<(axum::http::HeaderMap, axum::http::Extensions)>,
}

impl BoundaryHead {
    /// The head of `parts`; `keep`: also the headers and extensions.
    pub fn new(parts: &axum::http::request::Parts, keep: bool) -> Self {
        Self {
            method: parts.method.clone(),
            uri: parts.uri.clone(),
            rest: keep.then(|| (parts.headers.clone(), parts.extensions.clone())),
        }
    }

    /// A request with this head and an empty body, for the not-found page.
    pub fn request(self) -> axum::extract::Request {
        let mut request = axum::extract::Request::new(axum::body::Body::empty());
        *request.method_mut() = self.method;
        *request.uri_mut() = self.uri;
        if let Some((headers, extensions)) = self.rest {
            *request.headers_mut() = headers;
            *request.extensions_mut() = extensions;
        }
        request
    }
}

/// Whether `response` is the answer of a `not_found()` interrupt (not any `404`: a
/// page that answers `StatusCode::NOT_FOUND` itself is sent as it is).
pub fn is_not_found(response: &Response) -> bool {
    response
        .extensions()
        .get::<crate::interrupt::NotFoundRaised>()
        .is_some()
}

/// Wraps a page's (or inner layout's) response in a layout; see [`crate::Children`].
pub async fn wrap<F, Fut, R>(inner: Response, layout: F) -> Response
where
    F: FnOnce(crate::Children) -> Fut,
    Fut: Future<Output = R>,
    R: IntoResponse,
{
    crate::layout::wrap(inner, layout).await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::metadata::RobotsRule;

    #[tokio::test]
    async fn static_metadata_renders_once_and_forgets_misses() {
        let cache = MetadataCache::new();
        let runs = AtomicUsize::new(0);
        let robots = || async {
            runs.fetch_add(1, Ordering::SeqCst);
            Some(Robots::new().rule(RobotsRule::new()))
        };
        for _ in 0..3 {
            let response = cache.serve::<kind::Robots, _>("", robots()).await;
            assert_eq!(response.headers()[header::CONTENT_TYPE], "text/plain");
            assert_eq!(response.headers()[header::CACHE_CONTROL], CACHE_CONTROL);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let missing = cache
            .serve::<kind::Robots, Robots>("nope", async { None })
            .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let failed = cache
            .serve::<kind::Image, Result<Image, std::fmt::Error>>("x", async {
                Some(Err(std::fmt::Error))
            })
            .await;
        assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(cache.cells.lock().unwrap().len(), 1);
    }

    #[test]
    fn ids_come_from_the_last_segment() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            metadata_id(&uri("/blog/sitemap/a%20b.xml"), ".xml").as_deref(),
            Some("a b")
        );
        assert_eq!(metadata_id(&uri("/blog/sitemap/1"), ".xml"), None);
        assert_eq!(metadata_id(&uri("/icon/%zz"), ""), None);
        assert_eq!(find_id([1u32, 2, 3], "2"), Some(2));
        assert_eq!(find_id(["a", "b"], "c"), None);
    }
}
