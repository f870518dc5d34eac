//! The response side of Next.js' `NextResponse`: JSON, redirects, `notFound()`,
//! cookies and streaming bodies, with every invalid input an error value, never a panic.

use std::fmt;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A response under construction, like `NextResponse`: a status, headers, cookies and
/// a body. It is `IntoResponse`, so handlers return it directly.
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn GET(request: NextRequest) -> Result<NextResponse, ResponseError> {
///     let token = request.cookies().get("token").map(str::to_owned);
///     let mut response = NextResponse::json(&json!({ "token": token }))
///         .with_status(StatusCode::OK)
///         .with_header("x-powered-by-test", "yes")?;
///     response
///         .cookies()
///         .set("visited", "1", CookieOptions { http_only: true, ..Default::default() })?;
///     Ok(response)
/// }
/// ```
#[derive(Debug)]
pub struct NextResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
    cookies: ResponseCookies,
    /// Set by `next()` and `rewrite()`, which only a `proxy.rs` may return.
    proxy: Option<Box<ProxyAction>>,
}

/// What a `proxy.rs` asked for besides answering.
#[derive(Debug, Clone)]
pub(crate) enum ProxyAction {
    /// Go on to the route, with these request headers set.
    Next { request_headers: HeaderMap },
    /// Serve `target` (a path and query of this app, or a URL) instead.
    Rewrite {
        target: String,
        request_headers: HeaderMap,
    },
}

impl Default for NextResponse {
    fn default() -> Self {
        Self::new(Body::empty())
    }
}

impl NextResponse {
    /// `200` with `body` (`new NextResponse(body)`).
    pub fn new(body: impl Into<Body>) -> Self {
        Self {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: body.into(),
            cookies: ResponseCookies::default(),
            proxy: None,
        }
    }

    /// In a `proxy.rs`: go on to the route (`NextResponse.next()`). Headers and cookies
    /// set on this response are added to the route's response (the route's own headers
    /// win; `Set-Cookie` lines add up); request headers set with
    /// [`with_request_header`](Self::with_request_header) reach the route.
    ///
    /// Returned from a route handler it answers `500`, as in Next.js.
    ///
    /// ```
    /// use app_router::prelude::*;
    ///
    /// pub async fn proxy(request: NextRequest) -> Result<NextResponse, ResponseError> {
    ///     NextResponse::next()
    ///         .with_header("x-proxied", "1")?
    ///         .with_request_header("x-user-agent-seen", request.headers().contains_key("user-agent").to_string().as_str())
    /// }
    /// ```
    pub fn next() -> Self {
        Self {
            proxy: Some(Box::new(ProxyAction::Next {
                request_headers: HeaderMap::new(),
            })),
            ..Self::default()
        }
    }

    /// In a `proxy.rs`: serve another path of this app instead, while the client keeps
    /// its URL (`NextResponse.rewrite(url)`). `url` is a path with an optional query
    /// (`/en/about?x=1`) or an absolute URL of the request's own origin. As in
    /// Next.js, the query is the one of `url`: the request's query is not merged in
    /// (pass `request.next_url().search()` on to keep it). The route reads the new
    /// path and query (`RouteContext`, `NextRequest::next_url`); axum's `Path` and
    /// `MatchedPath` extractors still describe the route the URL first matched.
    ///
    /// A URL of another origin answers `500` when the proxy returns it: app-router
    /// does not proxy to other servers.
    ///
    /// ```
    /// use app_router::NextResponse;
    ///
    /// assert!(NextResponse::rewrite("/en/about?x=1").is_ok());
    /// assert!(NextResponse::rewrite("https://example.com/en").is_ok());
    /// assert!(NextResponse::rewrite("en/about").is_err());
    /// assert!(NextResponse::rewrite("//evil.example/").is_err());
    /// ```
    pub fn rewrite(url: &str) -> Result<Self, ResponseError> {
        let path = url.starts_with('/') && !url.starts_with("//");
        let absolute = url
            .parse::<axum::http::Uri>()
            .is_ok_and(|uri| uri.scheme().is_some() && uri.authority().is_some());
        if !(path || absolute) || url.parse::<axum::http::Uri>().is_err() {
            return Err(ResponseError::InvalidUrl(url.to_owned()));
        }
        Ok(Self {
            proxy: Some(Box::new(ProxyAction::Rewrite {
                target: url.to_owned(),
                request_headers: HeaderMap::new(),
            })),
            ..Self::default()
        })
    }

