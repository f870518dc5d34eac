//! `instrumentation.rs` at the app root (Next.js `instrumentation.ts`): `register()`
//! runs once before the first request, and `on_request_error(error, request, context)`
//! hears of every handler error, panic and `MAX_DURATION` timeout — one file to wire
//! Sentry or OpenTelemetry.
//!
//! ```
//! // app/instrumentation.rs
//! use app_router::instrumentation::{ErrorContext, ErrorRequest, RequestError};
//!
//! pub async fn register() {
//!     // install a tracing subscriber, an OpenTelemetry exporter, ...
//! }
//!
//! pub async fn on_request_error(error: RequestError, request: ErrorRequest, context: ErrorContext) {
//!     eprintln!(
//!         "{} {} failed in {} ({}): {}",
//!         request.method, request.path, context.route_path, context.route_type, error.message
//!     );
//! }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use tokio::sync::OnceCell;

use crate::RouteKind;

/// What went wrong, as `onRequestError`'s `error` (`{ digest } & Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestError {
    /// What failed: an error returned by the handler, a panic, or a timeout.
    pub kind: ErrorKind,
    /// The error's message (`Display`), the panic's message, or
    /// `"exceeded MAX_DURATION of 10s"`.
    pub message: String,
    /// A short hash of the message, stable across processes, to group reports by (the
    /// `digest` Next.js adds to errors).
    pub digest: String,
}

/// The kind of a [`RequestError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The handler returned an error (`Err(HandlerError)`, an invalid `NextResponse`,
    /// `cookies()` outside a request): answered `500`.
    Handler,
    /// The handler panicked: answered `500`.
    Panic,
    /// The handler ran past `MAX_DURATION`: answered `504`, its future dropped.
    Timeout,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Handler => "handler error",
            ErrorKind::Panic => "panic",
            ErrorKind::Timeout => "timeout",
        })
    }
}

/// The request that failed, as `onRequestError`'s `request`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ErrorRequest {
    /// The path and query, as received (`/api/users/7?x=1`).
    pub path: String,
    /// The method.
    pub method: Method,
    /// The request headers.
    pub headers: HeaderMap,
}

/// Where the error happened, as `onRequestError`'s `context`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorContext {
    /// Always `"App Router"`.
    pub router_kind: &'static str,
    /// The route's pattern as in the folder tree: `/api/users/[id]`.
    pub route_path: &'static str,
    /// `"route"` for a `route.rs` or a metadata route, `"render"` for a page.
    pub route_type: &'static str,
    /// `Some("stale")` when the error happened in the background regeneration of a
    /// stale cached route, `None` for a visitor's request.
    pub revalidate_reason: Option<&'static str>,
}

/// Marks the request of a background regeneration (`revalidateReason: 'stale'`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StaleRender;

type RegisterFn = dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync;
type ErrorFn = dyn Fn(RequestError, ErrorRequest, ErrorContext) -> Pin<Box<dyn Future<Output = ()> + Send>>
    + Send
    + Sync;

/// The hooks of an app's `instrumentation.rs`; the generated router installs them with
/// [`Instrumentation::layer`]. Build one by hand for an app without the build script.
///
/// ```
/// use app_router::instrumentation::Instrumentation;
/// use axum::Router;
///
/// let hooks = Instrumentation::new()
///     .register(|| async { /* once, before the first request */ })
///     .on_request_error(|error, request, context| async move {
///         eprintln!("{} {} in {}: {}", request.method, request.path, context.route_path, error.message);
///     });
/// let app: Router = Router::new().layer(hooks.layer());
/// ```
#[derive(Clone, Default)]
pub struct Instrumentation {
    register: Option<Arc<RegisterFn>>,
    on_request_error: Option<Arc<ErrorFn>>,
    /// Set once `register` has finished.
    registered: Arc<OnceCell<()>>,
}

impl fmt::Debug for Instrumentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instrumentation")
            .field("register", &self.register.is_some())
            .field("on_request_error", &self.on_request_error.is_some())
            .finish()
    }
}

impl Instrumentation {
    /// No hooks.
    pub fn new() -> Self {
        Self::default()
    }

