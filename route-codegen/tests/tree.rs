//! The build-script front end on real folders: one failing tree per rule with its exact
//! report, the I/O failures, and what a valid tree generates.

use std::path::{Path, PathBuf};

use app_router_codegen::{Code, Routes};

const GET: &str = "pub async fn GET() -> &'static str { \"ok\" }\n";
const PAGE: &str = "pub async fn page() -> &'static str { \"page\" }\n";

/// A fresh crate root holding `app/` with `files` (`(path below app/, contents)`).
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("app-router-tree-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("app")).unwrap();
    for (path, contents) in files {
        let file = root.join("app").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, contents).unwrap();
    }
    root
}

fn render(root: &Path) -> Result<String, app_router_codegen::Error> {
    Routes::new("app").crate_root(root).render()
}

/// The full report for a tree that must fail.
fn report(name: &str, files: &[(&str, &str)]) -> String {
    let root = tree(name, files);
    let err = render(&root).expect_err("tree must be rejected");
    let _ = std::fs::remove_dir_all(&root);
    err.to_string()
}

fn codes(name: &str, files: &[(&str, &str)]) -> Vec<Code> {
    let root = tree(name, files);
    let err = render(&root).expect_err("tree must be rejected");
    let _ = std::fs::remove_dir_all(&root);
    err.diagnostics().iter().map(|d| d.code).collect()
}

#[test]
fn ar101_page_and_route_at_one_url() {
    assert_eq!(
        report(
            "ar101",
            &[("(shop)/about/route.rs", GET), ("(site)/about/page.rs", PAGE)]
        ),
        "error[AR101]: a page and route handlers both resolve to `/about`
  --> app/(shop)/about/route.rs  (URL `/about`)
  --> app/(site)/about/page.rs  (URL `/about`)
   = help: a URL is served by a `page.rs` or by a `route.rs`, not both: move the route handlers to another folder, such as `api/`

error: could not generate routes from `app/` because of 1 problem"
    );
    assert_eq!(
        codes(
            "ar101-same",
            &[("auth/route.rs", GET), ("auth/page.rs", PAGE)]
        ),
        [Code::PageRouteConflict]
    );
}

