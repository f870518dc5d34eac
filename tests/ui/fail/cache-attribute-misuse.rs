use app_router::prelude::*;

#[app_router::cache(life = "hour")]
async fn load(id: u32) -> String {
    id.to_string()
}

#[app_router::cache]
fn not_async() -> u32 {
    1
}

#[app_router::cache]
pub async fn GET() -> String {
    "handler".into()
}

#[app_router::cache(lifetime = "hours")]
async fn bad_argument() -> u32 {
    1
}

#[app_router::cache]
async fn pattern((a, b): (u32, u32)) -> u32 {
    a + b
}

fn main() {
    let _ = (load, not_async, GET, bad_argument, pattern);
    let _: Option<Router> = None;
}
