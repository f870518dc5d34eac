use app_router::prelude::*;

pub async fn GET(request: NextRequest) -> Result<NextResponse, ResponseError> {
    let token = request.cookies().get("token");
    let mut response = NextResponse::json(&json!({ "token": token }));
    let options = CookieOptions {
        http_only: true,
        ..Default::default()
    };
    response.cookies().set("visited", "1", options)?;
    Ok(response)
}

pub async fn DELETE() -> Result<NextResponse, ResponseError> {
    let mut response = NextResponse::default().with_status(StatusCode::NO_CONTENT);
    response.cookies().delete("token")?;
    Ok(response)
}