#[test]
fn ar102_two_routes_at_one_url() {
    assert_eq!(
        report(
            "ar102",
            &[("(a)/api/users/route.rs", GET), ("(b)/api/users/route.rs", GET)]
        ),
        "error[AR102]: 2 `route.rs` files resolve to `/api/users`
  --> app/(a)/api/users/route.rs  (URL `/api/users`)
  --> app/(b)/api/users/route.rs  (URL `/api/users`)
   = help: route groups `(name)` and slots `@name` are not part of the URL: remove one of the files or move it to a different URL

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[test]
fn ar103_different_param_names() {
    assert_eq!(
        report(
            "ar103",
            &[("blog/[id]/route.rs", GET), ("blog/[slug]/edit/route.rs", GET)]
        ),
        "error[AR103]: different parameter names at the same position `/blog/`: `[id]` and `[slug]`
  --> app/blog/[id]/route.rs  (URL `/blog/[id]`)
  --> app/blog/[slug]/edit/route.rs  (URL `/blog/[slug]/edit`)
   = help: a position has one name for every route below it (Next.js fails at run time with \"You cannot use different slug names for the same dynamic path\"): rename the folders to one name, such as `[id]`

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[test]
fn ar104_repeated_param() {
    assert_eq!(
        report("ar104", &[("blog/[id]/comments/[id]/route.rs", GET)]),
        "error[AR104]: parameter `id` appears twice in `/blog/[id]/comments/[id]`
  --> app/blog/[id]/comments/[id]/route.rs  (URL `/blog/[id]/comments/[id]`)
   = help: give each parameter its own name, such as `[id]` and `[id2]`

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[test]
fn ar105_catch_all_not_last() {
    assert_eq!(
        report("ar105", &[("docs/[...slug]/edit/route.rs", GET)]),
        "error[AR105]: catch-all segment `[...slug]` must be the last URL segment
  --> app/docs/[...slug]/edit/route.rs  (URL `/docs/[...slug]/edit`)
   = help: a catch-all takes every remaining segment; move `route.rs` below `[...slug]` or make it a single parameter `[slug]`

error: could not generate routes from `app/` because of 1 problem"
    );
    // A group after a catch-all does not change the URL.
    let root = tree("ar105-ok", &[("docs/[...slug]/(g)/route.rs", GET)]);
    assert!(render(&root).is_ok());
}

#[test]
fn ar106_optional_catch_all_beside_parent() {
    assert_eq!(
        report("ar106", &[("shop/route.rs", GET), ("shop/[[...slug]]/route.rs", GET)]),
        "error[AR106]: optional catch-all `/shop/[[...slug]]` also matches `/shop`, which another file serves
  --> app/shop/[[...slug]]/route.rs  (URL `/shop/[[...slug]]`)
  --> app/shop/route.rs  (URL `/shop`)
   = help: keep one: `[[...slug]]` already answers `/shop` (with `slug` = `None`), or rename it to the required catch-all `[...slug]`

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[test]
fn ar107_catch_all_beside_optional() {
    assert_eq!(
        codes(
            "ar107",
            &[
                ("docs/[...slug]/route.rs", GET),
                ("docs/[[...slug]]/route.rs", GET)
            ]
        ),
        [Code::CatchAllBesideOptional]
    );
}

#[test]
fn ar108_malformed_folders_all_reported_in_one_build() {
    let report = report(
        "ar108",
        &[
            ("[]/route.rs", GET),
            ("a/[...]/route.rs", GET),
            ("b/[id/route.rs", GET),
            ("c/[[id]]/route.rs", GET),
            ("d/[..id]/route.rs", GET),
            ("ok/route.rs", GET),
        ],
    );
    assert_eq!(
        report,
        "error[AR108]: folder `[]` has no parameter name
  --> app/[]
   = help: name the parameter: `[id]`

error[AR108]: folder `[...]` has no parameter name
  --> app/a/[...]
   = help: name the parameter: `[...slug]`

error[AR108]: folder `[id` has unbalanced brackets
  --> app/b/[id
   = help: close the brackets: `[id]`

error[AR108]: optional parameter `[[id]]` is not supported
  --> app/c/[[id]]
   = help: use `[id]` for one segment or `[[...id]]` for an optional catch-all

error[AR108]: folder `[..id]` has the wrong number of dots
  --> app/d/[..id]
   = help: a catch-all has three: `[...id]`

error: could not generate routes from `app/` because of 5 problems"
    );
}

#[test]
fn ar109_param_names_that_are_no_fields() {
    assert_eq!(
        codes(
            "ar109",
            &[
                ("a/[my.id]/route.rs", GET),
                ("b/[postId]/[post_id]/route.rs", GET)
            ]
        ),
        [Code::InvalidParamName, Code::InvalidParamName]
    );
    let report = report("ar109-collide", &[("b/[postId]/[post_id]/route.rs", GET)]);
    assert!(
        report.contains(
            "error[AR109]: parameters `postId` and `post_id` of `/b/[postId]/[post_id]` both become the field `ctx.params.post_id`"
        ),
        "{report}"
    );
}

#[test]
fn ar110_module_collision() {
    assert_eq!(
        report("ar110", &[("a-b/route.rs", GET), ("a_b/route.rs", GET)]),
        "error[AR110]: folders `a-b` and `a_b` would both become the Rust module `a_b`
  --> app/a-b/route.rs  (URL `/a-b`)
  --> app/a_b/route.rs  (URL `/a_b`)
   = help: rename one of the folders

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[test]
fn ar001_ar006_handler_problems_name_file_and_line() {
    assert_eq!(
        report(
            "ar006",
            &[
                ("users/route.rs", "use app_router::prelude::*;\n\npub async fn get() -> &'static str { \"x\" }\n"),
                ("empty/route.rs", "pub fn helper() {}\n"),
                ("blog/page.rs", "pub async fn render() {}\n"),
            ]
        ),
        "error[AR006]: page file has no `page` function
  --> app/blog/page.rs  (URL `/blog`)
   = help: add `pub async fn page() -> impl IntoResponse { Html(\"...\") }`

error[AR006]: route file has no handler
  --> app/empty/route.rs  (URL `/empty`)
   = help: add a function named after an HTTP method: `pub async fn GET() -> impl IntoResponse { ... }`; the methods are GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS

error[AR001]: handler `get` must be named `GET`
  --> app/users/route.rs:3:14
   = help: route handlers are named after their HTTP method in upper case: `pub async fn GET(...)`

error: could not generate routes from `app/` because of 3 problems"
    );
}

#[test]
fn ar111_missing_app_folder() {
    let root = std::env::temp_dir().join(format!("app-router-none-{}", std::process::id()));
    let err = Routes::new("app").crate_root(&root).render().unwrap_err();
    assert_eq!(
        err.to_string(),
        "error[AR111]: app folder `app` does not exist
  --> app
   = help: create `app/` with a `route.rs`, or pass the folder that holds your routes to `Routes::new`

error: could not generate routes from `app/` because of 1 problem"
    );
}

#[cfg(unix)]
#[test]
fn ar111_symlink_loop_and_non_utf8_names() {
    use std::os::unix::ffi::OsStrExt;
    let root = tree("ar111", &[("ok/route.rs", GET)]);
    std::os::unix::fs::symlink(root.join("app"), root.join("app/ok/loop")).unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9");
    std::fs::create_dir_all(root.join("app").join(bad)).unwrap();
    std::fs::write(root.join("app").join(bad).join("route.rs"), GET).unwrap();
    let err = render(&root).unwrap_err();
    let messages: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        messages,
        [
            "AR111 name `app/caf\u{fffd}` is not valid UTF-8",
            "AR111 symbolic link loop: `app/ok/loop` leads back to `app`",
        ]
    );
}

/// AR112: files that do not parse. Inner docs and attributes are fine: route files
/// are real modules (`#[path]`), not `include!`d text.
#[test]
fn ar112_unparsable_files_but_inner_docs_are_fine() {
    assert_eq!(
        report(
            "ar112",
            &[
                (
                    "a/route.rs",
                    "pub async fn GET( -> &'static str { \"x\" }\n"
                ),
                (
                    "c/route.rs",
                    "pub async fn GET() -> &'static str { \"x\" }\npub fn = 3;\n"
                ),
                (
                    "b/route.rs",
                    "//! Docs.\n#![allow(unused)]\npub async fn GET() {}\n"
                ),
            ]
        ),
        "error[AR112]: route file does not parse: unbalanced brackets or an invalid token
  --> app/a/route.rs:1:17
   = help: fix the syntax; `rustfmt --check app/a/route.rs` shows the exact place

error[AR112]: route file does not parse: expected identifier
  --> app/c/route.rs:2:8
   = help: fix the syntax; `rustfmt --check app/c/route.rs` shows the exact place

error: could not generate routes from `app/` because of 2 problems"
    );
}

#[test]
fn private_folders_and_other_files_are_skipped() {
    let root = tree(
        "private",
        &[
            ("api/route.rs", GET),
            ("_lib/route.rs", "this is not rust"),
            ("_lib/deep/[bad/route.rs", "nor this"),
            ("api/helpers.rs", "not a route file"),
            ("api/route.ts", "export async function GET() {}"),
        ],
    );
    let source = render(&root).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        table(&source),
        ["route \"/api\" \"app/api/route.rs\" [\"/api\"] fixed no_context (api::route) { GET };"]
    );
    assert!(!source.contains("_lib"));
}

/// Generated code for a tree with every kind of segment, with the machine-specific
/// fixture path replaced.
/// The generated source with the checkout's path replaced by `<fixture>` and then
/// formatted again, so line breaks do not depend on where the repository is cloned.
/// The lines of the route table (`::app_router::__routes! { .. }`), trimmed.
fn table(source: &str) -> Vec<&str> {
    let start = source
        .find("::app_router::__routes! {")
        .expect("a route table");
    source[start..]
        .lines()
        .skip(2)
        .take_while(|l| *l != "}")
        .map(str::trim)
        .collect()
}

/// The generated file as written, with the checkout's path replaced; it must parse.
fn without_checkout_path(source: &str, fixture: &Path) -> String {
    syn::parse_file(source).expect("the generated file parses");
    source.replace(&fixture.display().to_string(), "<fixture>")
}

#[test]
fn snapshot_generated_router() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-segments");
    let source = Routes::new("app").crate_root(&fixture).render().unwrap();
    insta::assert_snapshot!(without_checkout_path(&source, &fixture));
}

/// The output is deterministic and only rewritten when it changes.
#[test]
fn generate_writes_only_on_change() {
    let root = tree(
        "write",
        &[("api/route.rs", GET), ("(g)/page/[id]/page.rs", PAGE)],
    );
    let out = root.join("out/routes.rs");
    let routes = Routes::new("app").crate_root(&root).out_file(&out);
    routes.generate().unwrap();
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with("// @generated by app-router-codegen from `app/`. Do not edit.\n"));
    let stamp = std::fs::metadata(&out).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    routes.generate().unwrap();
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), stamp);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn ar201_to_ar204_segment_config_in_route_files() {
    let got = report(
        "ar20x",
        &[
            (
                "feed/route.rs",
                "pub const REVALIDATES: u32 = 60;\npub const MAX_DURATION: u64 = 2 * 5;\npub async fn GET() -> &'static str { \"feed\" }\n",
            ),
            (
                "me/route.rs",
                "use axum::http::HeaderMap;\npub const DYNAMIC: Dynamic = Dynamic::Error;\npub async fn GET(h: HeaderMap) -> String { h.len().to_string() }\n",
            ),
            (
                "about/route.rs",
                "pub const DYNAMIC_PARAMS: bool = false;\npub fn generate_static_params() -> Vec<Params> { Vec::new() }\npub async fn GET() -> &'static str { \"about\" }\n",
            ),
        ],
    );
    assert_eq!(
        got,
        "error[AR204]: `generate_static_params` in a route without dynamic segments
  --> app/about/route.rs:2:8
   = help: remove it, or move the file under a `[param]` folder

error[AR201]: unknown segment config `REVALIDATES`
  --> app/feed/route.rs:1:11
   = help: did you mean `REVALIDATE`? the segment config consts are `DYNAMIC`, `REVALIDATE`, `DYNAMIC_PARAMS` and `MAX_DURATION`

error[AR202]: invalid value for segment config `MAX_DURATION`
  --> app/feed/route.rs:2:31
   = help: write a positive whole number of seconds, such as `10`; values are read at build time, so they must be literals, not expressions

error[AR203]: `GET` reads the request (`HeaderMap`) but the route is `Dynamic::Error`
  --> app/me/route.rs:3:21
   = help: a `Dynamic::Error` route is rendered once, without a request: remove the argument (only `State`, `RouteContext` and `Path` are allowed), or use `Dynamic::ForceStatic` to render it with an empty request

error: could not generate routes from `app/` because of 4 problems"
    );
}

#[test]
fn ar206_segment_config_with_cache_components() {
    let root = tree(
        "ar206",
        &[(
            "feed/route.rs",
            "pub const REVALIDATE: Revalidate = Revalidate::Seconds(5);\npub async fn GET() -> &'static str { \"feed\" }\n",
        )],
    );
    let err = Routes::new("app")
        .crate_root(&root)
        .cache_components(true)
        .render()
        .expect_err("tree must be rejected");
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        err.to_string(),
        "error[AR206]: segment config `REVALIDATE` is not compatible with Cache Components
  --> app/feed/route.rs:1:11
   = help: remove it: with `Routes::cache_components(true)` a `GET` that reads nothing of the request is prerendered automatically; cache data with `#[cache]` functions and `cache_life`

error: could not generate routes from `app/` because of 1 problem"
    );
}

/// AR211: a cached `GET` whose file sets a cookie, in each spelling; uncached routes
/// and reads of cookies are not warned about.
#[test]
fn cached_routes_that_set_cookies_warn_ar211() {
    let files = [
        (
            "context/route.rs",
            "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn GET() -> Result<String, HandlerError> {\n    app_router::cookies()?.set(\"a\", \"1\", CookieOptions::default())?;\n    Ok(String::new())\n}\n",
        ),
        (
            "response/route.rs",
            "pub const REVALIDATE: u32 = 60;\npub async fn GET() -> Result<NextResponse, HandlerError> {\n    let mut r = NextResponse::new(\"x\");\n    r.cookies().delete(\"a\")?;\n    Ok(r)\n}\n",
        ),
        (
            "header/[id]/route.rs",
            "pub fn generate_static_params() -> Vec<Params> { vec![] }\npub async fn GET() -> impl IntoResponse {\n    ([(header::SET_COOKIE, \"a=1\")], \"x\")\n}\n",
        ),
        (
            "literal/route.rs",
            "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn GET() -> impl IntoResponse {\n    ([(\"Set-Cookie\", \"a=1\")], \"x\")\n}\n",
        ),
        (
            "uncached/route.rs",
            "pub async fn GET() -> impl IntoResponse {\n    ([(header::SET_COOKIE, \"a=1\")], \"x\")\n}\n",
        ),
        (
            "reads/route.rs",
            "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn GET() -> String { format!(\"{:?}\", app_router::cookies().map(|c| c.request().len())) }\n",
        ),
    ];
    let root = tree("ar211", &files);
    let (_, warnings) = Routes::new("app")
        .crate_root(&root)
        .render_with_warnings()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let message = "this cached `GET` sets a cookie: a response with `Set-Cookie` is served to its requester uncached and never stored, so one visitor's cookie never reaches another";
    let help = "   = help: set cookies from an uncached route (a `POST`, or `pub const DYNAMIC: Dynamic = Dynamic::ForceDynamic;`), or remove the caching config if every response sets one\n";
    assert_eq!(
        warnings,
        [
            format!("warning[AR211]: {message}\n  --> app/context/route.rs:3:17\n{help}"),
            format!("warning[AR211]: {message}\n  --> app/header/[id]/route.rs:3:16\n{help}"),
            format!("warning[AR211]: {message}\n  --> app/literal/route.rs:3:8\n{help}"),
            format!("warning[AR211]: {message}\n  --> app/response/route.rs:4:7\n{help}"),
        ]
    );
}

/// Which `GET`s are cached, and the AR210 warnings for config that has no effect.
#[test]
fn caching_decisions_and_ar210_warnings() {
    let files = [
        (
            "static/route.rs",
            "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn GET(h: HeaderMap) -> String { h.len().to_string() }\n",
        ),
        (
            "isr/route.rs",
            "pub const REVALIDATE: Revalidate = Revalidate::Seconds(7);\npub async fn GET(State(s): State<u8>) -> String { s.to_string() }\n",
        ),
        (
            "mixed/route.rs",
            "pub const REVALIDATE: u32 = 7;\npub async fn GET() -> &'static str { \"a\" }\npub async fn DELETE() {}\n",
        ),
        (
            "reads/route.rs",
            "pub const REVALIDATE: u32 = 7;\npub async fn GET() -> String { app_router::headers().map(|h| h.len()).unwrap_or(0).to_string() }\n",
        ),
        (
            "zero/route.rs",
            "pub const REVALIDATE: u32 = 0;\npub async fn GET() -> &'static str { \"a\" }\n",
        ),
        ("plain/route.rs", GET),
    ];
    let root = tree("ar210", &files);
    let (source, warnings) = Routes::new("app")
        .crate_root(&root)
        .render_with_warnings()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning[AR210]: `GET` is not cached: the file also defines `DELETE`, and only routes whose methods are all `GET`/`HEAD` are cached (as in Next.js)\n  --> app/mixed/route.rs  (URL `/mixed`)\n   = help: move the other methods to another route file, or remove the caching config\n",
            "warning[AR210]: `GET` is not cached: it reads the request (`cookies()`/`headers()`/`draft_mode()`), so it is rendered for every request (as in Next.js)\n  --> app/reads/route.rs  (URL `/reads`)\n   = help: use `Dynamic::ForceStatic` to cache it rendered with an empty request, or take only `State`, `RouteContext` and `Path`\n",
        ]
    );
    assert_eq!(
        table(&source),
        [
            "route \"/isr\" \"app/isr/route.rs\" [\"/isr\"] fixed no_context (isr::route) { GET cached revalidate(7) };",
            "route \"/mixed\" \"app/mixed/route.rs\" [\"/mixed\"] fixed no_context (mixed::route) { GET, DELETE };",
            "route \"/plain\" \"app/plain/route.rs\" [\"/plain\"] fixed no_context (plain::route) { GET };",
            "route \"/reads\" \"app/reads/route.rs\" [\"/reads\"] fixed context (reads::route) { GET };",
            "route \"/static\" \"app/static/route.rs\" [\"/static\"] fixed no_context (static_::route) { GET cached force_static() };",
            "route \"/zero\" \"app/zero/route.rs\" [\"/zero\"] fixed no_context (zero::route) { GET };",
        ]
    );
    let source: String = source.split_whitespace().collect();
    assert!(
        source.contains("::std::vec![::std::string::String::from(\"/isr\"),::std::string::String::from(\"/static\")]"),
        "{source}"
    );
}

/// Pages take segment config like route files; a layout that reads the request makes
/// the pages below it dynamic (AR210); config in a layout, not-found or metadata file
/// is AR201, never silently ignored.
#[test]
fn page_segment_config_is_honoured_or_reported() {
    let page = |config: &str| {
        format!("{config}\npub async fn page() -> Html<&'static str> {{ Html(\"p\") }}\n")
    };
    let files = [
        ("news/page.rs", page("pub const REVALIDATE: u32 = 60;")),
        ("(dash)/layout.rs", "pub async fn layout(children: Children, h: HeaderMap) -> Html<String> { Html(format!(\"{}{children}\", h.len())) }\n".to_owned()),
        ("(dash)/stats/page.rs", page("pub const REVALIDATE: u32 = 60;")),
        ("(dash)/frozen/page.rs", page("pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let root = tree("page-config", &files);
    let (source, warnings) = Routes::new("app")
        .crate_root(&root)
        .render_with_warnings()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning[AR210]: `app/(dash)/stats/page.rs` is not cached: its layout `app/(dash)/layout.rs` reads the request (`HeaderMap`), so the page is rendered for every request (as in Next.js)\n  --> app/(dash)/stats/page.rs  (URL `/stats`)\n   = help: use `Dynamic::ForceStatic` to cache it rendered with an empty request, or make the layout take only `State`, `RouteContext` and `Path`\n"
        ]
    );
    assert_eq!(
        table(&source),
        [
            "page \"/frozen\" \"app/(dash)/frozen/page.rs\" [\"/frozen\"] fixed no_context (group_dash::frozen) { GET = __app_router_page cached force_static() };",
            "page \"/news\" \"app/news/page.rs\" [\"/news\"] fixed no_context (news::page) { GET = page cached revalidate(60) };",
            "page \"/stats\" \"app/(dash)/stats/page.rs\" [\"/stats\"] fixed no_context (group_dash::stats) { GET = __app_router_page };",
        ]
    );

    let got = report(
        "config-in-layout",
        &[
            (
                "layout.rs",
                "pub const REVALIDATE: u32 = 60;\npub async fn layout(children: Children) -> Html<String> { Html(children.to_string()) }\n",
            ),
            (
                "not-found.rs",
                "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn not_found() -> &'static str { \"gone\" }\n",
            ),
            ("page.rs", &page("")),
        ],
    );
    assert_eq!(
        got,
        "error[AR201]: segment config `REVALIDATE` has no effect in `layout.rs`
  --> app/layout.rs:1:11
   = help: move it to the `page.rs` or `route.rs` it should apply to: only those files take segment config in app-router

error[AR201]: segment config `DYNAMIC` has no effect in `not-found.rs`
  --> app/not-found.rs:1:11
   = help: move it to the `page.rs` or `route.rs` it should apply to: only those files take segment config in app-router

error: could not generate routes from `app/` because of 2 problems"
    );
}

#[test]
fn cache_components_prerender_gets_that_read_nothing() {
    let root = tree(
        "cache-components",
        &[
            ("a/route.rs", GET),
            (
                "b/route.rs",
                "pub async fn GET(h: HeaderMap) -> String { h.len().to_string() }\n",
            ),
            (
                "c/route.rs",
                "pub async fn GET() -> &'static str { \"c\" }\npub async fn POST() {}\n",
            ),
        ],
    );
    let source = Routes::new("app")
        .crate_root(&root)
        .cache_components(true)
        .render()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        table(&source),
        [
            "route \"/a\" \"app/a/route.rs\" [\"/a\"] fixed no_context (a::route) { GET cached };",
            "route \"/b\" \"app/b/route.rs\" [\"/b\"] fixed no_context (b::route) { GET };",
            "route \"/c\" \"app/c/route.rs\" [\"/c\"] fixed no_context (c::route) { GET, POST };",
        ]
    );
}

const SITEMAP: &str = "pub async fn sitemap() -> Vec<()> { Vec::new() }\n";
const ROBOTS: &str = "pub async fn robots() -> () {}\n";
#[test]
fn ar301_metadata_file_and_route_at_one_url() {
    assert_eq!(
        report(
            "ar301",
            &[("robots.rs", ROBOTS), ("robots.txt/route.rs", GET)]
        ),
        "error[AR301]: route handlers and a metadata file both resolve to `/robots.txt`
  --> app/robots.rs  (URL `/robots.txt`)
  --> app/robots.txt/route.rs  (URL `/robots.txt`)
   = help: a metadata file serves its URL by itself (Next.js fails with \"Conflicting route and metadata at /robots.txt\"): keep one of the files

error: could not generate routes from `app/` because of 1 problem"
    );
    assert_eq!(
        codes(
            "ar301-static",
            &[("sitemap.rs", SITEMAP), ("sitemap.xml", "<urlset/>")]
        ),
        [Code::MetadataConflict]
    );
    assert_eq!(
        codes(
            "ar301-page",
            &[
                ("blog/icon.rs", "pub async fn icon() {}\n"),
                ("blog/icon/page.rs", PAGE)
            ]
        ),
        [Code::MetadataConflict]
    );
    // `generate_sitemaps` takes `/sitemap/<id>.xml`: a route at `/sitemap/[id]` would
    // shadow it, one with another parameter name cannot share the position.
    let generated = "pub fn generate_sitemaps() -> Vec<u32> { vec![0] }\npub async fn sitemap(id: u32) -> Vec<()> { Vec::new() }\n";
    assert_eq!(
        codes(
            "ar301-ids",
            &[("sitemap.rs", generated), ("sitemap/[slug]/route.rs", GET)]
        ),
        [Code::ParamNameMismatch]
    );
}

#[test]
fn a_plain_route_named_like_a_metadata_file_works_alone() {
    let root = tree(
        "robots-route",
        &[("robots.txt/route.rs", GET), ("favicon.ico/route.rs", GET)],
    );
    let source = render(&root).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        table(&source),
        [
            "route \"/favicon.ico\" \"app/favicon.ico/route.rs\" [\"/favicon.ico\"] fixed no_context (favicon_ico::route) { GET };",
            "route \"/robots.txt\" \"app/robots.txt/route.rs\" [\"/robots.txt\"] fixed no_context (robots_txt::route) { GET };",
        ],
    );
    assert!(!source.contains("static_files"), "{source}");
}

#[test]
fn ar302_root_only_files_in_a_folder() {
    assert_eq!(
        report(
            "ar302",
            &[
                ("blog/robots.rs", ROBOTS),
                ("blog/favicon.ico", "ico"),
                ("(site)/not-found.rs", "pub async fn not_found() {}\n"),
                ("blog/sitemap.rs", SITEMAP),
            ]
        ),
        // A `not-found.rs` in a folder is the not-found page of the pages below it.
        "error[AR302]: `favicon.ico` only works at the app root
  --> app/blog/favicon.ico
   = help: move it to `app/favicon.ico`; Next.js serves `favicon.ico` from the root only

error[AR302]: `robots.rs` only works at the app root
  --> app/blog/robots.rs
   = help: move it to `app/robots.rs`; Next.js serves `robots.rs` from the root only

error: could not generate routes from `app/` because of 2 problems"
    );
}

/// A tree with one static file of `size` bytes (sparse: nothing is written).
fn sized(name: &str, file: &str, size: u64) -> PathBuf {
    let root = tree(name, &[(file, "")]);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(root.join("app").join(file))
        .unwrap();
    f.set_len(size).unwrap();
    root
}

#[test]
fn ar303_open_graph_and_twitter_size_limits() {
    const MB: u64 = 1024 * 1024;
    let root = sized("ar303-og", "opengraph-image.png", 8 * MB + 1);
    let err = render(&root).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        err,
        "error[AR303]: Open Graph image `app/opengraph-image.png` is 8.00 MB, over the 8 MB limit
  --> app/opengraph-image.png  (URL `/opengraph-image.png`)
   = help: compress or resize it below 8 MB (Next.js fails the build with \"File size for Open Graph image exceeds 8MB\"), or generate it with `opengraph-image.rs`

error: could not generate routes from `app/` because of 1 problem"
    );
    let root = sized("ar303-tw", "blog/twitter-image2.jpg", 5 * MB + 600 * 1024);
    let err = render(&root).unwrap_err();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        err.diagnostics()[0].message,
        "Twitter image `app/blog/twitter-image2.jpg` is 5.59 MB, over the 5 MB limit"
    );
    // Exactly at the limits, and a large icon (no limit): fine.
    for (name, file, size) in [
        ("ar303-og-ok", "opengraph-image.gif", 8 * MB),
        ("ar303-tw-ok", "twitter-image.png", 5 * MB),
        ("ar303-icon", "icon.png", 20 * MB),
    ] {
        let root = sized(name, file, size);
        let result = render(&root);
        let _ = std::fs::remove_dir_all(&root);
        assert!(result.is_ok(), "{file}: {:?}", result.err());
    }
}

#[test]
fn ar304_unsupported_image_extensions() {
    assert_eq!(
        report(
            "ar304",
            &[("icon.webp", "x"), ("favicon.png", "x"), ("icon.md", "notes")]
        ),
        "error[AR304]: `favicon.png` is not served: Next.js serves `favicon` files as `.ico`
  --> app/favicon.png
   = help: `favicon` is `.ico` only: convert it, or name a PNG or SVG icon `icon.png` / `icon.svg`

error[AR304]: `icon.webp` is not served: Next.js serves `icon` files as `.ico`, `.jpg`, `.jpeg`, `.png`, `.svg`
  --> app/icon.webp
   = help: convert it to `.ico`, `.jpg`, `.jpeg`, `.png`, `.svg`, or serve it from `icon.rs` returning `Image::new(\"image/webp\", bytes)`

error: could not generate routes from `app/` because of 2 problems"
    );
}

#[test]
fn ar305_layout_without_children() {
    assert_eq!(
        report(
            "ar305",
            &[
                ("layout.rs", "pub async fn layout(headers: HeaderMap) -> String { String::new() }\n"),
                ("blog/layout.rs", "pub async fn layout() -> String { String::new() }\n"),
                ("page.rs", PAGE),
            ]
        ),
        "error[AR305]: the first argument of `layout` must be `children: Children`
  --> app/blog/layout.rs:1:14
   = help: a layout wraps the HTML of the page below it: `pub async fn layout(children: Children, <extractors>) -> impl IntoResponse`, with `use app_router::prelude::*;`

error[AR305]: the first argument of `layout` must be `children: Children`
  --> app/layout.rs:1:21
   = help: a layout wraps the HTML of the page below it: `pub async fn layout(children: Children, <extractors>) -> impl IntoResponse`, with `use app_router::prelude::*;`

error: could not generate routes from `app/` because of 2 problems"
    );
}

#[test]
fn ar306_too_many_extractors_across_layouts() {
    let args = |n: usize| {
        (0..n)
            .map(|i| format!("a{i}: HeaderMap"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let layout = format!(
        "pub async fn layout(children: Children, {}) -> String {{ String::new() }}\n",
        args(9)
    );
    let page = format!(
        "pub async fn page({}) -> String {{ String::new() }}\n",
        args(8)
    );
    assert_eq!(
        report("ar306", &[("layout.rs", &layout), ("blog/page.rs", &page)]),
        "error[AR306]: `app/blog/page.rs` and its layouts take 17 extractors, more than the 16 one axum handler can take
  --> app/blog/page.rs  (URL `/blog`)
  --> app/layout.rs
   = help: they run as one handler: group extractors into a struct that implements `FromRequestParts`, or take fewer in the layouts

error: could not generate routes from `app/` because of 1 problem"
    );
    let page = format!(
        "pub async fn page({}) -> String {{ String::new() }}\n",
        args(7)
    );
    let root = tree(
        "ar306-ok",
        &[("layout.rs", &layout), ("blog/page.rs", &page)],
    );
    let result = render(&root);
    let _ = std::fs::remove_dir_all(&root);
    assert!(result.is_ok());
}

#[test]
fn metadata_and_layout_files_need_their_function() {
    assert_eq!(
        report(
            "ar006-meta",
            &[
                ("sitemap.rs", "pub async fn Sitemap() {}\n"),
                ("layout.rs", "pub fn helper() {}\n"),
                ("not-found.rs", "pub async fn notFound() {}\n"),
            ]
        ),
        "error[AR006]: `layout.rs` has no `layout` function
  --> app/layout.rs
   = help: add `pub async fn layout(children: Children) -> impl IntoResponse { Html(format!(\"<body>{children}</body>\")) }`

error[AR001]: not_found function `notFound` must be named `not_found`
  --> app/not-found.rs:1:14
   = help: `not-found.rs` defines `pub async fn not_found(...)`

error[AR001]: sitemap function `Sitemap` must be named `sitemap`
  --> app/sitemap.rs:1:14
   = help: `sitemap.rs` defines `pub async fn sitemap(...)`

error: could not generate routes from `app/` because of 3 problems"
    );
}

/// Generated code for metadata files (code and static, in a group, with ids), layouts
/// and the not-found page.
#[test]
fn snapshot_generated_metadata_router() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metadata");
    let source = Routes::new("app").crate_root(&fixture).render().unwrap();
    insta::assert_snapshot!(without_checkout_path(&source, &fixture));
}

/// A route file nested deeper than syn's recursive parser survives: a diagnostic at the
/// first bracket too deep, never a stack overflow that aborts the build script.
#[test]
fn ar112_brackets_nested_too_deep() {
    let parens = format!(
        "pub async fn GET() -> u32 {{ {}1{} }}\n",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    let blocks = format!(
        "pub async fn GET() -> u32 {{ {}1{} }}\n",
        "{".repeat(20_000),
        "}".repeat(20_000)
    );
    let report = report(
        "ar112-deep",
        &[("p/route.rs", &parens), ("b/route.rs", &blocks)],
    );
    assert_eq!(
        report,
        "error[AR112]: brackets nest more than 128 levels deep here
  --> app/b/route.rs:1:156
   = help: split the expression into `let` bindings or helper functions

error[AR112]: brackets nest more than 128 levels deep here
  --> app/p/route.rs:1:156
   = help: split the expression into `let` bindings or helper functions

error: could not generate routes from `app/` because of 2 problems"
    );
    // 128 levels (the body and 127 blocks, with a word that makes the build script
    // walk the whole syntax tree again) parse on a 2 MiB test thread.
    let fine = format!(
        "pub async fn GET() -> u32 {{ {}let cookies = 1; cookies{} }}\n",
        "{".repeat(127),
        "}".repeat(127)
    );
    let root = tree("ar112-fine", &[("p/route.rs", &fine)]);
    let rendered = render(&root);
    let _ = std::fs::remove_dir_all(&root);
    assert!(rendered.is_ok(), "{:?}", rendered.err());
}

/// A FIFO named `route.rs` would block `read_to_string` forever: a diagnostic instead.
#[cfg(unix)]
#[test]
fn ar111_fifo_named_route_rs() {
    let root = tree("ar111-fifo", &[("ok/route.rs", GET)]);
    std::fs::create_dir_all(root.join("app/pipe")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("app/pipe/route.rs"))
        .status()
        .unwrap();
    assert!(status.success());
    let report = render(&root)
        .expect_err("a FIFO is no route file")
        .to_string();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        report,
        "error[AR111]: cannot read `app/pipe/route.rs`: not a regular file
  --> app/pipe/route.rs
   = help: files that routing uses must be readable; route files must be UTF-8 text

error: could not generate routes from `app/` because of 1 problem"
    );
}

/// 1,500 nested folders: one diagnostic at level 65, in linear time, no huge output.
#[test]
fn ar114_folders_nested_too_deep() {
    let deep = "d/".repeat(1_500);
    let file = format!("{deep}route.rs");
    let report = report("ar114", &[(file.as_str(), GET), ("ok/route.rs", GET)]);
    let at = "/d".repeat(65);
    assert_eq!(
        report,
        format!(
            "error[AR114]: folders nest more than 64 levels below the app folder
  --> app{at}
   = help: a URL this deep is not a route: flatten the folders, or use a catch-all `[...path]`

error: could not generate routes from `app/` because of 1 problem"
        )
    );
    // 64 levels build.
    let fine = "d/".repeat(64);
    let file = format!("{fine}route.rs");
    let root = tree("ar114-fine", &[(file.as_str(), GET)]);
    let rendered = render(&root);
    let _ = std::fs::remove_dir_all(&root);
    assert!(rendered.is_ok(), "{:?}", rendered.err());
}

/// axum's router names at most 26 parameters and panics at start-up beyond: a build error.
#[test]
fn ar113_too_many_params() {
    let params: String = (0..27).map(|i| format!("[p{i}]/")).collect();
    let file = format!("{params}route.rs");
    let report = report("ar113", &[(file.as_str(), GET)]);
    let url: String = (0..27).map(|i| format!("/[p{i}]")).collect();
    assert_eq!(
        report,
        format!(
            "error[AR113]: 27 parameters in one URL, more than the 26 axum's router can hold
  --> app/{file}  (URL `{url}`)
   = help: take the trailing segments as one catch-all `[...rest]` and split it in the handler

error: could not generate routes from `app/` because of 1 problem"
        )
    );
    assert_eq!(
        codes("ar113-code", &[(file.as_str(), GET)]),
        [Code::TooManyParams]
    );
}

/// `[id]` beside `[...rest]` (and `[[...rest]]`), at the root, in a folder and across a
/// route group: registered so that axum's router accepts them.
#[test]
fn catch_all_beside_param_is_registered_below_the_param() {
    let root = tree(
        "beside",
        &[
            ("a/[id]/route.rs", GET),
            ("a/[...rest]/route.rs", GET),
            ("(g)/b/[id]/edit/route.rs", GET),
            ("b/[[...rest]]/route.rs", GET),
            ("[slug]/route.rs", GET),
            ("(g)/[...all]/route.rs", GET),
            ("café/route.rs", GET),
        ],
    );
    let source = render(&root).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let mut paths: Vec<&str> = table(&source)
        .iter()
        .flat_map(|line| {
            let start = line.find(" [\"").unwrap() + 2;
            let patterns = &line[start..start + line[start..].find("] ").unwrap()];
            patterns.split(", ").map(|p| p.trim_matches('"'))
        })
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/a/{id}",
            "/a/{id}/{*rest}",
            "/b",
            "/b/{id}",
            "/b/{id}/edit",
            "/b/{id}/{*rest}",
            "/caf%C3%A9",
            "/{slug}",
            "/{slug}/{*all}",
        ]
    );
}

/// The request context of `cookies()`/`headers()`: per file by default; on every route
/// when a helper under `src/` calls one of them (so it works wherever it is awaited);
/// as set when `request_context` is given.
#[test]
fn request_context_follows_helpers_that_call_cookies() {
    let files = [
        ("a/route.rs", GET),
        (
            "b/route.rs",
            "pub async fn GET() -> String { app_router::headers().map(|h| h.len()).unwrap_or(0).to_string() }\n",
        ),
    ];
    let root = tree("request-context", &files);
    let contexts = |routes: Routes| {
        let source = routes.render().unwrap();
        table(&source)
            .iter()
            .map(|line| line.split(' ').nth(5).unwrap().to_owned())
            .collect::<Vec<String>>()
    };
    let per_file = ["no_context", "context"];
    let everywhere = ["context", "context"];
    assert_eq!(contexts(Routes::new("app").crate_root(&root)), per_file);

    // A helper in `src/` that calls `cookies()`; `request.cookies()` would not count.
    std::fs::create_dir_all(root.join("src/auth")).unwrap();
    std::fs::write(
        root.join("src/auth/mod.rs"),
        "pub fn theme(r: &NextRequest) -> bool { r.cookies().has(\"t\") }\n",
    )
    .unwrap();
    assert_eq!(contexts(Routes::new("app").crate_root(&root)), per_file);
    std::fs::write(
        root.join("src/auth/session.rs"),
        "pub async fn require_user() -> Result<String, HandlerError> {\n    let jar = app_router::cookies()?;\n    jar.get(\"session\").ok_or_else(|| HandlerError::msg(\"no session\"))\n}\n",
    )
    .unwrap();
    assert_eq!(contexts(Routes::new("app").crate_root(&root)), everywhere);
    assert_eq!(
        contexts(Routes::new("app").crate_root(&root).request_context(false)),
        per_file
    );
    std::fs::remove_dir_all(root.join("src")).unwrap();
    assert_eq!(
        contexts(Routes::new("app").crate_root(&root).request_context(true)),
        everywhere
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// A tree with problems fails soft: `generate` writes a file with a `compile_error!`
/// per problem (so the build still fails with every code) and the module of every
/// route file that parses, so rustc and rust-analyzer keep checking them; a file that
/// does not parse is left out; the router is empty. `render` still returns the errors.
#[test]
fn a_tree_with_errors_still_generates_its_modules() {
    let files = [
        ("blog/[a]/route.rs", GET),
        ("blog/[b]/x/route.rs", GET),
        ("docs/[..x]/route.rs", GET),
        ("broken/route.rs", "pub async fn GET( {\n"),
        (
            "users/[id]/route.rs",
            "use super::RouteContext;\npub async fn GET(ctx: RouteContext) -> String { ctx.params.id }\n",
        ),
    ];
    let root = tree("fail-soft", &files);
    let out = root.join("out/routes.rs");
    Routes::new("app")
        .crate_root(&root)
        .out_file(&out)
        .generate()
        .expect("problems in the tree are reported through the generated file");
    let source = std::fs::read_to_string(&out).unwrap();
    let err = render(&root).unwrap_err();
    let _ = std::fs::remove_dir_all(&root);
    let codes: Vec<&str> = err.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["AR108", "AR112", "AR103"]);
    let compile_errors: Vec<&str> = source
        .lines()
        .filter(|l| l.trim_start().starts_with("\"["))
        .map(|l| l.trim().split(']').next().unwrap_or_default())
        .collect();
    assert_eq!(
        compile_errors,
        ["\"[AR108", "\"[AR112", "\"[AR103"],
        "{source}"
    );
    assert_eq!(
        source.matches("::core::compile_error!(").count(),
        4,
        "{source}"
    );
    assert!(
        source.contains("because of 3 problems (listed above)"),
        "{source}"
    );
    // Top-level modules name the app folder absolutely; nested ones are relative.
    let blog = format!(
        "#[path = {:?}]",
        format!("{}/blog", root.join("app").display())
    );
    assert!(source.contains(&blog), "{source}");
    // Every file that parses is a module with its typed context; the broken one is not.
    for folder in ["[a]", "[b]", "x", "[id]"] {
        assert!(
            source.contains(&format!("#[path = {folder:?}]")),
            "{folder}: {source}"
        );
    }
    assert_eq!(
        source.matches("#[path = \"route.rs\"]").count(),
        3,
        "{source}"
    );
    assert!(
        source.contains("::app_router::__params!(\"/users/[id]\""),
        "{source}"
    );
    assert!(
        source.contains("pub static ROUTES: &[::app_router::RouteInfo] = &[];"),
        "{source}"
    );
    assert!(source.contains("pub fn router()"), "{source}");
}

/// AR008: argument types that can never be extractors, found at build time on the
/// user's line; types that may be extractors are left to rustc.
#[test]
fn arguments_that_are_never_extractors_are_ar008() {
    let files = [(
        "a/route.rs",
        "pub async fn GET(a: Option<u32>, b: &str, c: (u8, u8), d: [u8; 4]) -> String { String::new() }\npub async fn POST(ok: Option<Json<u8>>, s: String, h: HeaderMap, r: Result<Query<X>, E>) {}\npub async fn PUT(n: Result<i64, String>) {}\n",
    )];
    let root = tree("ar008", &files);
    let err = render(&root).unwrap_err();
    let _ = std::fs::remove_dir_all(&root);
    let found: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| format!("{} {} {}", d.code.as_str(), d.locations[0], d.message))
        .collect();
    assert_eq!(
        found,
        [
            "AR008 app/a/route.rs:1:28 argument `a` of handler `GET` has type `u32`, which is never an axum extractor",
            "AR008 app/a/route.rs:1:37 argument `b` of handler `GET` has type `&str`, which is never an axum extractor",
            "AR008 app/a/route.rs:1:46 argument `c` of handler `GET` has type `(u8, u8)`, which is never an axum extractor",
            "AR008 app/a/route.rs:1:59 argument `d` of handler `GET` has type `[u8; 4]`, which is never an axum extractor",
            "AR008 app/a/route.rs:3:28 argument `n` of handler `PUT` has type `i64`, which is never an axum extractor",
        ]
    );
}

/// Every rule's code has its row in the README's error table.
#[test]
fn every_code_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !readme.contains(&format!("\n| {code} |")))
        .collect();
    assert_eq!(missing, Vec::<&str>::new());
}

/// Every mistake in a `middleware.rs` or `proxy.rs`, reported in one build at the
/// user's token, with the fix; a `middleware.rs` in a private folder is not routing's.
#[test]
fn ar401_ar402_ar403_middleware_and_proxy_mistakes() {
    let get = "pub async fn GET() -> &'static str { \"ok\" }\n";
    assert_eq!(
        report(
            "ar4xx",
            &[
                ("route.rs", get),
                ("none/middleware.rs", "pub fn helper() {}\n"),
                ("none/route.rs", get),
                (
                    "both/middleware.rs",
                    "pub async fn middleware(r: Request, next: Next) -> Response { next.run(r).await }\npub fn layer() -> L { L }\n",
                ),
                ("both/route.rs", get),
                (
                    "no-next/middleware.rs",
                    "pub async fn middleware(request: Request) -> Response { todo!() }\n",
                ),
                ("no-next/route.rs", get),
                (
                    "sync/middleware.rs",
                    "pub fn middleware(r: Request, next: Next) -> Response { todo!() }\n",
                ),
                ("sync/route.rs", get),
                ("bad-layer/middleware.rs", "pub async fn layer(x: u32) -> L { L }\n"),
                ("bad-layer/route.rs", get),
                ("_private/middleware.rs", "not even rust {\n"),
                ("nested/proxy.rs", "pub async fn proxy(r: NextRequest) -> NextResponse { NextResponse::next() }\n"),
                ("nested/route.rs", get),
                (
                    "proxy.rs",
                    "pub const MATCHER: &[&str] = &[\"/ok/:path*\", \"api\", \"/api/(.*)\"];\npub async fn proxy() -> NextResponse { NextResponse::next() }\n",
                ),
            ]
        ),
        "error[AR402]: `layer` must not be `async`
  --> app/bad-layer/middleware.rs:1:14
   = help: write `pub fn layer() -> impl Layer`: it returns the tower layer once, when the router is built

error[AR402]: `layer` takes no arguments
  --> app/bad-layer/middleware.rs:1:20
   = help: write `pub fn layer() -> CorsLayer` (any tower layer); read configuration inside it, or use a `middleware` function to read the app state

error[AR401]: `middleware.rs` defines both `middleware` and `layer`
  --> app/both/middleware.rs:2:8
   = help: keep one: a folder has one middleware; put the other in a `middleware.rs` of a parent or child folder, or combine layers with `tower::ServiceBuilder` in `layer()`

error[AR302]: `proxy.rs` only works at the app root
  --> app/nested/proxy.rs
   = help: move it to `app/proxy.rs` (one proxy runs before routing for the whole app, as Next.js' `proxy.ts`); to wrap the routes of one folder, name the file `middleware.rs`

error[AR402]: `middleware` takes the request and then `next: Next`
  --> app/no-next/middleware.rs:1:25
   = help: write `pub async fn middleware(request: Request, next: Next) -> Response`, as for axum's `middleware::from_fn`; extractors (`State<T>`, `HeaderMap`, ...) may come before `request`, and `next.run(request).await` runs the route

error[AR006]: `middleware.rs` has neither a `middleware` nor a `layer` function
  --> app/none/middleware.rs
   = help: add `pub async fn middleware(request: Request, next: Next) -> Response { next.run(request).await }`, or `pub fn layer() -> impl Layer` returning a tower layer (`tower_http::cors::CorsLayer::permissive()`)

error[AR402]: `proxy` takes one argument, the request
  --> app/proxy.rs:2:14
   = help: write `pub async fn proxy(request: NextRequest) -> NextResponse`

error[AR403]: matcher pattern \"api\" does not start with `/`
  --> app/proxy.rs:1:46
   = help: supported: literal segments (`/about`), `:name` (one segment), `:name?` (zero or one), `:name*` (any number), `:name+` (one or more), and the whole-pattern exclusion `/((?!api|_next/static|favicon.ico).*)`

error[AR403]: matcher pattern \"/api/(.*)\" uses syntax app-router does not support in `(.*)`
  --> app/proxy.rs:1:53
   = help: supported: literal segments (`/about`), `:name` (one segment), `:name?` (zero or one), `:name*` (any number), `:name+` (one or more), and the whole-pattern exclusion `/((?!api|_next/static|favicon.ico).*)`

error[AR002]: middleware function `middleware` must be `async`
  --> app/sync/middleware.rs:1:5
   = help: write `pub async fn middleware(...)`

error: could not generate routes from `app/` because of 10 problems"
    );
    assert_eq!(
        codes(
            "ar403-expr",
            &[(
                "proxy.rs",
                "const A: &str = \"/a\";\npub const MATCHER: &[&str] = &[A];\npub async fn proxy(r: NextRequest) -> NextResponse { NextResponse::next() }\n"
            )]
        ),
        [Code::InvalidMatcher]
    );
}

/// `Routes::openapi(true)` puts handler docs and typed-argument arities in the table
/// (route files only); without it the table carries nothing for OpenAPI.
#[test]
fn openapi_descriptions_only_when_asked() {
    let files = [
        (
            "users/route.rs",
            "/// Lists users.\n///\n/// All of them.\npub async fn GET(Query(q): Query<Q>, h: HeaderMap) -> Json<Vec<U>> { todo!() }\npub async fn POST(Json(u): Json<U>) -> StatusCode { todo!() }\n",
        ),
        (
            "page.rs",
            "/// Home.\npub async fn page() -> Html<&'static str> { Html(\"\") }\n",
        ),
    ];
    let root = tree("openapi", &files);
    let off = render(&root).unwrap();
    let on = Routes::new("app")
        .crate_root(&root)
        .openapi(true)
        .render()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let line = |source: &str, start: &str| {
        source
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or("<none>")
            .trim()
            .to_owned()
    };
    assert_eq!(
        line(&off, "route \"/users\""),
        "route \"/users\" \"app/users/route.rs\" [\"/users\"] fixed no_context (users::route) { GET, POST };"
    );
    assert_eq!(line(&off, "@openapi"), "<none>");
    assert_eq!(
        line(&on, "route \"/users\""),
        "route \"/users\" \"app/users/route.rs\" [\"/users\"] fixed no_context (users::route) { GET args(2) doc \"Lists users.\\n\\nAll of them.\", POST args(1) };"
    );
    assert_eq!(line(&on, "page \"/\""), line(&off, "page \"/\""));
    assert_eq!(line(&on, "@openapi"), "@openapi on;");
}

/// `connection()` (Next.js `await connection()`): the `GET` is never cached, with an
/// AR210 warning when config asked for caching, AR203 under `Dynamic::Error`, and
/// Cache Components does not prerender it; the request context is not installed for it.
#[test]
fn connection_marks_a_get_as_request_time() {
    let now = "pub async fn GET() -> String { app_router::connection().await; format!(\"{:?}\", std::time::SystemTime::now()) }\n";
    let isr = format!("pub const REVALIDATE: u32 = 60;\n{now}");
    let root = tree(
        "connection",
        &[("isr/route.rs", &isr), ("plain/route.rs", now)],
    );
    let (source, warnings) = Routes::new("app")
        .crate_root(&root)
        .render_with_warnings()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    // Cache Components prerenders a `GET` that reads nothing: not this one.
    let only = tree("connection-cc", &[("plain/route.rs", now)]);
    let auto = Routes::new("app")
        .crate_root(&only)
        .cache_components(true)
        .render()
        .unwrap();
    let _ = std::fs::remove_dir_all(&only);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning[AR210]: `GET` is not cached: it reads the request (`connection()`), so it is rendered for every request (as in Next.js)\n  --> app/isr/route.rs  (URL `/isr`)\n   = help: use `Dynamic::ForceStatic` to cache it rendered with an empty request, or take only `State`, `RouteContext` and `Path`\n"
        ]
    );
    let expected = [
        "route \"/isr\" \"app/isr/route.rs\" [\"/isr\"] fixed no_context (isr::route) { GET };",
        "route \"/plain\" \"app/plain/route.rs\" [\"/plain\"] fixed no_context (plain::route) { GET };",
    ];
    assert_eq!(table(&source), expected);
    assert_eq!(table(&auto), expected[1..]);
    let error = format!("pub const DYNAMIC: Dynamic = Dynamic::Error;\n{now}");
    assert_eq!(
        codes("connection-error", &[("e/route.rs", &error)]),
        [Code::StaticReadsRequest]
    );
}

