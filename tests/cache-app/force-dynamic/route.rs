use app_router::prelude::*;

use crate::Stats;

pub const DYNAMIC: Dynamic = Dynamic::ForceDynamic;
pub const REVALIDATE: Revalidate = Revalidate::Never;

pub async fn GET(State(stats): State<Stats>) -> String {
    format!("dynamic run {}", stats.run("force-dynamic"))
}
