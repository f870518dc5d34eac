//! The wrapper every generated route registers its handlers through: a panicking
//! handler answers `500` with an empty body and the server keeps serving.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::instrumentation::{
    AnsweredError, ErrorContext, ErrorKind, ErrorRequest, Instrumentation, RequestError,
    StaleRender,
};
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

/// Runs the extractor `T` on `parts`, for generated wrappers that call a page with its
/// layouts: `T` is inferred from the user's function the value is passed to, so the
/// generated code never names a type of the user's module.
pub async fn extract<T, S>(parts: &mut axum::http::request::Parts, state: &S) -> Result<T, Response>
where
    T: axum::extract::FromRequestParts<S>,
    S: Send + Sync,
{
    T::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)
}

/// [`extract`] for the last argument, which may read the body (`FromRequest`).
pub async fn extract_last<T, S, M>(request: Request, state: &S) -> Result<T, Response>
where
    T: axum::extract::FromRequest<S, M>,
    S: Send + Sync,
{
    T::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)
}

/// What the wrapper does around a handler, decided per route at compile time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Guard {
    /// Redirect `/a/b/` and `/a//b` before a catch-all capture swallows them.
    pub(crate) normalize_path: bool,
    /// Install the request context of `cookies()` and `headers()`.
    pub(crate) context: bool,
    /// `MAX_DURATION`: answer `504` and drop the handler's future after this long.
    pub(crate) limit: Option<Duration>,
    /// The route's pattern (`/api/users/[id]`) and kind, for `on_request_error`.
    pub(crate) route: Option<(&'static str, crate::RouteKind)>,
}

impl Guard {
    /// The part of a call that does not depend on the handler (so it is compiled once,
    /// not once per handler): the `308` of a non-canonical path, or what the handler's
    /// future runs with.
    fn start(self, req: &Request) -> Begin {
        // A catch-all capture would otherwise swallow `/a/b/` or `/a//b`; Next.js
        // redirects those before matching (see `path::redirect_target`).
        if self.normalize_path
            && let Some(redirect) = path::canonical_redirect(req.uri(), req.extensions())
        {
            return Begin::Answer(redirect);
        }
        Begin::Run(Start {
            origin: Origin {
                method: req.method().clone(),
                route: req.extensions().get::<MatchedPath>().cloned(),
            },
            // A draft-mode visitor gets the context on every route, so that the
            // `#[cache]` functions the handler awaits can see it and run fresh.
            context: (self.context || crate::draft::requested(req.headers()))
                .then(|| RequestContext::new(req.headers())),
            limit: self.limit.map(|after| Box::new(Limit::new(after, req))),
            report: self.route.and_then(|route| Reporter::of(req, route)),
        })
    }
}

/// What `on_request_error` is told of a failed request: kept from the request's start
/// only when the app's `instrumentation.rs` defines the hook.
#[derive(Debug)]
struct Reporter {
    hooks: Instrumentation,
    request: ErrorRequest,
    context: ErrorContext,
}

impl Reporter {
    fn of(req: &Request, (route, kind): (&'static str, crate::RouteKind)) -> Option<Box<Self>> {
        let hooks = req.extensions().get::<Instrumentation>()?;
        if !hooks.reports() {
            return None;
        }
        let stale = req.extensions().get::<StaleRender>().is_some();
        Some(Box::new(Self {
            hooks: hooks.clone(),
            request: ErrorRequest {
                path: req
                    .uri()
                    .path_and_query()
                    .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned()),
                method: req.method().clone(),
                headers: req.headers().clone(),
            },
            context: ErrorContext::new(route, kind, stale),
        }))
    }

    fn report(self: Box<Self>, kind: ErrorKind, message: String) {
        let Reporter {
            hooks,
            request,
            context,
        } = *self;
        hooks.report(RequestError::new(kind, message), request, context);
    }
}

/// How a guarded call begins.
#[derive(Debug)]
enum Begin {
    /// Call the handler.
    Run(Start),
    /// Answer without calling it (a `308`).
    Answer(Response),
}

/// What a guarded handler's future runs with.
#[derive(Debug)]
struct Start {
    origin: Origin,
    context: Option<Arc<RequestContext>>,
    limit: Option<Box<Limit>>,
    report: Option<Box<Reporter>>,
}

/// Which request a handler's future serves, for the log line of a panic: the method
/// and the route pattern (a reference count, no copy of the path).
#[derive(Debug)]
struct Origin {
    method: Method,
    route: Option<MatchedPath>,
}

