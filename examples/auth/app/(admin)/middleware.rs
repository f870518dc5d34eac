//! The gate of the `(admin)` group: the session cookie, or `401`.
use app_router::prelude::*;

use crate::AppState;

pub async fn middleware(
    State(state): State<AppState>,
    cookies: RequestCookies,
    request: Request,
    next: Next,
) -> Result<Response, Interrupt> {
    if cookies.get("session") != Some(&*state.session) {
        return Err(unauthorized());
    }
    Ok(next.run(request).await)
}
