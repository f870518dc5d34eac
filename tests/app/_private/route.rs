pub async fn GET() -> &'static str {
    "private"
}
