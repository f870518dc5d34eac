// Cached for a second; every render after the first fails.
use std::sync::atomic::{AtomicUsize, Ordering};

use app_router::prelude::*;

pub const REVALIDATE: u32 = 1;

static RUNS: AtomicUsize = AtomicUsize::new(0);

pub async fn GET() -> Result<String, HandlerError> {
    match RUNS.fetch_add(1, Ordering::SeqCst) {
        0 => Ok("isr run 1".to_owned()),
        n => Err(std::io::Error::other(format!("render {} failed", n + 1)).into()),
    }
}