    /// With [`next`](Self::next) or [`rewrite`](Self::rewrite): sets a request header
    /// the route sees (`NextResponse.next({ request: { headers } })`), replacing one
    /// of the same name. Ignored on other responses.
    pub fn with_request_header(mut self, name: &str, value: &str) -> Result<Self, ResponseError> {
        let name = HeaderName::try_from(name)
            .map_err(|_| ResponseError::InvalidHeaderName(name.to_owned()))?;
        let value = HeaderValue::try_from(value)
            .map_err(|_| ResponseError::InvalidHeaderValue(name.to_string()))?;
        if let Some(action) = self.proxy.as_deref_mut() {
            let (ProxyAction::Next { request_headers }
            | ProxyAction::Rewrite {
                request_headers, ..
            }) = action;
            request_headers.insert(name, value);
        }
        Ok(self)
    }

    /// For the proxy: what it asked for, and the response whose headers and cookies
    /// go with it.
    pub(crate) fn into_proxy(mut self) -> (Option<ProxyAction>, Response) {
        let action = self.proxy.take().map(|b| *b);
        (action, self.into_response())
    }

    /// `200` with `value` as JSON and `Content-Type: application/json`
    /// (`NextResponse.json(value)`). A value that cannot be serialized (a map with
    /// non-string keys) becomes a logged `500`.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                let mut response = Self::new(bytes);
                response.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            Err(err) => {
                tracing::error!(error = %err, "response JSON could not be serialized; answering 500");
                Self::new(Body::empty()).with_status(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    /// A streamed body: each chunk is sent as soon as the stream yields it.
    ///
    /// ```
    /// use app_router::prelude::*;
    ///
    /// pub async fn GET() -> NextResponse {
    ///     let chunks = futures_util::stream::iter(["a", "b", "c"].map(Ok::<_, std::io::Error>));
    ///     NextResponse::stream(chunks)
    /// }
    /// ```
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<axum::BoxError> + 'static,
    {
        Self::new(Body::from_stream(stream))
    }

    /// `307 Temporary Redirect` to an absolute URL (`NextResponse.redirect(url)`).
    /// Resolve relative URLs first with [`NextUrl::join`](crate::NextUrl::join), or
    /// use [`NextUrl::redirect`](crate::NextUrl::redirect).
    pub fn redirect(url: &str) -> Result<Self, ResponseError> {
        Self::redirect_with_status(url, StatusCode::TEMPORARY_REDIRECT)
    }

    /// `308 Permanent Redirect` to an absolute URL.
    pub fn permanent_redirect(url: &str) -> Result<Self, ResponseError> {
        Self::redirect_with_status(url, StatusCode::PERMANENT_REDIRECT)
    }

    /// A redirect with `status`, one of 301, 302, 303, 307 and 308, as Next.js allows.
    ///
    /// ```
    /// use app_router::{NextResponse, ResponseError};
    /// use app_router::http::StatusCode;
    ///
    /// assert!(NextResponse::redirect_with_status("https://example.com/", StatusCode::SEE_OTHER).is_ok());
    /// assert_eq!(
    ///     NextResponse::redirect_with_status("https://example.com/", StatusCode::OK).unwrap_err(),
    ///     ResponseError::InvalidRedirectStatus(200)
    /// );
    /// assert_eq!(
    ///     NextResponse::redirect("/relative").unwrap_err().to_string(),
    ///     "URL is malformed \"/relative\": use an absolute URL, or resolve it with `NextUrl::join`"
    /// );
    /// ```
    pub fn redirect_with_status(url: &str, status: StatusCode) -> Result<Self, ResponseError> {
        if ![301, 302, 303, 307, 308].contains(&status.as_u16()) {
            return Err(ResponseError::InvalidRedirectStatus(status.as_u16()));
        }
        let absolute = url
            .parse::<axum::http::Uri>()
            .is_ok_and(|uri| uri.scheme().is_some() && uri.authority().is_some());
        let value = HeaderValue::try_from(url).ok().filter(|_| absolute);
        let value = value.ok_or_else(|| ResponseError::InvalidUrl(url.to_owned()))?;
        let mut response = Self::default().with_status(status);
        response.headers.insert(header::LOCATION, value);
        Ok(response)
    }

    /// `404 Not Found` with an empty body (`notFound()`).
    pub fn not_found() -> Self {
        Self::default().with_status(StatusCode::NOT_FOUND)
    }

    /// Sets the status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Adds a header; a name or value that is not valid HTTP (a value with CR or LF)
    /// is an error, not a broken response.
    ///
    /// ```
    /// use app_router::{NextResponse, ResponseError};
    ///
    /// let err = NextResponse::new("x").with_header("x-a", "b\r\nSet-Cookie: evil=1").unwrap_err();
    /// assert_eq!(err, ResponseError::InvalidHeaderValue("x-a".into()));
    /// ```
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, ResponseError> {
        let name = HeaderName::try_from(name)
            .map_err(|_| ResponseError::InvalidHeaderName(name.to_owned()))?;
        let value = HeaderValue::try_from(value)
            .map_err(|_| ResponseError::InvalidHeaderValue(name.to_string()))?;
        self.headers.append(name, value);
        Ok(self)
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers, to read or change with axum's typed `HeaderName`/`HeaderValue`.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The cookies this response sets (`response.cookies`).
    pub fn cookies(&mut self) -> &mut ResponseCookies {
        &mut self.cookies
    }
}

impl IntoResponse for NextResponse {
    fn into_response(self) -> Response {
        if self.proxy.is_some() {
            tracing::error!(
                "NextResponse::next() or NextResponse::rewrite() was returned outside `proxy.rs`; answering 500"
            );
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let mut response = (self.status, self.headers, self.body).into_response();
        self.cookies.append_to(response.headers_mut());
        response
    }
}

/// `SameSite` of a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// `SameSite=Strict`.
    Strict,
    /// `SameSite=Lax`.
    Lax,
    /// `SameSite=None`.
    None,
}

/// The options of [`ResponseCookies::set`], as in Next.js' `cookies().set(name, value,
/// options)`. The path defaults to `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieOptions {
    /// `Path`; `/` when `None`.
    pub path: Option<String>,
    /// `Domain`.
    pub domain: Option<String>,
    /// `Expires`.
    pub expires: Option<SystemTime>,
    /// `Max-Age`, in whole seconds.
    pub max_age: Option<Duration>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`.
    pub same_site: Option<SameSite>,
    /// `Partitioned` (CHIPS).
    pub partitioned: bool,
}

/// The cookies a response sets, one `Set-Cookie` header each; setting a name again
/// replaces it.
///
/// ```
/// use app_router::{CookieOptions, ResponseCookies, SameSite};
/// use std::time::Duration;
///
/// let mut cookies = ResponseCookies::default();
/// cookies.set("theme", "dark mode", CookieOptions {
///     max_age: Some(Duration::from_secs(3600)),
///     secure: true,
///     same_site: Some(SameSite::Lax),
///     ..Default::default()
/// })?;
/// cookies.delete("token")?;
/// assert_eq!(
///     cookies.header_values(),
///     [
///         "theme=dark%20mode; SameSite=Lax; Secure; Path=/; Max-Age=3600",
///         "token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
///     ]
/// );
/// assert!(cookies.set("a;b", "x", CookieOptions::default()).is_err());
/// # Ok::<(), app_router::ResponseError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseCookies {
    cookies: Vec<(String, String, String)>,
}

impl ResponseCookies {
    /// Sets cookie `name` (value percent-encoded). A name that is not an HTTP token, or
    /// a path or domain with `;` or control characters, is an error.
    pub fn set(
        &mut self,
        name: &str,
        value: &str,
        options: CookieOptions,
    ) -> Result<&mut Self, ResponseError> {
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
        {
            return Err(ResponseError::InvalidCookieName(name.to_owned()));
        }
        let attribute_ok = |s: &str| !s.chars().any(|c| c == ';' || c.is_control());
        let path = options.path.unwrap_or_else(|| "/".to_owned());
        if !attribute_ok(&path) || !options.domain.as_deref().is_none_or(attribute_ok) {
            return Err(ResponseError::InvalidCookieAttribute(name.to_owned()));
        }
        let mut cookie = cookie::Cookie::new(name.to_owned(), value.to_owned());
        cookie.set_path(path);
        if let Some(domain) = options.domain {
            cookie.set_domain(domain);
        }
        if let Some(expires) = options.expires {
            cookie.set_expires(cookie::time::OffsetDateTime::from(expires));
        }
        if let Some(max_age) = options.max_age {
            let seconds = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
            cookie.set_max_age(cookie::time::Duration::seconds(seconds));
        }
        if options.secure {
            cookie.set_secure(true);
        }
        if options.http_only {
            cookie.set_http_only(true);
        }
        if let Some(same_site) = options.same_site {
            cookie.set_same_site(match same_site {
                SameSite::Strict => cookie::SameSite::Strict,
                SameSite::Lax => cookie::SameSite::Lax,
                SameSite::None => cookie::SameSite::None,
            });
        }
        if options.partitioned {
            cookie.set_partitioned(true);
        }
        let line = cookie.encoded().to_string();
        let value = cookie.value().to_owned();
        self.cookies.retain(|(n, _, _)| n != name);
        self.cookies.push((name.to_owned(), value, line));
        Ok(self)
    }

    /// Expires cookie `name`: `name=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`.
    pub fn delete(&mut self, name: &str) -> Result<&mut Self, ResponseError> {
        self.set(
            name,
            "",
            CookieOptions {
                expires: Some(SystemTime::UNIX_EPOCH),
                ..CookieOptions::default()
            },
        )
    }

    /// The value set for `name`, if any (a deleted cookie reads as `""`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// Whether `name` is set (or deleted) by this response.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The `Set-Cookie` header values, in order.
    pub fn header_values(&self) -> Vec<&str> {
        self.cookies.iter().map(|(_, _, l)| l.as_str()).collect()
    }

    /// Appends one `Set-Cookie` per cookie, skipping names `headers` already sets.
    pub(crate) fn append_to(&self, headers: &mut HeaderMap) {
        let existing: Vec<String> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split_once('=').map(|(n, _)| n.trim().to_owned()))
            .collect();
        for (name, _, line) in &self.cookies {
            if existing.iter().any(|n| n == name) {
                continue;
            }
            if let Ok(value) = HeaderValue::try_from(line.as_str()) {
                headers.append(header::SET_COOKIE, value);
            }
        }
    }
}

/// An invalid response input, as a value the handler can inspect or return with `?`
/// (it answers `500` with an empty body and logs itself).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError {
    /// A header name that is not an HTTP token.
    InvalidHeaderName(String),
    /// A header value with CR, LF or other forbidden bytes (the header's name).
    InvalidHeaderValue(String),
    /// A cookie name that is not an HTTP token (`a;b`, `a b`).
    InvalidCookieName(String),
    /// A cookie path or domain with `;` or control characters (the cookie's name).
    InvalidCookieAttribute(String),
    /// A redirect target that is not an absolute URL.
    InvalidUrl(String),
    /// A redirect status other than 301, 302, 303, 307 and 308.
    InvalidRedirectStatus(u16),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidHeaderName(n) => write!(f, "invalid header name {n:?}"),
            Self::InvalidHeaderValue(n) => {
                write!(
                    f,
                    "invalid value for header `{n}`: CR, LF and other control characters are not allowed"
                )
            }
            Self::InvalidCookieName(n) => write!(
                f,
                "invalid cookie name {n:?}: use letters, digits and `!#$%&'*+-.^_`|~`"
            ),
            Self::InvalidCookieAttribute(n) => write!(
                f,
                "invalid path or domain for cookie `{n}`: `;` and control characters are not allowed"
            ),
            Self::InvalidUrl(u) => write!(
                f,
                "URL is malformed {u:?}: use an absolute URL, or resolve it with `NextUrl::join`"
            ),
            Self::InvalidRedirectStatus(s) => write!(
                f,
                "invalid redirect status {s}: use 301, 302, 303, 307 or 308"
            ),
        }
    }
}

