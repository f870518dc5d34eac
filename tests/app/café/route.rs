use app_router::prelude::*;

pub async fn GET(request: NextRequest) -> String {
    format!("café at {}", request.next_url().pathname())
}
