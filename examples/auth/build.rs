//! Generates the router of `app/` (see `app_router::include_routes!` in `src/main.rs`).

fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app")
        .openapi(true)
        .generate()
}
