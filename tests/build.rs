//! Generates the router of `app/`, the fixture app of `tests/http_tree.rs`.

fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app").generate()
}
