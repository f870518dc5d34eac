//! A flood of distinct URLs on a cached catch-all, and the process' resident memory
//! against the in-memory store's bound (issue: 1 M URLs once drove RSS from 5 MB to
//! ~396 MB against a documented 64 MiB).
//!
//! ```not_rust
//! cargo run --release -p app-router-bench --bin flood                  # 1 M URLs, 64 MiB
//! cargo run --release -p app-router-bench --bin flood -- 1000000 16    # 16 MiB bound
//! cargo run --release -p app-router-bench --bin flood -- --overhead    # bytes per entry
//! ```
//!
//! `--overhead` stores 200,000 entries in an unbounded store and compares what they
//! cost the process (RSS growth per entry) with what the store's weigher counts: the
//! calibration of `ENTRY_OVERHEAD` in `runtime/src/cache/store.rs`.

use std::sync::Arc;

use app_router::cache::{Cache, MemoryStore};
use app_router::prelude::*;
use tower::ServiceExt;

#[route_handlers]
#[allow(unreachable_pub)]
mod flooded {
    use app_router::prelude::*;

    pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

    pub async fn GET() -> &'static str {
        "ok"
    }
}

const MIB: f64 = 1024.0 * 1024.0;

/// Resident set size in bytes, from `/proc/self/statm`.
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

async fn flood(app: &Router, n: usize) {
    for i in 0..n {
        let request = Request::get(format!("/f/{i}/page"))
            .body(axum::body::Body::empty())
            .expect("a valid URI");
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::OK);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let overhead = args.iter().any(|a| a == "--overhead");
    let numbers: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let n = numbers
        .first()
        .copied()
        .unwrap_or(if overhead { 200_000 } else { 1_000_000 }) as usize;
    let bound_mib = numbers.get(1).copied().unwrap_or(64);
    let bound = if overhead {
        u64::MAX / 2
    } else {
        bound_mib * 1024 * 1024
    };

    let store = Arc::new(MemoryStore::new(bound));
    let app: Router = Router::new()
        .route("/f/{*rest}", flooded::router())
        .layer(Cache::new(Arc::clone(&store)).layer());
    // Warm up allocator and runtime so the baseline is not the empty process.
    flood(&app, 1_000).await;
    let before = rss();
    let counted_before = store.weighted_size();
    flood(&app, n).await;
    let after = rss();
    let grown = after.saturating_sub(before) as f64;
    let counted = store.weighted_size().saturating_sub(counted_before) as f64;
    let entries = store.entry_count();
    if overhead {
        println!(
            "{n} entries: RSS +{:.1} MiB = {:.0} B per entry; the weigher counts {:.0} B per entry ({:.2}x)",
            grown / MIB,
            grown / n as f64,
            counted / n as f64,
            counted / grown.max(1.0),
        );
    } else {
        println!(
            "{n} distinct URLs, bound {bound_mib} MiB: RSS {:.1} MiB -> {:.1} MiB (+{:.1} MiB); \
             the store holds {entries} entries weighing {:.1} MiB",
            before as f64 / MIB,
            after as f64 / MIB,
            grown / MIB,
            store.weighted_size() as f64 / MIB,
        );
    }
}
