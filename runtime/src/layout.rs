//! Layouts: `layout.rs` wraps the HTML of every `page.rs` below it, and the root
//! `not-found.rs` page.

use std::fmt;

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The rendered HTML a layout wraps: the page below it, or the next layout in.
///
/// A `layout.rs` holds `pub async fn layout(children: Children, <extractors>)`, which
/// returns HTML (anything `IntoResponse` with a `text/html` content type, such as
/// [`axum::response::Html`] or a template engine's output). `children` is already HTML:
/// insert it unescaped.
///
/// ```
/// use app_router::prelude::*;
///
/// // app/layout.rs
/// pub async fn layout(children: Children) -> Html<String> {
///     Html(format!("<!DOCTYPE html><html lang=\"en\"><body>{children}</body></html>"))
/// }
/// ```
///
/// With [maud](https://docs.rs/maud), `PreEscaped(children)` inserts it
/// (`Children: AsRef<str>`); with askama, a field `children: Children` rendered with
/// `{{ children|safe }}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children(String);

impl Children {
    /// HTML, inserted as is by the layout.
    pub fn new(html: impl Into<String>) -> Self {
        Self(html.into())
    }

    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The HTML, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl AsRef<str> for Children {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Children {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Children> for String {
    fn from(children: Children) -> Self {
        children.0
    }
}

/// Wraps `inner` (a page's or an inner layout's response) in `layout`.
///
/// Only a `text/html` response with a `2xx` or `404` status is wrapped (a page that
/// answers "not found" still gets its layouts, as in Next.js); anything else (a
/// redirect, an error, JSON, text) is returned as is, as Next.js renders no layout
/// around a `redirect()`. The wrapped response keeps the inner status when the layout answers
/// `200`, and the inner headers (cookies included) other than the body's.
pub(crate) async fn wrap<F, Fut, R>(inner: Response, layout: F) -> Response
where
    F: FnOnce(Children) -> Fut,
    Fut: Future<Output = R>,
    R: IntoResponse,
{
    let is_html = inner
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"));
    let wrappable = inner.status().is_success() || inner.status() == StatusCode::NOT_FOUND;
    if !wrappable || !is_html {
        return inner;
    }
    let (mut parts, body) = inner.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "page body failed; answering 500");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let html = match String::from_utf8(bytes.to_vec()) {
        Ok(html) => html,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    let mut outer = layout(Children(html)).await.into_response();
    if outer.status() == StatusCode::OK {
        *outer.status_mut() = parts.status;
    }
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut last = None;
    for (name, value) in parts.headers {
        let name = match name {
            Some(name) => {
                last = Some(name.clone());
                name
            }
            None => match &last {
                Some(name) => name.clone(),
                None => continue,
            },
        };
        outer.headers_mut().append(name, value);
    }
    outer
}

#[cfg(test)]
mod tests {
    use axum::response::{Html, Redirect};
    use http_body_util::BodyExt;

    use super::*;

    async fn body(response: Response) -> String {
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    async fn root(children: Children) -> Html<String> {
        Html(format!("<body>{children}</body>"))
    }

    #[tokio::test]
    async fn wraps_html_and_keeps_inner_headers() {
        let mut page = (StatusCode::CREATED, Html("<p>x</p>")).into_response();
        for cookie in ["a=1", "b=2"] {
            let value = header::HeaderValue::from_static(cookie);
            page.headers_mut().append(header::SET_COOKIE, value);
        }
        let wrapped = wrap(page, root).await;
        assert_eq!(wrapped.status(), StatusCode::CREATED);
        let cookies: Vec<_> = wrapped
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(
            wrapped.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        assert_eq!(body(wrapped).await, "<body><p>x</p></body>");
    }

    #[tokio::test]
    async fn passes_through_what_is_not_successful_html() {
        let redirect = wrap(Redirect::temporary("/x").into_response(), root).await;
        assert_eq!(redirect.status(), StatusCode::TEMPORARY_REDIRECT);
        let text = wrap("plain".into_response(), root).await;
        assert_eq!(body(text).await, "plain");
        let error = wrap(
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<p>oops</p>")).into_response(),
            root,
        )
        .await;
        assert_eq!(body(error).await, "<p>oops</p>");
        let missing = wrap(
            (StatusCode::NOT_FOUND, Html("<p>gone</p>")).into_response(),
            root,
        )
        .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(body(missing).await, "<body><p>gone</p></body>");
    }
}
