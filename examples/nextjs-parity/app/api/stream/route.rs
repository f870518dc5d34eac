use std::convert::Infallible;
use std::time::Duration;

use app_router::prelude::*;
use futures_util::StreamExt;

pub async fn GET() -> Result<NextResponse, ResponseError> {
    let chunks = futures_util::stream::iter(["a", "b", "c"]).then(|part| async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Ok::<_, Infallible>(part)
    });
    NextResponse::stream(chunks).with_header("content-type", "text/plain")
}
