//! The request side of Next.js' `NextRequest`: cookies, the URL as the client sees
//! it, search params and typed body readers, as axum extractors.

use std::convert::Infallible;
use std::fmt;

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection, StringRejection};
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::response::{NextResponse, ResponseError};

/// The incoming request, Next.js style: `request.cookies`, `request.nextUrl`, and the
/// body readers `json()`, `text()`, `formData()`, `arrayBuffer()` and `body`.
///
/// An axum extractor that takes the body, so it is the last argument of a handler,
/// after any other extractors.
///
/// ```
/// use app_router::prelude::*;
///
/// #[derive(serde::Deserialize)]
/// struct NewUser {
///     name: String,
/// }
///
/// // POST /api/users?dry_run=1   Cookie: token=abc
/// pub async fn POST(request: NextRequest) -> Result<NextResponse, BodyError> {
///     let token = request.cookies().get("token").map(str::to_owned);
///     let dry_run = request.next_url().search_params().has("dry_run");
///     let user: NewUser = request.json().await?; // 415, 400 or 422 on a bad body
///     Ok(NextResponse::json(&json!({ "name": user.name, "token": token, "dry_run": dry_run })))
/// }
/// ```
///
/// Bodies are read on every method, `DELETE` and `OPTIONS` included, up to axum's
/// `DefaultBodyLimit` (2 MiB unless the router sets another): a larger body is
/// answered `413 Payload Too Large`.
#[derive(Debug)]
pub struct NextRequest {
    parts: Parts,
    body: Body,
    cookies: RequestCookies,
}

impl<S> FromRequest<S> for NextRequest
where
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let cookies = RequestCookies::from_headers(&parts.headers);
        Ok(Self {
            parts,
            body,
            cookies,
        })
    }
}

impl NextRequest {
    /// The method.
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The cookies of the `Cookie` header (`request.cookies`).
    pub fn cookies(&self) -> &RequestCookies {
        &self.cookies
    }

    /// The URL as the client sees it (`request.nextUrl`).
    pub fn next_url(&self) -> NextUrl {
        NextUrl::from_parts(&self.parts)
    }

    /// The full URL, `http://host/path?query` (`request.url`).
    pub fn url(&self) -> String {
        self.next_url().href()
    }

    fn into_request(self) -> Request {
        Request::from_parts(self.parts, self.body)
    }

    /// The body as JSON (`await request.json()`): `415` without a JSON content type,
    /// `400` for malformed JSON, `422` for JSON of the wrong shape.
    pub async fn json<T: DeserializeOwned>(self) -> Result<T, BodyError> {
        axum::Json::<T>::from_request(self.into_request(), &())
            .await
            .map(|axum::Json(value)| value)
            .map_err(BodyError::Json)
    }

    /// The body as UTF-8 text (`await request.text()`).
    pub async fn text(self) -> Result<String, BodyError> {
        String::from_request(self.into_request(), &())
            .await
            .map_err(BodyError::Text)
    }

    /// The body as `application/x-www-form-urlencoded` (`await request.formData()`).
    pub async fn form<T: DeserializeOwned>(self) -> Result<T, BodyError> {
        axum::Form::<T>::from_request(self.into_request(), &())
            .await
            .map(|axum::Form(value)| value)
            .map_err(BodyError::Form)
    }

    /// The body as bytes (`await request.arrayBuffer()`).
    pub async fn bytes(self) -> Result<Bytes, BodyError> {
        Bytes::from_request(self.into_request(), &())
            .await
            .map_err(BodyError::Bytes)
    }

    /// The body as a stream of chunks (`request.body`), unbuffered and unlimited.
    pub fn into_body(self) -> Body {
        self.body
    }
}

/// Why a body could not be read; answers like axum's extractors: `400` (malformed),
/// `413` (over the limit), `415` (wrong content type) or `422` (wrong shape), with a
/// short plain-text message.
#[derive(Debug)]
pub enum BodyError {
    /// From [`NextRequest::json`].
    Json(JsonRejection),
    /// From [`NextRequest::text`].
    Text(StringRejection),
    /// From [`NextRequest::form`].
    Form(FormRejection),
    /// From [`NextRequest::bytes`].
    Bytes(BytesRejection),
}

