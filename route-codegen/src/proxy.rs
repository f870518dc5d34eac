//! The `MATCHER` of `proxy.rs`: Next.js' path-pattern syntax, parsed at build time into
//! what the runtime matches without a regex engine (AR403 for anything else).

use syn::spanned::Spanned;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::handlers::Source;
use crate::model::{MatchPattern, MatchSeg};

const SYNTAX: &str = "supported: literal segments (`/about`), `:name` (one segment), `:name?` (zero or one), `:name*` (any number), `:name+` (one or more), and the whole-pattern exclusion `/((?!api|_next/static|favicon.ico).*)`";

/// The parsed `MATCHER` among `items`: `None` when there is none (every path), an
/// empty list when a pattern is wrong (reported to `cx`).
pub(crate) fn matcher(
    items: &[syn::Item],
    source: Source<'_>,
    cx: &mut Diagnostics,
) -> Option<Vec<MatchPattern>> {
    let c = items.iter().find_map(|item| match item {
        syn::Item::Const(c) if c.ident == "MATCHER" => Some(c),
        _ => None,
    })?;
    let literals = match &*c.expr {
        syn::Expr::Reference(r) => match &*r.expr {
            syn::Expr::Array(array) => array
                .elems
                .iter()
                .map(|e| match e {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        },
        _ => None,
    };
    let Some(literals) = literals else {
        cx.push(
            Diagnostic::new(
                Code::InvalidMatcher,
                source.at(c.expr.span()),
                "`MATCHER` must be a list of string literals",
            )
            .help("write `pub const MATCHER: &[&str] = &[\"/api/:path*\"];`: as in Next.js, the matcher is read at build time, so it cannot use other constants or expressions"),
        );
        return Some(Vec::new());
    };
    let mut patterns = Vec::new();
    for literal in literals {
        match parse(&literal.value()) {
            Ok(pattern) => patterns.push(pattern),
            Err(why) => cx.push(
                Diagnostic::new(
                    Code::InvalidMatcher,
                    source.at(literal.span()),
                    format!("matcher pattern {:?} {why}", literal.value()),
                )
                .help(SYNTAX),
            ),
        }
    }
    Some(patterns)
}

/// One pattern, or why it is not one.
pub(crate) fn parse(pattern: &str) -> Result<MatchPattern, String> {
    let Some(rest) = pattern.strip_prefix('/') else {
        return Err("does not start with `/`".to_owned());
    };
    if let Some(inner) = rest
        .strip_prefix("((?!")
        .and_then(|r| r.strip_suffix(").*)"))
    {
        let mut prefixes = Vec::new();
        for alternative in inner.split('|') {
            let literal = alternative.replace("\\.", ".");
            if literal.is_empty()
                || literal
                    .chars()
                    .any(|c| "()[]{}*+?^$\\|".contains(c) || c.is_whitespace())
            {
                return Err(format!(
                    "has an exclusion `{alternative}` that is not a plain path prefix"
                ));
            }
            prefixes.push(literal);
        }
        return Ok(MatchPattern::Except(prefixes));
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segs = Vec::new();
    if rest.is_empty() {
        return Ok(MatchPattern::Segments(segs));
    }
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err("has an empty segment (`//`)".to_owned());
        }
        if let Some(param) = segment.strip_prefix(':') {
            let (name, seg) = match param.as_bytes().last() {
                Some(b'?') => (&param[..param.len() - 1], MatchSeg::Optional),
                Some(b'*') => (&param[..param.len() - 1], MatchSeg::Many),
                Some(b'+') => (&param[..param.len() - 1], MatchSeg::AtLeastOne),
                _ => (param, MatchSeg::One),
            };
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(format!(
                    "has a parameter `{segment}` whose name is not letters, digits and `_`"
                ));
            }
            segs.push(seg);
        } else if segment
            .chars()
            .any(|c| ":()[]{}*+?^$\\|#".contains(c) || c.is_whitespace())
        {
            return Err(format!(
                "uses syntax app-router does not support in `{segment}`"
            ));
        } else {
            segs.push(MatchSeg::Lit(segment.to_owned()));
        }
    }
    Ok(MatchPattern::Segments(segs))
}

/// The `__matcher!` input of a parsed `MATCHER` (see the runtime's `__routes!`).
pub(crate) fn tokens(matcher: Option<&[MatchPattern]>) -> String {
    let Some(patterns) = matcher else {
        return "all".to_owned();
    };
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    let patterns: Vec<String> = patterns
        .iter()
        .map(|p| match p {
            MatchPattern::Segments(segs) => {
                let segs: Vec<String> = segs
                    .iter()
                    .map(|s| match s {
                        MatchSeg::Lit(text) => lit(text),
                        MatchSeg::One => "one".to_owned(),
                        MatchSeg::Optional => "optional".to_owned(),
                        MatchSeg::Many => "many".to_owned(),
                        MatchSeg::AtLeastOne => "at_least_one".to_owned(),
                    })
                    .collect();
                format!("(segments {})", segs.join(" ")).replace("segments )", "segments)")
            }
            MatchPattern::Except(prefixes) => {
                let prefixes: Vec<String> = prefixes.iter().map(|p| lit(p)).collect();
                format!("(except {})", prefixes.join(" "))
            }
        })
        .collect();
    format!("[{}]", patterns.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nextjs_patterns_parse() {
        use MatchSeg::*;
        let seg = |p: &str| match parse(p) {
            Ok(MatchPattern::Segments(s)) => s,
            other => panic!("{p}: {other:?}"),
        };
        assert_eq!(seg("/"), []);
        assert_eq!(seg("/about"), [Lit("about".into())]);
        assert_eq!(seg("/about/"), [Lit("about".into())]);
        assert_eq!(seg("/about/:path*"), [Lit("about".into()), Many]);
        assert_eq!(
            seg("/blog/:slug/:rest+/:x?"),
            [Lit("blog".into()), One, AtLeastOne, Optional]
        );
        assert_eq!(
            parse("/((?!api|_next/static|favicon\\.ico).*)"),
            Ok(MatchPattern::Except(vec![
                "api".into(),
                "_next/static".into(),
                "favicon.ico".into()
            ]))
        );
    }

    #[test]
    fn everything_else_is_refused_with_the_reason() {
        let cases = [
            ("api", "does not start with `/`"),
            ("/a//b", "has an empty segment (`//`)"),
            (
                "/a/:",
                "has a parameter `:` whose name is not letters, digits and `_`",
            ),
            (
                "/a/:x-y",
                "has a parameter `:x-y` whose name is not letters, digits and `_`",
            ),
            (
                "/api/(.*)",
                "uses syntax app-router does not support in `(.*)`",
            ),
            (
                "/((?!a|b*).*)",
                "has an exclusion `b*` that is not a plain path prefix",
            ),
            (
                "/((?!a||b).*)",
                "has an exclusion `` that is not a plain path prefix",
            ),
        ];
        for (pattern, why) in cases {
            assert_eq!(parse(pattern), Err(why.to_owned()), "{pattern}");
        }
    }

    #[test]
    fn tokens_for_the_runtime() {
        let patterns = [
            parse("/old/:path*").unwrap(),
            parse("/").unwrap(),
            parse("/((?!_next|favicon.ico).*)").unwrap(),
        ];
        assert_eq!(
            tokens(Some(&patterns)),
            r#"[(segments "old" many), (segments), (except "_next" "favicon.ico")]"#
        );
        assert_eq!(tokens(None), "all");
    }
}