/// `draft_mode()` reads the request (its cookie) like `cookies()`: the request context
/// is installed, a cached `GET` that calls it is rendered per request (AR210), and
/// `draft_mode()?.enable()` in a cached `GET` sets a cookie (AR211 when cached anyway).
#[test]
fn draft_mode_reads_the_request_and_enable_sets_a_cookie() {
    let read = "pub const REVALIDATE: u32 = 60;\npub async fn GET() -> Result<String, HandlerError> { Ok(app_router::draft_mode()?.is_enabled().to_string()) }\n";
    let enable = "pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;\npub async fn GET() -> Result<String, HandlerError> { app_router::draft_mode()?.enable(); Ok(String::new()) }\n";
    let root = tree(
        "draft-mode",
        &[("read/route.rs", read), ("enable/route.rs", enable)],
    );
    let (source, warnings) = Routes::new("app")
        .crate_root(&root)
        .render_with_warnings()
        .unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let codes: Vec<String> = warnings
        .iter()
        .map(|w| w.to_string().lines().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "warning[AR211]: this cached `GET` sets a cookie: a response with `Set-Cookie` is served to its requester uncached and never stored, so one visitor's cookie never reaches another",
            "warning[AR210]: `GET` is not cached: it reads the request (`cookies()`/`headers()`/`draft_mode()`), so it is rendered for every request (as in Next.js)",
        ]
    );
    assert!(
        table(&source).contains(&"route \"/read\" \"app/read/route.rs\" [\"/read\"] fixed context (read::route) { GET };"),
        "{source}"
    );
}

