//! Generates the routers of the fixture apps: `app/` for `tests/http_tree.rs`,
//! `meta-app/` (metadata files, layouts, not-found) for `tests/http_metadata.rs`.

use std::path::PathBuf;

fn main() -> Result<(), app_router_codegen::Error> {
    app_router_codegen::Routes::new("app").generate()?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    app_router_codegen::Routes::new("meta-app")
        .out_file(out.join("app_router/meta_routes.rs"))
        .generate()
}
