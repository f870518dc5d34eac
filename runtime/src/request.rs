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
///     let user: NewUser = request.json().await?; // 400 or 422 on a bad body
///     Ok(NextResponse::json(&json!({ "name": user.name, "token": token, "dry_run": dry_run })))
/// }
/// ```
///
/// Bodies are read on every method, `DELETE` and `OPTIONS` included, up to axum's
/// `DefaultBodyLimit` (2 MiB unless the router sets another): a larger body is
/// answered `413 Payload Too Large`. A request whose `Host` is not a valid authority
/// is answered `400` before the handler runs (see [`UrlRejection`]).
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
    type Rejection = UrlRejection;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        // The URL is built from these on demand; checked once here so that
        // `next_url()` cannot fail and a forged authority never reaches a handler.
        origin(&parts)?;
        let cookies = RequestCookies::from_headers(&parts.headers);
        Ok(Self {
            parts,
            body,
            cookies,
        })
    }
}

impl NextRequest {
    /// The request a `proxy` sees: everything but the body, which stays with the route.
    pub(crate) fn without_body(parts: Parts) -> Result<Self, UrlRejection> {
        origin(&parts)?;
        let cookies = RequestCookies::from_headers(&parts.headers);
        Ok(Self {
            parts,
            body: Body::empty(),
            cookies,
        })
    }

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

    /// The body as JSON (`await request.json()`). Like `Request.json()` in Next.js it
    /// does not look at `Content-Type`: a client that omits it (or sends `text/plain`)
    /// is served. `400` for malformed JSON, `422` for JSON of the wrong shape, `413`
    /// over the body limit. axum's `Json<T>` extractor stays available where a route
    /// should answer `415` without `Content-Type: application/json`.
    pub async fn json<T: DeserializeOwned>(self) -> Result<T, BodyError> {
        let bytes = self.bytes().await?;
        axum::Json::<T>::from_bytes(&bytes)
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

    /// The URL of a request whose authority [`origin`] accepted; `localhost` if it
    /// did not (never the case after the extractors ran).
    pub(crate) fn from_parts(parts: &Parts) -> Self {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        let (scheme, host) = origin(parts).unwrap_or(("http", "localhost"));
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
    type Rejection = UrlRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        origin(parts)?;
        Ok(Self::from_parts(parts))
    }
}

/// Why the URL of a request cannot be built: answered `400 Bad Request` with this
/// message, as RFC 9112 §3.2 requires of a server for an invalid `Host`.
///
/// The authority comes from, in order: `X-Forwarded-Host` (only with [`TrustProxy`]),
/// the request target when it is absolute (`GET http://a.example/x`, and HTTP/2's
/// `:authority`; RFC 9112 §3.2.2), the `Host` header, and `localhost` when there is
/// none (HTTP/1.0). It must be an RFC 3986 §3.2.2 `host[:port]`: no user info, path,
/// query, spaces or control characters.
///
/// ```
/// use app_router::{NextUrl, UrlRejection};
/// use app_router::http::{Request, StatusCode};
/// use axum::extract::FromRequestParts;
/// use axum::response::IntoResponse;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = Request::get("/api/hello").header("host", "evil.com/path?x").body(()).unwrap();
/// let (mut parts, ()) = request.into_parts();
/// let rejection = NextUrl::from_request_parts(&mut parts, &()).await.unwrap_err();
/// assert_eq!(rejection, UrlRejection::InvalidHost);
/// assert_eq!(rejection.into_response().status(), StatusCode::BAD_REQUEST);
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlRejection {
    /// The request has more than one `Host` header.
    DuplicateHost,
    /// The authority is empty or not `host[:port]`.
    InvalidHost,
    /// `X-Forwarded-Proto` (with [`TrustProxy`]) is not a URL scheme.
    InvalidScheme,
}

impl fmt::Display for UrlRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::DuplicateHost => "the request has more than one `Host` header",
            Self::InvalidHost => "the request's host is not a valid `host[:port]`",
            Self::InvalidScheme => "`X-Forwarded-Proto` is not a valid URL scheme",
        })
    }
}

impl std::error::Error for UrlRejection {}

impl IntoResponse for UrlRejection {
    fn into_response(self) -> Response {
        (axum::http::StatusCode::BAD_REQUEST, self.to_string()).into_response()
    }
}

