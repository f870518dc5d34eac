//! Folder name → [`Segment`], with the Next.js rules and their error messages, and
//! the Rust names (fields and modules) derived from folder names.

use crate::model::Segment;

/// A folder name that is not a valid segment: what is wrong and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SegmentError {
    pub(crate) code: crate::Code,
    pub(crate) message: String,
    pub(crate) help: String,
}

fn malformed(message: String, help: impl Into<String>) -> SegmentError {
    SegmentError {
        code: crate::Code::MalformedSegment,
        message,
        help: help.into(),
    }
}

/// Parses one folder name.
pub(crate) fn parse(name: &str) -> Result<Segment, SegmentError> {
    // `(marketing)`: a route group.
    if let Some(inner) = name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        if inner.is_empty() || inner.contains(['(', ')']) {
            return Err(malformed(
                format!("route group `{name}` has no name"),
                "name the group: `(marketing)`",
            ));
        }
        return Ok(Segment::Group(inner.to_owned()));
    }
    // `(.)photo`, `(..)photo`, `(...)photo`: intercepting routes, a page-only concept.
    if name.starts_with('(') {
        return Err(malformed(
            format!("intercepting route `{name}` is not supported"),
            "intercepting routes only make sense for client-side navigation; use a plain folder",
        ));
    }
    // `@modal`: a parallel-route slot.
    if let Some(slot) = name.strip_prefix('@') {
        if slot.is_empty() {
            return Err(malformed(
                "slot `@` has no name".to_owned(),
                "name the slot: `@modal`",
            ));
        }
        return Ok(Segment::Slot(slot.to_owned()));
    }
    if name.contains('…') {
        return Err(malformed(
            format!("folder `{name}` uses the character `…`"),
            format!("write three dots: `{}`", name.replace('…', "...")),
        ));
    }
    if name.contains(['[', ']']) {
        return parse_dynamic(name);
    }
    if name.starts_with([':', '*']) {
        return Err(malformed(
            format!("folder `{name}` starts with `{}`", &name[..1]),
            "dynamic segments are written `[name]`; a literal `:` or `*` cannot start a URL segment in axum",
        ));
    }
    // `%5Fname`: a URL segment that starts with `_` (a plain `_name` folder is private).
    let url = match name.strip_prefix("%5F") {
        Some(rest) => format!("_{rest}"),
        None => name.to_owned(),
    };
    Ok(Segment::Static(url))
}

/// `[id]`, `[...slug]`, `[[...slug]]`, or a malformed bracket.
fn parse_dynamic(name: &str) -> Result<Segment, SegmentError> {
    let (segment, inner) = if let Some(inner) =
        name.strip_prefix("[[").and_then(|n| n.strip_suffix("]]"))
    {
        match inner.strip_prefix("...") {
            Some(param) => (Segment::OptionalCatchAll(param.to_owned()), param),
            None => {
                return Err(malformed(
                    format!("optional parameter `{name}` is not supported"),
                    format!(
                        "use `[{inner}]` for one segment or `[[...{inner}]]` for an optional catch-all"
                    ),
                ));
            }
        }
    } else if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        match inner.strip_prefix("...") {
            Some(param) => (Segment::CatchAll(param.to_owned()), param),
            None => (Segment::Param(inner.to_owned()), inner),
        }
    } else {
        let partial = name.find('[').is_some_and(|i| i > 0)
            || name.rfind(']').is_some_and(|i| i + 1 < name.len());
        let help = if !partial {
            let bare = name.trim_matches(['[', ']']);
            format!("close the brackets: `[{bare}]`")
        } else {
            "a dynamic segment is a whole folder name: `[id]`, not `user-[id]`".to_owned()
        };
        return Err(malformed(
            format!("folder `{name}` has unbalanced brackets"),
            help,
        ));
    };
    if inner.contains(['[', ']']) {
        let bare = inner.trim_matches(['[', ']', '.']);
        return Err(malformed(
            format!("folder `{name}` has extra brackets"),
            format!("write `[{bare}]`, `[...{bare}]` or `[[...{bare}]]`"),
        ));
    }
    if inner.starts_with('.') {
        let bare = inner.trim_start_matches('.');
        return Err(malformed(
            format!("folder `{name}` has the wrong number of dots"),
            format!("a catch-all has three: `[...{bare}]`"),
        ));
    }
    if inner.is_empty() {
        return Err(malformed(
            format!("folder `{name}` has no parameter name"),
            match segment {
                Segment::Param(_) => "name the parameter: `[id]`",
                Segment::CatchAll(_) => "name the parameter: `[...slug]`",
                _ => "name the parameter: `[[...slug]]`",
            },
        ));
    }
    field_name(inner)?;
    Ok(segment)
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// The modules of files in a folder module (`FileKind::noun`, and the module that
/// holds the static files).
const FILE_MODULES: &[&str] = &[
    "middleware",
    "proxy",
    "route",
    "page",
    "layout",
    "not_found",
    "sitemap",
    "robots",
    "manifest",
    "icon",
    "apple_icon",
    "opengraph_image",
    "twitter_image",
    "static_files",
];