/// `instrumentation.rs`: root only (AR302), `register` without arguments and
/// `on_request_error` with three (AR404), at least one of them (AR006), a camelCase
/// name is AR008; the table names the functions it found.
#[test]
fn instrumentation_is_checked_and_listed_in_the_table() {
    let route = "pub async fn GET() -> &'static str { \"ok\" }\n";
    let good = "pub async fn register() {}\npub async fn on_request_error(error: RequestError, request: ErrorRequest, context: ErrorContext) {}\n";
    let root = tree(
        "instrumentation-ok",
        &[("route.rs", route), ("instrumentation.rs", good)],
    );
    let source = Routes::new("app").crate_root(&root).render().unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert!(
        source.contains("    @instrumentation (instrumentation) register on_request_error;\n"),
        "{source}"
    );
    let only =
        "pub async fn on_request_error(e: RequestError, r: ErrorRequest, c: ErrorContext) {}\n";
    let root = tree(
        "instrumentation-one",
        &[("route.rs", route), ("instrumentation.rs", only)],
    );
    let source = Routes::new("app").crate_root(&root).render().unwrap();
    let _ = std::fs::remove_dir_all(&root);
    assert!(
        source.contains("    @instrumentation (instrumentation) on_request_error;\n"),
        "{source}"
    );

    assert_eq!(
        codes(
            "instrumentation-nested",
            &[("route.rs", route), ("api/instrumentation.rs", good)]
        ),
        [Code::NotAtRoot]
    );
    let bad =
        "pub async fn register(x: u32) {}\npub async fn on_request_error(error: RequestError) {}\n";
    assert_eq!(
        codes(
            "instrumentation-signature",
            &[("route.rs", route), ("instrumentation.rs", bad)]
        ),
        [
            Code::InstrumentationSignature,
            Code::InstrumentationSignature
        ]
    );
    assert_eq!(
        codes(
            "instrumentation-empty",
            &[
                ("route.rs", route),
                ("instrumentation.rs", "pub fn helper() {}\n")
            ]
        ),
        [Code::NoHandler]
    );
    assert_eq!(
        codes(
            "instrumentation-camel",
            &[
                ("route.rs", route),
                (
                    "instrumentation.rs",
                    "pub async fn onRequestError(e: RequestError, r: ErrorRequest, c: ErrorContext) {}\n"
                )
            ]
        ),
        [Code::MisnamedHandler]
    );
}
