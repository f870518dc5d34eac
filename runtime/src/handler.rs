//! The wrapper every generated route registers its handlers through: a panicking
//! handler answers `500` with an empty body and the server keeps serving.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::path;
use crate::scope::RequestContext;

/// Implemented by every function that can serve a route: a `pub async fn` whose
/// arguments are axum extractors and whose output implements `IntoResponse`.
///
/// It exists for its compile error: the generated router requires it, so a handler
/// with a wrong signature is reported as an invalid route handler, naming the function.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid route handler",
    label = "this function cannot serve a route",
    note = "a route handler is a `pub async fn` whose arguments are axum extractors (`FromRequestParts`; the last one may be `FromRequest`, such as `Json<T>` or `String`) and whose return type implements `IntoResponse`",
    note = "a handler that takes `State<T>` needs `T: FromRef<S>` for the router's state `S`"
)]
pub trait RouteHandler<T, S>: Handler<T, S> {}

impl<H, T, S> RouteHandler<T, S> for H where H: Handler<T, S> {}

/// A handler with panic isolation and, for catch-all routes, path normalization.
///
/// `T` and `S` tie it to the one `Handler<T, S>` impl it was built for, so that the
/// router's state type flows into the bound of `__private::handler`.
#[derive(Debug)]
pub struct Guarded<H, T, S> {
    handler: H,
    normalize_path: bool,
    context: bool,
    _marker: PhantomData<fn() -> (T, S)>,
}

impl<H: Clone, T, S> Clone for Guarded<H, T, S> {
    fn clone(&self) -> Self {
        Self::new(self.handler.clone(), self.normalize_path, self.context)
    }
}

impl<H, T, S> Guarded<H, T, S> {
    /// `context`: install the request context of `cookies()` and `headers()`.
    pub(crate) fn new(handler: H, normalize_path: bool, context: bool) -> Self {
        Self {
            handler,
            normalize_path,
            context,
            _marker: PhantomData,
        }
    }
}

impl<H, T, S> Handler<T, S> for Guarded<H, T, S>
where
    H: RouteHandler<T, S>,
    T: 'static,
    S: Send + 'static,
{
    type Future = GuardedFuture<H::Future>;

    fn call(self, req: Request, state: S) -> Self::Future {
        // A catch-all capture would otherwise swallow `/a/b/` or `/a//b`; Next.js
        // redirects those before matching (see `path::redirect_target`).
        if self.normalize_path
            && let Some(location) = path::redirect_target(req.uri())
        {
            return GuardedFuture::ready(path::permanent_redirect(&location));
        }
        let context = self.context.then(|| RequestContext::new(req.headers()));
        let handler = self.handler;
        let call = || match &context {
            Some(c) => c.enter(|| handler.call(req, state)),
            None => handler.call(req, state),
        };
        match catch_unwind(AssertUnwindSafe(call)) {
            Ok(future) => GuardedFuture {
                state: FutureState::Running { future, context },
            },
            Err(payload) => GuardedFuture::ready(panicked(payload.as_ref())),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`Guarded`].
    #[derive(Debug)]
    pub struct GuardedFuture<F> {
        #[pin]
        state: FutureState<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = FutureStateProj]
    #[derive(Debug)]
    enum FutureState<F> {
        Running { #[pin] future: F, context: Option<Arc<RequestContext>> },
        Ready { response: Option<Response> },
    }
}

impl<F> GuardedFuture<F> {
    fn ready(response: Response) -> Self {
        Self {
            state: FutureState::Ready {
                response: Some(response),
            },
        }
    }
}

impl<F> Future for GuardedFuture<F>
where
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        match self.project().state.project() {
            FutureStateProj::Running { future, context } => {
                let poll = || match context {
                    Some(c) => c.enter(|| future.poll(cx)),
                    None => future.poll(cx),
                };
                match catch_unwind(AssertUnwindSafe(poll)) {
                    Ok(Poll::Ready(mut response)) => {
                        if let Some(c) = context {
                            c.set_cookies().append_to(response.headers_mut());
                        }
                        Poll::Ready(response)
                    }
                    Ok(Poll::Pending) => Poll::Pending,
                    Err(payload) => Poll::Ready(panicked(payload.as_ref())),
                }
            }
            FutureStateProj::Ready { response } => Poll::Ready(
                response
                    .take()
                    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
            ),
        }
    }
}

/// `500` with an empty body, as Next.js answers a handler that throws.
fn panicked(payload: &(dyn Any + Send)) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("<non-string panic payload>");
    tracing::error!(panic = message, "route handler panicked; answering 500");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// A handler cut off after `MAX_DURATION`: `504 Gateway Timeout`, and its future is
/// dropped, so the work it was doing stops at its next `.await`.
#[derive(Debug, Clone)]
pub(crate) struct Timed<K> {
    inner: K,
    limit: std::time::Duration,
}

impl<K> Timed<K> {
    pub(crate) fn new(inner: K, limit: std::time::Duration) -> Self {
        Self { inner, limit }
    }
}

impl<K, T, S> Handler<T, S> for Timed<K>
where
    K: Handler<T, S>,
    S: Send + 'static,
{
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, req: Request, state: S) -> Self::Future {
        let limit = self.limit;
        let path = req.uri().path().to_owned();
        let call = self.inner.call(req, state);
        Box::pin(async move {
            match tokio::time::timeout(limit, call).await {
                Ok(response) => response,
                Err(_) => {
                    tracing::warn!(%path, ?limit, "route handler exceeded MAX_DURATION; answering 504");
                    StatusCode::GATEWAY_TIMEOUT.into_response()
                }
            }
        })
    }
}
