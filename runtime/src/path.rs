//! URL path rules that Next.js applies before matching: no trailing slash, no
//! repeated slashes, and strict percent-decoding of parameters.

use std::borrow::Cow;

use axum::extract::OriginalUri;
use axum::http::{Extensions, HeaderValue, StatusCode, Uri, header::LOCATION};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

/// Where a non-canonical path must be redirected, keeping the query: `/x/` → `/x`,
/// `//x` → `/x`, `/a\b` → `/a/b`, `/a/./b/../c` → `/a/c`; `None` when the path is
/// canonical.
///
/// Next.js answers the slash forms with `308` (`trailingSlash: false`, the default, and
/// the repeated-slash rule of `resolve-routes.ts`). Dot segments are removed as the
/// WHATWG URL parser does (RFC 3986 §5.2.4), with `%2e` counted as `.`, and answered
/// with the same `308`: a browser never sends them, and a handler never sees `..` as a
/// parameter.
pub(crate) fn redirect_target(uri: &Uri) -> Option<String> {
    let path = uri.path();
    let needs = (path.len() > 1 && path.ends_with('/'))
        || path.contains("//")
        || path.contains('\\')
        || path.split('/').any(|s| dots(s).is_some());
    if !needs {
        return None;
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split(['/', '\\']).filter(|s| !s.is_empty()) {
        match dots(segment) {
            Some(Dots::One) => {}
            Some(Dots::Two) => {
                kept.pop();
            }
            None => kept.push(segment),
        }
    }
    let mut out = String::with_capacity(path.len());
    for segment in kept {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() {
        out.push('/');
    }
    if let Some(query) = uri.query() {
        out.push('?');
        out.push_str(query);
    }
    Some(out)
}

/// A dot segment: `.` or `..`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dots {
    One,
    Two,
}

/// Whether `segment` is a dot segment as the WHATWG URL parser sees it: `.`, `%2e`,
/// `..`, `.%2e`, `%2e.`, `%2e%2e` (any case).
fn dots(segment: &str) -> Option<Dots> {
    let one = |s: &[u8]| s == b"." || s.eq_ignore_ascii_case(b"%2e");
    let b = segment.as_bytes();
    match b.len() {
        1 | 3 if one(b) => Some(Dots::One),
        2 if b == b".." => Some(Dots::Two),
        4 if (one(&b[..1]) && one(&b[1..])) || (one(&b[..3]) && one(&b[3..])) => Some(Dots::Two),
        6 if one(&b[..3]) && one(&b[3..]) => Some(Dots::Two),
        _ => None,
    }
}

/// The `308` of a non-canonical request path (see [`redirect_target`]), computed on
/// the URL the client sent: under `Router::nest` the prefix is kept in `Location`.
pub(crate) fn canonical_redirect(uri: &Uri, extensions: &Extensions) -> Option<Response> {
    let uri = extensions.get::<OriginalUri>().map_or(uri, |o| &o.0);
    redirect_target(uri).map(|location| permanent_redirect(&location))
}

/// `308 Permanent Redirect` to `location`.
pub(crate) fn permanent_redirect(location: &str) -> Response {
    match HeaderValue::try_from(location) {
        Ok(value) => (StatusCode::PERMANENT_REDIRECT, [(LOCATION, value)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The router's fallback: redirects non-canonical paths, `404` with an empty body
/// otherwise.
///
/// A plain `Service` with a ready future rather than a handler: no extractor, no
/// method router, no boxed future of its own, so an unmatched URL costs what axum's
/// built-in `404` does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotFound;

impl tower_service::Service<axum::extract::Request> for NotFound {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: axum::extract::Request) -> Self::Future {
        std::future::ready(Ok(canonical_redirect(req.uri(), req.extensions())
            .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())))
    }
}

/// Percent-decodes one path segment the way `decodeURIComponent` does: every `%` must
/// start a two-digit hex escape and the bytes must be UTF-8, or the segment is rejected.
pub(crate) fn decode_segment(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'%') else {
        // The common case: nothing to decode.
        return Some(raw.to_owned());
    };
    let mut i = first;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'%') {
        let at = i + offset;
        let hex = bytes.get(at + 1..at + 3)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        i = at + 3;
    }
    match percent_decode_str(raw).decode_utf8().ok()? {
        Cow::Borrowed(s) => Some(s.to_owned()),
        Cow::Owned(s) => Some(s),
    }
}

/// Characters `encodeURIComponent` escapes, minus those it leaves (`-_.!~*'()`).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// One path segment of a URL built from params (`generate_static_params`), encoded
/// as `encodeURIComponent` does, so that `decode_segment` gives the value back.
pub fn encode_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// The one spelling of a path that the response cache keys on and renders with: each
/// segment decoded, then encoded as [`encode_segment`] does, so `/isr/%31`, `/isr/1`
/// and `/isr/%7e` vs `/isr/~` are one entry each. A segment that does not decode (a
/// bad escape, not UTF-8) is kept as it came; its handler answers `400` anyway.
pub(crate) fn canonical_path(path: &str) -> Cow<'_, str> {
    // The bytes `encode_segment` leaves as they are, plus the separator.
    let canonical = |b: u8| b.is_ascii_alphanumeric() || b"/-_.!~*'()".contains(&b);
    if path.bytes().all(canonical) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match decode_segment(segment) {
            Some(value) => out.push_str(&encode_segment(&value)),
            None => out.push_str(segment),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_paths_are_one_spelling_per_value() {
        assert!(matches!(
            canonical_path("/api/isr/1"),
            Cow::Borrowed("/api/isr/1")
        ));
        assert_eq!(canonical_path("/api/isr/%31"), "/api/isr/1");
        assert_eq!(canonical_path("/api/%69sr/%7e%7E"), "/api/isr/~~");
        assert_eq!(canonical_path("/blog/a:b"), "/blog/a%3Ab");
        assert_eq!(canonical_path("/blog/a%3ab"), "/blog/a%3Ab");
        assert_eq!(canonical_path("/blog/caf%c3%a9"), "/blog/caf%C3%A9");
        assert_eq!(canonical_path("/f/a%2Fb/c"), "/f/a%2Fb/c");
        // Not decodable: kept as sent (and answered 400 by the handler).
        assert_eq!(canonical_path("/f/%zz/%31"), "/f/%zz/1");
        assert_eq!(canonical_path("/f/%ff"), "/f/%ff");
        assert_eq!(canonical_path("/"), "/");
    }

    fn target(uri: &str) -> Option<String> {
        redirect_target(&uri.parse::<Uri>().unwrap())
    }

    #[test]
    fn redirects_trailing_and_repeated_slashes() {
        assert_eq!(target("/api/hello/"), Some("/api/hello".into()));
        assert_eq!(target("/api/hello/?a=1&b"), Some("/api/hello?a=1&b".into()));
        assert_eq!(target("//api//hello"), Some("/api/hello".into()));
        assert_eq!(target("//"), Some("/".into()));
        assert_eq!(target("/"), None);
        assert_eq!(target("/api/hello?x=/"), None);
    }

    #[test]
    fn removes_dot_segments_like_the_url_parser() {
        assert_eq!(target("/a/./b"), Some("/a/b".into()));
        assert_eq!(target("/a/b/../c?q=1"), Some("/a/c?q=1".into()));
        assert_eq!(
            target("/files/../../etc/passwd"),
            Some("/etc/passwd".into())
        );
        assert_eq!(target("/a/%2e%2E/b"), Some("/b".into()));
        assert_eq!(target("/a/.%2e/b"), Some("/b".into()));
        assert_eq!(target("/a/%2E./b"), Some("/b".into()));
        assert_eq!(target("/a/%2e/b"), Some("/a/b".into()));
        assert_eq!(target("/a/b/.."), Some("/a".into()));
        assert_eq!(target("/.."), Some("/".into()));
        assert_eq!(target("/a\\..\\b"), Some("/b".into()));
        // Dots inside a segment are names, not dot segments.
        assert_eq!(target("/a/.../b"), None);
        assert_eq!(target("/a/..b/.c"), None);
        assert_eq!(target("/hello.json"), None);
        assert_eq!(target("/a/%2e%2e%2e"), None);
        assert_eq!(target("/a/%2f"), None);
    }

    #[test]
    fn decodes_strictly() {
        assert_eq!(decode_segment("a%20b").as_deref(), Some("a b"));
        assert_eq!(decode_segment("a%2Fb").as_deref(), Some("a/b"));
        assert_eq!(decode_segment("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode_segment("plain").as_deref(), Some("plain"));
        assert_eq!(decode_segment("%zz"), None);
        assert_eq!(decode_segment("%4"), None);
        assert_eq!(decode_segment("abc%"), None);
        assert_eq!(decode_segment("%FF"), None);
    }
}
