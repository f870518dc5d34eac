//! The app's proxy: redirects `/old/*`, rewrites, answers, and adds headers.
use app_router::prelude::*;

pub const MATCHER: &[&str] = &[
    "/old/:path*",
    "/rewrite-me",
    "/rewrite-missing",
    "/answer",
    "/next-headers/:rest*",
    "/bad-rewrite",
    "/proxy-panic",
    "/echo",
    "/cached-proxied",
];

pub async fn proxy(request: NextRequest) -> Result<NextResponse, ResponseError> {
    let url = request.next_url();
    let path = url.pathname().to_owned();
    if let Some(rest) = path.strip_prefix("/old/") {
        return NextResponse::redirect(&url.join(&format!("/new/{rest}"))?);
    }
    match path.as_str() {
        "/rewrite-me" => NextResponse::rewrite("/open?from=proxy")?
            .with_request_header("x-from-proxy", "yes")?
            .with_header("x-proxy", "rewrote"),
        "/rewrite-missing" => NextResponse::rewrite("/nowhere"),
        "/answer" => NextResponse::new("answered by the proxy")
            .with_status(StatusCode::IM_A_TEAPOT)
            .with_header("x-proxy", "answered"),
        "/bad-rewrite" => NextResponse::rewrite("https://evil.example/steal"),
        "/proxy-panic" => panic!("proxy failed"),
        "/cached-proxied" => {
            Ok(NextResponse::new("the proxy answers").with_status(StatusCode::ACCEPTED))
        }
        _ => {
            let mut response = NextResponse::next()
                .with_header("x-proxy", "next")?
                .with_request_header("x-from-proxy", "yes")?;
            response
                .cookies()
                .set("proxied", "1", CookieOptions::default())?;
            Ok(response)
        }
    }
}
