//! Generates the routers of `app/` (the fixture app of `tests/http_tree.rs`) and of
//! `cache-app/` (`tests/http_cache.rs`).

use std::path::PathBuf;

fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app").generate()?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    app_router_codegen::Routes::new("cache-app")
        .out_file(out.join("cache_routes.rs"))
        .generate()
}
