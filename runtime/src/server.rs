//! The serving entry point: an axum `Router` on hyper's HTTP/1 connections, with the
//! timeouts and the graceful shutdown that bare `axum::serve` leaves out.

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, IntoFuture, Pending};
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// The app's listening socket: the one a supervisor handed over — `cargo app-router
/// dev`, which keeps it open across rebuilds so no request is refused, `systemfd`, or
/// systemd socket activation (`LISTEN_FDS`, through the `listenfd` crate) — else a new
/// one bound to `addr`. The one line that makes an app work under `cargo app-router dev`.
///
/// ```no_run
/// # async fn f() -> std::io::Result<()> {
/// let listener = app_router::bind("127.0.0.1:3000").await?;
/// # Ok(()) }
/// ```
pub async fn bind(addr: impl tokio::net::ToSocketAddrs) -> io::Result<TcpListener> {
    if let Some(listener) = listenfd::ListenFd::from_env().take_tcp_listener(0)? {
        listener.set_nonblocking(true)?;
        return TcpListener::from_std(listener);
    }
    TcpListener::bind(addr).await
}

/// How long a client may take to send a request head (and how long a kept-alive
/// connection may sit idle before its next request) unless
/// [`Serve::header_read_timeout`] says otherwise.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a graceful shutdown waits for in-flight requests unless
/// [`Serve::shutdown_timeout`] says otherwise.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until the shutdown signal, with production defaults.
///
/// Built on hyper's own HTTP/1 connection settings (no hand-written timers):
///
/// | setting | default | change with |
/// |---|---|---|
/// | time to send a request head, and idle time between kept-alive requests | 30 s | [`Serve::header_read_timeout`] |
/// | keep-alive | on | [`Serve::keep_alive`] |
/// | open connections | unbounded | [`Serve::max_connections`] |
/// | graceful shutdown | none (runs forever) | [`Serve::with_graceful_shutdown`] |
/// | wait for in-flight requests (and their `after()` work) on shutdown | 30 s | [`Serve::shutdown_timeout`] |
///
/// A client that stalls mid-head (slowloris) is disconnected after the header-read
/// timeout, so stalled clients cannot hold the server's file descriptors forever. There
/// is no timeout on request *bodies* or on handlers here: add
/// `tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer}` to the router for
/// those. Every request carries [`ConnectInfo<SocketAddr>`](ConnectInfo) with the
/// client's address, and WebSocket upgrades work.
///
/// It installs [`install_panic_hook`](crate::install_panic_hook): a panicking handler
/// logs one `tracing` error event instead of the default hook's lines on stderr.
///
/// Accept errors (such as `EMFILE` when the process is out of file descriptors) are
/// logged with `tracing` and retried after a second; they never stop the server.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let app = axum::Router::new().route("/", axum::routing::get(|| async { "hi" }));
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// app_router::serve(listener, app)
///     .with_graceful_shutdown(app_router::shutdown_signal())
///     .await
/// # }
/// ```
pub fn serve(listener: TcpListener, app: Router) -> Serve<Pending<()>> {
    Serve {
        listener,
        app,
        header_read_timeout: Some(DEFAULT_HEADER_READ_TIMEOUT),
        keep_alive: true,
        max_connections: None,
        shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
        signal: std::future::pending(),
    }
}

/// A server being configured; `.await` it to run. Made by [`serve`].
#[must_use = "a server does nothing until it is awaited"]
pub struct Serve<F> {
    listener: TcpListener,
    app: Router,
    header_read_timeout: Option<Duration>,
    keep_alive: bool,
    max_connections: Option<usize>,
    shutdown_timeout: Duration,
    signal: F,
}

impl<F> fmt::Debug for Serve<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Serve")
            .field("local_addr", &self.listener.local_addr().ok())
            .field("header_read_timeout", &self.header_read_timeout)
            .field("keep_alive", &self.keep_alive)
            .field("max_connections", &self.max_connections)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .finish_non_exhaustive()
    }
}

