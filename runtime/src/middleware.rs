//! Folder middleware (`middleware.rs`) and the root proxy (`proxy.rs`), as generated
//! routers install them.
//!
//! A folder's middleware wraps the finished method router of every route at or below
//! the folder — its `405`, automatic `OPTIONS` and response-cache hits included — so it
//! runs before the route's cache: a cached body is only ever served to a request the
//! middleware let through.
//!
//! - `pub fn layer() -> L` (any tower layer): applied with `MethodRouter::layer` when
//!   the router is built; nothing happens per request beyond what the layer does.
//! - `pub async fn middleware(<extractors>, request: Request, next: Next)`: axum's
//!   `from_fn_with_state`. The router's state is only known per request (generated
//!   routers are `Router<S>` until `with_state`), so a route behind such a middleware
//!   becomes one endpoint that runs the middleware with the state and then the route:
//!   per request, one copy of the route's method router. Routes without middleware
//!   pay nothing.

use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::handler::Handler;
use axum::middleware::FromFn;
use axum::response::{IntoResponse, Response};
use axum::routing::future::RouteFuture;
use axum::routing::{MethodRouter, Route};
use tower_layer::Layer;
use tower_service::Service;

use crate::cache::route::Prerendering;

/// The rest of the chain, in a `middleware` function: `next.run(request).await`.
pub use axum::middleware::Next;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A route's method router with the router's state: what `Next` runs.
#[doc(hidden)]
pub struct Stated<S> {
    route: Arc<MethodRouter<S>>,
    state: S,
}

impl<S> std::fmt::Debug for Stated<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stated").finish_non_exhaustive()
    }
}

impl<S: Clone> Clone for Stated<S> {
    fn clone(&self) -> Self {
        Self {
            route: Arc::clone(&self.route),
            state: self.state.clone(),
        }
    }
}

impl<S> Stated<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn run(&self, req: Request) -> <MethodRouter<S> as Handler<(), S>>::Future {
        Handler::call((*self.route).clone(), req, self.state.clone())
    }
}

impl<S> Service<Request> for Stated<S>
where
    S: Clone + Send + Sync + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = AlwaysOk<<MethodRouter<S> as Handler<(), S>>::Future>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        AlwaysOk {
            future: self.run(req),
        }
    }
}

pin_project_lite::pin_project! {
    /// A response future as an infallible service future.
    #[doc(hidden)]
    pub struct AlwaysOk<F> {
        #[pin]
        future: F,
    }
}

impl<F: Future<Output = Response>> Future for AlwaysOk<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().future.poll(cx).map(Ok)
    }
}

/// Implemented by every `middleware` function a folder's `middleware.rs` can export.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a folder middleware",
    label = "this `middleware` function has the wrong signature",
    note = "a folder middleware is `pub async fn middleware(<extractors>, request: Request, next: Next) -> impl IntoResponse`, as for axum's `middleware::from_fn_with_state`; the extractors implement `FromRequestParts` (`State<T>` needs `T: FromRef<S>` for the router's state `S`)"
)]
pub trait MiddlewareFn<T, S>: Clone + Send + Sync + 'static {}

impl<F, T, S> MiddlewareFn<T, S> for F
where
    F: Clone + Send + Sync + 'static,
    T: 'static,
    S: Clone + Send + Sync + 'static,
    FromFn<F, S, Stated<S>, T>:
        Service<Request, Response = Response, Error = Infallible> + Send + 'static,
    <FromFn<F, S, Stated<S>, T> as Service<Request>>::Future: Send + 'static,
{
}

/// Implemented by every layer a folder's `middleware.rs` can return from `layer()`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot wrap the routes of a folder",
    label = "`layer()` returns this type",
    note = "`layer()` returns a tower layer whose service is `Clone + Send + Sync`, answers with something `IntoResponse` and cannot fail (wrap fallible layers such as `tower::timeout` in `axum::error_handling::HandleErrorLayer`, or use `tower_http::timeout::TimeoutLayer`)"
)]
pub trait MiddlewareLayer: Layer<Route> + Clone + Send + Sync + 'static {}

impl<L> MiddlewareLayer for L
where
    L: Layer<Route> + Clone + Send + Sync + 'static,
    L::Service: Service<Request> + Clone + Send + Sync + 'static,
    <L::Service as Service<Request>>::Response: IntoResponse + 'static,
    <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
    <L::Service as Service<Request>>::Future: Send + 'static,
{
}

