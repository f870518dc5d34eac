use app_router::prelude::*;

// The URL as the client sees it, built from the request's authority.
pub async fn GET(request: NextRequest) -> String {
    request.url()
}

// A redirect resolved against the request URL.
pub async fn POST(url: NextUrl) -> Result<NextResponse, ResponseError> {
    url.redirect("/api/users/1")
}
