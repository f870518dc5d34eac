//! `cookies()` and `headers()` from anywhere a handler awaits, as in `next/headers`:
//! a request context installed by the handler wrapper around each poll of the
//! handler's future (the way a task-local is), on the thread doing the poll.

use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use axum::http::HeaderMap;

use crate::request::RequestCookies;
use crate::response::{CookieOptions, ResponseCookies, ResponseError};

thread_local! {
    /// The context of the request whose handler is being polled on this thread.
    static CONTEXT: RefCell<Option<Arc<RequestContext>>> = const { RefCell::new(None) };
}

/// What `cookies()` and `headers()` read and write during one request.
#[derive(Debug)]
pub(crate) struct RequestContext {
    headers: HeaderMap,
    /// Parsed on first use: most requests never read a cookie.
    cookies: OnceLock<RequestCookies>,
    /// Whether the request carries the draft-mode cookie, decided on first use.
    draft: OnceLock<bool>,
    set: Mutex<ResponseCookies>,
    /// Work registered with `after()`.
    deferred: crate::after::Deferred,
}

impl RequestContext {
    pub(crate) fn new(headers: &HeaderMap) -> Arc<Self> {
        Arc::new(Self {
            headers: headers.clone(),
            cookies: OnceLock::new(),
            draft: OnceLock::new(),
            set: Mutex::new(ResponseCookies::default()),
            deferred: crate::after::Deferred::default(),
        })
    }

    /// Registers `after()` work.
    pub(crate) fn defer(&self, work: crate::after::Pending) {
        self.deferred.push(work);
    }

    /// The `after()` work registered so far, to start once the response is sent.
    pub(crate) fn take_deferred(&self) -> Vec<crate::after::Pending> {
        self.deferred.take()
    }

    /// Whether the request is in draft mode (see `draft_mode()`).
    pub(crate) fn draft(&self) -> bool {
        *self
            .draft
            .get_or_init(|| crate::draft::requested(&self.headers))
    }

    /// Sets a cookie whose name and value are known to be valid.
    pub(crate) fn set_cookie(&self, name: &str, value: &str, options: CookieOptions) {
        let mut set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        if let Err(err) = set.set(name, value, options) {
            tracing::error!(%err, name, "could not set a cookie");
        }
    }

    fn cookies(&self) -> &RequestCookies {
        self.cookies
            .get_or_init(|| RequestCookies::from_headers(&self.headers))
    }

    /// Installs this context until the returned guard drops (also on unwind): held
    /// around the handler's call and each poll of its future.
    ///
    /// Not generic, so no code is instantiated per handler for it.
    pub(crate) fn enter(self: &Arc<Self>) -> Entered {
        let previous = CONTEXT.with(|c| c.replace(Some(Arc::clone(self))));
        Entered { previous }
    }

    /// The cookies set through `cookies()`, to merge into the response.
    pub(crate) fn set_cookies(&self) -> ResponseCookies {
        self.set
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Restores the context that was installed before [`RequestContext::enter`].
#[derive(Debug)]
pub(crate) struct Entered {
    previous: Option<Arc<RequestContext>>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        // `try_with`: never panic in a drop, even during thread teardown.
        let _ = CONTEXT.try_with(|c| *c.borrow_mut() = previous);
    }
}

/// `cookies()` or `headers()` was called while no request is being handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutsideRequest {
    function: &'static str,
}

impl fmt::Display for OutsideRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}()` was called outside a request: call it from a route handler or a function the handler awaits; \
             if the handler's own file never calls it, turn the request context on for every route with \
             `Routes::new(\"app\").request_context(true)` in build.rs",
            self.function
        )
    }
}

impl std::error::Error for OutsideRequest {}

impl axum::response::IntoResponse for OutsideRequest {
    fn into_response(self) -> axum::response::Response {
        tracing::error!(error = %self, "answering 500");
        crate::instrumentation::mark(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            &self,
        )
    }
}

/// Calls `f` with the current request context.
pub(crate) fn with_context<T>(
    function: &'static str,
    f: impl FnOnce(&RequestContext) -> T,
) -> Result<T, OutsideRequest> {
    current_context(function).map(|context| f(&context))
}

/// The context of the request being handled on this thread.
pub(crate) fn current_context(
    function: &'static str,
) -> Result<Arc<RequestContext>, OutsideRequest> {
    CONTEXT
        .try_with(|c| c.borrow().clone())
        .ok()
        .flatten()
        .ok_or(OutsideRequest { function })
}

/// Marks a `GET` as rendered for every request (`await connection()` of
/// `next/server`, which replaced `unstable_noStore`): the build script sees the call in
/// the route file and never caches or prerenders that `GET`, whatever its segment
/// config (with `Dynamic::Error` the call is AR203). It reads nothing and returns at
/// once; call it before work that must not be shared between visitors (a random
/// number, the current time).
///
/// ```
/// use app_router::prelude::*;
///
/// pub const REVALIDATE: u32 = 60; // ignored for this GET (AR210 says so)
///
/// pub async fn GET() -> String {
///     app_router::connection().await;
///     format!("{:?}", std::time::SystemTime::now())
/// }
/// ```
pub async fn connection() {}

/// The request headers, from any function a handler awaits (`headers()` of
/// `next/headers`).
///
/// The generated router installs the request context for every route whose file calls
/// `cookies()` or `headers()`; see `Routes::request_context` to install it everywhere.
///
/// ```
/// use app_router::prelude::*;
///
/// async fn user_agent() -> Option<String> {
///     let headers = app_router::headers().ok()?;
///     Some(headers.get("user-agent")?.to_str().ok()?.to_owned())
/// }
///
/// assert!(app_router::headers().is_err()); // no request here
/// ```
pub fn headers() -> Result<HeaderMap, OutsideRequest> {
    current_context("headers").map(|c| c.headers.clone())
}

/// The request's cookies, readable and writable from any function a handler awaits
/// (`cookies()` of `next/headers`). Cookies set or deleted here become `Set-Cookie`
/// headers on the response; a cookie of the same name set by the handler's own
/// response wins.
///
/// ```
/// use app_router::prelude::*;
///
/// async fn remember_visit() -> Result<(), HandlerError> {
///     app_router::cookies()?.set("visited", "1", CookieOptions::default())?;
///     Ok(())
/// }
/// ```
pub fn cookies() -> Result<Cookies, OutsideRequest> {
    current_context("cookies").map(Cookies)
}

/// The handle `cookies()` returns.
#[derive(Debug, Clone)]
pub struct Cookies(Arc<RequestContext>);

impl Cookies {
    fn set_cookies(&self) -> std::sync::MutexGuard<'_, ResponseCookies> {
        self.0.set.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value of `name`: set during this request, else from the request (a cookie
    /// deleted during this request reads as absent).
    pub fn get(&self, name: &str) -> Option<String> {
        match self.set_cookies().get(name) {
            Some("") => None,
            Some(value) => Some(value.to_owned()),
            None => self.0.cookies().get(name).map(str::to_owned),
        }
    }

    /// Whether `name` is present (see [`get`](Self::get)).
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The request's cookies as received.
    pub fn request(&self) -> &RequestCookies {
        self.0.cookies()
    }

    /// Sets a cookie on the response.
    pub fn set(
        &self,
        name: &str,
        value: &str,
        options: CookieOptions,
    ) -> Result<(), ResponseError> {
        self.set_cookies().set(name, value, options).map(drop)
    }

    /// Expires a cookie on the response.
    pub fn delete(&self, name: &str) -> Result<(), ResponseError> {
        self.set_cookies().delete(name).map(drop)
    }
}