impl BodyError {
    /// The status the error answers with.
    pub fn status(&self) -> axum::http::StatusCode {
        match self {
            Self::Json(e) => e.status(),
            Self::Text(e) => e.status(),
            Self::Form(e) => e.status(),
            Self::Bytes(e) => e.status(),
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "{}", e.body_text()),
            Self::Text(e) => write!(f, "{}", e.body_text()),
            Self::Form(e) => write!(f, "{}", e.body_text()),
            Self::Bytes(e) => write!(f, "{}", e.body_text()),
        }
    }
}

impl std::error::Error for BodyError {}

impl IntoResponse for BodyError {
    fn into_response(self) -> Response {
        match self {
            Self::Json(e) => e.into_response(),
            Self::Text(e) => e.into_response(),
            Self::Form(e) => e.into_response(),
            Self::Bytes(e) => e.into_response(),
        }
    }
}

/// The cookies a request carries (`request.cookies`), parsed from every `Cookie`
/// header. Malformed pairs are skipped, never an error; values are percent-decoded.
///
/// Also an extractor, to sit beside other extractors:
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn GET(cookies: RequestCookies) -> String {
///     cookies.get("theme").unwrap_or("light").to_owned()
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestCookies {
    pairs: Pairs,
}

impl RequestCookies {
    /// Parses the `Cookie` headers of `headers`.
    ///
    /// ```
    /// use app_router::RequestCookies;
    /// use app_router::http::{HeaderMap, HeaderValue};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("cookie", HeaderValue::from_static("a=1; bad; b=x%20y; a=2"));
    /// let cookies = RequestCookies::from_headers(&headers);
    /// assert_eq!(cookies.get("a"), Some("2"));
    /// assert_eq!(cookies.get_all("a"), ["1", "2"]);
    /// assert_eq!(cookies.get("b"), Some("x y"));
    /// assert!(!cookies.has("bad"));
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let pairs = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| {
                cookie::Cookie::split_parse_encoded(value.to_owned())
                    .filter_map(Result::ok)
                    .map(|c| (c.name().to_owned(), c.value().to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect();
        Self {
            pairs: Pairs(pairs),
        }
    }

    /// The value of cookie `name`; with duplicates the last one, as in Next.js.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.all(name).last()
    }

    /// Every value of cookie `name`, in header order.
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.pairs.all(name).collect()
    }

    /// Whether cookie `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.pairs.all(name).next().is_some()
    }

    /// Every `(name, value)` pair, in header order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter()
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.0.len()
    }

    /// Whether there are no cookies.
    pub fn is_empty(&self) -> bool {
        self.pairs.0.is_empty()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestCookies {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_headers(&parts.headers))
    }
}

/// Opts in to trusting `X-Forwarded-Proto` and `X-Forwarded-Host` when building the
/// request URL; add it only behind a proxy that sets them:
/// `router.layer(axum::Extension(TrustProxy))`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrustProxy;

/// The URL as the client sees it (`request.nextUrl`): scheme and host from the `Host`
/// header (and `X-Forwarded-*` with [`TrustProxy`]), the path before any `nest`.
///
/// ```
/// use app_router::NextUrl;
///
/// let url = NextUrl::new("http", "example.com", "/api/echo?b=2&c=x%20y");
/// assert_eq!(url.pathname(), "/api/echo");
/// assert_eq!(url.search_params().get("c"), Some("x y"));
/// assert_eq!(url.href(), "http://example.com/api/echo?b=2&c=x%20y");
/// assert_eq!(url.join("../hello").unwrap(), "http://example.com/hello");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextUrl {
    scheme: String,
    host: String,
    path: String,
    query: Option<String>,
}