impl std::error::Error for ResponseError {}

impl IntoResponse for ResponseError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "invalid response; answering 500");
        crate::instrumentation::mark(StatusCode::INTERNAL_SERVER_ERROR.into_response(), &self)
    }
}

/// Any error, for `?` in handlers: answers `500` with an empty body, as Next.js does
/// for a thrown error, and logs the error with `tracing`.
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn GET() -> Result<String, HandlerError> {
///     let n: u32 = "42".parse()?;
///     let _file = std::fs::read_to_string("/definitely/missing"); // ignored here
///     Ok(n.to_string())
/// }
/// ```
#[derive(Debug)]
pub struct HandlerError(Box<dyn std::error::Error + Send + Sync + 'static>);

impl<E> From<E> for HandlerError
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(error: E) -> Self {
        Self(Box::new(error))
    }
}

impl HandlerError {
    /// The underlying error.
    pub fn inner(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl IntoResponse for HandlerError {
    fn into_response(self) -> Response {
        // An interrupt that went through `?` into a `HandlerError` keeps its answer.
        if let Some(interrupt) = self.0.downcast_ref::<crate::Interrupt>() {
            return interrupt.clone().into_response();
        }
        tracing::error!(error = %self.0, "route handler failed; answering 500");
        crate::instrumentation::mark(StatusCode::INTERNAL_SERVER_ERROR.into_response(), &self.0)
    }
}
