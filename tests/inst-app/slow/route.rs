// Runs past its MAX_DURATION: `504`.
pub const MAX_DURATION: u64 = 1;

pub async fn GET() -> &'static str {
    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    "late"
}