impl NextUrl {
    /// A URL from its parts; `path_and_query` starts with `/`.
    pub fn new(scheme: &str, host: &str, path_and_query: &str) -> Self {
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q.to_owned())),
            None => (path_and_query, None),
        };
        Self {
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            path: if path.is_empty() {
                "/".into()
            } else {
                path.to_owned()
            },
            query,
        }
    }

    pub(crate) fn from_parts(parts: &Parts) -> Self {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        let trust = parts.extensions.get::<TrustProxy>().is_some();
        let forwarded = |name: &str| {
            trust
                .then(|| parts.headers.get(name)?.to_str().ok())
                .flatten()
                .and_then(|v| v.split(',').next())
                .map(str::trim)
        };
        let host = forwarded("x-forwarded-host")
            .or_else(|| parts.headers.get(header::HOST)?.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()))
            .unwrap_or("localhost");
        let scheme = forwarded("x-forwarded-proto")
            .or_else(|| uri.scheme_str())
            .unwrap_or("http");
        Self {
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
        }
    }

    /// The path, percent-encoded as received (`nextUrl.pathname`).
    pub fn pathname(&self) -> &str {
        &self.path
    }

    /// The query string without `?`, if any (`nextUrl.search`).
    pub fn search(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The decoded query parameters (`nextUrl.searchParams`).
    pub fn search_params(&self) -> SearchParams {
        SearchParams::parse(self.query.as_deref().unwrap_or(""))
    }

    /// `http://host` (`nextUrl.origin`).
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }

    /// The whole URL (`nextUrl.href`).
    pub fn href(&self) -> String {
        match &self.query {
            Some(q) => format!("{}{}?{q}", self.origin(), self.path),
            None => format!("{}{}", self.origin(), self.path),
        }
    }

    /// Resolves a URL reference against this URL (`new URL(reference, request.url)`),
    /// RFC 3986 §5.2: absolute URLs stay, `/x` replaces the path, `x` and `../x` are
    /// relative to it.
    pub fn join(&self, reference: &str) -> Result<String, ResponseError> {
        let invalid = || ResponseError::InvalidUrl(reference.to_owned());
        if reference.chars().any(|c| c.is_ascii_control() || c == ' ') {
            return Err(invalid());
        }
        if let Some(colon) = reference.find(':') {
            let scheme = &reference[..colon];
            if !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return reference
                    .parse::<axum::http::Uri>()
                    .map(|_| reference.to_owned())
                    .map_err(|_| invalid());
            }
        }
        if let Some(rest) = reference.strip_prefix("//") {
            return Ok(format!("{}://{rest}", self.scheme));
        }
        let (reference, fragment) = match reference.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (reference, None),
        };
        let (ref_path, ref_query) = match reference.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (reference, None),
        };
        let (path, query) = if ref_path.is_empty() {
            (self.path.clone(), ref_query.or(self.query.as_deref()))
        } else if ref_path.starts_with('/') {
            (remove_dot_segments(ref_path), ref_query)
        } else {
            let base = &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)];
            (remove_dot_segments(&format!("{base}{ref_path}")), ref_query)
        };
        let mut url = format!("{}{path}", self.origin());
        if let Some(q) = query {
            url.push('?');
            url.push_str(q);
        }
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        url.parse::<axum::http::Uri>().map_err(|_| invalid())?;
        Ok(url)
    }

    /// A `307` redirect to `reference` resolved against this URL, the usual
    /// `NextResponse.redirect(new URL('/x', request.url))`.
    pub fn redirect(&self, reference: &str) -> Result<NextResponse, ResponseError> {
        NextResponse::redirect(&self.join(reference)?)
    }
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for NextUrl {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}

/// Decoded query parameters (`URLSearchParams`): `+` and `%20` are spaces.
///
/// ```
/// use app_router::SearchParams;
///
/// let params = SearchParams::parse("tag=a&tag=b&q=x+y&empty");
/// assert_eq!(params.get("tag"), Some("a"));
/// assert_eq!(params.get_all("tag"), ["a", "b"]);
/// assert_eq!(params.get("q"), Some("x y"));
/// assert!(params.has("empty"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    pairs: Pairs,
}

impl SearchParams {
    /// Parses a query string (without `?`).
    pub fn parse(query: &str) -> Self {
        Self {
            pairs: Pairs(
                form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect(),
            ),
        }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.all(name).next()
    }

    /// Every value of `name`, in order.
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.pairs.all(name).collect()
    }

    /// Whether `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.pairs.all(name).next().is_some()
    }

    /// Every `(name, value)` pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter()
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.0.is_empty()
    }
}

/// Ordered `(name, value)` pairs with repeated names: cookies and query parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn all<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SearchParams {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::parse(parts.uri.query().unwrap_or("")))
    }
}
