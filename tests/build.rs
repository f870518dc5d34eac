//! Generates the routers of the fixture apps: `app/` for `tests/http_tree.rs`,
//! `cache-app/` for `tests/http_cache.rs`, and `meta-app/` (metadata files, layouts,
//! not-found) for `tests/http_metadata.rs`, and `mw-app/` (folder middleware, the
//! proxy, interrupts) for `tests/http_middleware.rs`, `api-app/` (typed handlers)
//! for `tests/openapi.rs`, and `inst-app/` (`instrumentation.rs`) for
//! `tests/http_instrumentation.rs`.

use std::path::PathBuf;

fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app").generate()?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    app_router_codegen::Routes::new("cache-app")
        .out_file(out.join("cache_routes.rs"))
        .generate()?;
    app_router_codegen::Routes::new("api-app")
        .openapi(true)
        .out_file(out.join("app_router/api_routes.rs"))
        .generate()?;
    app_router_codegen::Routes::new("mw-app")
        .out_file(out.join("app_router/mw_routes.rs"))
        .generate()?;
    app_router_codegen::Routes::new("inst-app")
        .out_file(out.join("app_router/inst_routes.rs"))
        .generate()?;
    app_router_codegen::Routes::new("meta-app")
        .out_file(out.join("app_router/meta_routes.rs"))
        .generate()
}
