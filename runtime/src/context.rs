//! `RouteContext`: the typed URL parameters of a route, Next.js' `ctx.params`.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::path::decode_segment;

/// The context a route handler receives next to the request: its URL parameters.
///
/// In a file-system app every `route.rs` and `page.rs` sees a `RouteContext` type
/// alias whose `params` are generated from the folder names, so the compiler checks
/// every field access against the route:
///
/// | folder | field | type |
/// |---|---|---|
/// | `[id]` | `params.id` | `String` |
/// | `[postId]` | `params.post_id` | `String` |
/// | `[...slug]` | `params.slug` | `Vec<String>` (one or more) |
/// | `[[...slug]]` | `params.slug` | `Option<Vec<String>>` (`None` at the parent path) |
///
/// Values are percent-decoded per segment (`a%2Fb` → `a/b`); a malformed escape is
/// answered with `400 Bad Request` before the handler runs.
///
/// ```ignore
/// // app/api/users/[id]/route.rs
/// use app_router::prelude::*;
///
/// pub async fn GET(ctx: RouteContext) -> impl IntoResponse {
///     Json(json!({ "id": ctx.params.id }))
/// }
/// ```
///
/// `RouteContext<P>` is an axum extractor for any `P: RouteParams`; the default,
/// [`NoParams`], is the context of a static route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteContext<P = NoParams> {
    /// The URL parameters of the matched route, decoded.
    pub params: P,
}

/// URL parameters that can be read from a request path; generated for every dynamic
/// route of a file-system app.
pub trait RouteParams: Sized + Send + 'static {
    /// Reads the parameters from the request path (the part the route matched).
    fn from_path(path: &str) -> Result<Self, ParamRejection>;
}

/// The parameters of a route without dynamic segments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoParams;

impl RouteParams for NoParams {
    fn from_path(_: &str) -> Result<Self, ParamRejection> {
        Ok(NoParams)
    }
}

impl<S, P> FromRequestParts<S> for RouteContext<P>
where
    S: Send + Sync,
    P: RouteParams,
{
    type Rejection = ParamRejection;

    // A ready future, not an `async fn`: no state machine per route's `Params`, which
    // the compiler would otherwise generate and optimize once per dynamic folder.
    #[allow(clippy::manual_async_fn)]
    fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        std::future::ready(P::from_path(parts.uri.path()).map(|params| RouteContext { params }))
    }
}

/// Why the URL parameters of a request could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamRejection {
    /// A parameter holds a malformed percent-escape or is not UTF-8 once decoded
    /// (`400 Bad Request`, where Next.js answers `500`).
    InvalidEncoding {
        /// The parameter's name.
        name: &'static str,
    },
    /// A parameter decodes to a value no file-system path or shell should receive: it
    /// holds a NUL byte, or `/` or `\\` separated `.` / `..` pieces
    /// (`..%2Fetc%2Fpasswd`), so joining it onto a folder could leave the folder
    /// (`400 Bad Request`). Raw dot segments never get here: they are redirected.
    UnsafeValue {
        /// The parameter's name.
        name: &'static str,
    },
    /// The path does not have the parameter: the `RouteContext` does not belong to the
    /// route it was used on (`500 Internal Server Error`).
    Missing {
        /// The parameter's name.
        name: &'static str,
    },
}

impl fmt::Display for ParamRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEncoding { name } => {
                write!(
                    f,
                    "URL parameter `{name}` is not valid percent-encoded UTF-8"
                )
            }
            Self::UnsafeValue { name } => write!(
                f,
                "URL parameter `{name}` holds a NUL byte or a `.`/`..` path segment"
            ),
            Self::Missing { name } => write!(f, "URL parameter `{name}` is missing"),
        }
    }
}

impl std::error::Error for ParamRejection {}

impl IntoResponse for ParamRejection {
    fn into_response(self) -> Response {
        let status = match self {
            Self::InvalidEncoding { .. } | Self::UnsafeValue { .. } => StatusCode::BAD_REQUEST,
            Self::Missing { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, self.to_string()).into_response()
    }
}

/// The segments of a request path, read by position (generated code only).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Segments<'a> {
    path: &'a str,
}

