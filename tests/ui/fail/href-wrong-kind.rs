// A list where `[slug]` takes one value, and an empty array for a `[...path]`:
// compile errors.
mod routes {
    pub const ROUTE_PATHS: &[&str] = &["/blog/[slug]", "/docs/[...path]"];
}

fn main() {
    let _ = app_router::href!(in routes, "/blog/[slug]", slug = ["a", "b"]);
    let _ = app_router::href!(in routes, "/docs/[...path]", path = [""; 0]);
}