/// A handler with panic isolation, and per route: path normalization, the request
/// context and `MAX_DURATION`.
///
/// `T` and `S` tie it to the one `Handler<T, S>` impl it was built for, so that the
/// router's state type flows into the bound of `__private::handler`. Everything that
/// does not need `H` lives in non-generic functions and in [`GuardedFuture`], whose
/// type is the same for every `async fn` handler, so a route costs the compiler little
/// more than `get(handler)` does.
#[derive(Debug)]
pub struct Guarded<H, T, S> {
    handler: H,
    guard: Guard,
    _marker: PhantomData<fn() -> (T, S)>,
}

impl<H: Clone, T, S> Clone for Guarded<H, T, S> {
    fn clone(&self) -> Self {
        Self::new(self.handler.clone(), self.guard)
    }
}

impl<H, T, S> Guarded<H, T, S> {
    pub(crate) fn new(handler: H, guard: Guard) -> Self {
        Self {
            handler,
            guard,
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
        // No `catch_unwind` here: the `Handler` impl of an `async fn` only boxes the
        // future, and the user's code (extractors included) runs when it is polled,
        // which `GuardedFuture` guards.
        match self.guard.start(&req) {
            Begin::Run(start) => GuardedFuture::new(self.handler.call(req, state), start),
            Begin::Answer(response) => GuardedFuture::ready(response),
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
        Running {
            #[pin] future: F,
            origin: Origin,
            context: Option<Arc<RequestContext>>,
            limit: Option<Box<Limit>>,
            report: Option<Box<Reporter>>,
        },
        // Boxed, as is `limit`: the future stays small for the common case, where the
        // router boxes it.
        Ready { response: Option<Box<Response>> },
    }
}

/// The `MAX_DURATION` timer, started at the first poll.
#[derive(Debug)]
struct Limit {
    after: Duration,
    path: String,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Limit {
    fn new(after: Duration, req: &Request) -> Self {
        Self {
            after,
            path: req.uri().path().to_owned(),
            sleep: None,
        }
    }

    /// Whether the time is up; registers the waker otherwise.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let after = self.after;
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(after)));
        sleep.as_mut().poll(cx).is_ready()
    }
}

impl<F> GuardedFuture<F> {
    fn new(future: F, start: Start) -> Self {
        let Start {
            origin,
            context,
            limit,
            report,
        } = start;
        Self {
            state: FutureState::Running {
                future,
                origin,
                context,
                limit,
                report,
            },
        }
    }

    fn ready(response: Response) -> Self {
        Self {
            state: FutureState::Ready {
                response: Some(Box::new(response)),
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
        let mut state = self.project().state;
        let response = match state.as_mut().project() {
            FutureStateProj::Running {
                future,
                origin,
                context,
                limit,
                report,
            } => {
                let entered = context.as_ref().map(RequestContext::enter);
                let poll =
                    crate::panic::guarded(|| catch_unwind(AssertUnwindSafe(|| future.poll(cx))));
                drop(entered);
                match poll {
                    Ok(Poll::Ready(mut response)) => {
                        if let Some(error) = response.extensions_mut().remove::<AnsweredError>()
                            && let Some(report) = report.take()
                        {
                            report.report(ErrorKind::Handler, error.0.to_string());
                        }
                        if let Some(c) = context {
                            c.set_cookies().append_to(response.headers_mut());
                            let pending = c.take_deferred();
                            let limit = limit.as_ref().map(|l| l.after);
                            response =
                                crate::after::attach(response, pending, Arc::clone(c), limit);
                        }
                        response
                    }
                    Ok(Poll::Pending) => match limit {
                        Some(limit) => {
                            if !limit.expired(cx) {
                                return Poll::Pending;
                            }
                            let response = timed_out(limit);
                            if let Some(report) = report.take() {
                                report.report(
                                    ErrorKind::Timeout,
                                    format!("exceeded MAX_DURATION of {}s", limit.after.as_secs()),
                                );
                            }
                            match context {
                                Some(c) => crate::after::attach(
                                    response,
                                    c.take_deferred(),
                                    Arc::clone(c),
                                    Some(limit.after),
                                ),
                                None => response,
                            }
                        }
                        None => return Poll::Pending,
                    },
                    Err(payload) => {
                        let response = panicked(origin, payload.as_ref());
                        if let Some(report) = report.take() {
                            report.report(
                                ErrorKind::Panic,
                                panic_message(payload.as_ref()).to_owned(),
                            );
                        }
                        // As in Next.js, `after` work still runs when the handler failed.
                        match context {
                            Some(c) => {
                                let limit = limit.as_ref().map(|l| l.after);
                                crate::after::attach(
                                    response,
                                    c.take_deferred(),
                                    Arc::clone(c),
                                    limit,
                                )
                            }
                            None => response,
                        }
                    }
                }
            }
            FutureStateProj::Ready { response } => response
                .take()
                .map_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response(), |r| *r),
        };
        // Drops the handler's future now: a timed-out handler stops at its `.await`.
        state.set(FutureState::Ready { response: None });
        Poll::Ready(response)
    }
}

/// `future` (the proxy's) with panic isolation: a panic answers `500` and logs one
/// event with the method.
pub(crate) fn isolate<F>(future: F, method: Method) -> GuardedFuture<F>
where
    F: Future<Output = Response>,
{
    GuardedFuture::new(
        future,
        Start {
            origin: Origin {
                method,
                route: None,
            },
            context: None,
            limit: None,
            report: None,
        },
    )
}

/// `future` (`after()` work) with panic isolation: a panic is logged, nothing else.
pub(crate) async fn isolate_unit<F>(future: F)
where
    F: Future<Output = ()>,
{
    let respond = async move {
        future.await;
        StatusCode::OK.into_response()
    };
    let _ = isolate(respond, Method::GET).await;
}

/// The guard of a route as a layer over its erased endpoints (`MethodRouter::route_layer`):
/// the same as [`Guarded`], but compiled once for the whole app instead of once per
/// handler, since it wraps axum's type-erased `Route`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GuardLayer(pub(crate) Guard);

impl<I> tower_layer::Layer<I> for GuardLayer {
    type Service = GuardService<I>;

