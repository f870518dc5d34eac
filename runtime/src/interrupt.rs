//! Interrupts, as route handlers use them in Next.js (`notFound()`, `unauthorized()`,
//! `forbidden()`, `redirect()`, `permanentRedirect()`): values a handler, or any helper
//! it calls, returns with `?` to stop and answer.

use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Stops a handler with the answer Next.js gives for the same interrupt in a route
/// handler: `404`, `401` or `403` with an empty body, or `307`/`308` with `Location`.
/// Cookies set through [`cookies()`](crate::cookies) are kept.
///
/// Return it with `?` from a handler or from any helper it calls; it converts into
/// [`HandlerError`](crate::HandlerError) too, so one helper serves handlers of either
/// error type.
///
/// ```
/// use app_router::prelude::*;
///
/// struct User(String);
///
/// /// A shared gate: every handler that needs a user calls `require_user(&headers)?`.
/// fn require_user(headers: &HeaderMap) -> Result<User, Interrupt> {
///     match headers.get("x-user").and_then(|v| v.to_str().ok()) {
///         Some("banned") => Err(forbidden()),
///         Some(name) => Ok(User(name.to_owned())),
///         None => Err(unauthorized()),
///     }
/// }
///
/// pub async fn GET(headers: HeaderMap) -> Result<String, Interrupt> {
///     let user = require_user(&headers)?;
///     Ok(format!("hello {}", user.0))
/// }
///
/// pub async fn DELETE(headers: HeaderMap) -> Result<StatusCode, HandlerError> {
///     require_user(&headers)?; // into `HandlerError`, still answering 401/403
///     Ok(StatusCode::NO_CONTENT)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interrupt {
    status: StatusCode,
    location: Option<HeaderValue>,
}

impl Interrupt {
    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> Option<&str> {
        self.location.as_ref().and_then(|v| v.to_str().ok())
    }

    fn redirect_with(status: StatusCode, url: &str) -> Self {
        Self {
            status,
            location: Some(location(url)),
        }
    }
}

/// `notFound()`: `404` with an empty body.
pub fn not_found() -> Interrupt {
    Interrupt {
        status: StatusCode::NOT_FOUND,
        location: None,
    }
}

/// `unauthorized()`: `401` with an empty body.
pub fn unauthorized() -> Interrupt {
    Interrupt {
        status: StatusCode::UNAUTHORIZED,
        location: None,
    }
}

/// `forbidden()`: `403` with an empty body.
pub fn forbidden() -> Interrupt {
    Interrupt {
        status: StatusCode::FORBIDDEN,
        location: None,
    }
}

/// `redirect(url)`: `307` with `Location: url` as given (a path such as `/login` is
/// fine). Bytes a header cannot carry (spaces, control characters, non-ASCII) are
/// percent-encoded, so a URL built from user input cannot split the response.
///
/// ```
/// use app_router::{http::StatusCode, redirect};
///
/// let r = redirect("/login?next=/a b");
/// assert_eq!(r.status(), StatusCode::TEMPORARY_REDIRECT);
/// assert_eq!(r.location(), Some("/login?next=/a%20b"));
/// assert_eq!(redirect("/x\r\nSet-Cookie: a=1").location(), Some("/x%0D%0ASet-Cookie:%20a=1"));
/// ```
pub fn redirect(url: &str) -> Interrupt {
    Interrupt::redirect_with(StatusCode::TEMPORARY_REDIRECT, url)
}

/// `permanentRedirect(url)`: `308` with `Location: url`, encoded as [`redirect`] does.
pub fn permanent_redirect(url: &str) -> Interrupt {
    Interrupt::redirect_with(StatusCode::PERMANENT_REDIRECT, url)
}

/// `url` as a header value: visible ASCII kept, every other byte percent-encoded.
fn location(url: &str) -> HeaderValue {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    // Only visible ASCII is left, which every header value accepts.
    HeaderValue::try_from(out).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

impl fmt::Display for Interrupt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(to) => write!(f, "redirect ({}) to {to}", self.status.as_u16()),
            None => write!(f, "interrupt ({})", self.status),
        }
    }
}

impl std::error::Error for Interrupt {}

/// Marks the response of a `not_found()` interrupt, so that a page's wrapper renders
/// the nearest `not-found.rs` for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotFoundRaised;

impl IntoResponse for Interrupt {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if self.status == StatusCode::NOT_FOUND {
            response.extensions_mut().insert(NotFoundRaised);
        }
        if let Some(location) = self.location {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
    }
}