/// Names that cannot be identifiers, not even raw ones.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `postId` → `post_id`, `hello-world` → `hello_world`, `HTTPServer` → `http_server`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' {
            out.push('_');
        } else if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let boundary = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The `ctx.params` field of a parameter name (`r#type` for a keyword), or why there
/// is none.
pub(crate) fn field_name(name: &str) -> Result<String, SegmentError> {
    let invalid = |why: &str| {
        SegmentError {
        code: crate::Code::InvalidParamName,
        message: format!("parameter name `{name}` cannot become a Rust field name: {why}"),
        help: "use letters, digits, `_` and `-`, starting with a letter: `[postId]` becomes `ctx.params.post_id`".to_owned(),
    }
    };
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(invalid(&format!("it contains `{bad}`")));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(invalid("it starts with a digit"));
    }
    let snake = snake_case(name);
    if snake.trim_matches('_').is_empty() || RESERVED.contains(&snake.as_str()) {
        return Err(invalid("it is reserved in Rust"));
    }
    if KEYWORDS.contains(&snake.as_str()) {
        return Ok(format!("r#{snake}"));
    }
    Ok(snake)
}

/// Lower-case ASCII letters and digits kept, everything else `_`.
pub(crate) fn ident_chars(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The module a folder becomes: mirrors the folder name, prefixed by its kind for
/// dynamic folders, groups and slots (`[id]` → `param_id`, `(shop)` → `group_shop`).
pub(crate) fn module_name(segment: &Segment) -> String {
    let sanitize = |s: &str| {
        let mut out = ident_chars(&snake_case(s));
        if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(0, '_');
        }
        out
    };
    let name = match segment {
        Segment::Static(s) => sanitize(s),
        Segment::Param(n) => format!("param_{}", sanitize(n)),
        Segment::CatchAll(n) => format!("catch_all_{}", sanitize(n)),
        Segment::OptionalCatchAll(n) => format!("opt_catch_all_{}", sanitize(n)),
        Segment::Group(n) => format!("group_{}", sanitize(n)),
        Segment::Slot(n) => format!("slot_{}", sanitize(n)),
        Segment::MetadataId { .. } => "metadata_id".to_owned(),
    };
    // `route`, `page`, ... are the modules of the files themselves.
    if name == "_"
        || KEYWORDS.contains(&name.as_str())
        || RESERVED.contains(&name.as_str())
        || FILE_MODULES.contains(&name.as_str())
    {
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn parses_every_kind() {
        let cases = [
            ("users", Segment::Static("users".into())),
            ("robots.txt", Segment::Static("robots.txt".into())),
            ("%5Finternal", Segment::Static("_internal".into())),
            ("[id]", Segment::Param("id".into())),
            ("[...slug]", Segment::CatchAll("slug".into())),
            ("[[...slug]]", Segment::OptionalCatchAll("slug".into())),
            ("(marketing)", Segment::Group("marketing".into())),
            ("@modal", Segment::Slot("modal".into())),
        ];
        for (name, want) in cases {
            assert_eq!(parse(name), Ok(want), "{name}");
        }
    }

    #[test]
    fn rejects_malformed_brackets() {
        let cases = [
            (
                "[]",
                "folder `[]` has no parameter name",
                "name the parameter: `[id]`",
            ),
            (
                "[...]",
                "folder `[...]` has no parameter name",
                "name the parameter: `[...slug]`",
            ),
            (
                "[id",
                "folder `[id` has unbalanced brackets",
                "close the brackets: `[id]`",
            ),
            (
                "id]",
                "folder `id]` has unbalanced brackets",
                "close the brackets: `[id]`",
            ),
            (
                "[[id]]",
                "optional parameter `[[id]]` is not supported",
                "use `[id]` for one segment or `[[...id]]` for an optional catch-all",
            ),
            (
                "[..id]",
                "folder `[..id]` has the wrong number of dots",
                "a catch-all has three: `[...id]`",
            ),
            (
                "[....id]",
                "folder `[....id]` has the wrong number of dots",
                "a catch-all has three: `[...id]`",
            ),
            (
                "[[...id]",
                "folder `[[...id]` has extra brackets",
                "write `[id]`, `[...id]` or `[[...id]]`",
            ),
            (
                "[…id]",
                "folder `[…id]` uses the character `…`",
                "write three dots: `[...id]`",
            ),
            (
                "user-[id]",
                "folder `user-[id]` has unbalanced brackets",
                "a dynamic segment is a whole folder name: `[id]`, not `user-[id]`",
            ),
            (
                "()",
                "route group `()` has no name",
                "name the group: `(marketing)`",
            ),
        ];
        for (name, message, help) in cases {
            let err = parse(name).unwrap_err();
            assert_eq!(err.code, Code::MalformedSegment, "{name}");
            assert_eq!(err.message, message, "{name}");
            assert_eq!(err.help, help, "{name}");
        }
    }

    #[test]
    fn param_names_become_fields() {
        assert_eq!(field_name("id").unwrap(), "id");
        assert_eq!(field_name("postId").unwrap(), "post_id");
        assert_eq!(field_name("hello-world").unwrap(), "hello_world");
        assert_eq!(field_name("HTTPServer").unwrap(), "http_server");
        assert_eq!(field_name("type").unwrap(), "r#type");
        let err = field_name("a.b").unwrap_err();
        assert_eq!(err.code, Code::InvalidParamName);
        assert_eq!(
            err.message,
            "parameter name `a.b` cannot become a Rust field name: it contains `.`"
        );
        assert_eq!(
            field_name("1st").unwrap_err().message,
            "parameter name `1st` cannot become a Rust field name: it starts with a digit"
        );
        assert_eq!(
            field_name("self").unwrap_err().message,
            "parameter name `self` cannot become a Rust field name: it is reserved in Rust"
        );
    }

    #[test]
    fn modules_mirror_folders() {
        let cases = [
            ("users", "users"),
            ("hello-world", "hello_world"),
            ("robots.txt", "robots_txt"),
            ("2024", "_2024"),
            ("type", "type_"),
            ("route", "route_"),
            ("[id]", "param_id"),
            ("[postId]", "param_post_id"),
            ("[...slug]", "catch_all_slug"),
            ("[[...slug]]", "opt_catch_all_slug"),
            ("(marketing)", "group_marketing"),
            ("@modal", "slot_modal"),
            ("%5Fx", "_x"),
        ];
        for (folder, module) in cases {
            assert_eq!(module_name(&parse(folder).unwrap()), module, "{folder}");
        }
    }
}
