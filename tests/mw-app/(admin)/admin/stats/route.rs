//! `/admin/stats`: cached for a minute, behind the gate.
use app_router::prelude::*;

use crate::Gate;

pub const REVALIDATE: u32 = 60;

pub async fn GET(State(gate): State<Gate>) -> String {
    let run = gate
        .renders
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        + 1;
    format!("secret stats, render {run}")
}