    /// `register()`: runs once, before the first request through the layer is handled
    /// (requests that arrive meanwhile wait for it). A panic in it is logged; requests
    /// are served anyway.
    pub fn register<F, Fut>(mut self, register: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.register = Some(Arc::new(move || Box::pin(register())));
        self
    }

    /// `on_request_error(error, request, context)`: called, in a task of its own
    /// after the `500`/`504` is answered, for every handler error, panic and
    /// `MAX_DURATION` timeout. Graceful shutdown waits for it, as for `after` work.
    /// It costs one copy of the request head per request.
    pub fn on_request_error<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(RequestError, ErrorRequest, ErrorContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.on_request_error = Some(Arc::new(move |e, r, c| Box::pin(hook(e, r, c))));
        self
    }

    /// The tower layer that runs `register` before the first request and makes the
    /// hooks reach every route's guard.
    pub fn layer(&self) -> InstrumentationLayer {
        InstrumentationLayer {
            hooks: self.clone(),
        }
    }

    /// Whether `on_request_error` is set (the guard then keeps the request head).
    pub(crate) fn reports(&self) -> bool {
        self.on_request_error.is_some()
    }

    async fn registered(&self) {
        let register = self.register.clone();
        self.registered
            .get_or_init(|| async move {
                let Some(register) = register else {
                    return;
                };
                // A task of its own: a panic is a `JoinError`, not a dead server.
                if let Err(err) = tokio::spawn(register()).await {
                    tracing::error!(%err, "instrumentation register() failed; serving anyway");
                }
            })
            .await;
    }

    /// Reports one error to `on_request_error`, in a tracked task.
    pub(crate) fn report(&self, error: RequestError, request: ErrorRequest, context: ErrorContext) {
        let Some(hook) = &self.on_request_error else {
            return;
        };
        crate::after::spawn_tracked(hook(error, request, context));
    }
}

impl RequestError {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        let digest = digest(&message);
        Self {
            kind,
            message,
            digest,
        }
    }
}

/// FNV-1a of the message, in decimal as Next.js' digests are: the same on every
/// machine and run.
fn digest(message: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in message.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_string()
}

impl ErrorContext {
    pub(crate) fn new(route_path: &'static str, kind: RouteKind, stale: bool) -> Self {
        Self {
            router_kind: "App Router",
            route_path,
            route_type: match kind {
                RouteKind::Page => "render",
                RouteKind::Handler | RouteKind::Metadata => "route",
            },
            revalidate_reason: stale.then_some("stale"),
        }
    }
}

/// An error a handler answered with, carried on its `500` response from
/// `IntoResponse` to the route's guard, which reports it.
#[derive(Debug, Clone)]
pub(crate) struct AnsweredError(pub(crate) Arc<str>);

/// Marks `response` as the answer to `error`, for `on_request_error`.
pub(crate) fn mark(mut response: Response, error: &dyn fmt::Display) -> Response {
    response
        .extensions_mut()
        .insert(AnsweredError(Arc::from(error.to_string())));
    response
}

/// The layer of [`Instrumentation::layer`].
#[derive(Debug, Clone)]
pub struct InstrumentationLayer {
    hooks: Instrumentation,
}

impl<S> tower_layer::Layer<S> for InstrumentationLayer {
    type Service = InstrumentationService<S>;

    fn layer(&self, inner: S) -> InstrumentationService<S> {
        InstrumentationService {
            inner,
            hooks: self.hooks.clone(),
        }
    }
}

/// The service of [`InstrumentationLayer`].
#[derive(Debug, Clone)]
pub struct InstrumentationService<S> {
    inner: S,
    hooks: Instrumentation,
}

impl<S> tower_service::Service<Request> for InstrumentationService<S>
where
    S: tower_service::Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        req.extensions_mut().insert(self.hooks.clone());
        if self.hooks.registered.initialized() {
            return Box::pin(self.inner.call(req));
        }
        // Until `register()` has finished: wait for it, then call a clone that is
        // ready (the one `poll_ready` readied stays here, as tower requires).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let hooks = self.hooks.clone();
        Box::pin(async move {
            hooks.registered().await;
            inner.call(req).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable() {
        assert_eq!(digest(""), "2166136261");
        assert_eq!(digest("boom"), digest("boom"));
        assert_ne!(digest("boom"), digest("bang"));
    }
}
