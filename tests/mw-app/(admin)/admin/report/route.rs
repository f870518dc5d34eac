//! `/admin/report`: cached for a minute, behind the gate, prerendered by its test alone
//! (the cache store is the process's, shared by every test's router).
use app_router::prelude::*;

use crate::Gate;

pub const REVALIDATE: u32 = 60;

pub async fn GET(State(gate): State<Gate>) -> String {
    let run = gate
        .reports
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        + 1;
    format!("report, render {run}")
}
