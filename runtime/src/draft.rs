//! Draft mode: `draftMode()` of `next/headers`. A visitor with the draft-mode cookie
//! sees every cached route and `#[cache]` function rendered fresh for their request,
//! and nothing rendered for them is stored.

use std::sync::{Arc, OnceLock};

use axum::http::{HeaderMap, header};

use crate::response::{CookieOptions, SameSite};
use crate::scope::{OutsideRequest, RequestContext};

/// The cookie that carries draft mode, as in Next.js.
pub const DRAFT_MODE_COOKIE: &str = "__prerender_bypass";

/// The environment variable that sets the draft-mode secret: give every instance of an
/// app behind one load balancer the same value (at least 16 characters), so that a
/// cookie one instance set is honoured by all. Without it each process draws a random
/// secret at first use, as `next build` draws its `previewModeId`.
pub const DRAFT_MODE_SECRET_ENV: &str = "APP_ROUTER_DRAFT_SECRET";

/// The value of an enabled draft-mode cookie.
fn secret() -> &'static str {
    static SECRET: OnceLock<String> = OnceLock::new();
    SECRET.get_or_init(|| {
        if let Ok(value) = std::env::var(DRAFT_MODE_SECRET_ENV) {
            let usable = value.len() >= 16
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b));
            if usable {
                return value;
            }
            tracing::error!(
                "{DRAFT_MODE_SECRET_ENV} must be at least 16 characters of [A-Za-z0-9-_.~]; using a random secret"
            );
        }
        let mut bytes = [0u8; 16];
        if let Err(err) = getrandom::fill(&mut bytes) {
            // No randomness: a secret nobody can guess is still required, so draft
            // mode stays off (no cookie can match an empty secret).
            tracing::error!(%err, "no system randomness for the draft-mode secret; draft mode is off");
            return String::new();
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// Whether the request carries the enabled draft-mode cookie. Cheap when it does not:
/// requests without the cookie's name in a `Cookie` header are rejected by one scan.
pub(crate) fn requested(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|value| {
        let bytes = value.as_bytes();
        if !bytes
            .windows(DRAFT_MODE_COOKIE.len())
            .any(|w| w == DRAFT_MODE_COOKIE.as_bytes())
        {
            return false;
        }
        let secret = secret();
        bytes.split(|&b| b == b';').any(|pair| {
            let pair = pair.trim_ascii();
            pair.strip_prefix(DRAFT_MODE_COOKIE.as_bytes())
                .and_then(|rest| rest.strip_prefix(b"="))
                .is_some_and(|value| {
                    !secret.is_empty() && constant_time_eq(value, secret.as_bytes())
                })
        })
    })
}

/// Compares without an early exit, so the time taken says nothing of the secret.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the request being handled on this thread is in draft mode (false outside a
/// request). `#[cache]` functions check it.
pub(crate) fn current() -> bool {
    crate::scope::with_context("draft_mode", RequestContext::draft).unwrap_or(false)
}

/// The draft mode of the current request (`draftMode()` of `next/headers`), from any
/// function a handler awaits.
///
/// While it is enabled for a visitor, cached `GET` routes and `#[cache]` functions run
/// fresh for each of their requests (with their headers and cookies, and
/// `Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate`) and store
/// nothing; other visitors keep getting the cache. Protect the route that enables it
/// (a secret token, as the Next.js docs show): anyone with the cookie bypasses the cache.
///
/// ```
/// use app_router::prelude::*;
///
/// // app/api/draft/route.rs
/// pub async fn GET(request: NextRequest) -> Result<NextResponse, HandlerError> {
///     if request.next_url().search_params().get("secret") != Some("MY_SECRET_TOKEN") {
///         return Ok(NextResponse::new("Invalid token").with_status(StatusCode::UNAUTHORIZED));
///     }
///     app_router::draft_mode()?.enable();
///     Ok(NextResponse::redirect("/posts")?)
/// }
/// ```
pub fn draft_mode() -> Result<DraftMode, OutsideRequest> {
    crate::scope::current_context("draft_mode").map(DraftMode)
}

/// The handle [`draft_mode`] returns.
#[derive(Debug, Clone)]
pub struct DraftMode(Arc<RequestContext>);

impl DraftMode {
    /// Whether the request came with the enabled draft-mode cookie. As in Next.js it
    /// does not change when [`enable`](Self::enable) or [`disable`](Self::disable) is
    /// called during the request: the cookie takes effect from the next request.
    pub fn is_enabled(&self) -> bool {
        self.0.draft()
    }

    /// Sets the draft-mode cookie on the response:
    /// `__prerender_bypass=<secret>; HttpOnly; SameSite=None; Secure; Path=/` (in a
    /// debug build, as under `next dev`: `SameSite=Lax` and no `Secure`, so that it
    /// works over plain `http://localhost`).
    pub fn enable(&self) {
        self.0
            .set_cookie(DRAFT_MODE_COOKIE, secret(), options(None));
    }

    /// Expires the draft-mode cookie: the same attributes, an empty value and
    /// `Expires=Thu, 01 Jan 1970 00:00:00 GMT`.
    pub fn disable(&self) {
        self.0
            .set_cookie(DRAFT_MODE_COOKIE, "", options(Some(std::time::UNIX_EPOCH)));
    }
}

/// The cookie attributes of Next.js: production `SameSite=None; Secure`, development
/// `SameSite=Lax`.
fn options(expires: Option<std::time::SystemTime>) -> CookieOptions {
    let development = cfg!(debug_assertions);
    CookieOptions {
        http_only: true,
        secure: !development,
        same_site: Some(if development {
            SameSite::Lax
        } else {
            SameSite::None
        }),
        path: Some("/".to_owned()),
        expires,
        ..CookieOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_cookie(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn only_the_secret_enables_draft_mode() {
        let secret = secret();
        assert_eq!(secret.len(), 32);
        assert!(requested(&with_cookie(&format!(
            "{DRAFT_MODE_COOKIE}={secret}"
        ))));
        assert!(requested(&with_cookie(&format!(
            "a=1; {DRAFT_MODE_COOKIE}={secret}; b=2"
        ))));
        assert!(!requested(&with_cookie(&format!(
            "{DRAFT_MODE_COOKIE}=x{secret}"
        ))));
        assert!(!requested(&with_cookie(&format!("{DRAFT_MODE_COOKIE}="))));
        assert!(!requested(&with_cookie(&format!(
            "x{DRAFT_MODE_COOKIE}={secret}"
        ))));
        assert!(!requested(&with_cookie("a=1")));
        assert!(!requested(&HeaderMap::new()));
    }
}
