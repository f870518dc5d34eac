//! The paths each served route is registered at in axum's router (matchit), chosen so
//! that every table that passes the checks inserts without a conflict and matches as
//! Next.js does: static, then `[x]`, then `[...x]`, then `[[...x]]`, at every level.
//!
//! matchit holds one wildcard per position: `/a/{id}` and `/a/{*rest}` conflict, though
//! Next.js serves `app/a/[id]` beside `app/a/[...rest]`. Static segments already fall
//! back to the wildcard beside them (matchit backtracks), so only a catch-all beside a
//! parameter needs help: it is registered *below* the parameter instead, at every path
//! the parameter's own routes leave free. For `app/a/[id]/route.rs` beside
//! `app/a/[...rest]/route.rs` that is `/a/{id}` (taken by `[id]`, skipped) and
//! `/a/{id}/{*rest}`: `/a/1` is `[id]`, `/a/1/2` is `[...rest]`. The catch-all reads its
//! values from the request path by position, so where it is registered changes nothing
//! in `ctx.params`.

use std::collections::BTreeMap;

use crate::model::{Route, Segment};
use crate::segment::field_name;

/// matchit names at most 26 parameters in one path (`a` to `z`) and panics beyond.
pub(crate) const MAX_PARAMS: usize = 26;

/// A position of the URL tree.
#[derive(Default)]
struct Node {
    statics: BTreeMap<String, usize>,
    /// The parameter after this position (one name: AR103), and its node.
    param: Option<(String, usize)>,
    /// A catch-all (`[...x]` or `[[...x]]`) is registered after this position.
    catch_all: bool,
    /// A route is registered at exactly this position.
    value: bool,
}

/// The URL tree of the served routes, as matchit will hold it.
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn child(&mut self, at: usize, segment: &Segment) -> usize {
        let next = self.nodes.len();
        let slot = match segment {
            Segment::Static(s) => *self.nodes[at]
                .statics
                .entry(encode_static(s))
                .or_insert(next),
            _ => {
                let name = capture_name(segment);
                self.nodes[at].param.get_or_insert((name, next)).1
            }
        };
        if slot == next {
            self.nodes.push(Node::default());
        }
        slot
    }
}

/// The name of a capture in an axum path: the field name of the parameter.
fn capture_name(segment: &Segment) -> String {
    match segment {
        Segment::MetadataId { .. } => crate::model::METADATA_ID.to_owned(),
        _ => segment
            .param_name()
            .and_then(|n| field_name(n).ok())
            .unwrap_or_default()
            .trim_start_matches("r#")
            .to_owned(),
    }
}

/// The axum paths of every route in `served`, in its order: one for most routes, two
/// for `[[...x]]` (the parent path too), and those of a catch-all beside a parameter.
pub(crate) fn paths(served: &[&Route]) -> Vec<Vec<String>> {
    let mut tree = Tree {
        nodes: vec![Node::default()],
    };
    // Where each route ends: its node, and its catch-all's capture name, if any.
    let mut ends = Vec::with_capacity(served.len());
    for route in served {
        let mut at = 0;
        let mut catch_all = None;
        for segment in route.url_segments() {
            match segment {
                Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => {
                    tree.nodes[at].catch_all = true;
                    if matches!(segment, Segment::OptionalCatchAll(_)) {
                        tree.nodes[at].value = true;
                    }
                    catch_all = Some(capture_name(segment));
                    // A catch-all is the last segment (AR105).
                    break;
                }
                _ => at = tree.child(at, segment),
            }
        }
        if catch_all.is_none() {
            tree.nodes[at].value = true;
        }
        ends.push((at, catch_all));
    }
    served
        .iter()
        .zip(ends)
        .map(|(route, (node, catch_all))| {
            let segments: Vec<&Segment> = route.url_segments().collect();
            let Some(name) = catch_all else {
                return vec![axum_path(&segments)];
            };
            let parent = axum_path(&segments[..segments.len() - 1]);
            let mut paths = Vec::new();
            if matches!(segments.last(), Some(Segment::OptionalCatchAll(_))) {
                paths.push(parent.clone());
            }
            place_catch_all(&tree, node, parent, &name, &mut paths);
            paths
        })
        .collect()
}

