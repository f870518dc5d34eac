//! What `build.rs` tells `Routes` — the app folder and the options that change the
//! analysis — so that `routes`, `check` and `dev` analyze the folder the build
//! generates from, as the build does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use app_router_codegen::Routes;
use syn::visit::Visit;

/// One `Routes::new("..")` chain of `build.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Config {
    /// The app folder, relative to the crate.
    pub(crate) app: PathBuf,
    cache_components: bool,
    request_context: Option<bool>,
    openapi: bool,
}

impl Config {
    fn plain(app: &Path) -> Self {
        Self {
            app: app.to_path_buf(),
            cache_components: false,
            request_context: None,
            openapi: false,
        }
    }

    /// The analysis of the crate in this folder, configured as `build.rs` does.
    pub(crate) fn routes(&self) -> Routes {
        let mut routes = Routes::new(&self.app)
            .crate_root(".")
            .cache_components(self.cache_components)
            .openapi(self.openapi);
        if let Some(always) = self.request_context {
            routes = routes.request_context(always);
        }
        routes
    }
}

/// The configuration of `app` (the folder given on the command line) in `build.rs`,
/// else of the first `Routes::new` there, else `app/` with the defaults. Options
/// written as anything but a literal (`.cache_components(flag)`) keep their defaults.
pub(crate) fn config(app: Option<&Path>) -> Config {
    let found = std::fs::read_to_string("build.rs")
        .ok()
        .map(|source| configs(&source))
        .unwrap_or_default();
    match app {
        Some(app) => found
            .into_iter()
            .find(|c| c.app == app)
            .unwrap_or_else(|| Config::plain(app)),
        None => found
            .into_iter()
            .next()
            .unwrap_or_else(|| Config::plain(Path::new("app"))),
    }
}

/// Every `Routes::new("..")` chain of `source`, in order.
fn configs(source: &str) -> Vec<Config> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut finder = Finder::default();
    finder.visit_file(&file);
    let mut chains: Vec<(usize, Config)> = finder.chains.into_values().collect();
    chains.sort_by_key(|(order, _)| *order);
    chains.into_iter().map(|(_, config)| config).collect()
}

/// Chains by the address of their `Routes::new` call: every method call of a chain
/// is visited, and the outermost (the longest chain) is the one kept.
#[derive(Default)]
struct Finder {
    chains: HashMap<usize, (usize, Config)>,
    seen: usize,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        // Down the chain, outermost call first, to its `Routes::new(..)`.
        let mut options = Vec::new();
        let mut m = call;
        let bottom = loop {
            options.push((m.method.to_string(), m.args.first().and_then(literal_bool)));
            match &*m.receiver {
                syn::Expr::MethodCall(inner) => m = inner,
                other => break other,
            }
        };
        if let syn::Expr::Call(new) = bottom
            && let Some(app) = routes_new(new)
        {
            // The outermost call of a chain is visited first and sees every option;
            // its inner calls are the same chain again.
            let key = std::ptr::from_ref(new).addr();
            if !self.chains.contains_key(&key) {
                let mut config = Config::plain(Path::new(&app));
                // Innermost first, as they apply.
                for (method, value) in options.iter().rev() {
                    match (method.as_str(), value) {
                        ("cache_components", Some(on)) => config.cache_components = *on,
                        ("openapi", Some(on)) => config.openapi = *on,
                        ("request_context", Some(always)) => {
                            config.request_context = Some(*always);
                        }
                        _ => {}
                    }
                }
                self.chains.insert(key, (self.seen, config));
                self.seen += 1;
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// `"app"` of `Routes::new("app")` (any path ending in `Routes::new`).
fn routes_new(call: &syn::ExprCall) -> Option<String> {
    let syn::Expr::Path(path) = &*call.func else {
        return None;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if !names.ends_with(&["Routes".to_owned(), "new".to_owned()]) {
        return None;
    }
    match call.args.first() {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => Some(s.value()),
        _ => None,
    }
}

fn literal_bool(expr: &syn::Expr) -> Option<bool> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(b),
            ..
        }) => Some(b.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folders_and_options_of_build_rs_are_read() {
        let found = configs(
            r#"
            use std::path::PathBuf;
            fn main() -> Result<(), app_router_codegen::Error> {
                app_router_codegen::Routes::new("src/app")
                    .cache_components(true)
                    .request_context(false)
                    .generate()?;
                let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
                Routes::new("admin").openapi(true).out_file(out.join("a.rs")).generate()?;
                Routes::new("other").cache_components(flag()).generate()
            }
            "#,
        );
        assert_eq!(
            found,
            [
                Config {
                    app: "src/app".into(),
                    cache_components: true,
                    request_context: Some(false),
                    openapi: false,
                },
                Config {
                    app: "admin".into(),
                    cache_components: false,
                    request_context: None,
                    openapi: true,
                },
                Config::plain(Path::new("other")),
            ]
        );
    }

    #[test]
    fn a_build_rs_that_does_not_parse_or_says_nothing_gives_the_defaults() {
        assert_eq!(configs("fn main( {"), []);
        assert_eq!(configs("fn main() {}"), []);
    }
}
