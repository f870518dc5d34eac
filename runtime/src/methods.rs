//! Next.js method semantics on top of axum's `MethodRouter`: automatic `HEAD` and
//! `OPTIONS`, and `405 Method Not Allowed` with an `Allow` header for every other method.

use axum::extract::OriginalUri;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header::ALLOW};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

/// The methods a route answers, given the methods it defines handlers for.
///
/// Adds `HEAD` when `GET` is defined and always adds `OPTIONS`; the result is sorted
/// in ASCII order, as Next.js sorts its automatic `Allow` header.
///
/// ```
/// use app_router::{allowed_methods, http::Method};
///
/// assert_eq!(allowed_methods(&[Method::GET]), [Method::GET, Method::HEAD, Method::OPTIONS]);
/// assert_eq!(allowed_methods(&[Method::POST]), [Method::OPTIONS, Method::POST]);
/// ```
pub fn allowed_methods(defined: &[Method]) -> Vec<Method> {
    let mut allowed: Vec<Method> = defined.to_vec();
    if defined.contains(&Method::GET) {
        allowed.push(Method::HEAD);
    }
    allowed.push(Method::OPTIONS);
    allowed.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    allowed.dedup();
    allowed
}

/// The `Allow` header value for a route: [`allowed_methods`] joined by `", "`.
///
/// ```
/// use app_router::{allow_header_value, http::Method};
///
/// assert_eq!(allow_header_value(&[Method::POST, Method::GET]), "GET, HEAD, OPTIONS, POST");
/// ```
pub fn allow_header_value(defined: &[Method]) -> String {
    join(&allowed_methods(defined))
}

fn join(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(value: String) -> HeaderValue {
    // Method names are HTTP tokens, so the joined list is always a valid header value.
    HeaderValue::try_from(value).unwrap_or_else(|_| HeaderValue::from_static("OPTIONS"))
}

/// Completes the method router of a route handler file: an automatic `OPTIONS` (unless
/// the file defines one) and a `405` with `Allow` for every method it does not serve.
///
/// `HEAD` needs nothing here: axum answers `HEAD` with the `GET` handler and drops the
/// body, and a user-defined `HEAD` is registered by the caller and wins.
///
/// `normalize_path` (dynamic routes): these answers redirect `/a/b/`, `/a//b` and
/// `/a/../b` too, like the handlers do, whatever the method.
pub(crate) fn method_router<S>(
    router: MethodRouter<S>,
    defined: &[Method],
    normalize_path: bool,
) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    let allow = header(allow_header_value(defined));
    let router = if defined.contains(&Method::OPTIONS) {
        router
    } else {
        let allow = allow.clone();
        router.options(move |OriginalUri(uri): OriginalUri| {
            let allow = allow.clone();
            async move { answer(StatusCode::NO_CONTENT, allow, &uri, normalize_path) }
        })
    };
    with_405(router, allow, normalize_path)
}

/// Completes the method router of a page: `GET` and `HEAD` only, `405` with
/// `Allow: GET, HEAD` for everything else (pages have no automatic `OPTIONS`).
pub(crate) fn page_router<S>(router: MethodRouter<S>, normalize_path: bool) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    with_405(
        router,
        HeaderValue::from_static("GET, HEAD"),
        normalize_path,
    )
}

fn with_405<S>(router: MethodRouter<S>, allow: HeaderValue, normalize_path: bool) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    // RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405
    // response". Next.js omits it; axum would list only the methods it was given.
    router.fallback(move |OriginalUri(uri): OriginalUri| {
        let allow = allow.clone();
        async move { answer(StatusCode::METHOD_NOT_ALLOWED, allow, &uri, normalize_path) }
    })
}

/// `status` with `Allow`, or the `308` of a non-canonical path.
fn answer(status: StatusCode, allow: HeaderValue, uri: &Uri, normalize_path: bool) -> Response {
    if normalize_path && let Some(location) = crate::path::redirect_target(uri) {
        return crate::path::permanent_redirect(&location);
    }
    (status, [(ALLOW, allow)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_values_match_nextjs() {
        let cases: [(&[Method], &str); 5] = [
            (&[Method::GET], "GET, HEAD, OPTIONS"),
            (&[Method::POST], "OPTIONS, POST"),
            (&[Method::HEAD], "HEAD, OPTIONS"),
            (&[], "OPTIONS"),
            (
                &[
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ],
                "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            ),
        ];
        for (defined, want) in cases {
            assert_eq!(allow_header_value(defined), want);
        }
    }
}
