//! Writes the synthetic apps of the dispatch benchmark into `OUT_DIR`: for 10, 100 and
//! 1,000 routes, an `app/` folder with its generated router (`treeN/routes.rs`) and the
//! same routes written by hand in plain axum (`treeN/handwritten.rs`).

#[allow(dead_code, unreachable_pub)]
#[path = "src/synth.rs"]
mod synth;

use std::path::PathBuf;

/// The tree sizes of the dispatch benchmark (`benches/dispatch.rs` includes each).
const SIZES: [usize; 3] = [10, 100, 1000];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/synth.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    for n in SIZES {
        let dir = out_dir.join(format!("tree{n}"));
        let routes = synth::routes(n);
        synth::write_app(&dir.join("app"), &routes)?;
        app_router_codegen::Routes::new("app")
            .crate_root(&dir)
            .request_context(false)
            .out_file(dir.join("routes.rs"))
            .generate()?;
        synth::write_if_changed(
            &dir.join("handwritten.rs"),
            &synth::handwritten_source(&routes),
        )?;
    }
    Ok(())
}