/// `route` behind the `middleware` function `f` of a folder.
#[doc(hidden)]
pub fn function<S, F, T>(route: MethodRouter<S>, f: F) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
    F: MiddlewareFn<T, S>,
    T: 'static,
    FromFn<F, S, Stated<S>, T>:
        Service<Request, Response = Response, Error = Infallible> + Send + 'static,
    <FromFn<F, S, Stated<S>, T> as Service<Request>>::Future: Send + 'static,
{
    axum::routing::any(WithFn {
        route: Arc::new(route),
        f,
        _marker: PhantomData,
    })
}

/// `route` behind the layer a folder's `layer()` returned.
#[doc(hidden)]
pub fn layer<S, L>(route: MethodRouter<S>, layer: L) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
    L: MiddlewareLayer,
    L::Service: Service<Request> + Clone + Send + Sync + 'static,
    <L::Service as Service<Request>>::Response: IntoResponse + 'static,
    <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
    <L::Service as Service<Request>>::Future: Send + 'static,
{
    route.layer(UnlessPrerendering(layer))
}

/// A folder's layer, skipped by the requests of `prerender` (an auth layer must not
/// turn away the build-time render of a cached route it guards).
#[derive(Clone)]
struct UnlessPrerendering<L>(L);

impl<L> Layer<Route> for UnlessPrerendering<L>
where
    L: Layer<Route>,
{
    type Service = Skippable<L::Service>;

    fn layer(&self, inner: Route) -> Self::Service {
        Skippable {
            wrapped: self.0.layer(inner.clone()),
            inner,
        }
    }
}

/// See [`UnlessPrerendering`].
#[derive(Clone)]
struct Skippable<W> {
    wrapped: W,
    inner: Route,
}

impl<W> Service<Request> for Skippable<W>
where
    W: Service<Request>,
    W::Response: IntoResponse + 'static,
    W::Error: Into<Infallible> + 'static,
    W::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = SkippableFuture<W::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // `Route` is always ready; the wrapped service decides.
        self.wrapped.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if Prerendering::marks(&req) {
            SkippableFuture::Skipped {
                future: self.inner.call(req),
            }
        } else {
            SkippableFuture::Wrapped {
                future: self.wrapped.call(req),
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`Skippable`].
    #[project = SkippableProj]
    #[doc(hidden)]
    pub enum SkippableFuture<F> {
        Wrapped { #[pin] future: F },
        Skipped { #[pin] future: RouteFuture<Infallible> },
    }
}

impl<F, R, E> Future for SkippableFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
    E: Into<Infallible>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            SkippableProj::Wrapped { future } => future
                .poll(cx)
                .map(|result| result.map(IntoResponse::into_response).map_err(Into::into)),
            SkippableProj::Skipped { future } => future.poll(cx),
        }
    }
}

/// The endpoint of a route behind a `middleware` function.
struct WithFn<S, F, T> {
    route: Arc<MethodRouter<S>>,
    f: F,
    _marker: PhantomData<fn() -> T>,
}

impl<S, F: Clone, T> Clone for WithFn<S, F, T> {
    fn clone(&self) -> Self {
        Self {
            route: Arc::clone(&self.route),
            f: self.f.clone(),
            _marker: PhantomData,
        }
    }
}

impl<S, F, T> Handler<(), S> for WithFn<S, F, T>
where
    S: Clone + Send + Sync + 'static,
    F: MiddlewareFn<T, S>,
    T: 'static,
    FromFn<F, S, Stated<S>, T>:
        Service<Request, Response = Response, Error = Infallible> + Send + 'static,
    <FromFn<F, S, Stated<S>, T> as Service<Request>>::Future: Send + 'static,
{
    type Future = BoxFuture<Response>;

    fn call(self, req: Request, state: S) -> Self::Future {
        if Prerendering::marks(&req) {
            let route = (*self.route).clone();
            return Box::pin(Handler::call(route, req, state));
        }
        let inner = Stated {
            route: self.route,
            state: state.clone(),
        };
        let mut service = axum::middleware::from_fn_with_state(state, self.f).layer(inner);
        Box::pin(async move {
            // `Stated` is always ready, and so is `FromFn` around it.
            match std::future::poll_fn(|cx| service.poll_ready(cx)).await {
                Ok(()) => match service.call(req).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                },
                Err(never) => match never {},
            }
        })
    }
}
