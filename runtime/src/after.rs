//! `after()`: work that runs once the response has been sent (Next.js `after` from
//! `next/server`), tracked so that graceful shutdown waits for it.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::response::Response;
use tokio::sync::Notify;

use crate::scope::{OutsideRequest, RequestContext};

/// Work registered by [`after`], not started yet.
pub(crate) type Pending = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Runs `work` after the response has been sent: logging, analytics, cache warming
/// (`after(callback)` of Next.js). The client does not wait for it.
///
/// As in Next.js it runs whatever the handler answered — an error, a `not_found()`
/// or a redirect, a panic's `500` — and may call `cookies()` and `headers()` (they
/// read this request; cookies set there are not sent, the response is gone). It is
/// bounded by the route's `MAX_DURATION`, and `app_router::serve`'s graceful shutdown
/// waits for it (up to its `shutdown_timeout`).
///
/// The build script installs the request context in every route file that calls
/// `after(..)`; from a helper in another file, use `Routes::request_context(true)`.
///
/// ```
/// use app_router::prelude::*;
///
/// pub async fn POST(body: String) -> Result<StatusCode, OutsideRequest> {
///     let length = body.len();
///     app_router::after(async move {
///         tracing_like_log(length).await; // after the 202 reached the client
///     })?;
///     Ok(StatusCode::ACCEPTED)
/// }
/// # async fn tracing_like_log(_: usize) {}
/// ```
pub fn after<F>(work: F) -> Result<(), OutsideRequest>
where
    F: Future<Output = ()> + Send + 'static,
{
    crate::scope::with_context("after", |context| context.defer(Box::pin(work)))
}

/// Work started by [`after`] and not finished yet, process-wide: what graceful shutdown
/// waits for.
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static IDLE: Notify = Notify::const_new();

/// Resolves once no `after` work is running.
pub(crate) async fn idle() {
    loop {
        let notified = IDLE.notified();
        if RUNNING.load(Ordering::SeqCst) == 0 {
            return;
        }
        notified.await;
    }
}

/// Runs `work` in a task of its own, counted as running `after` work (so graceful
/// shutdown waits for it), with panics isolated. Without a runtime it is dropped.
pub(crate) fn spawn_tracked(work: Pending) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    RUNNING.fetch_add(1, Ordering::SeqCst);
    handle.spawn(async move {
        crate::handler::isolate_unit(work).await;
        if RUNNING.fetch_sub(1, Ordering::SeqCst) == 1 {
            IDLE.notify_waiters();
        }
    });
}

/// The response with `pending` work attached: it starts when the body has been sent
/// (or dropped: a client that went away), with `context` installed and `limit` as its
/// time budget.
pub(crate) fn attach(
    response: Response,
    pending: Vec<Pending>,
    context: Arc<RequestContext>,
    limit: Option<Duration>,
) -> Response {
    if pending.is_empty() {
        return response;
    }
    // Counted from now: a shutdown that starts while the body is still being sent
    // waits for this work too.
    RUNNING.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = response.into_parts();
    let body = AfterBody {
        inner: body,
        work: Some(Work {
            pending,
            context,
            limit,
        }),
    };
    Response::from_parts(parts, Body::new(body))
}

/// What runs after the body.
struct Work {
    pending: Vec<Pending>,
    context: Arc<RequestContext>,
    limit: Option<Duration>,
}

impl Work {
    fn start(self) {
        let Work {
            pending,
            context,
            limit,
        } = self;
        let run = async move {
            for work in pending {
                let work = WithContext {
                    work,
                    context: Arc::clone(&context),
                };
                let guarded = crate::handler::isolate_unit(work);
                match limit {
                    Some(limit) => {
                        if tokio::time::timeout(limit, guarded).await.is_err() {
                            tracing::warn!(?limit, "after() work exceeded MAX_DURATION; dropped");
                        }
                    }
                    None => guarded.await,
                }
            }
            if RUNNING.fetch_sub(1, Ordering::SeqCst) == 1 {
                IDLE.notify_waiters();
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(run);
            }
            Err(_) => {
                // No runtime (the body dropped outside one): nothing can run it.
                if RUNNING.fetch_sub(1, Ordering::SeqCst) == 1 {
                    IDLE.notify_waiters();
                }
            }
        }
    }
}

/// `after` work with the request context installed around each poll.
struct WithContext {
    work: Pending,
    context: Arc<RequestContext>,
}

impl Future for WithContext {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let entered = self.context.enter();
        let poll = self.work.as_mut().poll(cx);
        drop(entered);
        poll
    }
}

/// A response body that starts the `after` work once it has been sent.
struct AfterBody {
    inner: Body,
    work: Option<Work>,
}

impl http_body::Body for AfterBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let poll = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(None) = poll
            && let Some(work) = self.work.take()
        {
            work.start();
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for AfterBody {
    fn drop(&mut self) {
        if let Some(work) = self.work.take() {
            work.start();
        }
    }
}

/// The `after` work a request registered.
#[derive(Default)]
pub(crate) struct Deferred(Mutex<Vec<Pending>>);

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred").finish_non_exhaustive()
    }
}

impl Deferred {
    pub(crate) fn push(&self, work: Pending) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(work);
    }

    pub(crate) fn take(&self) -> Vec<Pending> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