/// The scheme and authority of the URL the client sees (see [`UrlRejection`]).
pub(crate) fn origin(parts: &Parts) -> Result<(&str, &str), UrlRejection> {
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(&parts.uri, |o| &o.0);
    let trust = parts.extensions.get::<TrustProxy>().is_some();
    let forwarded = |name: &str| -> Result<Option<&str>, UrlRejection> {
        if !trust {
            return Ok(None);
        }
        match parts.headers.get(name) {
            None => Ok(None),
            Some(v) => {
                let v = v.to_str().map_err(|_| UrlRejection::InvalidHost)?;
                Ok(v.split(',').next().map(str::trim))
            }
        }
    };
    let mut hosts = parts.headers.get_all(header::HOST).iter();
    let header_host = hosts.next();
    if hosts.next().is_some() {
        return Err(UrlRejection::DuplicateHost);
    }
    let host = match forwarded("x-forwarded-host")? {
        Some(host) => host,
        None => match uri.authority() {
            Some(authority) => authority.as_str(),
            None => match header_host {
                Some(v) => v.to_str().map_err(|_| UrlRejection::InvalidHost)?,
                None => "localhost",
            },
        },
    };
    if !is_authority(host) {
        return Err(UrlRejection::InvalidHost);
    }
    let scheme = match forwarded("x-forwarded-proto")? {
        Some(scheme) if is_scheme(scheme) => scheme,
        Some(_) => return Err(UrlRejection::InvalidScheme),
        None => uri.scheme_str().unwrap_or("http"),
    };
    Ok((scheme, host))
}

/// RFC 3986 §3.1: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// RFC 3986 §3.2.2–3: `host [ ":" port ]`, where host is an IP literal in brackets or
/// a non-empty reg-name / IPv4 address, and port is at most 65535.
fn is_authority(s: &str) -> bool {
    let port = if let Some(rest) = s.strip_prefix('[') {
        let Some((literal, after)) = rest.split_once(']') else {
            return false;
        };
        let literal_ok = !literal.is_empty()
            && literal.bytes().all(|b| {
                // IPv6address, or IPvFuture's `v1.` + unreserved / sub-delims / ":".
                b.is_ascii_alphanumeric()
                    || matches!(b, b':' | b'.' | b'-' | b'_' | b'~')
                    || is_sub_delim(b)
            });
        if !literal_ok {
            return false;
        }
        match after.strip_prefix(':') {
            Some(port) => port,
            None => return after.is_empty(),
        }
    } else {
        let (host, port) = s.rsplit_once(':').unwrap_or((s, ""));
        if host.is_empty() || !is_reg_name(host) {
            return false;
        }
        port
    };
    port.is_empty()
        || (port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65535))
}

/// `*( unreserved / pct-encoded / sub-delims )`.
fn is_reg_name(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if !b
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
                continue;
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') => {}
            c if is_sub_delim(c) => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// RFC 3986 sub-delims: ``!$&'()*+,;=``.
fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(
        build: impl FnOnce(axum::http::request::Builder) -> axum::http::request::Builder,
    ) -> Parts {
        build(axum::http::Request::builder())
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn accepts_rfc3986_authorities() {
        for ok in [
            "example.com",
            "example.com:8080",
            "127.0.0.1:3000",
            "[::1]",
            "[::1]:3000",
            "[v1.fe80::a+en1]",
            "xn--caf-dma.example",
            "a%2Db.example",
            "localhost:",
        ] {
            assert!(is_authority(ok), "{ok}");
        }
        for bad in [
            "",
            ":80",
            "evil.com/path?x",
            "user@example.com",
            "example.com:99999",
            "example.com:8o",
            "exa mple.com",
            "[::1",
            "[::1]x",
            "[]",
            "a%zz.example",
            "example.com#x",
            "\\evil",
        ] {
            assert!(!is_authority(bad), "{bad}");
        }
        assert!(is_scheme("https") && is_scheme("coap+tcp"));
        assert!(!is_scheme("") && !is_scheme("1http") && !is_scheme("ht tp"));
    }

    #[test]
    fn picks_the_authority_in_rfc_order() {
        let host = |p: &Parts| origin(p).map(|(s, h)| format!("{s}://{h}"));
        let p = parts(|b| b.uri("http://a.example/x").header("host", "b.example"));
        assert_eq!(host(&p).as_deref(), Ok("http://a.example"));
        let p = parts(|b| b.uri("/x").header("host", "b.example:81"));
        assert_eq!(host(&p).as_deref(), Ok("http://b.example:81"));
        let p = parts(|b| b.uri("/x"));
        assert_eq!(host(&p).as_deref(), Ok("http://localhost"));
        let p = parts(|b| b.uri("/x").header("host", "a").header("host", "b"));
        assert_eq!(host(&p), Err(UrlRejection::DuplicateHost));
        let p = parts(|b| b.uri("/x").header("host", ""));
        assert_eq!(host(&p), Err(UrlRejection::InvalidHost));
        // Forwarded headers count only behind `TrustProxy`.
        let forwarded = |b: axum::http::request::Builder| {
            b.uri("/x")
                .header("host", "internal:8080")
                .header("x-forwarded-host", "shop.example, proxy")
                .header("x-forwarded-proto", "https")
        };
        assert_eq!(
            host(&parts(forwarded)).as_deref(),
            Ok("http://internal:8080")
        );
        let trusted = parts(|b| forwarded(b).extension(TrustProxy));
        assert_eq!(host(&trusted).as_deref(), Ok("https://shop.example"));
        let p = parts(|b| {
            b.uri("/x")
                .header("x-forwarded-proto", "javascript:")
                .extension(TrustProxy)
        });
        assert_eq!(host(&p), Err(UrlRejection::InvalidScheme));
    }
}