/// Registers a catch-all named `name` after `node` (reached by the axum path
/// `prefix`): right there, unless a parameter holds the position; then at the
/// parameter's node if no route is there, and after it, the same way, unless a
/// catch-all of its own (more specific) covers everything below it.
fn place_catch_all(
    tree: &Tree,
    mut node: usize,
    prefix: String,
    name: &str,
    out: &mut Vec<String>,
) {
    let mut prefix = if prefix == "/" { String::new() } else { prefix };
    while let Some((param, below)) = &tree.nodes[node].param {
        prefix = format!("{prefix}/{{{param}}}");
        if !tree.nodes[*below].value {
            out.push(prefix.clone());
        }
        if tree.nodes[*below].catch_all {
            return;
        }
        node = *below;
    }
    // A name already taken by a parameter before it stays unique.
    let taken = prefix.contains(&format!("{{{name}}}"));
    let tail = if taken {
        format!("__{name}")
    } else {
        name.to_owned()
    };
    out.push(format!("{prefix}/{{*{tail}}}"));
}

/// `/api/users/{id}`, `/api/files/{*path}`, `/caf%C3%A9`: static segments as browsers
/// send them.
pub(crate) fn axum_path(segments: &[&Segment]) -> String {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        match segment {
            // Braces are percent-encoded: nothing to escape for matchit.
            Segment::Static(s) => path.push_str(&encode_static(s)),
            Segment::Param(_) | Segment::MetadataId { .. } => {
                path.push_str(&format!("{{{}}}", capture_name(segment)));
            }
            Segment::CatchAll(_) | Segment::OptionalCatchAll(_) => {
                path.push_str(&format!("{{*{}}}", capture_name(segment)));
            }
            Segment::Group(_) | Segment::Slot(_) => {}
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}

/// A static URL segment as a browser sends it in a request path (the WHATWG URL
/// path percent-encode set, upper-case hex): `café` → `caf%C3%A9`, `a b` → `a%20b`.
/// A `%` that starts an escape (`%20`) is kept as written; a lone `%` is encoded.
pub(crate) fn encode_static(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = String::with_capacity(segment.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_start = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let encode = match b {
            b'%' => !escape_start,
            0..=0x20 | 0x7F..=0xFF => true,
            b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' => true,
            _ => false,
        };
        if encode {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use proptest::prelude::*;

    use super::encode_static;
    use crate::model::{Route, Segment};

    /// Folder kinds of a random tree; parameter names follow the URL position, so
    /// trees rarely break AR103.
    const FOLDERS: [&str; 8] = ["a", "b", "café", "[p]", "[...c]", "[[...o]]", "(g)", "(h)"];

    /// Request segments: as sent (encoded) and as decoded.
    const REQUEST: [(&str, &str); 5] = [
        ("a", "a"),
        ("b", "b"),
        ("1", "1"),
        ("2", "2"),
        ("caf%C3%A9", "café"),
    ];

    /// The folders of one file, each a [`FOLDERS`] index; a catch-all ends the path.
    fn folders(picks: &[usize]) -> Vec<String> {
        let mut out = Vec::new();
        let mut position = 0;
        for &pick in picks {
            let name = FOLDERS[pick];
            let named = |open: &str, close: &str| {
                format!(
                    "{open}{}{position}{close}",
                    &name[open.len()..name.len() - close.len()]
                )
            };
            let (folder, ends) = match name {
                "[p]" => (named("[", "]"), false),
                "[...c]" => (named("[...", "]"), true),
                "[[...o]]" => (named("[[...", "]]"), true),
                _ => (name.to_owned(), false),
            };
            if !name.starts_with('(') {
                position += 1;
            }
            out.push(folder);
            if ends {
                break;
            }
        }
        out
    }

    /// Next.js' order (`getSortedRoutes`): position by position, static before `[x]`
    /// before `[...x]` before `[[...x]]`, and a route before the routes below it.
    fn next_order(a: &[&Segment], b: &[&Segment]) -> std::cmp::Ordering {
        for (x, y) in a.iter().zip(b) {
            let order = x
                .rank()
                .cmp(&y.rank())
                .then_with(|| x.notation().cmp(&y.notation()));
            if order.is_ne() {
                return order;
            }
        }
        a.len().cmp(&b.len())
    }

    /// Whether the URL pattern matches the decoded request segments.
    fn matches(pattern: &[&Segment], request: &[&str]) -> bool {
        match pattern.split_first() {
            None => request.is_empty(),
            Some((Segment::CatchAll(_), _)) => !request.is_empty(),
            Some((Segment::OptionalCatchAll(_), _)) => true,
            Some((segment, rest)) => match request.split_first() {
                None => false,
                Some((first, others)) => {
                    let here = match segment {
                        Segment::Static(s) => s == first,
                        _ => true,
                    };
                    here && matches(rest, others)
                }
            },
        }
    }

    /// The route Next.js serves a request with: the first match in its order.
    fn next_match(served: &[&Route], request: &[&str]) -> Option<usize> {
        let patterns: Vec<Vec<&Segment>> =
            served.iter().map(|r| r.url_segments().collect()).collect();
        let mut order: Vec<usize> = (0..served.len()).collect();
        order.sort_by(|&a, &b| next_order(&patterns[a], &patterns[b]));
        order.into_iter().find(|&i| matches(&patterns[i], request))
    }

    static TREES: AtomicUsize = AtomicUsize::new(0);

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, max_global_rejects: 4096, ..ProptestConfig::default() })]

        /// Random valid trees: every generated path inserts into matchit (what axum's
        /// `Router::route` panics on), the whole file renders, and every request of up
        /// to four segments reaches the route Next.js would serve it with.
        #[test]
        fn valid_trees_insert_and_match_like_nextjs(
            files in prop::collection::vec(
                (prop::collection::vec(0..FOLDERS.len(), 0..5), any::<bool>()),
                1..8,
            )
        ) {
            let n = TREES.fetch_add(1, Ordering::Relaxed);
            let root = std::env::temp_dir()
                .join(format!("app-router-matcher-{}-{n}", std::process::id()));
            for (picks, page) in &files {
                let mut path = root.join("app");
                for folder in folders(picks) {
                    path.push(folder);
                }
                std::fs::create_dir_all(&path).unwrap();
                let (name, text) = if *page {
                    ("page.rs", "pub async fn page() -> &'static str { \"p\" }\n")
                } else {
                    ("route.rs", "pub async fn GET() -> &'static str { \"r\" }\n")
                };
                std::fs::write(path.join(name), text).unwrap();
            }
            let analyzed = crate::analyze(&root.join("app"), "app", false).into_result();
            let _ = std::fs::remove_dir_all(&root);
            prop_assume!(analyzed.is_ok());
            let Ok((routes, _)) = analyzed else { unreachable!() };

            let source = crate::generate::Tree::new(&routes, "app", "/app").render();
            prop_assert!(source.contains("::app_router::__routes!"), "no route table");

            let served: Vec<&Route> = routes.iter().filter(|r| r.kind.served()).collect();
            let mut router = matchit::Router::new();
            for (i, paths) in super::paths(&served).into_iter().enumerate() {
                for path in paths {
                    prop_assert!(source.contains(&format!("{path:?}")), "{path} not registered");
                    if let Err(err) = router.insert(path.clone(), i) {
                        return Err(TestCaseError::fail(format!("`{path}` of {}: {err}", served[i].display)));
                    }
                }
            }

            let mut requests: Vec<Vec<usize>> = vec![Vec::new()];
            for len in 1..=4 {
                let previous: Vec<Vec<usize>> = requests.iter().filter(|r| r.len() == len - 1).cloned().collect();
                for r in previous {
                    for s in 0..REQUEST.len() {
                        let mut next = r.clone();
                        next.push(s);
                        requests.push(next);
                    }
                }
            }
            for request in requests {
                let sent: String = request.iter().map(|&s| format!("/{}", REQUEST[s].0)).collect();
                let sent = if sent.is_empty() { "/".to_owned() } else { sent };
                let decoded: Vec<&str> = request.iter().map(|&s| REQUEST[s].1).collect();
                let got = router.at(&sent).ok().map(|m| *m.value);
                let want = next_match(&served, &decoded);
                prop_assert_eq!(
                    got.map(|i| &served[i].display),
                    want.map(|i| &served[i].display),
                    "request {}", sent
                );
            }
        }
    }

    #[test]
    fn static_segments_as_browsers_send_them() {
        assert_eq!(encode_static("users"), "users");
        assert_eq!(encode_static("café"), "caf%C3%A9");
        assert_eq!(encode_static("a b"), "a%20b");
        assert_eq!(encode_static("a%20b"), "a%20b");
        assert_eq!(encode_static("100%"), "100%25");
        assert_eq!(encode_static("q?#"), "q%3F%23");
        assert_eq!(encode_static("{x}"), "%7Bx%7D");
        assert_eq!(encode_static("robots.txt"), "robots.txt");
        assert_eq!(encode_static("a(b)!'*,;=:@+$&"), "a(b)!'*,;=:@+$&");
    }
}
