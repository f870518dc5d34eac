// A link that leaves out a parameter of its route: a compile error at the link.
mod routes {
    pub const ROUTE_PATHS: &[&str] = &["/users/[id]/posts/[postId]", "/blog/[slug]"];
}

fn main() {
    let _ = app_router::href!(in routes, "/users/[id]/posts/[postId]", id = "1");
}
