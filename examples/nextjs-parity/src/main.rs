//! The Next.js reference app of `shared/conformance/nextjs-app`, file for file, in Rust:
//! `app/**/route.ts` → `app/**/route.rs`, `page.tsx` → `page.rs`, `layout.tsx` → `layout.rs`
//! (with maud as the template engine), `sitemap.ts` → `sitemap.rs`, `robots.ts` → `robots.rs`.
//!
//! Run with
//!
//! ```not_rust
//! cargo run -p example-nextjs-parity
//! ```
//!
//! It listens on `127.0.0.1:$PORT` (default 3000) and prints its route table.
//! `cargo run -p example-nextjs-parity -- --manifest` prints the route manifest as JSON
//! instead, and exits.

app_router::include_routes!();

#[tokio::main]
async fn main() -> std::io::Result<()> {
    if std::env::args().any(|arg| arg == "--manifest") {
        println!("{}", app_router::RouteTable(routes::ROUTES).to_json());
        return Ok(());
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    // The socket `cargo app-router dev` hands over, else a new one.
    let listener = app_router::bind(format!("127.0.0.1:{port}")).await?;
    println!("{}\n", app_router::RouteTable(routes::ROUTES));
    // Like `next build`: static routes are rendered before the first request.
    let app = routes::prerender(routes::router())
        .await
        .map_err(std::io::Error::other)?;
    println!("listening on http://{}", listener.local_addr()?);
    app_router::serve(listener, app)
        .with_graceful_shutdown(app_router::shutdown_signal())
        .await
}
