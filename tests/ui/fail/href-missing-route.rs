// A link to a URL pattern no route or page has: a compile error at the link.
mod routes {
    pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]"];
}

fn main() {
    let _ = app_router::href!(in routes, "/blgo/[slug]", slug = "hello");
}
