use app_router::prelude::*;

pub async fn GET(url: NextUrl) -> Result<NextResponse, ResponseError> {
    // `NextResponse.redirect(new URL('/api/hello', request.url))`
    url.redirect("/api/hello")
}