impl<F> Serve<F> {
    /// How long a client may take to send a complete request head, and how long a
    /// kept-alive connection may wait for its next request; `None` waits forever
    /// (not recommended facing the internet). A connection over the limit is closed
    /// without an answer.
    pub fn header_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.header_read_timeout = timeout.into();
        self
    }

    /// Whether connections are kept alive between requests (default `true`).
    pub fn keep_alive(mut self, keep_alive: bool) -> Self {
        self.keep_alive = keep_alive;
        self
    }

    /// Accept at most `max` connections at once; further clients wait in the kernel's
    /// accept queue until one closes. Keep it under the process' file-descriptor limit.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = Some(max.max(1));
        self
    }

    /// How long a graceful shutdown waits for in-flight requests before closing their
    /// connections anyway (default 30 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// Stops accepting when `signal` completes, lets in-flight requests finish (up to
    /// the shutdown timeout), closes idle connections, and then returns.
    /// [`shutdown_signal`] waits for Ctrl-C or `SIGTERM`.
    pub fn with_graceful_shutdown<G>(self, signal: G) -> Serve<G>
    where
        G: Future<Output = ()> + Send + 'static,
    {
        Serve {
            listener: self.listener,
            app: self.app,
            header_read_timeout: self.header_read_timeout,
            keep_alive: self.keep_alive,
            max_connections: self.max_connections,
            shutdown_timeout: self.shutdown_timeout,
            signal,
        }
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

impl<F> IntoFuture for Serve<F>
where
    F: Future<Output = ()> + Send + 'static,
{
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<F> Serve<F>
where
    F: Future<Output = ()> + Send + 'static,
{
    async fn run(self) -> io::Result<()> {
        let Serve {
            listener,
            app,
            header_read_timeout,
            keep_alive,
            max_connections,
            shutdown_timeout,
            signal,
        } = self;
        crate::install_panic_hook();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .keep_alive(keep_alive);
        let http = Arc::new(http);
        let limit = max_connections.map(|n| Arc::new(Semaphore::new(n)));
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        let mut signal = pin!(signal);

        loop {
            let permit = match &limit {
                None => None,
                Some(limit) => tokio::select! {
                    permit = limit.clone().acquire_owned() => permit.ok(),
                    () = &mut signal => break,
                },
            };
            let (stream, remote) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        handle_accept_error(error).await;
                        continue;
                    }
                },
                () = &mut signal => break,
                // Reap finished connections so the set does not grow without bound.
                Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            };
            // Small responses go out at once instead of waiting for Nagle's algorithm.
            let _ = stream.set_nodelay(true);
            let http = Arc::clone(&http);
            let app = app.clone();
            let mut stop = stop_rx.clone();
            connections.spawn(async move {
                let _permit = permit;
                let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(remote));
                    let mut app = app.clone();
                    async move {
                        let response = tower_service::Service::call(&mut app, request).await;
                        Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
                    }
                });
                let connection = http
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades();
                let mut connection = pin!(connection);
                tokio::select! {
                    result = connection.as_mut() => log_connection_end(result, remote),
                    () = async { drop(stop.wait_for(|stopping| *stopping).await) } => {
                        connection.as_mut().graceful_shutdown();
                        log_connection_end(connection.await, remote);
                    }
                }
            });
        }

        // Shutting down: stop accepting, let in-flight requests finish, then close.
        drop(listener);
        let _ = stop_tx.send(true);
        let drained = tokio::time::timeout(shutdown_timeout, async {
            while connections.join_next().await.is_some() {}
            // `after()` work of the requests just answered.
            crate::after::idle().await;
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                remaining = connections.len(),
                "graceful shutdown timed out after {shutdown_timeout:?}; closing the remaining connections"
            );
        }
        // Dropping the set aborts any connection still running.
        Ok(())
    }
}

fn log_connection_end(result: hyper::Result<()>, remote: SocketAddr) {
    if let Err(error) = result {
        // Header-read timeouts, resets and malformed requests end up here: routine
        // facing the internet, so not an error.
        tracing::debug!(%remote, "connection closed: {error}");
    }
}

async fn handle_accept_error(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    // Typically EMFILE: out of file descriptors. Waiting lets connections close.
    tracing::error!("accept error: {error}; retrying in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Completes on Ctrl-C, or on `SIGTERM` on Unix (what `docker stop` and Kubernetes
/// send): the usual signal for [`Serve::with_graceful_shutdown`].
///
/// ```no_run
/// # async fn run(listener: tokio::net::TcpListener, app: axum::Router) -> std::io::Result<()> {
/// app_router::serve(listener, app)
///     .with_graceful_shutdown(app_router::shutdown_signal())
///     .await
/// # }
/// ```
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!("cannot listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
