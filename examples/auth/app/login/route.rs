//! `/login`: `POST password=...` sets the session cookie and redirects to the dashboard.
use app_router::prelude::*;
use serde::Deserialize;

use crate::AppState;

/// The login form.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct Login {
    password: String,
}

/// Logs in: sets the session cookie.
///
/// Answers `303` to `/dashboard`, or `403` for a wrong password.
pub async fn POST(
    State(state): State<AppState>,
    Form(login): Form<Login>,
) -> Result<NextResponse, HandlerError> {
    if login.password != *state.password {
        return Err(forbidden().into());
    }
    let mut response = NextResponse::default()
        .with_status(StatusCode::SEE_OTHER)
        .with_header("location", "/dashboard")?;
    let options = CookieOptions {
        http_only: true,
        same_site: Some(SameSite::Lax),
        ..CookieOptions::default()
    };
    response.cookies().set("session", &state.session, options)?;
    Ok(response)
}
