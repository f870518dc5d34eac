//! `/interrupts?what=...`: every interrupt, raised two helpers down, with a cookie set
//! through `cookies()` before it.
use app_router::prelude::*;

fn deepest(what: &str) -> Result<(), Interrupt> {
    match what {
        "not-found" => Err(not_found()),
        "unauthorized" => Err(unauthorized()),
        "forbidden" => Err(forbidden()),
        "redirect" => Err(redirect("/login?next=/a b")),
        "permanent" => Err(permanent_redirect("https://example.com/moved")),
        _ => Ok(()),
    }
}

fn helper(what: &str) -> Result<&'static str, Interrupt> {
    deepest(what)?;
    Ok("no interrupt")
}

fn what(request: &NextRequest) -> String {
    let url = request.next_url();
    let params = url.search_params();
    params.get("what").unwrap_or_default().to_owned()
}

pub async fn GET(request: NextRequest) -> Result<String, Interrupt> {
    if let Ok(cookies) = app_router::cookies() {
        cookies.set("seen", "1", CookieOptions::default()).ok();
    }
    Ok(helper(&what(&request))?.to_owned())
}

/// The same helpers from a handler whose error type is `HandlerError`.
pub async fn POST(request: NextRequest) -> Result<String, HandlerError> {
    Ok(helper(&what(&request))?.to_owned())
}