    fn layer(&self, inner: I) -> GuardService<I> {
        GuardService {
            inner,
            guard: self.0,
        }
    }
}

/// See [`GuardLayer`].
#[derive(Debug, Clone)]
pub(crate) struct GuardService<I> {
    inner: I,
    guard: Guard,
}

impl<I> tower_service::Service<Request> for GuardService<I>
where
    I: tower_service::Service<Request, Response = Response, Error = std::convert::Infallible>,
{
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = GuardServiceFuture<I::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let future = match self.guard.start(&req) {
            Begin::Run(start) => GuardedFuture::new(
                Infallibly {
                    future: self.inner.call(req),
                },
                start,
            ),
            Begin::Answer(response) => GuardedFuture::ready(response),
        };
        GuardServiceFuture { future }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`GuardService`].
    #[derive(Debug)]
    pub(crate) struct GuardServiceFuture<F> {
        #[pin]
        future: GuardedFuture<Infallibly<F>>,
    }
}

impl<F> Future for GuardServiceFuture<F>
where
    F: Future<Output = Result<Response, std::convert::Infallible>>,
{
    type Output = Result<Response, std::convert::Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().future.poll(cx).map(Ok)
    }
}

pin_project_lite::pin_project! {
    /// A service future that cannot fail, as a response future.
    #[derive(Debug)]
    pub(crate) struct Infallibly<F> {
        #[pin]
        future: F,
    }
}

impl<F> Future for Infallibly<F>
where
    F: Future<Output = Result<Response, std::convert::Infallible>>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        self.project()
            .future
            .poll(cx)
            .map(|result| result.unwrap_or_else(|never| match never {}))
    }
}

/// `500` with an empty body, as Next.js answers a handler that throws, and one
/// `tracing` error event with the method, the route, the message and (when the panic
/// hook is installed) where it panicked.
fn panicked(origin: &Origin, payload: &(dyn Any + Send)) -> Response {
    let message = panic_message(payload);
    let route = origin
        .route
        .as_ref()
        .map_or("<unmatched>", MatchedPath::as_str);
    let location = crate::panic::take_location();
    tracing::error!(
        method = %origin.method,
        route,
        panic = message,
        location = location.as_deref().unwrap_or("<unknown: install app_router::install_panic_hook>"),
        "route handler panicked; answering 500"
    );
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The message of a panic: its `&str` or `String` payload.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("<non-string panic payload>")
}

/// `504 Gateway Timeout`: the handler ran past `MAX_DURATION`.
fn timed_out(limit: &Limit) -> Response {
    let (path, limit) = (&limit.path, limit.after);
    tracing::warn!(%path, ?limit, "route handler exceeded MAX_DURATION; answering 504");
    StatusCode::GATEWAY_TIMEOUT.into_response()
}