impl<'a> Segments<'a> {
    pub fn new(path: &'a str) -> Self {
        Self {
            path: path.strip_prefix('/').unwrap_or(path),
        }
    }

    /// The byte offset of segment `index`, if the path has it.
    fn start(&self, index: usize) -> Option<usize> {
        let mut at = 0;
        for _ in 0..index {
            at += self.path[at..].find('/')? + 1;
        }
        (at < self.path.len()).then_some(at)
    }

    /// `[name]` at position `index`.
    pub fn param(&self, index: usize, name: &'static str) -> Result<String, ParamRejection> {
        let start = self.start(index).ok_or(ParamRejection::Missing { name })?;
        let raw = self.path[start..].split('/').next().unwrap_or_default();
        decode(raw, name)
    }

    /// `[...name]` from position `index` to the end.
    pub fn catch_all(
        &self,
        index: usize,
        name: &'static str,
    ) -> Result<Vec<String>, ParamRejection> {
        self.optional_catch_all(index, name)?
            .ok_or(ParamRejection::Missing { name })
    }

    /// `[[...name]]` from position `index` to the end; `None` when the path ends before it.
    pub fn optional_catch_all(
        &self,
        index: usize,
        name: &'static str,
    ) -> Result<Option<Vec<String>>, ParamRejection> {
        let Some(start) = self.start(index) else {
            return Ok(None);
        };
        let rest = &self.path[start..];
        let mut segments = Vec::with_capacity(rest.bytes().filter(|&b| b == b'/').count() + 1);
        for raw in rest.split('/') {
            segments.push(decode(raw, name)?);
        }
        Ok(Some(segments))
    }
}

/// One decoded segment of a parameter, or why it is rejected.
fn decode(raw: &str, name: &'static str) -> Result<String, ParamRejection> {
    let value = decode_segment(raw).ok_or(ParamRejection::InvalidEncoding { name })?;
    // Raw dot segments are redirected before the handler runs; this catches the
    // escaped forms (`..%2F..`, `%00`) that reach a parameter.
    if is_unsafe(&value) {
        return Err(ParamRejection::UnsafeValue { name });
    }
    Ok(value)
}

/// A NUL byte, or a `.` / `..` piece between `/` or `\\`.
fn is_unsafe(value: &str) -> bool {
    value.contains('\0') || value.split(['/', '\\']).any(|p| p == "." || p == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_params_by_position() {
        let s = Segments::new("/api/users/42/posts/a%20b");
        assert_eq!(s.param(2, "id").unwrap(), "42");
        assert_eq!(s.param(4, "post_id").unwrap(), "a b");
        assert_eq!(s.param(5, "x"), Err(ParamRejection::Missing { name: "x" }));
    }

    #[test]
    fn reads_catch_alls() {
        let s = Segments::new("/api/files/a%2Fb/c/%C3%A9");
        assert_eq!(s.catch_all(2, "path").unwrap(), ["a/b", "c", "é"]);
        let root = Segments::new("/api/docs");
        assert_eq!(root.optional_catch_all(2, "slug").unwrap(), None);
        assert_eq!(
            root.catch_all(2, "slug"),
            Err(ParamRejection::Missing { name: "slug" })
        );
        assert_eq!(
            Segments::new("/api/files/a/%zz").catch_all(2, "path"),
            Err(ParamRejection::InvalidEncoding { name: "path" })
        );
    }

    #[test]
    fn rejects_values_that_leave_a_folder() {
        let unsafe_value = ParamRejection::UnsafeValue { name: "p" };
        for path in [
            "/f/..%2Fetc%2Fpasswd",
            "/f/a%2F..%2F..",
            "/f/a%5C..",
            "/f/%2e%2e%2f",
            "/f/a%00b",
            "/f/%00",
        ] {
            let s = Segments::new(path);
            assert_eq!(s.param(1, "p"), Err(unsafe_value.clone()), "{path}");
            assert_eq!(s.catch_all(1, "p"), Err(unsafe_value.clone()), "{path}");
        }
        // Dots that are names stay; an escaped slash between names stays (Next.js).
        let s = Segments::new("/f/..a%2F.b/.../a%2Fb");
        assert_eq!(s.catch_all(1, "p").unwrap(), ["..a/.b", "...", "a/b"]);
    }
}
